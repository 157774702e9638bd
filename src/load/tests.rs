use std::path::Path;

use super::*;
use crate::model::{Kind, Precision};

const ACTORS: &str = r#""actors": [
    {"code": "RUS", "name": "Russia", "type": "state"},
    {"code": "AZE", "name": "Azerbaijan", "type": "state"},
    {"code": "NATO", "name": "NATO", "type": "organisation"}
  ]"#;

fn file(events: &str) -> String {
    format!("{{\n  \"title\": \"Test\",\n  {ACTORS},\n  \"events\": [\n{events}\n  ]\n}}")
}

fn load(events: &str) -> Result<Loaded, LoadError> {
    from_text(&file(events), Path::new("test.json"))
}

fn problems(events: &str) -> Vec<Problem> {
    match load(events) {
        Err(LoadError::Invalid { problems, .. }) => problems,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

const GOOD: &str = r#"    {"id": "b", "date": "2011-05", "title": "B", "kind": "membership", "parties": ["AZE"],
     "sources": ["https://example.org/b"], "related": [{"id": "a", "relation": "builds-on"}]},
    {"id": "a", "date": "1997-07-03", "title": "A", "kind": "treaty", "parties": ["RUS", "AZE"],
     "sources": [{"label": "Kremlin", "url": "http://example.org/a"}]}"#;

#[test]
fn loads_sorts_by_date_and_resolves_links() {
    let loaded = load(GOOD).unwrap();
    let data = &loaded.dataset;
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(data.name(), "Test");
    let ids: Vec<&str> = data.events().map(|e| e.id).collect();
    assert_eq!(ids, ["a", "b"]);
    let b = data.event(data.event_by_id("b").unwrap());
    assert_eq!(b.date.precision(), Precision::Month);
    assert_eq!(b.related[0].event, data.event_by_id("a").unwrap());
    assert_eq!(b.sources.first().unwrap().label, "example.org");
    assert_eq!(data.event(data.event_by_id("a").unwrap()).kind, Kind::Treaty);
}

#[test]
fn reports_every_problem_with_line_field_and_value() {
    let events = r#"    {"id": "x", "date": "2021-02-30", "title": "X", "kind": "treaty", "parties": ["RUS"]},
    {"id": "y", "date": "2001", "title": "Y", "kind": "alliance", "parties": ["XYZ"]},
    {"id": "z", "date": "2005", "end_date": "2004", "title": "Z", "kind": "treaty", "parties": ["RUS"]},
    {"id": "w", "date": "2005", "title": "W", "kind": "treaty", "parties": ["RUS"],
     "related": [{"id": "nowhere", "relation": "builds-on"}, {"id": "x", "relation": "ends"}]}"#;
    let found = problems(events);
    let summary: Vec<(usize, &str, &str)> =
        found.iter().map(|p| (p.line, p.field.as_str(), p.value.as_str())).collect();
    assert_eq!(summary, [(9, "date", "\"2021-02-30\""), (11, "end_date", "\"2004\""), (12, "related", "\"nowhere\"")]);
    let message = load(events).unwrap_err().to_string();
    assert!(message.starts_with("test.json: 3 problems found"), "{message}");
    assert!(
        message.contains("test.json:9:5: event \"x\": field `date` is \"2021-02-30\"; expected a date"),
        "{message}"
    );
}

#[test]
fn unknown_kinds_and_actors_are_warnings_and_the_events_load() {
    let events = r#"    {"id": "y", "date": "2001", "title": "Y", "kind": "alliance", "parties": ["XYZ", "RUS"],
     "sources": ["https://example.org/y"]}"#;
    let loaded = load(events).unwrap();
    let found: Vec<(&str, &str)> = loaded.warnings.iter().map(|p| (p.field.as_str(), p.value.as_str())).collect();
    assert_eq!(found, [("kind", "\"alliance\""), ("parties", "\"XYZ\"")]);
    let data = &loaded.dataset;
    let event = data.event(data.event_by_id("y").unwrap());
    assert_eq!(event.kind, Kind::Other);
    assert_eq!(event.group, Some("alliance"), "the unknown kind becomes a lane of its own");
    assert_eq!(data.actor(event.parties[0]).code, "XYZ");
}

#[test]
fn duplicate_ids_and_missing_fields_are_errors() {
    let events = r#"    {"id": "a", "date": "2001", "title": "A", "kind": "treaty", "parties": ["RUS"]},
    {"id": "a", "date": "2002", "title": "A2", "kind": "treaty", "parties": ["RUS"]},
    {"date": "2003", "kind": "treaty", "parties": []}"#;
    let found = problems(events);
    let fields: Vec<&str> = found.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["id", "id", "title"]);
    assert_eq!(found[2].record, "event #3");
}

#[test]
fn of_events_sharing_an_id_the_first_in_the_file_stands_and_the_others_are_told() {
    // On three lines in a row, the first not the earliest: the later two are told.
    let events = r#"    {"id": "a", "date": "2003", "title": "A3", "kind": "treaty", "parties": ["RUS"]},
    {"id": "a", "date": "2001", "title": "A1", "kind": "treaty", "parties": ["RUS"]},
    {"id": "a", "date": "2002", "title": "A2", "kind": "treaty", "parties": ["RUS"]}"#;
    let found = problems(events);
    let lines: Vec<usize> = found.iter().filter(|p| p.field == "id").map(|p| p.line).collect();
    let text = file(events);
    let line_of = |title: &str| text.lines().position(|l| l.contains(title)).unwrap() + 1;
    assert_eq!(lines, [line_of(r#""A1""#), line_of(r#""A2""#)], "{found:?}");
}

#[test]
fn missing_sources_and_unknown_fields_are_warnings() {
    let events = r#"    {"id": "a", "date": "2001", "title": "A", "kind": "treaty", "parties": ["RUS"], "titel": "x"}"#;
    let loaded = load(events).unwrap();
    let fields: Vec<&str> = loaded.warnings.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["titel", "sources"]);
}

#[test]
fn non_web_sources_are_refused() {
    let events = r#"    {"id": "a", "date": "2001", "title": "A", "kind": "treaty", "parties": ["RUS"],
     "sources": ["javascript:alert(1)"]}"#;
    assert_eq!(problems(events)[0].value, "\"javascript:alert(1)\"");
}

#[test]
fn syntax_errors_name_line_and_column() {
    let err = from_text("{\n  \"actors\": [,\n", Path::new("bad.json")).unwrap_err();
    let LoadError::Syntax { line, column, .. } = err else { panic!("{err:?}") };
    assert_eq!((line, column), (2, 14));
}

#[test]
fn hostile_inputs_give_errors_not_panics() {
    let deep = "[".repeat(100_000);
    for text in ["", "\0\u{1}\u{2}", "null", "[]", "{}", "{\"actors\": 5, \"events\": []}", &deep] {
        assert!(from_text(text, Path::new("x.json")).is_err(), "{text:.20?}");
    }
}

#[test]
fn reading_refuses_non_utf8_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.json");
    std::fs::write(&path, b"{\n \"title\": \"Caf\xe9\"}").unwrap();
    let message = from_path(&path).unwrap_err().to_string();
    assert!(message.contains("latin1.json") && message.contains("line 2, column 15"), "{message}");
    let missing = from_path(&dir.path().join("none.json")).unwrap_err().to_string();
    assert!(missing.contains("none.json: cannot read"), "{missing}");
}

#[test]
fn text_positions_are_one_based() {
    let positions = TextPositions::new("ab\ncd\n");
    assert_eq!(positions.line_column(0), (1, 1));
    assert_eq!(positions.line_column(4), (2, 2));
}

#[test]
fn text_positions_count_lines_across_blocks_as_an_editor_does() {
    // Lines of every length (none, short, longer than a block), and offsets on each side of the
    // blocks' edges, against a count of every byte.
    let mut text = String::new();
    for i in 0..400_usize {
        text.push_str(&"x".repeat(i * i % 9973));
        text.push('\n');
    }
    text.push_str(&"y".repeat(3 * POSITION_BLOCK));
    text.push_str("\nend");
    let positions = TextPositions::new(&text);
    let mut expected = Vec::with_capacity(text.len() + 1);
    let (mut line, mut column) = (1, 1);
    for b in text.bytes().chain([b' ']) {
        expected.push((line, column));
        (line, column) = if b == b'\n' { (line + 1, 1) } else { (line, column + 1) };
    }
    let block = POSITION_BLOCK;
    let edges = (1..text.len() / block).flat_map(|b| [b * block - 1, b * block, b * block + 1]);
    for offset in (0..text.len()).step_by(97).chain(edges).chain([text.len() - 1, text.len()]) {
        assert_eq!(positions.line_column(offset), expected[offset], "at byte {offset}");
    }
    // A text of one line (JSON written without breaks) and a text that is whole blocks.
    let flat = "z".repeat(5 * POSITION_BLOCK);
    assert_eq!(TextPositions::new(&flat).line_column(flat.len()), (1, flat.len() + 1));
    assert_eq!(TextPositions::new("").line_column(0), (1, 1));
}

#[test]
fn of_more_problems_than_are_told_the_first_in_the_file_are_kept_whatever_their_kind() {
    // 60 events with an impossible date (found by the checks), then 100 with a title that is a
    // number (found as the JSON is read): the first 100 problems of the file are told.
    let dated = (0..60).map(|i| format!(r#"{{"id": "d{i}", "date": "2001-02-30", "title": "D", "kind": "treaty"}}"#));
    let typed = (0..100).map(|i| format!(r#"{{"id": "t{i}", "date": "2001", "title": {i}, "kind": "treaty"}}"#));
    let text = file(&dated.chain(typed).collect::<Vec<_>>().join(",\n"));
    let Err(LoadError::Invalid { problems, more, .. }) = native::parse(&text, Path::new("many.json")) else {
        panic!("refused")
    };
    assert_eq!((problems.len(), more), (MAX_PROBLEMS, 60));
    let (first, last) = (problems[0].to_string(), problems[MAX_PROBLEMS - 1].to_string());
    assert!(first.contains(r#"event "d0": field `date` is "2001-02-30""#), "{first}");
    assert!(last.contains(r#"event "t39": field `title` is 39; expected a string"#), "{last}");
}

#[test]
fn a_spreadsheets_problems_are_told_in_its_order_whoever_finds_them() {
    // 60 TimelineJS rows without a source (found by the checks), then 100 with a day but no month
    // (found as the row is read): the first 100 warnings of the file are the ones kept.
    let unsourced = (0..60).map(|i| format!("2001,,,,,,,,,Unsourced {i},,,,,,,,"));
    let dayed = (0..100).map(|i| format!("2002,,{},,,,,,,Dayed {i},,https://example.org/{i},,,,,,", i % 28 + 1));
    let header = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,\
                  Media Credit,Media Caption,Media Thumbnail,Type,Group,Background";
    let rows: Vec<String> = unsourced.chain(dayed).collect();
    let text = format!("{header}\n{}\n", rows.join("\n"));
    let loaded = timelinejs::parse_csv(&text, Path::new("many.csv")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.dataset.len(), 160);
    let warnings = &loaded.warnings;
    assert_eq!(warnings.len(), MAX_PROBLEMS);
    let (first, last) = (warnings[0].to_string(), warnings[MAX_PROBLEMS - 1].to_string());
    assert!(first.starts_with("2:1: event \"row-2\": field `Media`"), "{first}");
    assert!(last.starts_with("101:1: row 101: field `Day`"), "{last}");
}

#[test]
fn native_files_are_read_as_a_stream_with_the_careful_paths_messages() {
    let path = Path::new("events.json");
    let streamed =
        stream::parse_stream(DEFAULT_DATA.as_bytes(), DEFAULT_DATA.len(), path).unwrap().expect("streams").unwrap();
    let careful = native::parse(DEFAULT_DATA, path).unwrap();
    assert!(streamed.dataset.events().eq(careful.dataset.events()));
    assert_eq!(streamed.dataset.actors(), careful.dataset.actors());
    assert_eq!(streamed.dataset.name(), careful.dataset.name());

    // Problems in events are told by the stream, at the same line and column as the careful path.
    let bad_date_and_no_source = file(&format!(
        "{GOOD},\n    {}",
        r#"{"id": "c", "date": "2001-02-30", "title": "C", "kind": "treaty", "parties": ["RUS"]}"#
    ));
    let careful = native::parse(&bad_date_and_no_source, path).unwrap_err().to_string();
    let streamed = stream::parse_stream(bad_date_and_no_source.as_bytes(), 0, path).unwrap().expect("streams");
    assert_eq!(streamed.unwrap_err().to_string(), careful);
    assert!(careful.contains(":13:5: event \"c\": field `date`"), "{careful}");

    // JSON the stream cannot take as it comes goes to the careful path, which has words for it.
    let with_twice_a_field = file(r#"{"id": "a", "date": "2001", "title": "A", "title": "B", "kind": "treaty"}"#);
    let events_first = r#"{"events": [], "actors": []}"#;
    let with_source = |source: &str| {
        file(&format!(r#"{{"id": "a", "date": "2001", "title": "A", "kind": "treaty", "sources": [{source}]}}"#))
    };
    let odd_sources = [
        with_source(r#"{"url": "https://example.org/a", "label": null}"#),
        with_source(r#"{"url": "https://example.org/a", "note": "x"}"#),
        with_source(r#"{"url": "https://example.org/a", "url": "https://example.org/b"}"#),
        with_source(r#"{"label": "A"}"#),
        with_source("7"),
    ];
    let odd = odd_sources.iter().map(String::as_str);
    for text in odd.chain([with_twice_a_field.as_str(), events_first, "{\"actors\": [], \"events\": [}", "[]", ""]) {
        assert!(stream::parse_stream(text.as_bytes(), text.len(), path).unwrap().is_none(), "{text}");
    }
}

#[test]
fn fields_accords_does_not_know_are_told_by_the_stream_as_by_the_careful_path() {
    // More events than warnings are kept, each with fields Accords does not know (one of them twice,
    // out of order) and no source: the stream keeps the same warnings as the careful path.
    let events: Vec<String> = (0..150)
        .map(|i| {
            format!(r#"    {{"zz": 1, "id": " e{i} ", "date": "2001", "colour": "red", "title": "E", "kind": "treaty", "parties": ["RUS"], "zz": [2]}}"#)
        })
        .collect();
    let text = file(&events.join(",\n"));
    let path = Path::new("extra.json");
    let careful = native::parse(&text, path).unwrap();
    let streamed = stream::parse_stream(text.as_bytes(), text.len(), path).unwrap().expect("streams").unwrap();
    assert_eq!(streamed.warnings, careful.warnings);
    let first = careful.warnings[0].to_string();
    assert!(first.contains(r#"event "e0": field `colour` is not a known field (ignored)"#), "{first}");
    assert!(streamed.dataset.events().eq(careful.dataset.events()));
}

#[test]
fn the_stream_reads_values_cut_anywhere_by_its_chunks_as_json_has_them() {
    let text = r#"[12345, true, "a\\\"}]", {"b": [1, {}], "c": null}, -0.5e3]"#;
    let whole: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
    for chunk in 1..=text.len() {
        let mut json = stream::Values::in_chunks(text.as_bytes(), chunk);
        assert!(json.take(b'[').unwrap());
        let mut values = Vec::new();
        while let Some(value) = json.parse::<serde_json::Value>().unwrap() {
            values.push(value);
            if !json.take(b',').unwrap() {
                break;
            }
        }
        assert_eq!(values, whole, "read {chunk} bytes at a time");
        assert!(json.take(b']').unwrap(), "read {chunk} bytes at a time");
    }
}

#[test]
fn the_stream_reads_events_cut_anywhere_by_its_chunks_as_the_careful_path_does() {
    // Escaped and untrimmed texts, and a problem whose line and column must survive the cuts.
    let escaped = r#"{"id": " e\u0301 ", "date": "2001", "title": " Caf\u00e9 \"x\" ", "kind": "treaty", "parties": ["RUS"], "sources": [{"url": "https://example.org/\u0061", "label": " L\n "}]}"#;
    let bad = r#"{"id": "c", "date": "2001-02-30", "title": "C", "kind": "treaty", "parties": ["RUS"]}"#;
    let path = Path::new("cut.json");
    let good = file(&format!(
        "{GOOD},
    {escaped}"
    ));
    let careful = native::parse(&good, path).unwrap();
    let wrong = file(&format!(
        "{GOOD},
 {escaped},
    {bad}"
    ));
    let careful_problems = native::parse(&wrong, path).unwrap_err().to_string();
    for chunk in (1..=good.len()).step_by(7) {
        let read = |text: &str| {
            let json = stream::Values::in_chunks(text.as_bytes(), chunk);
            stream::read_stream(json, text.len(), path).unwrap().expect("streams")
        };
        let streamed = read(&good).unwrap();
        assert!(streamed.dataset.events().eq(careful.dataset.events()), "read {chunk} bytes at a time");
        assert_eq!(streamed.warnings, careful.warnings, "read {chunk} bytes at a time");
        assert_eq!(read(&wrong).unwrap_err().to_string(), careful_problems, "read {chunk} bytes at a time");
    }
    let title = careful.dataset.events().find(|e| e.id == "e\u{301}").map(|e| e.title);
    assert_eq!(title, Some("Café \"x\""));
}

#[test]
fn the_stream_reads_values_longer_than_its_chunks() {
    let notes = "x".repeat(3 << 20);
    let text = format!(r#"{{"notes": "{notes}", {ACTORS}, "events": [{GOOD}]}}"#);
    let loaded =
        stream::parse_stream(text.as_bytes(), text.len(), Path::new("long.json")).unwrap().expect("streams").unwrap();
    assert_eq!(loaded.dataset.len(), 2);
}

fn treaty_with(milestones: &str) -> String {
    format!(
        r#"    {{"id": "t", "date": "1997-07-03", "title": "T", "kind": "treaty", "parties": ["RUS", "AZE"],
     "sources": ["https://example.org/t"], "milestones": [{milestones}]}}"#
    )
}

#[test]
fn milestones_load_in_date_order_with_their_parties_and_sources() {
    let events = treaty_with(
        r#"{"stage": "withdrawn", "date": "2009-08", "party": "AZE", "note": "sources disagree on the day"},
           {"stage": "in-force", "date": "1998-01-10", "sources": [{"label": "UN", "url": "https://treaties.un.org/x"}]},
           {"stage": "ratified", "date": "1997-12", "party": "RUS"}"#,
    )
    .replace(r#""milestones""#, r#""lifecycle_note": "Sources differ on the exit.", "milestones""#);
    let loaded = load(&events).unwrap();
    // The stream reads it as the careful path does.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.json");
    std::fs::write(&path, file(&events)).unwrap();
    let streamed = from_path(&path).unwrap();
    assert_eq!(
        streamed.dataset.event(crate::model::EventId(0)).milestones,
        loaded.dataset.event(crate::model::EventId(0)).milestones
    );
    assert_eq!(streamed.dataset.event(crate::model::EventId(0)).lifecycle_note, "Sources differ on the exit.");
    assert_eq!(loaded.dataset.event(crate::model::EventId(0)).lifecycle_note, "Sources differ on the exit.");
    let data = loaded.dataset;
    let t = &data.event(crate::model::EventId(0));
    let stages: Vec<(&str, String)> = t.milestones.iter().map(|m| (m.stage.code(), m.date.iso())).collect();
    assert_eq!(
        stages,
        [("ratified", "1997-12".into()), ("in-force", "1998-01-10".into()), ("withdrawn", "2009-08".into())]
    );
    assert_eq!(t.milestones[2].party.map(|p| data.actor(p).code.as_str()), Some("AZE"));
    assert_eq!(&*t.milestones[2].note, "sources disagree on the day");
    assert_eq!(&*t.milestones[1].sources[0].label, "UN");
}

#[test]
fn milestone_mistakes_are_told_precisely() {
    let cases = [
        (
            r#"{"stage": "ended", "date": "1998"}"#,
            "milestones[0].stage",
            "\"ended\"",
            "one of signed, ratified, provisionally-applied, in-force",
        ),
        (r#"{"stage": "in-force", "date": "1998-02-30"}"#, "milestones[0].date", "\"1998-02-30\"", "no such date"),
        (
            r#"{"stage": "ratified", "date": "1998", "party": "NATO"}"#,
            "milestones[0].party",
            "\"NATO\"",
            "one of the event's parties",
        ),
        (
            r#"{"stage": "in-force", "date": "1998"}, {"stage": "signed", "date": "1999-05-01"}"#,
            "milestones",
            "in-force 1998 (all parties)",
            "on or after the signature",
        ),
        (
            r#"{"stage": "withdrawn", "date": "2000", "party": "AZE"}, {"stage": "ratified", "date": "2001", "party": "AZE"}"#,
            "milestones",
            "ratified 2001 (AZE)",
            "after the party left",
        ),
        (r#"{"stage": "resumed", "date": "2001"}"#, "milestones", "resumed 2001 (all parties)", "a suspension before"),
        (
            r#"{"stage": "in-force", "date": "1999", "party": "AZE"}, {"stage": "not-in-force", "date": "2003"}"#,
            "milestones",
            "not-in-force 2003 (all parties)",
            "no not-in-force after it entered into force",
        ),
        (r#"{"date": "2001"}"#, "milestones[0].stage", "", "\"stage\""),
    ];
    for (milestones, field, value, expected) in cases {
        let found = problems(&treaty_with(milestones));
        assert_eq!(found.len(), 1, "{milestones}: {found:?}");
        let p = &found[0];
        assert_eq!((p.field.as_str(), p.value.as_str()), (field, value), "{milestones}");
        assert!(p.expected.contains(expected), "{milestones}: {}", p.expected);
        assert_eq!((p.line, p.record.as_str()), (9, "event \"t\""), "{milestones}");
    }
    // A ratification after another party left is fine.
    let fine = r#"{"stage": "withdrawn", "date": "2000", "party": "AZE"}, {"stage": "ratified", "date": "2001", "party": "RUS"}"#;
    assert!(load(&treaty_with(fine)).is_ok());
}

#[test]
fn milestones_survive_a_csv_round_trip() {
    let events = treaty_with(
        r#"{"stage": "in-force", "date": "1998-01-10", "sources": ["https://treaties.un.org/x;y"]},
           {"stage": "withdrawn", "date": "2009-08", "party": "AZE"}"#,
    )
    .replace(r#""milestones""#, r#""lifecycle_note": "The exit's day, not known; a; b", "milestones""#);
    let data = load(&events).unwrap().dataset;
    let all: Vec<_> = (0..data.len() as u32).map(crate::model::EventId).collect();
    let csv = crate::export::events_csv(&data, &all).unwrap();
    let again = from_text(&csv, Path::new("t.csv")).unwrap_or_else(|e| panic!("{e}\n{csv}")).dataset;
    let steps = |d: &crate::model::Dataset| {
        d.event(crate::model::EventId(0))
            .milestones
            .iter()
            .map(|m| {
                (
                    m.stage,
                    m.date,
                    m.party.map(|p| d.actor(p).code.clone()),
                    m.sources.iter().map(|s| s.url.clone()).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(steps(&again), steps(&data));
    assert_eq!(
        again.event(crate::model::EventId(0)).lifecycle_note,
        data.event(crate::model::EventId(0)).lifecycle_note
    );
    assert_eq!(again.event(crate::model::EventId(0)).lifecycle_note, "The exit's day, not known; a; b");
}

#[test]
fn a_wrong_type_in_an_event_with_milestones_is_still_told_once() {
    let events = r#"    {"id": "t", "date": 1997, "title": "T", "kind": "treaty", "parties": ["RUS"],
     "sources": ["https://example.org/t"], "milestones": [{"stage": "in-force", "date": 1998}]}"#;
    let found = problems(events);
    // The event's date and the step's, each of the wrong type; neither also reported missing.
    let told: Vec<(&str, &str)> = found.iter().map(|p| (p.field.as_str(), p.value.as_str())).collect();
    assert_eq!(told, [("date", "1997"), ("milestones[0].date", "1998")], "{found:?}");
}
