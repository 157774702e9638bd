//! Files in, validated [`Dataset`]s out: the native JSON format and the embedded default data.

mod cache;
mod columnar;
mod csv;
mod error;
mod native;
mod raw;
mod stream;
mod timelinejs;
mod validate;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub use cache::Cache;
pub use error::{LoadError, MAX_PROBLEMS, Problem};
pub(crate) use raw::EVENT_FIELDS;

use crate::model::Dataset;

/// The default data set, embedded in the binary.
pub const DEFAULT_DATA: &str = include_str!("../../data/events.json");

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Parquet and Arrow IPC files with more rows than this are refused: a Parquet file before its
/// data are read (its metadata gives the count), an Arrow IPC file once it has read that many.
pub const MAX_ROWS: u64 = 5_000_000;

/// A loaded dataset and the problems that did not stop the load.
#[derive(Debug)]
pub struct Loaded {
    /// The validated data.
    pub dataset: Dataset,
    /// Problems worth telling that did not stop the load (a missing source, an unknown field).
    pub warnings: Vec<Problem>,
    /// Whether it came from the cache (see [`Cache`]) rather than from reading the file.
    pub from_cache: bool,
}

/// Loads the embedded default data set (1997–2022, Russia–Azerbaijan and around).
pub fn default_dataset() -> Result<Loaded, LoadError> {
    native::parse(DEFAULT_DATA, Path::new("data/events.json"))
}

/// Loads a file's text in whichever format it is: native JSON, native CSV, TimelineJS JSON or
/// TimelineJS CSV (told apart by extension and content); `path` names it in messages. A leading
/// byte-order mark is skipped, as it is when the file is read.
pub fn from_text(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty { path: path.to_owned() });
    }
    if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
        let (line, column) = TextPositions::new(&text[..offset]).line_column(offset);
        return Err(LoadError::Binary { path: path.to_owned(), line, column });
    }
    if is_json(path, text) {
        if is_timelinejs(text) { timelinejs::parse_json(text, path) } else { native::parse(text, path) }
    } else {
        let header = text.lines().next().unwrap_or_default();
        if header.contains("Headline") && header.contains("Year") {
            timelinejs::parse_csv(text, path)
        } else {
            csv::parse(text, path)
        }
    }
}

/// Whether a file is JSON, by its extension or else by how its text (or the start of it) begins.
fn is_json(path: &Path, head: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => true,
        Some("csv") => false,
        _ => head.trim_start().starts_with(['{', '[']),
    }
}

/// Whether JSON text (or its first 64 KiB) is TimelineJS: no `actors`, and events with `start_date`
/// objects or headlines.
fn is_timelinejs(text: &str) -> bool {
    let mut end = text.len().min(HEAD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    !head.contains("\"actors\"") && (head.contains("\"start_date\"") || head.contains("\"headline\""))
}

/// How much of a file is read to tell its format.
const HEAD_BYTES: usize = 1 << 16;

/// Reads and loads a file, refusing files over [`MAX_FILE_BYTES`]; `-` reads standard input.
pub fn from_path(path: &Path) -> Result<Loaded, LoadError> {
    from_path_reporting(path, &Progress::default())
}

/// How far a load has got, shared with the thread that waits for it; it can also ask to stop.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes read so far.
    pub read: AtomicU64,
    /// The file's size in bytes (0 when it is not known: a pipe, a device, standard input).
    pub total: AtomicU64,
    /// Set to stop reading; the load then ends with [`LoadError::Cancelled`].
    pub cancelled: AtomicBool,
}

/// The name standard input goes by in messages.
pub const STDIN_NAME: &str = "standard input";

/// Like [`from_path`], reading in chunks and reporting each to `progress`.
///
/// Every input is read once and its bytes are counted as they arrive, so a pipe, a FIFO or a device
/// (whose size the system gives as 0) obeys the same limit as a file; only a regular file, which
/// can be read again, is first tried as a native JSON stream. A regular file that is Parquet or
/// Arrow IPC (by its first bytes, or else its extension: `.parquet`, `.arrow`, `.arrows`,
/// `.feather`, `.ipc`) is read as such, with at most [`MAX_ROWS`] rows.
pub fn from_path_reporting(path: &Path, progress: &Progress) -> Result<Loaded, LoadError> {
    from_path_cached(path, progress, None)
}

/// Like [`from_path_reporting`], through `cache`: a regular file the cache takes opens from its
/// entry when the entry stands for the file as it is now, and otherwise is loaded and its entry
/// written (a cache that cannot be written only costs time later).
pub fn from_path_cached(path: &Path, progress: &Progress, cache: Option<&Cache>) -> Result<Loaded, LoadError> {
    let (loaded, entry) = from_path_caching_later(path, progress, cache)?;
    if let Some(entry) = entry {
        entry.write(&loaded.dataset, &loaded.warnings);
    }
    Ok(loaded)
}

/// Like [`from_path_cached`], but the entry a file needs is left to the caller to write, so that
/// nobody waits for it (at a million events it takes about half a second): the window shows the
/// data, then writes the entry on another thread.
pub fn from_path_caching_later(path: &Path, progress: &Progress, cache: Option<&Cache>) -> Result<Opened, LoadError> {
    if path == Path::new("-") {
        let name = Path::new(STDIN_NAME);
        let bytes = read_limited(std::io::stdin().lock(), name, progress, 0)?;
        return Ok((from_bytes(bytes, name)?, None));
    }
    let io = |error| LoadError::Io { path: path.to_owned(), error };
    let mut file = open_without_waiting(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    if metadata.is_dir() {
        return Err(LoadError::Folder { path: path.to_owned() });
    }
    if !metadata.is_file() {
        let bytes = read_limited(&file, path, progress, 0)?;
        return Ok((from_bytes(bytes, path)?, None));
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path: path.to_owned(), size: Some(size), limit: MAX_FILE_BYTES });
    }
    progress.total.store(size, Ordering::Relaxed);
    let Some(cache) = cache.filter(|c| c.takes(size)) else { return Ok((from_file(&mut file, path, progress)?, None)) };
    let (cached, key) = cache.load(path, &mut file, progress);
    if let Some(loaded) = cached {
        progress.read.store(size, Ordering::Relaxed);
        return Ok((loaded, None));
    }
    std::io::Seek::rewind(&mut file).map_err(io)?;
    let loaded = from_file(&mut file, path, progress)?;
    let entry = key.map(|key| PendingEntry { cache: cache.clone(), source: path.to_owned(), key });
    Ok((loaded, entry))
}

/// A file's data, and the cache entry it still needs (see [`from_path_caching_later`]).
pub type Opened = (Loaded, Option<PendingEntry>);

/// The cache entry of a file just loaded, still to be written (see [`from_path_caching_later`]).
#[derive(Debug)]
pub struct PendingEntry {
    cache: Cache,
    source: std::path::PathBuf,
    key: cache::KeyOf,
}

impl PendingEntry {
    /// Writes the entry for the data loaded from the file; a failure is logged, since a cache that
    /// cannot be written only costs time later.
    pub fn write(self, dataset: &Dataset, warnings: &[Problem]) {
        if let Err(error) = self.cache.store(&self.source, self.key, dataset, warnings) {
            log::warn!("{}: the cache could not be written: {error}", self.source.display());
        }
    }
}

/// Loads a regular file (its size checked) in whichever format it is.
fn from_file(file: &mut std::fs::File, path: &Path, progress: &Progress) -> Result<Loaded, LoadError> {
    let io = |error| LoadError::Io { path: path.to_owned(), error };
    match columnar::format_of(path, file).map_err(io)? {
        Some(columnar::Format::Parquet) => return columnar::parse_parquet(path, progress),
        Some(columnar::Format::Arrow) => return columnar::parse_arrow(path, progress),
        None => {}
    }
    if let Some(loaded) = stream_native(file, path, progress)? {
        return Ok(loaded);
    }
    // Anything the stream leaves (other formats, files with problems to point at) is read whole.
    progress.read.store(0, Ordering::Relaxed);
    std::io::Seek::rewind(file).map_err(io)?;
    let size = file.metadata().map_or(0, |m| usize::try_from(m.len()).unwrap_or(0));
    let bytes = read_limited(&*file, path, progress, size)?;
    from_bytes(bytes, path)
}

/// Opens a file for reading. A FIFO is opened without waiting for a writer (a plain open would hang
/// until one comes); reads then block as usual, and a FIFO nobody writes to reads as empty.
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        let nonblocking = rustix::fs::OFlags::NONBLOCK;
        let file = std::fs::OpenOptions::new().read(true).custom_flags(nonblocking.bits() as i32).open(path)?;
        let flags = rustix::fs::fcntl_getfl(&file)?;
        rustix::fs::fcntl_setfl(&file, flags.difference(nonblocking))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    std::fs::File::open(path)
}

/// Reads all of `reader`, counting its bytes into `progress`, refusing more than [`MAX_FILE_BYTES`],
/// and stopping at the first NUL byte, which no text file holds (`/dev/zero`, a binary file), so
/// such input is refused at once rather than after a gigabyte. Room is made for `expected` bytes
/// (a regular file's size) at once, rather than copied over as the text grows.
fn read_limited(
    reader: impl std::io::Read,
    path: &Path,
    progress: &Progress,
    expected: usize,
) -> Result<Vec<u8>, LoadError> {
    let mut reading = Reading { inner: reader, progress };
    let mut bytes = Vec::with_capacity(expected.min(MAX_FILE_BYTES as usize));
    let mut chunk = vec![0; HEAD_BYTES];
    loop {
        let n = match std::io::Read::read(&mut reading, &mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) if progress.cancelled.load(Ordering::Relaxed) => {
                return Err(LoadError::Cancelled { path: path.to_owned() });
            }
            Err(error) => return Err(LoadError::Io { path: path.to_owned(), error }),
        };
        if bytes.len() + n > MAX_FILE_BYTES as usize {
            return Err(LoadError::TooLarge { path: path.to_owned(), size: None, limit: MAX_FILE_BYTES });
        }
        let start = bytes.len();
        bytes.extend_from_slice(&chunk[..n]);
        if let Some(at) = memchr::memchr(0, &bytes[start..]) {
            let offset = start + at;
            let (line, column) = TextPositions::new(&bytes[..offset]).line_column(offset);
            return Err(LoadError::Binary { path: path.to_owned(), line, column });
        }
    }
}

/// Decodes a whole file's bytes as UTF-8 and loads them.
fn from_bytes(bytes: Vec<u8>, path: &Path) -> Result<Loaded, LoadError> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, column) = TextPositions::new(&e.as_bytes()[..offset]).line_column(offset);
        LoadError::Encoding { path: path.to_owned(), line, column }
    })?;
    from_text(&text, path)
}

/// Loads a native JSON file as a stream (see [`stream::parse_stream`]): `None` when the file is of
/// another format, or holds JSON that only the whole-text path has words for.
fn stream_native(file: &std::fs::File, path: &Path, progress: &Progress) -> Result<Option<Loaded>, LoadError> {
    use std::io::BufRead as _;
    let mut reader = std::io::BufReader::with_capacity(HEAD_BYTES, Reading { inner: file, progress });
    let Ok(head) = reader.fill_buf() else { return Ok(None) };
    let bom = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let head = String::from_utf8_lossy(&head[bom..]);
    if !is_json(path, &head) || is_timelinejs(&head) {
        return Ok(None);
    }
    reader.consume(bom);
    let file_bytes = file.metadata().map_or(0, |m| usize::try_from(m.len()).unwrap_or(0));
    match stream::parse_stream(reader, file_bytes, path) {
        Ok(Some(streamed)) => streamed.map(Some),
        Err(_) if progress.cancelled.load(Ordering::Relaxed) => Err(LoadError::Cancelled { path: path.to_owned() }),
        Ok(None) | Err(_) => Ok(None),
    }
}

/// A read that counts its bytes into `progress` and stops when it is cancelled.
struct Reading<'p, R> {
    inner: R,
    progress: &'p Progress,
}

impl<R: std::io::Read> std::io::Read for Reading<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.cancelled.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("cancelled"));
        }
        if self.progress.read.load(Ordering::Relaxed) > MAX_FILE_BYTES {
            // A file that grows while it is read; the whole-text path then says it is too large.
            return Err(std::io::Error::other("more bytes than Accords opens"));
        }
        let n = self.inner.read(buf)?;
        self.progress.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A JSON syntax error as a located message, with a hint of what the format expects.
pub(crate) fn json_syntax(path: &Path, error: &serde_json::Error, expected: &str) -> LoadError {
    let message = format!("{error}; expected {expected}");
    LoadError::Syntax { path: path.to_owned(), line: error.line(), column: error.column(), message }
}

/// Turns byte offsets into 1-based line and column numbers. It keeps, for every block of
/// [`POSITION_BLOCK`] bytes, how many lines come before the block and where the line it starts in
/// began, and counts the rest within the block: a few kilobytes for a file of any shape (a line
/// per record or a line per field), where keeping every line's start took 8 bytes a line.
pub(crate) struct TextPositions<'a> {
    text: &'a [u8],
    blocks: Vec<(usize, usize)>,
}

/// How many bytes of text one entry of [`TextPositions`] covers.
const POSITION_BLOCK: usize = 1 << 12;

impl<'a> TextPositions<'a> {
    pub(crate) fn new(text: &'a (impl AsRef<[u8]> + ?Sized)) -> Self {
        let text = text.as_ref();
        let (mut lines, mut line_start) = (0, 0);
        let mut blocks = Vec::with_capacity(text.len() / POSITION_BLOCK + 1);
        for (i, block) in text.chunks(POSITION_BLOCK).enumerate() {
            blocks.push((lines, line_start));
            if let Some(last) = memchr::memrchr(b'\n', block) {
                lines += memchr::memchr_iter(b'\n', block).count();
                line_start = i * POSITION_BLOCK + last + 1;
            }
        }
        Self { text, blocks }
    }

    /// Where a record borrowed from the text (as `serde_json` hands out `RawValue`s) sits in it.
    pub(crate) fn of_raw(&self, raw: &serde_json::value::RawValue, record: raw::Name) -> raw::At {
        // `raw` borrows from the text, so its address gives its offset in the file.
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let (line, column) = self.line_column(offset);
        raw::At { line, column, record }
    }

    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        // The end of a text that fills its last block is counted in that block.
        let block = (offset / POSITION_BLOCK).min(self.blocks.len().saturating_sub(1));
        let (mut lines, mut line_start) = self.blocks.get(block).copied().unwrap_or_default();
        let start = block * POSITION_BLOCK;
        let before = &self.text[start..offset];
        if let Some(last) = memchr::memrchr(b'\n', before) {
            lines += memchr::memchr_iter(b'\n', before).count();
            line_start = start + last + 1;
        }
        (lines + 1, offset - line_start + 1)
    }
}

#[cfg(test)]
mod tests;
