//! Bad and extreme input, as a hostile or careless user would give it: each case runs the real
//! binary under a memory limit and checks the exit status and the words of the message, so that
//! neither an out-of-memory kill nor a hang can pass for an answer.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address space for one run: far more than any good case needs, far less than the machine has.
const MEMORY_LIMIT_KB: u64 = 4_000_000;
/// A run that takes longer than this has hung.
const HANG: Duration = Duration::from_mins(1);

struct Run {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs `accords ARGS` under the memory limit, feeding `stdin`; fails the test if it hangs.
fn accords_with_input(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_accords"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh runs");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        // The program may stop reading early (it refuses the input); a broken pipe is then fine.
        let _ = pipe.write_all(bytes);
    }
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > HANG {
            child.kill().unwrap();
            panic!("accords {args:?} hung for {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let run = Run {
        success: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    // A signal (the kernel's OOM killer, an abort on a failed allocation) is never an answer.
    assert!(out.status.code().is_some(), "accords {args:?} was killed: {}", run.stderr);
    run
}

fn accords(args: &[&str]) -> Run {
    accords_with_input(args, None)
}

/// Runs a case that must fail, and returns its message.
fn refused(args: &[&str]) -> String {
    let run = accords(args);
    assert!(!run.success, "accords {args:?} should fail; printed {}", run.stdout);
    run.stderr
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn huge_figures_are_refused_before_any_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let out = out.to_str().unwrap();
    let message = refused(&["export", "--out", out, "--size", "16000x16000", "--scale", "8"]);
    assert!(message.contains("128000×128000") && message.contains("megapixels"), "{message}");
    let message = refused(&["export", "--out", out, "--size", "20000x20000"]);
    assert!(message.contains("400 megapixels") && message.contains("at most 100"), "{message}");
    assert!(!dir.path().join("x.png").exists());
    // SVG has no pixels, so the same size is fine there.
    let svg = dir.path().join("x.svg");
    assert!(accords(&["export", "--out", svg.to_str().unwrap(), "--size", "20000x20000"]).success);
}

#[test]
fn output_problems_are_told_before_the_render() {
    let dir = tempfile::tempdir().unwrap();
    let existing = write(dir.path(), "fig.png", "old");
    let message = refused(&["export", "--out", &existing, "--size", "a4-landscape", "--scale", "3"]);
    assert!(message.contains("already exists") && message.contains("--force"), "{message}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "old");
    let message = refused(&["export", "--out", "/no/such/folder/fig.png"]);
    assert!(message.contains("the folder /no/such/folder does not exist"), "{message}");
    let message = refused(&["export", "--out", dir.path().to_str().unwrap()]);
    assert!(message.contains("must end in .svg, .png or .pdf"), "{message}");
}

#[test]
fn devices_and_endless_input_obey_the_size_limit() {
    let message = refused(&["list", "--data", "/dev/zero"]);
    assert!(message.contains("/dev/zero: not a text file: a NUL byte at line 1, column 1"), "{message}");
    let message = refused(&["list", "--data", "/dev/urandom"]);
    assert!(message.contains("/dev/urandom: not"), "{message}");
    let message = refused(&["list", "--data", "/tmp"]);
    assert!(message.contains("/tmp: is a folder"), "{message}");
}

#[test]
fn pipes_and_standard_input_are_read_once() {
    let csv =
        "id,date,title,kind,parties\r\na,2021-01-01,First,treaty,AZE;RUS\r\nb,2022-02-22,Second,declaration,RUS\r\n";
    for path in ["-", "/dev/stdin"] {
        let run = accords_with_input(&["--data", path, "list"], Some(csv.as_bytes()));
        assert!(run.success, "--data {path}: {}", run.stderr);
        assert!(run.stdout.contains("2 of 2 events") && run.stdout.contains("Second"), "{}", run.stdout);
    }
    let run = accords_with_input(&["--data", "-", "list"], Some(b""));
    assert!(!run.success);
    assert!(run.stderr.contains("standard input: the file is empty"), "{}", run.stderr);
}

#[test]
fn a_fifo_nobody_writes_to_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("events.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let message = refused(&["list", "--data", fifo.to_str().unwrap()]);
    assert!(message.contains("the file is empty"), "{message}");
}

#[test]
fn system_errors_are_said_once() {
    let message = refused(&["list", "--data", "/no/such/file.json"]);
    assert_eq!(message.matches("No such file").count(), 1, "{message}");
    assert!(message.contains("/no/such/file.json: cannot read the file"), "{message}");
}

#[test]
fn a_wrong_type_is_one_problem_in_file_coordinates() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "typed.json",
        r#"{"actors": [{"code": "AZE", "name": "Azerbaijan", "type": "state"}],
 "events": [
  {"id": "a", "date": 2021, "title": "Numbers", "kind": "treaty", "parties": ["AZE"]},
  {"id": "b", "date": "2021-01-01", "title": "Huge",
   "kind": "treaty", "parties": ["AZE"], "summary": 1e999, "x": 1e999}
 ]}"#,
    );
    // (`x`, a field Accords does not read, is only told as unknown, by the stream and the careful
    // path alike, however big its number.)
    let message = refused(&["--data", &file, "list"]);
    assert!(message.contains("typed.json:3:3: event \"a\": field `date` is 2021; expected a string"), "{message}");
    assert!(!message.contains("is missing"), "a wrong type is not also missing: {message}");
    assert!(
        message.contains("typed.json:5:53: event #2: field `summary` is \"1e999\"")
            && message.contains("number out of range"),
        "{message}"
    );
    assert!(message.contains("2 problems found"), "{message}");
}

#[test]
fn csv_lines_are_counted_as_an_editor_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = "id,date,title,kind,parties,summary\r\n\
                a,2021-01-01,One,treaty,AZE,\"two\r\nlines\"\r\n\
                b,2021-13-01,Bad month,treaty,AZE,\r\n";
    let message = refused(&["--data", &write(dir.path(), "crlf.csv", crlf), "list"]);
    assert!(message.contains("crlf.csv:4:1: event \"b\": field `date` is \"2021-13-01\""), "{message}");
    let unclosed = "id,date,title,kind,parties\na,2021-01-01,\"Open quote,treaty,AZE\nb,2021-02-02,Two,treaty,AZE\n";
    let message = refused(&["--data", &write(dir.path(), "quote.csv", unclosed), "list"]);
    assert!(message.contains("quote.csv:2:1:") && message.contains("never closed"), "{message}");
    assert!(!message.contains("is missing"), "{message}");
}

#[test]
fn timelinejs_problems_name_timelinejs_fields_and_keep_good_slides() {
    let dir = tempfile::tempdir().unwrap();
    let slides = r#"{"slides": [{"start_date": {"year": 2000}, "text": {"headline": "Lost"}}]}"#;
    let message = refused(&["--data", &write(dir.path(), "slides.json", slides), "list"]);
    assert!(message.contains("no `events` array (it has `slides`)"), "{message}");
    let deep = r#"{"events": [
        {"start_date": {"year": "-13800000000"}, "text": {"headline": "Big Bang"}},
        {"start_date": {"year": "1969", "month": "7", "day": "20"}, "text": {"headline": "Moon landing"}},
        {"start_date": {"year": "2000"}, "media": {"url": "https://example.org/p.jpg", "caption": "A picture"}},
        {"start_date": {"month": "3"}, "text": {"headline": "No year"}}
    ]}"#;
    let message = refused(&["--data", &write(dir.path(), "deep.json", deep), "list"]);
    assert!(message.contains("field `start_date.year` is missing"), "{message}");
    assert!(!message.contains("(expected YYYY"), "{message}");
    let deep = deep.replace(
        r#",
        {"start_date": {"month": "3"}, "text": {"headline": "No year"}}"#,
        "",
    );
    let run = accords(&["--data", &write(dir.path(), "deep.json", &deep), "list"]);
    assert!(run.success, "{}", run.stderr);
    assert!(run.stdout.contains("Moon landing") && run.stdout.contains("A picture"), "{}", run.stdout);
    assert_eq!(run.stderr.matches("cosmological").count(), 1, "one warning for the file: {}", run.stderr);
    let only_deep = r#"{"events": [{"start_date": {"year": "-4600000000"}, "text": {"headline": "Earth"}}]}"#;
    let message = refused(&["--data", &write(dir.path(), "cosmo.json", only_deep), "list"]);
    assert!(message.contains("cosmological scale") && message.contains("-4600000000"), "{message}");
}

#[test]
fn deceptive_links_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (url, words) in [
        ("https:///etc/passwd", "with a host"),
        ("https://good.example@evil.example/", "without a user name"),
        ("https://example.org/\u{202E}gpj.exe", "text-direction"),
        ("javascript:alert(1)", "http:// or https://"),
    ] {
        let csv = format!("id,date,title,kind,parties,sources\na,2021-01-01,T,treaty,AZE,{url}\n");
        let message = refused(&["--data", &write(dir.path(), "links.csv", &csv), "list"]);
        assert!(message.contains("field `sources`") && message.contains(words), "{url}: {message}");
    }
}

#[test]
fn the_command_line_and_the_figure_count_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    for (range, years) in [("1500..1600", "1500–1600"), ("2020..2022", "2020–2022")] {
        let out = dir.path().join(format!("{range}.svg"));
        let run = accords(&["export", "--out", out.to_str().unwrap(), "--range", range]);
        assert!(run.success, "{}", run.stderr);
        let svg = std::fs::read_to_string(&out).unwrap();
        // "wrote FILE (N bytes; D of M events drawn, K match the filters)" and the figure's "D of M events".
        let told = run.stderr.split("bytes; ").nth(1).and_then(|s| s.split(" events drawn").next()).unwrap();
        assert!(svg.contains(&format!("· {told} events ·")), "{range}: CLI says {told}; {}", run.stderr);
        assert!(svg.contains(&format!("<title>Diplomatic events {years}</title>")), "{range}");
    }
}
