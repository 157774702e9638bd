//! Plain, validated data: events, actors, kinds, partial dates and the dataset that holds them.

mod actor;
mod dataset;
mod date;
mod event;
mod kind;
mod milestone;
mod store;

pub use actor::{Actor, ActorId, ActorType};
pub(crate) use dataset::Sorted;
pub use dataset::{Dataset, Era, Words};
pub use date::{DateError, PartialDate, Precision, date_of_day_number, day_number, month_name};
pub use event::{Event, EventId, NewEvent, NewSource, Related, Relation, Source, SourceRef, Sources, Texts};
pub use kind::{Kind, KindSet};
pub use milestone::{Milestone, Stage, Status, has_lifecycle};
pub(crate) use store::{IdTable, Record, Store, events_in};
