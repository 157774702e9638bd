//! Turning the scene's styles into egui colours and shapes.

use egui::{Color32, Pos2, Stroke, epaint::PathShape, pos2, vec2};
use egui_plot::MarkerShape;

use crate::model::Kind;
use crate::scene::style::{Rgb, Shape, mark_style};

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
    let r = radius;
    let at = |dx: f32, dy: f32| pos2(center.x + dx * r, center.y + dy * r);
    let polygon = |points: Vec<Pos2>| PathShape::convex_polygon(points, fill, stroke);
    let lines = |pairs: &[(f32, f32, f32, f32)]| {
        for &(x1, y1, x2, y2) in pairs {
            painter.line_segment([at(x1, y1), at(x2, y2)], Stroke::new(2.0, color(style.color)));
        }
    };
    let half_sqrt3 = 0.866;
    let d = std::f32::consts::FRAC_1_SQRT_2;
    match style.shape {
        Shape::Circle => {
            painter.circle(center, r, fill, stroke);
        }
        Shape::Square => {
            painter.add(polygon(vec![at(-d, -d), at(d, -d), at(d, d), at(-d, d)]));
        }
        Shape::Diamond => {
            painter.add(polygon(vec![at(0.0, -1.0), at(1.0, 0.0), at(0.0, 1.0), at(-1.0, 0.0)]));
        }
        Shape::Up => {
            painter.add(polygon(vec![at(0.0, -1.0), at(half_sqrt3, 0.5), at(-half_sqrt3, 0.5)]));
        }
        Shape::Down => {
            painter.add(polygon(vec![at(0.0, 1.0), at(-half_sqrt3, -0.5), at(half_sqrt3, -0.5)]));
        }
        Shape::Left => {
            painter.add(polygon(vec![at(-1.0, 0.0), at(0.5, -half_sqrt3), at(0.5, half_sqrt3)]));
        }
        Shape::Right => {
            painter.add(polygon(vec![at(1.0, 0.0), at(-0.5, half_sqrt3), at(-0.5, -half_sqrt3)]));
        }
        Shape::Cross => lines(&[(-d, -d, d, d), (-d, d, d, -d)]),
        Shape::Plus => lines(&[(-1.0, 0.0, 1.0, 0.0), (0.0, -1.0, 0.0, 1.0)]),
        Shape::Asterisk => {
            lines(&[(0.0, -1.0, 0.0, 1.0), (-half_sqrt3, -0.5, half_sqrt3, 0.5), (-half_sqrt3, 0.5, half_sqrt3, -0.5)]);
        }
    }
}
