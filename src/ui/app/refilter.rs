//! A big data set is filtered off the UI thread: the filter's pass and the lanes of its events take
//! tens of milliseconds at a million events, too long for one frame. The window keeps drawing the
//! last picture, says it is updating, and takes the new one when it is ready; a filter changed again
//! meanwhile supersedes the work under way, which stops at its next step.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};

use crate::model::{Dataset, EventId};
use crate::query::Filter;
use crate::scene::{AllLanes, LaneArrangement, LaneIndex};

/// Data sets with at least this many events are filtered in the background; smaller ones take a
/// few milliseconds, and are filtered at once.
pub const BACKGROUND_FROM_EVENTS: usize = 50_000;

/// A filter's outcome, made on a worker thread.
pub struct Filtered {
    /// The filter it is for.
    pub filter: Filter,
    /// The events it lets through, in date order.
    pub shown: Vec<EventId>,
    /// The days that fit them.
    pub shown_days: (f64, f64),
    /// Their lanes, in the lane mode and arrangement asked for.
    pub index: LaneIndex,
}

/// The filter being worked on, if any.
#[derive(Default)]
pub struct Refilter {
    job: Option<(Filter, mpsc::Receiver<Filtered>)>,
    /// Counts the jobs started; a job that is no longer the latest stops.
    latest: Arc<AtomicU64>,
}

impl Refilter {
    /// Starts working out `filter` and its lanes from `all`, unless that is under way already;
    /// `ctx` is asked to repaint when it is done.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        data: &Arc<Dataset>,
        all: &Arc<AllLanes>,
        filter: &Filter,
        arrangement: &LaneArrangement,
    ) {
        if self.job.as_ref().is_some_and(|(working_on, _)| working_on == filter) {
            return;
        }
        let job = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        let latest = Arc::clone(&self.latest);
        let current = move || latest.load(Ordering::SeqCst) == job;
        let (sender, receiver) = mpsc::channel();
        self.job = Some((filter.clone(), receiver));
        let (data, all, ctx) = (Arc::clone(data), Arc::clone(all), ctx.clone());
        let (filter, arrangement) = (filter.clone(), arrangement.clone());
        std::thread::spawn(move || {
            let shown = filter.apply(&data);
            if !current() {
                return;
            }
            let shown_days = crate::scene::fit_days(&data, &shown);
            let index = all.shown(&data, &shown).arranged(&data, &arrangement, usize::MAX);
            if current() {
                // The window may have closed meanwhile; then nobody waits for this.
                let _ = sender.send(Filtered { filter, shown, shown_days, index });
                ctx.request_repaint();
            }
        });
    }

    /// The outcome of the work under way, once it is done.
    pub fn poll(&mut self) -> Option<Filtered> {
        let (_, receiver) = self.job.as_ref()?;
        match receiver.try_recv() {
            Ok(done) => {
                self.job = None;
                Some(done)
            }
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.job = None;
                None
            }
        }
    }

    /// Drops the work under way: the filter was worked out otherwise.
    pub fn cancel(&mut self) {
        if self.job.take().is_some() {
            self.latest.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Whether a filter is being worked out.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }
}
