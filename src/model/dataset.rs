//! A validated set of events and the actors they involve, with the indices the filter needs.

use std::collections::HashMap;
use std::hash::BuildHasher as _;

use super::{Actor, ActorId, Event, EventId, Kind, Relation};

/// Validated events in date order, their actors, and lookups by id and by actor.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    name: String,
    actors: Vec<Actor>,
    events: Vec<Event>,
    /// Events by id: the table holds positions only and hashes ids where the events keep them, so a
    /// million ids are not stored twice.
    event_by_id: hashbrown::HashTable<EventId>,
    id_hasher: std::hash::RandomState,
    actor_by_code: HashMap<String, ActorId>,
    /// For each actor, its events in date order (posting lists for the filter).
    actor_events: Vec<Vec<EventId>>,
    /// Lower-cased searchable text of every event, concatenated; `text_ends[i]` ends event i.
    text: String,
    text_ends: Vec<usize>,
    /// First and last day (since 1970-01-01) of every event, so the filter need not recompute them.
    days: Vec<(i64, i64)>,
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

/// A named period, such as a TimelineJS era, drawn behind the events.
#[derive(Debug, Clone, PartialEq)]
pub struct Era {
    /// Its name.
    pub label: String,
    /// When it began.
    pub start: super::PartialDate,
    /// When it ended.
    pub end: super::PartialDate,
}

impl Dataset {
    /// Builds a dataset from checked parts. Events are sorted by date (then id); `related` links
    /// must already point at positions in that sorted order, which is why loaders build datasets
    /// through [`crate::load`] rather than calling this directly with unsorted events.
    pub fn from_sorted(name: String, actors: Vec<Actor>, events: Vec<Event>) -> Self {
        let id_hasher = std::hash::RandomState::new();
        let mut event_by_id = hashbrown::HashTable::with_capacity(events.len());
        for (i, event) in events.iter().enumerate() {
            let rehash = |id: &EventId| id_hasher.hash_one(&*events[id.index()].id);
            event_by_id.insert_unique(id_hasher.hash_one(&*event.id), EventId(i as u32), rehash);
        }
        let actor_by_code = actors.iter().enumerate().map(|(i, a)| (a.code.clone(), ActorId(i as u32))).collect();
        let mut actor_events = vec![Vec::new(); actors.len()];
        let mut text = String::new();
        let mut text_ends = Vec::with_capacity(events.len());
        let days = events.iter().map(|e| (e.start_day(), e.end_day())).collect();
        for (i, event) in events.iter().enumerate() {
            for party in &event.parties {
                if let Some(list) = actor_events.get_mut(party.index()) {
                    list.push(EventId(i as u32));
                }
            }
            for part in [&event.title, &event.location, &event.summary]
                .into_iter()
                .chain(event.short_title.iter())
                .chain(event.provisions.iter())
            {
                if part.is_ascii() {
                    let start = text.len();
                    text.push_str(part);
                    text[start..].make_ascii_lowercase();
                } else {
                    text.extend(part.chars().flat_map(char::to_lowercase));
                }
                // A separator no search text contains, so a match never spans two fields.
                text.push('\u{1f}');
            }
            text_ends.push(text.len());
        }
        let mut kind_counts = [0; Kind::ALL.len()];
        for event in &events {
            kind_counts[event.kind.index()] += 1;
        }
        let kinds = events.iter().map(|e| e.kind).collect();
        let parties: Vec<ActorId> = events.iter().flat_map(|e| e.parties.iter().copied()).collect();
        let party_ends = events
            .iter()
            .scan(0, |end, e| {
                *end += e.parties.len() as u32;
                Some(*end)
            })
            .collect();
        let has_groups = events.iter().any(|e| e.group.is_some());
        let with_lifecycle = (0..events.len() as u32)
            .map(EventId)
            .filter(|id| {
                let event = &events[id.index()];
                !event.milestones.is_empty() && super::has_lifecycle(event.kind)
            })
            .collect();
        Self {
            name,
            actors,
            events,
            event_by_id,
            id_hasher,
            actor_by_code,
            actor_events,
            text,
            text_ends,
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

    /// The first and last day covered by any event, or `None` for an empty dataset.
    pub fn day_range(&self) -> Option<(i64, i64)> {
        let first = self.days.first()?.0;
        let last = self.days.iter().map(|d| d.1).max()?;
        Some((first, last))
    }

    /// The data set's name, shown in the title bar and on exports.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every actor the data set defines.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// Every event, in date order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The event at `id`.
    ///
    /// # Panics
    /// If `id` does not come from this dataset.
    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id.index()]
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
        let hash = self.id_hasher.hash_one(id);
        self.event_by_id.find(hash, |e| *self.events[e.index()].id == *id).copied()
    }

    /// The actor with this code.
    pub fn actor_by_code(&self, code: &str) -> Option<ActorId> {
        self.actor_by_code.get(code).copied()
    }

    /// The events an actor takes part in, in date order.
    pub fn events_of(&self, actor: ActorId) -> &[EventId] {
        self.actor_events.get(actor.index()).map_or(&[], Vec::as_slice)
    }

    /// The lower-cased searchable text of an event (title, short title, location, summary, provisions).
    pub fn search_text(&self, id: EventId) -> &str {
        let i = id.index();
        let start = if i == 0 { 0 } else { self.text_ends[i - 1] };
        &self.text[start..self.text_ends[i]]
    }

    /// The events whose searchable text contains `word` (lower-case), in date order: one pass of a
    /// fast substring search over all the text, instead of a search per event.
    pub fn events_containing(&self, word: &str) -> Vec<EventId> {
        let mut found: Vec<EventId> = Vec::new();
        let mut event = 0;
        for offset in memchr::memmem::find_iter(self.text.as_bytes(), word.as_bytes()) {
            while self.text_ends[event] <= offset {
                event += 1;
            }
            if found.last() != Some(&EventId(event as u32)) {
                found.push(EventId(event as u32));
            }
        }
        found
    }

    /// Of several lower-case words, the one likely to occur least: the one found least often in the
    /// first megabyte of text (the longest, on a tie).
    pub fn rarest_word<'w>(&self, words: &'w [String]) -> Option<&'w str> {
        let mut sample_end = self.text.len().min(1 << 20);
        while !self.text.is_char_boundary(sample_end) {
            sample_end -= 1;
        }
        let sample = &self.text.as_bytes()[..sample_end];
        let count = |word: &String| memchr::memmem::find_iter(sample, word.as_bytes()).count();
        words.iter().min_by_key(|w| (count(w), std::cmp::Reverse(w.len()))).map(String::as_str)
    }

    /// How many events there are of each kind, indexed by [`Kind::index`].
    pub fn kind_counts(&self) -> [usize; Kind::ALL.len()] {
        self.kind_counts
    }

    /// Events that link to `id`, with the relation they state.
    pub fn referring_to(&self, id: EventId) -> Vec<(EventId, Relation)> {
        self.events
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                e.related.iter().filter(move |r| r.event == id).map(move |r| (EventId(i as u32), r.relation))
            })
            .collect()
    }

    /// Actor codes of an event joined with ", ", e.g. "RUS, AZE".
    pub fn party_codes(&self, event: &Event) -> String {
        self.join_parties(event, |a| &a.code)
    }

    /// Actor names of an event joined with ", ", e.g. "Russia, Azerbaijan".
    pub fn party_names(&self, event: &Event) -> String {
        self.join_parties(event, |a| &a.name)
    }

    fn join_parties(&self, event: &Event, part: impl Fn(&Actor) -> &String) -> String {
        let parts: Vec<&str> = event.parties.iter().map(|p| part(self.actor(*p)).as_str()).collect();
        parts.join(", ")
    }
}
