//! Opening files in the window: File → Open, drag and drop, Reload and recent files. Files load on
//! a worker thread; until one has loaded, the data on show stays as it was.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use super::app::AccordsApp;
use crate::load::{self, LoadError, Loaded, Problem, Progress};

/// A load under way on the worker thread.
struct Loading {
    path: PathBuf,
    started: Instant,
    progress: Arc<Progress>,
    result: Receiver<Result<Loaded, LoadError>>,
}

/// The most recent files remembered.
const MAX_RECENT: usize = 8;

/// A file being loaded, and what came of the last load.
#[derive(Default)]
pub(super) struct Opening {
    /// The file, when it started, and where its result will arrive.
    loading: Option<Loading>,
    /// The file the data on show came from (`None` for the built-in data).
    pub current: Option<PathBuf>,
    /// Problems of the last load: errors (nothing loaded) or warnings (loaded anyway).
    pub report: Option<Report>,
}

/// What the problems window shows.
pub(super) struct Report {
    pub headline: String,
    pub failed: bool,
    pub lines: Vec<String>,
}

impl AccordsApp {
    /// Whether a file is loading.
    pub(super) fn is_loading(&self) -> bool {
        self.opening.loading.is_some()
    }

    /// Starts loading `path` on a worker thread.
    pub(super) fn open(&mut self, ctx: &egui::Context, path: PathBuf) {
        let (done, result) = channel();
        let waiting = ctx.clone();
        let file = path.clone();
        let progress = Arc::new(Progress::default());
        let shared = Arc::clone(&progress);
        std::thread::spawn(move || {
            // The window may have been closed or the load cancelled meanwhile; then nobody listens.
            let _ = done.send(load::from_path_reporting(&file, &shared));
            waiting.request_repaint();
        });
        self.opening.loading = Some(Loading { path, started: Instant::now(), progress, result });
    }

    /// Shows the loaded data, or the problems, once the worker is done.
    pub(super) fn poll_open(&mut self, ctx: &egui::Context) {
        let Some(Loading { path, result, .. }) = &self.opening.loading else { return };
        let outcome = match result.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err(LoadError::Io {
                path: path.clone(),
                error: std::io::Error::other("the loader stopped unexpectedly"),
            }),
        };
        let path = path.clone();
        self.opening.loading = None;
        match outcome {
            Ok(Loaded { dataset, warnings }) => {
                self.opening.report = (!warnings.is_empty()).then(|| Report {
                    headline: format!("{} loaded with {} warning(s)", path.display(), warnings.len()),
                    failed: false,
                    lines: warnings.iter().map(|w| format!("{}:{w}", path.display())).collect(),
                });
                self.replace_data(ctx, dataset, Some(path.clone()));
                remember(&mut self.state.recent, path);
            }
            Err(error) => {
                let lines = match &error {
                    LoadError::Invalid { problems, more, .. } => problem_lines(&path, problems, *more),
                    other => vec![other.to_string()],
                };
                self.restore = None;
                if self.opening.current.is_none() && self.data.events().is_empty() {
                    // The window started with this file, and has nothing else to name.
                    "Accords".clone_into(&mut self.title);
                    ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.title.clone()));
                }
                let headline = format!("{} was not opened; the data on show is unchanged", path.display());
                self.opening.report = Some(Report { headline, failed: true, lines });
            }
        }
    }

    /// The File menu: Open, Reload, recent files, and the built-in data.
    pub(super) fn file_menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("File", |ui| {
            if ui.button("Open…").on_hover_text("Native JSON or CSV, TimelineJS JSON or CSV").clicked() {
                if super::files::file_dialog_available() {
                    let chosen = rfd::FileDialog::new().add_filter("Event files", &["json", "csv"]).pick_file();
                    if let Some(path) = chosen {
                        self.open(ui.ctx(), path);
                    }
                } else {
                    let message =
                        "No file dialog on this desktop: drop a file on the window, or start with --data FILE";
                    self.status = Some((message.to_owned(), true));
                }
                ui.close();
            }
            let current = self.opening.current.clone();
            if ui.add_enabled(current.is_some(), egui::Button::new("Reload")).clicked() {
                if let Some(path) = current {
                    self.open(ui.ctx(), path);
                }
                ui.close();
            }
            if ui.button("Built-in data").clicked() {
                if let Ok(Loaded { dataset, .. }) = load::default_dataset() {
                    self.replace_data(ui.ctx(), dataset, None);
                }
                ui.close();
            }
            ui.separator();
            ui.weak("Recent files");
            for path in self.state.recent.clone() {
                let name =
                    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                if ui.button(name).on_hover_text(path.display().to_string()).clicked() {
                    self.open(ui.ctx(), path);
                    ui.close();
                }
            }
        });
    }

    /// "Loading …" with a Cancel button, and the problems of the last load.
    pub(super) fn open_status_ui(&mut self, ctx: &egui::Context) {
        if let Some(Loading { path, started, progress, .. }) = &self.opening.loading {
            let (read, total) = (progress.read.load(Ordering::Relaxed), progress.total.load(Ordering::Relaxed));
            let stage = if read < total {
                format!("reading {:.0}% of {:.1} MB", read as f64 * 100.0 / total as f64, total as f64 / 1e6)
            } else {
                "checking and indexing the events".to_owned()
            };
            let text = format!("Loading {}: {stage} … {:.0} s", path.display(), started.elapsed().as_secs_f32());
            let mut cancel = false;
            let window = egui::Window::new("Opening").collapsible(false).resizable(false);
            window.anchor(egui::Align2::CENTER_TOP, [0.0, 80.0]).show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(text);
                });
                cancel = ui.button("Cancel").clicked();
            });
            if cancel {
                // Reading stops at the next chunk (a clean native file is checked as it is read); the last
                // stage, once begun, finishes and its result is dropped.
                progress.cancelled.store(true, Ordering::Relaxed);
                self.opening.loading = None;
            }
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        let mut open = self.opening.report.is_some();
        if let Some(report) = &self.opening.report {
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
        if !open {
            self.opening.report = None;
        }
    }

    /// Opens the first file dropped on the window.
    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx
            .input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).find(|p| !p.as_os_str().is_empty()));
        if let Some(path) = dropped {
            self.open(ctx, path);
        }
    }
}

fn problem_lines(path: &Path, problems: &[Problem], more: usize) -> Vec<String> {
    let mut lines: Vec<String> = problems.iter().map(|p| format!("{}:{p}", path.display())).collect();
    if more > 0 {
        lines.push(format!("… and {more} more"));
    }
    lines
}

/// Puts `path` first in the recent list, without duplicates.
fn remember(recent: &mut Vec<PathBuf>, path: PathBuf) {
    recent.retain(|p| p != &path);
    recent.insert(0, path);
    recent.truncate(MAX_RECENT);
}
