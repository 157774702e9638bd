//! Native JSON read as a stream: cut into values a chunk at a time, parsed on a second thread,
//! checked on the first, so a big file is never held whole. Anything it cannot take as it comes
//! goes to the careful path in [`super::native`].

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use yoke::{Yoke, Yokeable};

use super::Loaded;
use super::error::{LoadError, Problems};
use super::raw::{At, EVENT_FIELDS, Name, RawActor, RawEvent, RawMilestone, Text};
use super::validate::Validation;

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
                let mut event = match at.parse::<StreamEvent<'_>>(text) {
                    Parsed::Value(event, end) => {
                        at.start = end;
                        event
                    }
                    Parsed::Cut => break Stop::More,
                    Parsed::Invalid => break Stop::Careful,
                };
                array.events += 1;
                let unknown = std::mem::take(&mut event.unknown);
                let Some(raw) = event.into_raw(At { line, column, record: Name::Numbered("event", array.events) })
                else {
                    break Stop::Careful;
                };
                list.push((raw, unknown));
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

/// An event as the stream reads it. Its fields are read by name as serde's derive would, except
/// that a field Accords does not know is skipped and its name kept (`unknown`), so that the stream
/// warns about it as the careful path does, rather than sending a big file there for one stray field.
#[derive(Default)]
struct StreamEvent<'a> {
    id: Option<JsonText<'a>>,
    date: Option<JsonText<'a>>,
    end_date: Option<JsonText<'a>>,
    title: Option<JsonText<'a>>,
    short_title: Option<JsonText<'a>>,
    kind: Option<JsonText<'a>>,
    parties: Vec<JsonText<'a>>,
    location: Option<JsonText<'a>>,
    summary: Option<JsonText<'a>>,
    provisions: Vec<JsonText<'a>>,
    sources: Vec<StreamSource<'a>>,
    related: Vec<StreamLink>,
    milestones: Vec<StreamMilestone<'a>>,
    lifecycle_note: Option<JsonText<'a>>,
    /// The names of the fields not in [`EVENT_FIELDS`], in the order the careful path tells them.
    unknown: Vec<String>,
}

/// A JSON string, borrowed from the text it is read from unless it has escapes.
#[derive(Default)]
struct JsonText<'a>(Text<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for JsonText<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Strings).map(JsonText)
    }
}

/// Reads a string, borrowed where the deserializer can lend it.
struct Strings;

impl<'de> serde::de::Visitor<'de> for Strings {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<Text<'de>, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text<'de>, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Text<'de>, E> {
        Ok(Cow::Owned(text))
    }
}

impl<'de> Deserialize<'de> for StreamEvent<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EventFields)
    }
}

/// A field name of an object: one of the known fields (its index), or another, kept. Read without
/// allocating for the known ones.
enum Key {
    Known(usize),
    Unknown(String),
}

/// Reads a field name as a [`Key`] among these known fields.
struct FieldOf(&'static [&'static str]);

impl<'de> serde::de::DeserializeSeed<'de> for FieldOf {
    type Value = Key;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl serde::de::Visitor<'_> for FieldOf {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(self.0.iter().position(|known| *known == name).map_or_else(|| Key::Unknown(name.to_owned()), Key::Known))
    }
}

/// Reads an event object field by field into a [`StreamEvent`].
struct EventFields;

impl<'de> serde::de::Visitor<'de> for EventFields {
    type Value = StreamEvent<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an event object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<StreamEvent<'de>, A::Error> {
        let mut event = StreamEvent::default();
        // Which of EVENT_FIELDS were read, a bit each.
        let mut seen = 0_u16;
        while let Some(key) = map.next_key_seed(FieldOf(&EVENT_FIELDS))? {
            let index = match key {
                Key::Known(index) => index,
                Key::Unknown(name) => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    event.unknown.push(name);
                    continue;
                }
            };
            // A field given twice is for the careful path, as serde's derive has it.
            let name = EVENT_FIELDS[index];
            if seen & (1 << index) != 0 {
                return Err(serde::de::Error::duplicate_field(name));
            }
            seen |= 1 << index;
            match name {
                "id" => event.id = map.next_value()?,
                "date" => event.date = map.next_value()?,
                "end_date" => event.end_date = map.next_value()?,
                "title" => event.title = map.next_value()?,
                "short_title" => event.short_title = map.next_value()?,
                "kind" => event.kind = map.next_value()?,
                "parties" => event.parties = map.next_value()?,
                "location" => event.location = map.next_value()?,
                "summary" => event.summary = map.next_value()?,
                "provisions" => event.provisions = map.next_value()?,
                "sources" => event.sources = map.next_value()?,
                "related" => event.related = map.next_value()?,
                "milestones" => event.milestones = map.next_value()?,
                "lifecycle_note" => event.lifecycle_note = map.next_value()?,
                _ => return Err(serde::de::Error::unknown_field(name, &EVENT_FIELDS)),
            }
        }
        // The careful path reads an object into a map sorted by key, and tells each key once.
        event.unknown.sort_unstable();
        event.unknown.dedup();
        Ok(event)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StreamMilestone<'a> {
    stage: String,
    date: String,
    party: Option<String>,
    #[serde(default, borrow)]
    sources: Vec<StreamSource<'a>>,
    note: Option<String>,
}

#[derive(Deserialize)]
struct StreamLink {
    id: String,
    relation: String,
}

#[derive(Deserialize)]
struct StreamActor {
    code: Option<String>,
    name: Option<String>,
    #[serde(rename = "type")]
    actor_type: Option<String>,
}

/// A trimmed, non-blank string, as the careful path reads text fields.
fn trimmed(text: Option<Text<'_>>) -> Option<Text<'_>> {
    let text = text?;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == text.len() {
        Some(text)
    } else if let Cow::Borrowed(text) = text {
        Some(Cow::Borrowed(text.trim()))
    } else {
        Some(Cow::Owned(trimmed.to_owned()))
    }
}

/// A string field as the careful path reads it: trimmed, `None` when blank.
fn field(text: Option<JsonText<'_>>) -> Option<Text<'_>> {
    trimmed(text.map(|t| t.0))
}

impl StreamActor {
    /// The raw record the careful path would make, or `None` if it would have something to say.
    fn into_raw(self) -> Option<RawActor> {
        let at = At { line: 0, column: 0, record: Name::Text(String::new()) };
        let text = |text: Option<String>| trimmed(text.map(Cow::Owned)).map(Cow::into_owned);
        Some(RawActor { at, code: text(self.code)?, name: text(self.name), actor_type: text(self.actor_type) })
    }
}

/// The fields of a source object, in the order [`Key::Known`] numbers them.
const SOURCE_FIELDS: [&str; 2] = ["label", "url"];

/// A source as the careful path reads it: an address, or an object with an address and perhaps a
/// label, both strings. Anything else (another field, a label of `null`) is for the careful path.
struct StreamSource<'a> {
    label: Option<Text<'a>>,
    url: Text<'a>,
}

impl<'de: 'a, 'a> Deserialize<'de> for StreamSource<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Source;
        impl<'de> serde::de::Visitor<'de> for Source {
            type Value = StreamSource<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an address, or an object with `url` and perhaps `label`")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, url: &'de str) -> Result<StreamSource<'de>, E> {
                Ok(StreamSource { label: None, url: Cow::Borrowed(url) })
            }
            fn visit_str<E: serde::de::Error>(self, url: &str) -> Result<StreamSource<'de>, E> {
                Ok(StreamSource { label: None, url: Cow::Owned(url.to_owned()) })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<StreamSource<'de>, A::Error> {
                let (mut label, mut url) = (None, None);
                while let Some(key) = map.next_key_seed(FieldOf(&SOURCE_FIELDS))? {
                    match key {
                        Key::Known(0) if label.is_none() => label = Some(map.next_value::<JsonText<'de>>()?.0),
                        Key::Known(1) if url.is_none() => url = Some(map.next_value::<JsonText<'de>>()?.0),
                        _ => return Err(serde::de::Error::custom("a field other than one `label` and one `url`")),
                    }
                }
                let url = url.ok_or_else(|| serde::de::Error::missing_field("url"))?;
                Ok(StreamSource { label, url })
            }
        }
        deserializer.deserialize_any(Source)
    }
}

/// An event's JSON text read as the stream reads it, with the names of the fields Accords does not
/// know; `None` if the careful path would have something to say about it.
pub(super) fn read_event(json: &str, at: At) -> Option<(RawEvent<'_>, Vec<String>)> {
    let mut event: StreamEvent = serde_json::from_str(json).ok()?;
    let unknown = std::mem::take(&mut event.unknown);
    Some((event.into_raw(at)?, unknown))
}

/// Warns about the fields of `event` that Accords does not know, naming it by its id, as the
/// careful path names a record when it reads it.
pub(super) fn tell_unknown(event: &RawEvent<'_>, fields: &[String], warnings: &mut Problems) {
    let Some(at) = event.at.as_ref().filter(|_| !fields.is_empty()) else { return };
    let mut at = at.clone();
    if let Some(id) = &event.id {
        at.record = super::raw::event_record(id);
    }
    for key in fields {
        warnings.push(at.unknown_event_field(key));
    }
}

/// Sources as [`super::validate`] takes them.
fn stream_sources(sources: Vec<StreamSource<'_>>) -> Vec<(Option<Text<'_>>, Text<'_>)> {
    sources.into_iter().map(|s| (s.label, s.url)).collect()
}

impl<'a> StreamEvent<'a> {
    /// The raw record the careful path would make, or `None` if it would have something to say.
    fn into_raw(self, at: At) -> Option<RawEvent<'a>> {
        let sources = stream_sources(self.sources);
        let mut milestones = Vec::with_capacity(self.milestones.len());
        for m in self.milestones {
            let sources = stream_sources(m.sources);
            let (stage, date, party) = (m.stage.into(), m.date.into(), m.party.map(Cow::Owned));
            milestones.push(RawMilestone { stage, date, party, sources, note: m.note.unwrap_or_default().into() });
        }
        let blank = |items: &[JsonText<'_>]| items.iter().any(|s| s.0.trim().is_empty());
        if blank(&self.parties) || blank(&self.provisions) {
            return None;
        }
        let list = |items: Vec<JsonText<'a>>| items.into_iter().map(|s| field(Some(s)).unwrap_or_default()).collect();
        Some(RawEvent {
            at: Some(at),
            id: field(self.id),
            date: field(self.date),
            end_date: field(self.end_date),
            title: field(self.title),
            short_title: field(self.short_title),
            kind: field(self.kind),
            parties: list(self.parties),
            location: field(self.location).unwrap_or_default(),
            summary: field(self.summary).unwrap_or_default(),
            provisions: list(self.provisions),
            sources,
            related: self.related.into_iter().map(|l| (l.id.into(), l.relation.into())).collect(),
            milestones,
            lifecycle_note: field(self.lifecycle_note).unwrap_or_default(),
            group: None,
            date_label: None,
            told: Vec::new(),
        })
    }
}
