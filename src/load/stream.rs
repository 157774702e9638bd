//! Native JSON read as a stream: cut into values a chunk at a time, parsed on a second thread,
//! checked on the first, so a big file is never held whole. Anything it cannot take as it comes
//! goes to the careful path in [`super::native`].

use std::path::Path;

use serde::Deserialize;

use super::Loaded;
use super::error::{LoadError, Problems};
use super::raw::{At, EVENT_FIELDS, Name, RawActor, RawEvent, RawMilestone};
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
    let mut json = Values::new(reader);
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

/// How many events go from the reading thread to the checking one at a time.
pub(super) const BATCH: usize = 1024;

/// Reads the `events` array into the validation; false if it holds JSON for the careful path.
/// Parsing runs on a second thread, checking on this one, a batch of events at a time.
fn read_events(json: &mut Values<impl std::io::Read + Send>, validation: &mut Validation) -> std::io::Result<bool> {
    if !json.take(b'[')? {
        return Ok(false);
    }
    if json.take(b']')? {
        return Ok(true);
    }
    // Each event as the careful path would read it, with the fields Accords does not know.
    let (batches, received) = std::sync::mpsc::sync_channel::<Vec<(RawEvent, Vec<String>)>>(4);
    std::thread::scope(|scope| {
        let parser = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for number in 1.. {
                json.peek()?;
                let (line, column) = json.line_column();
                let Some(mut event) = json.parse::<StreamEvent>()? else {
                    return Ok(false);
                };
                let unknown = std::mem::take(&mut event.unknown);
                let Some(raw) = event.into_raw(At { line, column, record: Name::Numbered("event", number) }) else {
                    return Ok(false);
                };
                batch.push((raw, unknown));
                let more = json.take(b',')?;
                // A send fails when the checker has stopped listening; then there is no need to read on.
                if (batch.len() == BATCH || !more)
                    && batches.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err()
                {
                    return Ok(false);
                }
                if !more {
                    return json.take(b']');
                }
            }
            Ok(false)
        });
        let mut unknown = Problems::default();
        for (raw, fields) in received.into_iter().flatten() {
            tell_unknown(&raw, &fields, &mut unknown);
            validation.tell_warnings(&mut unknown);
            validation.event(raw);
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
    buffer: Vec<u8>,
    /// Where the unread text starts in `buffer`.
    start: usize,
    /// Where `buffer` starts in the file, in bytes.
    buffer_offset: u64,
    /// Line breaks are counted up to here in `buffer`: there are `lines` of them before it, and the
    /// last line began at `line_start` (an offset in the file).
    counted: usize,
    lines: usize,
    line_start: u64,
}

impl<R: std::io::Read> Values<R> {
    fn new(reader: R) -> Self {
        Self::in_chunks(reader, 1 << 20)
    }

    /// Reads `chunk_bytes` of the file at a time (the tests cut values with small chunks).
    pub(super) fn in_chunks(reader: R, chunk_bytes: usize) -> Self {
        let (buffer, start, buffer_offset, counted, lines, line_start) = (Vec::new(), 0, 0, 0, 0, 0);
        Self { reader, chunk_bytes, buffer, start, buffer_offset, counted, lines, line_start }
    }

    /// Reads more of the file after what is unread; false at its end.
    fn fill(&mut self) -> std::io::Result<bool> {
        self.line_column();
        self.buffer.drain(..self.start);
        self.buffer_offset += self.start as u64;
        (self.counted, self.start) = (0, 0);
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
            if let Some(skip) = self.buffer[self.start..].iter().position(|b| !b.is_ascii_whitespace()) {
                self.start += skip;
                return Ok(Some(self.buffer[self.start]));
            }
            self.start = self.buffer.len();
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// The 1-based line and column (in bytes) of the unread text, as [`TextPositions`] counts them.
    fn line_column(&mut self) -> (usize, usize) {
        let fresh = &self.buffer[self.counted..self.start];
        if let Some(last) = memchr::memrchr(b'\n', fresh) {
            self.lines += memchr::memchr_iter(b'\n', fresh).count();
            self.line_start = self.buffer_offset + (self.counted + last + 1) as u64;
        }
        self.counted = self.start;
        let column = self.buffer_offset + self.start as u64 - self.line_start + 1;
        (self.lines + 1, usize::try_from(column).unwrap_or(usize::MAX))
    }

    /// Reads `byte` if it comes next (after white space).
    pub(super) fn take(&mut self, byte: u8) -> std::io::Result<bool> {
        let next = self.peek()? == Some(byte);
        self.start += usize::from(next);
        Ok(next)
    }

    /// Whether only white space is left.
    fn at_end(&mut self) -> std::io::Result<bool> {
        Ok(self.peek()?.is_none())
    }

    /// The next value, parsed as `T` in one pass over its text; `None` if the file ends first or the
    /// text is not a `T`. A value cut off by the end of the chunk in memory is parsed again once
    /// more of the file is read (a value ending just there too, as a number may go on).
    pub(super) fn parse<T: serde::de::DeserializeOwned>(&mut self) -> std::io::Result<Option<T>> {
        if self.peek()?.is_none() {
            return Ok(None);
        }
        loop {
            let mut values = serde_json::Deserializer::from_slice(&self.buffer[self.start..]).into_iter::<T>();
            let parsed = values.next();
            let end = self.start + values.byte_offset();
            match parsed {
                Some(Ok(value)) if end < self.buffer.len() => {
                    self.start = end;
                    return Ok(Some(value));
                }
                Some(Ok(value)) => {
                    if !self.fill()? {
                        self.start = self.buffer.len();
                        return Ok(Some(value));
                    }
                }
                Some(Err(error)) if error.is_eof() => {
                    if !self.fill()? {
                        return Ok(None);
                    }
                }
                _ => return Ok(None),
            }
        }
    }
}

/// An event as the stream reads it. Its fields are read by name as serde's derive would, except
/// that a field Accords does not know is skipped and its name kept (`unknown`), so that the stream
/// warns about it as the careful path does, rather than sending a big file there for one stray field.
#[derive(Default)]
struct StreamEvent {
    id: Option<String>,
    date: Option<String>,
    end_date: Option<String>,
    title: Option<String>,
    short_title: Option<String>,
    kind: Option<String>,
    parties: Vec<String>,
    location: Option<String>,
    summary: Option<String>,
    provisions: Vec<String>,
    sources: Vec<StreamSource>,
    related: Vec<StreamLink>,
    milestones: Vec<StreamMilestone>,
    lifecycle_note: Option<String>,
    /// The names of the fields not in [`EVENT_FIELDS`], in the order the careful path tells them.
    unknown: Vec<String>,
}

impl<'de> Deserialize<'de> for StreamEvent {
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
    type Value = StreamEvent;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an event object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<StreamEvent, A::Error> {
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
struct StreamMilestone {
    stage: String,
    date: String,
    party: Option<String>,
    #[serde(default)]
    sources: Vec<StreamSource>,
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
fn trimmed(text: Option<String>) -> Option<String> {
    let text = text?;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == text.len() {
        Some(text)
    } else {
        Some(trimmed.to_owned())
    }
}

impl StreamActor {
    /// The raw record the careful path would make, or `None` if it would have something to say.
    fn into_raw(self) -> Option<RawActor> {
        let at = At { line: 0, column: 0, record: Name::Text(String::new()) };
        Some(RawActor { at, code: trimmed(self.code)?, name: trimmed(self.name), actor_type: trimmed(self.actor_type) })
    }
}

/// The fields of a source object, in the order [`Key::Known`] numbers them.
const SOURCE_FIELDS: [&str; 2] = ["label", "url"];

/// A source as the careful path reads it: an address, or an object with an address and perhaps a
/// label, both strings. Anything else (another field, a label of `null`) is for the careful path.
struct StreamSource {
    label: Option<String>,
    url: String,
}

impl<'de> Deserialize<'de> for StreamSource {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Source;
        impl<'de> serde::de::Visitor<'de> for Source {
            type Value = StreamSource;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an address, or an object with `url` and perhaps `label`")
            }
            fn visit_str<E: serde::de::Error>(self, url: &str) -> Result<StreamSource, E> {
                Ok(StreamSource { label: None, url: url.to_owned() })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<StreamSource, A::Error> {
                let (mut label, mut url) = (None, None);
                while let Some(key) = map.next_key_seed(FieldOf(&SOURCE_FIELDS))? {
                    match key {
                        Key::Known(0) if label.is_none() => label = Some(map.next_value::<String>()?),
                        Key::Known(1) if url.is_none() => url = Some(map.next_value::<String>()?),
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
pub(super) fn read_event(json: &str, at: At) -> Option<(RawEvent, Vec<String>)> {
    let mut event: StreamEvent = serde_json::from_str(json).ok()?;
    let unknown = std::mem::take(&mut event.unknown);
    Some((event.into_raw(at)?, unknown))
}

/// Warns about the fields of `event` that Accords does not know, naming it by its id, as the
/// careful path names a record when it reads it.
pub(super) fn tell_unknown(event: &RawEvent, fields: &[String], warnings: &mut Problems) {
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
fn stream_sources(sources: Vec<StreamSource>) -> Vec<(Option<String>, String)> {
    sources.into_iter().map(|s| (s.label, s.url)).collect()
}

impl StreamEvent {
    /// The raw record the careful path would make, or `None` if it would have something to say.
    fn into_raw(self, at: At) -> Option<RawEvent> {
        let sources = stream_sources(self.sources);
        let mut milestones = Vec::with_capacity(self.milestones.len());
        for m in self.milestones {
            let sources = stream_sources(m.sources);
            let note = m.note.unwrap_or_default();
            milestones.push(RawMilestone { stage: m.stage, date: m.date, party: m.party, sources, note });
        }
        let blank = |items: &[String]| items.iter().any(|s| s.trim().is_empty());
        if blank(&self.parties) || blank(&self.provisions) {
            return None;
        }
        Some(RawEvent {
            at: Some(at),
            id: trimmed(self.id),
            date: trimmed(self.date),
            end_date: trimmed(self.end_date),
            title: trimmed(self.title),
            short_title: trimmed(self.short_title),
            kind: trimmed(self.kind),
            parties: self.parties.into_iter().map(|s| trimmed(Some(s)).unwrap_or_default()).collect(),
            location: trimmed(self.location).unwrap_or_default(),
            summary: trimmed(self.summary).unwrap_or_default(),
            provisions: self.provisions.into_iter().map(|s| trimmed(Some(s)).unwrap_or_default()).collect(),
            sources,
            related: self.related.into_iter().map(|l| (l.id, l.relation)).collect(),
            milestones,
            lifecycle_note: trimmed(self.lifecycle_note).unwrap_or_default(),
            group: None,
            date_label: None,
            told: Vec::new(),
        })
    }
}
