//! Records as a file states them, before any check: every format turns its input into these, and
//! [`super::validate`] turns them into a dataset in one place.

use super::error::Problem;

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
pub(crate) struct RawMilestone {
    pub stage: String,
    pub date: String,
    pub party: Option<String>,
    /// Label (if any) and address.
    pub sources: Vec<(Option<String>, String)>,
    pub note: String,
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
pub(crate) struct RawEvent {
    pub at: Option<At>,
    pub id: Option<String>,
    pub date: Option<String>,
    pub end_date: Option<String>,
    /// How the date is to be shown, where the format says (TimelineJS `display_date`).
    pub date_label: Option<String>,
    pub title: Option<String>,
    pub short_title: Option<String>,
    pub kind: Option<String>,
    pub parties: Vec<String>,
    pub location: String,
    pub summary: String,
    pub provisions: Vec<String>,
    /// Label (if any) and address.
    pub sources: Vec<(Option<String>, String)>,
    /// Other event's id and relation code.
    pub related: Vec<(String, String)>,
    pub milestones: Vec<RawMilestone>,
    /// Where the sources on the lifecycle disagree or are silent.
    pub lifecycle_note: String,
    /// A grouping the file uses (a TimelineJS group), drawn as a lane of its own.
    pub group: Option<String>,
    /// Fields whose problem the reader has told already (a wrong type), not to be told as missing.
    pub told: Vec<String>,
}
