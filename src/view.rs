//! A view as text: filters, lanes, range, theme and selection in one short line that the window
//! copies, saves and restores, and that `accords --view`, `accords list --view` and
//! `accords export --view` accept.
//!
//! The text is a URI: `accords:view?` followed by `key=value` pairs, percent-encoded, for example
//! `accords:view?actors=AZE,RUS&match=all&kinds=treaty,declaration&from=2008&range=2007-06-01..2022-12-31&select=rus-aze-allied-interaction-2022`.
//! Every key may be left out; a left-out key means the default (no filter, lanes by actor, light
//! theme, the range that fits the events, nothing selected).
//!
//! | key | value |
//! |---|---|
//! | `text` | words that must occur in the event |
//! | `actors` | actor codes, comma-separated |
//! | `match` | `any` (default) or `all` of the actors |
//! | `kinds` | kind codes, comma-separated; left out: every kind; `none`: no kind |
//! | `not-kinds` | instead of `kinds`: every kind but these |
//! | `from`, `to`, `in-force` | dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` |
//! | `lanes` | `actor` (default) or `kind` |
//! | `pin` | lane codes (actor codes, kind codes or group names), comma-separated: lanes shown first, in this order |
//! | `fold` | lane codes: lanes folded into one shared lane at the bottom |
//! | `theme` | `light` (default) or `dark` |
//! | `range` | `FIRST..LAST`, whole days (`YYYY-MM-DD..YYYY-MM-DD`), the days in view |
//! | `select` | the selected event's id |
//! | `lifecycles` | `all` to draw every agreement's lifecycle |

use serde::{Deserialize, Serialize};

use crate::model::{Dataset, EventId, Kind, KindSet, PartialDate, date_of_day_number};
use crate::query::{ActorMatch, Filter};
use crate::scene::{LaneArrangement, LaneMode};

/// What every view link starts with.
pub const LINK_PREFIX: &str = "accords:view";

/// Light or dark colours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// Everything a view link holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewSpec {
    /// The filters.
    pub filter: Filter,
    /// Lanes by actor or by kind.
    pub lane_mode: LaneMode,
    /// Lanes pinned to the top and folded away.
    pub arrangement: LaneArrangement,
    /// Light or dark.
    pub theme: Theme,
    /// The days in view, whole days (first day, day after the last); `None` fits the events.
    pub days: Option<(f64, f64)>,
    /// The selected event's id.
    pub selected: Option<String>,
    /// Every agreement's lifecycle drawn, not only the selected one's.
    pub all_lifecycles: bool,
}

/// Why a text is not a view link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewLinkError {
    /// It does not start with `accords:view`.
    #[error("{text:?} is not a view link; expected text starting with \"accords:view?\"")]
    NotALink {
        /// The start of the text, shortened.
        text: String,
    },
    /// A key has a value that cannot be read.
    #[error("the view link's {key}={value:?} cannot be read; expected {expected}")]
    BadValue {
        /// The key, such as `from`.
        key: String,
        /// Its value.
        value: String,
        /// What it should have been.
        expected: &'static str,
    },
}

/// Longest view link read: a link names a few dozen actors at most.
const MAX_LINK_BYTES: usize = 64 * 1024;

impl ViewSpec {
    /// The link text for this view.
    pub fn link(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        let filter = &self.filter;
        if !filter.text.trim().is_empty() {
            query.append_pair("text", filter.text.trim());
        }
        if !filter.actors.is_empty() {
            query.append_pair("actors", &filter.actors.join(","));
        }
        if filter.actor_match == ActorMatch::All {
            query.append_pair("match", "all");
        }
        if !filter.kinds.is_all() {
            // Whichever is shorter: the kinds shown, or the kinds left out.
            let (on, off): (Vec<Kind>, Vec<Kind>) = Kind::ALL.into_iter().partition(|k| filter.kinds.contains(*k));
            let codes = |kinds: &[Kind]| kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(",");
            match (on.is_empty(), on.len() > off.len()) {
                (true, _) => query.append_pair("kinds", "none"),
                (false, true) => query.append_pair("not-kinds", &codes(&off)),
                (false, false) => query.append_pair("kinds", &codes(&on)),
            };
        }
        for (key, date) in [("from", filter.from), ("to", filter.to), ("in-force", filter.in_force)] {
            if let Some(date) = date {
                query.append_pair(key, &date.iso());
            }
        }
        if self.lane_mode == LaneMode::Kind {
            query.append_pair("lanes", "kind");
        }
        for (key, codes) in [("pin", &self.arrangement.pinned), ("fold", &self.arrangement.folded)] {
            if !codes.is_empty() {
                query.append_pair(key, &codes.join(","));
            }
        }
        if self.theme == Theme::Dark {
            query.append_pair("theme", "dark");
        }
        if let Some((first, end)) = self.days.map(whole_days) {
            let day = |d: f64| date_of_day_number(d as i64).format("%Y-%m-%d").to_string();
            query.append_pair("range", &format!("{}..{}", day(first), day(end - 1.0)));
        }
        if let Some(id) = &self.selected {
            query.append_pair("select", id);
        }
        if self.all_lifecycles {
            query.append_pair("lifecycles", "all");
        }
        let query = query.finish();
        if query.is_empty() { LINK_PREFIX.to_owned() } else { format!("{LINK_PREFIX}?{query}") }
    }

    /// Reads a view link. Keys this version does not know are skipped, so a link from a newer
    /// Accords still opens; actors and kinds are checked against the data by [`ViewSpec::suit`].
    pub fn parse(text: &str) -> Result<Self, ViewLinkError> {
        let text = text.trim();
        let not_a_link = || ViewLinkError::NotALink { text: text.chars().take(40).collect() };
        if text.len() > MAX_LINK_BYTES {
            return Err(not_a_link());
        }
        let query = match text.strip_prefix(LINK_PREFIX) {
            Some("") => "",
            Some(rest) => rest.strip_prefix('?').ok_or_else(not_a_link)?,
            None => return Err(not_a_link()),
        };
        let mut spec = ViewSpec::default();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let bad = |expected| ViewLinkError::BadValue { key: key.to_string(), value: value.to_string(), expected };
            let date = || PartialDate::parse(&value).map_err(|_| bad("a date such as 2008, 2008-07 or 2008-07-03"));
            match &*key {
                "text" => spec.filter.text = value.into_owned(),
                "actors" => spec.filter.actors = list(&value).map(str::to_owned).collect(),
                "match" => {
                    spec.filter.actor_match = match &*value {
                        "any" => ActorMatch::Any,
                        "all" => ActorMatch::All,
                        _ => return Err(bad("any or all")),
                    };
                }
                "kinds" if value == "none" => spec.filter.kinds = KindSet::none(),
                // Kind codes this version does not know are kept out here and told of by `suit`.
                "kinds" => spec.filter.kinds = list(&value).filter_map(Kind::from_code).collect(),
                "not-kinds" => {
                    let left_out: Vec<Kind> = list(&value).filter_map(Kind::from_code).collect();
                    spec.filter.kinds = Kind::ALL.into_iter().filter(|k| !left_out.contains(k)).collect();
                }
                "from" => spec.filter.from = Some(date()?),
                "to" => spec.filter.to = Some(date()?),
                "in-force" => spec.filter.in_force = Some(date()?),
                "lanes" => {
                    spec.lane_mode = match &*value {
                        "actor" => LaneMode::Actor,
                        "kind" => LaneMode::Kind,
                        _ => return Err(bad("actor or kind")),
                    };
                }
                "pin" => spec.arrangement.pinned = list(&value).map(str::to_owned).collect(),
                "fold" => spec.arrangement.folded = list(&value).map(str::to_owned).collect(),
                "theme" => {
                    spec.theme = match &*value {
                        "light" => Theme::Light,
                        "dark" => Theme::Dark,
                        _ => return Err(bad("light or dark")),
                    };
                }
                "range" => {
                    let expected = "FIRST..LAST, as in 2008-01-01..2022-12-31";
                    spec.days = Some(parse_range(&value).ok_or_else(|| bad(expected))?);
                }
                "select" => spec.selected = Some(value.into_owned()).filter(|id| !id.is_empty()),
                "lifecycles" => spec.all_lifecycles = value == "all",
                _ => {}
            }
        }
        Ok(spec)
    }

    /// Fits the view to `data`: actors, kinds and a selected event the data lacks are dropped,
    /// and each is told of in a note; the rest applies. The kinds named in `text` (the link) that
    /// this version of Accords does not know are told of too.
    pub fn suit(mut self, data: &Dataset, text: &str) -> (Self, Option<EventId>, Vec<String>) {
        let mut notes = Vec::new();
        let missing: Vec<String> =
            self.filter.actors.iter().filter(|code| data.actor_by_code(code).is_none()).cloned().collect();
        if !missing.is_empty() {
            notes.push(format!("this data has no actor {}; the view shows the others", missing.join(", ")));
            self.filter.actors.retain(|code| data.actor_by_code(code).is_some());
        }
        let unknown: Vec<String> = ViewSpec::parse_kind_codes(text, &["kinds", "not-kinds"])
            .filter(|c| Kind::from_code(c).is_none())
            .collect();
        if !unknown.is_empty() {
            notes.push(format!("no kind is called {}; the view shows the other kinds", unknown.join(", ")));
        }
        let counts = data.kind_counts();
        // Only kinds the link asks for by name: `not-kinds=treaty` asks for no kind in particular.
        let absent: Vec<&str> = ViewSpec::parse_kind_codes(text, &["kinds"])
            .filter_map(|code| Kind::from_code(&code))
            .filter(|k| counts[k.index()] == 0)
            .map(Kind::label)
            .collect();
        if !absent.is_empty() {
            notes.push(format!("this data has no event of type {}", absent.join(", ")));
        }
        let selected = self.selected.as_deref().and_then(|id| {
            let found = data.event_by_id(id);
            if found.is_none() {
                notes.push(format!("this data has no event {id:?} to select"));
            }
            found
        });
        if selected.is_none() {
            self.selected = None;
        }
        (self, selected, notes)
    }

    /// The kind codes a link names under `keys`, whether or not this version knows them.
    fn parse_kind_codes(text: &str, keys: &[&str]) -> impl Iterator<Item = String> {
        let query = text.trim().strip_prefix(LINK_PREFIX).and_then(|q| q.strip_prefix('?')).unwrap_or("");
        url::form_urlencoded::parse(query.as_bytes())
            .filter(|(key, value)| keys.contains(&key.as_ref()) && value != "none")
            .flat_map(|(_, value)| list(&value).map(str::to_owned).collect::<Vec<_>>())
    }
}

/// The days `days` touch, widened to whole days: a link and a figure made from it agree to the day.
pub fn whole_days((first, end): (f64, f64)) -> (f64, f64) {
    let first = first.floor();
    (first, end.ceil().max(first + 1.0))
}

/// `FIRST..LAST` as whole days (first day, the day after the last).
fn parse_range(text: &str) -> Option<(f64, f64)> {
    let (first, last) = text.split_once("..")?;
    let first = PartialDate::parse(first).ok()?.first_day_number() as f64;
    let end = PartialDate::parse(last).ok()?.last_day_number() as f64 + 1.0;
    (end > first).then_some((first, end))
}

/// The items of a comma-separated value, trimmed, without empty ones.
fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::default_dataset;

    fn full() -> ViewSpec {
        ViewSpec {
            filter: Filter {
                actors: vec!["AZE".into(), "RUS".into()],
                actor_match: ActorMatch::All,
                kinds: [Kind::Treaty, Kind::Declaration].into_iter().collect(),
                from: PartialDate::parse("2008").ok(),
                to: PartialDate::parse("2022-02").ok(),
                text: "allied & interaction?".into(),
                in_force: PartialDate::parse("2022-02-22").ok(),
            },
            lane_mode: LaneMode::Kind,
            arrangement: LaneArrangement { pinned: vec!["treaty".into(), "RUS".into()], folded: vec!["OSCE".into()] },
            theme: Theme::Dark,
            days: Some((13_000.0, 19_000.0)),
            selected: Some("some-event".into()),
            all_lifecycles: true,
        }
    }

    #[test]
    fn a_link_reads_back_as_the_same_view() {
        for spec in [full(), ViewSpec::default()] {
            let link = spec.link();
            assert!(link.starts_with(LINK_PREFIX) && !link.contains(' '), "{link}");
            assert_eq!(ViewSpec::parse(&link).unwrap(), spec, "{link}");
        }
        assert_eq!(ViewSpec::default().link(), "accords:view");
        // Every kind but one is written as the one left out.
        let mut most = KindSet::all();
        most.set(Kind::Conflict, false);
        let spec = ViewSpec { filter: Filter { kinds: most, ..Filter::default() }, ..ViewSpec::default() };
        assert_eq!(spec.link(), "accords:view?not-kinds=conflict");
        assert_eq!(ViewSpec::parse(&spec.link()).unwrap(), spec);
        // No kind at all is not the same as every kind.
        let none = ViewSpec { filter: Filter { kinds: KindSet::none(), ..Filter::default() }, ..ViewSpec::default() };
        assert_eq!(ViewSpec::parse(&none.link()).unwrap().filter.kinds, KindSet::none());
    }

    #[test]
    fn a_range_is_kept_to_whole_days() {
        let spec = ViewSpec { days: Some((100.25, 200.5)), ..ViewSpec::default() };
        assert_eq!(ViewSpec::parse(&spec.link()).unwrap().days, Some((100.0, 201.0)));
        assert_eq!(whole_days((5.0, 5.0)), (5.0, 6.0));
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let error = ViewSpec::parse("https://example.org/?from=2008").unwrap_err();
        assert!(error.to_string().contains("not a view link"), "{error}");
        let error = ViewSpec::parse("accords:view?from=yesterday").unwrap_err();
        assert!(error.to_string().contains("from=\"yesterday\""), "{error}");
        assert!(ViewSpec::parse("accords:view?range=2022..2008").is_err());
        assert!(ViewSpec::parse("accords:viewer").is_err());
        assert!(ViewSpec::parse(&format!("accords:view?text={}", "a".repeat(70_000))).is_err());
        // Keys a newer version may add are skipped.
        assert_eq!(ViewSpec::parse("accords:view?zoom=3").unwrap(), ViewSpec::default());
    }

    #[test]
    fn what_the_data_lacks_is_told_and_the_rest_applies() {
        let data = default_dataset().unwrap().dataset;
        let link = "accords:view?actors=AZE,XYZ&kinds=treaty,frobnication&select=no-such-event&from=2008";
        let (spec, selected, notes) = ViewSpec::parse(link).unwrap().suit(&data, link);
        assert_eq!(spec.filter.actors, ["AZE"]);
        assert_eq!(spec.filter.kinds.iter().collect::<Vec<_>>(), [Kind::Treaty]);
        assert_eq!(spec.filter.from, PartialDate::parse("2008").ok());
        assert_eq!(selected, None);
        let notes = notes.join("\n");
        for part in ["XYZ", "frobnication", "no-such-event"] {
            assert!(notes.contains(part), "{notes}");
        }
        // Leaving one kind out asks for none in particular: the kinds the data lacks go untold.
        let text = r#"{"actors": [], "events": [{"id": "a", "date": "2001", "title": "A", "kind": "treaty"}]}"#;
        let few = crate::load::from_text(text, std::path::Path::new("few.json")).unwrap().dataset;
        let link = "accords:view?not-kinds=conflict";
        let (_, _, notes) = ViewSpec::parse(link).unwrap().suit(&few, link);
        assert!(notes.is_empty(), "{notes:?}");
        let link = "accords:view?kinds=treaty,conflict";
        let (_, _, notes) = ViewSpec::parse(link).unwrap().suit(&few, link);
        assert_eq!(notes, ["this data has no event of type Conflict"]);
    }
}
