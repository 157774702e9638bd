//! The overview strip under the timeline: how the shown events spread over their whole range, with
//! the visible window as a brush to drag (pan) or to pull by an edge (zoom).

use egui::{Color32, CursorIcon, Rangef, Rect, Sense, Stroke, pos2};

use super::command::Command;
use crate::scene::{LaneIndex, TimeView};

/// Height of the strip, with the gap above it.
pub(super) const HEIGHT_PX: f32 = 52.0;
/// Width of one bar of the strip.
const BIN_PX: f32 = 2.0;
/// How close to an edge of the brush the pointer must be to pull that edge.
const GRIP_PX: f32 = 6.0;
/// The brush never gets narrower than this many days.
const MIN_DAYS: f64 = crate::scene::MIN_VISIBLE_DAYS;

/// What a drag on the strip moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grip {
    /// The whole window (pan).
    Window,
    /// Its first day.
    Start,
    /// Its last day.
    End,
}

/// What the bars' counts were made for: lane generation, first and last day (as bits), bins.
type CountsKey = (u64, u64, u64, usize);

/// The strip's own state: what a drag holds while it lasts, and the bars' counts, which change
/// only with the lanes (their generation), the range of the shown events or the strip's width.
#[derive(Default)]
pub struct OverviewState {
    pub grip: Option<Grip>,
    counts: Option<(CountsKey, Vec<usize>)>,
}

/// Draws the strip of `index`'s events (of lane generation `generation`) over `shown_days` across
/// `x_range` (the plot's width), with `time` (the view) as its brush, and turns drags and clicks
/// into views.
pub fn show(
    ui: &mut egui::Ui,
    x_range: Rangef,
    (index, generation): (&LaneIndex, u64),
    shown_days: (f64, f64),
    time: TimeView,
    state: &mut OverviewState,
    out: &mut Vec<Command>,
) {
    let grip = &mut state.grip;
    ui.add_space(6.0);
    let top = ui.cursor().top();
    let rect = Rect::from_x_y_ranges(x_range, top..=top + HEIGHT_PX - 10.0);
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Overview"));
    let response = response.on_hover_text(
        "All shown events over their whole range. Drag the window to pan, pull its edges to zoom, click to jump.",
    );
    let whole = TimeView::new(shown_days.0, shown_days.1, f64::from(rect.width()));
    let days_per_px = whole.days_per_px();
    let x_of = |day: f64| rect.left() + whole.x_from_day(day) as f32;
    let day_of = |x: f32| whole.day_from_x(f64::from(x - rect.left()));

    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    let bins = (rect.width() / BIN_PX).floor().max(1.0) as usize;
    let (first_day, bin_days) = (whole.min_day, whole.days() / bins as f64);
    let key = (generation, shown_days.0.to_bits(), shown_days.1.to_bits(), bins);
    if state.counts.as_ref().is_none_or(|(made_for, _)| *made_for != key) {
        let count = |i: usize| index.starting(first_day + i as f64 * bin_days, first_day + (i + 1) as f64 * bin_days);
        state.counts = Some((key, (0..bins).map(count).collect()));
    }
    let counts = state.counts.as_ref().map_or(&[][..], |(_, counts)| counts.as_slice());
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

    let (min_day, max_day) = (time.min_day, time.max_day);
    let brush = Rect::from_x_y_ranges(x_of(min_day).max(rect.left())..=x_of(max_day).min(rect.right()), rect.y_range());
    let accent = if ui.visuals().dark_mode { Color32::from_rgb(255, 220, 80) } else { Color32::from_rgb(0, 114, 178) };
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
        let icon = match (*grip).or_else(|| grip_at(pos.x)) {
            Some(Grip::Start | Grip::End) => CursorIcon::ResizeHorizontal,
            Some(Grip::Window) => CursorIcon::Grab,
            None => CursorIcon::PointingHand,
        };
        ui.ctx().set_cursor_icon(icon);
    }
    let centred_on = |day: f64| Command::SetView(time.centred_on(day));
    // A drag starts once the pointer has moved a little; what it grabs is where the press was.
    if response.drag_started()
        && let Some(pos) = ui.input(|i| i.pointer.press_origin())
    {
        // A drag that starts off the window first brings the window there.
        *grip = Some(grip_at(pos.x).unwrap_or(Grip::Window));
        if grip_at(pos.x).is_none() {
            out.push(centred_on(day_of(pos.x)));
            return;
        }
    }
    if response.dragged()
        && let Some(held) = *grip
    {
        let shift = f64::from(response.drag_delta().x) * days_per_px;
        let (start, end) = match held {
            Grip::Window => (min_day + shift, max_day + shift),
            Grip::Start => ((min_day + shift).min(max_day - MIN_DAYS), max_day),
            Grip::End => (min_day, (max_day + shift).max(min_day + MIN_DAYS)),
        };
        out.push(Command::SetView(time.with_days(start, end)));
    }
    if response.drag_stopped() {
        *grip = None;
    }
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        out.push(centred_on(day_of(pos.x)));
    }
}
