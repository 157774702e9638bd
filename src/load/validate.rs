//! Raw records to a validated [`Dataset`], the one place every format's records are checked.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Loaded;
use super::error::{LoadError, Problem, Problems, quote};
use super::raw::{At, Name, RawActor, RawEvent, RawMilestone, Text, event_record};
use crate::model::{
    Actor, ActorId, ActorType, Dataset, DateError, Era, EventId, IdTable, Kind, Milestone, NewEvent, NewSource,
    PartialDate, Record, Related, Relation, Sorted, Stage, Store,
};

/// A check in progress: actors first, then events one at a time as a reader hands them over, so
/// a large file's records need not all be held at once.
pub(crate) struct Validation {
    checker: Checker,
    actors: Actors,
    /// The checked events so far, in file order; their text is in `store`.
    records: Vec<Record>,
    /// Beside each record, what the links and messages need until the events are sorted.
    drafts: Vec<Draft>,
    store: Store,
    /// The parties of every draft, in file order.
    parties: Vec<ActorId>,
    /// Links by draft, in file order: the draft, the other event's id and the relation. They are
    /// resolved once every id is known.
    links: Vec<(u32, String, Relation)>,
}

impl Validation {
    /// Starts with the actors the file defines (`None` when it defines none); `strict` when the
    /// format has kinds and parties, so a missing one is a mistake.
    pub fn new(actors: Option<&[RawActor]>, strict: bool, errors: Problems, warnings: Problems) -> Self {
        let mut checker =
            Checker { errors, warnings, rejected_ids: HashSet::new(), strict, hosts: crate::LinkHosts::default() };
        let actors = checker.actors(actors);
        Self {
            checker,
            actors,
            records: Vec::new(),
            drafts: Vec::new(),
            store: Store::default(),
            parties: Vec::new(),
            links: Vec::new(),
        }
    }

    /// Makes room for the events of a file of `file_bytes` before they are read (see [`Store::for_file`]).
    pub fn reserve_for_file(&mut self, file_bytes: usize) {
        if self.drafts.is_empty() {
            self.store = Store::for_file(file_bytes);
            self.records.reserve(crate::model::events_in(file_bytes));
            self.drafts.reserve(crate::model::events_in(file_bytes));
        }
    }

    /// Takes what a reader found in the record it hands over next (a field of the wrong type or
    /// one Accords does not know), so that every problem is told in the file's order: where there
    /// are more than [`super::error::MAX_PROBLEMS`], the first ones in the file are kept, by the
    /// stream and the careful path alike.
    pub fn tell(&mut self, errors: &mut Problems, warnings: &mut Problems) {
        self.checker.errors.append(errors);
        self.checker.warnings.append(warnings);
    }

    /// Takes the warnings a reader found in the record it hands over next (see [`Validation::tell`]).
    pub fn tell_warnings(&mut self, warnings: &mut Problems) {
        self.checker.warnings.append(warnings);
    }

    /// Takes a problem a reader found between events (a broken row), in the file's order.
    pub fn error(&mut self, problem: Problem) {
        self.checker.errors.push(problem);
    }

    /// Checks the next event of the file.
    pub fn event(&mut self, raw: &RawEvent<'_>) {
        let Some(Checked { event, links, at }) = self.checker.event(raw, &mut self.actors) else { return };
        if !self.store.fits(&event) {
            let expected = "at most 4 GiB of text in all the events";
            self.checker.errors.push(at.problem("(record)", "more text than Accords holds", expected));
            return;
        }
        let index = self.drafts.len() as u32;
        self.links.extend(links.into_iter().map(|(id, relation)| (index, id, relation)));
        let parties = (self.parties.len() as u32, event.parties.len() as u32);
        self.parties.extend_from_slice(&event.parties);
        let (line, column) = (at.line as u32, at.column as u32);
        self.records.push(self.store.push(event));
        self.drafts.push(Draft { parties, line, column });
    }

    /// Whether nothing worth telling has been found so far, not even a warning.
    pub fn is_clean(&self) -> bool {
        self.checker.errors.is_empty() && self.checker.warnings.is_empty()
    }

    /// Links the events, checks the eras and builds the dataset, or reports every problem.
    pub fn finish(
        mut self,
        title: Option<String>,
        eras: Vec<(At, String, Option<String>, Option<String>)>,
        path: &Path,
    ) -> Result<Loaded, LoadError> {
        let (records, parties, party_ends, sorted) =
            self.checker.link((self.records, self.drafts), &mut self.store, &self.parties, self.links);
        let eras = self.checker.eras(eras);
        let mut errors = self.checker.errors;
        if !errors.is_empty() {
            errors.list.sort_by_key(|p| (p.line, p.column));
            return Err(LoadError::Invalid { path: path.to_owned(), problems: errors.list, more: errors.more });
        }
        let name = title.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| file_stem(path));
        let mut warnings = self.checker.warnings.list;
        warnings.sort_by_key(|p| (p.line, p.column));
        let dataset = Dataset::from_parts(name, self.actors.list, self.store, records, (parties, party_ends), sorted);
        Ok(Loaded { dataset: dataset.with_eras(eras), warnings, from_cache: false })
    }
}

/// Whether a text is empty or only white space; it stops at the first letter, where trimming would
/// look at both ends.
fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
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
struct Checked<'a> {
    event: NewEvent<'a>,
    links: Vec<(String, Relation)>,
    at: At,
}

/// What the links and messages need of a checked event until the events are sorted and linked.
/// It is kept apart from the event's record, so that the records are the dataset's as they are.
struct Draft {
    /// Where its parties start in [`Validation::parties`], and how many.
    parties: (u32, u32),
    /// Where it is in the file (its name in messages is its id).
    line: u32,
    column: u32,
}

struct Checker {
    errors: Problems,
    warnings: Problems,
    /// Ids of events that had errors, so links to them are not reported a second time.
    rejected_ids: HashSet<String>,
    strict: bool,
    /// The hosts of the links seen so far, by site.
    hosts: crate::LinkHosts,
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
    fn actors(&mut self, raw: Option<&[RawActor]>) -> Actors {
        let mut actors = Actors { list: Vec::new(), by_code: HashMap::new(), defined: raw.is_some() };
        for actor in raw.into_iter().flatten() {
            let at = At { record: Name::Text(format!("actor {}", quote(&actor.code))), ..actor.at.clone() };
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
                let expected = match e {
                    DateError::Format => "a date as YYYY, YYYY-MM or YYYY-MM-DD".to_owned(),
                    other => format!("a date as YYYY, YYYY-MM or YYYY-MM-DD ({other})"),
                };
                self.errors.push(at.problem(field, &quote(text), &expected));
            })
            .ok()
    }

    fn event<'a>(&mut self, raw: &'a RawEvent<'_>, actors: &mut Actors) -> Option<Checked<'a>> {
        // A record without a position comes from the stream, which shows no problem itself: the
        // careful path reads the file again to say where each one is. Naming it would only cost time.
        let positioned = raw.at.is_some();
        let mut at = raw.at.clone().unwrap_or(At { line: 0, column: 0, record: Name::Text(String::new()) });
        let errors_before = self.errors.list.len() + self.errors.more;
        // A field the reader found of the wrong type is told already, and is not missing as well.
        let told = |field: &str| raw.told.iter().any(|f| f == field);
        let id = raw.id.as_deref().filter(|i| !blank(i));
        match &id {
            Some(id) if positioned => at.record = event_record(id),
            Some(_) => {}
            None if told("id") => {}
            None => self.errors.push(at.problem("id", "", "a unique id such as \"shusha-declaration\"")),
        }
        let title = raw.title.as_deref().filter(|t| !blank(t));
        if title.is_none() && !told("title") {
            self.errors.push(at.problem("title", "", "the event's name"));
        }
        let kind = if told("kind") { None } else { self.kind(raw.kind.as_deref(), &at) };
        let group = raw.group.as_deref().or_else(|| raw.kind.as_deref().filter(|_| kind == Some(Kind::Other)));
        let date = if let Some(text) = raw.date.as_deref() {
            self.date(text, "date", &at)
        } else {
            if !told("date") {
                self.errors.push(at.problem("date", "", "a date as YYYY, YYYY-MM or YYYY-MM-DD"));
            }
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
        let sources = self.sources(&raw.sources, &at);
        let related = self.related(&raw.related, &at);
        let milestones = self.milestones(&raw.milestones, &parties, &at, actors);
        let ok = self.errors.list.len() + self.errors.more == errors_before;
        if !ok && let Some(id) = id {
            self.rejected_ids.insert(id.to_owned());
        }
        let event = NewEvent {
            id: id?,
            title: title?,
            short_title: raw.short_title.as_deref().filter(|t| !blank(t)),
            kind: kind?,
            group,
            date: date?,
            end_date,
            date_label: raw.date_label.as_deref().filter(|l| !blank(l)),
            parties,
            location: &raw.location,
            summary: &raw.summary,
            provisions: raw.provisions.iter().map(|p| &**p).collect(),
            sources,
            related: Vec::new(),
            milestones,
            lifecycle_note: &raw.lifecycle_note,
        };
        ok.then_some(Checked { event, links: related, at })
    }

    fn kind(&mut self, code: Option<&str>, at: &At) -> Option<Kind> {
        let expected = || {
            let codes: Vec<&str> = Kind::ALL.iter().filter(|k| **k != Kind::Other).map(|k| k.code()).collect();
            format!("one of {}", codes.join(", "))
        };
        match code.map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => Some(Kind::from_code(code).unwrap_or_else(|| {
                let expected = format!("{}; it is shown as a type of its own", expected());
                self.warnings.push(at.problem("kind", &quote(code), &expected));
                Kind::Other
            })),
            None if self.strict => {
                self.errors.push(at.problem("kind", "", &expected()));
                None
            }
            None => Some(Kind::Other),
        }
    }

    fn parties(&mut self, codes: &[Text<'_>], at: &At, actors: &mut Actors) -> Vec<ActorId> {
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

    fn sources<'a>(&mut self, raw: &'a [(Option<Text<'_>>, Text<'_>)], at: &At) -> Vec<NewSource<'a>> {
        let sources = self.links(raw, at, "sources");
        if sources.is_empty() {
            self.warnings.push(at.problem("sources", "", "at least one source that supports the event"));
        }
        sources
    }

    /// Checked web links with their labels (the host where a label is missing).
    fn links<'a>(&mut self, raw: &'a [(Option<Text<'_>>, Text<'_>)], at: &At, field: &str) -> Vec<NewSource<'a>> {
        let mut sources = Vec::with_capacity(raw.len());
        for (label, url) in raw {
            let url = url.trim();
            let host = match self.hosts.host(url) {
                Ok(host) => host,
                Err(expected) => {
                    self.errors.push(at.problem(field, &quote(url), expected));
                    continue;
                }
            };
            let label = match label.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
                Some(label) => Cow::Borrowed(label),
                // Mostly the host is written in the address as it is, and is taken from there.
                None => match memchr::memmem::find(url.as_bytes(), host.as_bytes()) {
                    Some(at) => Cow::Borrowed(&url[at..at + host.len()]),
                    None => Cow::Owned(host.into_owned()),
                },
            };
            sources.push(NewSource { label, url });
        }
        sources
    }

    /// Checks an event's lifecycle: known stages, dates, parties of the event, and an order that
    /// makes sense for each party (see [`lifecycle_order`]); returns the milestones in date order.
    fn milestones(
        &mut self,
        raw: &[RawMilestone<'_>],
        parties: &[ActorId],
        at: &At,
        actors: &Actors,
    ) -> Vec<Milestone> {
        let mut milestones = Vec::with_capacity(raw.len());
        for (i, m) in raw.iter().enumerate() {
            let field = format!("milestones[{i}]");
            let Some(stage) = Stage::from_code(m.stage.trim()) else {
                let codes: Vec<&str> = Stage::ALL.iter().map(|s| s.code()).collect();
                self.errors.push(at.problem(
                    &format!("{field}.stage"),
                    &quote(&m.stage),
                    &format!("one of {}", codes.join(", ")),
                ));
                continue;
            };
            let Some(date) = self.date(&m.date, &format!("{field}.date"), at) else { continue };
            let party = match m.party.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                None => None,
                Some(code) => {
                    let Some(id) = actors.by_code.get(code).filter(|id| parties.contains(id)) else {
                        let expected = "one of the event's parties (leave it out when the step concerns all parties)";
                        self.errors.push(at.problem(&format!("{field}.party"), &quote(code), expected));
                        continue;
                    };
                    Some(*id)
                }
            };
            let sources =
                self.links(&m.sources, at, &format!("{field}.sources")).iter().map(NewSource::to_source).collect();
            milestones.push(Milestone { stage, date, party, sources, note: m.note.trim().into() });
        }
        milestones.sort_by_key(|m| m.date.first_day_number());
        if let Some((value, expected)) = lifecycle_order(&milestones, |id| actors.list[id.0 as usize].code.as_str()) {
            self.errors.push(at.problem("milestones", &value, &expected));
        }
        milestones
    }

    fn related(&mut self, raw: &[(Text<'_>, Text<'_>)], at: &At) -> Vec<(String, Relation)> {
        let mut related = Vec::with_capacity(raw.len());
        for (id, relation) in raw {
            if let Some(relation) = Relation::from_code(relation.trim()) {
                related.push((id.as_ref().to_owned(), relation));
            } else {
                let codes: Vec<&str> = Relation::ALL.iter().map(|r| r.code()).collect();
                let expected = format!("a relation: one of {}", codes.join(", "));
                self.errors.push(at.problem("related", &quote(relation), &expected));
            }
        }
        related
    }

    /// Sorts the records by date and resolves their links; reports duplicate and dangling ids. Gives
    /// the records in date order, with their parties as columns (all of them, then where each
    /// event's end), and what the dataset would otherwise work out again.
    fn link(
        &mut self,
        (mut records, mut drafts): (Vec<Record>, Vec<Draft>),
        store: &mut Store,
        parties: &[ActorId],
        links: Vec<(u32, String, Relation)>,
    ) -> (Vec<Record>, Vec<ActorId>, Vec<u32>, Sorted) {
        let id = |record: &Record| record.id.get(&store.text);
        // The ids are put in a table in the file's order (in which they lie one after another in the
        // store) while the records are sorted: the two take about as long. Where events share an id,
        // the first in the file stands for it and the others are told.
        let (order, (mut ids, mut duplicates)) = std::thread::scope(|scope| {
            let table = scope.spawn(|| {
                let mut duplicates = Vec::new();
                let ids = IdTable::of(records.len(), |e| id(&records[e.index()]), |e| duplicates.push(e));
                (ids, duplicates)
            });
            let order = date_order(&records, store);
            // A panic there is this thread's, as if the table had been built here.
            (order, table.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        let place = positions(&order);
        drop(order);
        let position = |e: EventId| EventId(place[e.index()]);
        ids.renumber(position);
        for event in &mut duplicates {
            *event = position(*event);
        }
        permute(&mut records, &mut drafts, place.clone());
        let at = |event: usize| At {
            line: drafts[event].line as usize,
            column: drafts[event].column as usize,
            record: event_record(id(&records[event])),
        };
        duplicates.sort_unstable();
        for event in duplicates {
            let problem =
                at(event.index()).problem("id", &quote(id(&records[event.index()])), "an id used by no other event");
            self.errors.push(problem);
        }
        let mut resolved: Vec<(u32, Related)> = Vec::with_capacity(links.len());
        for (index, other, relation) in links {
            let position = place[index as usize];
            match ids.find(&other, |e| id(&records[e.index()])) {
                Some(event) if event.0 != position => resolved.push((position, Related { event, relation })),
                _ if self.rejected_ids.contains(&other) => {}
                _ => {
                    let expected = "the id of another event in this file";
                    self.errors.push(at(position as usize).problem("related", &quote(&other), expected));
                }
            }
        }
        resolved.sort_by_key(|(position, _)| *position);
        for run in resolved.chunk_by(|a, b| a.0 == b.0) {
            let links: Vec<Related> = run.iter().map(|(_, link)| *link).collect();
            store.set_related(&mut records[run[0].0 as usize], &links);
        }
        let mut sorted_parties = Vec::with_capacity(parties.len());
        let mut party_ends = Vec::with_capacity(drafts.len());
        for draft in &drafts {
            let (start, len) = draft.parties;
            sorted_parties.extend_from_slice(&parties[start as usize..(start + len) as usize]);
            party_ends.push(sorted_parties.len() as u32);
        }
        let file_order = place.into_iter().map(EventId).collect();
        (records, sorted_parties, party_ends, Sorted { file_order, ids })
    }
}

/// The first step of a lifecycle (in date order) that cannot follow the ones before it, as the
/// value and what was expected: no entry into force before signature, no ratification or entry into
/// force for a party after it left, no "not in force" after an entry into force, no resumption
/// without a suspension.
fn lifecycle_order<'a>(milestones: &[Milestone], code: impl Fn(ActorId) -> &'a str) -> Option<(String, String)> {
    let concerns =
        |m: &Milestone, other: &Milestone| m.party.is_none() || other.party.is_none() || m.party == other.party;
    for (i, m) in milestones.iter().enumerate() {
        let before = &milestones[..i];
        let who = m.party.map_or_else(|| "all parties".to_owned(), |p| code(p).to_owned());
        let value = format!("{} {} ({who})", m.stage.code(), m.date.iso());
        let earlier = |stage: Stage| before.iter().any(|b| b.stage == stage && concerns(b, m));
        let after = |stage: Stage| {
            milestones[i + 1..]
                .iter()
                .any(|a| a.stage == stage && concerns(a, m) && a.date.first_day() > m.date.last_day())
        };
        if matches!(m.stage, Stage::InForce | Stage::NotInForce | Stage::Ratified | Stage::ProvisionallyApplied)
            && after(Stage::Signed)
        {
            return Some((value, "a date on or after the signature".to_owned()));
        }
        if matches!(m.stage, Stage::InForce | Stage::Ratified | Stage::Suspended)
            && before.iter().any(|b| b.stage.ends() && concerns(b, m) && b.date.last_day() < m.date.first_day())
        {
            return Some((value, format!("no {} after the party left or the agreement ended", m.stage.code())));
        }
        if m.stage == Stage::NotInForce && earlier(Stage::InForce) {
            return Some((value, "no not-in-force after it entered into force".to_owned()));
        }
        if m.stage == Stage::Resumed && !earlier(Stage::Suspended) {
            return Some((value, "a suspension before it is resumed".to_owned()));
        }
    }
    None
}

/// The records' indices in date order, then id: by day and precision, then by the first four bytes
/// of the id, kept beside each index (16 bytes in all), so that whole ids are compared only where
/// those agree.
fn date_order(records: &[Record], store: &Store) -> Vec<u32> {
    let id = |i: u32| records[i as usize].id.get(&store.text);
    let when = |date: PartialDate| {
        // Days are within a few hundred million of 1970 (years have at most six digits).
        let day = u64::try_from(date.first_day_number() + (1 << 40)).unwrap_or(0);
        day << 2 | date.precision() as u64
    };
    let head = |id: &str| {
        let mut bytes = [0; 4];
        let n = id.len().min(4);
        bytes[..n].copy_from_slice(&id.as_bytes()[..n]);
        u32::from_be_bytes(bytes)
    };
    let mut keyed: Vec<(u64, u32, u32)> =
        records.iter().zip(0..).map(|(r, i)| (when(r.date), head(id(i)), i)).collect();
    keyed.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| id(a.2).cmp(id(b.2))));
    // Into fresh memory: collected in place, the order would keep the keys' four times its size.
    keyed.iter().map(|&(_, _, i)| i).collect()
}

/// Where each index of `order` is in it: the inverse of a permutation.
fn positions(order: &[u32]) -> Vec<u32> {
    let mut place = vec![0; order.len()];
    for (position, &index) in order.iter().enumerate() {
        place[index as usize] = position as u32;
    }
    place
}

/// Moves each record and its draft to its place (`place[i]` for the one now at `i`), each once: a
/// million records moved at every step of a sort would be most of a big file's load time.
fn permute(records: &mut [Record], drafts: &mut [Draft], mut place: Vec<u32>) {
    for i in 0..records.len() {
        while place[i] as usize != i {
            let target = place[i] as usize;
            records.swap(i, target);
            drafts.swap(i, target);
            place.swap(i, target);
        }
    }
}
