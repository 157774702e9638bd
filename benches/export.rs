//! How long a report figure of the default data takes: SVG, and PNG at 1920×1080.

use std::hint::black_box;

use accords::export::{Figure, FigureRange, FigureSize, FigureTheme, render_png, render_svg};
use accords::load::default_dataset;
use accords::query::Filter;
use accords::scene::LaneMode;
use criterion::{Criterion, criterion_group, criterion_main};

fn export(c: &mut Criterion) {
    let Ok(loaded) = default_dataset() else { return };
    let data = loaded.dataset;
    let filter = Filter::default();
    let shown = filter.apply(&data);
    let figure = Figure {
        title: "Diplomatic events 1997–2022".into(),
        size: FigureSize::SLIDE,
        theme: FigureTheme::Light,
        range: FigureRange::All,
        lanes: LaneMode::Actor,
        arrangement: accords::scene::LaneArrangement::default(),
        focus: None,
        highlight: Vec::new(),
    };
    c.bench_function("default data to SVG", |b| b.iter(|| render_svg(black_box(&data), &shown, &filter, &figure)));
    let mut group = c.benchmark_group("png");
    group.sample_size(20);
    group.bench_function("default data to PNG 1920x1080", |b| {
        b.iter(|| render_png(black_box(&data), &shown, &filter, &figure));
    });
    group.finish();
}

/// The allocator the app uses (see src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_group!(benches, export);
criterion_main!(benches);
