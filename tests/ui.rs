//! What a person does in the window, driven through the accessibility tree with `egui_kittest`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use accords::model::{EventId, Kind};
use accords::query::Filter;
use accords::ui::{AccordsApp, AppState, Theme};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;

use common::{data, harness, harness_with};

fn count_label(shown: usize, total: usize) -> String {
    format!("{shown} of {total} events shown")
}

#[test]
fn unticking_a_kind_drops_the_table_and_the_count() {
    let mut harness = harness();
    let data = data();
    let total = data.len();
    let conflicts = data.events().filter(|e| e.kind == Kind::Conflict).count();
    harness.get_by_label(&count_label(total, total));
    harness.get_by_label(&format!("Conflict ({conflicts})")).click();
    harness.run_ok();
    assert_eq!(harness.state().shown().len(), total - conflicts);
    harness.get_by_label(&count_label(total - conflicts, total));
    let app = harness.state();
    assert!(app.shown().iter().all(|id| app.data().event(*id).kind != Kind::Conflict));
}

#[test]
fn two_actors_with_all_of_leave_only_their_joint_events() {
    let mut harness = harness();
    let data = data();
    for code in ["RUS", "TUR"] {
        let actor = data.actor_by_code(code).unwrap();
        let name = &data.actor(actor).name;
        harness.get_by_label(&format!("{name} ({})", data.events_of(actor).len())).click();
        harness.run_ok();
    }
    harness.get_by_label("all of").click();
    harness.run_ok();
    let app = harness.state();
    let (rus, tur) = (data.actor_by_code("RUS").unwrap(), data.actor_by_code("TUR").unwrap());
    let joint: Vec<EventId> = (0..data.len() as u32)
        .map(EventId)
        .filter(|id| data.event(*id).parties.contains(&rus) && data.event(*id).parties.contains(&tur))
        .collect();
    assert!(!joint.is_empty());
    assert_eq!(app.shown(), joint.as_slice());
}

#[test]
fn typing_in_the_search_box_filters_as_you_type() {
    let mut harness = harness();
    harness.get_by_label("Search").click();
    harness.run_ok();
    harness.get_by_label("Search").type_text("Shusha");
    harness.run_ok();
    let app = harness.state();
    assert!(!app.shown().is_empty() && app.shown().len() < 10, "{}", app.shown().len());
    let ids: Vec<&str> = app.shown().iter().map(|id| app.data().event(*id).id).collect();
    assert!(ids.contains(&"shusha-declaration"), "{ids:?}");
}

#[test]
fn choosing_a_row_shows_the_event_and_its_sources() {
    let mut harness = harness();
    harness.get_by_label("Search").click();
    harness.get_by_label("Search").type_text("Allied Interaction");
    harness.run_ok();
    let data = data();
    let id = data.event_by_id("rus-aze-allied-interaction-declaration").unwrap();
    let event = data.event(id);
    harness.get_by_label(event.title).click();
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(id));
    for source in event.sources.iter() {
        harness.get_by_label(source.label);
    }
    // A related event is one click away, and selecting it moves the selection.
    let treaty = data.event_by_id("rus-aze-friendship-treaty-1997").unwrap();
    let label = format!("{} ({})", data.event(treaty).label(), data.event(treaty).date);
    harness.get_by_label(&label).click();
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(treaty));
}

#[test]
fn arrow_keys_walk_the_shown_events_and_escape_clears() {
    let mut harness = harness();
    let shown = harness.state().shown().to_vec();
    harness.key_press(Key::ArrowRight);
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(shown[0]));
    harness.key_press(Key::ArrowRight);
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(shown[1]));
    harness.key_press(Key::ArrowLeft);
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(shown[0]));
    harness.key_press(Key::Escape);
    harness.run_ok();
    assert_eq!(harness.state().selected(), None);
}

#[test]
fn walking_to_a_far_event_brings_it_into_view() {
    let mut harness = harness();
    harness.key_press(Key::Plus);
    harness.run_ok();
    harness.key_press(Key::Plus);
    harness.run_ok();
    harness.key_press(Key::ArrowLeft);
    harness.run_ok();
    let app = harness.state();
    let last = *app.shown().last().unwrap();
    assert_eq!(app.selected(), Some(last));
    let (min, max) = app.visible_days().unwrap();
    let (first_day, _) = app.data().days(last);
    assert!((min..=max).contains(&(first_day as f64)), "{first_day} not in {min}..{max}");
}

#[test]
fn reset_view_restores_the_defaults() {
    let state = AppState { theme: Theme::Dark, ..AppState::default() };
    let mut harness = harness_with(state);
    harness.get_by_label("Search").click();
    harness.get_by_label("Search").type_text("war");
    harness.run_ok();
    harness.get_by_label("Edit").click();
    harness.run_ok();
    harness.get_by_label("Reset view").click();
    harness.run_ok();
    let app = harness.state();
    assert_eq!(app.remembered().theme, Theme::Light);
    assert_eq!(app.shown().len(), app.data().events().len());
}

#[test]
fn the_mouse_wheel_zooms_the_timeline_around_the_pointer() {
    let mut harness = harness();
    let (min, max) = harness.state().visible_days().unwrap();
    let plot_centre = egui::pos2(700.0, 300.0);
    harness.hover_at(plot_centre);
    harness.run_ok();
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, 3.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run_ok();
    let (zoomed_min, zoomed_max) = harness.state().visible_days().unwrap();
    assert!(zoomed_max - zoomed_min < (max - min) * 0.9, "{min}..{max} became {zoomed_min}..{zoomed_max}");
    assert!(zoomed_min > min && zoomed_max < max, "zooming in keeps the pointer's surroundings");
}

#[test]
fn dragging_pans_the_timeline() {
    let mut harness = harness();
    let (min, max) = harness.state().visible_days().unwrap();
    harness.drag_at(egui::pos2(700.0, 300.0));
    harness.run_ok();
    for x in [650.0, 600.0, 500.0] {
        harness.hover_at(egui::pos2(x, 300.0));
        harness.run_ok();
    }
    harness.drop_at(egui::pos2(500.0, 300.0));
    harness.run_ok();
    let (panned_min, panned_max) = harness.state().visible_days().unwrap();
    assert!(panned_min > min + 100.0, "dragging left moves later dates into view: {min} -> {panned_min}");
    assert!(((panned_max - panned_min) - (max - min)).abs() < 1.0, "the zoom stays");
}

#[test]
fn another_data_set_starts_without_the_old_filters_and_a_file_without_actors_has_type_lanes() {
    let old = AppState {
        filter: Filter { actors: vec!["AZE".into()], ..Filter::default() },
        theme: Theme::Dark,
        data_name: Some("Some other data".into()),
        ..AppState::default()
    };
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/timelinejs/women_in_computing.json");
    let data = accords::load::from_path(&path).unwrap().dataset;
    let total = data.len();
    let mut harness =
        Harness::builder().with_size([1500.0, 900.0]).build_eframe(move |cc| AccordsApp::new(cc, data, old));
    harness.run_ok();
    let app = harness.state();
    assert_eq!(app.shown().len(), total, "the old actor filter was dropped");
    assert_eq!(app.remembered().theme, Theme::Dark, "the theme carries over");
    assert_eq!(app.remembered().lane_mode, accords::scene::LaneMode::Kind);
    harness.get_by_label("Ada Lovelace");
}

/// A file dropped on the window, as the windowing system hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `path` on the window and waits (at most ten seconds) for the worker to finish loading it.
fn drop_file(harness: &mut Harness<'static, AccordsApp>, path: std::path::PathBuf) {
    harness.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(path)));
    wait_for_loading(harness);
}

fn wait_for_loading(harness: &mut Harness<'static, AccordsApp>) {
    for _ in 0..100 {
        harness.run_ok();
        if harness.query_all_by_label_contains("Loading").next().is_none() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the file did not load within ten seconds");
}

#[test]
fn dropping_a_file_opens_it_and_a_broken_one_leaves_the_data_alone() {
    let mut harness = harness();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/timelinejs");
    drop_file(&mut harness, fixtures.join("houston.json"));
    assert_eq!(harness.state().data().events().len(), 18);
    assert!(harness.state().data().name().contains("Whitney Houston"));

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, "id,date,title,kind,parties\nx,2021-02-30,X,treaty,AZE\n").unwrap();
    drop_file(&mut harness, broken);
    assert_eq!(harness.state().data().events().len(), 18, "the data on show stays");
    harness.get_by_label_contains("was not opened");
    harness.get_by_label_contains("field `date` is \"2021-02-30\"");
}

#[test]
fn the_overview_brush_pans_by_click_and_zooms_by_its_edge() {
    let mut harness = harness();
    for _ in 0..3 {
        harness.key_press(egui::Key::Plus);
        harness.run_ok();
    }
    let (min, max) = harness.state().visible_days().unwrap();
    let strip = harness.get_by_label("Overview").rect();
    let (first, last) = accords::scene::fit_days(harness.state().data(), harness.state().shown());
    let x_of = |day: f64| strip.left() + ((day - first) / (last - first)) as f32 * strip.width();
    assert!(x_of(min) > strip.left() + 50.0, "zoomed in, the window is narrower than the strip");

    // A click near the strip's start brings the window there, at the same zoom.
    let near_start = egui::pos2(strip.left() + 20.0, strip.center().y);
    harness.drag_at(near_start);
    harness.run_ok();
    harness.drop_at(near_start);
    harness.run_ok();
    harness.run_ok();
    let (moved_min, moved_max) = harness.state().visible_days().unwrap();
    assert!(moved_min < min - 1000.0, "the window moved to the start: {min} -> {moved_min}");
    assert!(((moved_max - moved_min) - (max - min)).abs() < 1.0, "the zoom stays");

    // Pulling the right edge further right widens the window.
    let edge = egui::pos2(x_of(moved_max), strip.center().y);
    harness.drag_at(edge);
    harness.run_ok();
    for dx in [20.0, 60.0, 120.0] {
        harness.hover_at(edge + egui::vec2(dx, 0.0));
        harness.run_ok();
    }
    harness.drop_at(edge + egui::vec2(120.0, 0.0));
    harness.run_ok();
    let (wide_min, wide_max) = harness.state().visible_days().unwrap();
    assert!((wide_min - moved_min).abs() < 1.0, "the left edge stays");
    assert!(wide_max > moved_max + 1000.0, "the right edge followed the pointer: {moved_max} -> {wide_max}");
}

#[test]
fn a_file_given_at_start_loads_in_the_open_window_with_its_remembered_filters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.json");
    std::fs::write(&path, accords::load::DEFAULT_DATA).unwrap();
    let data = data();
    let mut kinds = accords::model::KindSet::all();
    kinds.set(accords::model::Kind::Conflict, false);
    let remembered = AppState {
        filter: accords::query::Filter { kinds, ..Default::default() },
        data_name: Some(data.name().to_owned()),
        ..AppState::default()
    };
    for (state, conflicts_shown) in
        [(remembered.clone(), false), (AppState { data_name: Some("another".into()), ..remembered }, true)]
    {
        let file = path.clone();
        let mut harness =
            Harness::builder().with_size([1500.0, 900.0]).build_eframe(move |cc| AccordsApp::loading(cc, file, state));
        harness.run_ok();
        wait_for_loading(&mut harness);
        let app = harness.state();
        assert_eq!(app.data().events().len(), data.len(), "the file loaded");
        let conflicts = app.shown().iter().filter(|id| app.data().event(**id).kind == accords::model::Kind::Conflict);
        assert_eq!(conflicts.count() > 0, conflicts_shown, "filters apply only to the data set they were saved for");
    }
}

#[test]
fn all_lifecycles_can_be_switched_on() {
    let mut harness = harness();
    assert!(!harness.state().all_lifecycles(), "only the selected agreement's lifecycle at first");
    harness.get_by_label("All lifecycles").click();
    harness.run_ok();
    assert!(harness.state().all_lifecycles());
}

#[test]
fn in_force_on_keeps_what_was_in_force_that_day() {
    let mut harness = harness();
    let data = data();
    harness.get_by_label("In force on date").click();
    harness.run_ok();
    harness.get_by_label("In force on date").type_text("2022-02-22");
    harness.run_ok();
    let day = accords::model::PartialDate::parse("2022-02-22").unwrap().first_day_number();
    let app = harness.state();
    assert!(!app.shown().is_empty() && app.shown().len() < data.len());
    for id in app.shown() {
        let status = app.data().event(*id).status_on(day);
        assert_eq!(status, Some(accords::model::Status::InForce), "{}", app.data().event(*id).id);
    }
    let big_treaty = data.event_by_id("rus-ukr-friendship-treaty-1997").unwrap();
    assert!(!app.shown().contains(&big_treaty), "the Russia–Ukraine treaty had expired in 2019");
    // The table says for whom each agreement was in force that day.
    harness.get_by_label("In force on 22 February 2022 for");
}

#[test]
fn lanes_that_do_not_fit_are_counted_and_a_click_scrolls_to_them() {
    let mut harness = harness();
    let lanes = {
        let data = data();
        data.actors()
            .iter()
            .enumerate()
            .filter(|(i, _)| !data.events_of(accords::model::ActorId(*i as u32)).is_empty())
            .count()
    };
    let count = (1..lanes).find(|n| harness.query_by_label(&format!("▼ {n} more lanes below")).is_some());
    assert!(
        count.is_some(),
        "with every actor, not all {lanes} lanes fit in the window, and the hint says how many do not"
    );
    assert!(harness.query_all_by_label_contains("more lanes above").next().is_none(), "the top lane is in view");
    harness.get_by_label_contains("more lanes below").click();
    harness.run_ok();
    assert!(
        harness.query_all_by_label_contains("more lanes above").next().is_some(),
        "after a page down, lanes are hidden above"
    );
}

#[test]
fn a_date_applies_once_it_is_complete_and_the_view_fits_the_result() {
    let mut harness = harness();
    harness.get_by_label("From date").click();
    harness.run_ok();
    for (typed, applied) in [("2", false), ("0", false), ("1", false), ("8", true)] {
        harness.get_by_label("From date").type_text(typed);
        harness.run_ok();
        assert_eq!(harness.state().filter().from.is_some(), applied, "after typing {typed:?}");
    }
    let app = harness.state();
    assert_eq!(app.filter().from, accords::model::PartialDate::parse("2018").ok());
    // The view shows the events from 2018 on, not the years before them.
    let first = app.data().days(app.shown()[0]).0 as f64;
    let (min, max) = app.visible_days().unwrap();
    assert!(min > first - 400.0 && min <= first, "{min}..{max} for a first event on day {first}");
}

#[test]
fn a_lane_is_pinned_to_the_top_and_folded_away_from_its_name() {
    let mut harness = harness();
    let names: Vec<String> = harness.state().lane_names().iter().map(|n| (*n).to_owned()).collect();
    let choose = |harness: &mut Harness<'static, AccordsApp>, lane: &str, item: &str| {
        harness.get_by_label(&format!("Lane {lane}")).click();
        harness.run_ok();
        harness.get_by_label(item).click();
        harness.run_ok();
    };
    // The sixth lane, pinned, comes first; the others keep their order.
    let sixth = names[5].clone();
    choose(&mut harness, &sixth, &format!("Pin {sixth} to the top"));
    let pinned: Vec<String> = std::iter::once(sixth.clone()).chain(names[..5].iter().cloned()).collect();
    assert_eq!(harness.state().lane_names()[..6], pinned.iter().map(String::as_str).collect::<Vec<_>>()[..]);
    // The busiest lane, folded, leaves its place for a shared lane at the bottom.
    let busiest = names[0].clone();
    choose(&mut harness, &busiest, &format!("Fold {busiest} away"));
    let folded = format!("{busiest} (folded)");
    let now = harness.state().lane_names().iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    assert_eq!(now.last(), Some(&folded));
    assert_eq!(now.len(), names.len());
    assert!(!now[..now.len() - 1].contains(&busiest));
    // Both are remembered, and the folded lane's own menu unfolds it once it is scrolled to.
    let arrangement = &harness.state().remembered().arrangement;
    assert_eq!((arrangement.pinned.len(), arrangement.folded.len()), (1, 1));
    for _ in 0..names.len() {
        if harness.query_by_label(&format!("Lane {folded}")).is_some() {
            break;
        }
        harness.get_by_label_contains("more lanes below").click();
        harness.run_ok();
    }
    choose(&mut harness, &folded, &format!("Unfold {busiest}"));
    assert_eq!(
        harness.state().lane_names(),
        pinned.iter().map(String::as_str).chain(names[6..].iter().map(String::as_str)).collect::<Vec<_>>()
    );
    // Ctrl+Z folds it again.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_ok();
    assert_eq!(harness.state().lane_names().last(), Some(&folded.as_str()));
}

#[test]
fn the_window_sets_every_script_in_the_fonts_the_scene_measures_with() {
    use accords::scene::style::LABEL_SIZE_PX;
    let harness = harness();
    let font = egui::FontId::proportional(LABEL_SIZE_PX as f32);
    for text in
        ["Договор о дружбе", "Բարեկամության պայմանագիր", "ექვსპუნქტიანი შეთანხმება", "برنامه جامع", "הסכמי אברהם"]
    {
        let (has_glyphs, drawn) = harness.ctx.fonts_mut(|fonts| {
            let has_glyphs = fonts.has_glyphs(&font, &text.replace(' ', ""));
            (has_glyphs, fonts.layout_no_wrap(text.to_owned(), font.clone(), egui::Color32::WHITE).size().x)
        });
        assert!(has_glyphs, "the window has no glyphs for {text}");
        // A label is placed by the scene's measure; the window must draw it that wide.
        let measured = accords::scene::text::text_width_px(text, LABEL_SIZE_PX);
        assert!((f64::from(drawn) - measured).abs() < 1.0, "{text}: drawn {drawn} px, measured {measured} px");
    }
}
