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
    assert_eq!(data.events().len(), 10, "ten events besides the title slide");
    let ada = data.events().iter().find(|e| &*e.title == "Ada Lovelace").unwrap();
    assert_eq!(ada.date.iso(), "1815-12-10");
    assert_eq!(ada.end_date.unwrap().iso(), "1852-11-27");
    assert_eq!(ada.kind, Kind::Other);
    assert!(!ada.summary.contains('<') && ada.summary.starts_with("Women have been programming"), "{}", ada.summary);
    assert!(data.events().windows(2).all(|w| w[0].date <= w[1].date));

    let houston = from_path(&fixture("houston.json")).unwrap().dataset;
    assert_eq!(houston.events().len(), 18);
    assert!(houston.name().contains("Whitney Houston"), "{}", houston.name());
    assert!(houston.events().iter().all(|e| !e.title.contains('<')));
}

#[test]
fn timelinejs_csv_opens_like_its_json_twin() {
    let csv = from_path(&fixture("women_in_computing.csv")).unwrap().dataset;
    let json = from_path(&fixture("women_in_computing.json")).unwrap().dataset;
    assert_eq!(csv.name(), json.name());
    let dates =
        |d: &accords::model::Dataset| d.events().iter().map(|e| (e.date.iso(), e.title.clone())).collect::<Vec<_>>();
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
    assert_eq!(marathon.group.as_deref(), Some("Greece"));
    assert_eq!(&*marathon.sources[0].url, "https://en.wikipedia.org/wiki/Battle_of_Marathon");
    assert_eq!(&*marathon.sources[0].label, "Wikipedia");
    assert_eq!(&*data.events()[0].title, "Marathon", "sorted by date, BCE first");
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
    assert_eq!(data.events().len(), 2);
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
