//! The overview strip under the timeline: how the shown events spread over their whole range, with
//! the visible window as a brush to drag (pan) or to pull by an edge (zoom).

use egui::{Color32, CursorIcon, Rangef, Rect, Sense, Stroke, pos2};

use super::app::{AccordsApp, ViewRequest};

/// Height of the strip, with the gap above it.
pub(super) const HEIGHT_PX: f32 = 52.0;
/// Width of one bar of the strip.
const BIN_PX: f32 = 2.0;
/// How close to an edge of the brush the pointer must be to pull that edge.
const GRIP_PX: f32 = 6.0;
/// The brush never gets narrower than this many days.
const MIN_DAYS: f64 = 3.0;

/// What a drag on the strip moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Grip {
    /// The whole window (pan).
    Window,
    /// Its first day.
    Start,
    /// Its last day.
    End,
}

impl AccordsApp {
    /// Draws the strip across `x_range` (the plot's width) and turns drags and clicks into views.
    pub(super) fn overview_ui(&mut self, ui: &mut egui::Ui, x_range: Rangef, dark: bool) {
        ui.add_space(6.0);
        let top = ui.cursor().top();
        let rect = Rect::from_x_y_ranges(x_range, top..=top + HEIGHT_PX - 10.0);
        let response = ui.allocate_rect(rect, Sense::click_and_drag());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Overview"));
        let response = response.on_hover_text(
            "All shown events over their whole range. Drag the window to pan, pull its edges to zoom, click to jump.",
        );
        let (first_day, last_day) = self.shown_days;
        let days_per_px = (last_day - first_day) / f64::from(rect.width().max(1.0));
        let x_of = |day: f64| rect.left() + ((day - first_day) / days_per_px) as f32;
        let day_of = |x: f32| first_day + f64::from(x - rect.left()) * days_per_px;

        let painter = ui.painter_at(rect);
        let visuals = ui.visuals();
        painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
        let bins = (rect.width() / BIN_PX).floor().max(1.0) as usize;
        let bin_days = (last_day - first_day) / bins as f64;
        let index = self.lane_index();
        let counts: Vec<usize> = (0..bins)
            .map(|i| index.starting(first_day + i as f64 * bin_days, first_day + (i + 1) as f64 * bin_days))
            .collect();
        let max = counts.iter().copied().max().unwrap_or(0).max(1) as f32;
        let ink = visuals.weak_text_color();
        let mut mesh = egui::Mesh::default();
        for (i, &count) in counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            let left = rect.left() + i as f32 * BIN_PX;
            let height = (count as f32 / max * (rect.height() - 4.0)).max(1.5);
            mesh.add_colored_rect(
                Rect::from_min_max(pos2(left, rect.bottom() - height), pos2(left + BIN_PX, rect.bottom())),
                ink,
            );
        }
        painter.add(egui::Shape::mesh(mesh));

        let Some((min_day, max_day)) = self.state.visible_days else { return };
        let brush =
            Rect::from_x_y_ranges(x_of(min_day).max(rect.left())..=x_of(max_day).min(rect.right()), rect.y_range());
        let accent = if dark { Color32::from_rgb(255, 220, 80) } else { Color32::from_rgb(0, 114, 178) };
        painter.rect_filled(brush, 2.0, accent.gamma_multiply(0.18));
        for x in [brush.left(), brush.right()] {
            painter.line_segment([pos2(x, rect.top()), pos2(x, rect.bottom())], Stroke::new(2.0, accent));
        }

        let grip_at = |x: f32| {
            if (x - brush.left()).abs() <= GRIP_PX {
                Some(Grip::Start)
            } else if (x - brush.right()).abs() <= GRIP_PX {
                Some(Grip::End)
            } else {
                brush.x_range().contains(x).then_some(Grip::Window)
            }
        };
        if let Some(pos) = response.hover_pos() {
            let icon = match self.brush_grip.or_else(|| grip_at(pos.x)) {
                Some(Grip::Start | Grip::End) => CursorIcon::ResizeHorizontal,
                Some(Grip::Window) => CursorIcon::Grab,
                None => CursorIcon::PointingHand,
            };
            ui.ctx().set_cursor_icon(icon);
        }
        let width = max_day - min_day;
        let centred_on = |day: f64| ViewRequest::Range(day - width / 2.0, day + width / 2.0);
        // A drag starts once the pointer has moved a little; what it grabs is where the press was.
        if response.drag_started()
            && let Some(pos) = ui.input(|i| i.pointer.press_origin())
        {
            // A drag that starts off the window first brings the window there.
            self.brush_grip = Some(grip_at(pos.x).unwrap_or(Grip::Window));
            if grip_at(pos.x).is_none() {
                self.view_request = Some(centred_on(day_of(pos.x)));
            }
        }
        if response.dragged()
            && let Some(grip) = self.brush_grip
            && self.view_request.is_none()
        {
            let shift = f64::from(response.drag_delta().x) * days_per_px;
            let (start, end) = match grip {
                Grip::Window => (min_day + shift, max_day + shift),
                Grip::Start => ((min_day + shift).min(max_day - MIN_DAYS), max_day),
                Grip::End => (min_day, (max_day + shift).max(min_day + MIN_DAYS)),
            };
            self.view_request = Some(ViewRequest::Range(start, end));
        }
        if response.drag_stopped() {
            self.brush_grip = None;
        }
        if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            self.view_request = Some(centred_on(day_of(pos.x)));
        }
        if self.view_request.is_some() {
            ui.ctx().request_repaint();
        }
    }
}
