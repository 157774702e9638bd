//! Layout without a toolkit: lanes, marks, bars, connectors, labels that never overlap, and the
//! legend. The window paints a [`Scene`]; exports will draw the same one.

mod arrange;
mod index;
mod labels;
mod lifecycle;

pub use arrange::{LaneArrangement, lane_code};
pub use index::{AllLanes, LaneIndex};

pub use labels::{LABEL_HEIGHT_PX, LABEL_ROW_PX, label_rows};
pub use lifecycle::{LifeMark, LifeSpan, life_offset_px};
pub mod style;
pub mod text;
pub mod ticks;
mod time;

pub use time::{MIN_VISIBLE_DAYS, TimeView};

use serde::{Deserialize, Serialize};

use crate::model::{ActorId, Dataset, Event, EventId, Kind, Precision, Relation};

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
    /// The days in view and the width they are drawn across.
    pub time: TimeView,
    /// Height of one lane in pixels.
    pub lane_height_px: f64,
    /// The lanes on screen, first to last (exclusive): lanes outside get no density strips, which
    /// would cost time and show nothing. Marks are placed on every lane, so connectors stay whole.
    pub visible_lanes: (usize, usize),
}

impl View {
    /// A view of every lane.
    pub const ALL_LANES: (usize, usize) = (0, usize::MAX);

    /// How many days one pixel spans.
    pub fn days_per_px(&self) -> f64 {
        self.time.days_per_px()
    }

    /// The lanes whose lines and connectors are drawn, first to last (exclusive): those on screen
    /// and one more either side, so a line running off the edge is seen to go on.
    pub fn lanes_drawn(&self) -> (usize, usize) {
        (self.visible_lanes.0.saturating_sub(1), self.visible_lanes.1.saturating_add(1))
    }

    /// Whether a day range touches the view.
    pub fn overlaps(&self, first_day: f64, last_day: f64) -> bool {
        self.time.overlaps(first_day, last_day)
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
    /// The shared lane of the lanes a person folded away.
    Folded,
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
    /// How many of its events in view have no label (drawn as "+N"): all of them on a density strip.
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

/// A vertical line joining two lanes of an event with several parties that are next to each other
/// among its parties' lanes. Where it passes the lane of an actor that took no part, it leaves a
/// gap, so no one reads that actor as a party; where it would cross a label, it makes way for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Connector {
    /// The event.
    pub event: EventId,
    /// Where, in days.
    pub day: f64,
    /// The upper of the two lanes joined.
    pub top_lane: usize,
    /// The lower one; every lane in between takes no part.
    pub bottom_lane: usize,
    /// The stretches drawn, as pairs of lane-y (top, bottom), top first: only among the lanes the
    /// view draws ([`View::lanes_drawn`]).
    pub pieces: Vec<(f64, f64)>,
}

/// Half the gap a connector leaves at a lane it passes without a party there, in pixels: wider
/// than a marker, so the line visibly stops short of the lane.
pub const CONNECTOR_GAP_PX: f64 = 7.0;

impl Connector {
    /// A connector from the marker on `top_lane` to the one on `bottom_lane`, broken around the
    /// centre line of every lane it passes; its pieces only where the view draws them. None when
    /// no piece would be drawn.
    fn new(event: EventId, day: f64, (top_lane, bottom_lane): (usize, usize), view: &View) -> Option<Self> {
        let gap = CONNECTOR_GAP_PX / view.lane_height_px.max(1.0);
        let (first, last) = view.lanes_drawn();
        let drawn = top_lane.max(first)..bottom_lane.min(last);
        if drawn.is_empty() {
            return None;
        }
        let pieces = drawn
            .map(|lane| {
                let top = if lane == top_lane { lane_y(lane) } else { lane_y(lane) - gap };
                let bottom = if lane + 1 == bottom_lane { lane_y(lane + 1) } else { lane_y(lane + 1) + gap };
                (top, bottom)
            })
            .collect();
        Some(Self { event, day, top_lane, bottom_lane, pieces })
    }

    /// Takes the bands (lane-y, top above bottom; none overlapping) out of the pieces, in one pass
    /// over both from the top down.
    fn cut(&mut self, mut bands: Vec<(f64, f64)>) {
        if bands.is_empty() {
            return;
        }
        bands.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut pieces = Vec::with_capacity(self.pieces.len() + bands.len());
        let mut first = 0;
        for &(top_piece, bottom_piece) in &self.pieces {
            // Bands wholly above this piece are above every later one.
            while bands.get(first).is_some_and(|band| band.1 >= top_piece) {
                first += 1;
            }
            let mut top = top_piece;
            for &(band_top, band_bottom) in bands[first..].iter().take_while(|band| band.0 > bottom_piece) {
                if band_bottom >= top {
                    continue;
                }
                if top > band_top {
                    pieces.push((top, band_top));
                }
                top = band_bottom;
            }
            if top > bottom_piece {
                pieces.push((top, bottom_piece));
            }
        }
        self.pieces = pieces;
    }
}

/// How many events start in each narrow slice of a lane's view: drawn instead of marks when a lane
/// holds more events in view than can be told apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Density {
    /// Lane index.
    pub lane: usize,
    /// The day where the first bin starts: the view's first whole day.
    pub first_day: f64,
    /// How many days one bin spans.
    pub bin_days: f64,
    /// Events starting in each bin, left to right.
    pub counts: Vec<u32>,
}

impl Density {
    /// The most events any bin holds.
    pub fn max(&self) -> u32 {
        self.counts.iter().copied().max().unwrap_or(0)
    }

    /// The bars to draw for lanes `lane_height_px` tall: each non-empty bin's first day, the day it
    /// ends, and its height in pixels, in proportion to the fullest bin. The tallest nearly reaches
    /// the lane above; none is lower than two pixels, so a lone event still shows.
    pub fn bars(&self, lane_height_px: f64) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
        let max = f64::from(self.max().max(1));
        self.counts.iter().enumerate().filter(|(_, count)| **count > 0).map(move |(bin, &count)| {
            let from = self.first_day + bin as f64 * self.bin_days;
            (from, from + self.bin_days, (f64::from(count) / max * (lane_height_px - 12.0)).max(2.0))
        })
    }

    /// The bin that holds `day`, with the days it spans and its count.
    pub fn bin_at(&self, day: f64) -> Option<(f64, f64, u32)> {
        let bin = ((day - self.first_day) / self.bin_days).floor();
        let count = *self.counts.get(usize::try_from(bin as i64).ok()?)?;
        let from = self.first_day + bin * self.bin_days;
        Some((from, from + self.bin_days, count))
    }
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
    /// Width of the text in pixels, measured with the font it is drawn in.
    pub width_px: f64,
}

/// A line of lineage: one event built on, refers to, implements, ends, answers, amends or is part
/// of another, drawn as an arc between their markers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// The event that has the relation (the 2022 declaration, which builds on the 1997 treaty).
    pub from: EventId,
    /// The event it relates to.
    pub to: EventId,
    /// How.
    pub relation: Relation,
    /// Where the arc starts: the day of `from`'s marker and its lane.
    pub from_at: (f64, usize),
    /// Where it ends.
    pub to_at: (f64, usize),
}

/// Which links a scene draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lineage<'a> {
    /// None.
    #[default]
    None,
    /// The selected event's, both ways: `incoming` are the events that link to it.
    Of(EventId, &'a [(EventId, Relation)]),
    /// Every relation among the events with markers in the scene.
    All,
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
    /// Lanes too crowded for marks, drawn as strips of counts instead.
    pub densities: Vec<Density>,
    /// Lifecycles of agreements with recorded milestones, per lane.
    pub life_spans: Vec<LifeSpan>,
    /// Their steps: ratifications, suspensions, ends.
    pub life_marks: Vec<LifeMark>,
    /// The kinds in view, in legend order.
    pub legend: Vec<LegendEntry>,
    /// Lineage arcs (see [`Scene::add_lineage`]).
    pub links: Vec<Link>,
    /// The view this was laid out for.
    pub view: View,
}

/// Where a label's text starts, in pixels from its marker's centre (it sits above the marker).
pub const LABEL_OFFSET_PX: f64 = -4.0;
/// How far above the lane's centre line a label's baseline sits, in pixels.
pub const LABEL_RISE_PX: f64 = 7.0;
/// A lane with more events in view than one per this many pixels is drawn as a density strip: its
/// marks (10 px wide) would overlap by more than half on average. (At 8 px the two busiest lanes of
/// the default data, some 120 events over the whole story, already turned into strips.)
pub const DENSE_SPACING_PX: f64 = 4.0;
/// Width of one bin of a density strip.
pub const DENSITY_BIN_PX: f64 = 3.0;
/// How far below a lane's centre line its density bars stand, in pixels: where markers would end.
pub const DENSITY_BASE_PX: f64 = 5.0;

/// The days that show every one of `shown` (event ids in date order), with a small margin either side.
pub fn fit_days(data: &Dataset, shown: &[EventId]) -> (f64, f64) {
    let first = shown.first().map_or(0, |id| data.days(*id).0);
    let last = shown.iter().map(|id| data.days(*id).1).max().unwrap_or(first);
    let margin = ((last - first) as f64 * 0.03).max(15.0);
    (first as f64 - margin, last as f64 + 1.0 + margin)
}

/// Where an event's marker sits, and for a date known only to the month or year, the period it may lie in.
fn mark_day(event: &Event) -> (f64, Option<(f64, f64)>) {
    let first = event.date.first_day_number() as f64;
    match (event.end_date, event.date.precision()) {
        (None, Precision::Month | Precision::Year) => {
            let period_end = event.date.last_day_number() as f64 + 1.0;
            (f64::midpoint(first, period_end), Some((first, period_end)))
        }
        _ => (first, None),
    }
}

/// A lane's name with the count of its unlabelled events in view: "Russia  +43", "Actor 0  +292k".
pub fn lane_title(lane: &Lane) -> String {
    match lane.unlabelled {
        0 => lane.label.clone(),
        n @ ..10_000 => format!("{}  +{n}", lane.label),
        n => format!("{}  +{}k", lane.label, n / 1000),
    }
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
        Self::layout(data, &LaneIndex::new(data, shown, mode, max_lanes), view, selected)
    }

    /// Lays out the view from lanes built beforehand, touching only the events in view: marks on
    /// lanes where they can be told apart, density strips on the others.
    pub fn layout(data: &Dataset, index: &LaneIndex, view: View, selected: Option<EventId>) -> Self {
        Self::layout_highlighting(data, index, view, selected, &[])
    }

    /// Like [`Scene::layout`], with the labels of the `highlighted` events (sorted) placed first,
    /// so that a figure that emphasises them names them. The selection moves no label.
    pub fn layout_highlighting(
        data: &Dataset,
        index: &LaneIndex,
        view: View,
        selected: Option<EventId>,
        highlighted: &[EventId],
    ) -> Self {
        let mut scene = Scene {
            lanes: Vec::new(),
            marks: Vec::new(),
            bars: Vec::new(),
            connectors: Vec::new(),
            labels: Vec::new(),
            densities: Vec::new(),
            life_spans: Vec::new(),
            life_marks: Vec::new(),
            legend: Vec::new(),
            links: Vec::new(),
            view,
        };
        (scene.life_spans, scene.life_marks) = lifecycle::lay_out(data, index, view, selected);
        let most_marks = view.time.width_px / DENSE_SPACING_PX;
        let mut dense = Vec::new();
        for (lane, track) in index.tracks.iter().enumerate() {
            let in_view = track.about_in_view(data, view.time.min_day, view.time.max_day);
            if in_view as f64 > most_marks {
                // The count its title shows: exact, as the legend's.
                dense.push((lane, track.kinds_in_view(data, view.time.min_day, view.time.max_day).iter().sum()));
                if !(view.visible_lanes.0..view.visible_lanes.1).contains(&lane) {
                    continue;
                }
                // Events start on whole days, so bins span whole days: every bin holds the same number of them.
                let bin_days = (view.days_per_px() * DENSITY_BIN_PX).max(1.0).ceil();
                let first_day = view.time.min_day.floor();
                let bins = ((view.time.max_day - first_day) / bin_days).ceil().max(1.0) as usize;
                let counts = (0..bins)
                    .map(|i| {
                        let from = first_day + i as f64 * bin_days;
                        track.starting(from, from + bin_days) as u32
                    })
                    .collect();
                scene.densities.push(Density { lane, first_day, bin_days, counts });
                continue;
            }
            for entry in track.in_view(data, view.time.min_day, view.time.max_day) {
                let event = data.event(entry.event);
                let (day, uncertain) = mark_day(&event);
                scene.marks.push(Mark { event: entry.event, lane, day, kind: event.kind, uncertain });
                if event.end_date.is_some() {
                    let (start_day, end_day) = (f64::from(entry.first), f64::from(entry.last) + 1.0);
                    scene.bars.push(Bar { event: entry.event, lane, start_day, end_day, kind: event.kind });
                }
            }
        }
        // In date order, each event's marks together from the top lane down; each party's marker
        // is joined to the next party's below it.
        scene.marks.sort_unstable_by_key(|m| (m.event, m.lane));
        for marks in scene.marks.chunk_by(|a, b| a.event == b.event) {
            for pair in marks.windows(2) {
                let (top, bottom) = (pair[0].lane, pair[1].lane);
                scene.connectors.extend(Connector::new(pair[0].event, pair[0].day, (top, bottom), &view));
            }
        }
        let legend_counts = index.all.kinds_in_view(data, view.time.min_day, view.time.max_day);
        scene.legend = Kind::ALL
            .into_iter()
            .filter(|k| legend_counts[k.index()] > 0)
            .map(|kind| LegendEntry { kind, count: legend_counts[kind.index()] })
            .collect();
        let mut lanes = index.lanes.clone();
        scene.labels = labels::place(data, &scene.marks, &mut lanes, view, highlighted);
        for (lane, in_view) in dense {
            lanes[lane].unlabelled = in_view;
        }
        scene.lanes = lanes;
        scene.route_connectors();
        scene
    }

    /// Adds the arcs `lineage` asks for. An end out of view (or on a crowded lane) is placed on the
    /// nearest of its event's lanes, so the arc leads off towards it; an end whose event the
    /// filters hide has no lane and no arc.
    pub fn add_lineage(&mut self, data: &Dataset, index: &LaneIndex, lineage: Lineage<'_>) {
        let mut pairs: Vec<(EventId, EventId, Relation)> = Vec::new();
        match lineage {
            Lineage::None => {}
            Lineage::Of(id, incoming) => {
                pairs.extend(data.event(id).related.iter().map(|r| (id, r.event, r.relation)));
                pairs.extend(incoming.iter().map(|&(other, relation)| (other, id, relation)));
            }
            Lineage::All => {
                let mut marked: Vec<EventId> = self.marks.iter().map(|m| m.event).collect();
                marked.dedup();
                for &id in &marked {
                    let related = data.event(id).related.iter();
                    let among = related.filter(|r| marked.binary_search(&r.event).is_ok());
                    pairs.extend(among.map(|r| (id, r.event, r.relation)));
                }
            }
        }
        let lanes_of = |id: EventId| -> Vec<usize> {
            let marked: Vec<usize> = self.marks.iter().filter(|m| m.event == id).map(|m| m.lane).collect();
            if marked.is_empty() { index.lanes_of(id, data.days(id).0) } else { marked }
        };
        for (from, to, relation) in pairs {
            let (a, b) = (lanes_of(from), lanes_of(to));
            let nearest = a.iter().flat_map(|&x| b.iter().map(move |&y| (x, y))).min_by_key(|(x, y)| x.abs_diff(*y));
            let Some((from_lane, to_lane)) = nearest else { continue };
            let (from_day, _) = mark_day(&data.event(from));
            let (to_day, _) = mark_day(&data.event(to));
            self.links.push(Link { from, to, relation, from_at: (from_day, from_lane), to_at: (to_day, to_lane) });
        }
    }

    /// Breaks each connector around the labels it would cross: labels sit in the rows above a lane's
    /// line, so a connector crosses the labels of every lane below its upper end.
    fn route_connectors(&mut self) {
        let per_px = 1.0 / self.view.lane_height_px.max(1.0);
        let days_per_px = self.view.days_per_px();
        let clear = 1.5 * days_per_px;
        // Each lane's labels as the days they span, by where they start, with the widest's span.
        let mut by_lane: Vec<Vec<(f64, f64, f64)>> = vec![Vec::new(); self.lanes.len()];
        for label in &self.labels {
            let start = label.day + label.offset_px * days_per_px;
            let bottom = lane_y(label.lane) + (LABEL_RISE_PX + label.row as f64 * LABEL_ROW_PX) * per_px;
            by_lane[label.lane].push((start, start + label.width_px * days_per_px, bottom));
        }
        let widest: Vec<f64> = by_lane
            .iter_mut()
            .map(|labels| {
                labels.sort_by(|a, b| a.0.total_cmp(&b.0));
                labels.iter().map(|l| l.1 - l.0).fold(0.0, f64::max)
            })
            .collect();
        let (first, last) = self.view.lanes_drawn();
        for c in &mut self.connectors {
            let mut bands = Vec::new();
            for lane in (c.top_lane + 1).max(first)..=c.bottom_lane.min(last) {
                let labels = &by_lane[lane];
                let from = labels.partition_point(|l| l.0 < c.day - clear - widest[lane]);
                let crossed = labels[from..].iter().take_while(|l| l.0 <= c.day + clear);
                for &(_, _, bottom) in crossed.filter(|l| c.day <= l.1 + clear) {
                    bands.push((bottom + LABEL_HEIGHT_PX * per_px, bottom));
                }
            }
            c.cut(bands);
        }
    }

    /// The density bin under a point given in days and lane-y: its lane, first and last day, and count.
    pub fn density_at(&self, day: f64, y: f64) -> Option<(usize, f64, f64, u32)> {
        let lane = (-y).round();
        if lane < 0.0 || (y - lane_y(lane as usize)).abs() > 0.5 {
            return None;
        }
        let density = self.densities.iter().find(|d| d.lane == lane as usize)?;
        let (from, to, count) = density.bin_at(day)?;
        Some((density.lane, from, to, count))
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

#[cfg(test)]
mod tests;
