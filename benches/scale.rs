//! Accords at scale, on synthetic data: load, filter changes, and laying out the timeline.
//!
//! `cargo bench --bench scale` uses 100,000 events; `ACCORDS_BENCH_EVENTS=1000000 cargo bench --bench scale`
//! measures a million (its setup takes a while), and a list measures each size in turn:
//! `ACCORDS_BENCH_EVENTS=10000,100000,1000000,3000000` gives the curve.

use std::hint::black_box;

use accords::bench_data::{Spec, bench_sizes, native_json};
use accords::load::{Cache, Progress, from_path, from_path_cached};
use accords::model::{Kind, KindSet};
use accords::query::{ActorMatch, Filter};
use accords::scene::{AllLanes, LaneIndex, LaneMode, Scene, TimeView, View};
use criterion::{Criterion, criterion_group, criterion_main};

fn scale(c: &mut Criterion) {
    for events in bench_sizes() {
        scale_at(c, events);
    }
}

fn scale_at(c: &mut Criterion, events: usize) {
    let text = native_json(Spec { events, actors: 200, seed: 1 });
    let mut group = c.benchmark_group(format!("{events} events"));
    group.sample_size(10);
    let Ok(dir) = tempfile::tempdir() else { return };
    let file = dir.path().join("bench.json");
    if std::fs::write(&file, &text).is_err() {
        return;
    }
    drop(text);
    // The window frees a replaced data set on another thread, so freeing is not part of the wait.
    group.bench_function("load native JSON file", |b| b.iter_with_large_drop(|| from_path(black_box(&file))));
    // Reopening: the entry written by the first open is read (and checked) by every later one.
    let cache = Cache::in_folder(dir.path().join("cache"), 0);
    let open = || from_path_cached(black_box(&file), &Progress::default(), Some(&cache));
    if open().is_err() {
        return;
    }
    group.bench_function("reopen through the cache", |b| b.iter_with_large_drop(open));
    let Ok(loaded) = from_path(&file) else { return };
    let data = loaded.dataset;
    // The same events as a spreadsheet, as Accords writes it.
    let spreadsheet = dir.path().join("bench.csv");
    let everything = Filter::default().apply(&data);
    let Ok(csv) = accords::export::events_csv(&data, &everything) else { return };
    if std::fs::write(&spreadsheet, csv).is_err() {
        return;
    }
    group.bench_function("load native CSV file", |b| b.iter_with_large_drop(|| from_path(black_box(&spreadsheet))));

    let mut kinds = KindSet::all();
    kinds.set(Kind::Treaty, false);
    let one_kind_off = Filter { kinds, ..Filter::default() };
    group.bench_function("filter: untick one kind", |b| b.iter(|| one_kind_off.apply(black_box(&data))));
    let actors = Filter { actors: vec!["A3".into(), "A17".into(), "A120".into()], ..Filter::default() };
    group.bench_function("filter: any of three actors", |b| b.iter(|| actors.apply(black_box(&data))));
    let both = Filter { actors: vec!["A0".into(), "A1".into()], actor_match: ActorMatch::All, ..Filter::default() };
    group.bench_function("filter: all of two busy actors", |b| b.iter(|| both.apply(black_box(&data))));
    let text_search = Filter { text: "number 4242".into(), ..Filter::default() };
    group.bench_function("filter: text search", |b| b.iter(|| text_search.apply(black_box(&data))));

    let shown = Filter::default().apply(&data);
    let (first, last) = data.day_range().unwrap_or((0, 1));
    let view =
        View { time: TimeView::new(first as f64, last as f64, 1300.0), lane_height_px: 30.0, visible_lanes: (0, 20) };
    group.bench_function("lanes: index the shown events (once per filter)", |b| {
        b.iter(|| LaneIndex::new(black_box(&data), &shown, LaneMode::Actor, usize::MAX));
    });
    let all_lanes = AllLanes::new(&data, LaneMode::Actor);
    let kinds_shown = one_kind_off.apply(&data);
    group.bench_function("lanes: from every event's lanes, one kind off (the window, once per filter)", |b| {
        b.iter(|| all_lanes.shown(black_box(&data), &kinds_shown));
    });
    let index = LaneIndex::new(&data, &shown, LaneMode::Actor, usize::MAX);
    group.bench_function("scene: everything, zoomed out", |b| {
        b.iter(|| Scene::layout(black_box(&data), &index, view, None));
    });
    let month = View { time: view.time.with_days(12_000.0, 12_031.0), ..view };
    group.bench_function("scene: everything, one month in view", |b| {
        b.iter(|| Scene::layout(black_box(&data), &index, month, None));
    });
    group.finish();
}

/// The allocator the app uses (see src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_group!(benches, scale);
criterion_main!(benches);
