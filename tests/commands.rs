//! Every action a command: undo, back and forward, saved views, view links, the command palette
//! and the in-app file chooser, driven as a person would, through the accessibility tree.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use accords::export::{Figure, FigureRange, FigureSize, FigureTheme, default_title, render_svg};
use accords::model::{Dataset, EventId, Kind};
use accords::scene::LaneMode;
use accords::ui::{AccordsApp, AppState, Command};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;

use common::{data, harness};

fn conflicts_label(data: &Dataset) -> String {
    let conflicts = data.events().filter(|e| e.kind == Kind::Conflict).count();
    format!("Conflict ({conflicts})")
}

fn menu_item(harness: &mut Harness<'static, AccordsApp>, menu: &str, item: &str) {
    harness.get_by_label(menu).click();
    harness.run_ok();
    // Menu items show their keys beside their names.
    match harness.query_by_label(item) {
        Some(node) => node.click(),
        None => harness.get_by_label_contains(item).click(),
    }
    harness.run_ok();
}

#[test]
fn ctrl_z_undoes_a_filter_change_and_ctrl_shift_z_redoes_it() {
    let mut harness = harness();
    let data = data();
    let total = data.len();
    harness.get_by_label(&conflicts_label(&data)).click();
    harness.run_ok();
    let without = harness.state().shown().len();
    assert!(without < total);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_ok();
    assert_eq!(harness.state().shown().len(), total, "undo brings the conflicts back");
    assert!(harness.state().filter().kinds.contains(Kind::Conflict));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run_ok();
    assert_eq!(harness.state().shown().len(), without, "redo takes them away again");
    // The Edit menu does the same.
    menu_item(&mut harness, "Edit", "Undo");
    assert_eq!(harness.state().shown().len(), total);
}

#[test]
fn a_burst_of_keystrokes_is_one_undo_step() {
    let mut harness = harness();
    harness.get_by_label("Search").click();
    harness.run_ok();
    for word in ["Shu", "sha"] {
        harness.get_by_label("Search").type_text(word);
        harness.run_ok();
    }
    assert_eq!(harness.state().filter().text, "Shusha");
    // Ctrl+Z belongs to the window even while the search box has the keyboard.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_ok();
    assert_eq!(harness.state().filter().text, "", "one undo takes back the whole word");
    assert_eq!(harness.state().shown().len(), data().events().len());
}

#[test]
fn back_returns_from_a_followed_related_event_and_forward_goes_there_again() {
    let mut harness = harness();
    let data = data();
    let declaration = data.event_by_id("rus-aze-allied-interaction-declaration").unwrap();
    let treaty = data.event_by_id("rus-aze-friendship-treaty-1997").unwrap();
    harness.state_mut().run(Command::Reveal(declaration));
    harness.run_ok();
    let label = format!("{} ({})", data.event(treaty).label(), data.event(treaty).date);
    harness.get_by_label(&label).click();
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(treaty));
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(declaration), "Alt+← goes back");
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(declaration), "and stays");
    let (min, max) = harness.state().visible_days().unwrap();
    let (first, _) = data.days(declaration);
    assert!((min..=max).contains(&(first as f64)), "back brings the event into view");
    harness.get_by_label("▶").click();
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(treaty), "the forward button goes there again");
}

#[test]
fn enter_zooms_to_the_selection_and_plus_zooms_about_it() {
    let mut harness = harness();
    let data = data();
    let id = data.event_by_id("rus-aze-allied-interaction-declaration").unwrap();
    harness.state_mut().run(Command::Select(Some(id)));
    harness.run_ok();
    let (wide_min, wide_max) = harness.state().visible_days().unwrap();
    harness.key_press(Key::Enter);
    harness.run_ok();
    let (min, max) = harness.state().visible_days().unwrap();
    let day = data.days(id).0 as f64;
    assert!(max - min < (wide_max - wide_min) / 10.0, "{min}..{max}");
    assert!((min..=max).contains(&day));
    let before = (day - min) / (max - min);
    harness.key_press(Key::Plus);
    harness.run_ok();
    let (min, max) = harness.state().visible_days().unwrap();
    assert!((min..=max).contains(&day), "zooming in keeps the selection in view");
    assert!(((day - min) / (max - min) - before).abs() < 0.01, "and where it was on screen");
}

#[test]
fn a_view_is_saved_restored_and_deleted() {
    let mut harness = harness();
    let data = data();
    harness.get_by_label(&conflicts_label(&data)).click();
    harness.run_ok();
    let filtered = harness.state().filter().clone();
    menu_item(&mut harness, "View", "Save view…");
    harness.get_by_label("View name").click();
    harness.get_by_label("View name").type_text("No wars");
    harness.run_ok();
    harness.get_by_label("Save").click();
    harness.run_ok();
    assert_eq!(harness.state().remembered().views.len(), 1);
    assert_eq!(harness.state().remembered().views[0].name, "No wars");

    harness.get_by_label("Reset filters").click();
    harness.run_ok();
    assert_ne!(harness.state().filter(), &filtered);
    menu_item(&mut harness, "View", "No wars");
    assert_eq!(harness.state().filter(), &filtered, "restoring the view brings its filters back");

    menu_item(&mut harness, "View", "Saved views…");
    harness.get_by_label("Delete No wars").click();
    harness.run_ok();
    assert!(harness.state().remembered().views.is_empty());
}

#[test]
fn a_view_link_makes_the_same_figure_on_the_command_line() {
    let mut harness = harness();
    let data = data();
    harness.get_by_label(&conflicts_label(&data)).click();
    harness.run_ok();
    harness.get_by_label("By type").click();
    harness.run_ok();
    assert_eq!(harness.state().remembered().lane_mode, LaneMode::Kind, "By type");
    let azerbaijan = data.actor(data.actor_by_code("AZE").unwrap());
    harness
        .get_by_label(&format!("{} ({})", azerbaijan.name, data.events_of(data.actor_by_code("AZE").unwrap()).len()))
        .click();
    harness.run_ok();
    harness.key_press(Key::Plus);
    harness.run_ok();
    let app = harness.state();
    let link = app.view_link();
    assert!(link.contains("actors=AZE") && link.contains("lanes=kind"), "{link}");

    // The figure the window's own filters make, over the view kept to whole days.
    let (min, max) = app.visible_days().unwrap();
    let days = accords::view::whole_days((min, max));
    let figure = Figure {
        title: default_title(&data, app.filter(), app.shown(), days),
        size: FigureSize::SLIDE,
        theme: FigureTheme::Light,
        range: FigureRange::Days(days.0, days.1),
        lanes: LaneMode::Kind,
        arrangement: accords::scene::LaneArrangement::default(),
        focus: None,
        highlight: Vec::new(),
    };
    let expected = render_svg(&data, app.shown(), app.filter(), &figure);

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("from-link.svg");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_accords"))
        .args(["export", "--view", &link, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected, "the link regenerates the figure exactly");

    // The same link lists the same events.
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_accords"))
        .args(["list", "--json", "--view", &link])
        .output()
        .unwrap();
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    let ids: Vec<&str> = app.shown().iter().map(|id| data.event(*id).id).collect();
    assert_eq!(listed.iter().map(|e| e["id"].as_str().unwrap()).collect::<Vec<_>>(), ids);
}

#[test]
fn a_link_naming_what_the_data_lacks_says_so_and_applies_the_rest() {
    let mut harness = harness();
    harness.state_mut().show_view_link("accords:view?actors=AZE,ATLANTIS&kinds=treaty".to_owned());
    harness.run_ok();
    let app = harness.state();
    assert_eq!(app.filter().actors, ["AZE"]);
    let (status, failed) = app.status().unwrap();
    assert!(failed && status.contains("ATLANTIS"), "{status}");
    harness.get_by_label_contains("ATLANTIS");
}

#[test]
fn a_link_given_at_start_shows_its_range_and_selection() {
    // As `accords --view LINK` opens the window: the link is there before the first frame.
    let link = "accords:view?range=2022-02-01..2022-02-24&select=rus-aze-allied-interaction-declaration";
    let mut harness = Harness::builder().with_size([1500.0, 900.0]).build_eframe(move |cc| {
        let mut app = AccordsApp::new(cc, data(), AppState::default());
        app.show_view_link(link.to_owned());
        app
    });
    harness.run_ok();
    let first = accords::model::PartialDate::parse("2022-02-01").unwrap().first_day_number() as f64;
    let (min, max) = harness.state().visible_days().unwrap();
    assert_eq!((min, max), (first, first + 24.0));
    let declaration = harness.state().data().event_by_id("rus-aze-allied-interaction-declaration");
    assert_eq!(harness.state().selected(), declaration);
}

#[test]
fn the_command_palette_runs_a_command_by_name() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run_ok();
    harness.get_by_label("Command").type_text("lanes by type");
    harness.run_ok();
    harness.key_press(Key::Enter);
    harness.run_ok();
    assert_eq!(harness.state().remembered().lane_mode, LaneMode::Kind);
    assert!(harness.query_by_label("Command").is_none(), "the palette closes once it ran the command");
    // Esc closes the palette and leaves the selection alone.
    let id = harness.state().data().event_by_id("rus-aze-allied-interaction-declaration").unwrap();
    harness.state_mut().run(Command::Select(Some(id)));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::P);
    harness.run_ok();
    harness.get_by_label("Command");
    harness.key_press(Key::Escape);
    harness.run_ok();
    assert!(harness.query_by_label("Command").is_none(), "Esc closes the palette");
    assert_eq!(harness.state().selected(), Some(id));
    // F1 lists the keys.
    harness.key_press(Key::F1);
    harness.run_ok();
    assert!(harness.query_all_by_label("Keyboard shortcuts").next().is_some());
    harness.get_by_label("Zoom to the selection");
}

#[test]
fn the_in_app_file_chooser_opens_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/timelinejs/women_in_computing.json");
    std::fs::copy(&fixture, dir.path().join("computing.json")).unwrap();
    let expected = accords::load::from_path(&fixture).unwrap().dataset;
    // The chooser starts in the folder of the file opened last.
    let state = AppState { recent: vec![dir.path().join("earlier.json")], ..AppState::default() };
    // egui_file's path and file-name fields carry no accessible name (a gap of that crate), which
    // the harness's accessibility check would refuse.
    let mut harness = Harness::builder()
        .with_size([1500.0, 900.0])
        .with_accessibility_check(false)
        .build_eframe(move |cc| AccordsApp::new(cc, data(), state));
    harness.run_ok();
    harness.state_mut().set_native_dialogs(false);
    menu_item(&mut harness, "File", "Open…");
    harness.get_by_label("🗋 computing.json").click();
    harness.run_ok();
    harness.get_by_label("Open").click();
    for _ in 0..100 {
        harness.run_ok();
        if harness.state().data().name() == expected.name() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(harness.state().data().name(), expected.name());
    assert_eq!(harness.state().shown().len(), expected.events().len());
    harness.get_by_label("Ada Lovelace");
}

#[test]
fn selecting_the_2022_declaration_draws_its_lineage_and_focus_dims_the_rest() {
    let mut harness = harness();
    let data = data();
    let declaration = data.event_by_id("rus-aze-allied-interaction-declaration").unwrap();
    harness.state_mut().run(Command::Select(Some(declaration)));
    harness.run_ok();
    // Exactly the events it relates to, and those that relate to it, are joined to it by arcs.
    let mut expected: Vec<(EventId, EventId)> =
        data.event(declaration).related.iter().map(|r| (declaration, r.event)).collect();
    expected.extend(data.referring_to(declaration).into_iter().map(|(other, _)| (other, declaration)));
    expected.sort_unstable();
    let mut drawn: Vec<(EventId, EventId)> = harness.state().links().iter().map(|l| (l.from, l.to)).collect();
    drawn.sort_unstable();
    assert_eq!(drawn, expected);
    let treaty = data.event_by_id("rus-aze-friendship-treaty-1997").unwrap();
    assert!(drawn.contains(&(declaration, treaty)), "the 1997 treaty is one of them");
    // L switches focus on; the toolbar's Focus box shows it.
    assert!(!harness.state().focus());
    harness.key_press(Key::L);
    harness.run_ok();
    assert!(harness.state().focus());
    harness.get_by_label("Focus").click();
    harness.run_ok();
    assert!(!harness.state().focus());
}

#[test]
fn following_a_link_to_an_event_the_filters_hide_says_so_and_offers_to_show_it() {
    let mut harness = harness();
    let data = data();
    let declaration = data.event_by_id("rus-aze-allied-interaction-declaration").unwrap();
    let treaty = data.event_by_id("rus-aze-friendship-treaty-1997").unwrap();
    // Only declarations: the 1997 treaty is hidden.
    let only = accords::query::Filter { kinds: [Kind::Declaration].into_iter().collect(), ..Default::default() };
    harness.state_mut().run(Command::SetFilter(only));
    harness.state_mut().run(Command::Reveal(declaration));
    harness.run_ok();
    assert!(harness.state().links().iter().all(|l| l.to != treaty), "no arc leads to a hidden event");
    let label = format!("{} ({})", data.event(treaty).label(), data.event(treaty).date);
    harness.get_by_label(&label).click();
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(treaty));
    harness.get_by_label("Hidden by the current filters.");
    harness.get_by_label("Show it").click();
    harness.run_ok();
    assert!(harness.state().shown().contains(&treaty), "Show it clears the filters");
    assert_eq!(harness.state().selected(), Some(treaty));
    let (min, max) = harness.state().visible_days().unwrap();
    assert!((min..=max).contains(&(data.days(treaty).0 as f64)));
}

#[test]
fn the_table_folds_away_with_ctrl_t_and_comes_back_from_its_button() {
    let mut harness = harness();
    let total = data().events().len();
    assert!(harness.query_by_label("Save as CSV…").is_some(), "the table shows at first");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    harness.run_ok();
    assert!(harness.query_by_label("Save as CSV…").is_none(), "Ctrl+T folds the table away");
    let show = format!("▲ Show the table ({total} events)");
    harness.get_by_label(&show).click();
    harness.run_ok();
    assert!(harness.query_by_label("Save as CSV…").is_some(), "its button brings it back");
    harness.get_by_label("▼ Hide").click();
    harness.run_ok();
    assert!(harness.query_by_label(&show).is_some(), "and the table's own button folds it again");
}

#[test]
fn the_legend_follows_a_filter_change_without_waiting_for_more_input() {
    let mut harness = harness();
    let data = data();
    let conflicts = data.events().filter(|e| e.kind == Kind::Conflict).count();
    let in_view = format!("Conflict {conflicts}");
    assert!(harness.query_by_label(&in_view).is_some(), "the legend counts the conflicts in view");
    harness.get_by_label(&conflicts_label(&data)).click();
    harness.run_ok();
    assert!(harness.query_by_label(&in_view).is_none(), "unticking conflicts takes them out of the legend at once");
}

#[test]
fn a_big_data_set_is_filtered_off_the_ui_thread_and_the_last_filter_wins() {
    use accords::bench_data::{Spec, native_json};
    let text = native_json(Spec { events: 60_000, actors: 40, seed: 3 });
    let big = accords::load::from_text(&text, std::path::Path::new("big.json")).unwrap().dataset;
    let copy = big.clone();
    let mut harness = Harness::builder()
        .with_size([1500.0, 900.0])
        .build_eframe(move |cc| AccordsApp::new(cc, copy, AppState::default()));
    harness.run_ok();
    let everything = harness.state().shown().to_vec();
    let mut treaties = accords::query::Filter { kinds: accords::model::KindSet::none(), ..Default::default() };
    treaties.kinds.set(Kind::Treaty, true);
    let mut all_but_treaties = accords::query::Filter::default();
    all_but_treaties.kinds.set(Kind::Treaty, false);
    // A filter changed twice, frame after frame: the window goes on drawing a picture it has
    // (everything, or the first change's if that was ready by the second frame) and says it is
    // updating; the frame does not wait for the filter.
    let only_treaties = treaties.apply(&big);
    harness.state_mut().run(Command::SetFilter(treaties));
    harness.step();
    harness.state_mut().run(Command::SetFilter(all_but_treaties.clone()));
    harness.step();
    assert!(harness.state().is_filtering());
    let drawn = harness.state().shown();
    assert!(drawn == everything || drawn == only_treaties, "{} events drawn", drawn.len());
    for _ in 0..600 {
        harness.step();
        if !harness.state().is_filtering() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // Then it shows what the last filter lets through, in the lanes those events make.
    let expected = all_but_treaties.apply(&big);
    assert!(!expected.is_empty() && expected.len() < everything.len());
    assert_eq!(harness.state().shown(), expected);
    let lanes = accords::scene::LaneIndex::new(&big, &expected, LaneMode::Actor, usize::MAX);
    let names: Vec<&str> = lanes.lanes.iter().map(|lane| lane.label.as_str()).collect();
    assert_eq!(harness.state().lane_names(), names);
}

#[test]
fn the_export_dialog_leaves_the_filters_in_sight() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_ok();
    // The dialog's options start right of the filters panel (whose actor search spans its width).
    let options = harness.get_by_label("Format").rect();
    let filters = harness.get_by_label("Find an actor").rect();
    assert!(options.left() > filters.right(), "the dialog ({options:?}) covers the filters ({filters:?})");
}

#[test]
fn citation_pages_ticked_again_still_cite_only_the_highlighted_event() {
    use egui::accesskit::Toggled;
    use egui_kittest::kittest::NodeT as _;
    let mut harness = harness();
    let declaration = data().event_by_id("rus-aze-allied-interaction-declaration").unwrap();
    harness.state_mut().run(Command::Select(Some(declaration)));
    harness.run_ok();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_ok();
    harness.get_by_label("PDF").click();
    harness.run_ok();
    harness.get_by_label("only the highlighted event").click();
    harness.run_ok();
    assert!(harness.query_by_label_contains("then the highlighted event's citation").is_some());
    // Unticking the pages drops them; ticking them again brings back the same choice.
    harness.get_by_label("Citation pages").click();
    harness.run_ok();
    for pages in ["then citation pages", "then the highlighted event's citation"] {
        assert!(harness.query_by_label_contains(pages).is_none(), "no citation pages while unticked");
    }
    harness.get_by_label("Citation pages").click();
    harness.run_ok();
    let only = harness.get_by_label("only the highlighted event");
    assert_eq!(only.accesskit_node().toggled(), Some(Toggled::True));
    assert!(harness.query_by_label_contains("then the highlighted event's citation").is_some());
}
