//! The types of diplomatic event Accords knows.

use std::fmt;

/// The type of a diplomatic event, as the fact sheet classifies them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub enum Kind {
    /// A binding agreement between states, usually ratified.
    Treaty,
    /// A signed declaration of principles or intent.
    Declaration,
    /// A statement issued together by leaders or ministers.
    JointStatement,
    /// An agreement to stop fighting.
    Ceasefire,
    /// An intergovernmental agreement or one of its milestones (pipelines, railways).
    Agreement,
    /// Joining or founding an organisation, or admission to one.
    Membership,
    /// Leaving, termination, expiry, suspension or expulsion.
    Withdrawal,
    /// Recognition of a state or entity.
    Recognition,
    /// Annexation of territory.
    Annexation,
    /// A war, armed clashes or unrest.
    Conflict,
    /// A meeting of leaders and what it adopted.
    Summit,
    /// A partnership framework short of membership (action plans, councils).
    PartnershipFramework,
    /// Restrictive measures against a state, people or firms.
    Sanctions,
    /// Anything else: a type Accords does not know, or an event from a file without types.
    Other,
}

impl Kind {
    /// Every kind, in the order the legend lists them.
    pub const ALL: [Kind; 14] = [
        Kind::Treaty,
        Kind::Declaration,
        Kind::JointStatement,
        Kind::Ceasefire,
        Kind::Agreement,
        Kind::Membership,
        Kind::Withdrawal,
        Kind::Recognition,
        Kind::Annexation,
        Kind::Conflict,
        Kind::Summit,
        Kind::PartnershipFramework,
        Kind::Sanctions,
        Kind::Other,
    ];

    /// The code used in files and on the command line, e.g. `joint-statement`.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Treaty => "treaty",
            Kind::Declaration => "declaration",
            Kind::JointStatement => "joint-statement",
            Kind::Ceasefire => "ceasefire",
            Kind::Agreement => "agreement",
            Kind::Membership => "membership",
            Kind::Withdrawal => "withdrawal",
            Kind::Recognition => "recognition",
            Kind::Annexation => "annexation",
            Kind::Conflict => "conflict",
            Kind::Summit => "summit",
            Kind::PartnershipFramework => "partnership-framework",
            Kind::Sanctions => "sanctions",
            Kind::Other => "other",
        }
    }

    /// A human label, e.g. "Joint statement".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Treaty => "Treaty",
            Kind::Declaration => "Declaration",
            Kind::JointStatement => "Joint statement",
            Kind::Ceasefire => "Ceasefire",
            Kind::Agreement => "Agreement",
            Kind::Membership => "Membership",
            Kind::Withdrawal => "Withdrawal",
            Kind::Recognition => "Recognition",
            Kind::Annexation => "Annexation",
            Kind::Conflict => "Conflict",
            Kind::Summit => "Summit",
            Kind::PartnershipFramework => "Partnership framework",
            Kind::Sanctions => "Sanctions",
            Kind::Other => "Other",
        }
    }

    /// One line on what the kind covers, for tooltips and the legend.
    pub fn description(self) -> &'static str {
        match self {
            Kind::Treaty => "A binding agreement between states, usually ratified by parliaments.",
            Kind::Declaration => "A signed statement of principles, partnership or intent.",
            Kind::JointStatement => "A statement issued together by heads of state or ministers.",
            Kind::Ceasefire => "An agreement or statement to stop hostilities.",
            Kind::Agreement => "An intergovernmental agreement, or a milestone that carries one out.",
            Kind::Membership => "Founding, joining or admission to an organisation.",
            Kind::Withdrawal => "Leaving an organisation, or ending, suspending or letting a treaty expire.",
            Kind::Recognition => "Recognition of a state or an entity as independent.",
            Kind::Annexation => "Incorporation of another state's territory.",
            Kind::Conflict => "A war, armed clashes, or large-scale unrest.",
            Kind::Summit => "A meeting of leaders or ministers and what it adopted.",
            Kind::PartnershipFramework => "A framework of cooperation short of membership.",
            Kind::Sanctions => "Restrictive measures such as asset freezes and trade bans.",
            Kind::Other => "An event of a type Accords does not know, or from a file without types.",
        }
    }

    /// The kind with this code, if any.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Position in [`Kind::ALL`], for bit sets and palettes.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A set of kinds, as a bit mask; the default holds every kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct KindSet(u16);

impl Default for KindSet {
    fn default() -> Self {
        Self::all()
    }
}

impl KindSet {
    /// Every kind.
    pub fn all() -> Self {
        Self((1 << Kind::ALL.len()) - 1)
    }

    /// No kind.
    pub fn none() -> Self {
        Self(0)
    }

    /// Whether `kind` is in the set.
    pub fn contains(self, kind: Kind) -> bool {
        self.0 & (1 << kind.index()) != 0
    }

    /// Adds or removes `kind`.
    pub fn set(&mut self, kind: Kind, present: bool) {
        if present {
            self.0 |= 1 << kind.index();
        } else {
            self.0 &= !(1 << kind.index());
        }
    }

    /// Whether every kind is in the set.
    pub fn is_all(self) -> bool {
        self == Self::all()
    }

    /// The kinds in the set, in legend order.
    pub fn iter(self) -> impl Iterator<Item = Kind> {
        Kind::ALL.into_iter().filter(move |k| self.contains(*k))
    }
}

impl FromIterator<Kind> for KindSet {
    fn from_iter<I: IntoIterator<Item = Kind>>(iter: I) -> Self {
        let mut set = Self::none();
        for kind in iter {
            set.set(kind, true);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
            assert!(!kind.description().is_empty());
        }
        assert_eq!(Kind::from_code("alliance"), None);
    }

    #[test]
    fn kind_set_adds_and_removes() {
        let mut set = KindSet::all();
        set.set(Kind::Conflict, false);
        assert!(!set.contains(Kind::Conflict) && set.contains(Kind::Treaty));
        assert_eq!(set.iter().count(), Kind::ALL.len() - 1);
        let only: KindSet = [Kind::Ceasefire].into_iter().collect();
        assert_eq!(only.iter().collect::<Vec<_>>(), vec![Kind::Ceasefire]);
    }
}
