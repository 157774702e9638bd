//! Loading files for the window: on a worker thread, with progress; until a file has loaded, the
//! data on show stays as it was. Also the windows that tell of a load: progress and problems.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use super::command::Command;
use crate::load::{self, LoadError, Loaded, Problem, Progress};

/// What came of loading a file: the data and the cache entry it still needs, or why it failed.
pub type Outcome = Result<load::Opened, LoadError>;

/// A load under way on the worker thread.
struct Loading {
    path: PathBuf,
    started: Instant,
    progress: Arc<Progress>,
    result: Receiver<Outcome>,
}

/// The most recent files remembered.
const MAX_RECENT: usize = 8;

/// A file being loaded, and what came of the last load.
#[derive(Default)]
pub struct Opening {
    /// The file, when it started, and where its result will arrive.
    loading: Option<Loading>,
    /// The file the data on show came from (`None` for the built-in data).
    pub current: Option<PathBuf>,
    /// Problems of the last load: errors (nothing loaded) or warnings (loaded anyway).
    pub report: Option<Report>,
}

/// What the problems window shows.
pub struct Report {
    pub headline: String,
    pub failed: bool,
    pub lines: Vec<String>,
}

impl Opening {
    /// Whether a file is loading.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Starts loading `path` on a worker thread.
    pub fn start(&mut self, ctx: &egui::Context, path: PathBuf) {
        let (done, result) = channel();
        let waiting = ctx.clone();
        let file = path.clone();
        let progress = Arc::new(Progress::default());
        let shared = Arc::clone(&progress);
        std::thread::spawn(move || {
            // The cache entry of a file that had none is written once the data is on show.
            let loaded = load::from_path_caching_later(&file, &shared, load::Cache::user().as_ref());
            if let Ok((loaded, _)) = &loaded {
                // Here rather than at the first link followed, in a frame.
                loaded.dataset.build_id_lookup();
            }
            // The window may have been closed or the load cancelled meanwhile; then nobody listens.
            let _ = done.send(loaded);
            waiting.request_repaint();
        });
        self.loading = Some(Loading { path, started: Instant::now(), progress, result });
    }

    /// Stops the load under way. Reading stops at the next chunk (a clean native file is checked as
    /// it is read); the last stage, once begun, finishes and its result is dropped.
    pub fn cancel(&mut self) {
        if let Some(loading) = self.loading.take() {
            loading.progress.cancelled.store(true, Ordering::Relaxed);
        }
    }

    /// The file and what came of loading it, once the worker is done, with the cache entry it
    /// still needs. Warnings and errors are kept for the problems window.
    pub fn poll(&mut self) -> Option<(PathBuf, Outcome)> {
        let Loading { path, result, .. } = self.loading.as_ref()?;
        let outcome = match result.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(LoadError::Io {
                path: path.clone(),
                error: std::io::Error::other("the loader stopped unexpectedly"),
            }),
        };
        let path = path.clone();
        self.loading = None;
        self.report = match &outcome {
            Ok((Loaded { warnings, .. }, _)) => (!warnings.is_empty()).then(|| Report {
                headline: format!("{} loaded with {} warning(s)", path.display(), warnings.len()),
                failed: false,
                lines: warnings.iter().map(|w| w.in_file(&path)).collect(),
            }),
            Err(error) => {
                let lines = match error {
                    LoadError::Invalid { problems, more, .. } => problem_lines(&path, problems, *more),
                    other => vec![other.to_string()],
                };
                let headline = format!("{} was not opened; the data on show is unchanged", path.display());
                Some(Report { headline, failed: true, lines })
            }
        };
        Some((path, outcome))
    }
}

/// "Loading …" with a Cancel button, and the problems of the last load.
pub fn status_ui(ctx: &egui::Context, opening: &Opening, out: &mut Vec<Command>) {
    if let Some(Loading { path, started, progress, .. }) = &opening.loading {
        let (read, total) = (progress.read.load(Ordering::Relaxed), progress.total.load(Ordering::Relaxed));
        let stage = if total == 0 {
            format!("{:.1} MB read", read as f64 / 1e6)
        } else if read < total {
            format!("reading {:.1} MB", total as f64 / 1e6)
        } else {
            "checking and indexing the events".to_owned()
        };
        let name = if path == Path::new("-") { load::STDIN_NAME.to_owned() } else { path.display().to_string() };
        let text = format!("Loading {name}: {stage} … {:.0} s", started.elapsed().as_secs_f32());
        let window = egui::Window::new("Opening").collapsible(false).resizable(false);
        // A bar, not a spinner: a spinner asks for a new frame at every frame, and where the window
        // is drawn in software (no GPU) those frames take the cores the load needs. The bar moves
        // with the bytes read, once a second; a pipe, whose size is unknown, has none.
        window.anchor(egui::Align2::CENTER_TOP, [0.0, 80.0]).show(ctx, |ui| {
            ui.label(text);
            if total > 0 {
                let fraction = (read as f64 / total as f64).min(1.0) as f32;
                ui.add(egui::ProgressBar::new(fraction).desired_width(420.0).show_percentage());
            }
            if ui.button("Cancel").clicked() {
                out.push(Command::CancelLoading);
            }
        });
        ctx.request_repaint_after(std::time::Duration::from_secs(1));
    }
    let mut open = opening.report.is_some();
    if let Some(report) = &opening.report {
        egui::Window::new("Problems in the file").open(&mut open).default_width(640.0).show(ctx, |ui| {
            let color = if report.failed { ui.visuals().error_fg_color } else { ui.visuals().warn_fg_color };
            ui.colored_label(color, &report.headline);
            egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                for line in &report.lines {
                    ui.label(egui::RichText::new(line).monospace().size(11.0));
                }
            });
        });
    }
    if !open && opening.report.is_some() {
        out.push(Command::DismissReport);
    }
}

/// The first file dropped on the window this frame.
pub fn dropped_file(ctx: &egui::Context) -> Option<PathBuf> {
    ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).find(|p| !p.as_os_str().is_empty()))
}

fn problem_lines(path: &Path, problems: &[Problem], more: usize) -> Vec<String> {
    let mut lines: Vec<String> = problems.iter().map(|p| format!("{}:{p}", path.display())).collect();
    if more > 0 {
        lines.push(format!("… and {more} more"));
    }
    lines
}

/// Puts `path` first in the recent list, without duplicates.
pub fn remember(recent: &mut Vec<PathBuf>, path: PathBuf) {
    recent.retain(|p| p != &path);
    recent.insert(0, path);
    recent.truncate(MAX_RECENT);
}
