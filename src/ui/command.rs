//! Every change the window makes is a [`Command`]: panels push them, the keyboard and the command
//! palette push them, and the app applies them once, after every panel has been drawn. The
//! [`ACTIONS`] list names the commands a person can run by name, with their keys.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::EventId;
use crate::query::Filter;
use crate::scene::{LaneArrangement, LaneMode, TimeView};
use crate::view::Theme;

/// A file format the window writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The figure as SVG.
    Svg,
    /// The figure as PNG.
    Png,
    /// The figure as PDF, with citation pages when the export dialog asks for them.
    Pdf,
    /// The shown events as CSV.
    EventsCsv,
    /// The shown events as JSON.
    EventsJson,
}

impl Format {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::EventsCsv => "csv",
            Format::EventsJson => "json",
        }
    }

    /// What the file holds, for the file chooser.
    pub fn kind(self) -> &'static str {
        match self {
            Format::Svg => "SVG image",
            Format::Png => "PNG image",
            Format::Pdf => "PDF document",
            Format::EventsCsv => "CSV table",
            Format::EventsJson => "JSON",
        }
    }
}

/// What a chosen file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Open it as the data.
    Open,
    /// Write the figure or the shown events to it.
    Save(Format),
    /// Write a screenshot of the window to it.
    Screenshot,
}

/// A change to the window's state, applied after the panels.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Select an event (or clear the selection) without moving the view.
    Select(Option<EventId>),
    /// Select an event and bring it into view.
    Reveal(EventId),
    /// Select the previous (−1) or next (+1) shown event and bring it into view.
    Step(i32),
    /// Go back to the event selected before.
    Back,
    /// Go forward again after [`Command::Back`].
    Forward,
    /// Zoom so the selected event fills a good part of the view.
    ZoomToSelection,
    /// Fit the view to the shown events.
    Fit,
    /// Zoom the time axis by a factor (> 1 zooms in), about the selection when it is in view.
    Zoom(f64),
    /// Show these days (the timeline and the overview send this as they are dragged).
    SetView(TimeView),
    /// Replace the filters: one undo step.
    SetFilter(Filter),
    /// Replace the filters while typing: keystrokes close together are one undo step.
    TypeFilter(Filter),
    /// Clear every filter.
    ResetFilters,
    /// Lanes by actor or by kind.
    SetLanes(LaneMode),
    /// Pin lanes to the top and fold lanes away: one undo step.
    ArrangeLanes(LaneArrangement),
    /// Light or dark.
    SetTheme(Theme),
    /// Switch between light and dark.
    ToggleTheme,
    /// Draw every agreement's lifecycle, or only the selected one's.
    SetAllLifecycles(bool),
    /// Dim everything outside the selection's lineage, or not.
    SetFocus(bool),
    /// Switch focus on the selection's lineage on or off.
    ToggleFocus,
    /// Fold the table of events away, or bring it back.
    ToggleTable,
    /// Draw every relation among the events in view, or only the selected event's.
    SetAllLinks(bool),
    /// Clear the filters that hide an event, select it and bring it into view.
    ShowHidden(EventId),
    /// Forget filters, lanes and view: back to how Accords first opens.
    ResetView,
    /// Undo the last change of filters, lanes, theme or view.
    Undo,
    /// Redo what was undone.
    Redo,
    /// Open the dialog that names and saves the current view.
    AskViewName,
    /// Save the current view under a name (replacing a view of that name).
    SaveView(String),
    /// Show a saved view.
    RestoreView(usize),
    /// Rename a saved view.
    RenameView(usize, String),
    /// Forget a saved view.
    DeleteView(usize),
    /// Open the list of saved views.
    ManageViews,
    /// Put the current view's link on the clipboard.
    CopyViewLink,
    /// Open the dialog where a view link is pasted.
    AskViewLink,
    /// Show the view a link describes.
    ApplyViewLink(String),
    /// Choose a file for a purpose: a native dialog where the desktop has one, else the in-app one.
    Choose(Purpose),
    /// A file was chosen.
    Chosen(Purpose, PathBuf),
    /// Load this file.
    Open(PathBuf),
    /// Load the current file again.
    Reload,
    /// Show the data that comes with Accords.
    BuiltInData,
    /// Stop the load under way.
    CancelLoading,
    /// Replace the file the export dialog asked about.
    ReplaceFile,
    /// Keep the file the export dialog asked about.
    KeepFile,
    /// Copy the export figure to the clipboard as an image.
    CopyFigure,
    /// Show or hide the export dialog.
    ShowExport(bool),
    /// Open the command palette.
    ShowPalette,
    /// Show the keyboard shortcuts.
    ShowKeys,
    /// Put the cursor in the search box.
    FocusSearch,
    /// Close the problems window.
    DismissReport,
    /// Close the window.
    Quit,
}

/// A command a person can run by name: from the palette, the Keys window, or its keys.
pub struct Action {
    /// Its name, as the palette lists it.
    pub name: &'static str,
    /// Its keys; the first is the one shown.
    pub keys: &'static [KeyboardShortcut],
    /// What it does.
    pub command: fn() -> Command,
}

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn alt(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::ALT, key)
}

/// Every command with a name, in the order the palette lists them.
pub const ACTIONS: &[Action] = &[
    Action { name: "Command palette", keys: &[ctrl(Key::K), ctrl(Key::P)], command: || Command::ShowPalette },
    Action { name: "Keyboard shortcuts", keys: &[key(Key::F1), key(Key::Questionmark)], command: || Command::ShowKeys },
    Action { name: "Undo", keys: &[ctrl(Key::Z)], command: || Command::Undo },
    Action { name: "Redo", keys: &[ctrl_shift(Key::Z), ctrl(Key::Y)], command: || Command::Redo },
    Action { name: "Back", keys: &[alt(Key::ArrowLeft)], command: || Command::Back },
    Action { name: "Forward", keys: &[alt(Key::ArrowRight)], command: || Command::Forward },
    Action { name: "Previous event", keys: &[key(Key::ArrowLeft)], command: || Command::Step(-1) },
    Action { name: "Next event", keys: &[key(Key::ArrowRight)], command: || Command::Step(1) },
    Action { name: "Clear the selection", keys: &[key(Key::Escape)], command: || Command::Select(None) },
    Action { name: "Zoom to the selection", keys: &[key(Key::Enter)], command: || Command::ZoomToSelection },
    Action { name: "Fit", keys: &[key(Key::F)], command: || Command::Fit },
    Action { name: "Zoom in", keys: &[key(Key::Plus), key(Key::Equals)], command: || Command::Zoom(1.5) },
    Action { name: "Zoom out", keys: &[key(Key::Minus)], command: || Command::Zoom(1.0 / 1.5) },
    Action { name: "Find", keys: &[ctrl(Key::F)], command: || Command::FocusSearch },
    Action { name: "Lanes by actor", keys: &[], command: || Command::SetLanes(LaneMode::Actor) },
    Action { name: "Lanes by type", keys: &[], command: || Command::SetLanes(LaneMode::Kind) },
    Action {
        name: "Unpin and unfold every lane",
        keys: &[],
        command: || Command::ArrangeLanes(LaneArrangement::default()),
    },
    Action { name: "Switch theme", keys: &[], command: || Command::ToggleTheme },
    Action { name: "Focus on the selection's lineage", keys: &[key(Key::L)], command: || Command::ToggleFocus },
    Action { name: "Show or hide the table", keys: &[ctrl(Key::T)], command: || Command::ToggleTable },
    Action { name: "Show all links", keys: &[], command: || Command::SetAllLinks(true) },
    Action { name: "Show the selection's links only", keys: &[], command: || Command::SetAllLinks(false) },
    Action { name: "Draw every lifecycle", keys: &[], command: || Command::SetAllLifecycles(true) },
    Action { name: "Draw the selected lifecycle only", keys: &[], command: || Command::SetAllLifecycles(false) },
    Action { name: "Reset filters", keys: &[], command: || Command::ResetFilters },
    Action { name: "Reset view", keys: &[], command: || Command::ResetView },
    Action { name: "Save view…", keys: &[ctrl(Key::D)], command: || Command::AskViewName },
    Action { name: "Saved views…", keys: &[], command: || Command::ManageViews },
    Action { name: "Copy view link", keys: &[ctrl_shift(Key::C)], command: || Command::CopyViewLink },
    Action { name: "Open view link…", keys: &[ctrl_shift(Key::V)], command: || Command::AskViewLink },
    Action { name: "Open…", keys: &[ctrl(Key::O)], command: || Command::Choose(Purpose::Open) },
    Action { name: "Reload", keys: &[ctrl(Key::R)], command: || Command::Reload },
    Action { name: "Built-in data", keys: &[], command: || Command::BuiltInData },
    Action { name: "Export figure…", keys: &[ctrl(Key::E)], command: || Command::ShowExport(true) },
    Action { name: "Save events as CSV…", keys: &[], command: || Command::Choose(Purpose::Save(Format::EventsCsv)) },
    Action {
        name: "Save events as JSON…", keys: &[], command: || Command::Choose(Purpose::Save(Format::EventsJson))
    },
    Action { name: "Save screenshot", keys: &[ctrl_shift(Key::S)], command: || Command::Choose(Purpose::Screenshot) },
    Action { name: "Quit", keys: &[ctrl(Key::Q)], command: || Command::Quit },
];

/// The commands whose keys were pressed this frame, taking those key presses out of the input.
/// Keys without Ctrl or Alt only count while no text field has the keyboard.
pub fn pressed(ctx: &egui::Context) -> Vec<Command> {
    let typing = ctx.egui_wants_keyboard_input();
    let mut keys: Vec<(&KeyboardShortcut, &Action)> =
        ACTIONS.iter().flat_map(|a| a.keys.iter().map(move |k| (k, a))).collect();
    // egui ignores extra Shift and Alt when it matches: the more specific keys are tried first.
    keys.sort_by_key(|(k, _)| std::cmp::Reverse(modifier_count(k.modifiers)));
    let mut commands = Vec::new();
    for (shortcut, action) in keys {
        let plain = !shortcut.modifiers.command && !shortcut.modifiers.alt;
        if plain && typing {
            continue;
        }
        if ctx.input_mut(|i| i.consume_shortcut(shortcut)) {
            commands.push((action.command)());
        }
    }
    // The side buttons of a mouse go back and forward, as in a browser.
    let (back, forward) = ctx.input(|i| {
        (i.pointer.button_pressed(egui::PointerButton::Extra1), i.pointer.button_pressed(egui::PointerButton::Extra2))
    });
    if back {
        commands.push(Command::Back);
    }
    if forward {
        commands.push(Command::Forward);
    }
    commands
}

fn modifier_count(m: Modifiers) -> usize {
    [m.alt, m.ctrl || m.command || m.mac_cmd, m.shift].into_iter().filter(|on| *on).count()
}

/// The keys of an action as a person reads them ("Ctrl+Z or Ctrl+Y"), or "" without keys.
pub fn keys_text(ctx: &egui::Context, action: &Action) -> String {
    let mac = ctx.os() == egui::os::OperatingSystem::Mac;
    let one = |k: &KeyboardShortcut| {
        let key = match k.logical_key {
            Key::Questionmark => "?",
            Key::Plus => "+",
            Key::Equals => "=",
            Key::Minus => "−",
            Key::ArrowLeft => "←",
            Key::ArrowRight => "→",
            Key::Escape => "Esc",
            other => other.name(),
        };
        let modifiers = egui::ModifierNames::NAMES.format(&k.modifiers, mac);
        if modifiers.is_empty() { key.to_owned() } else { format!("{modifiers}+{key}") }
    };
    action.keys.iter().map(one).collect::<Vec<_>>().join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_name_and_keys() {
        let mut names: Vec<&str> = ACTIONS.iter().map(|a| a.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ACTIONS.len(), "two actions share a name");
        let mut keys: Vec<_> = ACTIONS.iter().flat_map(|a| a.keys.iter().copied()).collect();
        let count = keys.len();
        keys.sort_by_key(|k| format!("{k:?}"));
        keys.dedup();
        assert_eq!(keys.len(), count, "two actions share a key");
    }
}
