//! How everything looks, the same in the window and in figures: each kind's colour-blind-safe colour
//! and a shape that tells kinds apart in grayscale, the sizes and widths of marks, bars, connectors
//! and labels, and the colours of each theme.

use crate::model::Kind;

/// A marker shape; with `filled` it gives each kind a form of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A round dot.
    Circle,
    /// A square.
    Square,
    /// A square standing on a corner.
    Diamond,
    /// A triangle pointing up.
    Up,
    /// A triangle pointing down.
    Down,
    /// A triangle pointing left.
    Left,
    /// A triangle pointing right.
    Right,
    /// An ×.
    Cross,
    /// A +.
    Plus,
    /// A six-pointed star of lines.
    Asterisk,
}

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// How a kind's marks are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkStyle {
    /// The shape.
    pub shape: Shape,
    /// Solid or outlined (line shapes ignore this).
    pub filled: bool,
    /// The colour, from the Okabe–Ito palette (safe for the common forms of colour blindness).
    pub color: Rgb,
}

const BLUE: Rgb = [0x00, 0x72, 0xB2];
const SKY: Rgb = [0x56, 0xB4, 0xE9];
const GREEN: Rgb = [0x00, 0x9E, 0x73];
const ORANGE: Rgb = [0xE6, 0x9F, 0x00];
const VERMILLION: Rgb = [0xD5, 0x5E, 0x00];
const PURPLE: Rgb = [0xCC, 0x79, 0xA7];
const GREY: Rgb = [0x88, 0x88, 0x88];

/// The style of a kind. No two kinds share both shape and fill.
pub fn mark_style(kind: Kind) -> MarkStyle {
    let (shape, filled, color) = match kind {
        Kind::Treaty => (Shape::Circle, true, BLUE),
        Kind::Declaration => (Shape::Diamond, true, SKY),
        Kind::JointStatement => (Shape::Square, true, GREEN),
        Kind::Ceasefire => (Shape::Plus, true, ORANGE),
        Kind::Agreement => (Shape::Circle, false, BLUE),
        Kind::Membership => (Shape::Up, true, PURPLE),
        Kind::Withdrawal => (Shape::Down, true, PURPLE),
        Kind::Recognition => (Shape::Right, true, VERMILLION),
        Kind::Annexation => (Shape::Cross, true, VERMILLION),
        Kind::Conflict => (Shape::Asterisk, true, VERMILLION),
        Kind::Summit => (Shape::Square, false, GREEN),
        Kind::PartnershipFramework => (Shape::Diamond, false, SKY),
        Kind::Sanctions => (Shape::Left, true, GREY),
        Kind::Other => (Shape::Up, false, GREY),
    };
    MarkStyle { shape, filled, color }
}

/// A shape's geometry in unit coordinates (radius 1, y down), so every painter draws the same marker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outline {
    /// A circle of radius 1.
    Circle,
    /// A closed polygon through these corners.
    Polygon(&'static [(f64, f64)]),
    /// Separate strokes from (x1, y1) to (x2, y2); these shapes have no inside.
    Strokes(&'static [(f64, f64, f64, f64)]),
}

const D: f64 = std::f64::consts::FRAC_1_SQRT_2;
/// sin 60°, for triangles and the asterisk.
const H: f64 = 0.866;

/// The geometry of a shape.
pub fn outline(shape: Shape) -> Outline {
    match shape {
        Shape::Circle => Outline::Circle,
        Shape::Square => Outline::Polygon(&[(-D, -D), (D, -D), (D, D), (-D, D)]),
        Shape::Diamond => Outline::Polygon(&[(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]),
        Shape::Up => Outline::Polygon(&[(0.0, -1.0), (H, 0.5), (-H, 0.5)]),
        Shape::Down => Outline::Polygon(&[(0.0, 1.0), (-H, -0.5), (H, -0.5)]),
        Shape::Left => Outline::Polygon(&[(-1.0, 0.0), (0.5, -H), (0.5, H)]),
        Shape::Right => Outline::Polygon(&[(1.0, 0.0), (-0.5, H), (-0.5, -H)]),
        Shape::Cross => Outline::Strokes(&[(-D, -D, D, D), (-D, D, D, -D)]),
        Shape::Plus => Outline::Strokes(&[(-1.0, 0.0, 1.0, 0.0), (0.0, -1.0, 0.0, 1.0)]),
        Shape::Asterisk => Outline::Strokes(&[(0.0, -1.0, 0.0, 1.0), (-H, -0.5, H, 0.5), (-H, 0.5, H, -0.5)]),
    }
}

/// Radius of an event's marker, in pixels.
pub const MARK_RADIUS_PX: f64 = 5.0;
/// Width of a marker's outline, before the theme's line width.
pub const MARK_STROKE_PX: f64 = 1.5;
/// Width of the strokes of line-only markers (×, +, ✱).
pub const MARK_LINE_PX: f64 = 2.0;
/// How far outside the marker the selection's ring is drawn.
pub const RING_GAP_PX: f64 = 4.0;
/// Width of a connector joining an event's lanes, and of the selected event's.
pub const CONNECTOR_PX: (f64, f64) = (1.0, 2.5);
/// Width of a span's bar, and of the selected event's.
pub const BAR_PX: (f64, f64) = (6.0, 9.0);
/// How opaque a bar is.
pub const BAR_OPACITY: f64 = 0.55;
/// Width of the faint bar across the period of a date known only to the month or year.
pub const WHISKER_PX: f64 = 2.0;
/// How opaque that bar is.
pub const WHISKER_OPACITY: f64 = 0.35;
/// Width of the leader from a marker up to its label in a higher row.
pub const LEADER_PX: f64 = 0.75;
/// Size of label text, in pixels.
pub const LABEL_SIZE_PX: f64 = 12.0;

/// The colours for a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Dark text on white.
    Light,
    /// Light text on near-black.
    Dark,
    /// Black on white with thin lines, for print.
    Print,
}

/// Everything's colour but the events' own, and the width lines are scaled by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub background: Rgb,
    pub text: Rgb,
    /// Secondary text: axis, source lines.
    pub weak: Rgb,
    pub grid: Rgb,
    /// Connectors and leaders.
    pub connector: Rgb,
    /// The bars of density strips.
    pub density: Rgb,
    /// The selected event's ring, connector and label.
    pub highlight: Rgb,
    /// Lines are this many times their width (thinner for print).
    pub line_width: f64,
}

/// The colours of `ink`.
pub fn palette(ink: Ink) -> Palette {
    match ink {
        Ink::Light => Palette {
            background: [0xff, 0xff, 0xff],
            text: [0x1e, 0x1e, 0x1e],
            weak: [0x66, 0x66, 0x66],
            grid: [0xe2, 0xe2, 0xe2],
            connector: [0xaa, 0xaa, 0xaa],
            density: BLUE,
            highlight: [200, 40, 40],
            line_width: 1.0,
        },
        Ink::Dark => Palette {
            background: [0x1b, 0x1b, 0x1b],
            text: [0xe6, 0xe6, 0xe6],
            weak: [0xa0, 0xa0, 0xa0],
            grid: [0x3a, 0x3a, 0x3a],
            connector: [0x77, 0x77, 0x77],
            density: SKY,
            highlight: [255, 220, 80],
            line_width: 1.0,
        },
        Ink::Print => Palette {
            background: [0xff, 0xff, 0xff],
            text: [0, 0, 0],
            weak: [0, 0, 0],
            grid: [0xbb, 0xbb, 0xbb],
            connector: [0, 0, 0],
            density: [0x55, 0x55, 0x55],
            highlight: [200, 40, 40],
            line_width: 0.5,
        },
    }
}

/// The colour of eras shaded behind the events, alternating.
pub fn era_shade(i: usize) -> Rgb {
    if i.is_multiple_of(2) { [0x78, 0x96, 0xc8] } else { [0xc8, 0xaa, 0x6e] }
}

/// How opaque an era's shade is.
pub const ERA_OPACITY: f64 = 0.12;

/// How an arc of lineage is drawn: each relation with a style of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkStyle {
    pub color: Rgb,
    pub width_px: f64,
    /// Dashes: drawn and gap lengths in pixels; `None` for a solid line.
    pub dash_px: Option<(f64, f64)>,
}

/// The arc of each relation.
pub fn link_style(relation: crate::model::Relation) -> LinkStyle {
    use crate::model::Relation;
    let (color, width_px, dash_px) = match relation {
        Relation::BuildsOn => ([0x6a, 0x3d, 0x9a], 2.0, None),
        Relation::Amends => ([0x6a, 0x3d, 0x9a], 1.5, Some((8.0, 3.0))),
        Relation::Implements => (GREEN, 1.5, Some((6.0, 3.0))),
        Relation::Ends => (VERMILLION, 2.5, None),
        Relation::RespondsTo => (ORANGE, 1.5, Some((3.0, 3.0))),
        Relation::RefersTo => (GREY, 1.25, Some((1.5, 3.0))),
        Relation::PartOf => (SKY, 1.5, Some((1.5, 3.0))),
    };
    LinkStyle { color, width_px, dash_px }
}

/// The control point of the arc from `from` to `to` (pixels, y down): a quadratic curve that rises
/// above both ends by a third of their distance (16 to 90 px), so arcs stand clear of the lanes;
/// where that would leave the drawing (above `top`), it bows down below both ends instead.
pub fn arc_control(from: (f64, f64), to: (f64, f64), top: f64) -> (f64, f64) {
    let distance = (to.0 - from.0).hypot(to.1 - from.1);
    let rise = (distance / 3.0).clamp(16.0, 90.0);
    let above = from.1.min(to.1) - rise;
    // The curve reaches half-way to its control point.
    let y = if above + rise / 2.0 < top { from.1.max(to.1) + rise } else { above };
    (f64::midpoint(from.0, to.0), y)
}

/// The arc from `from` to `to` as `steps + 1` points along it (see [`arc_control`]).
pub fn arc_points(from: (f64, f64), to: (f64, f64), top: f64, steps: usize) -> Vec<(f64, f64)> {
    let control = arc_control(from, to, top);
    (0..=steps)
        .map(|step| {
            let along = step as f64 / steps.max(1) as f64;
            // The quadratic Bézier's weights for its start, control point and end.
            let weights = ((1.0 - along).powi(2), 2.0 * (1.0 - along) * along, along.powi(2));
            let at = |start: f64, middle: f64, end: f64| weights.0 * start + weights.1 * middle + weights.2 * end;
            (at(from.0, control.0, to.0), at(from.1, control.1, to.1))
        })
        .collect()
}

/// How a stretch of a lifecycle is drawn: the same in the window and in figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifeStyle {
    /// Line width in pixels.
    pub width_px: f64,
    /// Dashes: drawn and gap lengths in pixels; `None` for a solid line.
    pub dash_px: Option<(f64, f64)>,
    /// How opaque the kind's colour is.
    pub opacity: f64,
}

/// The line for each status: dashed while only signed, solid in force, dotted while suspended,
/// faint and dotted where the sources do not say whether it entered into force (unknown is not
/// "never").
pub fn life_style(status: crate::model::Status) -> LifeStyle {
    use crate::model::Status;
    match status {
        Status::InForce => LifeStyle { width_px: 2.5, dash_px: None, opacity: 0.9 },
        Status::Signed => LifeStyle { width_px: 1.5, dash_px: Some((6.0, 4.0)), opacity: 0.8 },
        Status::Suspended => LifeStyle { width_px: 2.0, dash_px: Some((2.0, 3.0)), opacity: 0.9 },
        Status::Unknown | Status::NotYet | Status::Ended => {
            LifeStyle { width_px: 1.0, dash_px: Some((1.5, 4.0)), opacity: 0.5 }
        }
    }
}

/// How tall a lifecycle step's tick is, in pixels: an end stands out as a bar across the line.
pub fn life_tick_px(stage: crate::model::Stage) -> f64 {
    if stage.ends() { 12.0 } else { 6.0 }
}

/// A glyph of the lifecycle legend: a stretch of line in a status's style, or a step's tick.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LifeGlyph {
    /// A stretch with this status.
    Line(crate::model::Status),
    /// A step's tick: a ratification, suspension … or, tall, an end.
    Tick(crate::model::Stage),
}

/// The lifecycle legend, glyph and words, as the window and the figures draw it.
pub const LIFE_LEGEND: [(LifeGlyph, &str); 6] = {
    use crate::model::{Stage, Status};
    [
        (LifeGlyph::Line(Status::Signed), "signed"),
        (LifeGlyph::Line(Status::InForce), "in force"),
        (LifeGlyph::Line(Status::Suspended), "suspended"),
        (LifeGlyph::Line(Status::Unknown), "in force? not known"),
        (LifeGlyph::Tick(Stage::Ratified), "step"),
        (LifeGlyph::Tick(Stage::Withdrawn), "ended"),
    ]
};
/// The lifecycle legend's heading.
pub const LIFE_LEGEND_TITLE: &str = "Lifecycle:";
/// How long a legend glyph is, in pixels (a line's sample; a tick stands in the middle of it).
pub const LIFE_GLYPH_PX: f64 = 18.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_alone_tell_every_kind_apart() {
        let mut seen = std::collections::HashSet::new();
        for kind in Kind::ALL {
            let style = mark_style(kind);
            let line_shape = matches!(outline(style.shape), Outline::Strokes(_));
            // Line shapes have no inside, so fill cannot be what tells them apart.
            let key = (style.shape, style.filled || line_shape);
            assert!(seen.insert(key), "{kind:?} looks like another kind in grayscale");
        }
    }

    #[test]
    fn each_lifecycle_status_has_a_line_of_its_own_and_ends_stand_out() {
        use crate::model::{Stage, Status};
        let statuses = [Status::Signed, Status::InForce, Status::Suspended, Status::Unknown];
        for (i, a) in statuses.iter().enumerate() {
            for b in &statuses[i + 1..] {
                let (sa, sb) = (life_style(*a), life_style(*b));
                assert!(sa != sb, "{a:?} and {b:?} look alike");
            }
        }
        assert!(life_style(Status::InForce).dash_px.is_none(), "in force is the one solid line");
        for stage in Stage::ALL {
            let tall = life_tick_px(stage) > life_tick_px(Stage::Ratified);
            assert_eq!(tall, stage.ends(), "{stage:?}");
        }
    }
}
