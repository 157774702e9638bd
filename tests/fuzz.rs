//! No input makes the loaders panic or hang: random bytes, and real files with random damage.
//!
//! Runs 256 cases of each property in `cargo test`; `PROPTEST_CASES=100000 cargo test --release --test fuzz`
//! runs it longer. proptest keeps any failing input in `tests/fuzz.proptest-regressions` and retries
//! it first on every run: commit that file when it appears.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use accords::load::{from_path, from_text};
use proptest::prelude::*;

const NAMES: [&str; 4] = ["x.json", "x.csv", "x.txt", "x"];

fn real_files() -> Vec<String> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/timelinejs");
    let mut files: Vec<String> = ["houston.json", "women_in_computing.json", "women_in_computing.csv"]
        .iter()
        .map(|f| std::fs::read_to_string(fixtures.join(f)).unwrap())
        .collect();
    files.push(accords::load::DEFAULT_DATA.to_owned());
    files
}

/// What a load gave, in words: the data set's name, actors, events and warnings, or the error.
fn outcome(result: Result<accords::load::Loaded, accords::load::LoadError>) -> String {
    match result {
        Ok(loaded) => {
            let data = &loaded.dataset;
            format!(
                "{} {:?} {:?} {:?} {:?}",
                data.name(),
                data.actors(),
                data.events().collect::<Vec<_>>(),
                data.eras(),
                loaded.warnings
            )
        }
        Err(error) => error.to_string(),
    }
}

/// Loads `text` under every file name; any panic fails the test.
fn load_everywhere(text: &str) {
    for name in NAMES {
        let _ = from_text(text, Path::new(name));
    }
}

proptest! {
    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        load_everywhere(&text);
    }

    #[test]
    fn json_and_csv_shaped_noise_never_panics(text in r#"[\[\]{}",:0-9a-z\-;\n ]{0,300}"#) {
        load_everywhere(&text);
    }

    #[test]
    fn damaged_real_files_never_panic(file in 0usize..4, edits in prop::collection::vec((0.0f64..1.0, any::<char>(), 0usize..3), 1..12)) {
        let mut text = real_files()[file].clone();
        for (at, c, how) in edits {
            let mut index = ((text.len() as f64) * at) as usize;
            while !text.is_char_boundary(index) {
                index -= 1;
            }
            match how {
                0 => text.insert(index, c),
                1 => { text.truncate(index); }
                _ => { let end = text[index..].char_indices().nth(1).map_or(text.len(), |(i, _)| index + i); text.replace_range(index..end, ""); }
            }
        }
        load_everywhere(&text);
        // Native files are read as a stream when they are clean; that must change nothing.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("damaged.json");
        std::fs::write(&path, &text).unwrap();
        prop_assert_eq!(outcome(from_path(&path)), outcome(from_text(&text, &path)));
    }
}

#[test]
fn hostile_dates_and_nesting_are_refused_cleanly() {
    let far = r#"{"actors": [], "events": [{"id": "a", "date": "99999", "title": "Far", "kind": "treaty"}]}"#;
    let loaded = from_text(far, Path::new("far.json")).unwrap();
    assert_eq!(loaded.dataset.event(accords::model::EventId(0)).date.year_number(), 99_999);
    let beyond = far.replace("99999", "123456789");
    assert!(from_text(&beyond, Path::new("far.json")).is_err());
    let deep = format!("{{\"actors\": [], \"events\": [{}]}}", "[".repeat(50_000));
    assert!(from_text(&deep, Path::new("deep.json")).is_err());
}

#[test]
fn a_two_gigabyte_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // A sparse file: two gigabytes long, no disk used.
    std::fs::File::create(&path).unwrap().set_len(2 << 30).unwrap();
    let started = std::time::Instant::now();
    let message = from_path(&path).unwrap_err().to_string();
    assert!(message.contains("huge.json: the file has 2147483648 bytes"), "{message}");
    assert!(started.elapsed().as_secs() < 2, "it was read after all");
}

#[test]
fn empty_and_binary_files_give_messages() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("empty.json", &b""[..]),
        ("empty.csv", b""),
        ("binary.json", b"\x00\x01\x02\xff\xfe"),
        ("bom.csv", b"\xef\xbb\xbfid,date\n"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let message = from_path(&path).unwrap_err().to_string();
        assert!(message.contains(name), "{name}: {message}");
    }
}
