//! Opening other people's files: TimelineJS JSON and CSV, and the native CSV.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use accords::load::{LoadError, from_path, from_text};
use accords::model::{Kind, Precision};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/timelinejs").join(name)
}

#[test]
fn timelinejs_json_opens_with_its_dates_groups_and_plain_text() {
    let loaded = from_path(&fixture("women_in_computing.json")).unwrap();
    let data = &loaded.dataset;
    assert_eq!(data.name(), "Women in Computing");
    assert_eq!(data.len(), 10, "ten events besides the title slide");
    let ada = data.events().find(|e| e.title == "Ada Lovelace").unwrap();
    assert_eq!(ada.date.iso(), "1815-12-10");
    assert_eq!(ada.end_date.unwrap().iso(), "1852-11-27");
    assert_eq!(ada.kind, Kind::Other);
    assert!(!ada.summary.contains('<') && ada.summary.starts_with("Women have been programming"), "{}", ada.summary);
    assert!(data.events().zip(data.events().skip(1)).all(|(a, b)| a.date <= b.date));

    let houston = from_path(&fixture("houston.json")).unwrap().dataset;
    assert_eq!(houston.events().len(), 18);
    assert!(houston.name().contains("Whitney Houston"), "{}", houston.name());
    assert!(houston.events().all(|e| !e.title.contains('<')));
}

#[test]
fn timelinejs_csv_opens_like_its_json_twin() {
    let csv = from_path(&fixture("women_in_computing.csv")).unwrap().dataset;
    let json = from_path(&fixture("women_in_computing.json")).unwrap().dataset;
    assert_eq!(csv.name(), json.name());
    let dates =
        |d: &accords::model::Dataset| d.events().map(|e| (e.date.iso(), e.title.to_owned())).collect::<Vec<_>>();
    assert_eq!(dates(&csv), dates(&json));
}

#[test]
fn timelinejs_groups_become_lanes_and_bce_years_work() {
    let text = r#"{"title": {"text": {"headline": "Antiquity"}},
      "events": [
        {"start_date": {"year": -44, "month": 3, "day": 15}, "text": {"headline": "Ides of March"}, "group": "Rome"},
        {"start_date": {"year": "-490"}, "text": {"headline": "Marathon"}, "group": "Greece",
         "media": {"url": "//en.wikipedia.org/wiki/Battle_of_Marathon", "credit": "<b>Wikipedia</b>"}},
        {"start_date": {"year": "2021", "month": "2", "day": "30"}, "text": {"headline": "Impossible"}}
      ]}"#;
    let err = from_text(text, Path::new("old.json")).unwrap_err();
    let LoadError::Invalid { problems, .. } = &err else { panic!("{err}") };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].line, problems[0].field.as_str(), problems[0].value.as_str()),
        (6, "start_date", "\"2021-02-30\"")
    );

    let fixed = text.replace("\"day\": \"30\"", "\"day\": \"28\"");
    let data = from_text(&fixed, Path::new("old.json")).unwrap().dataset;
    let marathon = data.event(data.event_by_id("event-2").unwrap());
    assert_eq!((marathon.date.year_number(), marathon.date.precision()), (-490, Precision::Year));
    assert_eq!(marathon.date.to_string(), "491 BCE");
    assert_eq!(marathon.group, Some("Greece"));
    assert_eq!(marathon.sources.first().unwrap().url, "https://en.wikipedia.org/wiki/Battle_of_Marathon");
    assert_eq!(marathon.sources.first().unwrap().label, "Wikipedia");
    assert_eq!(data.event(accords::model::EventId(0)).title, "Marathon", "sorted by date, BCE first");
}

#[test]
fn the_cosmological_scale_is_refused_with_a_reason() {
    let text = r#"{"scale": "cosmological", "events": [{"start_date": {"year": "-13800000000"}, "text": {"headline": "Big Bang"}}]}"#;
    let message = from_text(text, Path::new("universe.json")).unwrap_err().to_string();
    assert!(message.contains("cosmological scale") && message.contains("cannot draw"), "{message}");
}

#[test]
fn native_csv_opens_and_reports_bad_rows_by_line() {
    let good = "id,date,end_date,title,kind,parties,location,summary,sources\n\
                a,2008-07,,A,treaty,RUS;AZE,Baku,Text,https://example.org/a\n\
                b,2010,2012,B,pact,TUR,,,\n";
    let loaded = from_text(good, Path::new("mine.csv")).unwrap();
    let data = &loaded.dataset;
    assert_eq!(data.len(), 2);
    let a = data.event(data.event_by_id("a").unwrap());
    assert_eq!(a.date.precision(), Precision::Month);
    assert_eq!(data.party_codes(a), "RUS, AZE");
    let warned: Vec<(usize, &str)> = loaded.warnings.iter().map(|p| (p.line, p.field.as_str())).collect();
    assert_eq!(warned, [(3, "kind"), (3, "sources")]);

    let bad = "id,date,title,kind,parties\nx,2021-02-30,X,treaty,AZE\ny,2001,,treaty,AZE\n";
    let message = from_text(bad, Path::new("bad.csv")).unwrap_err().to_string();
    assert!(message.contains("bad.csv:2:1: event \"x\": field `date` is \"2021-02-30\""), "{message}");
    assert!(message.contains("bad.csv:3:1: event \"y\": field `title` is missing"), "{message}");
    let no_header = from_text("when,what\n2001,x\n", Path::new("odd.csv")).unwrap_err().to_string();
    assert!(no_header.contains("odd.csv:1:1: the header has no `id` column"), "{no_header}");
}

#[test]
fn list_json_works_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("mine.csv");
    std::fs::write(&csv, "id,date,title,kind,parties,sources\na,1999,A,treaty,GEO,https://example.org\n").unwrap();
    for file in [fixture("women_in_computing.json"), fixture("women_in_computing.csv"), fixture("houston.json"), csv] {
        let out =
            Command::new(env!("CARGO_BIN_EXE_accords")).args(["list", "--json", "--data"]).arg(&file).output().unwrap();
        assert!(out.status.success(), "{}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
        let events: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!events.is_empty(), "{}", file.display());
    }
}

#[test]
fn timelinejs_eras_are_kept_and_drawn_in_figures() {
    let text = r#"{"events": [{"start_date": {"year": "1990"}, "text": {"headline": "A"}}],
      "eras": [{"start_date": {"year": "1985"}, "end_date": {"year": "1991", "month": "12"}, "text": {"headline": "Late <i>Soviet</i> years"}},
               {"start_date": {"year": "1995"}, "end_date": {"year": "1994"}, "text": {"headline": "Backwards"}}]}"#;
    let message = from_text(text, Path::new("eras.json")).unwrap_err().to_string();
    assert!(message.contains("eras.json:3:16: era #2: field `end_date` is \"1994\""), "{message}");
    let fixed = text.replace(r#""year": "1994""#, r#""year": "1996""#);
    let data = from_text(&fixed, Path::new("eras.json")).unwrap().dataset;
    assert_eq!(data.eras().len(), 2);
    assert_eq!(data.eras()[0].label, "Late Soviet years");
    assert_eq!(data.eras()[0].end.iso(), "1991-12");
    let shown = accords::query::Filter::default().apply(&data);
    let figure = accords::export::Figure {
        title: "Eras".into(),
        size: accords::export::FigureSize::SLIDE,
        theme: accords::export::FigureTheme::Light,
        range: accords::export::FigureRange::parse("1980..2000").unwrap(),
        lanes: accords::scene::LaneMode::Kind,
        arrangement: accords::scene::LaneArrangement::default(),
        focus: None,
        highlight: Vec::new(),
    };
    let svg = accords::export::render_svg(&data, &shown, &accords::query::Filter::default(), &figure);
    assert!(svg.contains("id=\"era-0\"") && svg.contains("Late Soviet years"));
}

#[test]
fn loading_reports_progress_and_can_be_cancelled() {
    use std::sync::atomic::Ordering;
    let path = fixture("houston.json");
    let progress = accords::load::Progress::default();
    accords::load::from_path_reporting(&path, &progress).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert_eq!(progress.read.load(Ordering::Relaxed), size);
    assert_eq!(progress.total.load(Ordering::Relaxed), size);

    let cancelled = accords::load::Progress::default();
    cancelled.cancelled.store(true, Ordering::Relaxed);
    let err = accords::load::from_path_reporting(&path, &cancelled).unwrap_err();
    assert!(matches!(err, LoadError::Cancelled { .. }), "{err}");
}

/// Slides a TimelineJS file holds (its `events`, or the older `timeline.slides` / `timeline.date`)
/// whose years Accords draws, and those it cannot (the cosmological scale).
fn slides_in(path: &Path) -> (usize, usize) {
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let slides = ["/events", "/timeline/slides", "/timeline/date"].iter().find_map(|p| value.pointer(p)).unwrap();
    let year = |slide: &serde_json::Value| -> i64 {
        match slide.pointer("/start_date/year").or_else(|| slide.get("startDate")) {
            Some(serde_json::Value::Number(n)) => n.as_i64().unwrap(),
            Some(serde_json::Value::String(s)) => s.split(',').next().unwrap().trim().parse().unwrap(),
            other => panic!("no year in {other:?}"),
        }
    };
    let years: Vec<i64> = slides.as_array().unwrap().iter().map(year).collect();
    let deep = years.iter().filter(|y| y.abs() > 100_000).count();
    (years.len() - deep, deep)
}

#[test]
fn every_timelinejs_file_at_hand_opens_with_all_its_slides() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/timelinejs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "json")) {
        let loaded = from_path(file).unwrap_or_else(|e| panic!("{e}"));
        let (drawable, deep) = slides_in(file);
        assert_eq!(loaded.dataset.len(), drawable, "{}", file.display());
        let told = loaded.warnings.iter().filter(|w| w.expected.contains("cosmological")).count();
        assert_eq!(told, usize::from(deep > 0), "one warning for the file's deep-time slides: {}", file.display());
    }
    let csv = from_path(&fixture("my-own-timeline.csv")).unwrap().dataset;
    assert_eq!(csv.events().len(), 10);
}

#[test]
fn timelinejs_2_files_open_like_their_timelinejs_3_twin() {
    let old = from_path(&fixture("houston-timelinejs2.json")).unwrap().dataset;
    let new = from_path(&fixture("houston.json")).unwrap().dataset;
    let slides = |d: &accords::model::Dataset| {
        d.events().map(|e| (e.date.iso(), e.title.to_string(), e.sources.len())).collect::<Vec<_>>()
    };
    assert_eq!(slides(&old), slides(&new));
}

#[test]
fn timelinejs_display_dates_are_shown_and_picture_slides_named() {
    let text = r#"{"events": [
        {"start_date": {"year": "1942", "month": "4", "display_date": "Spring 1942"}, "text": {"headline": "A"}},
        {"start_date": {"year": "1950"}, "display_date": "The fifties", "media": {"url": "https://example.org/a.jpg", "credit": "Photo <b>archive</b>"}},
        {"start_date": {"year": "1960", "day": "5"}, "text": {"text": "<p>Only a caption-less text that goes on and on for a while</p>"}}
    ]}"#;
    let loaded = from_text(text, Path::new("shown.json")).unwrap();
    let data = &loaded.dataset;
    assert_eq!(data.event(accords::model::EventId(0)).date_text(), "Spring 1942");
    assert_eq!(data.event(accords::model::EventId(1)).date_text(), "The fifties");
    assert_eq!(
        data.event(accords::model::EventId(1)).title,
        "Photo archive",
        "a picture slide is named after its credit"
    );
    assert_eq!(data.event(accords::model::EventId(2)).title, "Only a caption-less text that goes on and");
    let day = loaded.warnings.iter().find(|w| w.field == "start_date.day").expect("a day without a month is told");
    assert!(day.expected.contains("kept to the year"), "{day}");
}

#[test]
fn what_list_csv_writes_reads_back_as_the_same_events() {
    let data = accords::load::default_dataset().unwrap().dataset;
    let all = accords::query::Filter::default().apply(&data);
    let csv = accords::export::events_csv(&data, &all).unwrap();
    let again = from_text(&csv, Path::new("events.csv")).unwrap_or_else(|e| panic!("{e}")).dataset;
    assert_eq!(again.events().len(), data.len());
    let parties = |d: &accords::model::Dataset, e: accords::model::Event| d.party_codes(e);
    let related = |d: &accords::model::Dataset, e: accords::model::Event| {
        e.related.iter().map(|r| (d.event(r.event).id.to_string(), r.relation)).collect::<Vec<_>>()
    };
    for (a, b) in data.events().zip(again.events()) {
        assert_eq!(
            (&a.id, &a.title, &a.short_title, a.kind, a.date, a.end_date, &a.location, &a.summary),
            (&b.id, &b.title, &b.short_title, b.kind, b.date, b.end_date, &b.location, &b.summary)
        );
        assert_eq!(a.provisions, b.provisions, "{}", a.id);
        assert_eq!(a.sources, b.sources, "{}", a.id);
        assert_eq!(parties(&data, a), parties(&again, b), "{}", a.id);
        assert_eq!(related(&data, a), related(&again, b), "{}", a.id);
    }
}
