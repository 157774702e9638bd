//! TimelineJS files, as its authors publish them: the JSON format and the Google-sheet CSV.

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::error::{LoadError, Problems};
use super::raw::{At, RawData, RawEvent};
use super::{Loaded, TextPositions, json_syntax, validate::validate};

#[derive(Deserialize)]
struct File<'a> {
    #[serde(default)]
    title: Option<Value>,
    #[serde(borrow, default)]
    events: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    eras: Vec<&'a RawValue>,
    #[serde(default)]
    scale: Option<String>,
}

/// Parses TimelineJS JSON: `events` with `start_date`/`end_date` objects, `text.headline` and
/// `text.text` (HTML), `media`, `group`, `unique_id`, and a `title` slide.
pub fn parse_json(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let file: File =
        serde_json::from_str(text).map_err(|e| json_syntax(path, &e, "a TimelineJS object with an `events` array"))?;
    if file.scale.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("cosmological")) {
        return Err(LoadError::Unsupported {
            path: path.to_owned(),
            what: "TimelineJS's cosmological scale (dates in millions of years)".to_owned(),
        });
    }
    let positions = TextPositions::new(text);
    let at = |raw: &RawValue, record: String| positions.of_raw(text, raw, record);
    let mut eras = Vec::with_capacity(file.eras.len());
    for (i, raw) in file.eras.iter().enumerate() {
        let era: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        let (start, end) = (era.get("start_date"), era.get("end_date"));
        let label = era.pointer("/text/headline").and_then(Value::as_str).map_or_else(String::new, plain_text);
        let start = iso(part(start, "year"), part(start, "month"), part(start, "day"));
        let end = iso(part(end, "year"), part(end, "month"), part(end, "day"));
        eras.push((at(raw, format!("era #{}", i + 1)), label, start, end));
    }
    let mut events = Vec::with_capacity(file.events.len());
    for (index, raw) in file.events.iter().enumerate() {
        let value: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        events.push(event_from_json(&value, index, at(raw, format!("event #{}", index + 1))));
    }
    let title = file.title.as_ref().and_then(|t| t.pointer("/text/headline")).and_then(Value::as_str).map(plain_text);
    let data = RawData { title, actors: None, events, eras, has_kinds_and_parties: false };
    validate(data, path, Problems::default(), Problems::default())
}

/// A TimelineJS date part, which files write as a string or a number.
fn part(date: Option<&Value>, key: &str) -> Option<String> {
    match date?.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn event_from_json(value: &Value, index: usize, at: At) -> RawEvent {
    let start = value.get("start_date");
    let end = value.get("end_date");
    let date = iso(part(start, "year"), part(start, "month"), part(start, "day"));
    let end_date = iso(part(end, "year"), part(end, "month"), part(end, "day"));
    let text = |pointer: &str| value.pointer(pointer).and_then(Value::as_str).map(plain_text).filter(|t| !t.is_empty());
    let summary = text("/text/text").unwrap_or_default();
    let title = text("/text/headline").or_else(|| text("/display_date")).or_else(|| first_words(&summary));
    RawEvent {
        at: Some(at),
        id: text("/unique_id").or_else(|| Some(format!("event-{}", index + 1))),
        date: date.or_else(|| (start.is_some()).then(String::new)),
        end_date,
        title,
        group: text("/group"),
        summary,
        sources: source(text("/media/url"), text("/media/credit")).into_iter().collect(),
        ..RawEvent::default()
    }
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
fn source(url: Option<String>, credit: Option<String>) -> Option<(Option<String>, String)> {
    let url = url?;
    let url = if url.starts_with("//") { format!("https:{url}") } else { url };
    crate::is_web_link(&url).then_some((credit, url))
}

fn first_words(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().take(8).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// HTML as readable plain text: tags dropped (line breaks and paragraphs become spaces), entities decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(['<', '&']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            out.push(' ');
            rest = &rest[end..];
        } else {
            let end = rest.find(';').filter(|e| *e <= 10);
            if let Some((e, c)) = end.and_then(|e| entity(&rest[1..e]).map(|c| (e, c))) {
                out.push(c);
                rest = &rest[e + 1..];
            } else {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" | "#39" => Some('\''),
        "nbsp" => Some(' '),
        "mdash" => Some('—'),
        "ndash" => Some('–'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Parses the TimelineJS spreadsheet CSV (Year, Month, Day, …, Headline, Text, Media, Media Credit,
/// Type, Group); the row of type `title` names the data set.
pub fn parse_csv(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let mut errors = Problems::default();
    let (headers, rows) = super::csv::read_rows(text, path, &mut errors)?;
    let mut eras = Vec::new();
    let column = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (mut title, mut events) = (None, Vec::new());
    for (line, record) in rows {
        let cell = |name: &str| {
            column(name).and_then(|i| record.get(i)).map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned)
        };
        let html = |name: &str| cell(name).map(|c| plain_text(&c)).filter(|c| !c.is_empty());
        let at = At { line, column: 1, record: format!("row {line}") };
        match cell("Type").map(|t| t.to_ascii_lowercase()).as_deref() {
            Some("title") => {
                title = html("Headline");
                continue;
            }
            Some("era") => {
                let label = html("Headline").unwrap_or_default();
                let start = iso(cell("Year"), cell("Month"), cell("Day"));
                eras.push((at, label, start, iso(cell("End Year"), cell("End Month"), cell("End Day"))));
                continue;
            }
            _ => {}
        }
        let summary = html("Text").unwrap_or_default();
        events.push(RawEvent {
            at: Some(at),
            id: Some(format!("row-{line}")),
            date: iso(cell("Year"), cell("Month"), cell("Day")).or_else(|| Some(String::new())),
            end_date: iso(cell("End Year"), cell("End Month"), cell("End Day")),
            title: html("Headline").or_else(|| cell("Display Date")).or_else(|| first_words(&summary)),
            group: cell("Group"),
            summary,
            sources: source(cell("Media"), html("Media Credit")).into_iter().collect(),
            ..RawEvent::default()
        });
    }
    let data = RawData { title, actors: None, events, eras, has_kinds_and_parties: false };
    validate(data, path, errors, Problems::default())
}

#[cfg(test)]
mod tests {
    use super::*;

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
