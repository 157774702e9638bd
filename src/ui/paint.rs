//! Turning the scene's styles into egui colours and shapes.

use egui::{Color32, Pos2, Stroke, epaint::PathShape, pos2, vec2};
use egui_plot::MarkerShape;

use crate::model::Kind;
use crate::scene::style::{Outline, Rgb, Shape, mark_style, outline};

/// The egui colour of a scene colour.
pub fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// The `egui_plot` marker for a scene shape.
pub fn marker(shape: Shape) -> MarkerShape {
    match shape {
        Shape::Circle => MarkerShape::Circle,
        Shape::Square => MarkerShape::Square,
        Shape::Diamond => MarkerShape::Diamond,
        Shape::Up => MarkerShape::Up,
        Shape::Down => MarkerShape::Down,
        Shape::Left => MarkerShape::Left,
        Shape::Right => MarkerShape::Right,
        Shape::Cross => MarkerShape::Cross,
        Shape::Plus => MarkerShape::Plus,
        Shape::Asterisk => MarkerShape::Asterisk,
    }
}

/// Draws a kind's marker in a small square, as the legend and the filter list show it.
pub fn swatch_ui(ui: &mut egui::Ui, kind: Kind) {
    let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), egui::Sense::hover());
    paint_marker(ui.painter(), rect.center(), 5.0, kind);
}

/// Paints a kind's marker the way `egui_plot` draws it, centred on `center`.
pub fn paint_marker(painter: &egui::Painter, center: Pos2, radius: f32, kind: Kind) {
    let style = mark_style(kind);
    let fill = if style.filled { color(style.color) } else { Color32::TRANSPARENT };
    let stroke = Stroke::new(1.5, color(style.color));
    let at = |dx: f64, dy: f64| pos2(center.x + dx as f32 * radius, center.y + dy as f32 * radius);
    match outline(style.shape) {
        Outline::Circle => {
            painter.circle(center, radius, fill, stroke);
        }
        Outline::Polygon(corners) => {
            let points = corners.iter().map(|&(dx, dy)| at(dx, dy)).collect();
            painter.add(PathShape::convex_polygon(points, fill, stroke));
        }
        Outline::Strokes(segments) => {
            for &(x1, y1, x2, y2) in segments {
                painter.line_segment([at(x1, y1), at(x2, y2)], Stroke::new(2.0, color(style.color)));
            }
        }
    }
}
