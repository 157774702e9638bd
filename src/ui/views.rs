//! Saved views: the dialog that names the current view, the list that restores, renames and
//! deletes them, and the dialog where a view link from a colleague is pasted.

use serde::{Deserialize, Serialize};

use super::command::Command;

/// A view kept under a name: its link text, which holds filters, lanes, range, theme and selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub name: String,
    pub link: String,
}

/// Which of the views dialogs is open, and what is typed in it.
#[derive(Default)]
pub struct ViewsDialogs {
    /// The name being typed for the view to save.
    pub naming: Option<String>,
    /// The list of saved views is open, with the new names being typed.
    pub managing: Option<Vec<String>>,
    /// The link being pasted.
    pub pasting: Option<String>,
}

impl ViewsDialogs {
    /// Closes the open dialogs; whether any was open.
    pub fn close(&mut self) -> bool {
        let was = self.naming.is_some() || self.managing.is_some() || self.pasting.is_some();
        *self = Self::default();
        was
    }
}

/// Draws the open dialogs over the saved `views`.
pub fn show(ctx: &egui::Context, views: &[SavedView], dialogs: &mut ViewsDialogs, out: &mut Vec<Command>) {
    name_dialog(ctx, views, dialogs, out);
    manage_dialog(ctx, views, dialogs, out);
    link_dialog(ctx, dialogs, out);
}

fn name_dialog(ctx: &egui::Context, views: &[SavedView], dialogs: &mut ViewsDialogs, out: &mut Vec<Command>) {
    let Some(name) = &mut dialogs.naming else { return };
    let mut open = true;
    let mut done = false;
    egui::Window::new("Save view").open(&mut open).collapsible(false).resizable(false).show(ctx, |ui| {
        ui.label("Filters, lanes, range, theme and selection, under a name:");
        let edit = ui.add(egui::TextEdit::singleline(name).hint_text("e.g. Caspian 2018").desired_width(280.0));
        edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "View name"));
        if !edit.has_focus() && !edit.lost_focus() {
            edit.request_focus();
        }
        let name = name.trim();
        if views.iter().any(|v| v.name == name) {
            ui.colored_label(ui.visuals().warn_fg_color, "A view of that name is replaced.");
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let save = ui.add_enabled(!name.is_empty(), egui::Button::new("Save"));
            if (save.clicked() || enter) && !name.is_empty() {
                out.push(Command::SaveView(name.to_owned()));
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
        });
    });
    if done || !open {
        dialogs.naming = None;
    }
}

fn manage_dialog(ctx: &egui::Context, views: &[SavedView], dialogs: &mut ViewsDialogs, out: &mut Vec<Command>) {
    let Some(names) = &mut dialogs.managing else { return };
    // The names being edited follow the list when a view is added or deleted.
    if names.len() != views.len() {
        *names = views.iter().map(|v| v.name.clone()).collect();
    }
    let mut open = true;
    egui::Window::new("Saved views").open(&mut open).collapsible(false).default_width(420.0).show(ctx, |ui| {
        if views.is_empty() {
            ui.label("No saved view yet: View → Save view… (Ctrl+D) keeps the current one.");
        }
        egui::Grid::new("saved-views").num_columns(4).show(ui, |ui| {
            for (i, (view, name)) in views.iter().zip(names.iter_mut()).enumerate() {
                let edit = ui.add(egui::TextEdit::singleline(name).desired_width(200.0));
                edit.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("Name of {}", view.name))
                });
                let renamed = name.trim() != view.name && !name.trim().is_empty();
                if edit.lost_focus() && renamed {
                    out.push(Command::RenameView(i, name.trim().to_owned()));
                }
                if ui.button("Show").on_hover_text(format!("Show {}", view.name)).clicked() {
                    out.push(Command::RestoreView(i));
                }
                let delete = ui.button("Delete");
                delete.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Delete {}", view.name))
                });
                if delete.clicked() {
                    out.push(Command::DeleteView(i));
                }
                ui.end_row();
            }
        });
    });
    if !open {
        dialogs.managing = None;
    }
}

fn link_dialog(ctx: &egui::Context, dialogs: &mut ViewsDialogs, out: &mut Vec<Command>) {
    let Some(link) = &mut dialogs.pasting else { return };
    let mut open = true;
    let mut done = false;
    egui::Window::new("Open view link").open(&mut open).collapsible(false).resizable(false).show(ctx, |ui| {
        ui.label("Paste a view link (accords:view?…) a colleague sent you:");
        let edit = ui.add(egui::TextEdit::singleline(link).hint_text("accords:view?…").desired_width(420.0));
        edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "View link"));
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.button("Show view").clicked() || enter {
                out.push(Command::ApplyViewLink(link.trim().to_owned()));
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
        });
    });
    if done || !open {
        dialogs.pasting = None;
    }
}
