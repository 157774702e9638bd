//! The top bar: view buttons, lane mode, theme, screenshot, and the status line.

use super::app::{AccordsApp, Command, Theme};
use crate::scene::LaneMode;

impl AccordsApp {
    pub(super) fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                self.file_menu_ui(ui);
                ui.strong(&self.title);
                ui.separator();
                if ui.button("Fit").on_hover_text("Show every shown event (F, or double-click the timeline)").clicked()
                {
                    self.commands.push(Command::Fit);
                }
                if ui.button("Zoom in").on_hover_text("Zoom in on the middle (+, or the mouse wheel)").clicked() {
                    self.commands.push(Command::Zoom(1.5));
                }
                if ui.button("Zoom out").on_hover_text("Zoom out (−)").clicked() {
                    self.commands.push(Command::Zoom(1.0 / 1.5));
                }
                ui.separator();
                ui.label("Lanes:");
                ui.selectable_value(&mut self.state.lane_mode, LaneMode::Actor, "By actor");
                ui.selectable_value(&mut self.state.lane_mode, LaneMode::Kind, "By type");
                ui.checkbox(&mut self.state.all_lifecycles, "All lifecycles").on_hover_text(
                    "Draw every agreement's life (signed, in force, suspended, ended) under its markers; \
                     otherwise only the selected one's",
                );
                ui.separator();
                let (icon, other, hint) = match self.state.theme {
                    Theme::Light => ("Dark theme", Theme::Dark, "Switch to the dark theme"),
                    Theme::Dark => ("Light theme", Theme::Light, "Switch to the light theme"),
                };
                if ui.button(icon).on_hover_text(hint).clicked() {
                    self.state.theme = other;
                }
                if ui
                    .button("Export…")
                    .on_hover_text("A figure for a report: SVG or PNG, with legend and title")
                    .clicked()
                {
                    self.export.open = true;
                }
                if ui.button("Save screenshot").on_hover_text("The whole window as a PNG (Ctrl+Shift+S)").clicked() {
                    self.commands.push(Command::SaveScreenshot);
                }
                if ui.button("Reset view").on_hover_text("Clear filters, lanes, theme and zoom").clicked() {
                    self.commands.push(Command::ResetView);
                }
                if let Some((message, failed)) = &self.status {
                    ui.separator();
                    let color = if *failed { ui.visuals().error_fg_color } else { ui.visuals().weak_text_color() };
                    ui.colored_label(color, message);
                }
            });
        });
    }
}
