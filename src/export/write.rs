//! Writing files so that a failed write never leaves half a file, and nothing is replaced unasked.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse if the file exists.
    Refuse,
    /// Replace it.
    Replace,
}

/// Why a file was not written. The target is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and replacing it was not allowed.
    #[error("{0} already exists; choose another name or allow replacing it (--force)")]
    Exists(PathBuf),
    /// The folder does not exist.
    #[error("the folder {0} does not exist")]
    NoFolder(PathBuf),
    /// The system refused (permissions, full disk …). What it said is part of the message, not a
    /// `source`, so that printing the error chain does not say it twice.
    #[error("cannot write {path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
}

/// Checks, before any work, that `path` can be written: its folder exists and takes new files, and
/// an existing file there may be replaced.
pub fn check_writable(path: &Path, overwrite: Overwrite) -> Result<(), WriteError> {
    let folder = folder_of(path);
    if !folder.is_dir() {
        return Err(WriteError::NoFolder(folder));
    }
    if path.is_dir() {
        return Err(WriteError::Io { path: path.to_owned(), error: std::io::Error::other("it is a folder") });
    }
    if overwrite == Overwrite::Refuse && path.exists() {
        return Err(WriteError::Exists(path.to_owned()));
    }
    // The one sure test of a folder's permissions is to make a file in it.
    temporary_in(&folder).map(drop).map_err(|error| WriteError::Io { path: path.to_owned(), error })
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Start of every temporary file's name; the process id follows, so a later run can tell the
/// files of a process that was killed mid-write from those of one still writing.
const TEMPORARY_PREFIX: &str = ".accords-";
const TEMPORARY_SUFFIX: &str = ".part";

fn temporary_in(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&format!("{TEMPORARY_PREFIX}{}-", std::process::id()))
        .suffix(TEMPORARY_SUFFIX)
        .tempfile_in(folder)
}

/// Removes the temporary files that writers killed mid-write (`kill -9`, a power cut) left in
/// `folder`: those of processes that no longer run, and old ones whose name gives no process.
fn remove_leftovers(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(middle) =
            name.to_str().and_then(|n| n.strip_prefix(TEMPORARY_PREFIX)).and_then(|n| n.strip_suffix(TEMPORARY_SUFFIX))
        else {
            continue;
        };
        let writer = middle.split('-').next().and_then(|pid| pid.parse::<u32>().ok());
        let abandoned = match writer {
            Some(pid) => pid != std::process::id() && !process_runs(pid),
            None => entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().unwrap_or_default() > STALE),
        };
        if abandoned {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// How old a temporary file without a process id must be to count as abandoned.
const STALE: std::time::Duration = std::time::Duration::from_hours(1);

/// Whether a process runs; where the system cannot tell (no `/proc`), it is taken to run.
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<(), WriteError> {
    let folder = folder_of(path);
    if !folder.is_dir() {
        return Err(WriteError::NoFolder(folder));
    }
    if overwrite == Overwrite::Refuse && path.exists() {
        return Err(WriteError::Exists(path.to_owned()));
    }
    remove_leftovers(&folder);
    let io = |error| WriteError::Io { path: path.to_owned(), error };
    let mut temporary = temporary_in(&folder).map_err(io)?;
    temporary.write_all(bytes).map_err(io)?;
    // Temporary files are private (0600); an exported figure is an ordinary file.
    #[cfg(unix)]
    temporary.as_file().set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644)).map_err(io)?;
    temporary.as_file().sync_all().map_err(io)?;
    let result = match overwrite {
        Overwrite::Replace => temporary.persist(path).map(drop),
        // `persist_noclobber` refuses atomically if the file appeared meanwhile.
        Overwrite::Refuse => temporary.persist_noclobber(path).map(drop),
    };
    result.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists(path.to_owned())
        } else {
            io(e.error)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_unless_asked_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("figure.svg");
        write_atomically(&path, b"first", Overwrite::Refuse).unwrap();
        let refused = write_atomically(&path, b"second", Overwrite::Refuse).unwrap_err();
        assert!(matches!(refused, WriteError::Exists(_)), "{refused}");
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_atomically(&path, b"second", Overwrite::Replace).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&path).unwrap().permissions()) & 0o777,
            0o644
        );
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1, "a temporary file was left behind");
    }

    #[test]
    fn files_left_by_killed_writers_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this id (Linux ids stop below 2^22); the test's own process runs.
        let dead = dir.path().join(".accords-4294967-abc123.part");
        let alive = dir.path().join(format!(".accords-{}-def456.part", std::process::id()));
        let other = dir.path().join("notes.part");
        for file in [&dead, &alive, &other] {
            std::fs::write(file, b"").unwrap();
        }
        write_atomically(&dir.path().join("figure.svg"), b"svg", Overwrite::Refuse).unwrap();
        assert!(!dead.exists(), "a dead writer's file was kept");
        assert!(alive.exists() && other.exists(), "a file that is not abandoned was removed");
    }

    #[test]
    fn writability_is_checked_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("figure.png");
        check_writable(&path, Overwrite::Refuse).unwrap();
        std::fs::write(&path, b"old").unwrap();
        assert!(matches!(check_writable(&path, Overwrite::Refuse), Err(WriteError::Exists(_))));
        check_writable(&path, Overwrite::Replace).unwrap();
        assert!(matches!(
            check_writable(Path::new("/no/such/dir/x.png"), Overwrite::Replace),
            Err(WriteError::NoFolder(_))
        ));
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "the check left a file behind");
    }

    #[test]
    fn a_missing_folder_is_named() {
        let err = write_atomically(Path::new("/no/such/folder/x.png"), b"x", Overwrite::Replace).unwrap_err();
        assert_eq!(err.to_string(), "the folder /no/such/folder does not exist");
    }

    #[test]
    fn a_read_only_folder_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.png");
        std::fs::write(&path, b"old").unwrap();
        // A directory in the file's place makes the rename fail after the temporary file was written.
        let blocked = dir.path().join("sub");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("keep"), b"").unwrap();
        assert!(write_atomically(&blocked, b"new", Overwrite::Replace).is_err());
        let leftovers = std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok);
        assert!(leftovers.into_iter().all(|e| !e.file_name().to_string_lossy().ends_with(".part")));
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
    }
}
