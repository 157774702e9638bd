//! The native JSON format (`data/events.json`): JSON types are checked here, everything else in
//! [`super::validate`].

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::error::{LoadError, Problems, quote};
use super::raw::{At, EVENT_FIELDS, Name, RawActor, RawEvent, RawMilestone, Text, event_record};
use super::stream::{BATCH, read_event, tell_unknown};
use super::validate::Validation;
use super::{Loaded, TextPositions, json_syntax};

/// The top level of a native file; records stay raw so each is checked on its own.
#[derive(Deserialize)]
struct RawFile<'a> {
    #[serde(default)]
    title: Option<String>,
    #[serde(borrow)]
    actors: Vec<&'a RawValue>,
    #[serde(borrow)]
    events: Vec<&'a RawValue>,
}

/// Parses a native JSON file's text; `path` names it in messages and gives the default name.
/// Each event is checked as soon as it is read, so only the text and the checked data set are held,
/// not every record in between; the problems are told in the file's order, as the stream tells them.
pub fn parse(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let raw: RawFile = serde_json::from_str(text)
        .map_err(|e| json_syntax(path, &e, "an object with `actors` and `events` arrays (see data/README.md)"))?;
    let mut reader = Reader {
        positions: TextPositions::new(text),
        errors: Problems::default(),
        warnings: Problems::default(),
        told: Vec::new(),
    };
    let actors: Vec<RawActor> = raw.actors.iter().enumerate().filter_map(|(i, r)| reader.actor(i, r)).collect();
    let (errors, warnings) = (std::mem::take(&mut reader.errors), std::mem::take(&mut reader.warnings));
    let mut validation = Validation::new(Some(&actors), true, errors, warnings);
    validation.reserve_for_file(text.len());
    // Events are read on a second thread and checked on this one, a batch at a time, as the
    // stream does; each comes with the problems found in reading it.
    let (batches, received) = std::sync::mpsc::sync_channel::<Vec<(Option<RawEvent>, Problems, Problems)>>(4);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for (n, records) in raw.events.chunks(BATCH).enumerate() {
                let mut batch = Vec::with_capacity(records.len());
                for (i, raw) in records.iter().enumerate() {
                    let event = reader.event(n * BATCH + i, raw);
                    batch.push((event, std::mem::take(&mut reader.errors), std::mem::take(&mut reader.warnings)));
                }
                if batches.send(batch).is_err() {
                    return;
                }
            }
        });
        for (event, mut errors, mut warnings) in received.into_iter().flatten() {
            validation.tell(&mut errors, &mut warnings);
            if let Some(event) = &event {
                validation.event(event);
            }
        }
    });
    validation.finish(raw.title, Vec::new(), path)
}

struct Reader<'a> {
    positions: TextPositions<'a>,
    errors: Problems,
    warnings: Problems,
    /// Fields of the current record already reported (of the wrong type), so that the checks do
    /// not report them a second time as missing.
    told: Vec<String>,
}

/// Short description of a JSON value that has the wrong type, for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::String(s) => quote(s),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        other => other.to_string(),
    }
}

impl Reader<'_> {
    fn at(&self, raw: &RawValue, record: Name) -> At {
        self.positions.of_raw(raw, record)
    }

    fn object(&mut self, raw: &RawValue, at: &At) -> Option<Map<String, Value>> {
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(Value::Object(map)) => Some(map),
            Ok(other) => {
                self.errors.push(at.problem("(record)", &describe(&other), "a JSON object"));
                None
            }
            Err(e) => {
                self.unreadable_value(raw, at, &e);
                None
            }
        }
    }

    /// Tells which field of a record holds a value serde cannot read (a number such as `1e999`),
    /// where it is in the file.
    fn unreadable_value(&mut self, raw: &RawValue, at: &At, error: &serde_json::Error) {
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or_default().to_owned();
        // The record's fields as raw text (which does not read numbers) find the one at fault.
        let fields: Option<Vec<(String, &RawValue)>> =
            serde_json::from_str::<std::collections::BTreeMap<String, &RawValue>>(raw.get())
                .ok()
                .map(|map| map.into_iter().collect());
        let culprit =
            fields.into_iter().flatten().find(|(_, value)| serde_json::from_str::<Value>(value.get()).is_err());
        if let Some((field, value)) = culprit {
            let at = At { record: at.record.clone(), ..self.at(value, Name::Text(String::new())) };
            let expected = format!("a value JSON can hold ({message})");
            self.errors.push(at.problem(&field, &quote(value.get()), &expected));
        } else {
            self.errors.push(at.problem("(record)", &message, "a JSON object"));
        }
    }

    /// A string field; `None` when absent, null or blank, and an error when of another type.
    fn text(&mut self, map: &Map<String, Value>, field: &str, at: &At) -> Option<String> {
        self.text_as(map, field, field, at)
    }

    /// A string field `key`, told as `field` (e.g. `milestones[2].date` for a step's `date`).
    fn text_as(&mut self, map: &Map<String, Value>, key: &str, field: &str, at: &At) -> Option<String> {
        match map.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            None | Some(Value::Null | Value::String(_)) => None,
            Some(other) => {
                self.errors.push(at.problem(field, &describe(other), "a string"));
                self.told.push(field.to_owned());
                None
            }
        }
    }

    /// An array field; empty when absent or null.
    fn array<'m>(&mut self, map: &'m Map<String, Value>, field: &str, at: &At, expected: &str) -> &'m [Value] {
        self.array_as(map, field, field, at, expected)
    }

    /// An array field `key`, told as `field`.
    fn array_as<'m>(
        &mut self,
        map: &'m Map<String, Value>,
        key: &str,
        field: &str,
        at: &At,
        expected: &str,
    ) -> &'m [Value] {
        match map.get(key) {
            Some(Value::Array(items)) => items,
            None | Some(Value::Null) => &[],
            Some(other) => {
                self.errors.push(at.problem(field, &describe(other), expected));
                &[]
            }
        }
    }

    fn strings(&mut self, map: &Map<String, Value>, field: &str, at: &At) -> Vec<Text<'static>> {
        let items = self.array(map, field, at, "an array of strings");
        let mut strings = Vec::with_capacity(items.len());
        for item in items {
            match item.as_str() {
                Some(s) if !s.trim().is_empty() => strings.push(s.trim().to_owned().into()),
                _ => self.errors.push(at.problem(field, &describe(item), "a non-empty string")),
            }
        }
        strings
    }

    fn actor(&mut self, index: usize, raw: &RawValue) -> Option<RawActor> {
        let at = self.at(raw, Name::Numbered("actor", index + 1));
        let map = self.object(raw, &at)?;
        let code = self.text(&map, "code", &at);
        let name = self.text(&map, "name", &at);
        let actor_type = self.text(&map, "type", &at);
        // A field of the wrong type is told already; saying it is missing too would be false.
        if !std::mem::take(&mut self.told).is_empty() {
            return None;
        }
        if code.is_none() {
            self.errors.push(at.problem("code", "", "a short code such as \"AZE\" or \"NATO\""));
        }
        Some(RawActor { at, code: code?, name, actor_type })
    }

    fn event<'r>(&mut self, index: usize, raw: &'r RawValue) -> Option<RawEvent<'r>> {
        let mut at = self.at(raw, Name::Numbered("event", index + 1));
        // An event is first read as the stream reads it, in one typed pass; only one whose JSON
        // there is something to say about is read again as a map of values, to say it.
        if let Some((event, unknown)) = read_event(raw.get(), at.clone()) {
            tell_unknown(&event, &unknown, &mut self.warnings);
            return Some(event);
        }
        let map = self.object(raw, &at)?;
        let id = self.text(&map, "id", &at);
        if let Some(id) = &id {
            at.record = event_record(id);
        }
        for key in map.keys().filter(|k| !EVENT_FIELDS.contains(&k.as_str())) {
            self.warnings.push(at.unknown_event_field(key));
        }
        Some(RawEvent {
            id: id.map(Cow::Owned),
            date: self.text(&map, "date", &at).map(Cow::Owned),
            end_date: self.text(&map, "end_date", &at).map(Cow::Owned),
            title: self.text(&map, "title", &at).map(Cow::Owned),
            short_title: self.text(&map, "short_title", &at).map(Cow::Owned),
            kind: self.text(&map, "kind", &at).map(Cow::Owned),
            parties: self.strings(&map, "parties", &at),
            location: self.text(&map, "location", &at).unwrap_or_default().into(),
            summary: self.text(&map, "summary", &at).unwrap_or_default().into(),
            provisions: self.strings(&map, "provisions", &at),
            sources: self.sources(&map, &at),
            related: self.related(&map, &at),
            milestones: self.milestones(&map, &at),
            lifecycle_note: self.text(&map, "lifecycle_note", &at).unwrap_or_default().into(),
            group: None,
            date_label: None,
            told: std::mem::take(&mut self.told),
            at: Some(at),
        })
    }

    fn sources(&mut self, map: &Map<String, Value>, at: &At) -> Vec<(Option<Text<'static>>, Text<'static>)> {
        self.sources_as(map, "sources", at)
    }

    /// The `sources` of `map`, told as `field`.
    fn sources_as(
        &mut self,
        map: &Map<String, Value>,
        field: &str,
        at: &At,
    ) -> Vec<(Option<Text<'static>>, Text<'static>)> {
        const EXPECTED: &str = "{\"label\": …, \"url\": \"https://…\"} or a URL string";
        let items = self.array_as(map, "sources", field, at, "an array of sources");
        let mut sources = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Value::String(url) => sources.push((None, Cow::Owned(url.clone()))),
                Value::Object(source) => match source.get("url").and_then(Value::as_str) {
                    Some(url) => {
                        let label = source.get("label").and_then(Value::as_str).map(|l| Cow::Owned(l.to_owned()));
                        sources.push((label, Cow::Owned(url.to_owned())));
                    }
                    None => self.errors.push(at.problem(field, &describe(item), EXPECTED)),
                },
                other => self.errors.push(at.problem(field, &describe(other), EXPECTED)),
            }
        }
        sources
    }

    fn milestones(&mut self, map: &Map<String, Value>, at: &At) -> Vec<RawMilestone<'static>> {
        const EXPECTED: &str = "{\"stage\": \"in-force\", \"date\": \"1998-01-10\", \"party\": optional code}";
        let items = self.array(map, "milestones", at, "an array of lifecycle steps");
        let mut milestones = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let Value::Object(step) = item else {
                self.errors.push(at.problem(&format!("milestones[{i}]"), &describe(item), EXPECTED));
                continue;
            };
            let field = |name: &str| format!("milestones[{i}].{name}");
            // The step's fields are told apart from the event's, whose own told fields stay as they were.
            let event_told = std::mem::take(&mut self.told);
            let mut text = |name: &str| self.text_as(step, name, &field(name), at);
            let (stage, date, party, note) = (text("stage"), text("date"), text("party"), text("note"));
            let sources = self.sources_as(step, &field("sources"), at);
            for (name, value) in [("stage", &stage), ("date", &date)] {
                if value.is_none() && !self.told.contains(&field(name)) {
                    self.errors.push(at.problem(&field(name), "", EXPECTED));
                }
            }
            let note = note.unwrap_or_default().into();
            self.told = event_told;
            if let (Some(stage), Some(date)) = (stage, date) {
                let (stage, date, party) = (stage.into(), date.into(), party.map(Cow::Owned));
                milestones.push(RawMilestone { stage, date, party, sources, note });
            }
        }
        milestones
    }

    fn related(&mut self, map: &Map<String, Value>, at: &At) -> Vec<(Text<'static>, Text<'static>)> {
        let items = self.array(map, "related", at, "an array of links to other events");
        let mut related = Vec::with_capacity(items.len());
        for item in items {
            let id = item.get("id").and_then(Value::as_str);
            let relation = item.get("relation").and_then(Value::as_str);
            match (id, relation) {
                (Some(id), Some(relation)) => related.push((id.to_owned().into(), relation.to_owned().into())),
                _ => self.errors.push(at.problem("related", &describe(item), "{\"id\": …, \"relation\": …}")),
            }
        }
        related
    }
}
