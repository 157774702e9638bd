//! Native JSON read as a stream: cut into values a chunk at a time, parsed on a second thread,
//! checked on the first, so a big file is never held whole. Anything it cannot take as it comes
//! goes to the careful path in [`super::native`].

use std::path::Path;

use serde::Deserialize;
use yoke::{Yoke, Yokeable};

use super::Loaded;
use super::error::{LoadError, Problems};
use super::raw::{At, Name, RawEvent};
use super::validate::Validation;
use event::{StreamActor, StreamEvent};
pub(super) use event::{read_event, tell_unknown};

mod event;

/// The outcome of reading a file as a stream: the data set or its problems, as [`super::native::parse`] would give them.
pub type Streamed = Result<Loaded, LoadError>;

/// Reads a native JSON file as a stream, checking each event as it is read, so the file's text is
/// never held whole and its records never all at once. Problems in the events are told with their
/// line and column, as [`super::native::parse`] tells them, and so are fields Accords does not know.
/// JSON the stream cannot take as it comes (a field of the wrong type or given twice, a problem
/// with the actors) gives `Ok(None)`, and the caller then
/// reads the file with [`super::native::parse`], which has words for everything. `file_bytes`, the
/// file's size where it is known (else 0), makes room for its events before they are read.
pub fn parse_stream(
    reader: impl std::io::Read + Send,
    file_bytes: usize,
    path: &Path,
) -> std::io::Result<Option<Streamed>> {
    read_stream(Values::new(reader), file_bytes, path)
}

/// [`parse_stream`] from these values (the tests read files in small chunks).
pub(super) fn read_stream(
    mut json: Values<impl std::io::Read + Send>,
    file_bytes: usize,
    path: &Path,
) -> std::io::Result<Option<Streamed>> {
    let (mut title, mut validation, mut events_read) = (None, None, false);
    if !json.take(b'{')? {
        return Ok(None);
    }
    loop {
        let Some(key) = json.parse::<String>()? else { return Ok(None) };
        if !json.take(b':')? {
            return Ok(None);
        }
        // Each field once, `actors` before `events`; anything else is left to the careful path.
        match key.as_str() {
            "title" if title.is_none() => match json.parse::<Option<String>>()? {
                Some(text) => title = Some(text),
                _ => return Ok(None),
            },
            "actors" if validation.is_none() => {
                let Some(actors) = json.parse::<Vec<StreamActor>>()? else {
                    return Ok(None);
                };
                let Some(actors) = actors.into_iter().map(StreamActor::into_raw).collect::<Option<Vec<_>>>() else {
                    return Ok(None);
                };
                let checked = Validation::new(Some(&actors), true, Problems::default(), Problems::default());
                // Problems with actors are named by the careful path, which knows where each actor is.
                if !checked.is_clean() {
                    return Ok(None);
                }
                validation = Some(checked);
            }
            "events" if !events_read => {
                let Some(validation) = validation.as_mut() else { return Ok(None) };
                validation.reserve_for_file(file_bytes);
                if !read_events(&mut json, validation)? {
                    return Ok(None);
                }
                events_read = true;
            }
            "title" | "actors" | "events" => return Ok(None),
            _ => {
                if json.parse::<serde::de::IgnoredAny>()?.is_none() {
                    return Ok(None);
                }
            }
        }
        if json.take(b',')? {
            continue;
        }
        if json.take(b'}')? && json.at_end()? {
            break;
        }
        return Ok(None);
    }
    match validation {
        Some(validation) if events_read => Ok(Some(validation.finish(title.flatten(), Vec::new(), path))),
        _ => Ok(None),
    }
}

/// How many events the careful path sends from its reading thread to the checking one at a time.
pub(super) const BATCH: usize = 1024;

/// The events read from one chunk of the file, each with the names of its fields Accords does not
/// know. Their texts are borrowed from the chunk where the JSON has no escapes in them.
#[derive(Yokeable)]
struct Events<'a> {
    list: Vec<(RawEvent<'a>, Vec<String>)>,
}

/// A chunk of the file and the events read from it, which go to the checking thread together.
type Chunk = Yoke<Events<'static>, Vec<u8>>;

/// How reading the `events` array stands between chunks.
#[derive(Default)]
struct InArray {
    /// How many events have been read.
    events: usize,
    /// Whether an event was read last, so that a comma or the end of the array comes next.
    after_event: bool,
}

/// Where reading the events of a chunk stopped.
enum Stop {
    /// At the end of the text in memory: more of the file is needed.
    More,
    /// At the end of the array, which has been read.
    Closed,
    /// At JSON for the careful path.
    Careful,
}

/// Reads the `events` array into the validation; false if it holds JSON for the careful path.
/// Parsing runs on a second thread, checking on this one, a chunk of the file at a time.
fn read_events(json: &mut Values<impl std::io::Read + Send>, validation: &mut Validation) -> std::io::Result<bool> {
    if !json.take(b'[')? {
        return Ok(false);
    }
    if json.take(b']')? {
        return Ok(true);
    }
    let (chunks, received) = std::sync::mpsc::sync_channel::<Chunk>(4);
    // Checked chunks come back, so that their events are dropped on the thread that made them and
    // their memory holds the next text: fresh memory for each would first have to be zeroed.
    let (spent, returned) = std::sync::mpsc::channel::<Chunk>();
    std::thread::scope(|scope| {
        let parser = scope.spawn(move || {
            let mut array = InArray::default();
            loop {
                let buffer = returned.try_recv().map(Chunk::into_backing_cart).unwrap_or_default();
                let (chunk, stop) = json.events(&mut array, buffer);
                // A send fails when the checker has stopped listening; then there is no need to read on.
                if !chunk.get().list.is_empty() && chunks.send(chunk).is_err() {
                    return Ok(false);
                }
                match stop {
                    Stop::More if json.fill()? => {}
                    Stop::Closed => return Ok(true),
                    Stop::More | Stop::Careful => return Ok(false),
                }
            }
        });
        let mut unknown = Problems::default();
        for chunk in received {
            for (raw, fields) in &chunk.get().list {
                tell_unknown(raw, fields, &mut unknown);
                validation.tell_warnings(&mut unknown);
                validation.event(raw);
            }
            // The parser may have stopped; then the chunk is dropped here.
            spent.send(chunk).ok();
        }
        parser.join().unwrap_or(Ok(false))
    })
}

/// JSON text from a reader, parsed one whole value at a time, with only a chunk of the file in
/// memory. `serde_json` parses each value from a slice, which is several times faster than from a reader.
pub(super) struct Values<R> {
    reader: R,
    /// How much of the file is read at a time (more for a value longer than that).
    chunk_bytes: usize,
    /// The text in memory.
    buffer: Vec<u8>,
    at: Cursor,
}

/// Where reading is in the text in memory, and where its lines are.
#[derive(Clone, Copy, Default)]
struct Cursor {
    /// Where the unread text starts.
    start: usize,
    /// Where the text starts in the file, in bytes.
    text_offset: u64,
    /// Line breaks are counted up to here in the text: there are `lines` of them before it, and
    /// the last line began at `line_start` (an offset in the file).
    counted: usize,
    lines: usize,
    line_start: u64,
}

/// A value read from the text in memory.
enum Parsed<T> {
    /// The value, and where its text ends.
    Value(T, usize),
    /// The text ends before the value does.
    Cut,
    /// Not JSON of that type.
    Invalid,
}

impl Cursor {
    /// The next byte of `text` that is not white space, left unread; `None` if only white space is left.
    fn peek(&mut self, text: &[u8]) -> Option<u8> {
        let skip = text[self.start..].iter().position(|b| !b.is_ascii_whitespace());
        self.start = skip.map_or(text.len(), |skip| self.start + skip);
        skip.map(|_| text[self.start])
    }

    /// The 1-based line and column (in bytes) of the unread text, as [`TextPositions`] counts them.
    fn line_column(&mut self, text: &[u8]) -> (usize, usize) {
        let fresh = &text[self.counted..self.start];
        if let Some(last) = memchr::memrchr(b'\n', fresh) {
            self.lines += memchr::memchr_iter(b'\n', fresh).count();
            self.line_start = self.text_offset + (self.counted + last + 1) as u64;
        }
        self.counted = self.start;
        let column = self.text_offset + self.start as u64 - self.line_start + 1;
        (self.lines + 1, usize::try_from(column).unwrap_or(usize::MAX))
    }

    /// The value that starts at the unread text, parsed as `T` (borrowing from `text` where it can),
    /// which is left unread.
    fn parse<'de, T: Deserialize<'de>>(&self, text: &'de [u8]) -> Parsed<T> {
        let mut values = serde_json::Deserializer::from_slice(&text[self.start..]).into_iter::<T>();
        let parsed = values.next();
        let end = self.start + values.byte_offset();
        match parsed {
            Some(Ok(value)) => Parsed::Value(value, end),
            Some(Err(error)) if error.is_eof() => Parsed::Cut,
            None => Parsed::Cut,
            Some(Err(_)) => Parsed::Invalid,
        }
    }

    /// Moves on to a text that starts with the unread part of `text`.
    fn rebase(&mut self, text: &[u8]) {
        self.line_column(text);
        self.text_offset += self.start as u64;
        (self.counted, self.start) = (0, 0);
    }
}

impl<R: std::io::Read> Values<R> {
    fn new(reader: R) -> Self {
        Self::in_chunks(reader, 1 << 20)
    }

    /// Reads `chunk_bytes` of the file at a time (the tests cut values with small chunks).
    pub(super) fn in_chunks(reader: R, chunk_bytes: usize) -> Self {
        Self { reader, chunk_bytes, buffer: Vec::new(), at: Cursor::default() }
    }

    /// Reads more of the file after what is unread; false at its end.
    fn fill(&mut self) -> std::io::Result<bool> {
        let start = self.at.start;
        self.at.rebase(&self.buffer);
        self.buffer.drain(..start);
        // A value longer than a chunk doubles what is read next, so a huge one is parsed a few times
        // over, not once per chunk.
        let wanted = self.chunk_bytes.max(self.buffer.len()) as u64;
        let mut more = std::io::Read::take(&mut self.reader, wanted);
        let read = std::io::Read::read_to_end(&mut more, &mut self.buffer)?;
        Ok(read > 0)
    }

    /// The next byte that is not white space, left unread; `None` at the end of the file.
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            if let Some(next) = self.at.peek(&self.buffer) {
                return Ok(Some(next));
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Reads `byte` if it comes next (after white space).
    pub(super) fn take(&mut self, byte: u8) -> std::io::Result<bool> {
        let next = self.peek()? == Some(byte);
        self.at.start += usize::from(next);
        Ok(next)
    }

    /// Whether only white space is left.
    fn at_end(&mut self) -> std::io::Result<bool> {
        Ok(self.peek()?.is_none())
    }

    /// The next value, parsed as `T` in one pass over its text; `None` if the file ends first or the
    /// text is not a `T`. A value cut off by the end of the text in memory is parsed again once
    /// more of the file is read (a value ending just there too, as a number may go on).
    pub(super) fn parse<T: serde::de::DeserializeOwned>(&mut self) -> std::io::Result<Option<T>> {
        if self.peek()?.is_none() {
            return Ok(None);
        }
        loop {
            match self.at.parse::<T>(&self.buffer) {
                Parsed::Value(value, end) if end < self.buffer.len() => {
                    self.at.start = end;
                    return Ok(Some(value));
                }
                Parsed::Value(value, _) => {
                    if !self.fill()? {
                        self.at.start = self.buffer.len();
                        return Ok(Some(value));
                    }
                }
                Parsed::Cut => {
                    if !self.fill()? {
                        return Ok(None);
                    }
                }
                Parsed::Invalid => return Ok(None),
            }
        }
    }

    /// Reads the events of the array from the text in memory, up to where the text or the array
    /// ends, into a chunk that takes the text with it; what is left unread stays for what comes
    /// next, in `buffer` (memory to reuse). An event is a whole object, so one that ends where the
    /// text does is whole.
    fn events(&mut self, array: &mut InArray, mut buffer: Vec<u8>) -> (Chunk, Stop) {
        let (mut at, mut stop) = (self.at, Stop::More);
        let chunk = Chunk::attach_to_cart(std::mem::take(&mut self.buffer), |text| {
            let mut list = Vec::new();
            stop = loop {
                let Some(next) = at.peek(text) else { break Stop::More };
                if array.after_event {
                    at.start += 1;
                    match next {
                        b',' => array.after_event = false,
                        b']' => break Stop::Closed,
                        _ => break Stop::Careful,
                    }
                    continue;
                }
                let (line, column) = at.line_column(text);
                let event = match at.parse::<StreamEvent<'_>>(text) {
                    Parsed::Value(event, end) => {
                        at.start = end;
                        event
                    }
                    Parsed::Cut => break Stop::More,
                    Parsed::Invalid => break Stop::Careful,
                };
                array.events += 1;
                let place = At { line, column, record: Name::Numbered("event", array.events) };
                let Some(read) = event.into_raw_telling_unknown(place) else { break Stop::Careful };
                list.push(read);
                array.after_event = true;
            };
            Events { list }
        });
        let text = chunk.backing_cart();
        buffer.clear();
        buffer.reserve(self.chunk_bytes + text.len() - at.start);
        buffer.extend_from_slice(&text[at.start..]);
        self.buffer = buffer;
        at.rebase(text);
        self.at = at;
        (chunk, stop)
    }
}
