//! Raw records to a validated [`Dataset`], the one place every format's records are checked.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Loaded;
use super::error::{LoadError, Problems, quote};
use super::raw::{At, RawData, RawEvent};
use crate::model::{
    Actor, ActorId, ActorType, Dataset, Era, Event, EventId, Kind, PartialDate, Related, Relation, Source,
};

/// Checks `raw` (whose format-level problems are already in `errors` and `warnings`) and builds the
/// dataset, or reports every problem.
pub(crate) fn validate(
    raw: RawData,
    path: &Path,
    mut errors: Problems,
    warnings: Problems,
) -> Result<Loaded, LoadError> {
    let mut checker = Checker { errors, warnings, rejected_ids: HashSet::new(), strict: raw.has_kinds_and_parties };
    let mut actors = checker.actors(&raw);
    let mut drafts = Vec::with_capacity(raw.events.len());
    for (index, event) in raw.events.into_iter().enumerate() {
        if let Some(draft) = checker.event(index, event, &mut actors) {
            drafts.push(draft);
        }
    }
    let events = checker.link(drafts);
    let eras = checker.eras(raw.eras);
    errors = checker.errors;
    if !errors.is_empty() {
        errors.list.sort_by_key(|p| (p.line, p.column));
        return Err(LoadError::Invalid { path: path.to_owned(), problems: errors.list, more: errors.more });
    }
    let name = raw.title.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| file_stem(path));
    let mut warnings = checker.warnings.list;
    warnings.sort_by_key(|p| (p.line, p.column));
    Ok(Loaded { dataset: Dataset::from_sorted(name, actors.list, events).with_eras(eras), warnings })
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map_or_else(|| "Untitled".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// The actors so far, and their codes; codes the file uses without defining them are added.
struct Actors {
    list: Vec<Actor>,
    by_code: HashMap<String, ActorId>,
    /// Whether the file defined its actors (then an unknown code deserves a warning).
    defined: bool,
}

/// An event checked field by field, whose `related` ids are not yet resolved.
struct Draft {
    event: Event,
    related: Vec<(String, Relation)>,
    at: At,
}

struct Checker {
    errors: Problems,
    warnings: Problems,
    /// Ids of events that had errors, so links to them are not reported a second time.
    rejected_ids: HashSet<String>,
    strict: bool,
}

/// States have three-letter ISO codes; anything else is taken for an organisation.
fn guess_type(code: &str) -> ActorType {
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        ActorType::State
    } else {
        ActorType::Organisation
    }
}

impl Checker {
    fn actors(&mut self, raw: &RawData) -> Actors {
        let mut actors = Actors { list: Vec::new(), by_code: HashMap::new(), defined: raw.actors.is_some() };
        for actor in raw.actors.iter().flatten() {
            let at = At { record: format!("actor {}", quote(&actor.code)), ..actor.at.clone() };
            if actors.by_code.contains_key(&actor.code) {
                self.errors.push(at.problem("code", &quote(&actor.code), "a code used by no other actor"));
                continue;
            }
            let actor_type = match actor.actor_type.as_deref() {
                Some("state") => ActorType::State,
                Some("organisation" | "organization") => ActorType::Organisation,
                other => {
                    let value = other.map(quote).unwrap_or_default();
                    self.errors.push(at.problem("type", &value, "\"state\" or \"organisation\""));
                    continue;
                }
            };
            let name = actor.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| actor.code.clone());
            actors.by_code.insert(actor.code.clone(), ActorId(actors.list.len() as u32));
            actors.list.push(Actor { code: actor.code.clone(), name, actor_type });
        }
        actors
    }

    fn eras(&mut self, raw: Vec<(At, String, Option<String>, Option<String>)>) -> Vec<Era> {
        let mut eras = Vec::with_capacity(raw.len());
        for (at, label, start, end) in raw {
            let (Some(start), Some(end)) = (start, end) else {
                self.errors.push(at.problem("era", &quote(&label), "an era with a start and an end date"));
                continue;
            };
            if let (Some(start), Some(end)) = (self.date(&start, "start_date", &at), self.date(&end, "end_date", &at)) {
                if end.last_day() < start.first_day() {
                    self.errors.push(at.problem("end_date", &quote(&end.iso()), "a date on or after the era's start"));
                } else {
                    eras.push(Era { label, start, end });
                }
            }
        }
        eras
    }

    fn date(&mut self, text: &str, field: &str, at: &At) -> Option<PartialDate> {
        PartialDate::parse(text)
            .map_err(|e| {
                let expected = format!("a date as YYYY, YYYY-MM or YYYY-MM-DD ({e})");
                self.errors.push(at.problem(field, &quote(text), &expected));
            })
            .ok()
    }

    fn event(&mut self, index: usize, raw: RawEvent, actors: &mut Actors) -> Option<Draft> {
        let mut at = raw.at.clone().unwrap_or(At { line: 0, column: 0, record: format!("event #{}", index + 1) });
        let errors_before = self.errors.list.len() + self.errors.more;
        let id = raw.id.filter(|i| !i.trim().is_empty());
        match &id {
            Some(id) => at.record = format!("event {}", quote(id)),
            None => self.errors.push(at.problem("id", "", "a unique id such as \"shusha-declaration\"")),
        }
        let title = raw.title.filter(|t| !t.trim().is_empty());
        if title.is_none() {
            self.errors.push(at.problem("title", "", "the event's name"));
        }
        let kind = self.kind(raw.kind.as_deref(), &at);
        let group = raw.group.or_else(|| raw.kind.filter(|_| kind == Some(Kind::Other)));
        let date = if let Some(text) = raw.date.as_deref() {
            self.date(text, "date", &at)
        } else {
            self.errors.push(at.problem("date", "", "a date as YYYY, YYYY-MM or YYYY-MM-DD"));
            None
        };
        let end_date = raw.end_date.as_deref().and_then(|text| self.date(text, "end_date", &at));
        if let (Some(start), Some(end)) = (date, end_date)
            && end.last_day() < start.first_day()
        {
            let expected = format!("a date on or after the start date {}", start.iso());
            self.errors.push(at.problem("end_date", &quote(&end.iso()), &expected));
        }
        let parties = self.parties(&raw.parties, &at, actors);
        let sources = self.sources(raw.sources, &at);
        let related = self.related(raw.related, &at);
        let ok = self.errors.list.len() + self.errors.more == errors_before;
        if !ok && let Some(id) = &id {
            self.rejected_ids.insert(id.clone());
        }
        let event = Event {
            id: id?,
            title: title?,
            short_title: raw.short_title.filter(|t| !t.trim().is_empty()),
            kind: kind?,
            group,
            date: date?,
            end_date,
            parties,
            location: raw.location,
            summary: raw.summary,
            provisions: raw.provisions,
            sources,
            related: Vec::new(),
        };
        ok.then_some(Draft { event, related, at })
    }

    fn kind(&mut self, code: Option<&str>, at: &At) -> Option<Kind> {
        let codes: Vec<&str> = Kind::ALL.iter().filter(|k| **k != Kind::Other).map(|k| k.code()).collect();
        let expected = format!("one of {}", codes.join(", "));
        match code.map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => Some(Kind::from_code(code).unwrap_or_else(|| {
                let expected = format!("{expected}; it is shown as a type of its own");
                self.warnings.push(at.problem("kind", &quote(code), &expected));
                Kind::Other
            })),
            None if self.strict => {
                self.errors.push(at.problem("kind", "", &expected));
                None
            }
            None => Some(Kind::Other),
        }
    }

    fn parties(&mut self, codes: &[String], at: &At, actors: &mut Actors) -> Vec<ActorId> {
        if codes.is_empty() && self.strict {
            self.warnings.push(at.problem("parties", "", "one or more actor codes"));
        }
        let mut parties = Vec::with_capacity(codes.len());
        for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
            let actor = if let Some(&actor) = actors.by_code.get(code) {
                actor
            } else {
                if actors.defined {
                    let expected = "a code defined under `actors`; it is shown with its code as its name";
                    self.warnings.push(at.problem("parties", &quote(code), expected));
                }
                let id = ActorId(actors.list.len() as u32);
                actors.list.push(Actor { code: code.to_owned(), name: code.to_owned(), actor_type: guess_type(code) });
                actors.by_code.insert(code.to_owned(), id);
                id
            };
            if parties.contains(&actor) {
                self.errors.push(at.problem("parties", &quote(code), "each actor once"));
            } else {
                parties.push(actor);
            }
        }
        parties
    }

    fn sources(&mut self, raw: Vec<(Option<String>, String)>, at: &At) -> Vec<Source> {
        let mut sources = Vec::with_capacity(raw.len());
        for (label, url) in raw {
            let url = url.trim();
            if !crate::is_web_link(url) {
                self.errors.push(at.problem("sources", &quote(url), "an http:// or https:// address"));
                continue;
            }
            let label =
                label.map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).unwrap_or_else(|| host_of(url).to_owned());
            sources.push(Source { label, url: url.to_owned() });
        }
        if sources.is_empty() {
            self.warnings.push(at.problem("sources", "", "at least one source that supports the event"));
        }
        sources
    }

    fn related(&mut self, raw: Vec<(String, String)>, at: &At) -> Vec<(String, Relation)> {
        let codes: Vec<&str> = Relation::ALL.iter().map(|r| r.code()).collect();
        let mut related = Vec::with_capacity(raw.len());
        for (id, relation) in raw {
            if let Some(relation) = Relation::from_code(relation.trim()) {
                related.push((id, relation));
            } else {
                let expected = format!("a relation: one of {}", codes.join(", "));
                self.errors.push(at.problem("related", &quote(&relation), &expected));
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
                self.errors.push(draft.at.problem("id", &quote(&draft.event.id), "an id used by no other event"));
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
                        self.errors.push(draft.at.problem("related", &quote(id), expected));
                    }
                }
            }
            resolved.push(links);
        }
        drafts.into_iter().zip(resolved).map(|(draft, related)| Event { related, ..draft.event }).collect()
    }
}

/// The host part of a URL, used as a source label when none is given.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}
