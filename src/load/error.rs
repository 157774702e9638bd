//! What can go wrong when loading a file, said so that a person can fix it.

use std::fmt::{self, Write as _};
use std::path::PathBuf;

/// One problem in one record of a file: where, which field, the value, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Problem {
    /// 1-based line of the record (or of the field, where known); in a table (Parquet, Arrow)
    /// its 1-based row, with `column` 0. 0 when not known.
    pub line: usize,
    /// 1-based column; 0 for a table's row, or when not known.
    pub column: usize,
    /// The record, e.g. `event "shusha-declaration"` or `event #12`.
    pub record: String,
    /// The field, e.g. `date`.
    pub field: String,
    /// The offending value as written, shortened if long; empty when the field is missing.
    pub value: String,
    /// What was expected instead.
    pub expected: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, 0) => {}
            (0, column) => write!(f, "column {column}: ")?,
            // A table's row (Parquet, Arrow), which has no line.
            (row, 0) => write!(f, "row {row}: ")?,
            (line, column) => write!(f, "{line}:{column}: ")?,
        }
        write!(f, "{}: field `{}`", self.record, self.field)?;
        if self.value.is_empty() {
            write!(f, " is missing; expected {}", self.expected)
        } else {
            write!(f, " is {}; expected {}", self.value, self.expected)
        }
    }
}

impl Problem {
    /// The problem after its file's name: `events.json:12:3: …` at a line and column, and
    /// `events.parquet: row 2: …` elsewhere.
    pub fn in_file(&self, path: &std::path::Path) -> String {
        let joint = if self.line > 0 && self.column > 0 { ":" } else { ": " };
        format!("{}{joint}{self}", path.display())
    }
}

/// The most problems reported for one file; the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

/// Why a file could not be loaded. The data open before stays untouched.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read. (What the system said is part of the message, not a
    /// `source`, so that printing the error chain does not say it twice.)
    #[error("{path}: cannot read the file: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// The path names a folder.
    #[error("{path}: is a folder; expected an event file (.json or .csv)")]
    Folder {
        /// The folder.
        path: PathBuf,
    },
    /// Nothing was read.
    #[error("{path}: the file is empty; expected events as JSON or CSV (see data/README.md)")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is larger than Accords opens.
    #[error("{}", too_large_message(path, *size, *limit))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes, when the system knows it before reading (not for pipes and devices).
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    #[error("{path}: not UTF-8 text: invalid byte at line {line}, column {column}; save the file as UTF-8")]
    Encoding {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in bytes) of the first bad byte.
        column: usize,
    },
    /// The file holds a NUL byte, so it is no text file at all.
    #[error("{path}: not a text file: a NUL byte at line {line}, column {column}; expected events as JSON or CSV text")]
    Binary {
        /// The file.
        path: PathBuf,
        /// 1-based line of the NUL byte.
        line: usize,
        /// 1-based column (in bytes).
        column: usize,
    },
    /// The file is not well-formed (JSON syntax, missing top-level fields).
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, from the parser.
        message: String,
    },
    /// A Parquet or Arrow IPC file that cannot be read as events: not such a file, cut short,
    /// compressed in a way Accords does not read, too many rows, or without the columns (or the
    /// column types) events need.
    #[error("{path}: {message}")]
    Columnar {
        /// The file.
        path: PathBuf,
        /// What is wrong (with what the Parquet or Arrow library said) and what was expected.
        message: String,
    },
    /// The person stopped the load.
    #[error("{path}: loading was cancelled")]
    Cancelled {
        /// The file.
        path: PathBuf,
    },
    /// The file uses something Accords cannot draw.
    #[error("{path}: uses {what}, which Accords cannot draw")]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What it uses.
        what: String,
    },
    /// The file is well-formed but some records are wrong.
    #[error("{}", invalid_message(path, problems, *more))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The problems, in file order, at most [`MAX_PROBLEMS`].
        problems: Vec<Problem>,
        /// How many more problems there were beyond the listed ones.
        more: usize,
    },
}

fn too_large_message(path: &std::path::Path, size: Option<u64>, limit: u64) -> String {
    let mib = limit >> 20;
    match size {
        Some(size) => format!(
            "{}: the file has {size} bytes; Accords opens files up to {limit} bytes ({mib} MiB)",
            path.display()
        ),
        None => format!(
            "{}: more than {limit} bytes were read, and reading stopped; Accords opens files up to {mib} MiB",
            path.display()
        ),
    }
}

fn invalid_message(path: &std::path::Path, problems: &[Problem], more: usize) -> String {
    let total = problems.len() + more;
    let mut text =
        format!("{}: {total} problem{} found; nothing was loaded", path.display(), if total == 1 { "" } else { "s" });
    for problem in problems {
        let _ = write!(text, "\n  {}", problem.in_file(path));
    }
    if more > 0 {
        let _ = write!(text, "\n  … and {more} more");
    }
    text
}

/// Collects problems up to [`MAX_PROBLEMS`] and counts the rest.
#[derive(Debug, Default)]
pub struct Problems {
    /// The problems kept.
    pub list: Vec<Problem>,
    /// How many were dropped past the cap.
    pub more: usize,
}

impl Problems {
    /// Records a problem.
    pub fn push(&mut self, problem: Problem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(problem);
        } else {
            self.more += 1;
        }
    }

    /// Records all of `other`'s problems after these, leaving it empty.
    pub fn append(&mut self, other: &mut Problems) {
        for problem in other.list.drain(..) {
            self.push(problem);
        }
        self.more += std::mem::take(&mut other.more);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Shortens a value for a message and quotes it like JSON.
pub fn quote(value: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut short: String = value.chars().take(MAX_CHARS).collect();
    if value.chars().count() > MAX_CHARS {
        short.push('…');
    }
    format!("{short:?}")
}
