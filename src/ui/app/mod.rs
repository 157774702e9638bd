//! The app: what is remembered between runs, what the panels are shown, and the one place where
//! the commands they send change anything ([`apply`]).

mod apply;
mod cache_writes;
mod refilter;

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::command::{self, Command};
use super::details;
use super::export_dialog::{self, ExportDialog};
use super::files::{self, Chooser, Confirm};
use super::filters::{self, FilterInputs};
use super::history::{SelectionHistory, Undoable, Undoer};
use super::open::{self, Opening};
use super::palette::{self, Palette};
use super::screenshot::ScreenshotState;
use super::table::{self, TableState};
use super::timeline::{self, Timeline, TimelineState};
use super::toolbar::{self, Toolbar};
use super::views::{self, SavedView, ViewsDialogs};
use crate::model::{Dataset, EventId, Relation};
use crate::query::Filter;
use crate::scene::{AllLanes, LaneArrangement, LaneIndex, LaneMode, TimeView};
use crate::view::{Theme, ViewSpec};
use cache_writes::CacheWrites;
use refilter::Refilter;

/// What Accords remembers between runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[allow(clippy::struct_excessive_bools, reason = "each flag is a switch remembered on its own")]
pub struct AppState {
    /// The filters.
    pub filter: Filter,
    /// Lanes by actor or by kind.
    pub lane_mode: LaneMode,
    /// Lanes pinned to the top or folded away.
    pub arrangement: LaneArrangement,
    /// Light or dark.
    pub theme: Theme,
    /// The visible range of days; `None` fits the data.
    pub visible_days: Option<(f64, f64)>,
    /// The data set the filters and range were made for; another data set starts afresh.
    pub data_name: Option<String>,
    /// Files opened lately, newest first.
    pub recent: Vec<PathBuf>,
    /// Draw the lifecycle of every agreement with milestones, not only the selected one's.
    pub all_lifecycles: bool,
    /// Views saved under a name, in the order they were saved.
    pub views: Vec<SavedView>,
    /// Focus on the selection: everything outside its lineage is dimmed.
    pub focus: bool,
    /// Draw every relation among the events in view, not only the selected event's.
    pub all_links: bool,
    /// The table of events is folded away, leaving its room to the timeline.
    pub hide_table: bool,
}

/// The Accords window.
pub struct AccordsApp {
    /// What persists between runs.
    state: AppState,
    /// Shared with the worker that filters a big data set.
    data: Arc<Dataset>,
    title: String,
    /// The events the filter lets through, in date order.
    shown: Vec<EventId>,
    /// The filter `shown` was computed for.
    shown_for: Option<Filter>,
    /// The days that fit every shown event, kept with `shown` so frames need not recompute them.
    shown_days: (f64, f64),
    /// Every event's lanes in the current lane mode, built once per data set and mode, from which
    /// each filter's `lane_index` is made in one pass; `None` when the data or the mode changes.
    all_lanes: Option<Arc<AllLanes>>,
    /// A filter being worked out off the UI thread (big data sets only).
    refilter: Refilter,
    /// The lanes of the shown events, and each lane's events by day; `None` when the shown events change.
    lane_index: Option<LaneIndex>,
    /// Counts the rebuilds of `lane_index`, so the timeline knows when to lay out again.
    index_generation: u64,
    /// The days in view: the one owner of the range, which the timeline and the overview follow.
    time: TimeView,
    selected: Option<EventId>,
    /// Events that link to the selected one, found once per selection.
    incoming: Option<(EventId, Vec<(EventId, Relation)>)>,
    history: SelectionHistory,
    undoer: Undoer,
    commands: Vec<Command>,
    inputs: FilterInputs,
    table: TableState,
    timeline: TimelineState,
    /// A line telling what the last action did (e.g. where a file went), and whether it failed.
    status: Option<(String, bool)>,
    screenshot: ScreenshotState,
    export: ExportDialog,
    opening: Opening,
    chooser: Chooser,
    /// A file that exists, waiting for "Replace".
    confirm: Confirm,
    palette: Palette,
    views_dialogs: ViewsDialogs,
    clipboard: Option<arboard::Clipboard>,
    /// Use the desktop's file dialog (else the in-app chooser).
    native_dialogs: bool,
    /// The remembered state, kept while the file the window started with loads: it applies if that
    /// file turns out to be the data set it was saved for.
    restore: Option<AppState>,
    /// A view link to show at the start of the next frame, or once the file being loaded is in.
    pending_view: Option<String>,
    /// Cache entries for files just opened, waiting or being written.
    cache_writes: CacheWrites,
}

impl AccordsApp {
    /// An app showing `data`, starting from `state`, in the window `cc` describes.
    pub fn new(cc: &eframe::CreationContext<'_>, data: Dataset, mut state: AppState) -> Self {
        install_fonts(&cc.egui_ctx);
        if state.data_name.as_ref().is_some_and(|name| name != data.name()) {
            // Filters and the range of one data set mean nothing for another; theme, lanes and views carry over.
            state =
                AppState { theme: state.theme, lane_mode: state.lane_mode, views: state.views, ..AppState::default() };
        }
        suit(&mut state, &data);
        let mut app = Self {
            title: super::window_title(&data, None),
            data: Arc::new(data),
            state,
            shown: Vec::new(),
            shown_for: None,
            shown_days: (0.0, 1.0),
            all_lanes: None,
            refilter: Refilter::default(),
            lane_index: None,
            index_generation: 0,
            time: TimeView::new(0.0, 1.0, 1000.0),
            selected: None,
            incoming: None,
            history: SelectionHistory::default(),
            undoer: Undoer::default(),
            commands: Vec::new(),
            inputs: FilterInputs::default(),
            table: TableState::default(),
            timeline: TimelineState::default(),
            status: None,
            screenshot: ScreenshotState::default(),
            export: ExportDialog::default(),
            opening: Opening::default(),
            chooser: Chooser::default(),
            confirm: None,
            palette: Palette::default(),
            views_dialogs: ViewsDialogs::default(),
            clipboard: None,
            native_dialogs: files::native_dialog_available(),
            restore: None,
            pending_view: None,
            cache_writes: CacheWrites::default(),
        };
        app.refresh_shown();
        app.start_view();
        app
    }

    /// A window that opens with no data and loads `path` in the background, showing its progress;
    /// `state` applies once it has loaded, if it was saved for that data set.
    pub fn loading(cc: &eframe::CreationContext<'_>, path: PathBuf, state: AppState) -> Self {
        let fresh = AppState {
            theme: state.theme,
            lane_mode: state.lane_mode,
            recent: state.recent.clone(),
            views: state.views.clone(),
            ..AppState::default()
        };
        let mut app = Self::new(cc, Dataset::default(), fresh);
        app.restore = Some(state);
        app.opening.start(&cc.egui_ctx, path);
        app
    }

    /// Sets the window title, which the screenshot and the top bar repeat.
    pub fn set_title(&mut self, title: String) {
        self.title = title;
    }

    /// Saves a screenshot to `path` once the window is drawn, then closes the window.
    pub fn screenshot_then_quit(&mut self, path: PathBuf) {
        self.screenshot.then_quit(path);
    }

    /// Shows the view a link describes, once the data is there: at the start of the next frame, or
    /// once the file being loaded is in. (Before the panels draw, so that the view they report back
    /// is already the link's.)
    pub fn show_view_link(&mut self, link: String) {
        self.pending_view = Some(link);
    }

    /// Chooses files with the in-app chooser rather than the desktop's dialog (`false`), or back.
    pub fn set_native_dialogs(&mut self, native: bool) {
        self.native_dialogs = native;
    }

    /// Runs a command on the next frame, as if a panel had sent it.
    pub fn run(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// The events the filters let through, in date order.
    pub fn shown(&self) -> &[EventId] {
        &self.shown
    }

    /// The selected event.
    pub fn selected(&self) -> Option<EventId> {
        self.selected
    }

    /// Whether the timeline dims what is outside the selection's lineage.
    pub fn focus(&self) -> bool {
        self.state.focus
    }

    /// The lineage arcs drawn on the timeline.
    pub fn links(&self) -> &[crate::scene::Link] {
        self.timeline.scene().map_or(&[], |s| s.links.as_slice())
    }

    /// The names of the timeline's lanes, top to bottom.
    pub fn lane_names(&self) -> Vec<&str> {
        self.lane_index.as_ref().map_or_else(Vec::new, |index| index.lanes.iter().map(|l| l.label.as_str()).collect())
    }

    /// Whether every agreement's lifecycle is drawn, or only the selected one's.
    pub fn all_lifecycles(&self) -> bool {
        self.state.all_lifecycles
    }

    /// The data on show.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// What is remembered between runs: filters, lanes, theme, range, views.
    pub fn remembered(&self) -> &AppState {
        &self.state
    }

    /// The filters.
    pub fn filter(&self) -> &Filter {
        &self.state.filter
    }

    /// The visible range of days of the timeline.
    pub fn visible_days(&self) -> Option<(f64, f64)> {
        Some((self.time.min_day, self.time.max_day))
    }

    /// The line that tells what the last action did, and whether it failed.
    pub fn status(&self) -> Option<(&str, bool)> {
        self.status.as_ref().map(|(text, failed)| (text.as_str(), *failed))
    }

    /// The current view as a link: filters, lanes, range, theme and selection.
    pub fn view_link(&self) -> String {
        self.view_spec().link()
    }

    /// The file the data on show came from, if any.
    pub fn set_data_path(&mut self, path: Option<PathBuf>) {
        self.opening.current = path;
    }

    fn view_spec(&self) -> ViewSpec {
        ViewSpec {
            filter: self.state.filter.clone(),
            lane_mode: self.state.lane_mode,
            arrangement: self.state.arrangement.clone(),
            theme: self.state.theme,
            days: Some((self.time.min_day, self.time.max_day)),
            selected: self.selected.map(|id| self.data.event(id).id.to_string()),
            all_lifecycles: self.state.all_lifecycles,
        }
    }

    /// The view the remembered range describes, or the whole data when it remembers none.
    fn start_view(&mut self) {
        let days = self.state.visible_days.unwrap_or(self.shown_days);
        self.time = self.time.with_days(days.0, days.1).clamped(self.shown_days);
        self.timeline.lanes_to_top = true;
    }

    /// What undo and redo bring back, as it is now.
    fn undoable(&self) -> Undoable {
        Undoable {
            filter: self.state.filter.clone(),
            lane_mode: self.state.lane_mode,
            arrangement: self.state.arrangement.clone(),
            theme: self.state.theme,
            all_lifecycles: self.state.all_lifecycles,
            days: (self.time.min_day, self.time.max_day),
        }
    }

    /// Recomputes the shown events if the filter changed since the last time.
    fn refresh_shown(&mut self) -> bool {
        if self.shown_for.as_ref() == Some(&self.state.filter) {
            return false;
        }
        self.refilter.cancel();
        self.shown = self.state.filter.apply(&self.data);
        self.shown_days = crate::scene::fit_days(&self.data, &self.shown);
        self.shown_for = Some(self.state.filter.clone());
        self.lane_index = None;
        self.table.invalidate();
        true
    }

    /// As `refresh_shown`, but a big data set is filtered off the UI thread, the last picture kept
    /// until the new one is ready; takes the outcome of such work once it is done.
    fn refresh_shown_soon(&mut self, ctx: &egui::Context) {
        if let Some(done) = self.refilter.poll() {
            self.take_filtered(done);
        }
        if self.shown_for.as_ref() == Some(&self.state.filter) {
            return;
        }
        let all = self.all_lanes.as_ref().filter(|all| all.mode() == self.state.lane_mode);
        match all {
            Some(all) if self.data.len() >= refilter::BACKGROUND_FROM_EVENTS && self.lane_index.is_some() => {
                self.refilter.start(ctx, &self.data, all, &self.state.filter, &self.state.arrangement);
            }
            _ => {
                self.refresh_shown();
            }
        }
    }

    /// Shows what a worker filtered, if it is still what the filter asks for.
    fn take_filtered(&mut self, done: refilter::Filtered) {
        if done.filter != self.state.filter || self.shown_for.as_ref() == Some(&done.filter) {
            return;
        }
        self.shown = done.shown;
        self.shown_days = done.shown_days;
        self.shown_for = Some(done.filter);
        self.table.invalidate();
        if done.index.mode() == self.state.lane_mode && *done.index.arrangement() == self.state.arrangement {
            self.lane_index = Some(done.index);
            self.index_generation += 1;
        } else {
            self.lane_index = None;
        }
    }

    /// Whether a filter is being worked out off the UI thread, the picture not yet showing it.
    pub fn is_filtering(&self) -> bool {
        self.refilter.is_busy()
    }

    /// Builds the lanes for the shown events in the chosen lane mode and arrangement, when any changed.
    fn refresh_lanes(&mut self) {
        let mode = self.state.lane_mode;
        let current = |index: &LaneIndex| index.mode() == mode && *index.arrangement() == self.state.arrangement;
        if !self.lane_index.as_ref().is_some_and(current) {
            let all = match self.all_lanes.take() {
                Some(all) if all.mode() == mode => all,
                _ => Arc::new(AllLanes::new(&self.data, mode)),
            };
            let index = all.shown(&self.data, &self.shown).arranged(&self.data, &self.state.arrangement, usize::MAX);
            self.lane_index = Some(index);
            self.all_lanes = Some(all);
            self.index_generation += 1;
        }
    }

    /// Draws every panel; each sends what it wants changed as commands.
    fn panels(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        let mut out = Vec::new();
        let views: Vec<&str> = self.state.views.iter().map(|v| v.name.as_str()).collect();
        let current = self.undoable();
        let bar = Toolbar {
            title: &self.title,
            lane_mode: self.state.lane_mode,
            theme: self.state.theme,
            all_lifecycles: self.state.all_lifecycles,
            focus: self.state.focus,
            all_links: self.state.all_links,
            current_file: self.opening.current.as_ref(),
            recent: &self.state.recent,
            views: views.clone(),
            can_undo: self.undoer.has_undo(&current),
            can_redo: self.undoer.has_redo(&current),
            can_back: self.history.can_go_back(),
            can_forward: self.history.can_go_forward(),
            has_selection: self.selected.is_some(),
        };
        toolbar::show(ui, &bar, &mut out);
        status_bar(ui, self.status.as_ref());
        let filters_panel = egui::Panel::left("filters").resizable(true).default_size(270.0).size_range(200.0..=420.0);
        let filters_right = filters_panel
            .show(ui, |ui| {
                let shown = (self.shown.len(), self.refilter.is_busy());
                filters::show(ui, &self.data, shown, &self.state.filter, &mut self.inputs, &mut out);
            })
            .response
            .rect
            .right();
        if let Some(id) = self.selected
            && self.incoming.as_ref().is_none_or(|(of, _)| *of != id)
        {
            // Finding the events that link here scans them all: once per selection, not per frame.
            self.incoming = Some((id, self.data.referring_to(id)));
        }
        let incoming = self.incoming.as_ref().map_or(&[][..], |(_, links)| links.as_slice());
        egui::Panel::right("details").resizable(true).default_size(340.0).size_range(220.0..=520.0).show(ui, |ui| {
            details::show(ui, &self.data, &self.shown, self.selected, incoming, &mut out);
        });
        if self.state.hide_table {
            egui::Panel::bottom("events-folded").show(ui, |ui| {
                let text = format!("▲ Show the table ({} events)", self.shown.len());
                if ui.small_button(text).on_hover_text("Ctrl+T").clicked() {
                    out.push(Command::ToggleTable);
                }
            });
        } else {
            // The table keeps room for a few rows however the panels are dragged.
            let panel = egui::Panel::bottom("events").resizable(true).default_size(230.0).size_range(110.0..=640.0);
            panel.show(ui, |ui| {
                let in_force = self.state.filter.in_force;
                table::show(ui, &self.data, &self.shown, self.selected, in_force, &mut self.table, &mut out);
            });
        }
        if let Some(index) = &self.lane_index {
            let input = Timeline {
                data: &self.data,
                shown: &self.shown,
                shown_days: self.shown_days,
                index,
                index_generation: self.index_generation,
                time: self.time,
                selected: self.selected,
                incoming,
                all_lifecycles: self.state.all_lifecycles,
                focus: self.state.focus,
                all_links: self.state.all_links,
                loading: self.opening.is_loading(),
                arrangement: &self.state.arrangement,
            };
            egui::CentralPanel::default().show(ui, |ui| timeline::show(ui, &input, &mut self.timeline, &mut out));
        }
        let source = export_dialog::Source {
            data: &self.data,
            shown: &self.shown,
            filter: &self.state.filter,
            shown_days: self.shown_days,
            time: self.time,
            lanes: self.state.lane_mode,
            arrangement: &self.state.arrangement,
            focus: self.selected.filter(|_| self.state.focus),
            selected: self.selected,
        };
        export_dialog::show(ctx, &source, &mut self.export, filters_right, &mut out);
        open::status_ui(ctx, &self.opening, &mut out);
        palette::show(ctx, &mut self.palette, &views, &mut out);
        views::show(ctx, &self.state.views, &mut self.views_dialogs, &mut out);
        files::confirm_ui(ctx, &self.confirm, &mut out);
        self.chooser.show(ctx, &mut out);
        self.commands.extend(out);
    }

    /// Esc closes the dialog on top (file chooser, palette, views dialogs, keys, export), before it
    /// can clear the selection.
    fn escape_closes_a_dialog(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            return;
        }
        let closed = self.chooser.close()
            || self.palette.close()
            || self.views_dialogs.close()
            || self.confirm.take().is_some()
            || std::mem::take(&mut self.export.open);
        if closed {
            ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        }
    }

    fn figure_source(&self) -> export_dialog::Source<'_> {
        export_dialog::Source {
            data: &self.data,
            shown: &self.shown,
            filter: &self.state.filter,
            shown_days: self.shown_days,
            time: self.time,
            lanes: self.state.lane_mode,
            arrangement: &self.state.arrangement,
            focus: self.selected.filter(|_| self.state.focus),
            selected: self.selected,
        }
    }
}

/// One line at the bottom of the window: what the last action did. It never wraps.
fn status_bar(ui: &mut egui::Ui, status: Option<&(String, bool)>) {
    egui::Panel::bottom("status").show(ui, |ui| {
        let (text, color) = match status {
            Some((message, true)) => (message.as_str(), ui.visuals().error_fg_color),
            Some((message, false)) => (message.as_str(), ui.visuals().text_color()),
            None => ("Ctrl+K: every command by name · F1: keys", ui.visuals().weak_text_color()),
        };
        let label = ui.add(egui::Label::new(egui::RichText::new(text).color(color)).truncate());
        label.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    });
}

/// Ties `state` to `data`: its name, and lanes by type for a file without actors (TimelineJS), which
/// is read by its types and groups.
fn suit(state: &mut AppState, data: &Dataset) {
    state.data_name = Some(data.name().to_owned());
    if data.actors().is_empty() && !data.is_empty() {
        state.lane_mode = LaneMode::Kind;
    }
}

/// Sets the proportional text in the scene's chain of fonts: egui's Ubuntu Light, then the bundled
/// Armenian, Georgian, Hebrew and Arabic faces and Hack, then egui's emoji. A character takes the
/// first that has it, so the window draws each label in the font the scene measured it with.
fn install_fonts(ctx: &egui::Context) {
    use crate::scene::text::FACES;
    let mut fonts = egui::FontDefinitions::default();
    let fallbacks = &FACES[1..];
    for face in fallbacks {
        fonts.font_data.insert(face.family.to_owned(), Arc::new(egui::FontData::from_static(face.data)));
    }
    if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        family.retain(|name| fallbacks.iter().all(|face| face.family != name));
        let at = 1.min(family.len());
        family.splice(at..at, fallbacks.iter().map(|face| face.family.to_owned()));
    }
    ctx.set_fonts(fonts);
}

impl eframe::App for AccordsApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        ctx.set_theme(match self.state.theme {
            Theme::Light => egui::Theme::Light,
            Theme::Dark => egui::Theme::Dark,
        });
        self.escape_closes_a_dialog(&ctx);
        let mut commands = command::pressed(&ctx);
        if let Some(path) = open::dropped_file(&ctx) {
            commands.push(Command::Open(path));
        }
        self.commands.splice(0..0, commands);
        if let Some((path, outcome)) = self.opening.poll() {
            self.loaded(&ctx, path, outcome);
        }
        if !self.opening.is_loading()
            && let Some(link) = self.pending_view.take()
        {
            self.apply_link(&link, "Showing the view from the link");
        }
        self.refresh_shown_soon(&ctx);
        self.refresh_lanes();
        self.panels(ui, &ctx);
        let commands = std::mem::take(&mut self.commands);
        let changed = !commands.is_empty();
        for command in commands {
            self.apply(&ctx, command);
        }
        self.refresh_shown_soon(&ctx);
        if changed {
            ctx.request_repaint();
        }
        let now = ctx.input(|i| i.time);
        self.undoer.feed_state(now, &self.undoable());
        if self.undoer.is_in_flux() {
            // A change becomes an undo step once it has stayed a moment; look again then.
            ctx.request_repaint_after(std::time::Duration::from_millis(1100));
        }
        self.cache_writes.poll(&ctx);
        let busy = self.opening.is_loading();
        self.screenshot.poll(&ctx, &mut self.status, busy);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }

    fn on_exit(&mut self) {
        self.cache_writes.finish();
    }
}
