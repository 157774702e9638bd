//! The lane-name column as buttons: a click (or a right click) on a lane's name opens a menu that
//! pins the lane to the top or folds it away, and the folded lane's menu unfolds them again.

use egui::{Popup, SetOpenCommand};

use super::command::Command;
use crate::model::Dataset;
use crate::scene::text::display_order;
use crate::scene::{Lane, LaneArrangement, LaneKey, lane_code, lane_y};

/// Marks a pinned lane's name in the lane column.
pub const PIN: &str = "📌";

/// A lane's name as the lane column shows it: pinned lanes carry a pin.
pub fn column_name(data: &Dataset, lane: &Lane, arrangement: &LaneArrangement) -> String {
    let title = display_order(&crate::scene::lane_title(lane)).into_owned();
    match lane_code(data, lane) {
        Some(code) if arrangement.is_pinned(code) => format!("{PIN} {title}"),
        _ => title,
    }
}

/// A button over each lane name in view, left of the plot `transform` draws, with its menu.
pub fn names_ui(
    ui: &egui::Ui,
    transform: &egui_plot::PlotTransform,
    width_px: f32,
    (data, lanes, folded): (&Dataset, &[Lane], &[Lane]),
    arrangement: &LaneArrangement,
    out: &mut Vec<Command>,
) {
    let frame = *transform.frame();
    let lane_px = (transform.position_from_point_y(lane_y(0)) - transform.position_from_point_y(lane_y(1))).abs();
    for (index, lane) in lanes.iter().enumerate() {
        let y = transform.position_from_point_y(lane_y(index));
        if !(frame.top()..=frame.bottom()).contains(&y) {
            continue;
        }
        let rect = egui::Rect::from_x_y_ranges(
            frame.left() - width_px..=frame.left() - 2.0,
            y - (lane_px / 2.0).min(10.0)..=y + (lane_px / 2.0).min(10.0),
        );
        let response = ui.interact(rect, ui.scope_id().with(("lane-name", index)), egui::Sense::click());
        let words = format!("Lane {}", lane.label);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &words));
        let response = response.on_hover_text("Click to pin this lane to the top or fold it away");
        let toggle = response.clicked() || response.secondary_clicked();
        Popup::menu(&response)
            .open_memory(toggle.then_some(SetOpenCommand::Toggle))
            .show(|ui| menu_ui(ui, data, lane, folded, arrangement, out));
    }
}

fn menu_ui(
    ui: &mut egui::Ui,
    data: &Dataset,
    lane: &Lane,
    folded: &[Lane],
    arrangement: &LaneArrangement,
    out: &mut Vec<Command>,
) {
    let mut changed = arrangement.clone();
    if let Some(code) = lane_code(data, lane) {
        let pinned = arrangement.is_pinned(code);
        let pin = if pinned { format!("Unpin {}", lane.label) } else { format!("Pin {} to the top", lane.label) };
        if ui.button(pin).clicked() {
            changed.set_pinned(code, !pinned);
        }
        if ui
            .button(format!("Fold {} away", lane.label))
            .on_hover_text("Its events move to one shared lane at the bottom")
            .clicked()
        {
            changed.set_folded(code, true);
        }
    }
    if lane.key == LaneKey::Folded {
        for inner in folded {
            if let Some(code) = lane_code(data, inner)
                && ui.button(format!("Unfold {}", inner.label)).clicked()
            {
                changed.set_folded(code, false);
            }
        }
    }
    if !arrangement.is_empty() {
        ui.separator();
        if ui.button("Unpin and unfold every lane").clicked() {
            changed = LaneArrangement::default();
        }
    }
    if changed != *arrangement {
        out.push(Command::ArrangeLanes(changed));
    }
}
