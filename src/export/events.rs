//! The filtered events as CSV (a spreadsheet's form) and JSON.

use serde::Serialize;

use crate::model::{Dataset, EventId, PartialDate};

/// One event as the CSV and JSON exports write it.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    date: String,
    end_date: Option<String>,
    title: &'a str,
    kind: &'static str,
    parties: Vec<&'a str>,
    location: &'a str,
    summary: &'a str,
    sources: Vec<&'a str>,
}

fn row(data: &Dataset, id: EventId) -> Row<'_> {
    let e = data.event(id);
    Row {
        id: &e.id,
        date: e.date.iso(),
        end_date: e.end_date.map(PartialDate::iso),
        title: &e.title,
        kind: e.kind.code(),
        parties: e.parties.iter().map(|p| data.actor(*p).code.as_str()).collect(),
        location: &e.location,
        summary: &e.summary,
        sources: e.sources.iter().map(|s| &*s.url).collect(),
    }
}

/// The events as a JSON array of objects with `id`, `date`, `end_date`, `title`, `kind`, `parties`,
/// `location`, `summary` and `sources`.
pub fn events_json(data: &Dataset, ids: &[EventId]) -> String {
    let rows: Vec<Row> = ids.iter().map(|id| row(data, *id)).collect();
    serde_json::to_string_pretty(&rows)
        .map(|mut s| {
            s.push('\n');
            s
        })
        // Serialising strings and vectors of strings cannot fail.
        .unwrap_or_default()
}

/// The events as CSV with the header `id,date,end_date,title,kind,parties,location,summary,sources`;
/// parties and sources are `;`-separated.
pub fn events_csv(data: &Dataset, ids: &[EventId]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["id", "date", "end_date", "title", "kind", "parties", "location", "summary", "sources"])?;
    for id in ids {
        let r = row(data, *id);
        writer.write_record([
            r.id,
            &r.date,
            r.end_date.as_deref().unwrap_or(""),
            r.title,
            r.kind,
            &r.parties.join(";"),
            r.location,
            r.summary,
            &r.sources.join(";"),
        ])?;
    }
    let bytes = writer.into_inner().map_err(csv::IntoInnerError::into_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
