//! Layout without a toolkit: lanes, marks, bars, connectors, labels that never overlap, and the
//! legend. The window paints a [`Scene`]; exports will draw the same one.

mod labels;

pub use labels::LABEL_ROW_PX;
pub mod style;
pub mod ticks;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::model::{ActorId, Dataset, EventId, Kind, Precision};

/// What the lanes of the timeline stand for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaneMode {
    /// One lane per actor; an event appears on each party's lane.
    #[default]
    Actor,
    /// One lane per kind of event.
    Kind,
}

/// The visible window onto the timeline: a range of days and the size it is drawn at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Leftmost visible day (days since 1970-01-01; fractions allowed).
    pub min_day: f64,
    /// Rightmost visible day.
    pub max_day: f64,
    /// Width of the plot area in pixels.
    pub width_px: f64,
    /// Height of one lane in pixels.
    pub lane_height_px: f64,
}

impl View {
    /// How many days one pixel spans.
    pub fn days_per_px(&self) -> f64 {
        (self.max_day - self.min_day).max(1e-9) / self.width_px.max(1.0)
    }

    /// Whether a day range touches the view.
    pub fn overlaps(&self, first_day: f64, last_day: f64) -> bool {
        last_day >= self.min_day && first_day <= self.max_day
    }
}

/// What a lane stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LaneKey {
    /// An actor's lane.
    Actor(ActorId),
    /// A kind's lane.
    Kind(Kind),
    /// The shared lane of the least active actors, when lanes are limited.
    Others,
    /// Events that name no actor.
    NoActor,
    /// A group from the file, by its position among the groups in name order.
    Group(usize),
}

/// One horizontal lane.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// What it stands for.
    pub key: LaneKey,
    /// Its name, e.g. "Azerbaijan".
    pub label: String,
    /// How many shown events it holds.
    pub events: usize,
    /// How many of its marks in view have no label (drawn as "+N").
    pub unlabelled: usize,
}

/// A marker for one event on one lane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// The event.
    pub event: EventId,
    /// Lane index (0 is the top lane).
    pub lane: usize,
    /// Where the marker sits, in days.
    pub day: f64,
    /// The event's kind, which gives the style.
    pub kind: Kind,
    /// For a date known only to the month or year: the days it may lie in, drawn as a faint whisker.
    pub uncertain: Option<(f64, f64)>,
}

/// A bar for an event that spans time (a war, a term), on one lane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// The event.
    pub event: EventId,
    /// Lane index.
    pub lane: usize,
    /// First day covered.
    pub start_day: f64,
    /// Day after the last day covered.
    pub end_day: f64,
    /// The event's kind.
    pub kind: Kind,
}

/// A vertical line joining the lanes of an event with several parties.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Connector {
    /// The event.
    pub event: EventId,
    /// Where, in days.
    pub day: f64,
    /// The topmost lane joined.
    pub top_lane: usize,
    /// The lowest lane joined.
    pub bottom_lane: usize,
}

/// A label just above a mark. Labels on one lane never overlap.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The event.
    pub event: EventId,
    /// Lane index.
    pub lane: usize,
    /// Row above the lane: 0 just above the markers, 1 above that, and so on.
    pub row: usize,
    /// The day of the mark it belongs to.
    pub day: f64,
    /// Where the text starts, in pixels from the mark: [`LABEL_OFFSET_PX`], or further left when the
    /// text would run past the right edge and ends at the mark instead.
    pub offset_px: f64,
    /// The text.
    pub text: String,
    /// Estimated width of the text in pixels.
    pub width_px: f64,
}

/// A kind shown in the view, with how many events of it are in view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegendEntry {
    /// The kind.
    pub kind: Kind,
    /// Events of that kind in view.
    pub count: usize,
}

/// Everything the timeline draws, laid out for one view.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Lanes, top to bottom.
    pub lanes: Vec<Lane>,
    /// Markers of the events in view.
    pub marks: Vec<Mark>,
    /// Bars of the events in view that span time.
    pub bars: Vec<Bar>,
    /// Lines joining the lanes of multi-party events.
    pub connectors: Vec<Connector>,
    /// Labels that fit.
    pub labels: Vec<Label>,
    /// The kinds in view, in legend order.
    pub legend: Vec<LegendEntry>,
    /// The view this was laid out for.
    pub view: View,
}

/// Where a label's text starts, in pixels from its marker's centre (it sits above the marker).
pub const LABEL_OFFSET_PX: f64 = -4.0;
/// How far above the lane's centre line a label's baseline sits, in pixels.
pub const LABEL_RISE_PX: f64 = 7.0;

/// The days that show every one of `shown` (event ids in date order), with a small margin either side.
pub fn fit_days(data: &Dataset, shown: &[EventId]) -> (f64, f64) {
    let first = shown.first().map_or(0, |id| data.days(*id).0);
    let last = shown.iter().map(|id| data.days(*id).1).max().unwrap_or(first);
    let margin = ((last - first) as f64 * 0.03).max(15.0);
    (first as f64 - margin, last as f64 + 1.0 + margin)
}

/// The y coordinate of a lane's centre line: lane 0 at 0, the next below it at −1, and so on.
pub fn lane_y(lane: usize) -> f64 {
    -(lane as f64)
}

impl Scene {
    /// Lays out `shown` (event ids in date order) for `view`, with as many lanes as needed. Lanes come
    /// from every shown event, so they stay put while the view pans; marks only from those in view.
    pub fn build(data: &Dataset, shown: &[EventId], mode: LaneMode, view: View, selected: Option<EventId>) -> Self {
        Self::build_limited(data, shown, mode, view, selected, usize::MAX)
    }

    /// Like [`Scene::build`], but with at most `max_lanes` lanes: past that, the least active actors
    /// share one last lane, "Other actors", so a fixed-size figure keeps lanes tall enough for labels.
    pub fn build_limited(
        data: &Dataset,
        shown: &[EventId],
        mode: LaneMode,
        view: View,
        selected: Option<EventId>,
        max_lanes: usize,
    ) -> Self {
        let (mut lanes, lanes_of) = make_lanes(data, shown, mode, max_lanes.max(1));
        let mut scene = Scene {
            lanes: Vec::new(),
            marks: Vec::new(),
            bars: Vec::new(),
            connectors: Vec::new(),
            labels: Vec::new(),
            legend: Vec::new(),
            view,
        };
        let mut legend_counts = [0_usize; Kind::ALL.len()];
        let mut event_lanes = Vec::new();
        for &id in shown {
            let (first, last) = data.days(id);
            let (first, end) = (first as f64, last as f64 + 1.0);
            if first > view.max_day {
                // `shown` is in date order: nothing after this starts in view.
                break;
            }
            if !view.overlaps(first, end) {
                continue;
            }
            let event = data.event(id);
            legend_counts[event.kind.index()] += 1;
            let (day, uncertain) = match (event.end_date, event.date.precision()) {
                (None, Precision::Month | Precision::Year) => {
                    let period_end = event.date.last_day_number() as f64 + 1.0;
                    (f64::midpoint(first, period_end), Some((first, period_end)))
                }
                _ => (first, None),
            };
            event_lanes.clear();
            event_lanes.extend(lanes_of(event));
            event_lanes.sort_unstable();
            // Several parties may share the "Other actors" lane; one mark there is enough.
            event_lanes.dedup();
            for &lane in &event_lanes {
                scene.marks.push(Mark { event: id, lane, day, kind: event.kind, uncertain });
                if event.end_date.is_some() {
                    scene.bars.push(Bar { event: id, lane, start_day: first, end_day: end, kind: event.kind });
                }
            }
            if let (Some(&top_lane), Some(&bottom_lane)) = (event_lanes.first(), event_lanes.last())
                && top_lane != bottom_lane
            {
                scene.connectors.push(Connector { event: id, day, top_lane, bottom_lane });
            }
        }
        scene.legend = Kind::ALL
            .into_iter()
            .filter(|k| legend_counts[k.index()] > 0)
            .map(|kind| LegendEntry { kind, count: legend_counts[kind.index()] })
            .collect();
        scene.labels = labels::place(data, &scene.marks, &mut lanes, view, selected);
        scene.lanes = lanes;
        scene
    }

    /// The event under a point given in days and lane-y, within `radius_px` of a mark (or on a bar).
    pub fn hit(&self, day: f64, y: f64, radius_px: f64) -> Option<EventId> {
        let days_per_px = self.view.days_per_px();
        let px_per_lane = self.view.lane_height_px.max(1.0);
        let distance_px = |mark_day: f64, lane: usize| {
            let dx = (day - mark_day) / days_per_px;
            let dy = (y - lane_y(lane)) * px_per_lane;
            dx.hypot(dy)
        };
        let nearest = self
            .marks
            .iter()
            .map(|m| (distance_px(m.day, m.lane), m.event))
            .filter(|(d, _)| *d <= radius_px)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, event)| event);
        nearest.or_else(|| {
            let half_bar = 4.0 / px_per_lane;
            self.bars
                .iter()
                .find(|b| (y - lane_y(b.lane)).abs() <= half_bar && (b.start_day..=b.end_day).contains(&day))
                .map(|b| b.event)
        })
    }
}

/// Lane names stay short enough for the lane column: long organisation names give way to their code.
fn lane_name(actor: &crate::model::Actor) -> String {
    const MAX_CHARS: usize = 18;
    if actor.name.chars().count() <= MAX_CHARS { actor.name.clone() } else { actor.code.clone() }
}

type LanesOf<'a> = Box<dyn Fn(&crate::model::Event) -> Vec<usize> + 'a>;

/// The lanes for the shown events, most active first, and a way to find an event's lanes.
fn make_lanes<'a>(data: &'a Dataset, shown: &[EventId], mode: LaneMode, max_lanes: usize) -> (Vec<Lane>, LanesOf<'a>) {
    match mode {
        LaneMode::Actor => {
            let mut counts: HashMap<ActorId, usize> = HashMap::new();
            for &id in shown {
                for &party in &data.event(id).parties {
                    *counts.entry(party).or_default() += 1;
                }
            }
            let mut actors: Vec<(ActorId, usize)> = counts.into_iter().collect();
            actors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| data.actor(a.0).name.cmp(&data.actor(b.0).name)));
            let own_lanes = if actors.len() > max_lanes { max_lanes - 1 } else { actors.len() };
            let lane_of: HashMap<ActorId, usize> =
                actors.iter().enumerate().map(|(i, (a, _))| (*a, i.min(own_lanes))).collect();
            let mut lanes: Vec<Lane> = actors[..own_lanes]
                .iter()
                .map(|&(actor, events)| Lane {
                    key: LaneKey::Actor(actor),
                    label: lane_name(data.actor(actor)),
                    events,
                    unlabelled: 0,
                })
                .collect();
            if own_lanes < actors.len() {
                let others = &actors[own_lanes..];
                let events =
                    shown.iter().filter(|id| data.event(**id).parties.iter().any(|p| lane_of[p] == own_lanes)).count();
                lanes.push(Lane {
                    key: LaneKey::Others,
                    label: format!("{} others", others.len()),
                    events,
                    unlabelled: 0,
                });
            }
            let without_actor = shown.iter().filter(|id| data.event(**id).parties.is_empty()).count();
            let no_actor_lane = lanes.len();
            if without_actor > 0 {
                lanes.push(Lane {
                    key: LaneKey::NoActor,
                    label: "No actor".to_owned(),
                    events: without_actor,
                    unlabelled: 0,
                });
            }
            let find: LanesOf<'a> = Box::new(move |e| {
                if e.parties.is_empty() {
                    vec![no_actor_lane]
                } else {
                    e.parties.iter().filter_map(|p| lane_of.get(p).copied()).collect()
                }
            });
            (lanes, find)
        }
        LaneMode::Kind => {
            // Events with a group of their own (a TimelineJS group, a type Accords does not know)
            // get a lane per group after the known kinds.
            let mut counts = [0_usize; Kind::ALL.len()];
            let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
            for &id in shown {
                let event = data.event(id);
                match &event.group {
                    Some(group) => *groups.entry(group.as_str()).or_default() += 1,
                    None => counts[event.kind.index()] += 1,
                }
            }
            let kinds: Vec<Kind> = Kind::ALL.into_iter().filter(|k| counts[k.index()] > 0).collect();
            let mut lane_of = [usize::MAX; Kind::ALL.len()];
            for (i, kind) in kinds.iter().enumerate() {
                lane_of[kind.index()] = i;
            }
            let mut lanes: Vec<Lane> = kinds
                .iter()
                .map(|&kind| Lane {
                    key: LaneKey::Kind(kind),
                    label: kind.label().to_owned(),
                    events: counts[kind.index()],
                    unlabelled: 0,
                })
                .collect();
            let group_lane: HashMap<String, usize> =
                groups.keys().enumerate().map(|(i, g)| ((*g).to_owned(), kinds.len() + i)).collect();
            lanes.extend(groups.iter().enumerate().map(|(i, (group, &events))| Lane {
                key: LaneKey::Group(i),
                label: (*group).to_owned(),
                events,
                unlabelled: 0,
            }));
            let find: LanesOf<'a> = Box::new(move |e| match &e.group {
                Some(group) => group_lane.get(group).copied().into_iter().collect(),
                None => vec![lane_of[e.kind.index()]],
            });
            (lanes, find)
        }
    }
}

#[cfg(test)]
mod tests;
