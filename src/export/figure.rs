//! What a figure is: its size, theme, range and words.

use std::fmt::Write as _;

use crate::model::{Dataset, EventId, KindSet, PartialDate};
use crate::query::{ActorMatch, Filter};
use crate::scene::{LaneArrangement, LaneMode};

/// Logical size of a figure, in CSS pixels (96 per inch), and how many output pixels each becomes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureSize {
    /// Width in logical pixels.
    pub width: u32,
    /// Height in logical pixels.
    pub height: u32,
    /// Output pixels per logical pixel for PNG (1×, 2×, 3×; 3.125 gives 300 dpi).
    pub scale: f32,
}

impl FigureSize {
    /// A 1920×1080 slide.
    pub const SLIDE: FigureSize = FigureSize { width: 1920, height: 1080, scale: 1.0 };
    /// A4 landscape at 300 dpi (297×210 mm).
    pub const A4_LANDSCAPE: FigureSize = FigureSize { width: 1123, height: 794, scale: 300.0 / 96.0 };
    /// A4 portrait at 300 dpi (210×297 mm).
    pub const A4_PORTRAIT: FigureSize = FigureSize { width: 794, height: 1123, scale: 300.0 / 96.0 };

    /// Parses `slide`, `a4-landscape`, `a4-portrait` or `WxH` (logical pixels).
    pub fn parse(text: &str) -> Result<FigureSize, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "slide" => Ok(Self::SLIDE),
            "a4-landscape" => Ok(Self::A4_LANDSCAPE),
            "a4-portrait" => Ok(Self::A4_PORTRAIT),
            other => {
                let (w, h) = other.split_once('x').ok_or("expected slide, a4-landscape, a4-portrait or WxH")?;
                let parse = |v: &str| v.trim().parse::<u32>().ok().filter(|n| (200..=20_000).contains(n));
                match (parse(w), parse(h)) {
                    (Some(width), Some(height)) => Ok(FigureSize { width, height, scale: 1.0 }),
                    _ => Err("width and height must be whole numbers from 200 to 20000, as in 1600x900".to_owned()),
                }
            }
        }
    }

    /// The PNG's size in pixels.
    pub fn pixels(self) -> (u32, u32) {
        let px = |v: u32| (f64::from(v) * f64::from(self.scale)).round().clamp(1.0, f64::from(u32::MAX)) as u32;
        (px(self.width), px(self.height))
    }

    /// Checks the PNG's size against [`MAX_PNG_PIXELS`] before anything is drawn, so that a size
    /// times a scale cannot ask for more memory than a machine has.
    pub fn check_pixels(self) -> Result<(), String> {
        let (width, height) = self.pixels();
        check_pixels(width, height)
    }
}

/// The most pixels a PNG figure may have: 100 megapixels (400 MB while it is drawn), enough for A0
/// at 300 dpi.
pub const MAX_PNG_PIXELS: u64 = 100_000_000;

/// Whether an image of `width` × `height` pixels is within [`MAX_PNG_PIXELS`], with a message that
/// names the size, the memory it would take and what to do.
pub fn check_pixels(width: u32, height: u32) -> Result<(), String> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels <= MAX_PNG_PIXELS {
        return Ok(());
    }
    Err(format!(
        "a {width}×{height} PNG has {:.0} megapixels and would take {:.1} GB of memory to draw; Accords draws \
         at most {} megapixels: choose a smaller --size or --scale (or SVG, which has no pixels)",
        pixels as f64 / 1e6,
        pixels as f64 * 4.0 / 1e9,
        MAX_PNG_PIXELS / 1_000_000
    ))
}

/// Colours for a figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FigureTheme {
    /// Dark text on white, coloured marks.
    #[default]
    Light,
    /// Light text on near-black.
    Dark,
    /// White background, black text and thin lines, for paper.
    Print,
}

impl FigureTheme {
    /// Parses `light`, `dark` or `print`.
    pub fn parse(text: &str) -> Result<FigureTheme, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "light" => Ok(Self::Light),
            "dark" => Ok(Self::Dark),
            "print" => Ok(Self::Print),
            _ => Err("expected light, dark or print".to_owned()),
        }
    }
}

/// Which stretch of time a figure shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FigureRange {
    /// Everything the filters let through, with a small margin.
    All,
    /// These days (since 1970-01-01), e.g. the window's current view.
    Days(f64, f64),
}

impl FigureRange {
    /// Parses `all` or `YYYY..YYYY` (each side any date precision).
    pub fn parse(text: &str) -> Result<FigureRange, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("all") {
            return Ok(Self::All);
        }
        let (from, to) = text.split_once("..").ok_or("expected all or FROM..TO, as in 2008..2022")?;
        let from = PartialDate::parse(from).map_err(|e| format!("{from:?}: {e}"))?;
        let to = PartialDate::parse(to).map_err(|e| format!("{to:?}: {e}"))?;
        if to.last_day() < from.first_day() {
            return Err(format!("{} is before {}", to.iso(), from.iso()));
        }
        Ok(Self::Days(from.first_day_number() as f64, to.last_day_number() as f64 + 1.0))
    }

    /// The days to draw for `shown` events.
    pub fn days(self, data: &Dataset, shown: &[EventId]) -> (f64, f64) {
        match self {
            Self::Days(min, max) => (min, max),
            Self::All => crate::scene::fit_days(data, shown),
        }
    }
}

/// Everything that decides a figure; the same figure always gives the same bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The heading.
    pub title: String,
    /// Size and scale.
    pub size: FigureSize,
    /// Colours.
    pub theme: FigureTheme,
    /// Stretch of time.
    pub range: FigureRange,
    /// Lanes by actor or by kind.
    pub lanes: LaneMode,
    /// Lanes pinned to the top or folded away, as in the window.
    pub arrangement: LaneArrangement,
    /// An event whose lineage is drawn as arcs, with everything outside it dimmed.
    pub focus: Option<EventId>,
    /// Events to emphasise (sorted, each once): a ring round their markers, a highlighter behind
    /// their labels, and their labels placed first.
    pub highlight: Vec<EventId>,
}

/// The events of `shown` that a figure of `days` (the day after the range is `days.1`) draws:
/// those that overlap it.
pub fn in_range(data: &Dataset, shown: &[EventId], days: (f64, f64)) -> Vec<EventId> {
    shown
        .iter()
        .copied()
        .filter(|id| {
            let (first, last) = data.days(*id);
            last as f64 + 1.0 > days.0 && (first as f64) < days.1
        })
        .collect()
}

/// A title that says what the figure shows: "Diplomatic events 1997–2022 · Azerbaijan, Russia".
/// The years are those of the shown events within `days`, not of the margins around them; with no
/// event in the range, those of the range.
pub fn default_title(data: &Dataset, filter: &Filter, shown: &[EventId], days: (f64, f64)) -> String {
    let drawn = in_range(data, shown, days);
    let first = drawn.iter().map(|id| data.days(*id).0).min().map_or(days.0, |d| d as f64).max(days.0);
    // `days.1` is the day after the range.
    let last = drawn.iter().map(|id| data.days(*id).1).max().map_or(days.1 - 1.0, |d| d as f64).min(days.1 - 1.0);
    let year = |day: f64| crate::model::date_of_day_number(day.floor() as i64).format("%Y").to_string();
    let (from, to) = (year(first), year(last));
    let years = if from == to { from } else { format!("{from}–{to}") };
    let names: Vec<&str> = filter
        .actors
        .iter()
        .filter_map(|code| data.actor_by_code(code).map(|id| data.actor(id).name.as_str()))
        .collect();
    // A file without actors (a TimelineJS timeline, say) is about something else: it keeps its own name.
    let subject = if data.actors().is_empty() { data.name() } else { "Diplomatic events" };
    if names.is_empty() { format!("{subject} {years}") } else { format!("{subject} {years} · {}", names.join(", ")) }
}

/// One line that states the active filters, e.g. "Filters: Russia and Azerbaijan together · treaty, declaration".
pub fn filter_line(data: &Dataset, filter: &Filter) -> String {
    if filter.is_empty() {
        return "Filters: none — every event in the data set".to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    if !filter.actors.is_empty() {
        let names: Vec<&str> = filter
            .actors
            .iter()
            .map(|code| data.actor_by_code(code).map_or(code.as_str(), |id| data.actor(id).name.as_str()))
            .collect();
        let joined = match filter.actor_match {
            ActorMatch::All if names.len() > 1 => format!("{} together", names.join(" and ")),
            _ => format!("any of {}", names.join(", ")),
        };
        parts.push(joined);
    }
    if filter.kinds != KindSet::all() {
        let kinds: Vec<&str> = filter.kinds.iter().map(crate::model::Kind::label).collect();
        parts.push(if kinds.is_empty() { "no types".to_owned() } else { kinds.join(", ") });
    }
    match (filter.from, filter.to) {
        (Some(from), Some(to)) => parts.push(format!("{from} to {to}")),
        (Some(from), None) => parts.push(format!("from {from}")),
        (None, Some(to)) => parts.push(format!("until {to}")),
        (None, None) => {}
    }
    if !filter.text.trim().is_empty() {
        parts.push(format!("text “{}”", filter.text.trim()));
    }
    if let Some(day) = filter.in_force {
        parts.push(format!("in force on {day}"));
    }
    let mut line = "Filters: ".to_owned();
    let _ = write!(line, "{}", parts.join(" · "));
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_give_print_resolution() {
        assert_eq!(FigureSize::parse("slide").unwrap().pixels(), (1920, 1080));
        assert_eq!(FigureSize::parse("A4-landscape").unwrap().pixels(), (3509, 2481));
        assert_eq!(FigureSize::parse("1600x900").unwrap(), FigureSize { width: 1600, height: 900, scale: 1.0 });
        for bad in ["", "big", "10x10", "1600x", "x900", "99999x900"] {
            assert!(FigureSize::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_default_title_names_the_years_of_the_events_and_the_actors() {
        let data = crate::load::default_dataset().unwrap().dataset;
        let filter = Filter { actors: vec!["AZE".into(), "RUS".into()], ..Filter::default() };
        let shown = filter.apply(&data);
        let days = FigureRange::All.days(&data, &shown);
        assert_eq!(default_title(&data, &filter, &shown, days), "Diplomatic events 1997–2022 · Azerbaijan, Russia");
        let FigureRange::Days(min, max) = FigureRange::parse("2008..2010").unwrap() else { panic!() };
        assert_eq!(default_title(&data, &Filter::default(), &shown, (min, max)), "Diplomatic events 2008–2010");
    }

    #[test]
    fn ranges_parse_years_and_refuse_backwards() {
        let FigureRange::Days(min, max) = FigureRange::parse("2008..2009").unwrap() else { panic!() };
        assert!((max - min - 731.0).abs() < 1e-9, "2008 and 2009 have 731 days");
        assert!(FigureRange::parse("2010..2008").is_err());
        assert_eq!(FigureRange::parse("ALL").unwrap(), FigureRange::All);
    }
}
