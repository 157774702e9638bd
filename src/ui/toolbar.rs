//! The top bar: the File, Edit and View menus, view buttons, lanes, lifecycles and theme.

use std::path::PathBuf;

use super::command::{ACTIONS, Command, keys_text};
use crate::scene::LaneMode;
use crate::view::Theme;

/// What the top bar shows.
#[allow(clippy::struct_excessive_bools, reason = "each flag greys out its own button")]
pub struct Toolbar<'a> {
    pub title: &'a str,
    pub lane_mode: LaneMode,
    pub theme: Theme,
    pub all_lifecycles: bool,
    pub focus: bool,
    pub all_links: bool,
    /// The file the data came from, for Reload.
    pub current_file: Option<&'a PathBuf>,
    pub recent: &'a [PathBuf],
    /// Names of the saved views.
    pub views: Vec<&'a str>,
    pub can_undo: bool,
    pub can_redo: bool,
    pub can_back: bool,
    pub can_forward: bool,
    pub has_selection: bool,
}

/// Draws the top bar and pushes what is clicked.
pub fn show(ui: &mut egui::Ui, bar: &Toolbar<'_>, out: &mut Vec<Command>) {
    egui::Panel::top("toolbar").show(ui, |ui| {
        // One line that never wraps: the title gives way first.
        ui.horizontal(|ui| {
            file_menu(ui, bar, out);
            edit_menu(ui, bar, out);
            view_menu(ui, bar, out);
            ui.separator();
            let clicked = |response: egui::Response, command: Command, out: &mut Vec<Command>| {
                if response.clicked() {
                    out.push(command);
                }
            };
            let back = ui.add_enabled(bar.can_back, egui::Button::new("◀"));
            clicked(back.on_hover_text("Back to the event selected before (Alt+←)"), Command::Back, out);
            let forward = ui.add_enabled(bar.can_forward, egui::Button::new("▶"));
            clicked(forward.on_hover_text("Forward (Alt+→)"), Command::Forward, out);
            ui.separator();
            clicked(ui.button("Fit").on_hover_text("Show every shown event (F)"), Command::Fit, out);
            clicked(ui.button("Zoom in").on_hover_text("Zoom in (+, or the mouse wheel)"), Command::Zoom(1.5), out);
            clicked(ui.button("Zoom out").on_hover_text("Zoom out (−)"), Command::Zoom(1.0 / 1.5), out);
            let to_selection = ui.add_enabled(bar.has_selection, egui::Button::new("Zoom to selection"));
            let hint = "Zoom in on the selected event (Enter, or double-click its marker)";
            clicked(to_selection.on_hover_text(hint), Command::ZoomToSelection, out);
            ui.separator();
            ui.label("Lanes:");
            for (mode, name) in [(LaneMode::Actor, "By actor"), (LaneMode::Kind, "By type")] {
                clicked(ui.selectable_label(bar.lane_mode == mode, name), Command::SetLanes(mode), out);
            }
            let mut all = bar.all_lifecycles;
            let lifecycles = ui.checkbox(&mut all, "All lifecycles").on_hover_text(
                "Draw every agreement's life (signed, in force, suspended, ended) under its markers; \
                 otherwise only the selected one's",
            );
            clicked(lifecycles, Command::SetAllLifecycles(all), out);
            let mut focus = bar.focus;
            let hint = "Dim everything outside the selected event's lineage: what it builds on, refers to, \
                        implements, ends or answers, and what builds on it (L)";
            let focused = ui.checkbox(&mut focus, "Focus").on_hover_text(hint);
            clicked(focused, Command::SetFocus(focus), out);
            let mut links = bar.all_links;
            let all_links = ui
                .checkbox(&mut links, "All links")
                .on_hover_text("Draw every relation among the events in view as arcs; otherwise the selected event's");
            clicked(all_links, Command::SetAllLinks(links), out);
            ui.separator();
            let (name, hint) = match bar.theme {
                Theme::Light => ("Dark theme", "Switch to the dark theme"),
                Theme::Dark => ("Light theme", "Switch to the light theme"),
            };
            clicked(ui.button(name).on_hover_text(hint), Command::ToggleTheme, out);
            let export = ui.button("Export…").on_hover_text("A figure for a report: SVG, PNG or PDF (Ctrl+E)");
            clicked(export, Command::ShowExport(true), out);
            ui.separator();
            ui.add(egui::Label::new(egui::RichText::new(bar.title).strong()).truncate());
        });
    });
}

fn file_menu(ui: &mut egui::Ui, bar: &Toolbar<'_>, out: &mut Vec<Command>) {
    ui.menu_button("File", |ui| {
        item(ui, true, "Open…", out);
        item(ui, bar.current_file.is_some(), "Reload", out);
        item(ui, true, "Built-in data", out);
        ui.separator();
        for name in ["Save events as CSV…", "Save events as JSON…", "Export figure…", "Save screenshot"] {
            item(ui, true, name, out);
        }
        ui.separator();
        ui.weak("Recent files");
        for path in bar.recent {
            let name =
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            if ui.button(name).on_hover_text(path.display().to_string()).clicked() {
                out.push(Command::Open(path.clone()));
                ui.close();
            }
        }
        ui.separator();
        item(ui, true, "Quit", out);
    });
}

fn edit_menu(ui: &mut egui::Ui, bar: &Toolbar<'_>, out: &mut Vec<Command>) {
    ui.menu_button("Edit", |ui| {
        item(ui, bar.can_undo, "Undo", out);
        item(ui, bar.can_redo, "Redo", out);
        item(ui, bar.can_back, "Back", out);
        item(ui, bar.can_forward, "Forward", out);
        ui.separator();
        for name in ["Find", "Reset filters", "Reset view", "Command palette", "Keyboard shortcuts"] {
            item(ui, true, name, out);
        }
    });
}

fn view_menu(ui: &mut egui::Ui, bar: &Toolbar<'_>, out: &mut Vec<Command>) {
    ui.menu_button("View", |ui| {
        for name in ["Show or hide the table", "Save view…", "Copy view link", "Open view link…", "Saved views…"]
        {
            item(ui, true, name, out);
        }
        if !bar.views.is_empty() {
            ui.separator();
            ui.weak("Saved views");
        }
        for (i, name) in bar.views.iter().enumerate() {
            if ui.button(*name).on_hover_text("Show this view").clicked() {
                out.push(Command::RestoreView(i));
                ui.close();
            }
        }
    });
}

/// The menu item of the action called `name`, with its keys beside it; a click runs it and closes
/// the menu.
fn item(ui: &mut egui::Ui, enabled: bool, name: &str, out: &mut Vec<Command>) {
    let Some(action) = ACTIONS.iter().find(|a| a.name == name) else {
        debug_assert!(false, "no action is called {name}");
        return;
    };
    let keys = keys_text(ui.ctx(), action);
    let button = if keys.is_empty() { egui::Button::new(name) } else { egui::Button::new(name).shortcut_text(keys) };
    if ui.add_enabled(enabled, button).clicked() {
        out.push((action.command)());
        ui.close();
    }
}
