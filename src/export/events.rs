//! The filtered events as CSV (a spreadsheet's form) and JSON.

use serde::Serialize;

use crate::model::{Dataset, EventId, PartialDate, Status};

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
    milestones: Vec<MilestoneRow<'a>>,
    /// What the sources leave open about the lifecycle; left out when empty.
    #[serde(skip_serializing_if = "str::is_empty")]
    lifecycle_note: &'a str,
    /// Only when a date was asked for; `null` for kinds without a lifecycle.
    #[serde(skip_serializing_if = "Option::is_none")]
    status_on: Option<serde_json::Value>,
}

/// One lifecycle step as `list --json` writes it: `party` is null when it concerns all parties.
#[derive(Serialize)]
struct MilestoneRow<'a> {
    stage: &'static str,
    date: String,
    party: Option<&'a str>,
}

fn row(data: &Dataset, id: EventId, status_on: Option<PartialDate>) -> Row<'_> {
    let e = data.event(id);
    let milestones = e
        .milestones
        .iter()
        .map(|m| MilestoneRow {
            stage: m.stage.code(),
            date: m.date.iso(),
            party: m.party.map(|p| data.actor(p).code.as_str()),
        })
        .collect();
    Row {
        id: e.id,
        date: e.date.iso(),
        end_date: e.end_date.map(PartialDate::iso),
        title: e.title,
        kind: e.kind.code(),
        parties: e.parties.iter().map(|p| data.actor(*p).code.as_str()).collect(),
        location: e.location,
        summary: e.summary,
        sources: e.sources.iter().map(|s| s.url).collect(),
        milestones,
        lifecycle_note: e.lifecycle_note,
        status_on: status_on.map(|day| e.status_on(day.first_day_number()).map(Status::code).into()),
    }
}

/// A cell of lifecycle steps, one a line: `stage date [party] [<URL>]` (the first source only).
fn milestones_cell(data: &Dataset, event: crate::model::Event<'_>) -> String {
    let mut cell = String::new();
    for m in event.milestones {
        cell.push_str(m.stage.code());
        cell.push(' ');
        cell.push_str(&m.date.iso());
        if let Some(party) = m.party {
            cell.push(' ');
            cell.push_str(&data.actor(party).code);
        }
        if let Some(source) = m.sources.first() {
            cell.push_str(" <");
            cell.push_str(&source.url);
            cell.push('>');
        }
        cell.push('\n');
    }
    cell
}

/// The events as a JSON array of objects with `id`, `date`, `end_date`, `title`, `kind`, `parties`,
/// `location`, `summary`, `sources`, `milestones` (`{stage, date, party}`), `lifecycle_note` when
/// there is one, and `status_on` when a date is given.
pub fn events_json(data: &Dataset, ids: &[EventId], status_on: Option<PartialDate>) -> String {
    let rows: Vec<Row> = ids.iter().map(|id| row(data, *id, status_on)).collect();
    serde_json::to_string_pretty(&rows)
        .map(|mut s| {
            s.push('\n');
            s
        })
        // Serialising strings and vectors of strings cannot fail.
        .unwrap_or_default()
}

/// The columns `events_csv` writes: every native field, so the file reads back as the same events.
pub const CSV_COLUMNS: [&str; 14] = crate::load::EVENT_FIELDS;

/// The events as CSV with the columns [`CSV_COLUMNS`]: parties and related events (`relation:id`)
/// `;`-separated, provisions and sources (as `Label <URL>`) one a line.
pub fn events_csv(data: &Dataset, ids: &[EventId]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS)?;
    for id in ids {
        let e = data.event(*id);
        let r = row(data, *id, None);
        // One a line, each ended, so that a provision with a `;` in it stays whole on reading.
        let provisions: String = e.provisions.iter().flat_map(|p| [p, "\n"]).collect();
        let sources: Vec<String> = e.sources.iter().map(|s| format!("{} <{}>", s.label, s.url)).collect();
        let related: Vec<String> =
            e.related.iter().map(|r| format!("{}:{}", r.relation.code(), data.event(r.event).id)).collect();
        writer.write_record([
            r.id,
            &r.date,
            r.end_date.as_deref().unwrap_or(""),
            r.title,
            e.short_title.unwrap_or(""),
            r.kind,
            &r.parties.join(";"),
            r.location,
            r.summary,
            &provisions,
            &sources.join("\n"),
            &related.join(";"),
            &milestones_cell(data, e),
            r.lifecycle_note,
        ])?;
    }
    let bytes = writer.into_inner().map_err(csv::IntoInnerError::into_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
