//! The window's scene painter: the scene's items drawn into the plot (in days and lanes) and over it
//! (in pixels), with the sizes, widths and colours of `scene::style`, and markers from the same
//! outlines the figures use.

use egui::{Align2, Color32, Pos2, RichText, Stroke, epaint::PathShape, pos2, vec2};
use egui_plot::{Line, PlotPoint, Text};

use crate::model::{Era, EventId, Kind};
use crate::scene::style::{self, Ink, Outline, Palette, Rgb, mark_style, outline};
use crate::scene::text::display_order;
use crate::scene::{DENSITY_BASE_PX, LABEL_RISE_PX, LABEL_ROW_PX, Scene, lane_y};

/// The egui colour of a scene colour.
pub fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// The window's colours for its theme.
pub fn window_palette(dark: bool) -> Palette {
    style::palette(if dark { Ink::Dark } else { Ink::Light })
}

/// Draws a kind's marker in a small square, as the legend and the filter list show it.
pub fn swatch_ui(ui: &mut egui::Ui, kind: Kind) {
    let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), egui::Sense::hover());
    paint_marker(ui.painter(), rect.center(), 5.0, kind);
}

/// A lifecycle legend item: the glyph as the timeline draws it (a stretch of line in a status's
/// style, or a step's tick on a faint line), then its words.
pub fn life_glyph_ui(ui: &mut egui::Ui, glyph: style::LifeGlyph, words: &str) {
    let ink = ui.visuals().text_color();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let galley = ui.painter().layout_no_wrap(words.to_owned(), font, ink);
    let glyph_px = style::LIFE_GLYPH_PX as f32;
    let (rect, _) =
        ui.allocate_exact_size(vec2(glyph_px + 4.0 + galley.size().x, galley.size().y.max(14.0)), egui::Sense::hover());
    let (y, left, right) = (rect.center().y, rect.left(), rect.left() + glyph_px);
    let line = [egui::pos2(left, y), egui::pos2(right, y)];
    let painter = ui.painter();
    match glyph {
        style::LifeGlyph::Line(status) => {
            let look = style::life_style(status);
            let stroke = Stroke::new(look.width_px as f32, ink.gamma_multiply(look.opacity as f32));
            match look.dash_px {
                None => {
                    painter.line_segment(line, stroke);
                }
                Some((on, off)) => painter.extend(egui::Shape::dashed_line(&line, stroke, on as f32, off as f32)),
            }
        }
        style::LifeGlyph::Tick(stage) => {
            let half = (style::life_tick_px(stage) / 2.0) as f32;
            painter.line_segment(line, Stroke::new(1.0, ink.gamma_multiply(0.4)));
            let mid = left + glyph_px / 2.0;
            painter.line_segment([egui::pos2(mid, y - half), egui::pos2(mid, y + half)], Stroke::new(2.0, ink));
        }
    }
    painter.galley(egui::pos2(right + 4.0, y - galley.size().y / 2.0), galley, ink);
}

/// Paints a kind's marker from its outline, centred on `center`, as the figures draw it. A filled
/// marker is one fill reaching out to where the figures' outline ends (cheaper than fill and
/// stroke, and the same to the eye); an open one is its outline.
pub fn paint_marker(painter: &egui::Painter, center: Pos2, radius: f32, kind: Kind) {
    let mut shapes = Vec::new();
    marker_shapes(center, radius, kind, 1.0, &mut shapes);
    painter.extend(shapes);
}

/// The side of a marker's cell on the sheet, in points: the marker and its outline with a margin.
const SHEET_CELL_PX: f64 = 16.0;
/// The sheet is rasterized at this many pixels per point, so markers stay crisp on fine screens.
const SHEET_SCALE: f32 = 3.0;

/// The sheet of every kind's marker as the figures draw it, rasterized once per window and kept in
/// egui's memory; `None` if it cannot be made (then markers are painted shape by shape).
fn marker_sheet(ctx: &egui::Context) -> Option<egui::TextureHandle> {
    let id = egui::Id::unique("accords-marker-sheet");
    if let Some(sheet) = ctx.data(|d| d.get_temp::<egui::TextureHandle>(id)) {
        return Some(sheet);
    }
    let pixels = crate::export::pixels_from_svg(&crate::export::marker_sheet(SHEET_CELL_PX), SHEET_SCALE).ok()?;
    let size = [pixels.width as usize, pixels.height as usize];
    let image = egui::ColorImage::from_rgba_premultiplied(size, &pixels.rgba);
    let sheet = ctx.load_texture("marker-sheet", image, egui::TextureOptions::LINEAR);
    ctx.data_mut(|d| d.insert_temp(id, sheet.clone()));
    Some(sheet)
}

/// How much of its colour a dimmed item keeps in focus mode.
const DIMMED: f32 = 0.18;

/// An event's opacity: in focus mode (`focus`, the events kept, sorted), what lies outside the
/// selection's lineage keeps only a trace of its colour.
fn opacity(focus: Option<&[EventId]>, event: EventId) -> f32 {
    match focus {
        Some(kept) if kept.binary_search(&event).is_err() => DIMMED,
        _ => 1.0,
    }
}

/// The shapes of a kind's marker with its colour at `opacity`, added to `shapes`: many markers go
/// to the painter at once, which costs far less than one call each.
fn marker_shapes(center: Pos2, radius: f32, kind: Kind, opacity: f32, shapes: &mut Vec<egui::Shape>) {
    let style = mark_style(kind);
    let ink = color(style.color).gamma_multiply(opacity);
    let stroke = Stroke::new(style::MARK_STROKE_PX as f32, ink);
    let outer = radius + stroke.width / 2.0;
    let at = |r: f32, dx: f64, dy: f64| pos2(center.x + dx as f32 * r, center.y + dy as f32 * r);
    match outline(style.shape) {
        Outline::Circle if style.filled => shapes.push(egui::Shape::circle_filled(center, outer, ink)),
        Outline::Circle => shapes.push(egui::Shape::circle_stroke(center, radius, stroke)),
        Outline::Polygon(corners) if style.filled => {
            let points = corners.iter().map(|&(dx, dy)| at(outer, dx, dy)).collect();
            shapes.push(PathShape::convex_polygon(points, ink, Stroke::NONE).into());
        }
        Outline::Polygon(corners) => {
            let points = corners.iter().map(|&(dx, dy)| at(radius, dx, dy)).collect();
            shapes.push(PathShape::closed_line(points, stroke).into());
        }
        Outline::Strokes(segments) => {
            let stroke = Stroke::new(style::MARK_LINE_PX as f32, ink);
            shapes.extend(
                segments.iter().map(|&(x1, y1, x2, y2)| {
                    egui::Shape::line_segment([at(radius, x1, y1), at(radius, x2, y2)], stroke)
                }),
            );
        }
    }
}

/// Which lifecycles the timeline draws.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lifecycles {
    /// Every agreement's with milestones.
    All,
    /// The selected event's only.
    Selected,
}

/// Draws into the plot what lives in days and lanes: eras, lifecycles and labels (the selected
/// event's label stands out). Bars, whiskers, leaders, connectors and markers are painted over it.
pub fn plot_scene(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    scene: &Scene,
    eras: &[Era],
    selected: Option<EventId>,
    lifecycles: Lifecycles,
    focus: Option<&[EventId]>,
    palette: &Palette,
) {
    let fade = |event: EventId| opacity(focus, event);
    for (i, era) in eras.iter().enumerate() {
        // Eras are shaded behind the events, each with its name at the top.
        let (start, end) = (era.start.first_day_number() as f64, era.end.last_day_number() as f64 + 1.0);
        let shade = color(style::era_shade(i)).gamma_multiply(style::ERA_OPACITY as f32);
        let span = egui_plot::Span::new(era.label.clone(), start..=end).fill(shade).border_width(0.0);
        plot_ui.span(span.label_align(Align2::CENTER_TOP));
    }
    let highlight = color(palette.highlight);
    plot_lifecycles(plot_ui, scene, selected, lifecycles);
    let per_px = 1.0 / scene.view.lane_height_px.max(1.0);
    let (rise, row_height) = (LABEL_RISE_PX * per_px, LABEL_ROW_PX * per_px);
    let days_per_px = scene.view.days_per_px();
    for label in &scene.labels {
        let ink = color(palette.text).gamma_multiply(fade(label.event).max(0.35));
        let mut text = RichText::new(display_order(&label.text)).size(style::LABEL_SIZE_PX as f32).color(ink);
        if Some(label.event) == selected {
            text = text.strong().color(highlight);
        }
        let rise = rise + label.row as f64 * row_height;
        let position = PlotPoint::new(label.day + label.offset_px * days_per_px, lane_y(label.lane) + rise);
        plot_ui.text(Text::new("", position, text).anchor(Align2::LEFT_BOTTOM).allow_hover(false));
    }
}

/// Lifecycle lines just under each lane's markers, and the ticks of their steps.
fn plot_lifecycles(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    scene: &Scene,
    selected: Option<EventId>,
    lifecycles: Lifecycles,
) {
    let drawn = |event| lifecycles == Lifecycles::All || Some(event) == selected;
    let per_px = 1.0 / scene.view.lane_height_px.max(1.0);
    let below = |lane: usize, row: usize| lane_y(lane) - crate::scene::life_offset_px(row) * per_px;
    let kind_color = |kind| color(mark_style(kind).color);
    for span in scene.life_spans.iter().filter(|s| drawn(s.event)) {
        let life = style::life_style(span.status);
        let width = if Some(span.event) == selected { life.width_px + 1.0 } else { life.width_px };
        let y = below(span.lane, span.row);
        let solid = Line::new("", vec![[span.start_day, y], [span.end_day, y]])
            .stroke(Stroke::new(width as f32, kind_color(span.kind).gamma_multiply(life.opacity as f32)))
            .allow_hover(false);
        plot_ui.line(match life.dash_px {
            None => solid,
            Some((on, off)) if on <= 2.0 => solid.style(egui_plot::LineStyle::Dotted { spacing: (on + off) as f32 }),
            Some((on, _)) => solid.style(egui_plot::LineStyle::Dashed { length: on as f32 }),
        });
    }
    for mark in scene.life_marks.iter().filter(|m| drawn(m.event)) {
        let half = style::life_tick_px(mark.stage) / 2.0 * per_px;
        let y = below(mark.lane, mark.row);
        let tick = Line::new("", vec![[mark.day, y - half], [mark.day, y + half]]);
        plot_ui.line(tick.stroke(Stroke::new(2.0, kind_color(mark.kind))).allow_hover(false));
    }
}

/// Draws over the plot what lives in pixels: density strips, then every marker from its outline
/// (as the figures draw it) and the selected event's rings. `painter` clips to the plot.
pub fn paint_over_plot(
    painter: &egui::Painter,
    transform: &egui_plot::PlotTransform,
    scene: &Scene,
    selected: Option<EventId>,
    focus: Option<&[EventId]>,
    palette: &Palette,
) {
    paint_densities(painter, transform, scene, palette);
    paint_strokes(painter, transform, scene, selected, focus, palette);
    paint_connectors(painter, transform, scene, selected, focus, palette);
    paint_links(painter, transform, scene);
    let frame = transform.frame().expand(style::MARK_RADIUS_PX as f32 * 2.0);
    let radius = style::MARK_RADIUS_PX as f32;
    // One mesh of textured squares cut from the sheet of the figures' markers; shape by shape only
    // if the sheet could not be made.
    let mut mesh = marker_sheet(painter.ctx()).map(|sheet| egui::Mesh::with_texture(sheet.id()));
    let mut shapes = Vec::new();
    let (side, kinds) = (SHEET_CELL_PX as f32, Kind::ALL.len() as f32);
    for mark in &scene.marks {
        let at = transform.position_from_point(&PlotPoint::new(mark.day, lane_y(mark.lane)));
        if !frame.contains(at) {
            continue;
        }
        let fade = opacity(focus, mark.event);
        match &mut mesh {
            Some(mesh) => {
                let cell = mark.kind.index() as f32;
                let uv = egui::Rect::from_min_max(pos2(cell / kinds, 0.0), pos2((cell + 1.0) / kinds, 1.0));
                let square = egui::Rect::from_center_size(at, vec2(side, side));
                mesh.add_rect_with_uv(square, uv, Color32::WHITE.gamma_multiply(fade));
            }
            None => marker_shapes(at, radius, mark.kind, fade, &mut shapes),
        }
    }
    if let Some(mesh) = mesh {
        painter.add(egui::Shape::mesh(mesh));
    }
    painter.extend(shapes);
    let Some(selected) = selected else { return };
    let ring = Stroke::new(2.0, color(palette.highlight));
    for mark in scene.marks.iter().filter(|m| m.event == selected) {
        let at = transform.position_from_point(&PlotPoint::new(mark.day, lane_y(mark.lane)));
        painter.circle_stroke(at, radius + style::RING_GAP_PX as f32, ring);
    }
}

/// The name of a selected event that has no label of its own (labels never move for a selection),
/// in a box above its first marker in view, kept inside the plot.
pub fn paint_callout(
    painter: &egui::Painter,
    transform: &egui_plot::PlotTransform,
    scene: &Scene,
    (selected, text): (EventId, &str),
    palette: &Palette,
) {
    if scene.labels.iter().any(|l| l.event == selected) {
        return;
    }
    let frame = *transform.frame();
    let marker = scene
        .marks
        .iter()
        .filter(|m| m.event == selected)
        .map(|m| transform.position_from_point(&PlotPoint::new(m.day, lane_y(m.lane))))
        .find(|at| frame.contains(*at));
    let Some(at) = marker else { return };
    let font = egui::FontId::proportional(style::LABEL_SIZE_PX as f32);
    let galley = painter.layout_no_wrap(display_order(text).into_owned(), font, color(palette.highlight));
    let pad = vec2(4.0, 2.0);
    let size = galley.size() + 2.0 * pad;
    let rise = (style::MARK_RADIUS_PX + LABEL_RISE_PX) as f32;
    let mut taken = label_rects(transform, scene);
    let radius = style::MARK_RADIUS_PX as f32;
    let others = scene.marks.iter().filter(|m| m.event != selected);
    taken.extend(others.map(|m| {
        let centre = transform.position_from_point(&PlotPoint::new(m.day, lane_y(m.lane)));
        egui::Rect::from_center_size(centre, egui::Vec2::splat(2.0 * radius))
    }));
    let (rect, raised) = callout_rect(at, (rise, radius + 2.0), size, frame, &taken);
    if raised {
        // A leader from the marker up to the callout says which marker it names.
        let marker_top = at.y - radius - 1.0;
        painter.line_segment(
            [pos2(at.x, marker_top), pos2(at.x, rect.bottom())],
            Stroke::new(1.0, color(palette.highlight)),
        );
    }
    painter.rect(
        rect,
        3.0,
        color(palette.background),
        Stroke::new(1.0, color(palette.highlight)),
        egui::StrokeKind::Inside,
    );
    painter.galley(rect.min + pad, galley, color(palette.highlight));
}

/// The boxes of the scene's labels on screen.
fn label_rects(transform: &egui_plot::PlotTransform, scene: &Scene) -> Vec<egui::Rect> {
    let rise = (style::MARK_RADIUS_PX + LABEL_RISE_PX) as f32;
    scene
        .labels
        .iter()
        .map(|label| {
            let at = transform.position_from_point(&PlotPoint::new(label.day, lane_y(label.lane)));
            let bottom = at.y - rise - label.row as f32 * LABEL_ROW_PX as f32;
            let left = at.x + label.offset_px as f32;
            egui::Rect::from_x_y_ranges(
                left..=left + label.width_px as f32,
                bottom - crate::scene::LABEL_HEIGHT_PX as f32..=bottom,
            )
        })
        .collect()
}

/// Where a callout of `size` goes for the marker at `at`: beside it, to its right, else to its
/// left (or ending at it where the plot ends), in the first row up from `rise` above the marker that
/// covers nothing in `taken` and stays in `frame`; else just under the marker (`below` under its
/// centre); where every place covers something, the one that covers least. Also whether it was
/// raised above the first row, and so needs a leader down to its marker.
fn callout_rect(
    at: Pos2,
    (rise, below): (f32, f32),
    size: egui::Vec2,
    frame: egui::Rect,
    taken: &[egui::Rect],
) -> (egui::Rect, bool) {
    const ROWS: usize = 4;
    let right = if at.x + size.x <= frame.right() { at.x } else { (at.x - size.x).max(frame.left()) };
    let left = (at.x - size.x).max(frame.left());
    let above = |row: usize, x: f32| {
        let bottom = at.y - rise - row as f32 * LABEL_ROW_PX as f32;
        (egui::Rect::from_min_size(pos2(x, bottom - size.y), size), row > 0)
    };
    let under = |x: f32| (egui::Rect::from_min_size(pos2(x, at.y + below), size), false);
    let covered = |rect: &egui::Rect| taken.iter().filter(|t| t.intersects(*rect)).count();
    let places = (0..ROWS).flat_map(|row| [above(row, right), above(row, left)]).chain([under(right), under(left)]);
    // The first free place; where everything is taken, the one that covers least.
    places
        .filter(|(rect, _)| frame.contains_rect(*rect))
        .enumerate()
        .min_by_key(|(order, (rect, _))| (covered(rect), *order))
        .map_or_else(
            || {
                let (rect, _) = above(0, right);
                (rect.translate(vec2(0.0, (frame.top() - rect.top()).max(0.0))), false)
            },
            |(_, place)| place,
        )
}

/// Bars of spans, whiskers of uncertain dates and the leaders up to raised labels, as rectangles of
/// one mesh: a month in view at a million events holds hundreds, too many to be plot items each.
/// (None of them crosses a label, so drawing them over the plot's labels hides nothing.)
fn paint_strokes(
    painter: &egui::Painter,
    transform: &egui_plot::PlotTransform,
    scene: &Scene,
    selected: Option<EventId>,
    focus: Option<&[EventId]>,
    palette: &Palette,
) {
    let frame = *transform.frame();
    let x_of = |day: f64| transform.position_from_point_x(day).clamp(frame.left() - 2.0, frame.right() + 2.0);
    let mut mesh = egui::Mesh::default();
    let mut across = |(from, to): (f64, f64), y: f32, width: f64, ink: Color32| {
        let half = width as f32 / 2.0;
        let rect = egui::Rect::from_min_max(pos2(x_of(from), y - half), pos2(x_of(to), y + half));
        if rect.intersects(frame) {
            mesh.add_colored_rect(rect, ink);
        }
    };
    for bar in &scene.bars {
        let width = if Some(bar.event) == selected { style::BAR_PX.1 } else { style::BAR_PX.0 };
        let ink =
            color(mark_style(bar.kind).color).gamma_multiply(style::BAR_OPACITY as f32 * opacity(focus, bar.event));
        across((bar.start_day, bar.end_day), transform.position_from_point_y(lane_y(bar.lane)), width, ink);
    }
    for mark in &scene.marks {
        if let Some(days) = mark.uncertain {
            let fade = style::WHISKER_OPACITY as f32 * opacity(focus, mark.event);
            let ink = color(mark_style(mark.kind).color).gamma_multiply(fade);
            across(days, transform.position_from_point_y(lane_y(mark.lane)), style::WHISKER_PX, ink);
        }
    }
    let connector = color(palette.connector);
    let half = style::LEADER_PX as f32 / 2.0;
    for label in scene.labels.iter().filter(|l| l.row > 0) {
        // A leader from the marker up to a label in a higher row says which marker it names.
        let x = transform.position_from_point_x(label.day);
        let y = transform.position_from_point_y(lane_y(label.lane));
        let top = y - (LABEL_RISE_PX + label.row as f64 * LABEL_ROW_PX) as f32;
        let bottom = y - (style::MARK_RADIUS_PX + 1.0) as f32;
        let rect = egui::Rect::from_min_max(pos2(x - half, top), pos2(x + half, bottom));
        if rect.intersects(frame) {
            mesh.add_colored_rect(rect, connector.gamma_multiply(opacity(focus, label.event)));
        }
    }
    painter.add(egui::Shape::mesh(mesh));
}

/// Connectors as thin bars of one mesh: there are thousands when zoomed out, too many to be plot
/// items each. The selected event's are wider and in the highlight colour.
fn paint_connectors(
    painter: &egui::Painter,
    transform: &egui_plot::PlotTransform,
    scene: &Scene,
    selected: Option<EventId>,
    focus: Option<&[EventId]>,
    palette: &Palette,
) {
    let frame = transform.frame();
    // The plot maps lane-y to pixels linearly: two points give the map, without a call per piece.
    let (y0, y1) = (transform.position_from_point_y(0.0), transform.position_from_point_y(-1.0));
    let y_of = |lane_y: f64| y0 - (y1 - y0) * lane_y as f32;
    let mut mesh = egui::Mesh::default();
    for c in &scene.connectors {
        let x = transform.position_from_point_x(c.day);
        if x < frame.left() - 2.0 || x > frame.right() + 2.0 {
            continue;
        }
        let chosen = Some(c.event) == selected;
        let (width, ink) = if chosen {
            (style::CONNECTOR_PX.1, color(palette.highlight))
        } else {
            (style::CONNECTOR_PX.0, color(palette.connector))
        };
        let ink = ink.gamma_multiply(opacity(focus, c.event));
        let half = width as f32 / 2.0;
        // Pieces run top to bottom: skip to the first in view, stop after the last, so a line
        // across 200 lanes costs only the lanes on screen.
        let first = c.pieces.partition_point(|&(_, bottom)| y_of(bottom) < frame.top());
        for &(top, bottom) in &c.pieces[first..] {
            let (from, to) = (y_of(top), y_of(bottom));
            if from > frame.bottom() {
                break;
            }
            mesh.add_colored_rect(egui::Rect::from_min_max(pos2(x - half, from), pos2(x + half, to)), ink);
        }
    }
    painter.add(egui::Shape::mesh(mesh));
}

/// Lineage arcs, each relation in its own style, with an arrowhead at the event related to.
fn paint_links(painter: &egui::Painter, transform: &egui_plot::PlotTransform, scene: &Scene) {
    let px = |(day, lane): (f64, usize)| {
        let p = transform.position_from_point(&PlotPoint::new(day, lane_y(lane)));
        (f64::from(p.x), f64::from(p.y))
    };
    for link in &scene.links {
        let look = style::link_style(link.relation);
        let top = f64::from(transform.frame().top());
        let points: Vec<Pos2> = style::arc_points(px(link.from_at), px(link.to_at), top, 32)
            .into_iter()
            .map(|(x, y)| pos2(x as f32, y as f32))
            .collect();
        let stroke = Stroke::new(look.width_px as f32, color(look.color));
        match look.dash_px {
            None => {
                painter.add(egui::Shape::line(points.clone(), stroke));
            }
            Some((on, off)) => {
                painter.extend(egui::Shape::dashed_line(&points, stroke, on as f32, off as f32));
            }
        }
        // The arrowhead: two strokes back from the end, along the arc's last stretch.
        if let [.., before, end] = points.as_slice() {
            let back = (*before - *end).normalized() * 7.0;
            let side = vec2(-back.y, back.x) * 0.5;
            painter.line_segment([*end, *end + back + side], stroke);
            painter.line_segment([*end, *end + back - side], stroke);
        }
    }
}

/// Paints each crowded lane as bars of how many events start in each few pixels, growing up from
/// where the markers would sit.
fn paint_densities(painter: &egui::Painter, transform: &egui_plot::PlotTransform, scene: &Scene, palette: &Palette) {
    if scene.densities.is_empty() {
        return;
    }
    let fill = color(palette.density).gamma_multiply(0.85);
    let lane_px = scene.view.lane_height_px as f32;
    let frame = transform.frame();
    let x_of = |day: f64| frame.left() + scene.view.time.x_from_day(day) as f32;
    let mut mesh = egui::Mesh::default();
    for density in &scene.densities {
        let bottom = transform.position_from_point_y(lane_y(density.lane)) + DENSITY_BASE_PX as f32;
        if bottom < frame.top() || bottom - lane_px > frame.bottom() {
            continue;
        }
        for (from, to, height) in density.bars(scene.view.lane_height_px) {
            let (left, right) = (x_of(from), x_of(to) - 0.5);
            let rect = egui::Rect::from_min_max(egui::pos2(left, bottom - height as f32), egui::pos2(right, bottom));
            mesh.add_colored_rect(rect, fill);
        }
    }
    painter.add(egui::Shape::mesh(mesh));
}

#[cfg(test)]
mod tests {
    use egui::{Rect, pos2, vec2};

    use super::callout_rect;
    use crate::scene::text::text_width_px;

    #[test]
    fn a_selection_callout_covers_no_label_or_marker_and_rises_with_a_leader_when_it_must() {
        let frame = Rect::from_min_max(pos2(0.0, 0.0), pos2(800.0, 400.0));
        let (marker, size, rise) = (pos2(300.0, 210.0), vec2(120.0, 18.0), (10.0, 7.0));
        let anchor = pos2(300.0, 200.0);
        let callout_rect = |at, size, frame, taken: &[Rect]| callout_rect(at, rise, size, frame, taken);
        // Nothing near: beside the marker, to its right, not raised.
        let (rect, raised) = callout_rect(marker, size, frame, &[]);
        assert_eq!((rect.left_bottom(), raised), (anchor, false));
        // A neighbour's label to the right: the callout goes left of the marker instead.
        let right = Rect::from_min_max(pos2(350.0, 186.0), pos2(500.0, 200.0));
        let (rect, raised) = callout_rect(marker, size, frame, &[right]);
        assert_eq!((rect.right_bottom(), raised), (anchor, false));
        // Labels on both sides: it rises to a free row, and says so, for a leader to be drawn.
        let left = Rect::from_min_max(pos2(150.0, 186.0), pos2(290.0, 200.0));
        let (rect, raised) = callout_rect(marker, size, frame, &[right, left]);
        assert!(raised && !rect.intersects(right) && !rect.intersects(left), "{rect:?}");
        assert!(rect.x_range().contains(anchor.x));
        // At the top of the plot, with the first row taken, it goes under the marker.
        let (top, first_row) = (pos2(300.0, 30.0), Rect::from_min_max(pos2(200.0, 6.0), pos2(500.0, 20.0)));
        let (rect, raised) = callout_rect(top, size, frame, &[first_row]);
        assert!(!raised && (rect.top() - 37.0).abs() < 1e-3 && frame.contains_rect(rect), "{rect:?}");
        // Near the right edge, it ends at its marker rather than run past the plot.
        let (rect, _) = callout_rect(pos2(750.0, 210.0), size, frame, &[]);
        assert!((rect.right() - 750.0).abs() < 1e-3, "{rect:?}");
    }

    #[test]
    fn the_window_sets_labels_as_wide_as_the_scene_measures_them() {
        let ctx = egui::Context::default();
        let texts = ["Allied Interaction Declaration", "Russia–Azerbaijan friendship treaty", "WAVE iii ‘quoted’"];
        let mut drawn = Vec::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            for text in texts {
                let font = egui::FontId::proportional(crate::scene::style::LABEL_SIZE_PX as f32);
                let galley = ui.painter().layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE);
                drawn.push(f64::from(galley.size().x));
            }
        });
        output.textures_delta.clear();
        for (text, drawn) in texts.iter().zip(drawn) {
            let measured = text_width_px(text, crate::scene::style::LABEL_SIZE_PX);
            assert!((drawn - measured).abs() < 1.0, "{text:?}: drawn {drawn} px, measured {measured} px");
        }
    }
}
