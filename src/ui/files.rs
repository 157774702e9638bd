//! Where saved files go: a native dialog where the desktop offers one, else a timestamped file in
//! the Pictures folder (or the current folder).

use std::path::{Path, PathBuf};

/// The outcome of asking where to save.
pub(super) enum SaveTarget {
    /// Save here.
    Path(PathBuf),
    /// The person closed the dialog.
    Cancelled,
}

/// Asks where to save a file named like `stem-YYYYMMDD-HHMMSS.extension`.
pub(super) fn choose_save_path(stem: &str, kind: &str, extension: &str) -> SaveTarget {
    let name = format!("{stem}-{}.{extension}", chrono::Local::now().format("%Y%m%d-%H%M%S"));
    if file_dialog_available() {
        return match rfd::FileDialog::new().add_filter(kind, &[extension]).set_file_name(&name).save_file() {
            Some(path) => SaveTarget::Path(path),
            None => SaveTarget::Cancelled,
        };
    }
    let folder = dirs::picture_dir()
        .filter(|d| d.is_dir())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    SaveTarget::Path(folder.join(name))
}

/// Whether a native save dialog can be shown: on Linux it needs a desktop portal on the session bus.
pub(super) fn file_dialog_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|dir| Path::new(&dir).join("bus").exists())
}
