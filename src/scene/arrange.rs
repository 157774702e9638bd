//! Lanes a person has pinned to the top or folded away, and the room a figure has: a second step
//! after the lanes are made, so the window's fast path from [`super::AllLanes`] and a figure's
//! [`LaneIndex::new`] share it.

use serde::{Deserialize, Serialize};

use super::index::{LaneIndex, Track};
use super::{Lane, LaneKey};
use crate::model::Dataset;

/// Which lanes are pinned to the top and which are folded into one shared lane at the bottom, by
/// their codes: an actor's code (`AZE`), a kind's code (`treaty`) or a group's name. Codes that the
/// shown lanes lack are kept, so a pin outlives a filter or a switch of lane mode that hides its lane.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LaneArrangement {
    /// Lanes shown first, in this order, whatever their activity.
    pub pinned: Vec<String>,
    /// Lanes whose events share one lane at the bottom, out of the way but not lost.
    pub folded: Vec<String>,
}

impl LaneArrangement {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.pinned.is_empty() && self.folded.is_empty()
    }

    /// Whether the lane `code` is pinned.
    pub fn is_pinned(&self, code: &str) -> bool {
        self.pinned.iter().any(|c| c == code)
    }

    /// Pins `code` to the top (after the lanes pinned before it), or unpins it; a pinned lane is unfolded.
    pub fn set_pinned(&mut self, code: &str, pinned: bool) {
        self.pinned.retain(|c| c != code);
        if pinned {
            self.folded.retain(|c| c != code);
            self.pinned.push(code.to_owned());
        }
    }

    /// Folds `code` away, or unfolds it; a folded lane is unpinned.
    pub fn set_folded(&mut self, code: &str, folded: bool) {
        self.folded.retain(|c| c != code);
        if folded {
            self.pinned.retain(|c| c != code);
            self.folded.push(code.to_owned());
        }
    }
}

/// The code a lane is pinned or folded by; the shared lanes (others, no actor, folded) have none.
pub fn lane_code<'a>(data: &'a Dataset, lane: &'a Lane) -> Option<&'a str> {
    match lane.key {
        LaneKey::Actor(actor) => Some(&data.actor(actor).code),
        LaneKey::Kind(kind) => Some(kind.code()),
        LaneKey::Group(_) => Some(&lane.label),
        LaneKey::Others | LaneKey::NoActor | LaneKey::Folded => None,
    }
}

/// Words for lanes merged into one: "OSCE (folded)", "3 folded lanes".
fn merged_label(merged: &[Lane], one: &str, many: &str) -> String {
    match merged {
        [lane] => format!("{} ({one})", lane.label),
        _ => format!("{} {many}", merged.len()),
    }
}

impl LaneIndex {
    /// These lanes with the pinned ones first (in the arrangement's order), the folded ones merged
    /// into one last lane, and at most `max_lanes` lanes: past that, the least active unpinned lanes
    /// share one lane of "others" above the folded one.
    #[must_use]
    pub fn arranged(mut self, data: &Dataset, arrangement: &LaneArrangement, max_lanes: usize) -> Self {
        self.arrangement.clone_from(arrangement);
        if arrangement.is_empty() && self.lanes.len() <= max_lanes {
            return self;
        }
        let codes: Vec<Option<&str>> = self.lanes.iter().map(|lane| lane_code(data, lane)).collect();
        let place_in = |list: &[String], lane: usize| codes[lane].and_then(|c| list.iter().position(|p| p == c));
        let mut pinned: Vec<(usize, usize)> =
            (0..self.lanes.len()).filter_map(|lane| Some((place_in(&arrangement.pinned, lane)?, lane))).collect();
        pinned.sort_unstable();
        let folded: Vec<usize> = (0..self.lanes.len())
            .filter(|&lane| {
                place_in(&arrangement.folded, lane).is_some() && place_in(&arrangement.pinned, lane).is_none()
            })
            .collect();
        let rest = (0..self.lanes.len()).filter(|lane| !pinned.iter().any(|p| p.1 == *lane) && !folded.contains(lane));
        let mut order: Vec<usize> = pinned.iter().map(|&(_, lane)| lane).chain(rest).collect();
        let room = max_lanes.max(1).saturating_sub(usize::from(!folded.is_empty())).max(1);
        // Pinned lanes are never merged, even when they alone overflow the room.
        let overflow = if order.len() > room { order.split_off((room - 1).max(pinned.len())) } else { Vec::new() };

        let mut groups: Vec<(Vec<usize>, Option<Lane>)> = order.into_iter().map(|lane| (vec![lane], None)).collect();
        for (merged, key, one, many) in
            [(overflow, LaneKey::Others, "other", "others"), (folded, LaneKey::Folded, "folded", "folded lanes")]
        {
            if !merged.is_empty() {
                let lanes: Vec<Lane> = merged.iter().map(|&lane| self.lanes[lane].clone()).collect();
                let label = merged_label(&lanes, one, many);
                if key == LaneKey::Folded {
                    self.folded = lanes;
                }
                groups.push((merged, Some(Lane { key, label, events: 0, unlabelled: 0 })));
            }
        }

        let mut new_lane = vec![0; self.lanes.len()];
        let mut lanes = Vec::with_capacity(groups.len());
        let mut tracks = Vec::with_capacity(groups.len());
        for (position, (old, merged)) in groups.into_iter().enumerate() {
            for &lane in &old {
                new_lane[lane] = position;
            }
            let track = Track::merged(data, old.iter().map(|&lane| std::mem::take(&mut self.tracks[lane])).collect());
            let mut lane = merged.unwrap_or_else(|| self.lanes[old[0]].clone());
            lane.events = track.len();
            lanes.push(lane);
            tracks.push(track);
        }
        for (_, lane) in &mut self.lifecycles {
            *lane = new_lane[*lane];
        }
        self.lifecycles.sort_unstable();
        self.lifecycles.dedup();
        self.lanes = lanes;
        self.tracks = tracks;
        self
    }
}
