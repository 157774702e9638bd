//! TimelineJS files, as its authors publish them: the JSON format and the Google-sheet CSV.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::error::{LoadError, Problem, Problems, quote};
use super::raw::{At, Name, RawEvent, Text};
use super::validate::Validation;
use super::{Loaded, TextPositions, json_syntax};
use crate::model::PartialDate;

#[derive(Deserialize)]
struct File<'a> {
    #[serde(default)]
    title: Option<Value>,
    #[serde(borrow)]
    events: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    eras: Vec<&'a RawValue>,
    /// Older files keep everything under `timeline`.
    #[serde(borrow)]
    timeline: Option<Legacy<'a>>,
    /// Any other top-level keys, to name them when there are no slides.
    #[serde(flatten)]
    other: std::collections::BTreeMap<String, Value>,
}

/// The `timeline` object of older files: TimelineJS 2 (`date`, `era`, `headline`, with dates as
/// "YYYY,MM,DD" text and media under `asset`), or early TimelineJS 3 (`slides`).
#[derive(Deserialize)]
struct Legacy<'a> {
    #[serde(borrow)]
    slides: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    date: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    era: Vec<&'a RawValue>,
    #[serde(default)]
    headline: Option<String>,
}

/// A slide or era: where it is in the file, and its value in TimelineJS 3's shape.
type Record<'a> = (&'a RawValue, Value);

/// Parses TimelineJS JSON: `events` with `start_date`/`end_date` objects, `text.headline` and
/// `text.text` (HTML), `media`, `group`, `unique_id`, `display_date`, and a `title` slide; also the
/// older layouts under `timeline` (see [`Legacy`]).
///
/// Years that Accords cannot draw (TimelineJS's cosmological scale, which it also switches to by
/// itself for years in the millions) leave their slides out with one warning for the file; the
/// other slides still load.
pub fn parse_json(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let file: File =
        serde_json::from_str(text).map_err(|e| json_syntax(path, &e, "a TimelineJS object with an `events` array"))?;
    let value_of = |raw: &&RawValue| serde_json::from_str::<Value>(raw.get()).unwrap_or(Value::Null);
    let mut title =
        file.title.as_ref().and_then(|t| t.pointer("/text/headline")).and_then(Value::as_str).map(plain_text);
    let (slides, raw_eras): (Vec<Record>, Vec<Record>) = match (file.events, file.timeline) {
        (Some(events), _) => {
            (events.iter().map(|r| (*r, value_of(r))).collect(), file.eras.iter().map(|r| (*r, value_of(r))).collect())
        }
        (None, Some(Legacy { slides: Some(slides), .. })) => {
            (slides.iter().map(|r| (*r, value_of(r))).collect(), Vec::new())
        }
        (None, Some(Legacy { date: Some(dates), era, headline, .. })) => {
            title = headline.map(|h| plain_text(&h));
            (
                dates.iter().map(|r| (*r, from_timelinejs2(&value_of(r)))).collect(),
                era.iter().map(|r| (*r, from_timelinejs2(&value_of(r)))).collect(),
            )
        }
        (None, _) => return Err(no_events(&file.other, path)),
    };
    let positions = TextPositions::new(text);
    let at = |raw: &RawValue, record: Name| positions.of_raw(raw, record);
    let mut warnings = Problems::default();
    let mut deep_time = DeepTime::new("start_date.year");
    let mut eras = Vec::with_capacity(raw_eras.len());
    for (i, (raw, era)) in raw_eras.iter().enumerate() {
        let at = at(raw, Name::Numbered("era", i + 1));
        let label = era.pointer("/text/headline").and_then(Value::as_str).map_or_else(String::new, plain_text);
        let (start, end) = (date_of(era.get("start_date")), date_of(era.get("end_date")));
        if deep_time.skips(&at, [&start, &end]) {
            continue;
        }
        let (start, end) =
            (start.iso(&at, &mut warnings, "start_date.day"), end.iso(&at, &mut warnings, "end_date.day"));
        eras.push((at, label, start, end));
    }
    let mut validation = Validation::new(None, false, Problems::default(), Problems::default());
    let mut events = 0;
    for (index, (raw, value)) in slides.iter().enumerate() {
        let at = at(raw, Name::Numbered("slide", index + 1));
        let (start, end) = (date_of(value.get("start_date")), date_of(value.get("end_date")));
        if deep_time.skips(&at, [&start, &end]) {
            continue;
        }
        let event = event_from_json(value, index, at, &start, &end, &mut warnings);
        // The slide's own problems are told before its checks, so they stay in the file's order.
        validation.tell_warnings(&mut warnings);
        validation.event(&event);
        events += 1;
    }
    deep_time.tell(&mut warnings, events + eras.len(), path)?;
    validation.tell_warnings(&mut warnings);
    with_timelinejs_names(validation.finish(title, eras, path))
}

/// A TimelineJS 2 slide or era in TimelineJS 3's shape: `startDate` "1963,8,9" becomes
/// `start_date` {year, month, day}, `asset` becomes `media`, `tag` the group.
fn from_timelinejs2(old: &Value) -> Value {
    let date = |key: &str| {
        let text = match old.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Value::Null,
        };
        let mut parts = text.split(',').map(str::trim).filter(|p| !p.is_empty());
        let mut date = serde_json::Map::new();
        for name in ["year", "month", "day"] {
            if let Some(part) = parts.next() {
                date.insert(name.to_owned(), Value::String(part.to_owned()));
            }
        }
        Value::Object(date)
    };
    let asset = old.get("asset");
    serde_json::json!({
        "start_date": date("startDate"),
        "end_date": date("endDate"),
        "text": {"headline": old.get("headline"), "text": old.get("text")},
        "media": {
            "url": asset.and_then(|a| a.get("media")),
            "credit": asset.and_then(|a| a.get("credit")),
            "caption": asset.and_then(|a| a.get("caption")),
        },
        "group": old.get("tag"),
    })
}

/// Why a JSON file that looks like TimelineJS has no slides, naming what it has instead.
fn no_events(other: &std::collections::BTreeMap<String, Value>, path: &Path) -> LoadError {
    let keys: Vec<String> = other.keys().map(|k| format!("`{k}`")).collect();
    let found = if keys.is_empty() { "nothing else".to_owned() } else { keys.join(", ") };
    let message =
        format!("the file has no `events` array (it has {found}); expected TimelineJS's slides under `events`");
    LoadError::Syntax { path: path.to_owned(), line: 1, column: 1, message }
}

/// Slides and eras left out because their years are beyond what Accords draws.
struct DeepTime {
    /// The year's field in messages.
    field: &'static str,
    first: Option<(At, i64)>,
    count: usize,
}

impl DeepTime {
    fn new(field: &'static str) -> Self {
        Self { field, first: None, count: 0 }
    }

    /// Whether a record is left out for its years; counts it.
    fn skips(&mut self, at: &At, dates: [&Parts; 2]) -> bool {
        let Some(year) = dates.iter().find_map(|d| d.year_out_of_range()) else { return false };
        self.count += 1;
        self.first.get_or_insert_with(|| (at.clone(), year));
        true
    }

    /// One warning for the file; an error when nothing else is left.
    fn tell(self, warnings: &mut Problems, kept: usize, path: &Path) -> Result<(), LoadError> {
        let Some((at, year)) = self.first else { return Ok(()) };
        let (min, max) = (PartialDate::MIN_YEAR, PartialDate::MAX_YEAR);
        if kept == 0 {
            let what = format!(
                "years such as {year} (TimelineJS's cosmological scale) in all {} slides; Accords draws years {min} to {max}",
                self.count
            );
            return Err(LoadError::Unsupported { path: path.to_owned(), what });
        }
        let expected = format!(
            "a year from {min} to {max}; {} slide(s) with years on TimelineJS's cosmological scale were left out, \
             the other {kept} loaded",
            self.count
        );
        warnings.push(at.problem(self.field, &year.to_string(), &expected));
        Ok(())
    }
}

/// A TimelineJS date's parts as the file writes them (strings or numbers).
struct Parts {
    year: Option<String>,
    month: Option<String>,
    day: Option<String>,
    display: Option<String>,
}

fn date_of(date: Option<&Value>) -> Parts {
    Parts {
        year: part(date, "year"),
        month: part(date, "month"),
        day: part(date, "day"),
        display: date.and_then(|d| d.get("display_date")).and_then(Value::as_str).map(plain_text),
    }
}

impl Parts {
    /// The year, when it is a whole number outside the years Accords draws.
    fn year_out_of_range(&self) -> Option<i64> {
        let year: i64 = self.year.as_deref()?.parse().ok()?;
        (!(i64::from(PartialDate::MIN_YEAR)..=i64::from(PartialDate::MAX_YEAR)).contains(&year)).then_some(year)
    }

    /// The date as `YYYY[-MM[-DD]]` text for the common checks; a day without a month is told and
    /// dropped, since TimelineJS then shows the year alone; `day_field` names the day in messages.
    fn iso(&self, at: &At, warnings: &mut Problems, day_field: &str) -> Option<String> {
        if self.month.is_none()
            && let Some(day) = &self.day
        {
            let expected = "a month with the day; the date is kept to the year";
            warnings.push(at.problem(day_field, &quote(day), expected));
        }
        iso(self.year.clone(), self.month.clone(), self.day.clone())
    }
}

/// A TimelineJS date part, which files write as a string or a number.
fn part(date: Option<&Value>, key: &str) -> Option<String> {
    match date?.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn event_from_json(
    value: &Value,
    index: usize,
    at: At,
    start: &Parts,
    end: &Parts,
    warnings: &mut Problems,
) -> RawEvent<'static> {
    let text = |pointer: &str| value.pointer(pointer).and_then(Value::as_str).map(plain_text).filter(|t| !t.is_empty());
    let summary = text("/text/text").unwrap_or_default();
    // A slide may be all picture: TimelineJS shows it, so it is named after its media.
    let title = text("/text/headline")
        .or_else(|| first_words(&summary))
        .or_else(|| text("/media/caption"))
        .or_else(|| text("/media/credit"))
        .unwrap_or_else(|| "Untitled".to_owned());
    let date_label = text("/display_date").or_else(|| start.display.clone());
    let (date, end_date) = (start.iso(&at, warnings, "start_date.day"), end.iso(&at, warnings, "end_date.day"));
    RawEvent {
        at: Some(at),
        id: Some(text("/unique_id").unwrap_or_else(|| format!("event-{}", index + 1)).into()),
        date: date.map(Cow::Owned),
        end_date: end_date.map(Cow::Owned),
        date_label: date_label.map(Cow::Owned),
        title: Some(title.into()),
        group: text("/group").map(Cow::Owned),
        summary: summary.into(),
        sources: source(text("/media/url"), text("/media/credit")).into_iter().collect(),
        ..RawEvent::default()
    }
}

/// Problems named with TimelineJS's own fields rather than the native ones they were checked as.
fn with_timelinejs_names(result: Result<Loaded, LoadError>) -> Result<Loaded, LoadError> {
    // A missing date lacks its year; a wrong one is the whole date object.
    rename_fields(result, |problem| match problem.field.as_str() {
        "date" if problem.value.is_empty() => Some("start_date.year"),
        "date" => Some("start_date"),
        "title" => Some("text.headline"),
        "id" => Some("unique_id"),
        "sources" => Some("media.url"),
        _ => None,
    })
}

/// The date as `YYYY[-MM[-DD]]` text for the common checks; a year is required.
fn iso(year: Option<String>, month: Option<String>, day: Option<String>) -> Option<String> {
    let year = year?;
    let (sign, digits) = year.strip_prefix('-').map_or(("", year.as_str()), |d| ("-", d));
    let mut text = format!("{sign}{digits:0>4}");
    if let Some(month) = month {
        let _ = write!(text, "-{month:0>2}");
        if let Some(day) = day {
            let _ = write!(text, "-{day:0>2}");
        }
    }
    Some(text)
}

/// The media address as a source, when it is a web address (protocol-relative ones get https).
fn source(url: Option<String>, credit: Option<String>) -> Option<(Option<Text<'static>>, Text<'static>)> {
    let url = url?;
    let url = if url.starts_with("//") { format!("https:{url}") } else { url };
    crate::is_web_link(&url).then_some((credit.map(Cow::Owned), Cow::Owned(url)))
}

fn first_words(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().take(8).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// HTML as readable plain text, as a browser would read it (html5ever, through `scraper`): entities
/// decoded, comments and scripts dropped, inline tags joined to their words, block tags and line
/// breaks as spaces, control characters removed.
pub fn plain_text(html: &str) -> String {
    use ego_tree::iter::Edge;
    use scraper::Node;
    if !html.contains(['<', '&']) {
        return clean_spaces(html);
    }
    let fragment = scraper::Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len());
    let mut hidden = 0_usize;
    for edge in fragment.tree.root().traverse() {
        let (node, opens) = match edge {
            Edge::Open(node) => (node, true),
            Edge::Close(node) => (node, false),
        };
        match node.value() {
            Node::Text(text) if opens && hidden == 0 => out.push_str(text),
            Node::Element(element) if matches!(element.name(), "script" | "style" | "template") => {
                hidden = if opens { hidden + 1 } else { hidden.saturating_sub(1) };
            }
            // A block's start and end part words, as a browser's line breaks would.
            Node::Element(element) if !is_inline(element.name()) => out.push(' '),
            _ => {}
        }
    }
    clean_spaces(&out)
}

/// Elements that sit inside a line of text, so `Op<b>t</b>ica` stays one word.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "html"
    )
}

/// Runs of white space as one space; control characters (a decoded `&#0;`, say) and the
/// replacement character the parser puts for them are dropped.
fn clean_spaces(text: &str) -> String {
    let kept: String = text.chars().filter(|c| (c.is_whitespace() || !c.is_control()) && *c != '\u{FFFD}').collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses the TimelineJS spreadsheet CSV (Year, Month, Day, …, Headline, Text, Media, Media Credit,
/// Type, Group); the row of type `title` names the data set.
pub fn parse_csv(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let mut warnings = Problems::default();
    let mut deep_time = DeepTime::new("Year");
    let rows = super::csv::Rows::new(text, path)?;
    let headers = rows.headers().clone();
    let column = |name: &str| super::csv::column(&headers, name);
    let mut validation = Validation::new(None, false, Problems::default(), Problems::default());
    let (mut title, mut eras, mut events) = (None, Vec::new(), 0);
    for row in rows {
        // Each row's problems are told before the next row is read, so they stay in the file's order.
        validation.tell_warnings(&mut warnings);
        let (line, record) = match row {
            Ok(row) => row,
            Err(problem) => {
                validation.error(problem);
                continue;
            }
        };
        let cell = |name: &str| {
            column(name).and_then(|i| record.get(i)).map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned)
        };
        let html = |name: &str| cell(name).map(|c| plain_text(&c)).filter(|c| !c.is_empty());
        let at = At { line, column: 1, record: Name::Row(line) };
        let date = |prefix: &str| Parts {
            year: cell(&format!("{prefix}Year")),
            month: cell(&format!("{prefix}Month")),
            day: cell(&format!("{prefix}Day")),
            display: None,
        };
        let (start, end) = (date(""), date("End "));
        let kind = cell("Type").map(|t| t.to_ascii_lowercase());
        if kind.as_deref() == Some("title") {
            title = html("Headline");
            continue;
        }
        if deep_time.skips(&at, [&start, &end]) {
            continue;
        }
        if kind.as_deref() == Some("era") {
            let label = html("Headline").unwrap_or_default();
            let (start, end) = (start.iso(&at, &mut warnings, "Day"), end.iso(&at, &mut warnings, "End Day"));
            eras.push((at, label, start, end));
            continue;
        }
        let summary = html("Text").unwrap_or_default();
        let title = html("Headline")
            .or_else(|| first_words(&summary))
            .or_else(|| html("Media Caption"))
            .or_else(|| html("Media Credit"))
            .unwrap_or_else(|| "Untitled".to_owned());
        let (date, end_date) = (start.iso(&at, &mut warnings, "Day"), end.iso(&at, &mut warnings, "End Day"));
        validation.tell_warnings(&mut warnings);
        events += 1;
        validation.event(&RawEvent {
            at: Some(at),
            id: Some(format!("row-{line}").into()),
            date: date.map(Cow::Owned),
            end_date: end_date.map(Cow::Owned),
            date_label: html("Display Date").map(Cow::Owned),
            title: Some(title.into()),
            group: cell("Group").map(Cow::Owned),
            summary: summary.into(),
            sources: source(cell("Media"), html("Media Credit")).into_iter().collect(),
            ..RawEvent::default()
        });
    }
    deep_time.tell(&mut warnings, events + eras.len(), path)?;
    validation.tell_warnings(&mut warnings);
    with_csv_names(validation.finish(title, eras, path))
}

/// Problems named with the spreadsheet's own column headings.
fn with_csv_names(result: Result<Loaded, LoadError>) -> Result<Loaded, LoadError> {
    rename_fields(result, |problem| match problem.field.as_str() {
        "date" => Some("Year"),
        "end_date" => Some("End Year"),
        "title" => Some("Headline"),
        "sources" => Some("Media"),
        _ => None,
    })
}

/// Renames the fields of every problem in a load's result.
fn rename_fields(
    result: Result<Loaded, LoadError>,
    name: impl Fn(&Problem) -> Option<&'static str>,
) -> Result<Loaded, LoadError> {
    let rename = |problem: &mut Problem| {
        if let Some(new) = name(problem) {
            new.clone_into(&mut problem.field);
        }
    };
    match result {
        Ok(mut loaded) => {
            loaded.warnings.iter_mut().for_each(rename);
            Ok(loaded)
        }
        Err(LoadError::Invalid { path, mut problems, more }) => {
            problems.iter_mut().for_each(rename);
            Err(LoadError::Invalid { path, problems, more })
        }
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_read_as_a_browser_reads_it() {
        assert_eq!(plain_text("Caf&eacute; &hellip; it&rsquo;s"), "Café … it’s");
        assert_eq!(plain_text("Op<b>t</b>ica"), "Optica", "inline tags do not split words");
        assert_eq!(plain_text("a<!-- hidden -->b<p>c</p>d<br>e"), "ab c d e");
        assert_eq!(plain_text("x&#0;y\u{7}z"), "xyz", "no NUL or control characters");
        assert_eq!(plain_text("<script>alert(1)</script>kept<style>p{}</style>"), "kept");
    }

    #[test]
    fn html_becomes_readable_text() {
        assert_eq!(
            plain_text("<p>Ada&nbsp;Lovelace &amp; <a href='x'>Babbage</a></p><br/>wrote"),
            "Ada Lovelace & Babbage wrote"
        );
        assert_eq!(plain_text("5 &lt; 6 &#8212; &#x41; &bogus; & done"), "5 < 6 — A &bogus; & done");
    }

    #[test]
    fn dates_keep_their_precision_and_sign() {
        assert_eq!(iso(Some("1815".into()), Some("12".into()), Some("10".into())).as_deref(), Some("1815-12-10"));
        assert_eq!(iso(Some("-500".into()), None, Some("3".into())).as_deref(), Some("-0500"));
        assert_eq!(iso(Some("62".into()), Some("3".into()), None).as_deref(), Some("0062-03"));
        assert_eq!(iso(None, Some("3".into()), None), None);
    }
}
