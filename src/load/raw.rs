//! Records as a file states them, before any check: every format turns its input into these, and
//! [`super::validate`] turns them into a dataset in one place.

use std::borrow::Cow;

use super::error::Problem;

/// A text as a reader hands it over: borrowed from the file where it can be (a JSON string without
/// escapes, a CSV cell), so that a big file's fields cost no allocation each; owned where the
/// reader had to make it (an unescaped string, text from HTML).
pub(crate) type Text<'a> = Cow<'a, str>;

/// The fields of an event in the native formats, in the order the README documents them.
pub(crate) const EVENT_FIELDS: [&str; 14] = [
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
    "milestones",
    "lifecycle_note",
];

/// A lifecycle step as the file states it.
#[derive(Debug, Default)]
pub(crate) struct RawMilestone<'a> {
    pub stage: Text<'a>,
    pub date: Text<'a>,
    pub party: Option<Text<'a>>,
    /// Label (if any) and address.
    pub sources: Vec<(Option<Text<'a>>, Text<'a>)>,
    pub note: Text<'a>,
}

/// How messages name an event that has an id: `event "shusha-declaration"`.
pub(crate) fn event_record(id: &str) -> Name {
    Name::Event(id.to_owned())
}

/// How messages name a record. It is put into words only when a problem is told, so that reading a
/// big file costs no formatting for the records that have none.
#[derive(Debug, Clone)]
pub(crate) enum Name {
    /// As it is: `actor "RUS"`, `the columns`.
    Text(String),
    /// By its place among its kind: `event #3`, `slide #12`.
    Numbered(&'static str, usize),
    /// A row of a table: `row 12`.
    Row(usize),
    /// An event by its id: `event "shusha-declaration"`.
    Event(String),
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Text(text) => f.write_str(text),
            Self::Numbered(what, number) => write!(f, "{what} #{number}"),
            Self::Row(row) => write!(f, "row {row}"),
            Self::Event(id) => write!(f, "event {}", super::error::quote(id)),
        }
    }
}

/// Where a record is in its file, for messages.
#[derive(Debug, Clone)]
pub(crate) struct At {
    pub line: usize,
    pub column: usize,
    pub record: Name,
}

impl At {
    /// The warning about a field of an event that Accords does not know.
    pub fn unknown_event_field(&self, key: &str) -> Problem {
        let expected = format!("one of the fields {}", EVENT_FIELDS.join(", "));
        self.problem(key, "not a known field (ignored)", &expected)
    }

    pub fn problem(&self, field: &str, value: &str, expected: &str) -> Problem {
        Problem {
            line: self.line,
            column: self.column,
            record: self.record.to_string(),
            field: field.to_owned(),
            value: value.to_owned(),
            expected: expected.to_owned(),
        }
    }
}

/// An actor as the file defines it.
#[derive(Debug)]
pub(crate) struct RawActor {
    pub at: At,
    pub code: String,
    pub name: Option<String>,
    /// `state` or `organisation`, as written.
    pub actor_type: Option<String>,
}

/// An event as the file states it: text fields, not yet checked.
#[derive(Debug, Default)]
pub(crate) struct RawEvent<'a> {
    pub at: Option<At>,
    pub id: Option<Text<'a>>,
    pub date: Option<Text<'a>>,
    pub end_date: Option<Text<'a>>,
    /// How the date is to be shown, where the format says (TimelineJS `display_date`).
    pub date_label: Option<Text<'a>>,
    pub title: Option<Text<'a>>,
    pub short_title: Option<Text<'a>>,
    pub kind: Option<Text<'a>>,
    pub parties: Vec<Text<'a>>,
    pub location: Text<'a>,
    pub summary: Text<'a>,
    pub provisions: Vec<Text<'a>>,
    /// Label (if any) and address.
    pub sources: Vec<(Option<Text<'a>>, Text<'a>)>,
    /// Other event's id and relation code.
    pub related: Vec<(Text<'a>, Text<'a>)>,
    pub milestones: Vec<RawMilestone<'a>>,
    /// Where the sources on the lifecycle disagree or are silent.
    pub lifecycle_note: Text<'a>,
    /// A grouping the file uses (a TimelineJS group), drawn as a lane of its own.
    pub group: Option<Text<'a>>,
    /// Fields whose problem the reader has told already (a wrong type), not to be told as missing.
    pub told: Vec<String>,
}
