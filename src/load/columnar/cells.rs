//! How the columns of one batch of rows, in whichever Arrow type holds them, become the text of
//! each row's cells.

use arrow_array::cast::AsArray as _;
use arrow_array::types::{Date32Type, Date64Type};
use arrow_array::{Array, Date32Array, Date64Array, LargeStringArray, StringArray, StringViewArray};
use arrow_schema::DataType;
use chrono::Datelike as _;

use crate::load::csv::{bracketed_url, items as cell_items, milestone_items, related_item, source_items};
use std::borrow::Cow;

use crate::load::raw::{At, Name, RawEvent, RawMilestone, Text};
use crate::model::date_of_day_number;

/// Milliseconds in a day, for `Date64` values.
const MS_PER_DAY: i64 = 86_400_000;

/// The known columns of one batch of rows.
pub(super) struct Batch<'a> {
    pub(super) id: Cells<'a>,
    pub(super) date: Cells<'a>,
    pub(super) end_date: Cells<'a>,
    pub(super) title: Cells<'a>,
    pub(super) short_title: Cells<'a>,
    pub(super) kind: Cells<'a>,
    pub(super) parties: Cells<'a>,
    pub(super) location: Cells<'a>,
    pub(super) summary: Cells<'a>,
    pub(super) provisions: Cells<'a>,
    pub(super) sources: Cells<'a>,
    pub(super) related: Cells<'a>,
    pub(super) milestones: Cells<'a>,
    pub(super) lifecycle_note: Cells<'a>,
}

impl<'a> Batch<'a> {
    /// The event of the batch's row `i`, which is row `row` of the file (1-based).
    pub(super) fn event(&self, i: usize, row: usize) -> RawEvent<'a> {
        RawEvent {
            at: Some(At { line: row, column: 0, record: Name::Row(row) }),
            id: self.id.text(i),
            date: self.date.text(i),
            end_date: self.end_date.text(i),
            title: self.title.text(i),
            short_title: self.short_title.text(i),
            kind: self.kind.text(i),
            parties: self.parties.items(i).strings(),
            location: self.location.text(i).unwrap_or_default(),
            summary: self.summary.text(i).unwrap_or_default(),
            provisions: self.provisions.items(i).strings(),
            sources: self.sources.items(i).sources(),
            related: self.related.items(i).related(),
            milestones: self.milestones.items(i).milestones(),
            lifecycle_note: self.lifecycle_note.text(i).unwrap_or_default(),
            ..RawEvent::default()
        }
    }
}

/// A column's values, whichever accepted Arrow type holds them.
pub(super) enum Cells<'a> {
    /// Text (also for a column the file does not have: [`Strings::Null`]).
    Text(Strings<'a>),
    /// Days since 1970-01-01.
    Days(&'a Date32Array),
    /// Milliseconds since 1970-01-01.
    Millis(&'a Date64Array),
    /// Lists of text.
    List(List<'a>),
}

impl<'a> Cells<'a> {
    pub(super) fn new(array: &'a dyn Array) -> Option<Self> {
        Some(match array.data_type() {
            DataType::Date32 => Self::Days(array.as_primitive_opt::<Date32Type>()?),
            DataType::Date64 => Self::Millis(array.as_primitive_opt::<Date64Type>()?),
            DataType::List(_) => {
                let list = array.as_list_opt::<i32>()?;
                let items = Strings::new(list.values().as_ref())?;
                Self::List(List { array, offsets: Offsets::Small(list.value_offsets()), items })
            }
            DataType::LargeList(_) => {
                let list = array.as_list_opt::<i64>()?;
                let items = Strings::new(list.values().as_ref())?;
                Self::List(List { array, offsets: Offsets::Large(list.value_offsets()), items })
            }
            _ => Self::Text(Strings::new(array)?),
        })
    }

    /// A row's value as text, trimmed; a date as `YYYY-MM-DD`; `None` when null or blank.
    fn text(&self, row: usize) -> Option<Text<'a>> {
        let day = |days: i64| Some(Cow::Owned(day_text(days)));
        match self {
            Self::Text(strings) => Some(strings.get(row)?.trim()).filter(|t| !t.is_empty()).map(Cow::Borrowed),
            Self::Days(days) => days.is_valid(row).then(|| day(i64::from(days.value(row))))?,
            Self::Millis(ms) => ms.is_valid(row).then(|| day(ms.value(row).div_euclid(MS_PER_DAY)))?,
            Self::List(_) => None,
        }
    }

    /// A row's items: those of a list, or the text of a cell to be split as CSV cells are.
    fn items(&self, row: usize) -> Items<'a> {
        match self {
            Self::List(list) => Items::List(list.items(row)),
            Self::Text(strings) => strings.get(row).map_or(Items::Empty, Items::Cell),
            Self::Days(_) | Self::Millis(_) => Items::Empty,
        }
    }
}

/// A day number (days since 1970-01-01) as `YYYY-MM-DD`, with a leading `-` for years BCE, as the
/// date parser reads it. A day beyond chrono's range becomes its first or last day, whose year the
/// parser refuses as out of range.
fn day_text(days: i64) -> String {
    let date = date_of_day_number(days);
    let year = date.year();
    let year = if year < 0 { format!("-{:04}", -year) } else { format!("{year:04}") };
    format!("{year}-{:02}-{:02}", date.month(), date.day())
}

/// A column of text, as one of Arrow's string types holds it.
pub(super) enum Strings<'a> {
    /// No values: Arrow's null type, or a column the file does not have.
    Null,
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
    /// Codes into a column of distinct texts (a categorical): the column (for its nulls), each
    /// row's code, and the texts.
    Dictionary {
        array: &'a dyn Array,
        keys: Vec<usize>,
        values: Box<Strings<'a>>,
    },
}

impl<'a> Strings<'a> {
    fn new(array: &'a dyn Array) -> Option<Self> {
        Some(match array.data_type() {
            DataType::Null => Self::Null,
            DataType::Utf8 => Self::Utf8(array.as_string_opt::<i32>()?),
            DataType::LargeUtf8 => Self::Large(array.as_string_opt::<i64>()?),
            DataType::Utf8View => Self::View(array.as_string_view_opt()?),
            DataType::Dictionary(_, _) => {
                let dictionary = array.as_any_dictionary_opt()?;
                let values = Strings::new(dictionary.values().as_ref())?;
                // Without any text every row is null (and `normalized_keys` would panic).
                let keys = if dictionary.values().is_empty() { Vec::new() } else { dictionary.normalized_keys() };
                Self::Dictionary { array, keys, values: Box::new(values) }
            }
            _ => return None,
        })
    }

    /// The text of a row; `None` when it is null.
    fn get(&self, row: usize) -> Option<&'a str> {
        match *self {
            Self::Null => None,
            Self::Utf8(array) => array.is_valid(row).then(move || array.value(row)),
            Self::Large(array) => array.is_valid(row).then(move || array.value(row)),
            Self::View(array) => array.is_valid(row).then(move || array.value(row)),
            Self::Dictionary { array, ref keys, ref values } => {
                if array.is_valid(row) {
                    keys.get(row).and_then(|&key| values.get(key))
                } else {
                    None
                }
            }
        }
    }
}

/// A column of lists of text.
pub(super) struct List<'a> {
    /// The column itself, for its nulls.
    array: &'a dyn Array,
    /// Where each row's items start and end among `items`.
    offsets: Offsets<'a>,
    /// The items of all rows.
    items: Strings<'a>,
}

impl<'a> List<'a> {
    /// A row's items, trimmed; null and blank items are left out.
    fn items(&self, row: usize) -> Vec<&'a str> {
        if !self.array.is_valid(row) {
            return Vec::new();
        }
        self.offsets.range(row).filter_map(|i| self.items.get(i)).map(str::trim).filter(|i| !i.is_empty()).collect()
    }
}

/// The offsets of a `List` (32-bit) or a `LargeList` (64-bit).
enum Offsets<'a> {
    Small(&'a [i32]),
    Large(&'a [i64]),
}

impl Offsets<'_> {
    /// The positions of a row's items.
    fn range(&self, row: usize) -> std::ops::Range<usize> {
        let at = |i: usize| match *self {
            Self::Small(offsets) => offsets.get(i).and_then(|&o| usize::try_from(o).ok()),
            Self::Large(offsets) => offsets.get(i).and_then(|&o| usize::try_from(o).ok()),
        };
        let start = at(row).unwrap_or(0);
        start..at(row + 1).unwrap_or(start).max(start)
    }
}

/// A row's items, before they are read as the field's values.
enum Items<'a> {
    /// The items of a list.
    List(Vec<&'a str>),
    /// A cell of text, with items in the CSV cell syntax.
    Cell(&'a str),
    /// None.
    Empty,
}

impl<'a> Items<'a> {
    /// The items as plain text (parties, provisions, `relation:id` links).
    fn strings(self) -> Vec<Text<'a>> {
        match self {
            Self::List(items) => items.into_iter().map(Cow::Borrowed).collect(),
            Self::Cell(cell) => cell_items(cell).map(Cow::Borrowed).collect(),
            Self::Empty => Vec::new(),
        }
    }

    /// The items as links to other events: `relation:id`, as in a CSV cell.
    fn related(self) -> Vec<(Text<'a>, Text<'a>)> {
        match self {
            Self::List(items) => items.into_iter().map(related_item).collect(),
            Self::Cell(cell) => cell_items(cell).map(related_item).collect(),
            Self::Empty => Vec::new(),
        }
    }

    /// The items as sources: `URL` or `Label <URL>`, as in a CSV cell.
    fn sources(self) -> Vec<(Option<Text<'a>>, Text<'a>)> {
        match self {
            Self::List(items) => items.into_iter().map(source_item).collect(),
            Self::Cell(cell) => source_items(cell),
            Self::Empty => Vec::new(),
        }
    }

    /// The items as lifecycle steps: `stage date [party] [<URL>]`, as in a CSV cell.
    fn milestones(self) -> Vec<RawMilestone<'a>> {
        match self {
            Self::List(items) => items.into_iter().flat_map(milestone_items).collect(),
            Self::Cell(cell) => milestone_items(cell),
            Self::Empty => Vec::new(),
        }
    }
}

/// One source of a list: `URL` or `Label <URL>`.
fn source_item(item: &str) -> (Option<Text<'_>>, Text<'_>) {
    match bracketed_url(item) {
        Some((label, url)) => (Some(Cow::Borrowed(label)), Cow::Borrowed(url)),
        None => (None, Cow::Borrowed(item)),
    }
}
