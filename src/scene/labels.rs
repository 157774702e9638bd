//! Labels beside marks: the more important first, none overlapping, the rest counted per lane.

use std::collections::HashMap;

use super::{LABEL_GAP_PX, Label, Lane, Mark, View};
use crate::model::{Dataset, EventId, Kind};

/// Lanes thinner than this get no labels: text would run into the next lane.
pub const MIN_LANE_HEIGHT_PX: f64 = 15.0;
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

/// Places labels for the marks in view, lane by lane, and records in each lane how many went unlabelled.
pub fn place(data: &Dataset, marks: &[Mark], lanes: &mut [Lane], view: View, selected: Option<EventId>) -> Vec<Label> {
    let days_per_px = view.days_per_px();
    let mut in_view: Vec<Vec<&Mark>> = vec![Vec::new(); lanes.len()];
    for mark in marks.iter().filter(|m| view.overlaps(m.day, m.day)) {
        in_view[mark.lane].push(mark);
    }
    let degree = link_degree(data, marks);
    let importance = |m: &Mark| {
        let selected_bonus = if Some(m.event) == selected { 1000 } else { 0 };
        selected_bonus + 10 * degree.get(&m.event).copied().unwrap_or(0) + kind_weight(m.kind)
    };
    let mut labels = Vec::new();
    for (lane_index, candidates) in in_view.iter_mut().enumerate() {
        if view.lane_height_px < MIN_LANE_HEIGHT_PX {
            lanes[lane_index].unlabelled = candidates.len();
            continue;
        }
        candidates.sort_by(|a, b| importance(b).cmp(&importance(a)).then(a.day.total_cmp(&b.day)));
        let mut taken: Vec<(f64, f64)> = Vec::new();
        for mark in candidates.iter() {
            let text = shorten(data.event(mark.event).label());
            let width_px = text_width_px(&text);
            let start = (mark.day - view.min_day) / days_per_px + LABEL_GAP_PX - PADDING_PX / 2.0;
            let span = (start, start + width_px + PADDING_PX);
            if taken.iter().all(|t| span.1 <= t.0 || span.0 >= t.1) {
                taken.push(span);
                labels.push(Label { event: mark.event, lane: lane_index, day: mark.day, text, width_px });
            }
        }
        lanes[lane_index].unlabelled = candidates.len() - taken.len();
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
