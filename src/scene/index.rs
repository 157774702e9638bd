//! The lanes of a set of shown events, and each lane's events ordered by day: built once when the
//! filter or the lane mode changes, then every view finds what it needs by binary search, so laying
//! out a view costs what is in view, not what is loaded.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{Lane, LaneKey, LaneMode};
use crate::model::{ActorId, Dataset, EventId, Kind};

/// Events longer than this are kept apart from the rest of a lane, so that finding the events in
/// view only has to look this far back before the view's first day.
const LONG_DAYS: i32 = 366;

/// One event on one lane, by its first day: what finding the events of a view by binary search
/// reads. Its last day and kind are read from the dataset when needed, so that the lanes of a
/// million events (each on one to four lanes, and all on one more) cost 8 bytes per place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// First day covered (days since 1970-01-01).
    first: i32,
    event: EventId,
}

/// An event in view on a lane, with its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placed {
    pub event: EventId,
    pub first: i32,
    pub last: i32,
}

/// Whether the days `first..=last` touch any of the days `min_day..=max_day` (fractional days allowed).
fn touches((first, last): (i32, i32), min_day: f64, max_day: f64) -> bool {
    f64::from(last) + 1.0 >= min_day && f64::from(first) <= max_day
}

/// Kind counts are kept for every this many short entries.
const BLOCK: usize = 512;

type KindCounts = [usize; Kind::ALL.len()];

/// Events by first day, short ones and long ones apart. Sealed, it is shared rather than copied: a
/// filter that shows every event takes the tracks of every event's lanes as they are. Its methods
/// take the dataset it was made from, for the days and kinds of its events.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Track {
    short: Arc<Vec<Entry>>,
    long: Arc<Vec<Entry>>,
    /// `kinds_before[i]` counts the kinds of `short[..i * BLOCK]`, so counting kinds over a long stretch
    /// of events costs only its two ends.
    kinds_before: Arc<Vec<KindCounts>>,
}

/// A track being filled: entries pushed in day order, then sealed.
#[derive(Default)]
struct Filling {
    short: Vec<Entry>,
    long: Vec<Entry>,
}

impl Filling {
    fn with_capacity(entries: usize) -> Self {
        Self { short: Vec::with_capacity(entries), long: Vec::new() }
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Adds `event`, which covers the days `first..=last`.
    fn push(&mut self, event: EventId, (first, last): (i32, i32)) {
        let entry = Entry { first, event };
        if last - first > LONG_DAYS { self.long.push(entry) } else { self.short.push(entry) }
    }

    /// The track, with its kinds counted per block.
    fn seal(self, data: &Dataset) -> Track {
        let mut counts = [0; Kind::ALL.len()];
        let mut kinds_before = Vec::with_capacity(self.short.len() / BLOCK + 1);
        for block in self.short.chunks(BLOCK) {
            kinds_before.push(counts);
            for entry in block {
                counts[data.kind(entry.event).index()] += 1;
            }
        }
        kinds_before.push(counts);
        Track { short: Arc::new(self.short), long: Arc::new(self.long), kinds_before: Arc::new(kinds_before) }
    }
}

impl Track {
    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// One track with the entries of `tracks`, each event once, sealed: the lane of several lanes merged.
    pub fn merged(data: &Dataset, mut tracks: Vec<Track>) -> Self {
        if tracks.len() == 1 {
            return tracks.pop().unwrap_or_default();
        }
        let mut track = Filling::default();
        for part in tracks {
            track.short.extend_from_slice(&part.short);
            track.long.extend_from_slice(&part.long);
        }
        for list in [&mut track.short, &mut track.long] {
            // An event on two merged lanes has the same first day on both, so its copies end up side by side.
            list.sort_unstable_by_key(|e| (e.first, e.event));
            list.dedup_by_key(|e| e.event);
        }
        track.seal(data)
    }

    /// Whether the two hold the very same entries in memory, not copies.
    #[cfg(test)]
    pub fn shares_entries_with(&self, other: &Track) -> bool {
        Arc::ptr_eq(&self.short, &other.short) && Arc::ptr_eq(&self.long, &other.long)
    }

    /// The entries of the events `shown` marks (a bit per event), sealed.
    fn only(&self, data: &Dataset, shown: &[u64]) -> Self {
        let marked = |e: &&Entry| is_marked(shown, e.event);
        let short = self.short.iter().filter(marked).copied().collect();
        Filling { short, long: self.long.iter().filter(marked).copied().collect() }.seal(data)
    }

    /// Kinds of `short[..end]`.
    fn kinds_up_to(&self, data: &Dataset, end: usize) -> KindCounts {
        let block = end / BLOCK;
        let mut counts = self.kinds_before.get(block).copied().unwrap_or_default();
        for entry in &self.short[block * BLOCK..end] {
            counts[data.kind(entry.event).index()] += 1;
        }
        counts
    }

    /// Kinds of the short entries that start on a day in `from..to`, and the index range they take.
    fn short_kinds_starting(&self, data: &Dataset, from: f64, to: f64) -> (KindCounts, usize) {
        let start = self.short.partition_point(|e| f64::from(e.first) < from);
        let end = self.short.partition_point(|e| f64::from(e.first) < to).max(start);
        let (mut counts, before) = (self.kinds_up_to(data, end), self.kinds_up_to(data, start));
        for (count, before) in counts.iter_mut().zip(before) {
            *count -= before;
        }
        (counts, start)
    }

    /// The long entries that start on a day up to `max_day`: the only ones that can touch a view
    /// that ends there.
    fn long_up_to(&self, max_day: f64) -> &[Entry] {
        &self.long[..self.long.partition_point(|e| f64::from(e.first) <= max_day)]
    }

    /// How many entries of each kind touch the days `min_day..=max_day`: what the legend counts.
    pub fn kinds_in_view(&self, data: &Dataset, min_day: f64, max_day: f64) -> KindCounts {
        let (mut counts, start) = self.short_kinds_starting(data, min_day, max_day.next_up());
        // Short events that began before the view and still run into it, and long ones.
        let near = self.short.partition_point(|e| f64::from(e.first) < min_day - f64::from(LONG_DAYS));
        let running = self.short[near..start].iter().chain(self.long_up_to(max_day));
        for entry in running.filter(|e| touches(data.days_i32(e.event), min_day, max_day)) {
            counts[data.kind(entry.event).index()] += 1;
        }
        counts
    }

    /// The entries that touch the days `min_day..=max_day`: the short ones in day order, then the long ones.
    pub fn in_view<'a>(&'a self, data: &'a Dataset, min_day: f64, max_day: f64) -> impl Iterator<Item = Placed> + 'a {
        let from = self.short.partition_point(|e| f64::from(e.first) < min_day - f64::from(LONG_DAYS));
        let to = self.short.partition_point(|e| f64::from(e.first) <= max_day);
        let entries = self.short[from..to.max(from)].iter().chain(self.long_up_to(max_day));
        entries.filter_map(move |e| {
            let days = data.days_i32(e.event);
            touches(days, min_day, max_day).then_some(Placed { event: e.event, first: e.first, last: days.1 })
        })
    }

    /// How many entries start on a day in `from..to` (fractional days allowed).
    pub fn starting(&self, from: f64, to: f64) -> usize {
        let count = |list: &[Entry]| {
            list.partition_point(|e| f64::from(e.first) < to) - list.partition_point(|e| f64::from(e.first) < from)
        };
        count(&self.short) + count(&self.long)
    }

    /// About how many entries a view of `min_day..=max_day` touches: exact for short events that
    /// start in view, plus every long one that touches it.
    pub fn about_in_view(&self, data: &Dataset, min_day: f64, max_day: f64) -> usize {
        let short = self.short.partition_point(|e| f64::from(e.first) <= max_day)
            - self.short.partition_point(|e| f64::from(e.first) < min_day);
        short + self.long_up_to(max_day).iter().filter(|e| touches(data.days_i32(e.event), min_day, max_day)).count()
    }

    /// How many entries of each kind start on a day in `from..to`.
    pub fn kinds_starting(&self, data: &Dataset, from: f64, to: f64) -> KindCounts {
        let (mut counts, _) = self.short_kinds_starting(data, from, to);
        for entry in self.long.iter().filter(|e| (from..to).contains(&f64::from(e.first))) {
            counts[data.kind(entry.event).index()] += 1;
        }
        counts
    }
}

/// The lanes for some shown events, and on each lane its events in day order.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneIndex {
    /// The lanes, top to bottom, with how many shown events each holds.
    pub lanes: Vec<Lane>,
    pub(crate) tracks: Vec<Track>,
    /// Every shown event once.
    pub(crate) all: Track,
    /// Shown events with a recorded lifecycle, with each lane they sit on: few, and drawn wherever
    /// their lifecycle crosses the view, however far their own date lies.
    pub(crate) lifecycles: Vec<(EventId, usize)>,
    pub(crate) mode: LaneMode,
    /// The pins and folds these lanes were arranged by (see [`LaneIndex::arranged`]).
    pub(crate) arrangement: super::LaneArrangement,
    /// The lanes folded into the last one, as they were before.
    pub folded: Vec<Lane>,
}

impl LaneIndex {
    /// The lanes `event` sits on; `first_day` is its first day (as in `Dataset::days`).
    pub fn lanes_of(&self, event: EventId, first_day: i64) -> Vec<usize> {
        let first = i32::try_from(first_day).unwrap_or(i32::MAX);
        let on = |track: &Track| {
            let from = track.short.partition_point(|e| e.first < first);
            let short = track.short[from..].iter().take_while(|e| e.first == first);
            short.chain(track.long.iter()).any(|e| e.event == event)
        };
        self.tracks.iter().enumerate().filter(|(_, track)| on(track)).map(|(lane, _)| lane).collect()
    }

    /// Lanes for `shown` (event ids in date order), most active first, with at most `max_lanes`:
    /// past that, the least active actors share one last lane.
    pub fn new(data: &Dataset, shown: &[EventId], mode: LaneMode, max_lanes: usize) -> Self {
        Self::every(data, shown, mode).arranged(data, &super::LaneArrangement::default(), max_lanes)
    }

    /// A lane for every actor (or kind) of `shown`.
    fn every(data: &Dataset, shown: &[EventId], mode: LaneMode) -> Self {
        let (mut lanes, lanes_of) = make_lanes(data, shown, mode);
        // Tracks sized beforehand: growing a million entries step by step costs more than filling them.
        let mut tracks: Vec<Filling> = lanes.iter().map(|lane| Filling::with_capacity(lane.events)).collect();
        let mut all = Filling::with_capacity(shown.len());
        let mut event_lanes = Vec::new();
        for &id in shown {
            let days = data.days_i32(id);
            all.push(id, days);
            lanes_of.distinct_lanes(data, id, &mut event_lanes);
            for &lane in &event_lanes {
                tracks[lane].push(id, days);
            }
        }
        let mut lifecycles = Vec::new();
        for &id in data.with_lifecycle().iter().filter(|id| shown.binary_search(id).is_ok()) {
            lanes_of.distinct_lanes(data, id, &mut event_lanes);
            lifecycles.extend(event_lanes.iter().map(|&lane| (id, lane)));
        }
        for (lane, track) in lanes.iter_mut().zip(&tracks) {
            lane.events = track.len();
        }
        Self {
            lanes,
            tracks: tracks.into_iter().map(|track| track.seal(data)).collect(),
            all: all.seal(data),
            lifecycles,
            mode,
            arrangement: super::LaneArrangement::default(),
            folded: Vec::new(),
        }
    }

    /// What the lanes stand for.
    pub fn mode(&self) -> LaneMode {
        self.mode
    }

    /// The pins and folds the lanes were arranged by.
    pub fn arrangement(&self) -> &super::LaneArrangement {
        &self.arrangement
    }

    /// How many events of each kind on `lane` start on a day in `from..to`: what a density strip's
    /// tooltip tells.
    pub fn kinds_on_lane(&self, data: &Dataset, lane: usize, from: f64, to: f64) -> [usize; Kind::ALL.len()] {
        self.tracks.get(lane).map_or([0; Kind::ALL.len()], |t| t.kinds_starting(data, from, to))
    }

    /// How many shown events start on a day in `from..to`, whatever their lane: the overview's bars.
    pub fn starting(&self, from: f64, to: f64) -> usize {
        self.all.starting(from, to)
    }
}

/// The lanes of every event of a data set in one lane mode, built once: a filter change then makes
/// its [`LaneIndex`] by one pass over these entries with a mask of the shown events, instead of
/// finding every shown event's lanes again.
#[derive(Debug, Clone)]
pub struct AllLanes {
    all: LaneIndex,
}

impl AllLanes {
    /// Every event's lanes in `mode`, with no limit on the lanes.
    pub fn new(data: &Dataset, mode: LaneMode) -> Self {
        let every: Vec<EventId> = (0..data.len() as u32).map(EventId).collect();
        Self { all: LaneIndex::every(data, &every, mode) }
    }

    /// What the lanes stand for.
    pub fn mode(&self) -> LaneMode {
        self.all.mode
    }

    /// The lanes of every event.
    #[cfg(test)]
    pub(crate) fn every(&self) -> &LaneIndex {
        &self.all
    }

    /// The same as `LaneIndex::new(data, shown, self.mode(), usize::MAX)`, from these entries.
    pub fn shown(&self, data: &Dataset, shown: &[EventId]) -> LaneIndex {
        let mut mask = vec![0_u64; data.len().div_ceil(64)];
        for id in shown {
            mask[id.index() / 64] |= 1 << (id.index() % 64);
        }
        // With every event shown, the tracks are shared as they are, not copied.
        let everything = mask.iter().map(|word| word.count_ones() as usize).sum::<usize>() == data.len();
        let only = |track: &Track| if everything { track.clone() } else { track.only(data, &mask) };
        let mut tracks: Vec<Track> = self.all.tracks.iter().map(only).collect();
        let counts: Vec<usize> = tracks.iter().map(Track::len).collect();
        let events = |i: usize| counts[i];
        // Lanes with shown events, most active first as `make_lanes` orders them.
        let mut order: Vec<usize> = (0..tracks.len()).filter(|&i| events(i) > 0).collect();
        if self.all.mode == LaneMode::Actor {
            let rank = |i: usize| match self.all.lanes[i].key {
                LaneKey::Actor(actor) => (0, std::cmp::Reverse(events(i)), data.actor(actor).name.as_str(), actor.0),
                _ => (1, std::cmp::Reverse(0), "", 0),
            };
            order.sort_by(|&a, &b| rank(a).cmp(&rank(b)));
        }
        let mut new_lane = vec![usize::MAX; tracks.len()];
        let mut lanes = Vec::with_capacity(order.len());
        let mut kept = Vec::with_capacity(order.len());
        let mut groups = 0;
        for (position, &old) in order.iter().enumerate() {
            new_lane[old] = position;
            let mut lane = self.all.lanes[old].clone();
            lane.events = events(old);
            if let LaneKey::Group(_) = lane.key {
                // Groups are numbered among the shown ones, in name order.
                lane.key = LaneKey::Group(groups);
                groups += 1;
            }
            lanes.push(lane);
            kept.push(std::mem::take(&mut tracks[old]));
        }
        let mut lifecycles: Vec<(EventId, usize)> = self
            .all
            .lifecycles
            .iter()
            .filter(|(id, _)| is_marked(&mask, *id))
            .map(|&(id, lane)| (id, new_lane[lane]))
            .collect();
        lifecycles.sort_unstable();
        LaneIndex {
            lanes,
            tracks: kept,
            all: only(&self.all.all),
            lifecycles,
            mode: self.all.mode,
            arrangement: super::LaneArrangement::default(),
            folded: Vec::new(),
        }
    }
}

/// Whether `mask` (a bit per event) marks `id`.
fn is_marked(mask: &[u64], id: EventId) -> bool {
    mask[id.index() / 64] & (1 << (id.index() % 64)) != 0
}

/// Lane names stay short enough for the lane column: long organisation names give way to their code.
fn lane_name(actor: &crate::model::Actor) -> String {
    const MAX_CHARS: usize = 18;
    if actor.name.chars().count() <= MAX_CHARS { actor.name.clone() } else { actor.code.clone() }
}

/// Which lanes an event belongs on.
enum LanesOf {
    /// By actor: each actor's lane (`None` for actors without events), and the lane of events without one.
    Actor {
        lane_of: Vec<Option<usize>>,
        no_actor: usize,
    },
    Kind {
        lane_of: [usize; Kind::ALL.len()],
        group_lane: HashMap<String, usize>,
    },
}

impl LanesOf {
    /// The lanes of an event, each once.
    fn distinct_lanes(&self, data: &Dataset, id: EventId, out: &mut Vec<usize>) {
        out.clear();
        self.lanes(data, id, out);
        out.sort_unstable();
        out.dedup();
    }

    fn lanes(&self, data: &Dataset, id: EventId, out: &mut Vec<usize>) {
        match self {
            Self::Actor { no_actor, lane_of } => {
                let parties = data.parties(id);
                if parties.is_empty() {
                    out.push(*no_actor);
                }
                out.extend(parties.iter().filter_map(|p| lane_of[p.index()]));
            }
            Self::Kind { group_lane, lane_of } => match data.has_groups().then(|| data.group(id)).flatten() {
                Some(group) => out.extend(group_lane.get(group).copied()),
                None => out.push(lane_of[data.kind(id).index()]),
            },
        }
    }
}

/// The lanes for the shown events, most active first, and a way to find an event's lanes. Lane
/// event counts are filled in by the caller.
fn make_lanes(data: &Dataset, shown: &[EventId], mode: LaneMode) -> (Vec<Lane>, LanesOf) {
    // `events` is a first count (for sizing); LaneIndex::new sets the exact one.
    let lane = |key, label, events| Lane { key, label, events, unlabelled: 0 };
    match mode {
        LaneMode::Actor => {
            let mut counts = vec![0_usize; data.actors().len()];
            let mut without_actor = false;
            for &id in shown {
                let parties = data.parties(id);
                without_actor |= parties.is_empty();
                for &party in parties {
                    counts[party.index()] += 1;
                }
            }
            let mut actors: Vec<(ActorId, usize)> =
                counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| (ActorId(i as u32), *n)).collect();
            actors.sort_by(|a, b| {
                b.1.cmp(&a.1).then_with(|| data.actor(a.0).name.cmp(&data.actor(b.0).name)).then(a.0.cmp(&b.0))
            });
            let mut lane_of = vec![None; data.actors().len()];
            for (i, (actor, _)) in actors.iter().enumerate() {
                lane_of[actor.index()] = Some(i);
            }
            let mut lanes: Vec<Lane> = actors
                .iter()
                .map(|&(actor, events)| lane(LaneKey::Actor(actor), lane_name(data.actor(actor)), events))
                .collect();
            let no_actor = lanes.len();
            if without_actor {
                lanes.push(lane(LaneKey::NoActor, "No actor".to_owned(), 0));
            }
            (lanes, LanesOf::Actor { lane_of, no_actor })
        }
        LaneMode::Kind => {
            // Events with a group of their own (a TimelineJS group, a type Accords does not know)
            // get a lane per group after the known kinds.
            let mut counts = [0_usize; Kind::ALL.len()];
            let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
            for &id in shown {
                match data.has_groups().then(|| data.group(id)).flatten() {
                    Some(group) => *groups.entry(group).or_default() += 1,
                    None => counts[data.kind(id).index()] += 1,
                }
            }
            let kinds: Vec<Kind> = Kind::ALL.into_iter().filter(|k| counts[k.index()] > 0).collect();
            let mut lane_of = [usize::MAX; Kind::ALL.len()];
            for (i, kind) in kinds.iter().enumerate() {
                lane_of[kind.index()] = i;
            }
            let mut lanes: Vec<Lane> = kinds
                .iter()
                .map(|&kind| lane(LaneKey::Kind(kind), kind.label().to_owned(), counts[kind.index()]))
                .collect();
            let group_lane: HashMap<String, usize> =
                groups.keys().enumerate().map(|(i, g)| ((*g).to_owned(), kinds.len() + i)).collect();
            lanes.extend(
                groups
                    .iter()
                    .enumerate()
                    .map(|(i, (group, &events))| lane(LaneKey::Group(i), (*group).to_owned(), events)),
            );
            (lanes, LanesOf::Kind { lane_of, group_lane })
        }
    }
}
