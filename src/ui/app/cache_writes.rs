//! Cache entries for files just opened. An entry is written on a thread of its own, but only once
//! the window has shown the file's data for a moment: serialising and writing a big data set takes
//! a core for most of a second, and beside the window's first frames it slows the first settled
//! picture (a million events on 2 cores, alternated runs: 1.87–2.27 s with the write started at
//! once, 1.77–1.85 s with it waiting).

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::load::{PendingEntry, Problem};
use crate::model::Dataset;

/// How long the window has the machine to itself after a file's data is shown.
const WAIT: Duration = Duration::from_secs(1);

/// Entries waiting to be written, and the writes under way.
#[derive(Default)]
pub struct CacheWrites {
    /// The entry of the file opened last, the data it is made of, and when (`egui` time) that
    /// data was shown.
    waiting: Option<(PendingEntry, Arc<Dataset>, Vec<Problem>, f64)>,
    /// Writes started; closing the window waits for them, so that none is left half written.
    writing: Vec<JoinHandle<()>>,
}

impl CacheWrites {
    /// Writes `entry` for `data` (shown at `now`) once the window has shown it for a moment. An
    /// entry still waiting from a file opened before starts at once.
    pub fn write_soon(&mut self, ctx: &egui::Context, entry: PendingEntry, data: Arc<Dataset>, warnings: Vec<Problem>) {
        self.start_waiting();
        self.waiting = Some((entry, data, warnings, ctx.input(|i| i.time)));
        ctx.request_repaint_after(WAIT);
    }

    /// Starts the waiting write once its moment has passed; call once a frame.
    pub fn poll(&mut self, ctx: &egui::Context) {
        let Some((_, _, _, shown_at)) = &self.waiting else { return };
        let waited = ctx.input(|i| i.time) - shown_at;
        if waited >= WAIT.as_secs_f64() {
            self.start_waiting();
        } else {
            ctx.request_repaint_after(WAIT.saturating_sub(Duration::from_secs_f64(waited.max(0.0))));
        }
    }

    /// Writes what is still waiting and waits for every write: the window is closing.
    pub fn finish(&mut self) {
        self.start_waiting();
        for writing in self.writing.drain(..) {
            // A write that failed was logged; one that panicked has nothing left to finish.
            let _ = writing.join();
        }
    }

    fn start_waiting(&mut self) {
        let Some((entry, data, warnings, _)) = self.waiting.take() else { return };
        self.writing.retain(|writing| !writing.is_finished());
        self.writing.push(std::thread::spawn(move || entry.write(&data, &warnings)));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::load::{Cache, Progress, from_path_caching_later};

    /// One frame of `ctx` at `time` seconds.
    fn frame_at(ctx: &egui::Context, writes: &mut CacheWrites, time: f64) {
        let input = egui::RawInput { time: Some(time), ..Default::default() };
        let mut output = ctx.run_ui(input, |ui| writes.poll(ui.ctx()));
        output.textures_delta.clear();
    }

    #[test]
    fn an_entry_is_written_a_moment_after_its_data_is_shown_or_when_the_window_closes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("events.json");
        std::fs::write(&file, crate::load::DEFAULT_DATA).unwrap();
        let cache = Cache::in_folder(dir.path().join("cache"), 0);
        let entries = || std::fs::read_dir(dir.path().join("cache")).map_or(0, Iterator::count);
        let ctx = egui::Context::default();
        for close_early in [false, true] {
            let _ = std::fs::remove_dir_all(dir.path().join("cache"));
            let (loaded, entry) = from_path_caching_later(&file, &Progress::default(), Some(&cache)).unwrap();
            let mut writes = CacheWrites::default();
            frame_at(&ctx, &mut writes, 10.0);
            writes.write_soon(&ctx, entry.unwrap(), Arc::new(loaded.dataset), loaded.warnings);
            frame_at(&ctx, &mut writes, 10.5);
            assert!(writes.waiting.is_some() && writes.writing.is_empty(), "not yet, half a second on");
            if !close_early {
                frame_at(&ctx, &mut writes, 11.1);
                assert!(writes.waiting.is_none() && writes.writing.len() == 1, "started after a second");
            }
            writes.finish();
            assert_eq!(entries(), 1, "closing the window (early: {close_early}) leaves the entry written");
        }
    }
}
