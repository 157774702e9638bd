//! Markers as SVG: each kind's shape, the one the window draws from the sheet made here.

use std::fmt::Write as _;

use super::{MARK_RADIUS, hex};
use crate::model::Kind;
use crate::scene::style::{self, Outline, mark_style, outline};

/// Every kind's marker (in `Kind::ALL` order) centred in a square cell of `cell` pixels, side by
/// side: the sheet the window draws its markers from, so they are the figures' markers.
pub fn marker_sheet(cell: f64) -> String {
    let width = cell * Kind::ALL.len() as f64;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{cell}" viewBox="0 0 {width} {cell}">"#
    );
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        mark_svg(&mut svg, kind, (i as f64 + 0.5) * cell, cell / 2.0, 1.0);
    }
    svg.push_str("</svg>");
    svg
}

/// A kind's marker centred on (`cx`, `cy`), drawn like the window draws it.
pub(super) fn mark_svg(svg: &mut String, kind: Kind, cx: f64, cy: f64, line_width: f64) {
    let style = mark_style(kind);
    let color = hex(style.color);
    let fill = if style.filled { color.as_str() } else { "none" };
    let r = MARK_RADIUS;
    let stroke_width = style::MARK_STROKE_PX * line_width.max(1.0);
    match outline(style.shape) {
        Outline::Circle => {
            let _ = write!(
                svg,
                r#"<circle cx="{cx:.2}" cy="{cy:.2}" r="{r}" fill="{fill}" stroke="{color}" stroke-width="{stroke_width}"/>"#
            );
        }
        Outline::Polygon(corners) => {
            let points: Vec<String> =
                corners.iter().map(|(dx, dy)| format!("{:.2},{:.2}", cx + dx * r, cy + dy * r)).collect();
            let _ = write!(
                svg,
                r#"<polygon points="{}" fill="{fill}" stroke="{color}" stroke-width="{stroke_width}"/>"#,
                points.join(" ")
            );
        }
        Outline::Strokes(segments) => {
            for (x1, y1, x2, y2) in segments {
                let (x1, y1, x2, y2) = (cx + x1 * r, cy + y1 * r, cx + x2 * r, cy + y2 * r);
                let _ = write!(
                    svg,
                    r#"<line x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}" stroke="{color}" stroke-width="{}"/>"#,
                    style::MARK_LINE_PX
                );
            }
        }
    }
}
