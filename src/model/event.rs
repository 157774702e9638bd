//! One diplomatic event, validated.

use std::fmt;

use super::{ActorId, Kind, PartialDate};

/// Index of an event in its [`crate::model::Dataset`]; datasets keep events in date order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub struct EventId(pub u32);

impl EventId {
    /// The index as a `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A published page that supports an event.
#[derive(Debug, Clone, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Source {
    /// Who published it, e.g. "Kremlin (kremlin.ru)".
    pub label: Box<str>,
    /// An `http` or `https` address.
    pub url: Box<str>,
}

/// How one event relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub enum Relation {
    /// Takes up and extends the other (a declaration building on a treaty).
    BuildsOn,
    /// Carries the other out (a pipeline opening under an agreement).
    Implements,
    /// Brings the other to an end.
    Ends,
    /// Is a reaction to the other.
    RespondsTo,
    /// Names or confirms the other.
    RefersTo,
    /// Changes the other's terms.
    Amends,
    /// Is one part of the other.
    PartOf,
}

impl Relation {
    /// Every relation.
    pub const ALL: [Relation; 7] = [
        Relation::BuildsOn,
        Relation::Implements,
        Relation::Ends,
        Relation::RespondsTo,
        Relation::RefersTo,
        Relation::Amends,
        Relation::PartOf,
    ];

    /// The code used in files, e.g. `builds-on`.
    pub fn code(self) -> &'static str {
        match self {
            Relation::BuildsOn => "builds-on",
            Relation::Implements => "implements",
            Relation::Ends => "ends",
            Relation::RespondsTo => "responds-to",
            Relation::RefersTo => "refers-to",
            Relation::Amends => "amends",
            Relation::PartOf => "part-of",
        }
    }

    /// The relation with this code, if any.
    pub fn from_code(code: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Words for "this event … the other", e.g. "builds on".
    pub fn phrase(self) -> &'static str {
        match self {
            Relation::BuildsOn => "builds on",
            Relation::Implements => "implements",
            Relation::Ends => "ends",
            Relation::RespondsTo => "responds to",
            Relation::RefersTo => "refers to",
            Relation::Amends => "amends",
            Relation::PartOf => "is part of",
        }
    }

    /// Words for the reverse direction, "the other … this event", e.g. "built on by".
    pub fn inverse_phrase(self) -> &'static str {
        match self {
            Relation::BuildsOn => "built on by",
            Relation::Implements => "implemented by",
            Relation::Ends => "ended by",
            Relation::RespondsTo => "answered by",
            Relation::RefersTo => "referred to by",
            Relation::Amends => "amended by",
            Relation::PartOf => "includes",
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A link from one event to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Related {
    /// The other event.
    pub event: EventId,
    /// How this event relates to it.
    pub relation: Relation,
}

/// A diplomatic event as a loader states it, before it joins a [`crate::model::Dataset`]: its text
/// borrowed from what the loader read (the store copies it), links already resolved to positions.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent<'a> {
    /// Stable identifier from the data file.
    pub id: &'a str,
    /// Official or usual English name.
    pub title: &'a str,
    /// A short label for the timeline.
    pub short_title: Option<&'a str>,
    /// Agreement type.
    pub kind: Kind,
    /// A grouping from the file (a TimelineJS group, or a type Accords does not know).
    pub group: Option<&'a str>,
    /// When it happened (or began).
    pub date: PartialDate,
    /// When a span ended.
    pub end_date: Option<PartialDate>,
    /// How the file asks for the date to be shown.
    pub date_label: Option<&'a str>,
    /// The states and organisations involved; never empty.
    pub parties: Vec<ActorId>,
    /// Where, as "City, Country"; empty when unknown.
    pub location: &'a str,
    /// What happened and why it matters.
    pub summary: &'a str,
    /// Short notes on key clauses.
    pub provisions: Vec<&'a str>,
    /// Published pages that support the event.
    pub sources: Vec<NewSource<'a>>,
    /// Links to other events.
    pub related: Vec<Related>,
    /// Its lifecycle, in date order.
    pub milestones: Vec<super::Milestone>,
    /// What the sources leave open about the lifecycle.
    pub lifecycle_note: &'a str,
}

/// A source as a loader states it: the address as the file has it, and the label the file gives
/// or, where it gives none, the address's host (which is mostly a part of the address).
#[derive(Debug, Clone, PartialEq)]
pub struct NewSource<'a> {
    /// Who published it.
    pub label: std::borrow::Cow<'a, str>,
    /// An `http` or `https` address.
    pub url: &'a str,
}

impl NewSource<'_> {
    /// The source as a milestone keeps it, owned.
    pub fn to_source(&self) -> Source {
        Source { label: self.label.as_ref().into(), url: self.url.into() }
    }
}

/// A diplomatic event — a treaty, a declaration, a war, a membership … — as its dataset holds it:
/// every text borrowed from the dataset's one arena, so an event costs no allocation of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event<'a> {
    /// Stable identifier from the data file, e.g. `shusha-declaration`.
    pub id: &'a str,
    /// Official or usual English name.
    pub title: &'a str,
    /// A short label for the timeline; falls back to the title.
    pub short_title: Option<&'a str>,
    /// Agreement type.
    pub kind: Kind,
    /// A grouping from the file (a TimelineJS group, or a type Accords does not know); with lanes by
    /// type, each group gets a lane of its own.
    pub group: Option<&'a str>,
    /// When it happened (or began), at the precision the sources give.
    pub date: PartialDate,
    /// When a span (a war, a term, a withdrawal taking effect) ended.
    pub end_date: Option<PartialDate>,
    /// How the file asks for the date to be shown (TimelineJS's `display_date`, e.g. "Spring 1942").
    pub date_label: Option<&'a str>,
    /// The states and organisations involved; never empty.
    pub parties: &'a [ActorId],
    /// Where, as "City, Country"; empty when unknown.
    pub location: &'a str,
    /// What happened and why it matters, in plain text.
    pub summary: &'a str,
    /// Short notes on key clauses.
    pub provisions: Texts<'a>,
    /// Published pages that support the event; never empty in the default data.
    pub sources: Sources<'a>,
    /// Links to other events.
    pub related: &'a [Related],
    /// Its lifecycle (signature, ratifications, entry into force, ends), in date order.
    pub milestones: &'a [super::Milestone],
    /// What the sources leave open about the lifecycle: where they disagree, or are silent (a
    /// political text with no entry into force, say); empty when there is nothing to say.
    pub lifecycle_note: &'a str,
}

impl<'a> Event<'a> {
    /// The label drawn on the timeline.
    pub fn label(&self) -> &'a str {
        self.short_title.unwrap_or(self.title)
    }

    /// The first day the event may cover, in days since 1970-01-01.
    pub fn start_day(&self) -> i64 {
        self.date.first_day_number()
    }

    /// The last day the event may cover, in days since 1970-01-01.
    pub fn end_day(&self) -> i64 {
        self.end_date.unwrap_or(self.date).last_day_number()
    }

    /// The date as people write it, with the end of a span: "27 September 2020 – 10 November 2020".
    pub fn date_text(&self) -> String {
        if let Some(label) = self.date_label {
            return label.to_owned();
        }
        match self.end_date {
            Some(end) => format!("{} – {end}", self.date),
            None => self.date.to_string(),
        }
    }
}

/// Where a text sits in a dataset's arena: a byte offset and a length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(crate) struct Span {
    pub start: u32,
    pub len: u32,
}

impl Span {
    /// The text this span marks in `arena`.
    pub fn get(self, arena: &str) -> &str {
        let start = self.start as usize;
        arena.get(start..start + self.len as usize).unwrap_or_default()
    }
}

/// The arena of events without texts.
static NO_TEXT: String = String::new();

/// Texts of an event (its provisions), borrowed from the dataset's arena.
#[derive(Debug, Clone, Copy)]
pub struct Texts<'a> {
    /// The arena as its `String` (a thin reference: an event stays small enough to copy).
    pub(crate) arena: &'a String,
    pub(crate) spans: &'a [Span],
}

impl<'a> Texts<'a> {
    /// No texts.
    pub const EMPTY: Texts<'static> = Texts { arena: &NO_TEXT, spans: &[] };

    /// The texts, in file order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + use<'a> {
        let arena = self.arena;
        self.spans.iter().map(move |s| s.get(arena))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

impl PartialEq for Texts<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

/// A source as an event holds it: label and address borrowed from the dataset's arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceRef<'a> {
    /// Who published it, e.g. "Kremlin (kremlin.ru)".
    pub label: &'a str,
    /// An `http` or `https` address.
    pub url: &'a str,
}

impl Source {
    /// The same source, borrowed.
    pub fn as_ref(&self) -> SourceRef<'_> {
        SourceRef { label: &self.label, url: &self.url }
    }
}

/// An event's sources, borrowed from the dataset's arena.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub(crate) arena: &'a String,
    /// Label and address of each.
    pub(crate) spans: &'a [(Span, Span)],
}

impl<'a> Sources<'a> {
    /// No sources.
    pub const EMPTY: Sources<'static> = Sources { arena: &NO_TEXT, spans: &[] };

    /// The sources, in file order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = SourceRef<'a>> + Clone + use<'a> {
        let arena = self.arena;
        self.spans.iter().map(move |(label, url)| SourceRef { label: label.get(arena), url: url.get(arena) })
    }

    /// The first source, if any.
    pub fn first(&self) -> Option<SourceRef<'a>> {
        self.iter().next()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

impl PartialEq for Sources<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}
