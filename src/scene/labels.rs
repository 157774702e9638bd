//! Labels beside marks: the more important first, none overlapping, the rest counted per lane.

use std::collections::{HashMap, HashSet};

use super::{LABEL_GAP_PX, Label, Lane, Mark, View};
use crate::model::{Dataset, EventId, Kind};

/// Lanes thinner than this get no labels: text would run into the next lane.
pub const MIN_LANE_HEIGHT_PX: f64 = 15.0;
/// Average advance of a character of 12 px proportional text, slightly generous.
const CHAR_WIDTH_PX: f64 = 6.6;
/// Labels longer than this are shortened with "…".
const MAX_LABEL_CHARS: usize = 36;
/// Half the width of a marker, which labels keep clear of.
const MARK_CLEARANCE_PX: f64 = 5.0;
/// Free space kept between neighbouring labels.
const PADDING_PX: f64 = 6.0;

/// Estimated width of a label in pixels.
pub fn text_width_px(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH_PX
}

/// Places labels for the marks in view, most important first, each event labelled once (on the
/// first of its lanes with room), and records in each lane how many of its events went unlabelled.
pub fn place(data: &Dataset, marks: &[Mark], lanes: &mut [Lane], view: View, selected: Option<EventId>) -> Vec<Label> {
    let days_per_px = view.days_per_px();
    let x_px = |m: &Mark| (m.day - view.min_day) / days_per_px;
    let mut candidates: Vec<&Mark> = marks.iter().filter(|m| view.overlaps(m.day, m.day)).collect();
    let mut marks_px: Vec<Vec<f64>> = vec![Vec::new(); lanes.len()];
    for mark in &candidates {
        marks_px[mark.lane].push(x_px(mark));
    }
    for lane in &mut marks_px {
        lane.sort_by(f64::total_cmp);
    }
    let degree = link_degree(data, marks);
    let importance = |m: &Mark| {
        let selected_bonus = if Some(m.event) == selected { 1000 } else { 0 };
        selected_bonus + 10 * degree.get(&m.event).copied().unwrap_or(0) + kind_weight(m.kind)
    };
    candidates
        .sort_by(|a, b| importance(b).cmp(&importance(a)).then(a.day.total_cmp(&b.day)).then(a.lane.cmp(&b.lane)));
    let room = view.lane_height_px >= MIN_LANE_HEIGHT_PX;
    let mut taken: Vec<Vec<(f64, f64)>> = vec![Vec::new(); lanes.len()];
    let mut labels = Vec::new();
    let mut labelled: HashSet<EventId> = HashSet::new();
    for mark in candidates.iter().filter(|_| room) {
        if labelled.contains(&mark.event) {
            continue;
        }
        let text = shorten(data.event(mark.event).label());
        let width_px = text_width_px(&text);
        let start = x_px(mark) + LABEL_GAP_PX - PADDING_PX / 2.0;
        let span = (start, start + width_px + PADDING_PX);
        // Text drawn over another event's marker hides both, so a label also keeps clear of markers;
        // marks on (nearly) the same day sit under this mark, not under its text.
        let lane_marks = &marks_px[mark.lane];
        let first_mark_after = lane_marks.partition_point(|&x| x <= x_px(mark) + 1.0);
        let covers_a_mark = lane_marks.get(first_mark_after).is_some_and(|&x| x <= span.1 + MARK_CLEARANCE_PX);
        let cut_off = span.1 - PADDING_PX > view.width_px;
        let lane_taken = &mut taken[mark.lane];
        if !covers_a_mark && !cut_off && lane_taken.iter().all(|t| span.1 <= t.0 || span.0 >= t.1) {
            lane_taken.push(span);
            labelled.insert(mark.event);
            labels.push(Label { event: mark.event, lane: mark.lane, day: mark.day, text, width_px });
        }
    }
    for lane in lanes.iter_mut() {
        lane.unlabelled = 0;
    }
    for mark in candidates.iter().filter(|m| !labelled.contains(&m.event)) {
        lanes[mark.lane].unlabelled += 1;
    }
    labels
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL_CHARS {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(MAX_LABEL_CHARS - 1).collect();
        short.push('…');
        short
    }
}

/// How many links each marked event has, in and out: the story's hubs get labels first.
fn link_degree(data: &Dataset, marks: &[Mark]) -> HashMap<EventId, usize> {
    let mut degree: HashMap<EventId, usize> = HashMap::new();
    let mut last = None;
    for mark in marks {
        if last == Some(mark.event) {
            continue;
        }
        last = Some(mark.event);
        for link in &data.event(mark.event).related {
            *degree.entry(mark.event).or_default() += 1;
            *degree.entry(link.event).or_default() += 1;
        }
    }
    degree
}

/// Agreements between states matter more to this tool's readers than background events.
fn kind_weight(kind: Kind) -> usize {
    match kind {
        Kind::Treaty | Kind::Declaration => 5,
        Kind::JointStatement | Kind::Ceasefire | Kind::Conflict => 4,
        Kind::Agreement | Kind::Annexation | Kind::Recognition => 3,
        Kind::Membership | Kind::Withdrawal | Kind::PartnershipFramework => 2,
        Kind::Summit | Kind::Sanctions => 1,
    }
}
