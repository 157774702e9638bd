//! What the window tests share: the built-in data and a window of it, 1500×900, after its first frames.

#![allow(clippy::unwrap_used, dead_code)]

use accords::load::default_dataset;
use accords::model::Dataset;
use accords::ui::{AccordsApp, AppState};
use egui_kittest::Harness;

/// The built-in data set.
pub fn data() -> Dataset {
    default_dataset().unwrap().dataset
}

/// A window of the built-in data starting from `state`.
pub fn harness_with(state: AppState) -> Harness<'static, AccordsApp> {
    let mut harness =
        Harness::builder().with_size([1500.0, 900.0]).build_eframe(move |cc| AccordsApp::new(cc, data(), state));
    harness.run_ok();
    harness
}

/// A window of the built-in data as Accords first opens.
pub fn harness() -> Harness<'static, AccordsApp> {
    harness_with(AppState::default())
}
