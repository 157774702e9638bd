//! The typed records the stream parses each value into: an event (its fields read by name, its
//! strings borrowed from the chunk where they have no escapes), its sources and milestones, an
//! actor; each turned into the raw record the careful path would make, or `None` where that path
//! would have something to say.

use std::borrow::Cow;

use serde::Deserialize;

use crate::load::error::Problems;
use crate::load::raw::{At, EVENT_FIELDS, Name, RawActor, RawEvent, RawMilestone, Text};

/// An event as the stream reads it. Its fields are read by name as serde's derive would, except
/// that a field Accords does not know is skipped and its name kept (`unknown`), so that the stream
/// warns about it as the careful path does, rather than sending a big file there for one stray field.
#[derive(Default)]
pub(super) struct StreamEvent<'a> {
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
pub(super) struct StreamActor {
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
    pub(super) fn into_raw(self) -> Option<RawActor> {
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
            // An address alone, read as any string is.
            fn visit_borrowed_str<E: serde::de::Error>(self, url: &'de str) -> Result<StreamSource<'de>, E> {
                Strings.visit_borrowed_str(url).map(|url| StreamSource { label: None, url })
            }
            fn visit_str<E: serde::de::Error>(self, url: &str) -> Result<StreamSource<'de>, E> {
                Strings.visit_str(url).map(|url| StreamSource { label: None, url })
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
pub(in crate::load) fn read_event(json: &str, at: At) -> Option<(RawEvent<'_>, Vec<String>)> {
    serde_json::from_str::<StreamEvent>(json).ok()?.into_raw_telling_unknown(at)
}

/// Warns about the fields of `event` that Accords does not know, naming it by its id, as the
/// careful path names a record when it reads it.
pub(in crate::load) fn tell_unknown(event: &RawEvent<'_>, fields: &[String], warnings: &mut Problems) {
    let Some(at) = event.at.as_ref().filter(|_| !fields.is_empty()) else { return };
    let mut at = at.clone();
    if let Some(id) = &event.id {
        at.record = crate::load::raw::event_record(id);
    }
    for key in fields {
        warnings.push(at.unknown_event_field(key));
    }
}

/// Sources as [`crate::load::validate`] takes them.
fn stream_sources(sources: Vec<StreamSource<'_>>) -> Vec<(Option<Text<'_>>, Text<'_>)> {
    sources.into_iter().map(|s| (s.label, s.url)).collect()
}

impl<'a> StreamEvent<'a> {
    /// The raw record (see [`StreamEvent::into_raw`]) at `at`, and the names of the fields Accords
    /// does not know.
    pub(super) fn into_raw_telling_unknown(mut self, at: At) -> Option<(RawEvent<'a>, Vec<String>)> {
        let unknown = std::mem::take(&mut self.unknown);
        Some((self.into_raw(at)?, unknown))
    }

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
