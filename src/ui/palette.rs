//! The command palette (every command by name, filtered as you type) and the Keys window (every
//! shortcut). Both read the same list of actions.

use egui::{Key, RichText};

use super::command::{ACTIONS, Action, Command, keys_text};

/// The palette's own state.
#[derive(Default)]
pub struct Palette {
    pub open: bool,
    query: String,
    /// The highlighted entry among the matches.
    chosen: usize,
    /// The Keys window is open.
    pub keys_open: bool,
}

impl Palette {
    /// Closes the palette, else the Keys window; whether either was open.
    pub fn close(&mut self) -> bool {
        let was = self.open || self.keys_open;
        if self.open {
            self.open = false;
        } else {
            self.keys_open = false;
        }
        was
    }

    /// Opens the palette with an empty query.
    pub fn open(&mut self) {
        *self = Self { open: true, keys_open: self.keys_open, ..Self::default() };
    }
}

/// The actions whose name holds every word of `query` (any case), and the saved views that do, as
/// "View: name".
fn matches<'a>(query: &str, views: &'a [&'a str]) -> Vec<(String, Command, Option<&'static Action>)> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let fits = |name: &str| {
        let name = name.to_lowercase();
        words.iter().all(|w| name.contains(w.as_str()))
    };
    let actions = ACTIONS.iter().filter(|a| fits(a.name)).map(|a| (a.name.to_owned(), (a.command)(), Some(a)));
    let views = views.iter().enumerate().map(|(i, name)| (format!("View: {name}"), Command::RestoreView(i), None));
    actions.chain(views.filter(|(name, _, _)| fits(name))).collect()
}

/// Draws the palette when it is open; running an entry pushes its command and closes the palette.
pub fn show(ctx: &egui::Context, palette: &mut Palette, views: &[&str], out: &mut Vec<Command>) {
    if palette.open {
        palette_window(ctx, palette, views, out);
    }
    if palette.keys_open {
        keys_window(ctx, &mut palette.keys_open);
    }
}

fn palette_window(ctx: &egui::Context, palette: &mut Palette, views: &[&str], out: &mut Vec<Command>) {
    let mut run = None;
    let mut open = true;
    egui::Window::new("Commands")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        .default_width(420.0)
        .show(ctx, |ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(&mut palette.query)
                    .hint_text("Type a command…  ↑ ↓ to choose, Enter to run, Esc to close")
                    .desired_width(400.0),
            );
            edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Command"));
            if !edit.has_focus() && !edit.lost_focus() {
                edit.request_focus();
            }
            let found = matches(&palette.query, views);
            let (up, down, enter) =
                ui.input(|i| (i.key_pressed(Key::ArrowUp), i.key_pressed(Key::ArrowDown), i.key_pressed(Key::Enter)));
            if edit.changed() {
                palette.chosen = 0;
            }
            if down {
                palette.chosen = (palette.chosen + 1).min(found.len().saturating_sub(1));
            }
            if up {
                palette.chosen = palette.chosen.saturating_sub(1);
            }
            if enter && let Some((_, command, _)) = found.get(palette.chosen) {
                run = Some(command.clone());
            }
            ui.separator();
            egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                if found.is_empty() {
                    ui.weak("No command has that name.");
                }
                for (i, (name, command, action)) in found.iter().enumerate() {
                    ui.horizontal(|ui| {
                        let button = ui.selectable_label(i == palette.chosen, name);
                        if i == palette.chosen && (up || down) {
                            button.scroll_to_me(None);
                        }
                        if button.clicked() {
                            run = Some(command.clone());
                        }
                        if let Some(action) = action {
                            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                ui.weak(keys_text(ui.ctx(), action));
                            });
                        }
                    });
                }
            });
        });
    if let Some(command) = run {
        out.push(command);
        palette.open = false;
    } else if !open {
        palette.open = false;
    }
}

fn keys_window(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts").open(open).collapsible(false).default_width(420.0).show(ctx, |ui| {
        egui::Grid::new("keys").num_columns(2).striped(true).show(ui, |ui| {
            for action in ACTIONS.iter().filter(|a| !a.keys.is_empty()) {
                ui.label(RichText::new(keys_text(ui.ctx(), action)).monospace());
                ui.label(action.name);
                ui.end_row();
            }
            for (keys, what) in [
                ("Mouse wheel", "Zoom about the pointer"),
                ("Drag", "Pan; drag up and down for more lanes"),
                ("Right-drag", "Zoom to a box"),
                ("Double-click", "On a marker: zoom to its event; elsewhere: fit"),
                ("Mouse back / forward", "Back / Forward"),
            ] {
                ui.label(RichText::new(keys).monospace());
                ui.label(what);
                ui.end_row();
            }
        });
        ui.weak("Every command is also in the command palette (Ctrl+K), by name.");
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_finds_commands_by_any_words_of_their_name() {
        let names = |query| matches(query, &["Caspian 2018"]).into_iter().map(|m| m.0).collect::<Vec<_>>();
        assert_eq!(names("undo"), ["Undo"]);
        assert!(names("zoom sel").contains(&"Zoom to the selection".to_owned()));
        assert_eq!(names("caspian"), ["View: Caspian 2018"]);
        assert_eq!(names("").len(), ACTIONS.len() + 1);
        assert!(names("no such thing").is_empty());
    }
}
