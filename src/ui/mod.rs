//! The window: an eframe app whose panels read state and paint the scene. The only module that knows egui.

mod app;
mod command;
mod details;
mod export_dialog;
mod files;
mod filters;
mod history;
mod lanes;
mod open;
mod overview;
mod paint;
mod palette;
mod screenshot;
mod table;
mod timeline;
mod toolbar;
mod views;

use std::path::PathBuf;

pub use app::{AccordsApp, AppState};
pub use command::{ACTIONS, Action, Command, Format, Purpose};
pub use views::SavedView;

pub use crate::view::Theme;

use crate::model::Dataset;

/// How the window was asked to start.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// The file the data came from, shown in the title bar; `None` for the built-in data.
    pub data_path: Option<PathBuf>,
    /// Save a screenshot here once the window is drawn, then close (for scripts and tests).
    pub screenshot_to: Option<PathBuf>,
    /// A view link to show once the data is there.
    pub view: Option<String>,
}

/// Opens the window and runs until it is closed. With `data`, the window shows it; without, it opens
/// at once and loads `options.data_path` in the background, with progress.
pub fn run(data: Option<Dataset>, options: StartOptions) -> anyhow::Result<()> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        anyhow::bail!(
            "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); \
             `accords list` prints the events without one"
        );
    }
    let title = match (&data, &options.data_path) {
        (Some(data), path) => window_title(data, path.as_deref()),
        (None, Some(path)) => format!("Accords — {}", path.display()),
        (None, None) => "Accords".to_owned(),
    };
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(&title)
            .with_inner_size([1500.0, 900.0])
            .with_min_inner_size([800.0, 500.0]),
        persist_window: options.screenshot_to.is_none(),
        ..Default::default()
    };
    eframe::run_native(
        "accords",
        native,
        Box::new(move |cc| {
            // A scripted screenshot starts from the defaults, so it shows the same thing on every machine.
            let state = match (&options.screenshot_to, cc.storage) {
                (None, Some(storage)) => eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default(),
                _ => AppState::default(),
            };
            let mut app = match (data, options.data_path) {
                (None, Some(path)) => AccordsApp::loading(cc, path, state),
                (data, path) => {
                    let mut app = AccordsApp::new(cc, data.unwrap_or_default(), state);
                    app.set_data_path(path);
                    app
                }
            };
            app.set_title(title);
            if let Some(path) = options.screenshot_to {
                app.screenshot_then_quit(path);
            }
            if let Some(link) = options.view {
                app.show_view_link(link);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// "Accords — <data set> (<file>)": so a screenshot says what it shows.
pub fn window_title(data: &Dataset, path: Option<&std::path::Path>) -> String {
    match path {
        Some(path) => format!("Accords — {} ({})", data.name(), path.display()),
        None => format!("Accords — {}", data.name()),
    }
}
