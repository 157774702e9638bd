//! Countries and organisations that take part in events.

use serde::{Deserialize, Serialize};

/// Whether an actor is a state or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub enum ActorType {
    /// A state, coded by ISO 3166 alpha-3.
    State,
    /// An international organisation (NATO, CSTO, EU …).
    Organisation,
}

/// A party to events: a state or an organisation.
#[derive(Debug, Clone, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Actor {
    /// Short code: ISO 3166 alpha-3 for states, an acronym for organisations.
    pub code: String,
    /// Display name, e.g. "Azerbaijan".
    pub name: String,
    /// State or organisation.
    pub actor_type: ActorType,
}

/// Index of an actor in its [`crate::model::Dataset`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub struct ActorId(pub u32);

impl ActorId {
    /// The index as a `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}
