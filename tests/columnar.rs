//! Opening Parquet and Arrow IPC files: the fixtures in tests/fixtures/columnar, which pyarrow wrote
//! (see make.py there) from the first seven events of the default data.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use accords::load::{DEFAULT_DATA, LoadError, Progress, default_dataset, from_path, from_path_reporting};
use accords::model::{Dataset, Event, Precision};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/columnar").join(name)
}

fn load(name: &str) -> Dataset {
    from_path(&fixture(name)).unwrap_or_else(|e| panic!("{e}")).dataset
}

/// An event as one line of what every fixture states alike: id, date, title, kind, parties,
/// location, summary and the sources' addresses.
fn line(data: &Dataset, event: &Event<'_>) -> String {
    let urls: Vec<String> = event.sources.iter().map(|s| s.url.to_string()).collect();
    format!(
        "{} | {} | {} | {} | {} | {} | {} | {}",
        event.id,
        event.date.iso(),
        event.title,
        event.kind.code(),
        data.party_codes(*event),
        event.location,
        event.summary,
        urls.join(" ")
    )
}

fn lines(data: &Dataset) -> Vec<String> {
    data.events().map(|event| line(data, &event)).collect()
}

#[test]
fn parquet_events_are_those_of_the_default_data() {
    let parquet = load("events.parquet");
    let default = default_dataset().unwrap().dataset;
    assert_eq!(parquet.name(), "events", "named after the file");
    assert_eq!(parquet.events().len(), 7);
    for event in parquet.events() {
        let same = default.event(default.event_by_id(event.id).expect(event.id));
        assert_eq!(line(&parquet, &event), line(&default, &same));
        assert_eq!(event.end_date, None, "{}", event.id);
    }
    let proposal = parquet.event(parquet.event_by_id("step-by-step-proposal-1997").unwrap());
    assert_eq!(proposal.date.precision(), Precision::Month, "a text date keeps its precision");
    assert_eq!(proposal.location, "", "a null location is no location");
}

#[test]
fn arrow_ipc_file_and_stream_hold_what_the_parquet_file_holds() {
    let parquet = lines(&load("events.parquet"));
    // Large strings, large lists, string views and a column of Arrow's null type (events.arrow); a
    // dictionary-encoded kind in a stream without the ARROW1 magic (events-stream.ipc).
    assert_eq!(lines(&load("events.arrow")), parquet);
    assert_eq!(lines(&load("events-stream.ipc")), parquet);
    // Compressed IPC: lz4 (pyarrow's Feather default) and zstd.
    assert_eq!(lines(&load("events-lz4.feather")), parquet);
    assert_eq!(lines(&load("events-zstd.arrow")), parquet);
}

#[test]
fn joined_text_columns_read_as_csv_cells_do() {
    let joined = load("events-zstd-joined.parquet");
    assert_eq!(lines(&joined), lines(&load("events.parquet")));
    let default = default_dataset().unwrap().dataset;
    for event in joined.events() {
        let same = default.event(default.event_by_id(event.id).unwrap());
        let labels = |e: &Event<'_>| e.sources.iter().map(|s| s.label.to_string()).collect::<Vec<_>>();
        assert_eq!(labels(&event), labels(&same), "`Label <URL>` items: {}", event.id);
        assert_eq!(event.short_title, same.short_title);
        assert_eq!(event.lifecycle_note, same.lifecycle_note);
        let provisions = |e: &Event<'_>| e.provisions.iter().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(provisions(&event), provisions(&same), "one a line: {}", event.id);
        let related = |data: &Dataset, e: &Event<'_>| {
            e.related.iter().map(|r| format!("{}:{}", r.relation.code(), data.event(r.event).id)).collect::<Vec<_>>()
        };
        assert_eq!(related(&joined, &event), related(&default, &same), "{}", event.id);
        let steps = |e: &Event<'_>| e.milestones.iter().map(|m| (m.stage.code(), m.date.iso())).collect::<Vec<_>>();
        assert_eq!(steps(&event), steps(&same), "{}", event.id);
    }
    let eapc = joined.event(joined.event_by_id("eapc-founding-1997").unwrap());
    assert_eq!(eapc.related.len(), 2);
}

#[test]
fn date32_and_date64_columns_give_days() {
    let default = default_dataset().unwrap().dataset;
    for name in ["dates.parquet", "dates.arrow"] {
        let data = load(name);
        assert_eq!(data.len(), 6, "{name}");
        for event in data.events() {
            let same = default.event(default.event_by_id(event.id).unwrap());
            assert_eq!(event.date, same.date, "{name}: {}", event.id);
            assert_eq!(event.date.precision(), Precision::Day);
            assert_eq!(event.end_date, Some(same.date), "{name}: end_date (Date64 in dates.arrow)");
        }
    }
}

#[test]
fn problems_name_the_row_the_field_and_the_value() {
    let err = from_path(&fixture("bad-kind.parquet")).unwrap_err();
    let LoadError::Invalid { problems, .. } = &err else { panic!("{err}") };
    // The unknown kind is only a warning (the event is shown as "Other"); the date is an error.
    let found: Vec<(usize, &str, &str)> =
        problems.iter().map(|p| (p.line, p.field.as_str(), p.value.as_str())).collect();
    assert_eq!(found, [(2, "date", "\"2008-13-01\"")], "{err}");
    let message = err.to_string();
    assert!(
        message.contains("bad-kind.parquet: row 2: event \"no-such-month\": field `date` is \"2008-13-01\""),
        "{message}"
    );

    let loaded = from_path(&fixture("unknown-kind.parquet")).unwrap();
    let warned: Vec<(usize, &str, &str)> =
        loaded.warnings.iter().map(|p| (p.line, p.field.as_str(), p.value.as_str())).collect();
    assert_eq!(warned, [(0, "notes", "not a known field (ignored)"), (1, "kind", "\"treatyy\"")]);
    let kind = loaded.warnings[1].to_string();
    assert!(kind.starts_with("row 1: event \"typo\": field `kind` is \"treatyy\"; expected one of "), "{kind}");
    let column = loaded.warnings[0].to_string();
    assert!(column.starts_with("column 7: the columns: field `notes` is not a known field"), "{column}");
}

#[test]
fn a_column_of_the_wrong_type_is_named_with_its_arrow_type() {
    let err = from_path(&fixture("wrong-type.parquet")).unwrap_err();
    assert!(matches!(err, LoadError::Columnar { .. }), "{err}");
    let message = err.to_string();
    for part in ["wrong-type.parquet: ", "the column `parties`", "is of type Int64", "expected a list of text"] {
        assert!(message.contains(part), "{part}: {message}");
    }
}

#[test]
fn a_file_that_is_not_columnar_is_refused_with_what_the_library_said() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("events.parquet");
    std::fs::write(&json, DEFAULT_DATA).unwrap();
    let message = from_path(&json).unwrap_err().to_string();
    let named = format!("{}: cannot read the Parquet file: ", json.display());
    assert!(message.starts_with(&named), "{message}");
    assert!(message.contains("JSON text") && message.contains("expected a Parquet file"), "{message}");

    // Cut short: the footer, which Parquet reads first, is missing.
    let bytes = std::fs::read(fixture("events.parquet")).unwrap();
    let cut = dir.path().join("cut.parquet");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let message = from_path(&cut).unwrap_err().to_string();
    assert!(
        message.contains("cut.parquet: cannot read the Parquet file") && message.contains("cut short"),
        "{message}"
    );

    let bytes = std::fs::read(fixture("events.arrow")).unwrap();
    let cut = dir.path().join("cut.arrow");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let message = from_path(&cut).unwrap_err().to_string();
    assert!(message.contains("cut.arrow: cannot read the Arrow IPC file"), "{message}");

    let empty = dir.path().join("empty.feather");
    std::fs::write(&empty, b"").unwrap();
    let message = from_path(&empty).unwrap_err().to_string();
    assert!(message.contains("empty.feather: the file is empty; expected an Arrow IPC file"), "{message}");
}

#[test]
fn a_columnar_file_is_known_by_its_first_bytes_and_reports_progress() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("events.data");
    std::fs::copy(fixture("events.parquet"), &renamed).unwrap();
    let progress = Progress::default();
    let data = from_path_reporting(&renamed, &progress).unwrap().dataset;
    assert_eq!(lines(&data), lines(&load("events.parquet")));
    let total = progress.total.load(Ordering::Relaxed);
    assert!(total > 0 && progress.read.load(Ordering::Relaxed) == total);
}
