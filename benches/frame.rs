//! One frame of the real window, CPU side: egui runs the whole UI (panels, table, timeline, overview)
//! at 1600×900 and tessellates what it drew; no GPU is involved.
//!
//! `cargo bench --bench frame` measures the default data and 100,000 synthetic events;
//! `ACCORDS_BENCH_EVENTS=1000000 cargo bench --bench frame` measures a million (its setup takes a while),
//! and a list each size in turn (`scripts/frame-curve.sh` draws the curve from them).

use std::hint::black_box;

use accords::bench_data::{Spec, bench_sizes, native_json};
use accords::load::{default_dataset, from_path};
use accords::model::{Dataset, Kind};
use accords::ui::{AccordsApp, AppState, Command};
use criterion::{Criterion, criterion_group, criterion_main};
use eframe::App as _;
use egui::{Event, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, TouchPhase, vec2};

/// A window with the app in it, as eframe would drive it.
struct Window {
    ctx: egui::Context,
    app: AccordsApp,
    frame: eframe::Frame,
}

impl Window {
    fn new(data: Dataset, state: AppState) -> Self {
        let ctx = egui::Context::default();
        let app = AccordsApp::new(&eframe::CreationContext::_new_kittest(ctx.clone()), data, state);
        let mut window = Self { ctx, app, frame: eframe::Frame::_new_kittest() };
        // The first frames fit the view and lay out the scene; later ones reuse it.
        for _ in 0..5 {
            window.frame(Vec::new());
        }
        window
    }

    /// Runs the UI once with these input events and tessellates its shapes.
    fn frame(&mut self, events: Vec<Event>) -> usize {
        let input = RawInput {
            screen_rect: Some(egui::Rect::from_min_size(Pos2::ZERO, vec2(1600.0, 900.0))),
            events,
            ..RawInput::default()
        };
        let output = self.ctx.run_ui(input, |ui| self.app.ui(ui, &mut self.frame));
        self.ctx.tessellate(output.shapes, output.pixels_per_point).len()
    }

    /// Ticks treaties in the filters if they are unticked, else unticks them.
    fn toggle_treaties(&mut self) {
        let mut filter = self.app.filter().clone();
        filter.kinds.set(Kind::Treaty, !filter.kinds.contains(Kind::Treaty));
        self.app.run(Command::SetFilter(filter));
    }
}

/// The mouse over the timeline, turning the wheel one notch in (`+1`) or out (`-1`).
fn wheel(notch: f32) -> Vec<Event> {
    vec![
        Event::PointerMoved(egui::pos2(700.0, 250.0)),
        Event::MouseWheel {
            unit: MouseWheelUnit::Line,
            delta: vec2(0.0, notch),
            phase: TouchPhase::Move,
            source: MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        },
    ]
}

fn bench_window(c: &mut Criterion, name: &str, data: &Dataset, month: Option<(f64, f64)>) {
    let mut group = c.benchmark_group(format!("frame: {name}"));
    group.sample_size(20);
    let mut window = Window::new(data.clone(), AppState::default());
    group.bench_function("zoomed out, nothing moves", |b| b.iter(|| black_box(window.frame(Vec::new()))));
    let mut notch = 1.0;
    group.bench_function("zoomed out, a wheel step each frame", |b| {
        b.iter(|| {
            notch = -notch;
            black_box(window.frame(wheel(notch)))
        });
    });
    group.bench_function("zoomed out, a kind ticked or unticked each frame", |b| {
        b.iter(|| {
            window.toggle_treaties();
            black_box(window.frame(Vec::new()))
        });
    });
    // A big data set is filtered off the UI thread: the frames above draw the last picture; this
    // is the wait, frame after frame, until the new one is drawn.
    group.bench_function("zoomed out, a kind ticked or unticked, until its picture is drawn", |b| {
        b.iter(|| {
            window.toggle_treaties();
            let mut shapes = window.frame(Vec::new());
            while window.app.is_filtering() {
                std::thread::sleep(std::time::Duration::from_micros(200));
                shapes = window.frame(Vec::new());
            }
            black_box(shapes)
        });
    });
    if let Some(days) = month {
        let mut window = Window::new(data.clone(), AppState { visible_days: Some(days), ..AppState::default() });
        group.bench_function("one month in view, nothing moves", |b| b.iter(|| black_box(window.frame(Vec::new()))));
    }
    group.finish();
}

fn frame(c: &mut Criterion) {
    let Ok(default) = default_dataset() else { return };
    bench_window(c, "default data", &default.dataset, None);
    for events in bench_sizes() {
        let Ok(file) = tempfile::NamedTempFile::new() else { return };
        if std::fs::write(file.path(), native_json(Spec { events, actors: 200, seed: 1 })).is_err() {
            return;
        }
        let Ok(loaded) = from_path(file.path()) else { return };
        bench_window(c, &format!("{events} events"), &loaded.dataset, Some((12_000.0, 12_031.0)));
    }
}

/// The allocator the app uses (see src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_group!(benches, frame);
criterion_main!(benches);
