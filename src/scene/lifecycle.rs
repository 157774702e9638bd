//! Treaty lifecycles in the scene: on each lane of an agreement with recorded milestones, a line
//! along the lane through its life (dashed while signed, solid in force, dotted suspended, faint where entry into
//! force is not known) and ticks for the steps of that lane's party.

use super::{LaneIndex, LaneKey, View};
use crate::model::{Dataset, EventId, Kind, Stage, Status};

/// A stretch of an agreement's life on one lane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifeSpan {
    /// The agreement.
    pub event: EventId,
    /// Lane index.
    pub lane: usize,
    /// Row of lifecycles on the lane, 0 nearest the markers.
    pub row: usize,
    /// First day shown.
    pub start_day: f64,
    /// The day after the last day shown.
    pub end_day: f64,
    /// The status throughout: signed, in force, suspended or not known.
    pub status: Status,
    /// The agreement's kind, which gives the colour.
    pub kind: Kind,
}

/// A dated step drawn on a lane: a ratification, an end, a suspension …
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifeMark {
    /// The agreement.
    pub event: EventId,
    /// Lane index.
    pub lane: usize,
    /// Row of lifecycles on the lane.
    pub row: usize,
    /// Where, in days.
    pub day: f64,
    /// What happened.
    pub stage: Stage,
    /// The agreement's kind, which gives the colour.
    pub kind: Kind,
}

/// Lifecycles on one lane stack in up to this many rows, so that two agreements in force at once
/// are two lines.
pub const LIFE_ROWS: usize = 3;
/// How far below its lane's line each row of lifecycles runs, in pixels (negative: above). They
/// stay within the markers' height, under the markers and clear of the labels above them.
const LIFE_ROW_OFFSETS_PX: [f64; LIFE_ROWS] = [0.0, 3.0, -3.0];

/// The lifecycles crossing `view`: per lane, the phases for that lane's actor when it is a party,
/// else for the agreement as a whole; and the steps that concern that party (or all parties). A
/// stretch whose entry into force is not known is drawn for the selected event only: across every
/// lane it would bury the known ones.
pub(super) fn lay_out(
    data: &Dataset,
    index: &LaneIndex,
    view: View,
    selected: Option<EventId>,
) -> (Vec<LifeSpan>, Vec<LifeMark>) {
    let (mut spans, mut marks) = (Vec::new(), Vec::new());
    let until = view.time.max_day.ceil() as i64 + 1;
    // Per lane, where each row's last lifecycle ends.
    let mut rows_end: Vec<[f64; LIFE_ROWS]> = vec![[f64::MIN; LIFE_ROWS]; index.lanes.len()];
    for &(event_id, lane) in &index.lifecycles {
        if !(view.visible_lanes.0..view.visible_lanes.1).contains(&lane) {
            continue;
        }
        let event = data.event(event_id);
        let party = match index.lanes.get(lane).map(|l| l.key) {
            Some(LaneKey::Actor(actor)) if event.parties.contains(&actor) => Some(actor),
            _ => None,
        };
        let phases: Vec<_> = event
            .phases(party, until)
            .into_iter()
            .filter(|p| p.status != Status::Unknown || Some(event_id) == selected)
            .collect();
        // A lifecycle that never takes effect on this lane (signed only, like the Adapted CFE
        // Treaty's) is drawn for the selection alone, as an unknown one is: drawn for every treaty
        // of thirty signatories, it would cross every lane with lines that say nothing happened.
        let took_effect = phases.iter().any(|p| p.status == Status::InForce);
        if !took_effect && Some(event_id) != selected {
            continue;
        }
        let (Some(first), Some(last)) = (phases.first(), phases.last()) else { continue };
        let (from, to) = (first.start_day as f64, last.end_day as f64);
        if to <= view.time.min_day || from >= view.time.max_day {
            continue;
        }
        // The first row free by then; when all are taken, the one that frees first.
        let ends = &mut rows_end[lane];
        let row = ends
            .iter()
            .position(|end| *end <= from)
            .unwrap_or_else(|| ends.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |(i, _)| i));
        ends[row] = to;
        let kind = event.kind;
        for phase in phases {
            let (start_day, end_day) = (phase.start_day as f64, phase.end_day as f64);
            if end_day > view.time.min_day && start_day < view.time.max_day {
                spans.push(LifeSpan { event: event_id, lane, row, start_day, end_day, status: phase.status, kind });
            }
        }
        for m in event.milestones.iter().filter(|m| m.stage != Stage::Signed) {
            let concerns = m.party.is_none() || party.is_none() || m.party == party;
            let day = m.date.first_day_number() as f64;
            if concerns && view.overlaps(day, day) {
                marks.push(LifeMark { event: event_id, lane, row, day, stage: m.stage, kind });
            }
        }
    }
    (spans, marks)
}

/// How far below its lane's line a lifecycle in `row` runs, in pixels.
pub fn life_offset_px(row: usize) -> f64 {
    LIFE_ROW_OFFSETS_PX[row.min(LIFE_ROWS - 1)]
}
