//! Choosing files: the desktop's own dialog where it has one (through a portal on Linux), else a
//! file chooser drawn inside the window. A file is never written anywhere the person did not choose.

use std::path::{Path, PathBuf};

use super::command::{Command, Format, Purpose};

/// The in-app chooser, when it is open, and what its file is for.
#[derive(Default)]
pub struct Chooser {
    open: Option<(egui_file::FileDialog, Purpose)>,
}

impl Chooser {
    /// Opens the chooser for `purpose`, in `folder`.
    pub fn open(&mut self, purpose: Purpose, folder: &Path) {
        let mut dialog = match purpose {
            Purpose::Open => egui_file::FileDialog::open_file()
                .title("Open events")
                .show_files_filter(Box::new(|path: &Path| has_extension(path, &OPENS))),
            Purpose::Save(_) | Purpose::Screenshot => {
                let (title, _, extension) = describe(purpose);
                egui_file::FileDialog::save_file()
                    .title(title)
                    .default_filename(default_name(purpose))
                    .show_files_filter(Box::new(move |path: &Path| has_extension(path, &[extension])))
            }
        }
        .initial_path(folder)
        .show_rename(false)
        .keep_on_top(true)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .default_size([640.0, 420.0]);
        dialog.open();
        self.open = Some((dialog, purpose));
    }

    /// Closes the chooser without a file; whether it was open.
    pub fn close(&mut self) -> bool {
        self.open.take().is_some()
    }

    /// Draws the chooser; a chosen file becomes a [`Command::Chosen`].
    pub fn show(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        let Some((dialog, purpose)) = &mut self.open else { return };
        let purpose = *purpose;
        match dialog.show(ctx).state() {
            egui_file::State::Open => {}
            egui_file::State::Selected => {
                if let Some(path) = dialog.path() {
                    let mut path = path.to_path_buf();
                    // A name typed without its extension gets it.
                    let (_, _, extension) = describe(purpose);
                    if purpose != Purpose::Open && path.extension().is_none() {
                        path.set_extension(extension);
                    }
                    out.push(Command::Chosen(purpose, path));
                }
                self.open = None;
            }
            egui_file::State::Closed | egui_file::State::Cancelled => self.open = None,
        }
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The dialog's title, what the file holds, and its extension.
fn describe(purpose: Purpose) -> (&'static str, &'static str, &'static str) {
    match purpose {
        Purpose::Open => ("Open events", "Event files", "json"),
        Purpose::Save(format @ (Format::Svg | Format::Png | Format::Pdf)) => {
            ("Save the figure", format.kind(), format.extension())
        }
        Purpose::Save(format) => ("Save the shown events", format.kind(), format.extension()),
        Purpose::Screenshot => ("Save a screenshot", "PNG image", "png"),
    }
}

/// A name for a new file: `accords-figure-YYYYMMDD-HHMMSS.svg` and the like.
pub fn default_name(purpose: Purpose) -> String {
    let stem = match purpose {
        Purpose::Save(Format::EventsCsv | Format::EventsJson) => "accords-events",
        Purpose::Save(_) => "accords-figure",
        Purpose::Open | Purpose::Screenshot => "accords",
    };
    let (_, _, extension) = describe(purpose);
    format!("{stem}-{}.{extension}", chrono::Local::now().format("%Y%m%d-%H%M%S"))
}

/// Where a chooser starts: the Pictures folder for pictures, else the home folder.
pub fn default_folder(purpose: Purpose) -> PathBuf {
    let pictures = matches!(purpose, Purpose::Screenshot | Purpose::Save(Format::Svg | Format::Png | Format::Pdf));
    let folder = if pictures { dirs::picture_dir() } else { None };
    folder
        .filter(|d| d.is_dir())
        .or_else(dirs::home_dir)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The extensions of the files Accords opens: native and TimelineJS JSON and CSV, Parquet, Arrow IPC.
const OPENS: [&str; 7] = ["json", "csv", "parquet", "arrow", "arrows", "feather", "ipc"];

/// Asks the desktop's own dialog; `None` when the person closes it.
pub fn native_choose(purpose: Purpose, folder: &Path) -> Option<PathBuf> {
    let (title, kind, extension) = describe(purpose);
    let dialog = rfd::FileDialog::new().set_title(title).set_directory(folder);
    match purpose {
        Purpose::Open => dialog.add_filter(kind, &OPENS).pick_file(),
        _ => dialog.add_filter(kind, &[extension]).set_file_name(default_name(purpose)).save_file(),
    }
}

/// Whether the desktop's own dialog can be shown: on Linux it needs a desktop portal on the session
/// bus. `ACCORDS_FILE_DIALOG=in-app` asks for the in-app chooser anyway (for a portal that fails).
pub fn native_dialog_available() -> bool {
    if std::env::var("ACCORDS_FILE_DIALOG").is_ok_and(|v| v == "in-app") {
        return false;
    }
    if !cfg!(target_os = "linux") {
        return true;
    }
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|dir| Path::new(&dir).join("bus").exists())
}

/// A file that exists, with the bytes that would replace it, waiting for the person's word.
pub type Confirm = Option<(PathBuf, Vec<u8>)>;

/// Asks whether to replace the file in `confirm`.
pub fn confirm_ui(ctx: &egui::Context, confirm: &Confirm, out: &mut Vec<Command>) {
    let Some((path, _)) = confirm else { return };
    egui::Window::new("Replace the file?").collapsible(false).resizable(false).show(ctx, |ui| {
        ui.label(format!("{} exists. Replace it?", path.display()));
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                out.push(Command::ReplaceFile);
            }
            if ui.button("Keep the old file").clicked() {
                out.push(Command::KeepFile);
            }
        });
    });
}
