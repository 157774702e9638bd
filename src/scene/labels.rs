//! Labels in a row just above each lane's markers: the more important first, none overlapping,
//! the rest counted per lane. Sitting above the markers, a label never hides one.

use std::collections::{HashMap, HashSet};

use super::{LABEL_OFFSET_PX, Label, Lane, Mark, View};
use crate::model::{Dataset, EventId, Kind};

/// Lanes thinner than this get no labels: the text row above the markers would touch the lane above.
pub const MIN_LANE_HEIGHT_PX: f64 = 24.0;
/// Vertical distance between rows of labels.
pub const LABEL_ROW_PX: f64 = 14.0;
/// Tall lanes get at most this many rows of labels.
const MAX_LABEL_ROWS: usize = 3;
/// Average advance of a character of 12 px proportional text, slightly generous.
const CHAR_WIDTH_PX: f64 = 6.6;
/// Labels longer than this are shortened with "…".
const MAX_LABEL_CHARS: usize = 36;
/// Free space kept between neighbouring labels.
const PADDING_PX: f64 = 6.0;

/// Estimated width of a label in pixels.
pub fn text_width_px(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH_PX
}

/// Places labels for the marks in view, most important first, each event labelled once (on the
/// first of its lanes with room), and records in each lane how many of its events went unlabelled.
pub fn place(data: &Dataset, marks: &[Mark], lanes: &mut [Lane], view: View, selected: Option<EventId>) -> Vec<Label> {
    let x_px = |m: &Mark| view.time.x_from_day(m.day);
    let mut candidates: Vec<&Mark> = marks.iter().filter(|m| view.overlaps(m.day, m.day)).collect();
    let degree = link_degree(data, marks);
    let importance = |m: &Mark| {
        let selected_bonus = if Some(m.event) == selected { 1000 } else { 0 };
        selected_bonus + 10 * degree.get(&m.event).copied().unwrap_or(0) + kind_weight(m.kind)
    };
    candidates
        .sort_by(|a, b| importance(b).cmp(&importance(a)).then(a.day.total_cmp(&b.day)).then(a.lane.cmp(&b.lane)));
    let rows = label_rows(view.lane_height_px);
    let mut taken: Vec<Vec<Vec<(f64, f64)>>> = vec![vec![Vec::new(); rows]; lanes.len()];
    let mut labels = Vec::new();
    let mut labelled: HashSet<EventId> = HashSet::new();
    for mark in candidates.iter().filter(|_| rows > 0) {
        if labelled.contains(&mark.event) {
            continue;
        }
        let text = shorten(data.event(mark.event).label());
        let width_px = text_width_px(&text);
        // Text normally runs right from the marker; near the right edge it ends at the marker instead.
        let right = x_px(mark) + LABEL_OFFSET_PX;
        let offset_px =
            if right + width_px > view.time.width_px { -LABEL_OFFSET_PX - width_px } else { LABEL_OFFSET_PX };
        let start = x_px(mark) + offset_px;
        let span = (start, start + width_px + PADDING_PX);
        if start < 0.0 || start + width_px > view.time.width_px {
            continue;
        }
        let free = |row: &Vec<(f64, f64)>| row.iter().all(|t| span.1 <= t.0 || span.0 >= t.1);
        if let Some(row) = taken[mark.lane].iter().position(free) {
            taken[mark.lane][row].push(span);
            labelled.insert(mark.event);
            labels.push(Label { event: mark.event, lane: mark.lane, row, day: mark.day, offset_px, text, width_px });
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

/// How many rows of labels fit above a lane's markers without reaching the lane above.
pub fn label_rows(lane_height_px: f64) -> usize {
    if lane_height_px < MIN_LANE_HEIGHT_PX {
        return 0;
    }
    let spare = lane_height_px - MIN_LANE_HEIGHT_PX;
    1 + ((spare / LABEL_ROW_PX).floor() as usize).min(MAX_LABEL_ROWS - 1)
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
        Kind::Summit | Kind::Sanctions | Kind::Other => 1,
    }
}
