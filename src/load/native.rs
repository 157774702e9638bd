//! The native JSON format (`data/events.json`): permissive raw records, validated in one place.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::error::{LoadError, Problem, Problems, quote};
use super::{Loaded, TextPositions};
use crate::model::{Actor, ActorId, ActorType, Dataset, Event, EventId, Kind, PartialDate, Related, Relation, Source};

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

const EVENT_FIELDS: [&str; 12] = [
    "id",
    "date",
    "end_date",
    "title",
    "short_title",
    "kind",
    "parties",
    "location",
    "summary",
    "provisions",
    "sources",
    "related",
];

/// Parses a native JSON file's text; `path` names it in messages and gives the default name.
pub fn parse(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let raw: RawFile = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: format!("{e}; expected an object with `actors` and `events` arrays (see data/README.md)"),
    })?;
    let positions = TextPositions::new(text);
    let mut checker = Checker {
        positions: &positions,
        text,
        errors: Problems::default(),
        warnings: Problems::default(),
        rejected_ids: HashSet::new(),
    };
    let actors = checker.actors(&raw.actors);
    let actor_by_code: HashMap<&str, ActorId> =
        actors.iter().enumerate().map(|(i, a)| (a.code.as_str(), ActorId(i as u32))).collect();
    let drafts: Vec<Draft> =
        raw.events.iter().enumerate().filter_map(|(i, raw)| checker.event(i, raw, &actor_by_code)).collect();
    let events = checker.link(drafts);
    if !checker.errors.is_empty() {
        checker.errors.list.sort_by_key(|p| (p.line, p.column));
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            problems: checker.errors.list,
            more: checker.errors.more,
        });
    }
    let name = raw.title.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| file_stem(path));
    Ok(Loaded { dataset: Dataset::from_sorted(name, actors, events), warnings: checker.warnings.list })
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map_or_else(|| "Untitled".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// An event checked field by field, whose `related` ids are not yet resolved.
struct Draft {
    event: Event,
    related: Vec<(String, Relation)>,
    line: usize,
    column: usize,
}

struct Checker<'a> {
    positions: &'a TextPositions,
    text: &'a str,
    errors: Problems,
    warnings: Problems,
    /// Ids of events that had errors, so links to them are not reported a second time.
    rejected_ids: HashSet<String>,
}

/// Where a record is, for messages.
struct At {
    line: usize,
    column: usize,
    record: String,
}

impl At {
    fn problem(&self, field: &str, value: &str, expected: &str) -> Problem {
        Problem {
            line: self.line,
            column: self.column,
            record: self.record.clone(),
            field: field.to_owned(),
            value: value.to_owned(),
            expected: expected.to_owned(),
        }
    }
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

impl Checker<'_> {
    fn at(&self, raw: &RawValue, record: String) -> At {
        // `raw` borrows from `text`, so its address gives its offset in the file.
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let (line, column) = self.positions.line_column(offset);
        At { line, column, record }
    }

    fn object(&mut self, raw: &RawValue, at: &At) -> Option<Map<String, Value>> {
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(Value::Object(map)) => Some(map),
            Ok(other) => {
                self.errors.push(at.problem("(record)", &describe(&other), "a JSON object"));
                None
            }
            Err(e) => {
                self.errors.push(at.problem("(record)", &e.to_string(), "a JSON object"));
                None
            }
        }
    }

    /// A required, non-empty string field.
    fn required(&mut self, map: &Map<String, Value>, field: &str, at: &At, expected: &str) -> Option<String> {
        match map.get(field) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Value::String(_)) => {
                self.errors.push(at.problem(field, "empty", expected));
                None
            }
            None | Some(Value::Null) => {
                self.errors.push(at.problem(field, "", expected));
                None
            }
            Some(other) => {
                self.errors.push(at.problem(field, &describe(other), expected));
                None
            }
        }
    }

    /// An optional string field; `None` when absent, null or empty.
    fn optional(&mut self, map: &Map<String, Value>, field: &str, at: &At) -> Option<String> {
        match map.get(field) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            None | Some(Value::Null | Value::String(_)) => None,
            Some(other) => {
                self.errors.push(at.problem(field, &describe(other), "a string"));
                None
            }
        }
    }

    /// An optional array field; empty when absent or null.
    fn array<'m>(&mut self, map: &'m Map<String, Value>, field: &str, at: &At, expected: &str) -> &'m [Value] {
        match map.get(field) {
            Some(Value::Array(items)) => items,
            None | Some(Value::Null) => &[],
            Some(other) => {
                self.errors.push(at.problem(field, &describe(other), expected));
                &[]
            }
        }
    }

    fn date(&mut self, text: &str, field: &str, at: &At) -> Option<PartialDate> {
        PartialDate::parse(text)
            .map_err(|e| {
                let expected = format!("a date as YYYY, YYYY-MM or YYYY-MM-DD ({e})");
                self.errors.push(at.problem(field, &quote(text), &expected));
            })
            .ok()
    }

    fn actors(&mut self, raws: &[&RawValue]) -> Vec<Actor> {
        let mut actors = Vec::with_capacity(raws.len());
        let mut seen = HashSet::new();
        for (i, raw) in raws.iter().enumerate() {
            let mut at = self.at(raw, format!("actor #{}", i + 1));
            let Some(map) = self.object(raw, &at) else { continue };
            let Some(code) = self.required(&map, "code", &at, "a short code such as \"AZE\" or \"NATO\"") else {
                continue;
            };
            at.record = format!("actor {}", quote(&code));
            if !seen.insert(code.clone()) {
                self.errors.push(at.problem("code", &quote(&code), "a code used by no other actor"));
                continue;
            }
            let name = self.optional(&map, "name", &at).unwrap_or_else(|| code.clone());
            let actor_type = match map.get("type").and_then(Value::as_str) {
                Some("state") => ActorType::State,
                Some("organisation" | "organization") => ActorType::Organisation,
                _ => {
                    let value = map.get("type").map(describe).unwrap_or_default();
                    self.errors.push(at.problem("type", &value, "\"state\" or \"organisation\""));
                    continue;
                }
            };
            actors.push(Actor { code, name, actor_type });
        }
        actors
    }

    fn event(&mut self, index: usize, raw: &RawValue, actors: &HashMap<&str, ActorId>) -> Option<Draft> {
        let mut at = self.at(raw, format!("event #{}", index + 1));
        let map = self.object(raw, &at)?;
        let id = self.required(&map, "id", &at, "a unique id such as \"shusha-declaration\"");
        if let Some(id) = &id {
            at.record = format!("event {}", quote(id));
        }
        for key in map.keys().filter(|k| !EVENT_FIELDS.contains(&k.as_str())) {
            let expected = format!("one of the fields {}", EVENT_FIELDS.join(", "));
            self.warnings.push(at.problem(key, "not a known field (ignored)", &expected));
        }
        let errors_before = self.errors.list.len() + self.errors.more;
        let title = self.required(&map, "title", &at, "the event's name");
        let short_title = self.optional(&map, "short_title", &at);
        let kind = self.kind(&map, &at);
        let date = self
            .required(&map, "date", &at, "a date as YYYY, YYYY-MM or YYYY-MM-DD")
            .and_then(|d| self.date(&d, "date", &at));
        let end_date = self.optional(&map, "end_date", &at).and_then(|d| self.date(&d, "end_date", &at));
        if let (Some(start), Some(end)) = (date, end_date)
            && end.last_day() < start.first_day()
        {
            let expected = format!("a date on or after the start date {}", start.iso());
            self.errors.push(at.problem("end_date", &quote(&end.iso()), &expected));
        }
        let parties = self.parties(&map, &at, actors);
        let location = self.optional(&map, "location", &at).unwrap_or_default();
        let summary = self.optional(&map, "summary", &at).unwrap_or_default();
        let provisions = self.strings(&map, "provisions", &at);
        let sources = self.sources(&map, &at);
        let related = self.related(&map, &at);
        let ok = self.errors.list.len() + self.errors.more == errors_before;
        if !ok && let Some(id) = &id {
            self.rejected_ids.insert(id.clone());
        }
        let event = Event {
            id: id?,
            title: title?,
            short_title,
            kind: kind?,
            date: date?,
            end_date,
            parties,
            location,
            summary,
            provisions,
            sources,
            related: Vec::new(),
        };
        ok.then_some(Draft { event, related, line: at.line, column: at.column })
    }

    fn kind(&mut self, map: &Map<String, Value>, at: &At) -> Option<Kind> {
        let codes: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
        let expected = format!("one of {}", codes.join(", "));
        let code = self.required(map, "kind", at, &expected)?;
        let kind = Kind::from_code(&code);
        if kind.is_none() {
            self.errors.push(at.problem("kind", &quote(&code), &expected));
        }
        kind
    }

    fn parties(&mut self, map: &Map<String, Value>, at: &At, actors: &HashMap<&str, ActorId>) -> Vec<ActorId> {
        const EXPECTED: &str = "a non-empty array of actor codes defined under `actors`";
        let items = self.array(map, "parties", at, EXPECTED);
        if items.is_empty() && map.contains_key("parties") {
            self.errors.push(at.problem("parties", "empty", EXPECTED));
        } else if !map.contains_key("parties") {
            self.errors.push(at.problem("parties", "", EXPECTED));
        }
        let mut parties = Vec::with_capacity(items.len());
        for item in items {
            match item.as_str().map(|code| (code, actors.get(code.trim()))) {
                Some((_, Some(&actor))) if !parties.contains(&actor) => parties.push(actor),
                Some((code, Some(_))) => {
                    self.errors.push(at.problem("parties", &quote(code), "each actor once"));
                }
                Some((code, None)) => {
                    self.errors.push(at.problem("parties", &quote(code), EXPECTED));
                }
                None => self.errors.push(at.problem("parties", &describe(item), EXPECTED)),
            }
        }
        parties
    }

    fn strings(&mut self, map: &Map<String, Value>, field: &str, at: &At) -> Vec<String> {
        let items = self.array(map, field, at, "an array of strings");
        let mut strings = Vec::with_capacity(items.len());
        for item in items {
            match item.as_str() {
                Some(s) if !s.trim().is_empty() => strings.push(s.trim().to_owned()),
                _ => self.errors.push(at.problem(field, &describe(item), "a non-empty string")),
            }
        }
        strings
    }

    fn sources(&mut self, map: &Map<String, Value>, at: &At) -> Vec<Source> {
        const EXPECTED: &str = "{\"label\": …, \"url\": \"https://…\"} or a URL string";
        let items = self.array(map, "sources", at, "an array of sources");
        let mut sources = Vec::with_capacity(items.len());
        for item in items {
            let (label, url) = match item {
                Value::String(url) => (None, url.as_str()),
                Value::Object(source) => {
                    let Some(url) = source.get("url").and_then(Value::as_str) else {
                        self.errors.push(at.problem("sources", &describe(item), EXPECTED));
                        continue;
                    };
                    (source.get("label").and_then(Value::as_str), url)
                }
                other => {
                    self.errors.push(at.problem("sources", &describe(other), EXPECTED));
                    continue;
                }
            };
            let url = url.trim();
            if !crate::is_web_link(url) {
                self.errors.push(at.problem("sources", &quote(url), "an http:// or https:// address"));
                continue;
            }
            let label =
                label.map(str::trim).filter(|l| !l.is_empty()).map_or_else(|| host_of(url).to_owned(), str::to_owned);
            sources.push(Source { label, url: url.to_owned() });
        }
        if sources.is_empty() && items.is_empty() {
            self.warnings.push(at.problem("sources", "", "at least one source that supports the event"));
        }
        sources
    }

    fn related(&mut self, map: &Map<String, Value>, at: &At) -> Vec<(String, Relation)> {
        let codes: Vec<&str> = Relation::ALL.iter().map(|r| r.code()).collect();
        let expected = format!("{{\"id\": …, \"relation\": one of {}}}", codes.join(", "));
        let items = self.array(map, "related", at, "an array of links to other events");
        let mut related = Vec::with_capacity(items.len());
        for item in items {
            let id = item.get("id").and_then(Value::as_str);
            let relation = item.get("relation").and_then(Value::as_str);
            match (id, relation.map(Relation::from_code)) {
                (Some(id), Some(Some(relation))) => related.push((id.to_owned(), relation)),
                (Some(_), Some(None)) => {
                    let value = quote(relation.unwrap_or_default());
                    self.errors.push(at.problem("related", &value, &expected));
                }
                _ => self.errors.push(at.problem("related", &describe(item), &expected)),
            }
        }
        related
    }

    /// Sorts drafts by date and resolves `related` ids; reports duplicate and dangling ids.
    fn link(&mut self, mut drafts: Vec<Draft>) -> Vec<Event> {
        drafts.sort_by(|a, b| a.event.date.cmp(&b.event.date).then_with(|| a.event.id.cmp(&b.event.id)));
        let mut by_id: HashMap<&str, EventId> = HashMap::with_capacity(drafts.len());
        for (i, draft) in drafts.iter().enumerate() {
            if by_id.insert(&draft.event.id, EventId(i as u32)).is_some() {
                let at = draft.at();
                self.errors.push(at.problem("id", &quote(&draft.event.id), "an id used by no other event"));
            }
        }
        let mut resolved = Vec::with_capacity(drafts.len());
        for draft in &drafts {
            let mut links = Vec::with_capacity(draft.related.len());
            for (id, relation) in &draft.related {
                match by_id.get(id.as_str()) {
                    Some(&event) if id != &draft.event.id => links.push(Related { event, relation: *relation }),
                    _ if self.rejected_ids.contains(id) => {}
                    _ => {
                        let expected = "the id of another event in this file";
                        self.errors.push(draft.at().problem("related", &quote(id), expected));
                    }
                }
            }
            resolved.push(links);
        }
        drafts.into_iter().zip(resolved).map(|(draft, related)| Event { related, ..draft.event }).collect()
    }
}

impl Draft {
    fn at(&self) -> At {
        At { line: self.line, column: self.column, record: format!("event {}", quote(&self.event.id)) }
    }
}

/// The host part of a URL, used as a source label when none is given.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}
