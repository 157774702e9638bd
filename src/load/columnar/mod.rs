//! Events from columnar files: Apache Parquet, and Arrow IPC as a file (`.arrow`, Feather version 2)
//! or as a stream, as data tools (Polars, pandas, pyarrow, Spark and the SQL engines) write them.
//!
//! The columns are the native CSV's (see `data/README.md`): text columns in any of Arrow's string
//! types (dictionary-encoded too), dates as text or as `Date32`/`Date64`, and the columns of several
//! items (`parties`, `provisions`, `sources`, `related`, `milestones`) either as lists of text or as
//! text in the CSV cell syntax. Problems name rows, counted from 1 over the whole file.

mod cells;

use std::fmt::Display;
use std::fs::File;
use std::io::{Read as _, Seek as _};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use arrow_array::RecordBatch;
use arrow_ipc::reader::{FileReader, StreamReader};
use arrow_schema::{ArrowError, DataType, Schema};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::csv::REQUIRED;
use super::error::{LoadError, Problems};
use super::raw::{At, EVENT_FIELDS, Name};
use super::validate::Validation;
use super::{Loaded, MAX_FILE_BYTES, MAX_ROWS, Progress, Reading};
use cells::{Batch, Cells, Strings};

/// The columnar formats Accords reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Apache Parquet.
    Parquet,
    /// Arrow IPC, as a file (with the `ARROW1` magic; Feather version 2) or as a stream.
    Arrow,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Self::Parquet => "Parquet",
            Self::Arrow => "Arrow IPC",
        }
    }

    /// "a Parquet file", "an Arrow IPC file".
    fn a_file(self) -> &'static str {
        match self {
            Self::Parquet => "a Parquet file",
            Self::Arrow => "an Arrow IPC file",
        }
    }
}

/// How a Parquet file begins (and ends).
const PARQUET_MAGIC: &[u8] = b"PAR1";
/// How an Arrow IPC file begins (and ends); a stream has no magic.
const ARROW_MAGIC: &[u8] = b"ARROW1";
/// How a Feather version 1 file begins: an older format than Arrow IPC, which Arrow no longer reads.
const FEATHER_V1_MAGIC: &[u8] = b"FEA1";
/// How many of a file's first bytes are kept, to tell its format and to say what it looks like.
const HEAD_BYTES: usize = 64;
/// Rows decoded at a time.
const BATCH_ROWS: usize = 8192;

/// The columnar format of a regular file: by its first bytes (`PAR1`, `ARROW1`), or else by its
/// extension (`.parquet`; `.arrow`, `.arrows`, `.feather`, `.ipc`); `None` for any other file, and
/// at once for `.json` and `.csv`. The file is left at its start.
pub fn format_of(path: &Path, file: &mut File) -> std::io::Result<Option<Format>> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if matches!(extension.as_deref(), Some("json" | "csv")) {
        return Ok(None);
    }
    let head = head(file)?;
    if head.starts_with(PARQUET_MAGIC) {
        return Ok(Some(Format::Parquet));
    }
    if head.starts_with(ARROW_MAGIC) {
        return Ok(Some(Format::Arrow));
    }
    Ok(match extension.as_deref() {
        Some("parquet") => Some(Format::Parquet),
        Some("arrow" | "arrows" | "feather" | "ipc") => Some(Format::Arrow),
        _ => None,
    })
}

/// Loads the events of a Parquet file (compressed with snappy or zstd, or not at all); refuses a
/// file of more than [`MAX_ROWS`] rows before reading its data.
pub fn parse_parquet(path: &Path, progress: &Progress) -> Result<Loaded, LoadError> {
    let (file, head) = open(path, Format::Parquet, progress)?;
    let input = Input { path, format: Format::Parquet, head: &head };
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| input.unreadable(&e, progress))?;
    let rows = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    if rows > MAX_ROWS {
        return Err(input.too_many_rows(Some(rows)));
    }
    let schema = Arc::clone(builder.schema());
    let batches = builder.with_batch_size(BATCH_ROWS).build().map_err(|e| input.unreadable(&e, progress))?;
    read(&input, &schema, batches, Measure::Rows(rows), progress)
}

/// Loads the events of an Arrow IPC file (Feather version 2), or of an Arrow IPC stream when the
/// file does not begin with the `ARROW1` magic: uncompressed, or compressed with lz4 or zstd.
pub fn parse_arrow(path: &Path, progress: &Progress) -> Result<Loaded, LoadError> {
    let (file, head) = open(path, Format::Arrow, progress)?;
    let input = Input { path, format: Format::Arrow, head: &head };
    if head.starts_with(FEATHER_V1_MAGIC) {
        let message = "the file is Feather version 1, an older format that Accords does not read; save it again as \
                       Arrow IPC (Feather version 2), e.g. with pyarrow's feather.write_feather(table, path), or as \
                       Parquet";
        return Err(input.failed(message.to_owned()));
    }
    if head.starts_with(ARROW_MAGIC) {
        let reader = FileReader::try_new_buffered(file, None).map_err(|e| input.unreadable(&e, progress))?;
        let schema = reader.schema();
        let batches = reader.num_batches() as u64;
        read(&input, &schema, reader, Measure::Batches(batches), progress)
    } else {
        // A stream is read front to back, so its bytes can be counted as they are read.
        let counted = Reading { inner: file, progress };
        let reader = StreamReader::try_new_buffered(counted, None).map_err(|e| input.unreadable(&e, progress))?;
        let schema = reader.schema();
        read(&input, &schema, reader, Measure::Bytes, progress)
    }
}

/// Opens a columnar file, refusing a folder, an empty file and one over [`MAX_FILE_BYTES`]; gives
/// its first bytes too, and sets `progress.total` to its size.
fn open(path: &Path, format: Format, progress: &Progress) -> Result<(File, Vec<u8>), LoadError> {
    let io = |error| LoadError::Io { path: path.to_owned(), error };
    let mut file = File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    if metadata.is_dir() {
        return Err(LoadError::Folder { path: path.to_owned() });
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path: path.to_owned(), size: Some(size), limit: MAX_FILE_BYTES });
    }
    if size == 0 {
        let message = format!("the file is empty; expected {}", expected(format));
        return Err(LoadError::Columnar { path: path.to_owned(), message });
    }
    progress.total.store(size, Ordering::Relaxed);
    let head = head(&mut file).map_err(io)?;
    Ok((file, head))
}

/// The first [`HEAD_BYTES`] of a file, which is then left at its start.
fn head(file: &mut File) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    file.by_ref().take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    file.rewind()?;
    Ok(head)
}

/// How far through a file its batches are, for [`Progress::read`].
#[derive(Debug, Clone, Copy)]
enum Measure {
    /// By rows, of which the file has this many (Parquet states it).
    Rows(u64),
    /// By batches, of which the file has this many (an Arrow IPC file states it).
    Batches(u64),
    /// By bytes, which the reader counts itself (an Arrow IPC stream).
    Bytes,
}

impl Measure {
    /// Reports `rows` rows in `batches` batches read, as the same share of the file's bytes.
    fn report(self, progress: &Progress, rows: u64, batches: u64) {
        let (done, of) = match self {
            Self::Rows(total) => (rows, total),
            Self::Batches(total) => (batches, total),
            Self::Bytes => return,
        };
        let size = progress.total.load(Ordering::Relaxed);
        if let Some(read) = size.saturating_mul(done.min(of)).checked_div(of) {
            progress.read.store(read, Ordering::Relaxed);
        }
    }
}

/// The file being read, for messages.
struct Input<'a> {
    path: &'a Path,
    format: Format,
    /// The file's first bytes, which tell what a file that is not of its format looks like.
    head: &'a [u8],
}

impl Input<'_> {
    fn failed(&self, message: String) -> LoadError {
        LoadError::Columnar { path: self.path.to_owned(), message }
    }

    /// The file could not be read: what the library said, a hint where there is one, and what was
    /// expected. A read stopped because the person cancelled the load says so instead.
    fn unreadable(&self, error: &dyn Display, progress: &Progress) -> LoadError {
        if progress.cancelled.load(Ordering::Relaxed) {
            return LoadError::Cancelled { path: self.path.to_owned() };
        }
        let said = error.to_string();
        let mut message = format!("cannot read the {} file: {said}", self.format.name());
        if let Some(hint) = self.hint(&said) {
            message.push_str(" (");
            message.push_str(hint);
            message.push(')');
        }
        message.push_str("; expected ");
        message.push_str(&expected(self.format));
        self.failed(message)
    }

    /// What may be wrong, from what the library said and how the file begins.
    fn hint(&self, said: &str) -> Option<&'static str> {
        let codec = said.contains("Disabled feature at compile time") || said.contains("codec type");
        if self.format == Format::Parquet && codec {
            return Some(
                "Accords reads Parquet files compressed with snappy or zstd, or not compressed: write the file \
                 again with one of these (snappy is the default of DuckDB and pandas, zstd that of Polars)",
            );
        }
        let magic = match self.format {
            Format::Parquet => PARQUET_MAGIC,
            Format::Arrow => ARROW_MAGIC,
        };
        if self.head.starts_with(magic) {
            return Some("the file begins as it should, so it may be cut short or damaged");
        }
        let text = self.head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(self.head);
        if !text.iter().all(|&b| b >= 0x20 || b"\t\n\r".contains(&b)) {
            return None;
        }
        if text.trim_ascii_start().starts_with(b"{") || text.trim_ascii_start().starts_with(b"[") {
            Some("the file holds JSON text: is it a .json file under another name?")
        } else {
            Some("the file holds text, not binary columnar data: is it a .csv or .json file under another name?")
        }
    }

    fn too_many_rows(&self, rows: Option<u64>) -> LoadError {
        self.failed(match rows {
            Some(rows) => format!("the file has {rows} rows; Accords opens files of up to {MAX_ROWS} events"),
            None => format!(
                "the file has more than {MAX_ROWS} rows, and reading stopped; Accords opens files of up to \
                 {MAX_ROWS} events"
            ),
        })
    }
}

/// What a columnar file is expected to hold, for messages.
fn expected(format: Format) -> String {
    let optional: Vec<&str> = EVENT_FIELDS.iter().copied().filter(|f| !REQUIRED.contains(f)).collect();
    format!(
        "{} of events with the columns {} (and, if you like, {}); see data/README.md",
        format.a_file(),
        REQUIRED.join(", "),
        optional.join(", ")
    )
}

/// Reads the batches of a file into events and checks them. A title in the file's key-value
/// metadata names the data set.
fn read(
    input: &Input<'_>,
    schema: &Schema,
    batches: impl Iterator<Item = Result<RecordBatch, ArrowError>>,
    measure: Measure,
    progress: &Progress,
) -> Result<Loaded, LoadError> {
    let mut warnings = Problems::default();
    let columns = Columns::of(schema, input, &mut warnings)?;
    let title = schema.metadata().get("title").map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    let mut validation = Validation::new(None, true, Problems::default(), warnings);
    let (mut rows, mut count) = (0_u64, 0_u64);
    for batch in batches {
        if progress.cancelled.load(Ordering::Relaxed) {
            return Err(LoadError::Cancelled { path: input.path.to_owned() });
        }
        let batch = batch.map_err(|e| input.unreadable(&e, progress))?;
        if rows + batch.num_rows() as u64 > MAX_ROWS {
            return Err(input.too_many_rows(None));
        }
        let Some(cells) = columns.batch(&batch) else {
            return Err(input.failed("a batch of rows does not have the column types the file states".to_owned()));
        };
        let first = rows as usize + 1;
        for i in 0..batch.num_rows() {
            validation.event(&cells.event(i, first + i));
        }
        rows += batch.num_rows() as u64;
        count += 1;
        measure.report(progress, rows, count);
    }
    progress.read.store(progress.total.load(Ordering::Relaxed), Ordering::Relaxed);
    validation.finish(title, Vec::new(), input.path)
}

/// The position of a field in [`EVENT_FIELDS`].
fn field_index(name: &str) -> Option<usize> {
    EVENT_FIELDS.iter().position(|f| *f == name)
}

/// Where each of [`EVENT_FIELDS`] is among a file's columns.
struct Columns {
    index: [Option<usize>; EVENT_FIELDS.len()],
}

impl Columns {
    /// Finds the known columns (by name, ignoring case) and checks their types. An unknown or
    /// repeated column is a warning; a known column of a type that cannot hold its values, or a
    /// missing required one, stops the load before any row is read.
    fn of(schema: &Schema, input: &Input<'_>, warnings: &mut Problems) -> Result<Self, LoadError> {
        let mut index = [None; EVENT_FIELDS.len()];
        let mut wrong = Vec::new();
        for (i, column) in schema.fields().iter().enumerate() {
            let name = column.name().trim();
            let at = At { line: 0, column: i + 1, record: Name::Text("the columns".to_owned()) };
            let Some(field) = EVENT_FIELDS.iter().position(|f| f.eq_ignore_ascii_case(name)) else {
                let expected = format!("one of the columns {}", EVENT_FIELDS.join(", "));
                warnings.push(at.problem(name, "not a known field (ignored)", &expected));
                continue;
            };
            let known = EVENT_FIELDS[field];
            if index[field].is_some() {
                warnings.push(at.problem(name, "a second column of that name (ignored)", "each column once"));
            } else if fits(known, column.data_type()) {
                index[field] = Some(i);
            } else {
                let (found, expected) = (column.data_type(), expected_type(known));
                wrong.push(format!("the column `{known}` (column {}) is of type {found}; expected {expected}", i + 1));
            }
        }
        if !wrong.is_empty() {
            return Err(input.failed(format!("{}; see data/README.md", wrong.join("; "))));
        }
        if let Some(missing) = REQUIRED.iter().find(|name| field_index(name).and_then(|f| index[f]).is_none()) {
            let message = format!(
                "the {} file has no `{missing}` column; expected {}",
                input.format.name(),
                expected(input.format)
            );
            return Err(input.failed(message));
        }
        Ok(Self { index })
    }

    /// The known columns of a batch, ready to read row by row; `None` if a column is not of a type
    /// [`Columns::of`] accepted.
    fn batch<'a>(&self, batch: &'a RecordBatch) -> Option<Batch<'a>> {
        let cells = |name: &str| -> Option<Cells<'a>> {
            match field_index(name).and_then(|f| self.index[f]) {
                Some(i) => Cells::new(batch.columns().get(i)?.as_ref()),
                None => Some(Cells::Text(Strings::Null)),
            }
        };
        Some(Batch {
            id: cells("id")?,
            date: cells("date")?,
            end_date: cells("end_date")?,
            title: cells("title")?,
            short_title: cells("short_title")?,
            kind: cells("kind")?,
            parties: cells("parties")?,
            location: cells("location")?,
            summary: cells("summary")?,
            provisions: cells("provisions")?,
            sources: cells("sources")?,
            related: cells("related")?,
            milestones: cells("milestones")?,
            lifecycle_note: cells("lifecycle_note")?,
        })
    }
}

/// Whether an Arrow type can hold the values of the column `field`: text always; dates also as
/// `Date32` or `Date64`; the columns of several items also as lists of text.
fn fits(field: &str, data_type: &DataType) -> bool {
    is_text(data_type)
        || match field {
            "date" | "end_date" => matches!(data_type, DataType::Date32 | DataType::Date64),
            _ if has_items(field) => matches!(
                data_type,
                DataType::List(item) | DataType::LargeList(item) if is_text(item.data_type())
            ),
            _ => false,
        }
}

/// Whether a field holds several items.
fn has_items(field: &str) -> bool {
    matches!(field, "parties" | "provisions" | "sources" | "related" | "milestones")
}

/// Whether an Arrow type holds text: any string type, dictionary-encoded or not, or the null type
/// (a column with no values).
fn is_text(data_type: &DataType) -> bool {
    match data_type {
        DataType::Null | DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, values) => {
            matches!(**values, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
        }
        _ => false,
    }
}

/// The types a column may have, for messages.
fn expected_type(field: &str) -> &'static str {
    match field {
        "date" | "end_date" => {
            "text such as \"2008\", \"2008-08\" or \"2008-08-12\" (Utf8, LargeUtf8 or Utf8View), or a date (Date32 \
             or Date64)"
        }
        _ if has_items(field) => {
            "a list of text (List or LargeList of Utf8, LargeUtf8 or Utf8View), or text with `;`-separated items"
        }
        _ => "text (Utf8, LargeUtf8 or Utf8View)",
    }
}
