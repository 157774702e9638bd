//! Pictures of the main views, rendered through wgpu on a software adapter (lavapipe/llvmpipe).

#![allow(clippy::unwrap_used, clippy::expect_used)]
//!
//! Where no adapter exists the tests say so and pass, so `cargo test` works on any machine;
//! CI sets `ACCORDS_REQUIRE_SNAPSHOTS=1`, which turns a missing adapter into a failure.

use std::panic::{AssertUnwindSafe, catch_unwind};

use accords::load::default_dataset;
use accords::query::{ActorMatch, Filter};
use accords::ui::{AccordsApp, AppState, Theme};
use egui_kittest::Harness;
use egui_kittest::wgpu::WgpuTestRenderer;

/// Whether snapshots can be rendered here; panics when CI requires them and they cannot.
fn renderer_available(test: &str) -> bool {
    let available = catch_unwind(AssertUnwindSafe(WgpuTestRenderer::new)).is_ok();
    if !available {
        assert!(
            std::env::var_os("ACCORDS_REQUIRE_SNAPSHOTS").is_none(),
            "{test}: no wgpu adapter, but ACCORDS_REQUIRE_SNAPSHOTS is set (install mesa-vulkan-drivers)"
        );
        eprintln!("{test}: skipped: no wgpu adapter here (install mesa-vulkan-drivers to render snapshots)");
    }
    available
}

fn snapshot(name: &str, state: AppState) {
    if !renderer_available(name) {
        return;
    }
    let data = default_dataset().unwrap().dataset;
    let mut harness =
        Harness::builder().with_size([1500.0, 900.0]).wgpu().build_eframe(move |cc| AccordsApp::new(cc, data, state));
    harness.run_ok();
    harness.snapshot(name);
}

#[test]
fn default_view() {
    snapshot("main_default", AppState::default());
}

#[test]
fn filtered_view() {
    let filter = Filter { actors: vec!["AZE".into(), "RUS".into()], actor_match: ActorMatch::All, ..Filter::default() };
    snapshot("main_filtered_aze_rus", AppState { filter, ..AppState::default() });
}

#[test]
fn dark_theme() {
    snapshot("main_dark", AppState { theme: Theme::Dark, ..AppState::default() });
}
