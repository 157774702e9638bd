//! A validated set of events and the actors they involve, with the indices the filter needs.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::store::{IdTable, Record, Store};
use super::{Actor, ActorId, Event, EventId, Kind, NewEvent, Related, Relation};

/// Validated events in date order, their actors, and lookups by id and by actor.
#[derive(Debug, Clone, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Dataset {
    name: String,
    actors: Vec<Actor>,
    /// Every event's text, in one arena, and the side tables.
    store: Store,
    /// Every event, in date order, as a fixed-size record pointing into the store.
    records: Vec<Record>,
    /// Events by id: made with the dataset when it is loaded; when it comes from a cache (which
    /// does not keep it), on the first lookup (see [`Dataset::build_id_lookup`]).
    #[rkyv(with = rkyv::with::Skip)]
    ids: OnceLock<IdTable>,
    #[rkyv(with = rkyv::with::Skip)]
    actor_by_code: HashMap<String, ActorId>,
    /// For each actor, its events in date order (posting lists for the filter).
    actor_events: Vec<Vec<EventId>>,
    /// Where each event's searchable text starts in the arena, in arena order, and which event it
    /// is: a match found anywhere in the arena is an event's by one forward walk.
    search_starts: Vec<u32>,
    search_order: Vec<EventId>,
    /// The same for the lower-cased text of events that are not all ASCII: start, end, event.
    folded_order: Vec<(u32, u32, EventId)>,
    /// First and last day (since 1970-01-01) of every event, so the filter need not recompute them
    /// (years lie within ±100,000, so days fit an `i32`).
    days: Vec<(i32, i32)>,
    /// Every event's kind, and its parties (event i's are `parties[party_ends[i - 1]..party_ends[i]]`):
    /// copies kept side by side so that filters and lanes over a million events read a few
    /// megabytes in order instead of every event's record.
    kinds: Vec<Kind>,
    parties: Vec<ActorId>,
    party_ends: Vec<u32>,
    /// Whether any event has a group of its own.
    has_groups: bool,
    /// Named periods drawn as shaded background spans.
    eras: Vec<Era>,
    /// Events of each kind, indexed by [`Kind::index`].
    kind_counts: [usize; Kind::ALL.len()],
    /// Treaties, agreements, memberships and partnerships with recorded milestones, in date order:
    /// few, so the lanes find them without reading every event.
    with_lifecycle: Vec<EventId>,
}

/// What sorting a file's events found, handed to the dataset so that it need not work it out again.
pub(crate) struct Sorted {
    /// Where each event of the file's order is in date order.
    pub file_order: Vec<EventId>,
    /// The events by id, as positions in date order.
    pub ids: IdTable,
}

/// The events of a checked dataset by id (its ids are unique, so none is a duplicate).
fn id_table(records: &[Record], store: &Store) -> IdTable {
    IdTable::of(records.len(), |e| records[e.index()].id.get(&store.text), |_| {})
}

/// A day number of a date Accords accepts, which fits an `i32` (clamped for any other).
fn day_i32(day: i64) -> i32 {
    day.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// Actors by code.
fn actor_lookup(actors: &[Actor]) -> HashMap<String, ActorId> {
    actors.iter().enumerate().map(|(i, a)| (a.code.clone(), ActorId(i as u32))).collect()
}

/// A named period, such as a TimelineJS era, drawn behind the events.
#[derive(Debug, Clone, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Era {
    /// Its name.
    pub label: String,
    /// When it began.
    pub start: super::PartialDate,
    /// When it ended.
    pub end: super::PartialDate,
}

impl Dataset {
    /// Builds a dataset from checked events already in date order (then id), whose `related`
    /// links point at positions in that order. Loaders build datasets through [`crate::load`]
    /// instead, which sorts and links them.
    pub fn from_sorted(name: String, actors: Vec<Actor>, events: Vec<NewEvent<'_>>) -> Self {
        let mut store = Store::default();
        let (mut parties, mut party_ends) = (Vec::new(), Vec::with_capacity(events.len()));
        let mut records = Vec::with_capacity(events.len());
        for event in events {
            parties.extend_from_slice(&event.parties);
            party_ends.push(parties.len() as u32);
            records.push(store.push(event));
        }
        let file_order = (0..records.len() as u32).map(EventId).collect();
        let ids = id_table(&records, &store);
        Self::from_parts(name, actors, store, records, (parties, party_ends), Sorted { file_order, ids })
    }

    /// Builds a dataset from its store and records in date order, with their parties as columns
    /// (all of them, then where each event's end) and what sorting them found.
    pub(crate) fn from_parts(
        name: String,
        actors: Vec<Actor>,
        store: Store,
        records: Vec<Record>,
        (parties, party_ends): (Vec<ActorId>, Vec<u32>),
        Sorted { file_order, ids }: Sorted,
    ) -> Self {
        let mut actor_events = vec![Vec::new(); actors.len()];
        let mut start = 0;
        for (i, &end) in party_ends.iter().enumerate() {
            for party in &parties[start..end as usize] {
                if let Some(list) = actor_events.get_mut(party.index()) {
                    list.push(EventId(i as u32));
                }
            }
            start = end as usize;
        }
        // The store holds the events' text in the order they were pushed: the file's.
        let search_order = file_order;
        let search_starts: Vec<u32> = search_order.iter().map(|id| records[id.index()].title.start).collect();
        debug_assert!(search_starts.is_sorted());
        let mut folded_order: Vec<(u32, u32, EventId)> = records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let span = store.folded(r)?;
                Some((span.start, span.start + span.len, EventId(i as u32)))
            })
            .collect();
        folded_order.sort_unstable();
        let days = records
            .iter()
            .map(|r| (day_i32(r.date.first_day_number()), day_i32(r.end_date.unwrap_or(r.date).last_day_number())))
            .collect();
        let mut kind_counts = [0; Kind::ALL.len()];
        for record in &records {
            kind_counts[record.kind.index()] += 1;
        }
        let kinds = records.iter().map(|r| r.kind).collect();
        let has_groups = records.iter().any(|r| store.group(r).is_some());
        let with_lifecycle = (0..records.len() as u32)
            .map(EventId)
            .filter(|id| {
                let record = &records[id.index()];
                super::has_lifecycle(record.kind) && !store.milestones(record).is_empty()
            })
            .collect();
        Self {
            name,
            actor_by_code: actor_lookup(&actors),
            actors,
            store,
            records,
            ids: OnceLock::from(ids),
            actor_events,
            search_starts,
            search_order,
            folded_order,
            days,
            kinds,
            parties,
            party_ends,
            has_groups,
            eras: Vec::new(),
            kind_counts,
            with_lifecycle,
        }
    }

    /// The text arenas of its events, which an archive of the dataset leaves out (see [`Store::texts`]).
    pub(crate) fn texts(&self) -> [&str; 3] {
        self.store.texts()
    }

    /// The dataset read from an archive, with its text arenas put back.
    #[must_use]
    pub(crate) fn with_texts(mut self, texts: [String; 3]) -> Self {
        self.store.set_texts(texts);
        self
    }

    /// The same data with its lookup by actor code built (a cache does not keep it).
    pub(crate) fn with_lookups(mut self) -> Self {
        self.actor_by_code = actor_lookup(&self.actors);
        self
    }

    /// Makes the lookup of events by id now, if it is not made yet: a dataset from a cache makes
    /// it on the first lookup (about 70 ms at a million events), which a command that
    /// looks up no id never waits for, and a window had better not wait for in a frame.
    pub fn build_id_lookup(&self) {
        self.ids();
    }

    fn ids(&self) -> &IdTable {
        self.ids.get_or_init(|| id_table(&self.records, &self.store))
    }

    /// The treaties, agreements, memberships and partnerships that have milestones, in date order.
    pub fn with_lifecycle(&self) -> &[EventId] {
        &self.with_lifecycle
    }

    /// The same data with these eras behind it.
    #[must_use]
    pub fn with_eras(mut self, eras: Vec<Era>) -> Self {
        self.eras = eras;
        self
    }

    /// The named periods behind the events.
    pub fn eras(&self) -> &[Era] {
        &self.eras
    }

    /// The first and last day an event covers, in days since 1970-01-01.
    pub fn days(&self, id: EventId) -> (i64, i64) {
        let (first, last) = self.days[id.index()];
        (i64::from(first), i64::from(last))
    }

    /// The same as [`Dataset::days`], as stored: what the lanes keep.
    pub(crate) fn days_i32(&self, id: EventId) -> (i32, i32) {
        self.days[id.index()]
    }

    /// An event's kind.
    pub fn kind(&self, id: EventId) -> Kind {
        self.kinds[id.index()]
    }

    /// An event's parties.
    pub fn parties(&self, id: EventId) -> &[ActorId] {
        let i = id.index();
        let start = if i == 0 { 0 } else { self.party_ends[i - 1] as usize };
        &self.parties[start..self.party_ends[i] as usize]
    }

    /// Whether any event has a group of its own (a TimelineJS group, or a type Accords does not know).
    pub fn has_groups(&self) -> bool {
        self.has_groups
    }

    /// The first event that starts after `day` (or the number of events, when none does): events
    /// are in date order.
    pub fn first_starting_after(&self, day: i64) -> EventId {
        EventId(self.days.partition_point(|d| i64::from(d.0) <= day) as u32)
    }

    /// The first and last day covered by any event, or `None` for an empty dataset.
    pub fn day_range(&self) -> Option<(i64, i64)> {
        let first = self.days.first()?.0;
        let last = self.days.iter().map(|d| d.1).max()?;
        Some((i64::from(first), i64::from(last)))
    }

    /// The data set's name, shown in the title bar and on exports.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every actor the data set defines.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// How many events there are.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are no events.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Every event, in date order.
    pub fn events(&self) -> impl ExactSizeIterator<Item = Event<'_>> + DoubleEndedIterator + Clone {
        (0..self.records.len() as u32).map(|i| self.event(EventId(i)))
    }

    /// The event at `id`.
    ///
    /// # Panics
    /// If `id` does not come from this dataset.
    pub fn event(&self, id: EventId) -> Event<'_> {
        self.store.event(&self.records[id.index()], self.parties(id))
    }

    /// An event's group, without building the whole event.
    pub fn group(&self, id: EventId) -> Option<&str> {
        self.store.group(&self.records[id.index()])
    }

    /// An event's links to other events.
    pub fn related(&self, id: EventId) -> &[Related] {
        self.store.related(&self.records[id.index()])
    }

    /// The actor at `id`.
    ///
    /// # Panics
    /// If `id` does not come from this dataset.
    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id.index()]
    }

    /// The event with this file id.
    pub fn event_by_id(&self, id: &str) -> Option<EventId> {
        self.ids().find(id, |e| self.records[e.index()].id.get(&self.store.text))
    }

    /// The actor with this code.
    pub fn actor_by_code(&self, code: &str) -> Option<ActorId> {
        self.actor_by_code.get(code).copied()
    }

    /// The events an actor takes part in, in date order.
    pub fn events_of(&self, actor: ActorId) -> &[EventId] {
        self.actor_events.get(actor.index()).map_or(&[], Vec::as_slice)
    }

    /// Whether an event's searchable text (title, short title, location, summary, provisions)
    /// holds every word, ignoring case.
    pub fn contains_all(&self, id: EventId, words: &Words) -> bool {
        let record = &self.records[id.index()];
        if let Some(span) = self.store.folded(record) {
            let text = span.get(&self.store.folded);
            words.0.iter().all(|w| w.exact.find(text.as_bytes()).is_some())
        } else {
            let text = self.store.searchable(record);
            words.0.iter().all(|w| w.is_in_ascii(text))
        }
    }

    /// The events that may hold all of `words`: those holding the one likely to occur least, found
    /// by one pass of a fast substring search over all the text; `None` when there are no words.
    pub fn candidates(&self, words: &Words) -> Option<Vec<EventId>> {
        let word = self.rarest(words)?;
        let mut found = Vec::new();
        let mut at = 0;
        for offset in in_halves(self.store.search.as_bytes(), word.len(), |text| word.find_iter_ascii(text).collect()) {
            let offset = offset as u32;
            while at + 1 < self.search_starts.len() && self.search_starts[at + 1] <= offset {
                at += 1;
            }
            let Some(&id) = self.search_order.get(at) else { break };
            let record = &self.records[id.index()];
            let inside = self.search_starts[at] <= offset && offset + word.len() <= record.search_end;
            if inside && self.store.folded(record).is_none() {
                found.push(id);
            }
        }
        let mut at = 0;
        for offset in in_halves(self.store.folded.as_bytes(), word.len(), |text| word.exact.find_iter(text).collect()) {
            let offset = offset as u32;
            while at + 1 < self.folded_order.len() && self.folded_order[at + 1].0 <= offset {
                at += 1;
            }
            if let Some(&(start, end, id)) = self.folded_order.get(at)
                && start <= offset
                && offset + word.len() <= end
            {
                found.push(id);
            }
        }
        found.sort_unstable();
        found.dedup();
        Some(found)
    }

    /// Of several words, the one likely to occur least: the one found least often in the first
    /// megabyte of text (the longest, on a tie).
    fn rarest<'w>(&self, words: &'w Words) -> Option<&'w Word> {
        let mut sample_end = self.store.search.len().min(1 << 20);
        while !self.store.search.is_char_boundary(sample_end) {
            sample_end -= 1;
        }
        let sample = &self.store.search[..sample_end];
        words.0.iter().min_by_key(|w| (w.find_iter_ascii(sample.as_bytes()).count(), std::cmp::Reverse(w.len())))
    }

    /// How many events there are of each kind, indexed by [`Kind::index`].
    pub fn kind_counts(&self) -> [usize; Kind::ALL.len()] {
        self.kind_counts
    }

    /// Events that link to `id`, with the relation they state.
    pub fn referring_to(&self, id: EventId) -> Vec<(EventId, Relation)> {
        self.records
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                self.store
                    .related(r)
                    .iter()
                    .filter(move |l| l.event == id)
                    .map(move |l| (EventId(i as u32), l.relation))
            })
            .collect()
    }

    /// Actor codes of an event joined with ", ", e.g. "RUS, AZE".
    pub fn party_codes(&self, event: Event<'_>) -> String {
        self.join_parties(event, |a| &a.code)
    }

    /// Actor names of an event joined with ", ", e.g. "Russia, Azerbaijan".
    pub fn party_names(&self, event: Event<'_>) -> String {
        self.join_parties(event, |a| &a.name)
    }

    fn join_parties(&self, event: Event<'_>, part: impl Fn(&Actor) -> &String) -> String {
        let parts: Vec<&str> = event.parties.iter().map(|p| part(self.actor(*p)).as_str()).collect();
        parts.join(", ")
    }
}

/// Text from which a search runs on two threads, each over one half: one pass over a million
/// events' text takes about 13 ms, more than a frame.
const HALVES_FROM: usize = 1 << 22;

/// Where `find` finds a word of `len` bytes in `text`, in order: in a long text, by two threads,
/// the first over the text before the middle (and what a match starting there needs), the second
/// over the rest, so that each match is found once.
fn in_halves(text: &[u8], len: u32, find: impl Fn(&[u8]) -> Vec<usize> + Sync) -> Vec<usize> {
    if text.len() < HALVES_FROM {
        return find(text);
    }
    let middle = text.len() / 2;
    let first_end = (middle + len as usize).saturating_sub(1).min(text.len());
    std::thread::scope(|scope| {
        let second = scope.spawn(|| find(&text[middle..]));
        let mut found = find(&text[..first_end]);
        let second = second.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        found.extend(second.into_iter().map(|offset| offset + middle));
        found
    })
}

/// Lower-case words to look for in the events' text, each made ready for a fast search once.
#[derive(Debug, Clone, Default)]
pub struct Words(Vec<Word>);

#[derive(Debug, Clone)]
struct Word {
    /// Finds the word in ASCII text whatever its case (`None` for a word without ASCII letters,
    /// or if it could not be built, when a plain search is used instead).
    ascii: Option<aho_corasick::AhoCorasick>,
    /// Finds the word as it is, in lower-cased text.
    exact: memchr::memmem::Finder<'static>,
}

impl Words {
    /// The words of `text`, lower-cased, split at white space.
    pub fn new(text: &str) -> Self {
        let words = text.to_lowercase().split_whitespace().map(Word::new).collect();
        Self(words)
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Word {
    fn new(word: &str) -> Self {
        // A word without ASCII letters has no case to ignore, and the plain search is faster.
        let cased = word.bytes().any(|b| b.is_ascii_alphabetic());
        let builder = || aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build([word]).ok();
        let ascii = if cased { builder() } else { None };
        Self { ascii, exact: memchr::memmem::Finder::new(word.as_bytes()).into_owned() }
    }

    fn len(&self) -> u32 {
        self.exact.needle().len() as u32
    }

    /// Where the word starts in `text`, ignoring ASCII case.
    fn find_iter_ascii<'t>(&'t self, text: &'t [u8]) -> Box<dyn Iterator<Item = usize> + 't> {
        match &self.ascii {
            Some(ascii) => Box::new(ascii.find_iter(text).map(|m| m.start())),
            None => Box::new(self.exact.find_iter(text)),
        }
    }

    /// Whether the word is in `text` (all ASCII), ignoring case.
    fn is_in_ascii(&self, text: &str) -> bool {
        match &self.ascii {
            Some(ascii) => ascii.is_match(text),
            None => self.exact.find(text.as_bytes()).is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_searched_in_halves_gives_every_match_once_even_across_the_middle() {
        let word = Word::new("needle");
        let length = 2 * HALVES_FROM + 11;
        let middle = length / 2;
        // A match ending just before the middle, across it, on it and just after it; and at both ends.
        for at in [middle - 6, middle - 5, middle - 1, middle, middle + 1] {
            let mut text = vec![b'x'; length];
            for at in [0, at, length - 6] {
                text[at..at + 6].copy_from_slice(b"NeeDle");
            }
            let once: Vec<usize> = word.find_iter_ascii(&text).collect();
            assert_eq!(once, [0, at, length - 6]);
            assert_eq!(in_halves(&text, word.len(), |t| word.find_iter_ascii(t).collect()), once, "at {at}");
        }
    }
}
