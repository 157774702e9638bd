//! Events from a spreadsheet: CSV with the header `id,date,end_date,title,kind,parties,location,summary,sources`.

use std::path::Path;

use super::error::{LoadError, Problems};
use super::raw::{At, EVENT_FIELDS, RawData, RawEvent};
use super::{Loaded, validate::validate};

/// The columns a CSV file must have.
const REQUIRED: [&str; 5] = ["id", "date", "title", "kind", "parties"];

/// Parses native CSV text; parties, sources and provisions are `;`-separated within their cells.
pub fn parse(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let mut errors = Problems::default();
    let (headers, rows) = read_rows(text, path, &mut errors)?;
    let column = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    if let Some(missing) = REQUIRED.iter().find(|name| column(name).is_none()) {
        // A cell holds text, so every native field but `related` can be a column.
        let columns: Vec<&str> = EVENT_FIELDS.iter().copied().filter(|f| *f != "related").collect();
        let message = format!("the header has no `{missing}` column; expected a header such as {}", columns.join(","));
        return Err(LoadError::Syntax { path: path.to_owned(), line: 1, column: 1, message });
    }
    let mut events = Vec::with_capacity(rows.len());
    for (line, record) in rows {
        let cell = |name: &str| column(name).and_then(|i| record.get(i)).map(str::trim).filter(|c| !c.is_empty());
        let text = |name: &str| cell(name).map(str::to_owned);
        let list = |name: &str| {
            cell(name).map_or_else(Vec::new, |c| {
                c.split(';').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect()
            })
        };
        events.push(RawEvent {
            at: Some(At { line, column: 1, record: format!("row {line}") }),
            id: text("id"),
            date: text("date"),
            end_date: text("end_date"),
            title: text("title"),
            short_title: text("short_title"),
            kind: text("kind"),
            parties: list("parties"),
            location: text("location").unwrap_or_default(),
            summary: text("summary").unwrap_or_default(),
            provisions: list("provisions"),
            sources: list("sources").into_iter().map(|url| (None, url)).collect(),
            related: Vec::new(),
            group: None,
        });
    }
    let data = RawData { title: None, actors: None, events, eras: Vec::new(), has_kinds_and_parties: true };
    validate(data, path, errors, Problems::default())
}

/// The header and the well-formed rows with their line numbers; a broken row becomes a problem.
pub(super) fn read_rows(
    text: &str,
    path: &Path,
    errors: &mut Problems,
) -> Result<(csv::StringRecord, Vec<(usize, csv::StringRecord)>), LoadError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| LoadError::Syntax { path: path.to_owned(), line: 1, column: 1, message: e.to_string() })?
        .clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => rows.push((record.position().map_or(0, |p| p.line() as usize), record)),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                let at = At { line, column: 1, record: format!("row at line {line}") };
                errors.push(at.problem("(row)", &e.to_string(), "a row of comma-separated cells"));
            }
        }
    }
    Ok((headers, rows))
}
