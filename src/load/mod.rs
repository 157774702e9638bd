//! Files in, validated [`Dataset`]s out: the native JSON format and the embedded default data.

mod csv;
mod error;
mod native;
mod raw;
mod timelinejs;
mod validate;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub use error::{LoadError, MAX_PROBLEMS, Problem};

use crate::model::Dataset;

/// The default data set, embedded in the binary.
pub const DEFAULT_DATA: &str = include_str!("../../data/events.json");

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A loaded dataset and the problems that did not stop the load.
#[derive(Debug)]
pub struct Loaded {
    /// The validated data.
    pub dataset: Dataset,
    /// Problems worth telling that did not stop the load (a missing source, an unknown field).
    pub warnings: Vec<Problem>,
}

/// Loads the embedded default data set (1997–2022, Russia–Azerbaijan and around).
pub fn default_dataset() -> Result<Loaded, LoadError> {
    native::parse(DEFAULT_DATA, Path::new("data/events.json"))
}

/// Loads a file's text in whichever format it is: native JSON, native CSV, TimelineJS JSON or
/// TimelineJS CSV (told apart by extension and content); `path` names it in messages.
pub fn from_text(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let json = match extension.as_deref() {
        Some("json") => true,
        Some("csv") => false,
        _ => text.trim_start().starts_with(['{', '[']),
    };
    if json {
        // TimelineJS files have no `actors`; their events have `start_date` objects.
        let head = &text[..text.len().min(1 << 16)];
        if !head.contains("\"actors\"") && (head.contains("\"start_date\"") || head.contains("\"headline\"")) {
            timelinejs::parse_json(text, path)
        } else {
            native::parse(text, path)
        }
    } else {
        let header = text.lines().next().unwrap_or_default();
        if header.contains("Headline") && header.contains("Year") {
            timelinejs::parse_csv(text, path)
        } else {
            csv::parse(text, path)
        }
    }
}

/// Reads and loads a file, refusing files over [`MAX_FILE_BYTES`] before reading them.
pub fn from_path(path: &Path) -> Result<Loaded, LoadError> {
    from_path_reporting(path, &Progress::default())
}

/// How far a load has got, shared with the thread that waits for it; it can also ask to stop.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes read so far.
    pub read: AtomicU64,
    /// The file's size in bytes.
    pub total: AtomicU64,
    /// Set to stop reading; the load then ends with [`LoadError::Cancelled`].
    pub cancelled: AtomicBool,
}

/// Like [`from_path`], reading in chunks and reporting each to `progress`.
pub fn from_path_reporting(path: &Path, progress: &Progress) -> Result<Loaded, LoadError> {
    const CHUNK_BYTES: usize = 1 << 20;
    let io = |source| LoadError::Io { path: path.to_owned(), source };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path: path.to_owned(), size, limit: MAX_FILE_BYTES });
    }
    progress.total.store(size, Ordering::Relaxed);
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut chunk = vec![0; CHUNK_BYTES];
    loop {
        if progress.cancelled.load(Ordering::Relaxed) {
            return Err(LoadError::Cancelled { path: path.to_owned() });
        }
        let n = std::io::Read::read(&mut file, &mut chunk).map_err(io)?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        progress.read.fetch_add(n as u64, Ordering::Relaxed);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, column) = TextPositions::new(&String::from_utf8_lossy(&e.as_bytes()[..offset])).line_column(offset);
        LoadError::Encoding { path: path.to_owned(), line, column }
    })?;
    from_text(text.strip_prefix('\u{feff}').unwrap_or(&text), path)
}

/// A JSON syntax error as a located message, with a hint of what the format expects.
pub(crate) fn json_syntax(path: &Path, error: &serde_json::Error, expected: &str) -> LoadError {
    let message = format!("{error}; expected {expected}");
    LoadError::Syntax { path: path.to_owned(), line: error.line(), column: error.column(), message }
}

/// Turns byte offsets into 1-based line and column numbers.
pub(crate) struct TextPositions {
    line_starts: Vec<usize>,
}

impl TextPositions {
    pub(crate) fn new(text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1))
            .collect();
        Self { line_starts }
    }

    /// Where a record borrowed from `text` (as `serde_json` hands out `RawValue`s) sits in it.
    pub(crate) fn of_raw(&self, text: &str, raw: &serde_json::value::RawValue, record: String) -> raw::At {
        // `raw` borrows from `text`, so its address gives its offset in the file.
        let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let (line, column) = self.line_column(offset);
        raw::At { line, column, record }
    }

    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        (line.max(1), offset - start + 1)
    }
}

#[cfg(test)]
mod tests;
