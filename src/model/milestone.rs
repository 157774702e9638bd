//! A treaty's lifecycle: signature, ratifications, entry into force, suspensions and ends, each for
//! all parties or for one, and the status that follows on a given day.

use super::{ActorId, Event, Kind, PartialDate, Source};

/// A step in the life of an agreement, as treaty depositaries record them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub enum Stage {
    /// Signed (the event's date is usually the signature; a milestone says so where it is not).
    Signed,
    /// Ratified, accepted or approved by a party.
    Ratified,
    /// Applied provisionally before entry into force (as the EU does with association agreements).
    ProvisionallyApplied,
    /// Entered into force.
    InForce,
    /// Not in force on this date, as the sources state (the Adapted CFE Treaty, which too few
    /// states ratified): drawn as signed, not as "not known".
    NotInForce,
    /// Extended beyond its first term.
    Extended,
    /// A party announced that it will suspend it.
    SuspensionNotice,
    /// Suspended (a party stops applying it, or it is suspended for all).
    Suspended,
    /// Applied again after a suspension.
    Resumed,
    /// A party gave notice that it will withdraw.
    WithdrawalNotice,
    /// A party left.
    Withdrawn,
    /// Ended by the parties or by one party's denunciation.
    Terminated,
    /// Ran out at the end of its term, without renewal.
    Expired,
}

impl Stage {
    /// Every stage, in the order a lifecycle usually runs.
    pub const ALL: [Stage; 13] = [
        Stage::Signed,
        Stage::Ratified,
        Stage::ProvisionallyApplied,
        Stage::InForce,
        Stage::NotInForce,
        Stage::Extended,
        Stage::SuspensionNotice,
        Stage::Suspended,
        Stage::Resumed,
        Stage::WithdrawalNotice,
        Stage::Withdrawn,
        Stage::Terminated,
        Stage::Expired,
    ];

    /// The code used in files, e.g. `in-force`.
    pub fn code(self) -> &'static str {
        match self {
            Stage::Signed => "signed",
            Stage::Ratified => "ratified",
            Stage::ProvisionallyApplied => "provisionally-applied",
            Stage::InForce => "in-force",
            Stage::NotInForce => "not-in-force",
            Stage::Extended => "extended",
            Stage::SuspensionNotice => "suspension-notice",
            Stage::Suspended => "suspended",
            Stage::Resumed => "resumed",
            Stage::WithdrawalNotice => "withdrawal-notice",
            Stage::Withdrawn => "withdrawn",
            Stage::Terminated => "terminated",
            Stage::Expired => "expired",
        }
    }

    /// The stage with this code, if any.
    pub fn from_code(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Words for people, e.g. "entered into force".
    pub fn label(self) -> &'static str {
        match self {
            Stage::Signed => "signed",
            Stage::Ratified => "ratified",
            Stage::ProvisionallyApplied => "applied provisionally",
            Stage::InForce => "entered into force",
            Stage::NotInForce => "still not in force",
            Stage::Extended => "extended",
            Stage::SuspensionNotice => "notice of suspension",
            Stage::Suspended => "suspended",
            Stage::Resumed => "resumed",
            Stage::WithdrawalNotice => "notice of withdrawal",
            Stage::Withdrawn => "withdrew",
            Stage::Terminated => "terminated",
            Stage::Expired => "expired",
        }
    }

    /// Whether the agreement ends here (for the party, or for all).
    pub fn ends(self) -> bool {
        matches!(self, Stage::Withdrawn | Stage::Terminated | Stage::Expired)
    }
}

/// One dated step of an event's lifecycle.
#[derive(Debug, Clone, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Milestone {
    /// What happened.
    pub stage: Stage,
    /// When, at the precision the sources give.
    pub date: PartialDate,
    /// The party it concerns; `None` when it concerns all parties.
    pub party: Option<ActorId>,
    /// Pages that support this step, when they are not the event's own.
    pub sources: Box<[Source]>,
    /// A remark, e.g. where sources disagree.
    pub note: Box<str>,
}

/// Where an agreement stands on a day, for one party or for the agreement as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Not yet signed.
    NotYet,
    /// Signed, and not (yet) in force.
    Signed,
    /// Signed, and whether it entered into force is not known from the sources.
    Unknown,
    /// In force.
    InForce,
    /// Suspended.
    Suspended,
    /// Over: withdrawn, terminated or expired.
    Ended,
}

impl Status {
    /// The code used in `accords list --json`, e.g. `in-force`.
    pub fn code(self) -> &'static str {
        match self {
            Status::NotYet => "not-yet-signed",
            Status::Signed => "signed",
            Status::Unknown => "in-force-unknown",
            Status::InForce => "in-force",
            Status::Suspended => "suspended",
            Status::Ended => "ended",
        }
    }
}

/// Whether an event of this kind has a lifecycle (treaties, agreements, memberships, partnerships).
pub fn has_lifecycle(kind: Kind) -> bool {
    matches!(kind, Kind::Treaty | Kind::Agreement | Kind::Membership | Kind::PartnershipFramework)
}

impl Event<'_> {
    /// The event's status for `party` on `day` (days since 1970-01-01): `None` for kinds without a
    /// lifecycle or a party the event does not have.
    ///
    /// A membership is in force from its date unless its milestones say otherwise; any other
    /// agreement only from an `in-force` milestone, and `Unknown` when it has none — unless a
    /// `not-in-force` milestone says the sources know it was not. An end date without an ending
    /// milestone ends it for all.
    pub fn status_for(&self, party: ActorId, day: i64) -> Option<Status> {
        if !has_lifecycle(self.kind) || !self.parties.contains(&party) {
            return None;
        }
        let concerns_party = |m: &&Milestone| m.party.is_none_or(|p| p == party);
        // The validator keeps milestones in date order.
        let steps: Vec<&Milestone> = self.milestones.iter().filter(concerns_party).collect();
        let signed_first = steps.iter().find(|m| m.stage == Stage::Signed).map(|m| m.date.first_day_number());
        let start = signed_first.map_or(self.start_day(), |d| d.min(self.start_day()));
        if day < start {
            return Some(Status::NotYet);
        }
        let applied = |s: Stage| matches!(s, Stage::InForce | Stage::ProvisionallyApplied);
        let known = |s: Stage| applied(s) || s == Stage::NotInForce;
        let known_in_force = self.kind == Kind::Membership || steps.iter().any(|m| known(m.stage));
        let mut status = if self.kind == Kind::Membership {
            Status::InForce
        } else if known_in_force {
            Status::Signed
        } else {
            Status::Unknown
        };
        for step in steps.iter().filter(|m| m.date.first_day_number() <= day) {
            status = match (step.stage, status) {
                (stage, _) if stage.ends() => Status::Ended,
                (_, Status::Ended) => Status::Ended,
                (Stage::InForce | Stage::ProvisionallyApplied | Stage::Resumed | Stage::Extended, _) => Status::InForce,
                (Stage::Suspended, _) => Status::Suspended,
                (_, current) => current,
            };
        }
        if let Some(end) = self.end_date
            && day > end.last_day_number()
            && !steps.iter().any(|m| m.stage.ends())
        {
            status = Status::Ended;
        }
        Some(status)
    }

    /// The event's status as a whole on `day`: in force while it is in force for any party, and
    /// otherwise the furthest any party has got (`None` for kinds without a lifecycle).
    ///
    /// A membership is about the members its milestones name (Uzbekistan's in the CSTO, say), not
    /// the organisation or the members already in it: when its milestones name parties, only
    /// theirs count.
    pub fn status_on(&self, day: i64) -> Option<Status> {
        let named: Vec<ActorId> = self.milestones.iter().filter_map(|m| m.party).collect();
        let members_only = self.kind == Kind::Membership && !named.is_empty();
        let counted = |p: &&ActorId| !members_only || named.contains(p);
        let statuses: Vec<Status> =
            self.parties.iter().filter(counted).filter_map(|p| self.status_for(*p, day)).collect();
        let first = *statuses.first()?;
        let any = |s: Status| statuses.contains(&s);
        Some(if any(Status::InForce) {
            Status::InForce
        } else if any(Status::Suspended) {
            Status::Suspended
        } else if statuses.iter().all(|s| *s == Status::Ended) {
            Status::Ended
        } else if any(Status::Unknown) {
            Status::Unknown
        } else if any(Status::Signed) {
            Status::Signed
        } else {
            first
        })
    }
}

/// A stretch of an agreement's life with one status, in days since 1970-01-01 (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Phase {
    /// First day.
    pub start_day: i64,
    /// The day after the last.
    pub end_day: i64,
    /// The status throughout.
    pub status: Status,
}

impl Event<'_> {
    /// The event's life for `party` (or as a whole, with `None`) up to `until_day`: the stretches
    /// between its signature, its milestones and its end, each with the status it has. Not-yet and
    /// ended stretches are left out.
    pub fn phases(&self, party: Option<ActorId>, until_day: i64) -> Vec<Phase> {
        let status = |day: i64| match party {
            Some(p) => self.status_for(p, day),
            None => self.status_on(day),
        };
        let mut points: Vec<i64> = std::iter::once(self.start_day())
            .chain(
                self.milestones
                    .iter()
                    .filter(|m| party.is_none() || m.party.is_none() || m.party == party)
                    .map(|m| m.date.first_day_number()),
            )
            .chain(self.end_date.map(|e| e.last_day_number() + 1))
            .filter(|d| *d < until_day)
            .collect();
        points.sort_unstable();
        points.dedup();
        let mut phases: Vec<Phase> = Vec::new();
        for (i, &start_day) in points.iter().enumerate() {
            let end_day = points.get(i + 1).copied().unwrap_or(until_day);
            let Some(status) = status(start_day) else { continue };
            match phases.last_mut() {
                Some(last) if last.status == status && last.end_day == start_day => last.end_day = end_day,
                _ => phases.push(Phase { start_day, end_day, status }),
            }
        }
        phases.retain(|p| !matches!(p.status, Status::NotYet | Status::Ended));
        phases
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i64 {
        PartialDate::parse(text).unwrap().first_day_number()
    }

    fn milestone(stage: Stage, date: &str, party: Option<u32>) -> Milestone {
        Milestone {
            stage,
            date: PartialDate::parse(date).unwrap(),
            party: party.map(ActorId),
            sources: Box::default(),
            note: "".into(),
        }
    }

    fn treaty(kind: Kind, milestones: Vec<Milestone>) -> Event<'static> {
        Event {
            id: "t",
            title: "T",
            short_title: None,
            kind,
            group: None,
            date: PartialDate::parse("1992-05-15").unwrap(),
            end_date: None,
            date_label: None,
            parties: &[ActorId(0), ActorId(1), ActorId(2)],
            location: "",
            summary: "",
            provisions: crate::model::Texts::EMPTY,
            sources: crate::model::Sources::EMPTY,
            related: &[],
            milestones: milestones.leak(),
            lifecycle_note: "",
        }
    }

    #[test]
    fn a_treaty_runs_from_signature_through_force_to_one_partys_exit() {
        // The Tashkent treaty: signed 1992, in force 1994, and party 2 left when it was not renewed in 1999.
        let cst = treaty(
            Kind::Treaty,
            vec![milestone(Stage::InForce, "1994-04-20", None), milestone(Stage::Withdrawn, "1999-04-20", Some(2))],
        );
        assert_eq!(cst.status_for(ActorId(2), day("1992-01-01")), Some(Status::NotYet));
        assert_eq!(cst.status_for(ActorId(2), day("1993-01-01")), Some(Status::Signed));
        assert_eq!(cst.status_for(ActorId(2), day("1998-01-01")), Some(Status::InForce));
        assert_eq!(cst.status_for(ActorId(2), day("2000-01-01")), Some(Status::Ended));
        assert_eq!(cst.status_for(ActorId(0), day("2000-01-01")), Some(Status::InForce));
        assert_eq!(cst.status_on(day("2000-01-01")), Some(Status::InForce), "still in force for the others");
        assert_eq!(cst.status_for(ActorId(9), day("2000-01-01")), None, "not a party");
    }

    #[test]
    fn phases_run_from_signature_to_the_end() {
        let cst = treaty(
            Kind::Treaty,
            vec![milestone(Stage::InForce, "1994-04-20", None), milestone(Stage::Withdrawn, "1999-04-20", Some(2))],
        );
        let phases: Vec<(i64, i64, Status)> = cst
            .phases(Some(ActorId(2)), day("2022-01-01"))
            .iter()
            .map(|p| (p.start_day, p.end_day, p.status))
            .collect();
        assert_eq!(
            phases,
            [
                (day("1992-05-15"), day("1994-04-20"), Status::Signed),
                (day("1994-04-20"), day("1999-04-20"), Status::InForce)
            ]
        );
        let others = cst.phases(Some(ActorId(0)), day("2022-01-01"));
        assert_eq!(others.last().map(|p| (p.end_day, p.status)), Some((day("2022-01-01"), Status::InForce)));
    }

    #[test]
    fn unknown_entry_into_force_is_not_never_in_force() {
        let silent = treaty(Kind::Agreement, Vec::new());
        assert_eq!(silent.status_on(day("2000-01-01")), Some(Status::Unknown));
        // Sources that say it is not in force make it known: signed, from its signature on.
        let stalled = treaty(Kind::Treaty, vec![milestone(Stage::NotInForce, "2010", None)]);
        assert_eq!(stalled.status_on(day("2000-01-01")), Some(Status::Signed));
        assert_eq!(stalled.status_on(day("2015-01-01")), Some(Status::Signed));
        let member = treaty(Kind::Membership, Vec::new());
        assert_eq!(member.status_on(day("2000-01-01")), Some(Status::InForce), "a membership starts on its date");
        assert_eq!(treaty(Kind::Summit, Vec::new()).status_on(day("2000-01-01")), None);
        // A membership whose milestones name the member follows that member, not the others.
        let left = treaty(Kind::Membership, vec![milestone(Stage::Withdrawn, "2005-05", Some(2))]);
        assert_eq!(left.status_on(day("2006-01-01")), Some(Status::Ended));
        assert_eq!(left.status_for(ActorId(0), day("2006-01-01")), Some(Status::InForce));
    }

    #[test]
    fn suspension_and_resumption_and_an_end_for_all() {
        let cfe = treaty(
            Kind::Treaty,
            vec![
                milestone(Stage::InForce, "1992-11", None),
                milestone(Stage::Suspended, "2007-12-12", Some(0)),
                milestone(Stage::Resumed, "2010", Some(0)),
                milestone(Stage::Terminated, "2015", None),
            ],
        );
        assert_eq!(cfe.status_for(ActorId(0), day("2008-01-01")), Some(Status::Suspended));
        assert_eq!(cfe.status_for(ActorId(1), day("2008-01-01")), Some(Status::InForce));
        assert_eq!(cfe.status_for(ActorId(0), day("2011-01-01")), Some(Status::InForce));
        assert_eq!(cfe.status_on(day("2016-01-01")), Some(Status::Ended));
    }
}
