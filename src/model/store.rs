//! How a dataset keeps its events: two text arenas (what a search reads, and the rest) for every
//! string of every event, fixed-size records that point into them, and side tables for what few
//! events have (provisions, links, milestones). A million events cost a few large allocations rather than millions of small ones.

use super::event::{Sources, Span, Texts};
use std::hash::BuildHasher as _;

use super::{Event, EventId, Kind, Milestone, NewEvent, PartialDate, Related};

/// Marks a record without extras.
const NO_EXTRA: u32 = u32::MAX;

/// Ends every text in the arenas, so that a search match never spans two of them.
pub(crate) const FIELD_END: char = '\u{1f}';

/// An event as the dataset stores it: a fixed size, its texts as spans of the arenas.
#[derive(Debug, Clone, Copy, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(crate) struct Record {
    pub id: Span,
    pub title: Span,
    pub location: Span,
    pub summary: Span,
    /// The searchable text — title, short title, location, summary, provisions, each followed by
    /// [`FIELD_END`] — runs from `title.start` to here; the rest of the event's text follows.
    pub search_end: u32,
    /// Positions in [`Store::sources`].
    pub sources: Span,
    pub date: PartialDate,
    pub end_date: Option<PartialDate>,
    pub kind: Kind,
    /// Position in [`Store::extras`], or [`NO_EXTRA`].
    extra: u32,
}

/// What few events have: kept aside so that the common record stays small.
#[derive(Debug, Clone, Copy, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
struct Extra {
    short_title: Option<Span>,
    group: Option<Span>,
    date_label: Option<Span>,
    lifecycle_note: Span,
    /// Positions in [`Store::provisions`], [`Store::related`] and [`Store::milestones`].
    provisions: Span,
    related: Span,
    milestones: Span,
    /// The searchable text lower-cased, in [`Store::folded`], for an event whose text is not all
    /// ASCII (ASCII text is searched as it is, ignoring case).
    folded: Option<Span>,
}

/// The text and side tables every record points into. The three text arenas are not archived with
/// the rest: the cache keeps them as they are, beside the archive (see [`Store::texts`]).
#[derive(Debug, Clone, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(crate) struct Store {
    /// The searchable texts (title, short title, location, summary, provisions), apart from the
    /// rest so that a search reads nothing else.
    #[rkyv(with = rkyv::with::Skip)]
    pub search: String,
    /// Every other text: ids, sources, groups, date labels, lifecycle notes.
    #[rkyv(with = rkyv::with::Skip)]
    pub text: String,
    extras: Vec<Extra>,
    provisions: Vec<Span>,
    sources: Vec<(Span, Span)>,
    related: Vec<Related>,
    milestones: Vec<Milestone>,
    /// Lower-cased searchable text of the events that are not all ASCII.
    #[rkyv(with = rkyv::with::Skip)]
    pub folded: String,
}

/// How many events a file of `file_bytes` holds at most, as the loader guesses room for them: an
/// event of native JSON takes 150 bytes or more.
pub(crate) fn events_in(file_bytes: usize) -> usize {
    file_bytes / 150
}

/// Appends `text` and an end mark to `arena`: no search match can then span two texts.
fn push(arena: &mut String, text: &str) -> Span {
    let start = small(arena.len());
    arena.push_str(text);
    arena.push(FIELD_END);
    Span { start, len: small(text.len()) }
}

/// A span's positions as indices of a table.
fn range(span: Span) -> std::ops::Range<usize> {
    span.start as usize..(span.start + span.len) as usize
}

/// An offset or length as stored; inputs are at most [`crate::load::MAX_FILE_BYTES`] (1 GiB), so
/// their text always fits.
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Store {
    /// A store with room for the events of a file of `file_bytes`: a big file's arenas and tables
    /// then never grow by doubling, which copies them into fresh memory the kernel must first zero
    /// (a fifth of a million events' load). Room that is never written costs address space, not
    /// memory, so the guess is generous: the text arenas get half and a quarter of the file.
    pub fn for_file(file_bytes: usize) -> Self {
        let mut store = Self {
            search: String::with_capacity(file_bytes / 2),
            text: String::with_capacity(file_bytes / 4),
            ..Self::default()
        };
        store.extras.reserve(events_in(file_bytes));
        store.sources.reserve(events_in(file_bytes));
        store
    }

    /// The text arenas, which an archive of the store leaves out: searchable, other, lower-cased.
    pub fn texts(&self) -> [&str; 3] {
        [&self.search, &self.text, &self.folded]
    }

    /// The store with these text arenas, in the order [`Store::texts`] gives them.
    pub fn set_texts(&mut self, [search, text, folded]: [String; 3]) {
        (self.search, self.text, self.folded) = (search, text, folded);
    }

    /// Appends `text` and an end mark to the arena of other texts.
    fn push_text(&mut self, text: &str) -> Span {
        push(&mut self.text, text)
    }

    /// Appends `text` and an end mark to the arena of searchable texts.
    fn push_searchable(&mut self, text: &str) -> Span {
        push(&mut self.search, text)
    }

    /// Whether `event` still fits: every offset is 32 bits, so each arena holds at most 4 GiB.
    pub fn fits(&self, event: &NewEvent<'_>) -> bool {
        let searchable = event.title.len()
            + event.short_title.map_or(0, str::len)
            + event.location.len()
            + event.summary.len()
            + event.provisions.iter().map(|p| p.len() + 1).sum::<usize>();
        // Lower-cased text can be longer than the text (three bytes for some two-byte letters).
        let limit = u32::MAX as usize - 64;
        let other = event.id.len()
            + event.sources.iter().map(|s| s.url.len() + s.label.len() + 2).sum::<usize>()
            + event.group.map_or(0, str::len)
            + event.date_label.map_or(0, str::len)
            + event.lifecycle_note.len();
        self.search.len() + searchable + 8 <= limit
            && self.folded.len() + 2 * searchable + 8 <= limit
            && self.text.len() + other + 8 <= limit
    }

    /// Copies an event into the store and gives its record; `event.related` is stored as it is
    /// (see [`Store::set_related`] for links resolved later).
    pub fn push(&mut self, event: NewEvent<'_>) -> Record {
        let title = self.push_searchable(event.title);
        let short_title = event.short_title.map(|t| self.push_searchable(t));
        let location = self.push_searchable(event.location);
        let summary = self.push_searchable(event.summary);
        let provisions_start = small(self.provisions.len());
        for provision in &event.provisions {
            let span = self.push_searchable(provision);
            self.provisions.push(span);
        }
        let search_end = small(self.search.len());
        let searchable = &self.search[title.start as usize..];
        let folded = (!searchable.is_ascii()).then(|| {
            let lower: String = searchable.chars().flat_map(char::to_lowercase).collect();
            let start = small(self.folded.len());
            self.folded.push_str(&lower);
            Span { start, len: small(lower.len()) }
        });
        let id = self.push_text(event.id);
        let sources_start = small(self.sources.len());
        for source in &event.sources {
            let url = self.push_text(source.url);
            // A label that is the address's host (as loaders make missing labels) is not stored twice.
            let label = match memchr::memmem::find(source.url.as_bytes(), source.label.as_bytes()) {
                Some(at) if !source.label.is_empty() => {
                    Span { start: url.start + small(at), len: small(source.label.len()) }
                }
                _ => self.push_text(&source.label),
            };
            self.sources.push((label, url));
        }
        let sources = Span { start: sources_start, len: small(event.sources.len()) };
        let extra = Extra {
            short_title,
            group: event.group.map(|g| self.push_text(g)),
            date_label: event.date_label.map(|l| self.push_text(l)),
            lifecycle_note: if event.lifecycle_note.is_empty() {
                Span::default()
            } else {
                self.push_text(event.lifecycle_note)
            },
            provisions: Span { start: provisions_start, len: small(event.provisions.len()) },
            related: self.push_related(&event.related),
            milestones: {
                let start = small(self.milestones.len());
                let len = small(event.milestones.len());
                self.milestones.extend(event.milestones);
                Span { start, len }
            },
            folded,
        };
        let needed = extra.short_title.is_some()
            || extra.group.is_some()
            || extra.date_label.is_some()
            || extra.lifecycle_note.len > 0
            || extra.provisions.len > 0
            || extra.related.len > 0
            || extra.milestones.len > 0
            || extra.folded.is_some();
        let extra = if needed {
            self.extras.push(extra);
            small(self.extras.len() - 1)
        } else {
            NO_EXTRA
        };
        Record {
            id,
            title,
            location,
            summary,
            search_end,
            sources,
            date: event.date,
            end_date: event.end_date,
            kind: event.kind,
            extra,
        }
    }

    fn push_related(&mut self, links: &[Related]) -> Span {
        let start = small(self.related.len());
        self.related.extend_from_slice(links);
        Span { start, len: small(links.len()) }
    }

    /// Gives a record its links to other events.
    pub fn set_related(&mut self, record: &mut Record, links: &[Related]) {
        if links.is_empty() {
            return;
        }
        if record.extra == NO_EXTRA {
            self.extras.push(Extra::default());
            record.extra = small(self.extras.len() - 1);
        }
        let span = self.push_related(links);
        self.extras[record.extra as usize].related = span;
    }

    fn extra(&self, record: &Record) -> Option<&Extra> {
        self.extras.get(record.extra as usize)
    }

    /// A record's links to other events.
    pub fn related(&self, record: &Record) -> &[Related] {
        self.extra(record).map_or(&[], |e| &self.related[range(e.related)])
    }

    /// Where a record's lower-cased searchable text is in [`Store::folded`], for an event whose
    /// text is not all ASCII.
    pub fn folded(&self, record: &Record) -> Option<Span> {
        self.extra(record).and_then(|e| e.folded)
    }

    /// A record's searchable text as stored (ASCII when [`Store::folded`] gives `None`).
    pub fn searchable(&self, record: &Record) -> &str {
        self.search.get(record.title.start as usize..record.search_end as usize).unwrap_or_default()
    }

    /// A record's group, without building the whole event.
    pub fn group(&self, record: &Record) -> Option<&str> {
        self.extra(record).and_then(|e| e.group).map(|span| span.get(&self.text))
    }

    /// The event a record stands for, with these parties.
    pub fn event<'a>(&'a self, record: &Record, parties: &'a [super::ActorId]) -> Event<'a> {
        let (text, search) = (&self.text, &self.search);
        let extra = self.extra(record).copied().unwrap_or_default();
        Event {
            id: record.id.get(text),
            title: record.title.get(search),
            short_title: extra.short_title.map(|s| s.get(search)),
            kind: record.kind,
            group: extra.group.map(|s| s.get(text)),
            date: record.date,
            end_date: record.end_date,
            date_label: extra.date_label.map(|s| s.get(text)),
            parties,
            location: record.location.get(search),
            summary: record.summary.get(search),
            provisions: Texts { arena: search, spans: &self.provisions[range(extra.provisions)] },
            sources: Sources { arena: text, spans: &self.sources[range(record.sources)] },
            related: &self.related[range(extra.related)],
            milestones: &self.milestones[range(extra.milestones)],
            lifecycle_note: extra.lifecycle_note.get(text),
        }
    }

    /// Every milestone of a record.
    pub fn milestones(&self, record: &Record) -> &[Milestone] {
        self.extra(record).map_or(&[], |e| &self.milestones[range(e.milestones)])
    }
}

/// Events by id: the table holds positions only and hashes the ids where the records keep them,
/// so a million ids are not stored twice. The validator builds one to find duplicate ids and
/// resolve links, the dataset its own; a cache keeps neither.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdTable {
    table: hashbrown::HashTable<EventId>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl IdTable {
    /// The ids of `count` events, event `e`'s being `id_of(e)`. Where events share an id, the first
    /// (the lowest `EventId`) stands for it and each other one is told to `duplicate`.
    pub fn of<'t>(count: usize, id_of: impl Fn(EventId) -> &'t str, mut duplicate: impl FnMut(EventId)) -> Self {
        let mut ids = Self { table: hashbrown::HashTable::with_capacity(count), ..Self::default() };
        for event in (0..count as u32).map(EventId) {
            let id = id_of(event);
            let hash = ids.hasher.hash_one(id);
            let rehash = |&other: &EventId| ids.hasher.hash_one(id_of(other));
            match ids.table.entry(hash, |&other| id_of(other) == id, rehash) {
                hashbrown::hash_table::Entry::Occupied(_) => duplicate(event),
                hashbrown::hash_table::Entry::Vacant(entry) => {
                    entry.insert(event);
                }
            }
        }
        ids
    }

    /// The same table for the events moved: event `e` is now `new(e)`, with the same id.
    pub fn renumber(&mut self, new: impl Fn(EventId) -> EventId) {
        for event in &mut self.table {
            *event = new(*event);
        }
    }

    /// The event with this id; `id_of` gives each position's id.
    pub fn find<'t>(&self, id: &str, id_of: impl Fn(EventId) -> &'t str) -> Option<EventId> {
        self.table.find(self.hasher.hash_one(id), |&e| id_of(e) == id).copied()
    }
}
