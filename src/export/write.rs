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
    /// The system refused (permissions, full disk …).
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<(), WriteError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(WriteError::NoFolder(folder));
    }
    if overwrite == Overwrite::Refuse && path.exists() {
        return Err(WriteError::Exists(path.to_owned()));
    }
    let io = |source| WriteError::Io { path: path.to_owned(), source };
    let mut temporary =
        tempfile::Builder::new().prefix(".accords-").suffix(".part").tempfile_in(&folder).map_err(io)?;
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
