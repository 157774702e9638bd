//! The app: persisted state, runtime caches, keyboard, and the commands panels send.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};
use serde::{Deserialize, Serialize};

use super::export_dialog::ExportDialog;
use super::open::Opening;
use super::screenshot::ScreenshotState;
use super::table::TableState;
use crate::model::{Dataset, EventId, PartialDate};
use crate::query::Filter;
use crate::scene::{LaneIndex, LaneMode, Scene};

/// Light or dark colours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// What Accords remembers between runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    /// The filters.
    pub filter: Filter,
    /// Lanes by actor or by kind.
    pub lane_mode: LaneMode,
    /// Light or dark.
    pub theme: Theme,
    /// The visible range of days; `None` fits the data.
    pub visible_days: Option<(f64, f64)>,
    /// The data set the filters and range were made for; another data set starts afresh.
    pub data_name: Option<String>,
    /// Files opened lately, newest first.
    pub recent: Vec<std::path::PathBuf>,
    /// Draw the lifecycle of every agreement with milestones, not only the selected one's.
    pub all_lifecycles: bool,
}

/// Something a panel asks for; applied once, after every panel has been drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Command {
    /// Select an event (or clear the selection) without moving the view.
    Select(Option<EventId>),
    /// Select an event and bring it into view.
    Reveal(EventId),
    /// Select the previous (−1) or next (+1) shown event and bring it into view.
    Step(i32),
    /// Fit the view to the shown events.
    Fit,
    /// Zoom the time axis by a factor around the centre (> 1 zooms in).
    Zoom(f64),
    /// Forget filters, lanes and view: back to how Accords first opens.
    ResetView,
    /// Save a screenshot of the window.
    SaveScreenshot,
}

/// A change of view that the timeline applies on its next frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum ViewRequest {
    /// Show the whole range of the shown events.
    Fit,
    /// Zoom the time axis around its centre.
    Zoom(f64),
    /// Show this range of days.
    Range(f64, f64),
    /// Keep the zoom, and pan so this day is in the middle if it is not in view.
    Reveal(f64),
}

impl ViewRequest {
    /// The range `state` remembers, or the whole data when it remembers none.
    fn remembered(state: &AppState) -> Self {
        state.visible_days.map_or(Self::Fit, |(min, max)| Self::Range(min, max))
    }
}

/// Text the user is typing into the date fields, kept apart from the filter until it parses.
#[derive(Debug, Default)]
pub(super) struct FilterInputs {
    pub actor_search: String,
    pub from: String,
    pub to: String,
    pub in_force: String,
    pub focus_search: bool,
}

impl FilterInputs {
    /// The date fields as they show `filter`.
    fn of(filter: &Filter) -> Self {
        Self {
            from: filter.from.map(PartialDate::iso).unwrap_or_default(),
            to: filter.to.map(PartialDate::iso).unwrap_or_default(),
            in_force: filter.in_force.map(PartialDate::iso).unwrap_or_default(),
            ..Self::default()
        }
    }
}

/// The Accords window.
pub struct AccordsApp {
    /// What persists between runs.
    pub state: AppState,
    pub(super) data: Dataset,
    pub(super) title: String,
    /// The events the filter lets through, in date order.
    pub(super) shown: Vec<EventId>,
    /// The filter `shown` was computed for.
    shown_for: Option<Filter>,
    /// The days that fit every shown event, kept with `shown` so frames need not recompute them.
    pub(super) shown_days: (f64, f64),
    /// The lanes of the shown events, and each lane's events by day; `None` when the shown events change.
    pub(super) lane_index: Option<LaneIndex>,
    /// The laid-out timeline; `None` when it must be rebuilt.
    pub(super) scene: Option<Scene>,
    pub(super) selected: Option<EventId>,
    /// Events that link to the selected one, found once per selection.
    pub(super) incoming: Option<(EventId, Vec<(EventId, crate::model::Relation)>)>,
    pub(super) view_request: Option<ViewRequest>,
    pub(super) commands: Vec<Command>,
    pub(super) inputs: FilterInputs,
    pub(super) table: TableState,
    /// A line telling what the last action did (e.g. where a screenshot went), and whether it failed.
    pub(super) status: Option<(String, bool)>,
    pub(super) screenshot: ScreenshotState,
    pub(super) export: ExportDialog,
    pub(super) opening: Opening,
    /// What a drag on the overview strip is moving, while it lasts.
    pub(super) brush_grip: Option<super::overview::Grip>,
    /// The remembered state, kept while the file the window started with loads: it applies if that
    /// file turns out to be the data set it was saved for.
    pub(super) restore: Option<AppState>,
}

const SCREENSHOT_KEY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const SEARCH_KEY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const QUIT_KEY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);

impl AccordsApp {
    /// An app showing `data`, starting from `state`, in the window `cc` describes.
    pub fn new(cc: &eframe::CreationContext<'_>, data: Dataset, mut state: AppState) -> Self {
        install_fonts(&cc.egui_ctx);
        if state.data_name.as_ref().is_some_and(|name| name != data.name()) {
            // Filters and the range of one data set mean nothing for another; theme and lanes carry over.
            state = AppState { theme: state.theme, lane_mode: state.lane_mode, ..AppState::default() };
        }
        suit(&mut state, &data);
        let inputs = FilterInputs::of(&state.filter);
        let view_request = Some(ViewRequest::remembered(&state));
        let mut app = Self {
            title: super::window_title(&data, None),
            data,
            state,
            shown: Vec::new(),
            shown_for: None,
            shown_days: (0.0, 1.0),
            lane_index: None,
            scene: None,
            selected: None,
            incoming: None,
            view_request,
            commands: Vec::new(),
            inputs,
            table: TableState::default(),
            status: None,
            screenshot: ScreenshotState::default(),
            export: ExportDialog::default(),
            opening: Opening::default(),
            brush_grip: None,
            restore: None,
        };
        app.refresh_shown();
        app
    }

    /// A window that opens with no data and loads `path` in the background, showing its progress;
    /// `state` applies once it has loaded, if it was saved for that data set.
    pub fn loading(cc: &eframe::CreationContext<'_>, path: PathBuf, state: AppState) -> Self {
        let fresh = AppState {
            theme: state.theme,
            lane_mode: state.lane_mode,
            recent: state.recent.clone(),
            ..AppState::default()
        };
        let mut app = Self::new(cc, Dataset::default(), fresh);
        app.restore = Some(state);
        app.open(&cc.egui_ctx, path);
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

    /// The events the filters let through, in date order.
    pub fn shown(&self) -> &[EventId] {
        &self.shown
    }

    /// The selected event.
    pub fn selected(&self) -> Option<EventId> {
        self.selected
    }

    /// Whether every agreement's lifecycle is drawn, or only the selected one's.
    pub fn all_lifecycles(&self) -> bool {
        self.state.all_lifecycles
    }

    /// The data on show.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The visible range of days of the timeline, once it has been drawn.
    pub fn visible_days(&self) -> Option<(f64, f64)> {
        self.state.visible_days
    }

    /// Shows another data set from `path` (`None` for the built-in data), starting afresh but for the
    /// theme and the recent files, and names it in the title bar.
    pub(super) fn replace_data(&mut self, ctx: &egui::Context, data: Dataset, path: Option<PathBuf>) {
        let title = super::window_title(&data, path.as_deref());
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
        self.title = title;
        let recent = std::mem::take(&mut self.state.recent);
        let restored = self.restore.take().filter(|state| state.data_name.as_deref() == Some(data.name()));
        self.state = match restored {
            Some(state) => AppState { recent, ..state },
            None => AppState { theme: self.state.theme, recent, ..AppState::default() },
        };
        suit(&mut self.state, &data);
        // Freeing a big data set takes a while; the window need not wait for it.
        let old = std::mem::replace(&mut self.data, data);
        std::thread::spawn(move || drop(old));
        self.opening.current = path;
        self.inputs = FilterInputs::of(&self.state.filter);
        self.selected = None;
        self.incoming = None;
        self.shown_for = None;
        self.view_request = Some(ViewRequest::remembered(&self.state));
        self.refresh_shown();
    }

    /// The file the data on show came from, if any.
    pub fn set_data_path(&mut self, path: Option<PathBuf>) {
        self.opening.current = path;
    }

    /// Recomputes the shown events if the filter changed since the last time.
    fn refresh_shown(&mut self) -> bool {
        if self.shown_for.as_ref() == Some(&self.state.filter) {
            return false;
        }
        self.shown = self.state.filter.apply(&self.data);
        self.shown_days = crate::scene::fit_days(&self.data, &self.shown);
        self.shown_for = Some(self.state.filter.clone());
        self.lane_index = None;
        self.scene = None;
        self.table.invalidate();
        true
    }

    /// The lanes for the shown events in the chosen lane mode, rebuilt only when either changes.
    pub(super) fn lane_index(&mut self) -> &LaneIndex {
        let mode = self.state.lane_mode;
        if self.lane_index.as_ref().is_none_or(|index| index.mode() != mode) {
            self.lane_index = None;
            self.scene = None;
        }
        self.lane_index.get_or_insert_with(|| LaneIndex::new(&self.data, &self.shown, mode, usize::MAX))
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|i| i.consume_shortcut(&SCREENSHOT_KEY)) {
            self.commands.push(Command::SaveScreenshot);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&SEARCH_KEY)) {
            self.inputs.focus_search = true;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&QUIT_KEY)) {
            // Closing through eframe saves the remembered state on the way out.
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let pressed = |key| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key));
        let keys = [
            (Key::ArrowLeft, Command::Step(-1)),
            (Key::ArrowRight, Command::Step(1)),
            (Key::F, Command::Fit),
            (Key::Plus, Command::Zoom(1.5)),
            (Key::Equals, Command::Zoom(1.5)),
            (Key::Minus, Command::Zoom(1.0 / 1.5)),
            (Key::Escape, Command::Select(None)),
        ];
        for (key, command) in keys {
            if pressed(key) {
                self.commands.push(command);
            }
        }
    }

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Select(id) => self.select(id),
            Command::Reveal(id) => {
                self.select(Some(id));
                let (first, last) = self.data.days(id);
                self.view_request = Some(ViewRequest::Reveal((first + last) as f64 / 2.0));
            }
            Command::Step(direction) => {
                let next = match self.selected.map(|s| self.shown.binary_search(&s)) {
                    Some(Ok(i) | Err(i)) if direction < 0 => i.checked_sub(1),
                    Some(Ok(i)) => Some(i + 1),
                    Some(Err(i)) => Some(i),
                    None if direction < 0 => self.shown.len().checked_sub(1),
                    None => Some(0),
                };
                if let Some(&id) = next.and_then(|i| self.shown.get(i)) {
                    self.apply(ctx, Command::Reveal(id));
                }
            }
            Command::Fit => self.view_request = Some(ViewRequest::Fit),
            Command::Zoom(factor) => self.view_request = Some(ViewRequest::Zoom(factor)),
            Command::ResetView => {
                let recent = std::mem::take(&mut self.state.recent);
                self.state = AppState { recent, ..AppState::default() };
                suit(&mut self.state, &self.data);
                self.inputs = FilterInputs::default();
                self.selected = None;
                self.view_request = Some(ViewRequest::Fit);
                self.scene = None;
            }
            Command::SaveScreenshot => self.screenshot.request(ctx, &mut self.status),
        }
    }

    fn select(&mut self, id: Option<EventId>) {
        if self.selected != id {
            self.selected = id;
            self.table.scroll_to_selection = true;
            // Labels favour the selected event, so the layout changes.
            self.scene = None;
        }
    }
}

/// Ties `state` to `data`: its name, and lanes by type for a file without actors (TimelineJS), which
/// is read by its types and groups.
fn suit(state: &mut AppState, data: &Dataset) {
    state.data_name = Some(data.name().to_owned());
    if data.actors().is_empty() && !data.events().is_empty() {
        state.lane_mode = crate::scene::LaneMode::Kind;
    }
}

/// Adds Hack (bundled with egui) behind the proportional font, for arrows and symbols Ubuntu lacks.
fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    if fonts.font_data.contains_key("Hack")
        && let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional)
    {
        family.insert(1.min(family.len()), "Hack".to_owned());
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
        self.keyboard(&ctx);
        self.dropped_files(&ctx);
        self.poll_open(&ctx);
        self.refresh_shown();

        self.toolbar_ui(ui);
        egui::Panel::left("filters")
            .resizable(true)
            .default_size(270.0)
            .size_range(200.0..=420.0)
            .show(ui, |ui| self.filters_ui(ui));
        egui::Panel::right("details")
            .resizable(true)
            .default_size(340.0)
            .size_range(220.0..=520.0)
            .show(ui, |ui| self.details_ui(ui));
        egui::Panel::bottom("events").resizable(true).default_size(230.0).show(ui, |ui| self.table_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| self.timeline_ui(ui));
        self.export_dialog_ui(&ctx);
        self.open_status_ui(&ctx);

        for command in std::mem::take(&mut self.commands) {
            self.apply(&ctx, command);
        }
        if self.refresh_shown() {
            ctx.request_repaint();
        }
        let busy = self.is_loading();
        self.screenshot.poll(&ctx, &mut self.status, busy);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }
}
