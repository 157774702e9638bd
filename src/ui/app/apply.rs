//! Carrying out commands: the one place where the window's state changes.

use std::path::PathBuf;

use super::{AccordsApp, AppState, suit};
use crate::export::{self, Overwrite};
use crate::load::{self, Loaded};
use crate::model::{Dataset, EventId};
use crate::query::Filter;
use crate::ui::command::{Command, Format, Purpose};
use crate::ui::export_dialog;
use crate::ui::files;
use crate::ui::history::Undoable;
use crate::ui::open;
use crate::ui::views::SavedView;
use crate::view::{Theme, ViewSpec};

/// Zoom to the selection shows at least this many days.
const ZOOM_TO_SELECTION_MIN_DAYS: f64 = 90.0;

impl AccordsApp {
    /// Carries out one command.
    pub(super) fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Select(_)
            | Command::Reveal(_)
            | Command::Step(_)
            | Command::Back
            | Command::Forward
            | Command::ZoomToSelection
            | Command::Fit
            | Command::Zoom(_)
            | Command::SetView(_) => self.apply_to_view(&command),
            Command::SetFilter(_)
            | Command::TypeFilter(_)
            | Command::ResetFilters
            | Command::SetLanes(_)
            | Command::ArrangeLanes(_)
            | Command::SetTheme(_)
            | Command::ToggleTheme
            | Command::SetAllLifecycles(_)
            | Command::SetFocus(_)
            | Command::ToggleFocus
            | Command::SetAllLinks(_)
            | Command::ShowHidden(_)
            | Command::ResetView
            | Command::Undo
            | Command::Redo => self.apply_to_look(command),
            Command::AskViewName
            | Command::SaveView(_)
            | Command::RestoreView(_)
            | Command::RenameView(..)
            | Command::DeleteView(_)
            | Command::ManageViews
            | Command::CopyViewLink
            | Command::AskViewLink
            | Command::ApplyViewLink(_) => self.apply_to_views(command),
            other => self.apply_to_files(ctx, other),
        }
    }

    /// The selection and the days in view.
    fn apply_to_view(&mut self, command: &Command) {
        match command {
            Command::Select(id) => self.select(*id),
            &Command::Reveal(id) => {
                self.select(Some(id));
                self.reveal(id);
            }
            Command::Step(direction) => self.step(*direction),
            Command::Back | Command::Forward => {
                let to = if *command == Command::Back {
                    self.history.back(self.selected)
                } else {
                    self.history.forward(self.selected)
                };
                if let Some(id) = to {
                    self.set_selected(Some(id));
                    self.reveal(id);
                }
            }
            Command::ZoomToSelection => self.zoom_to_selection(),
            Command::Fit => {
                // A filter sent in the same frame counts: fit what it shows.
                self.refresh_shown();
                self.set_days(self.shown_days);
                self.timeline.lanes_to_top = true;
            }
            &Command::Zoom(factor) => {
                // About the selection when it is in view, so it stays where it is; else about the middle.
                let selected = self.selected.map(|id| self.event_middle(id));
                let anchor = selected.filter(|day| self.time.overlaps(*day, *day)).unwrap_or(self.time.middle());
                let time = self.time.zoomed(factor, anchor);
                self.set_days((time.min_day, time.max_day));
            }
            &Command::SetView(time) if time.min_day.is_finite() && time.max_day.is_finite() => {
                self.time = time;
                self.state.visible_days = Some((time.min_day, time.max_day));
            }
            _ => {}
        }
    }

    /// Filters, lanes, theme, lifecycles, and undoing them.
    fn apply_to_look(&mut self, command: Command) {
        match command {
            Command::SetFilter(filter) => self.change(|app| app.state.filter = filter),
            Command::TypeFilter(filter) => self.state.filter = filter,
            Command::ResetFilters => self.change(|app| app.state.filter = Filter::default()),
            Command::SetLanes(mode) => self.change(|app| app.state.lane_mode = mode),
            Command::ArrangeLanes(arrangement) => {
                // A lane just pinned is at the top: show it there.
                self.timeline.lanes_to_top |= arrangement.pinned != self.state.arrangement.pinned;
                self.change(|app| app.state.arrangement = arrangement);
            }
            Command::SetTheme(theme) => self.change(|app| app.state.theme = theme),
            Command::ToggleTheme => {
                let theme = if self.state.theme == Theme::Light { Theme::Dark } else { Theme::Light };
                self.change(|app| app.state.theme = theme);
            }
            Command::SetAllLifecycles(all) => self.change(|app| app.state.all_lifecycles = all),
            Command::SetFocus(on) => self.state.focus = on,
            Command::ToggleFocus => self.state.focus = !self.state.focus,
            Command::SetAllLinks(all) => self.change(|app| app.state.all_links = all),
            Command::ShowHidden(id) => {
                self.change(|app| app.state.filter = Filter::default());
                self.refresh_shown();
                self.select(Some(id));
                self.reveal(id);
                self.tell("The filters are cleared, so the event shows; Ctrl+Z brings them back.".to_owned(), false);
            }
            Command::ResetView => self.change(|app| {
                let AppState { recent, views, .. } = std::mem::take(&mut app.state);
                app.state = AppState { recent, views, ..AppState::default() };
                suit(&mut app.state, &app.data);
                app.set_selected(None);
                app.refresh_shown();
                app.start_view();
            }),
            Command::Undo => {
                if let Some(earlier) = self.undoer.undo(&self.undoable()).cloned() {
                    self.restore_undoable(earlier);
                }
            }
            Command::Redo => {
                if let Some(later) = self.undoer.redo(&self.undoable()).cloned() {
                    self.restore_undoable(later);
                }
            }
            _ => {}
        }
    }

    /// Saved views and view links.
    fn apply_to_views(&mut self, command: Command) {
        match command {
            Command::AskViewName => self.views_dialogs.naming = Some(String::new()),
            Command::SaveView(name) => self.save_view(&name),
            Command::RestoreView(i) => {
                if let Some(view) = self.state.views.get(i).cloned() {
                    self.apply_link(&view.link, &format!("Showing the view “{}”", view.name));
                }
            }
            Command::RenameView(i, name) => {
                if let Some(view) = self.state.views.get_mut(i) {
                    self.status = Some((format!("Renamed the view “{}” to “{name}”", view.name), false));
                    view.name = name;
                }
            }
            Command::DeleteView(i) if i < self.state.views.len() => {
                let view = self.state.views.remove(i);
                self.status = Some((format!("Deleted the view “{}”", view.name), false));
            }
            Command::ManageViews => {
                self.views_dialogs.managing = Some(self.state.views.iter().map(|v| v.name.clone()).collect());
            }
            Command::CopyViewLink => self.copy_view_link(),
            Command::AskViewLink => self.views_dialogs.pasting = Some(String::new()),
            Command::ApplyViewLink(link) => self.apply_link(&link, "Showing the view from the link"),
            _ => {}
        }
    }

    /// Files, dialogs and the rest.
    fn apply_to_files(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Choose(purpose) => self.choose(purpose),
            Command::Chosen(purpose, path) => self.chosen(ctx, purpose, path),
            Command::Open(path) => self.opening.start(ctx, path),
            Command::Reload => {
                if let Some(path) = self.opening.current.clone() {
                    self.opening.start(ctx, path);
                }
            }
            Command::BuiltInData => match load::default_dataset() {
                Ok(Loaded { dataset, .. }) => self.replace_data(ctx, dataset, None),
                Err(e) => self.status = Some((format!("The built-in data could not be read: {e}"), true)),
            },
            Command::CancelLoading => self.opening.cancel(),
            Command::ReplaceFile => {
                if let Some((path, bytes)) = self.confirm.take() {
                    self.report_write(&path, export::write_atomically(&path, &bytes, Overwrite::Replace));
                }
            }
            Command::KeepFile => {
                self.confirm = None;
                self.tell("Nothing was written.".to_owned(), false);
            }
            Command::CopyFigure => self.copy_figure(),
            Command::ShowExport(open) => self.export.open = open,
            Command::ToggleTable => self.state.hide_table = !self.state.hide_table,
            Command::ShowPalette => self.palette.open(),
            Command::ShowKeys => self.palette.keys_open = true,
            Command::FocusSearch => self.inputs.focus_search = true,
            Command::DismissReport => self.opening.report = None,
            Command::Quit => {
                // Closing through eframe saves the remembered state on the way out.
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            _ => {}
        }
    }

    /// Makes a change that is one undo step of its own.
    fn change(&mut self, change: impl FnOnce(&mut Self)) {
        self.undoer.add_undo(&self.undoable());
        change(self);
    }

    fn restore_undoable(&mut self, to: Undoable) {
        self.state.filter = to.filter;
        self.state.lane_mode = to.lane_mode;
        self.state.arrangement = to.arrangement;
        self.state.theme = to.theme;
        self.state.all_lifecycles = to.all_lifecycles;
        self.refresh_shown();
        self.set_days(to.days);
    }

    /// Shows `days`, kept near the shown events, and remembers them.
    fn set_days(&mut self, days: (f64, f64)) {
        self.time = self.time.with_days(days.0, days.1).clamped(self.shown_days);
        self.state.visible_days = Some((self.time.min_day, self.time.max_day));
    }

    /// A selection made by hand: the one before it is remembered for Back.
    fn select(&mut self, id: Option<EventId>) {
        if self.selected != id {
            self.history.moved(self.selected);
            self.set_selected(id);
        }
    }

    fn set_selected(&mut self, id: Option<EventId>) {
        self.selected = id;
        self.table.scroll_to_selection = true;
    }

    /// The middle day of an event.
    fn event_middle(&self, id: EventId) -> f64 {
        let (first, last) = self.data.days(id);
        f64::midpoint(first as f64, last as f64 + 1.0)
    }

    /// Pans, at the same zoom, so `id` is in view.
    fn reveal(&mut self, id: EventId) {
        let time = self.time.revealing(self.event_middle(id), self.shown_days);
        self.set_days((time.min_day, time.max_day));
    }

    fn step(&mut self, direction: i32) {
        let next = match self.selected.map(|s| self.shown.binary_search(&s)) {
            Some(Ok(i) | Err(i)) if direction < 0 => i.checked_sub(1),
            Some(Ok(i)) => Some(i + 1),
            Some(Err(i)) => Some(i),
            None if direction < 0 => self.shown.len().checked_sub(1),
            None => Some(0),
        };
        if let Some(&id) = next.and_then(|i| self.shown.get(i)) {
            self.select(Some(id));
            self.reveal(id);
        }
    }

    /// Zooms so the selected event spans a third of the view (at least a season around it).
    fn zoom_to_selection(&mut self) {
        let Some(id) = self.selected else {
            self.tell("Select an event first: then Enter zooms to it.".to_owned(), false);
            return;
        };
        let (first, last) = self.data.days(id);
        let span = (last + 1 - first) as f64;
        let width = (span * 3.0).max(ZOOM_TO_SELECTION_MIN_DAYS);
        let middle = self.event_middle(id);
        self.undoer.add_undo(&self.undoable());
        self.set_days((middle - width / 2.0, middle + width / 2.0));
    }

    /// Saves the current view under `name`, replacing a view of that name.
    fn save_view(&mut self, name: &str) {
        let link = self.view_link();
        match self.state.views.iter_mut().find(|v| v.name == name) {
            Some(view) => view.link = link,
            None => self.state.views.push(SavedView { name: name.to_owned(), link }),
        }
        self.tell(format!("Saved the view “{name}” (View menu)"), false);
    }

    /// Shows the view `link` describes, telling what the data lacks; `done` says what happened.
    pub(super) fn apply_link(&mut self, link: &str, done: &str) {
        let spec = match ViewSpec::parse(link) {
            Ok(spec) => spec,
            Err(e) => return self.tell(format!("Not shown: {e}"), true),
        };
        let (spec, selected, notes) = spec.suit(&self.data, link);
        self.undoer.add_undo(&self.undoable());
        self.state.filter = spec.filter;
        self.state.lane_mode = spec.lane_mode;
        self.state.arrangement = spec.arrangement;
        self.state.theme = spec.theme;
        self.state.all_lifecycles = spec.all_lifecycles;
        self.refresh_shown();
        self.set_days(spec.days.unwrap_or(self.shown_days));
        self.timeline.lanes_to_top = true;
        if selected != self.selected {
            self.select(selected);
        }
        if notes.is_empty() {
            self.tell(format!("{done}."), false);
        } else {
            self.tell(format!("{done}, but {}.", notes.join("; ")), true);
        }
    }

    fn copy_view_link(&mut self) {
        let link = self.view_link();
        let copied = self.clipboard().and_then(|c| c.set_text(link.clone()).map_err(|e| e.to_string()));
        match copied {
            Ok(()) => self.tell(format!("Copied the view link: {link}"), false),
            Err(e) => self.tell(format!("Could not copy the view link ({e}): {link}"), true),
        }
    }

    fn clipboard(&mut self) -> Result<&mut arboard::Clipboard, String> {
        if self.clipboard.is_none() {
            self.clipboard = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        self.clipboard.as_mut().ok_or_else(|| "no clipboard".to_owned())
    }

    /// Asks where the file for `purpose` is: the desktop's dialog, which blocks, or the in-app one.
    fn choose(&mut self, purpose: Purpose) {
        // A file to open is looked for where the last one came from.
        let last = self.opening.current.as_ref().or(self.state.recent.first());
        let folder = match (purpose, last.and_then(|p| p.parent()).filter(|d| d.is_dir())) {
            (Purpose::Open, Some(folder)) => folder.to_path_buf(),
            _ => files::default_folder(purpose),
        };
        if !self.native_dialogs {
            self.chooser.open(purpose, &folder);
            return;
        }
        match files::native_choose(purpose, &folder) {
            Some(path) => self.commands.push(Command::Chosen(purpose, path)),
            None => self.tell("Cancelled: no file was chosen.".to_owned(), false),
        }
    }

    fn chosen(&mut self, ctx: &egui::Context, purpose: Purpose, path: PathBuf) {
        match purpose {
            Purpose::Open => self.opening.start(ctx, path),
            Purpose::Screenshot => self.screenshot.request(ctx, path),
            Purpose::Save(format) => self.save(format, path),
        }
    }

    /// Writes the figure or the shown events in `format` to `path`; an existing file is replaced
    /// only when the person says so.
    fn save(&mut self, format: Format, path: PathBuf) {
        let source = self.figure_source();
        let figure = self.export.figure(&source);
        match export_dialog::bytes(&source, &figure, format, self.export.citations(&figure)) {
            Err(e) => self.tell(format!("Not saved: {e}"), true),
            Ok(bytes) if path.exists() => self.confirm = Some((path, bytes)),
            Ok(bytes) => {
                let written = export::write_atomically(&path, &bytes, Overwrite::Refuse);
                self.report_write(&path, written);
            }
        }
    }

    fn report_write(&mut self, path: &std::path::Path, result: Result<(), export::WriteError>) {
        match result {
            Ok(()) => self.tell(format!("Saved {}", path.display()), false),
            Err(e) => self.tell(format!("Not saved: {e}"), true),
        }
    }

    fn copy_figure(&mut self) {
        let source = self.figure_source();
        let figure = self.export.figure(&source);
        let image = export_dialog::clipboard_image(&source, &figure);
        let result = image.and_then(|image| self.clipboard()?.set_image(image).map_err(|e| e.to_string()));
        match result {
            Ok(()) => self.tell("Copied the figure to the clipboard.".to_owned(), false),
            Err(e) => self.tell(format!("Could not copy: {e}"), true),
        }
    }

    /// Says what happened, in the status line and in the export dialog.
    fn tell(&mut self, message: String, failed: bool) {
        self.export.message = Some((message.clone(), failed));
        self.status = Some((message, failed));
    }

    /// Takes in what came of loading `path`.
    pub(super) fn loaded(&mut self, ctx: &egui::Context, path: PathBuf, outcome: open::Outcome) {
        if let Ok((Loaded { dataset, warnings, .. }, entry)) = outcome {
            self.replace_data(ctx, dataset, Some(path.clone()));
            if let Some(entry) = entry {
                self.cache_writes.write_soon(ctx, entry, std::sync::Arc::clone(&self.data), warnings);
            }
            open::remember(&mut self.state.recent, path);
            if let Some(link) = self.pending_view.take() {
                self.apply_link(&link, "Showing the view from the link");
            }
            return;
        }
        // The problems window tells what was wrong.
        self.restore = None;
        self.pending_view = None;
        if self.opening.current.is_none() && self.data.is_empty() {
            // The window started with this file, and has nothing else to name.
            "Accords".clone_into(&mut self.title);
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.title.clone()));
        }
    }

    /// Shows another data set from `path` (`None` for the built-in data), starting afresh but for the
    /// theme, the recent files and the saved views, and names it in the title bar.
    fn replace_data(&mut self, ctx: &egui::Context, data: Dataset, path: Option<PathBuf>) {
        let title = crate::ui::window_title(&data, path.as_deref());
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
        self.title = title;
        let AppState { recent, views, theme, .. } = std::mem::take(&mut self.state);
        let restored = self.restore.take().filter(|state| state.data_name.as_deref() == Some(data.name()));
        self.state = match restored {
            Some(state) => AppState { recent, views, ..state },
            None => AppState { theme, recent, views, ..AppState::default() },
        };
        suit(&mut self.state, &data);
        // Freeing a big data set takes a while; the window need not wait for it.
        let old = std::mem::replace(&mut self.data, std::sync::Arc::new(data));
        let old_lanes = self.all_lanes.take();
        std::thread::spawn(move || drop((old, old_lanes)));
        self.opening.current = path;
        self.selected = None;
        self.incoming = None;
        self.history.clear();
        self.undoer = crate::ui::history::Undoer::default();
        self.shown_for = None;
        self.refresh_shown();
        self.start_view();
    }
}
