//! Events from a spreadsheet: CSV with the header `id,date,end_date,title,kind,parties,location,summary,sources`.

use std::borrow::Cow;
use std::path::Path;

use super::error::{LoadError, Problem, Problems};
use super::raw::{At, EVENT_FIELDS, Name, RawEvent, RawMilestone, Text};
use super::{Loaded, TextPositions, validate::Validation};

/// The columns a CSV file must have (and a Parquet or Arrow file).
pub(super) const REQUIRED: [&str; 5] = ["id", "date", "title", "kind", "parties"];

/// Parses native CSV text; parties, provisions and related events are `;`-separated within their
/// cells, sources too (see [`source_items`]). Each row is checked as soon as it is read.
pub fn parse(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let rows = Rows::new(text, path)?;
    let column = |name: &str| column(rows.headers(), name);
    if let Some(missing) = REQUIRED.iter().find(|name| column(name).is_none()) {
        let message =
            format!("the header has no `{missing}` column; expected a header such as {}", EVENT_FIELDS.join(","));
        return Err(LoadError::Syntax { path: path.to_owned(), line: 1, column: 1, message });
    }
    let [
        id,
        date,
        end_date,
        title,
        short_title,
        kind,
        parties,
        location,
        summary,
        provisions,
        sources,
        related,
        milestones,
        lifecycle_note,
    ] = EVENT_FIELDS.map(column);
    let mut validation = Validation::new(None, true, Problems::default(), Problems::default());
    validation.reserve_for_file(text.len());
    for row in rows {
        let (line, record) = match row {
            Ok(row) => row,
            Err(problem) => {
                validation.error(problem);
                continue;
            }
        };
        let cell = |column: Option<usize>| column.and_then(|i| record.get(i)).map(str::trim).filter(|c| !c.is_empty());
        let text = |column| cell(column).map(Cow::Borrowed);
        let list = |column| cell(column).map_or_else(Vec::new, |c| items(c).map(Cow::Borrowed).collect());
        validation.event(&RawEvent {
            at: Some(At { line, column: 1, record: Name::Row(line) }),
            id: text(id),
            date: text(date),
            end_date: text(end_date),
            title: text(title),
            short_title: text(short_title),
            kind: text(kind),
            parties: list(parties),
            location: text(location).unwrap_or_default(),
            summary: text(summary).unwrap_or_default(),
            provisions: list(provisions),
            sources: cell(sources).map(source_items).unwrap_or_default(),
            related: cell(related).map_or_else(Vec::new, |c| items(c).map(related_item).collect()),
            milestones: cell(milestones).map(milestone_items).unwrap_or_default(),
            lifecycle_note: text(lifecycle_note).unwrap_or_default(),
            ..RawEvent::default()
        });
    }
    validation.finish(None, Vec::new(), path)
}

/// A `relation:id` item as the other event's id and the relation (empty when the item names none).
pub(super) fn related_item(item: &str) -> (Text<'_>, Text<'_>) {
    match item.split_once(':') {
        Some((relation, id)) => (Cow::Borrowed(id.trim()), Cow::Borrowed(relation.trim())),
        None => (Cow::Borrowed(item), Cow::Borrowed("")),
    }
}

/// The milestones of a cell: `stage date [party] [<URL>]` items, one a line or `;`-separated, e.g.
/// `in-force 1998-01-10; withdrawn 2009-08-18 GEO <https://…>`.
pub(super) fn milestone_items(cell: &str) -> Vec<RawMilestone<'_>> {
    let mut milestones = Vec::new();
    for item in items(cell) {
        let (words, url) = match bracketed_url(item) {
            Some((words, url)) => (words, Some(url)),
            None => (item, None),
        };
        let mut words = words.split_whitespace();
        milestones.push(RawMilestone {
            stage: Cow::Borrowed(words.next().unwrap_or_default()),
            date: Cow::Borrowed(words.next().unwrap_or_default()),
            party: words.next().map(Cow::Borrowed),
            sources: url.map(|u| (None, Cow::Borrowed(u))).into_iter().collect(),
            note: Cow::Borrowed(""),
        });
    }
    milestones
}

/// A cell's items, trimmed and non-empty: one a line, or `;`-separated in a one-line cell (as
/// people type them).
pub(super) fn items(cell: &str) -> impl Iterator<Item = &str> {
    let items: Vec<&str> = if cell.contains('\n') { cell.lines().collect() } else { cell.split(';').collect() };
    items.into_iter().map(str::trim).filter(|i| !i.is_empty())
}

/// `words <URL>` as the words and the address, both trimmed; `None` without an address in brackets.
pub(super) fn bracketed_url(item: &str) -> Option<(&str, &str)> {
    let (words, url) = item.strip_suffix('>')?.rsplit_once('<')?;
    Some((words.trim(), url.trim()))
}

/// The sources of a cell: `URL` or `Label <URL>` items, one a line or `;`-separated. A `;` parts
/// items only where an address or a label follows it (`;` may stand inside an address), and white
/// space cannot stand in one, so every address a reader wrote comes back whole.
pub(crate) fn source_items(cell: &str) -> Vec<(Option<Text<'_>>, Text<'_>)> {
    let mut items = Vec::new();
    for line in cell.lines() {
        let mut rest = line.trim();
        while !rest.is_empty() {
            let end = next_item_end(rest);
            let item = rest[..end].trim();
            rest = rest[end..].trim_start_matches(';').trim_start();
            if item.is_empty() {
                continue;
            }
            match bracketed_url(item) {
                Some((label, url)) => items.push((Some(Cow::Borrowed(label)), Cow::Borrowed(url))),
                None => items.push((None, Cow::Borrowed(item))),
            }
        }
    }
    items
}

/// Where the first item of `text` ends: at a `;` outside `<…>` that is followed by the start of a
/// new item, not by more of an address.
fn next_item_end(text: &str) -> usize {
    let mut in_brackets = false;
    for (i, c) in text.char_indices() {
        match c {
            '<' => in_brackets = true,
            '>' => in_brackets = false,
            ';' if !in_brackets => {
                let after = text[i + 1..].trim_start();
                // Inside a bare address a `;` is followed by more of it, with no space; a new item
                // starts with a scheme, or follows a space.
                let new_item = after.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("http"))
                    || text[i + 1..].starts_with(char::is_whitespace)
                    || after.is_empty();
                if new_item {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The rows of CSV text after its header, one at a time, each well-formed one with its line
/// number and each broken one as a problem. Line numbers are counted from each row's byte offset,
/// so CRLF endings and newlines inside quoted cells give the lines an editor shows.
pub(super) struct Rows<'t> {
    text: &'t str,
    positions: TextPositions<'t>,
    reader: csv::Reader<&'t [u8]>,
    headers: csv::StringRecord,
}

impl<'t> Rows<'t> {
    /// Reads the header; a quoted cell that is never closed is an error before any row is read.
    pub(super) fn new(text: &'t str, path: &Path) -> Result<Self, LoadError> {
        let positions = TextPositions::new(text);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| LoadError::Syntax { path: path.to_owned(), line: 1, column: 1, message: e.to_string() })?
            .clone();
        if let Some(line) = unclosed_quote(text, &positions) {
            let message = "a quoted cell (\") opens on this line and is never closed; close it with \" before the \
                           next comma or line end"
                .to_owned();
            return Err(LoadError::Syntax { path: path.to_owned(), line, column: 1, message });
        }
        Ok(Self { text, positions, reader, headers })
    }

    /// The header's cells.
    pub(super) fn headers(&self) -> &csv::StringRecord {
        &self.headers
    }

    fn line_of(&self, position: Option<&csv::Position>) -> usize {
        let Some(mut byte) = position.and_then(|p| usize::try_from(p.byte()).ok()) else { return 0 };
        // After a CRLF ending the reader's position can sit on the LF, which ends the line before.
        while matches!(self.text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        self.positions.line_column(byte).0
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<(usize, csv::StringRecord), Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut record = csv::StringRecord::new();
        match self.reader.read_record(&mut record) {
            Ok(true) => Some(Ok((self.line_of(record.position()), record))),
            Ok(false) => None,
            Err(e) => {
                let line = self.line_of(e.position());
                let at = At { line, column: 1, record: Name::Text(format!("row at line {line}")) };
                Some(Err(at.problem("(row)", &e.to_string(), "a row of comma-separated cells")))
            }
        }
    }
}

/// Where the column of this heading is in `headers` (in any case, spaces around it ignored).
pub(super) fn column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name))
}

/// The line of a quoted cell that runs to the end of the text: the `csv` reader would take all the
/// rows after it as that one cell.
fn unclosed_quote(text: &str, positions: &TextPositions<'_>) -> Option<usize> {
    let (mut quoted, mut cell_start, mut just_closed, mut opened) = (false, true, false, 0);
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' if quoted => {
                (quoted, just_closed) = (false, true);
                continue;
            }
            // `""` inside a quoted cell is a quote: the cell goes on.
            b'"' if just_closed => quoted = true,
            // A quote opens a quoted cell only at the cell's start; elsewhere it is text.
            b'"' if cell_start => (quoted, opened) = (true, i),
            b',' | b'\n' | b'\r' if !quoted => {
                (cell_start, just_closed) = (true, false);
                continue;
            }
            _ => {}
        }
        (cell_start, just_closed) = (false, false);
    }
    quoted.then(|| positions.line_column(opened).0)
}
