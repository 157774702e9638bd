//! The one filter that the window, the exports and the command line share.

use serde::{Deserialize, Serialize};

use crate::model::{ActorId, Dataset, EventId, KindSet, PartialDate, Status, Words};

/// Whether an event must involve any or all of the selected actors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActorMatch {
    /// At least one selected actor takes part.
    #[default]
    Any,
    /// Every selected actor takes part.
    All,
}

/// Which events to show: actors, kinds, a date range and free text. The default shows everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Selected actor codes; empty selects no actor in particular (all events pass).
    pub actors: Vec<String>,
    /// Any or all of `actors`.
    pub actor_match: ActorMatch,
    /// Kinds to show.
    pub kinds: KindSet,
    /// Events ending before this date are left out.
    pub from: Option<PartialDate>,
    /// Events starting after this date are left out.
    pub to: Option<PartialDate>,
    /// Words that must all occur (case-insensitive) in the title, location, summary or provisions.
    pub text: String,
    /// Only agreements, treaties, memberships and partnerships in force on this date: for one of the
    /// selected actors (all of them with "all of"), or for any party when no actor is selected.
    pub in_force: Option<PartialDate>,
}

impl Filter {
    /// Whether the filter lets every event through.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.kinds.is_all()
            && self.from.is_none()
            && self.to.is_none()
            && self.text.trim().is_empty()
            && self.in_force.is_none()
    }

    /// The matching events, in date order.
    ///
    /// Uses the dataset's per-actor lists so a narrow actor selection never scans every event.
    pub fn apply(&self, data: &Dataset) -> Vec<EventId> {
        let prepared = Prepared::new(self, data);
        let n = data.len() as u32;
        let end = match self.to {
            // Events are sorted by start, so none after the first one starting past `to` can match.
            Some(to) => data.first_starting_after(to.last_day_number()).0,
            None => n,
        };
        let keep = |id: &EventId| id.0 < end && prepared.matches_rest(data, *id);
        if self.actors.is_empty() {
            // The rarest word's matches are the only candidates.
            return match data.candidates(&prepared.words) {
                Some(candidates) => candidates.into_iter().filter(keep).collect(),
                None => (0..end).map(EventId).filter(keep).collect(),
            };
        }
        let Some(actors) = prepared.actors.as_deref() else {
            return Vec::new();
        };
        match self.actor_match {
            ActorMatch::Any => {
                let mut bits = vec![0_u64; (n as usize).div_ceil(64)];
                for &actor in actors {
                    for id in data.events_of(actor) {
                        bits[id.index() / 64] |= 1 << (id.index() % 64);
                    }
                }
                ones(&bits).filter(keep).collect()
            }
            ActorMatch::All => {
                let Some(&rarest) = actors.iter().min_by_key(|a| data.events_of(**a).len()) else {
                    return Vec::new();
                };
                let mut common = data.events_of(rarest).to_vec();
                for &actor in actors.iter().filter(|a| **a != rarest) {
                    common = intersect(&common, data.events_of(actor));
                }
                common.into_iter().filter(keep).collect()
            }
        }
    }

    /// Whether one event matches; the plain definition that [`Filter::apply`] must agree with.
    pub fn matches(&self, data: &Dataset, id: EventId) -> bool {
        let prepared = Prepared::new(self, data);
        let parties = data.parties(id);
        let actors_ok = match (self.actors.is_empty(), &prepared.actors, self.actor_match) {
            (true, _, _) => true,
            (false, None, _) => false,
            (false, Some(actors), ActorMatch::Any) => actors.iter().any(|a| parties.contains(a)),
            (false, Some(actors), ActorMatch::All) => actors.iter().all(|a| parties.contains(a)),
        };
        actors_ok && prepared.matches_rest(data, id)
    }
}

/// A filter turned into the forms that are quick to test against an event.
struct Prepared {
    /// Actor ids of the selected codes; `None` when an "all of" selection names an unknown actor.
    actors: Option<Vec<ActorId>>,
    kinds: KindSet,
    from_day: i64,
    to_day: i64,
    words: Words,
    in_force: Option<i64>,
    actor_match: ActorMatch,
}

impl Prepared {
    fn new(filter: &Filter, data: &Dataset) -> Self {
        let known: Vec<ActorId> = filter.actors.iter().filter_map(|c| data.actor_by_code(c)).collect();
        let all_known = known.len() == filter.actors.len();
        let actors = (filter.actor_match == ActorMatch::Any || all_known).then_some(known);
        Self {
            actors,
            kinds: filter.kinds,
            from_day: filter.from.map_or(i64::MIN, PartialDate::first_day_number),
            to_day: filter.to.map_or(i64::MAX, PartialDate::last_day_number),
            words: Words::new(&filter.text),
            in_force: filter.in_force.map(PartialDate::first_day_number),
            actor_match: filter.actor_match,
        }
    }

    /// Whether the event is in force on the filter's day, for the selected actors or for any party.
    fn in_force(&self, data: &Dataset, id: EventId) -> bool {
        let Some(day) = self.in_force else { return true };
        let event = data.event(id);
        let for_actor = |a: &ActorId| event.status_for(*a, day) == Some(Status::InForce);
        match self.actors.as_deref() {
            Some(actors) if !actors.is_empty() => match self.actor_match {
                ActorMatch::Any => actors.iter().any(for_actor),
                ActorMatch::All => actors.iter().all(for_actor),
            },
            _ => event.status_on(day) == Some(Status::InForce),
        }
    }

    /// Everything but the actors: kind, overlap with the date range, and text.
    fn matches_rest(&self, data: &Dataset, id: EventId) -> bool {
        let (first, last) = data.days(id);
        self.kinds.contains(data.kind(id))
            && last >= self.from_day
            && first <= self.to_day
            && (self.words.is_empty() || data.contains_all(id, &self.words))
            && self.in_force(data, id)
    }
}

/// The ids in both sorted lists: by binary search when `few` is much shorter, else by one merge.
fn intersect(few: &[EventId], many: &[EventId]) -> Vec<EventId> {
    if few.len() * (usize::BITS - many.len().leading_zeros()) as usize <= few.len() + many.len() {
        return few.iter().copied().filter(|id| many.binary_search(id).is_ok()).collect();
    }
    let (mut common, mut rest) = (Vec::new(), many.iter().peekable());
    for &id in few {
        while rest.next_if(|other| **other < id).is_some() {}
        if rest.peek() == Some(&&id) {
            common.push(id);
        }
    }
    common
}

/// The positions of the set bits, in increasing order.
fn ones(bits: &[u64]) -> impl Iterator<Item = EventId> + '_ {
    bits.iter().enumerate().flat_map(|(word_index, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let bit = rest.trailing_zeros();
                rest &= rest - 1;
                EventId(word_index as u32 * 64 + bit)
            })
        })
    })
}

#[cfg(test)]
mod tests;
