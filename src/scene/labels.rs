//! Labels in a row just above each lane's markers: the more important first, none overlapping,
//! the rest counted per lane. Sitting above the markers, a label never hides one.

use std::collections::{HashMap, HashSet};

use super::{LABEL_OFFSET_PX, Label, Lane, Mark, View};
use crate::model::{Dataset, EventId, Kind};

/// Lanes thinner than this get no labels: the text row above the markers would reach the markers
/// of the lane above (7 px rise, 14 px of text, a 5 px marker radius).
pub const MIN_LANE_HEIGHT_PX: f64 = 26.0;
/// Vertical distance between rows of labels.
pub const LABEL_ROW_PX: f64 = 14.0;
/// Height of a label's line of text, from its bottom (where it is anchored) up.
pub const LABEL_HEIGHT_PX: f64 = 14.0;
/// Tall lanes get at most this many rows of labels.
const MAX_LABEL_ROWS: usize = 3;
/// Labels longer than this are shortened with "…".
const MAX_LABEL_CHARS: usize = 36;
/// Free space kept between neighbouring labels.
const PADDING_PX: f64 = 6.0;

/// The width of a label in pixels, measured with the font it is drawn in.
pub fn text_width_px(text: &str) -> f64 {
    super::text::text_width_px(text, super::style::LABEL_SIZE_PX)
}

/// Half the width kept clear around a leader that rises through a label row.
const LINE_CLEARANCE_PX: f64 = 2.0;

/// Places labels for the marks in view, most important first, each event labelled once (on the
/// first of its lanes on screen with room), and records in each lane how many of its events went unlabelled.
/// The `highlighted` events (sorted) come first. A selection changes nothing here, so that no
/// label moves when something is selected; the window names an unlabelled selection apart.
/// No label is cut by the leader of a label in a higher row; connectors make way for labels
/// afterwards ([`super::Scene`] breaks them around each label they would cross).
pub fn place(data: &Dataset, marks: &[Mark], lanes: &mut [Lane], view: View, highlighted: &[EventId]) -> Vec<Label> {
    let x_px = |m: &Mark| view.time.x_from_day(m.day);
    // Marks on lanes off screen get none: a label there would be laid out unseen, and its event
    // would count as named while its markers in view went without.
    let on_screen = |m: &&Mark| (view.visible_lanes.0..view.visible_lanes.1).contains(&m.lane);
    let mut candidates: Vec<&Mark> = marks.iter().filter(|m| view.overlaps(m.day, m.day)).filter(on_screen).collect();
    let degree = link_degree(data, marks);
    let importance = |m: &Mark| {
        let first_bonus = if highlighted.binary_search(&m.event).is_ok() { 1000 } else { 0 };
        first_bonus + 10 * degree.get(&m.event).copied().unwrap_or(0) + kind_weight(m.kind)
    };
    candidates
        .sort_by(|a, b| importance(b).cmp(&importance(a)).then(a.day.total_cmp(&b.day)).then(a.lane.cmp(&b.lane)));
    // Each lane's markers by x, to tell whether a label's end is nearer another event's marker.
    let mut by_lane: Vec<Vec<(f64, EventId)>> = vec![Vec::new(); lanes.len()];
    for mark in &candidates {
        by_lane[mark.lane].push((x_px(mark), mark.event));
    }
    for list in &mut by_lane {
        list.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    let ambiguous = |lane: usize, end: f64, own: f64, event: EventId| {
        let reach = (own - end).abs();
        let list = &by_lane[lane];
        let from = list.partition_point(|(x, _)| *x < end - reach);
        list[from..]
            .iter()
            .take_while(|(x, _)| *x <= end + reach)
            .any(|&(x, other)| other != event && (x - end).abs() < reach - 1e-9 && (x - own).abs() >= 0.5)
    };
    let rows = label_rows(view.lane_height_px);
    let mut taken: Vec<Vec<Vec<(f64, f64)>>> = vec![vec![Vec::new(); rows]; lanes.len()];

    let mut labels = Vec::new();
    let mut labelled: HashSet<EventId> = HashSet::new();
    for mark in candidates.iter().filter(|_| rows > 0) {
        if labelled.contains(&mark.event) {
            continue;
        }
        // Either way a label lies, it covers its marker's x: where every row is taken there, no
        // label fits, and the text need not be measured.
        let x = x_px(mark);
        if taken[mark.lane].iter().all(|row| row.iter().any(|t| t.0 <= x && x < t.1)) {
            continue;
        }
        let text = shorten(data.event(mark.event).label());
        let width_px = text_width_px(&text);
        // Text normally runs right from the marker; near the right edge it ends at the marker instead.
        let right = x + LABEL_OFFSET_PX;
        let ends_at_marker = right + width_px > view.time.width_px;
        let offset_px = if ends_at_marker { -LABEL_OFFSET_PX - width_px } else { LABEL_OFFSET_PX };
        let start = x + offset_px;
        let span = (start, start + width_px + PADDING_PX);
        if start < 0.0 || start + width_px > view.time.width_px {
            continue;
        }
        // A reader ties a label to the marker at its end: another event's marker nearer there
        // would be read as the one named.
        let end = if ends_at_marker { start + width_px } else { start };
        if ambiguous(mark.lane, end, x, mark.event) {
            continue;
        }
        let free = |row: &Vec<(f64, f64)>| row.iter().all(|t| span.1 <= t.0 || span.0 >= t.1);
        if let Some(row) = taken[mark.lane].iter().position(free) {
            taken[mark.lane][row].push(span);
            // Its leader rises from the marker through the rows below it.
            for below in &mut taken[mark.lane][..row] {
                below.push((x - LINE_CLEARANCE_PX, x + LINE_CLEARANCE_PX));
            }
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
        for link in data.event(mark.event).related {
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
