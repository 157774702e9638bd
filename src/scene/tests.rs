use super::*;
use crate::load::default_dataset;
use crate::query::Filter;

fn whole_story(width_px: f64) -> View {
    View {
        time: TimeView::new(
            crate::model::PartialDate::parse("1997").unwrap().first_day_number() as f64 - 200.0,
            crate::model::PartialDate::parse("2022").unwrap().last_day_number() as f64 + 200.0,
            width_px,
        ),
        lane_height_px: 30.0,
        visible_lanes: View::ALL_LANES,
    }
}

#[test]
fn connectors_join_each_party_to_the_next_and_break_at_every_lane_that_takes_no_part() {
    let (_, scene) = scene(View { lane_height_px: 30.0, ..whole_story(1600.0) }, LaneMode::Actor);
    let mut checked = 0;
    for marks in scene.marks.chunk_by(|a, b| a.event == b.event) {
        let lanes: Vec<usize> = marks.iter().map(|m| m.lane).collect();
        let joined: Vec<(usize, usize)> = scene
            .connectors
            .iter()
            .filter(|c| c.event == marks[0].event)
            .map(|c| (c.top_lane, c.bottom_lane))
            .collect();
        let expected: Vec<(usize, usize)> = lanes.windows(2).map(|w| (w[0], w[1])).collect();
        assert_eq!(joined, expected, "each party is joined to the next one down, and only to it");
        for c in scene.connectors.iter().filter(|c| c.event == marks[0].event) {
            let pieces = &c.pieces;
            for lane in (c.top_lane..=c.bottom_lane).filter(|l| !lanes.contains(l)) {
                let y = lane_y(lane);
                let near = |&(top, bottom): &(f64, f64)| y <= top + 0.2 && y >= bottom - 0.2;
                assert!(!pieces.iter().any(near), "a connector runs through lane {lane}, which takes no part");
                checked += 1;
            }
            // It starts at the upper party's marker and ends at the lower one's (the pieces may be
            // broken around labels, but never at either end's marker).
            assert!((pieces[0].0 - lane_y(c.top_lane)).abs() < 1e-9);
            assert!((pieces[pieces.len() - 1].1 - lane_y(c.bottom_lane)).abs() < 1e-9);
        }
    }
    assert!(checked > 100, "the default data has many connectors that pass other lanes ({checked})");
}

#[test]
fn a_connector_is_drawn_where_it_crosses_the_lanes_in_view_and_laid_out_nowhere_else() {
    // Lanes too thin for labels, which would differ with the lanes on screen and break connectors.
    let all = View { lane_height_px: 24.0, ..whole_story(1600.0) };
    let (_, whole) = scene(all, LaneMode::Actor);
    let part = View { visible_lanes: (6, 12), ..all };
    let (_, clipped) = scene(part, LaneMode::Actor);
    let (first, last) = part.lanes_drawn();
    let inside = |&&(top, bottom): &&(f64, f64)| top <= lane_y(first) + 1e-9 && bottom >= lane_y(last) - 1e-9;
    let mut passing = 0;
    for c in &whole.connectors {
        let expected: Vec<(f64, f64)> = c.pieces.iter().filter(inside).copied().collect();
        let drawn = clipped.connectors.iter().find(|d| (d.event, d.top_lane) == (c.event, c.top_lane));
        assert_eq!(drawn.map_or(Vec::new(), |d| d.pieces.clone()), expected, "connector of {:?}", c.event);
        passing += usize::from(c.top_lane < first && c.bottom_lane > last);
    }
    assert!(passing > 0, "some connector runs from above the view to below it");
    assert!(clipped.connectors.len() < whole.connectors.len(), "those wholly out of view are not laid out");
}

#[test]
fn lanes_off_screen_get_no_labels_and_an_event_they_share_is_named_on_screen() {
    let all = View { lane_height_px: 30.0, ..whole_story(1600.0) };
    let part = View { visible_lanes: (6, 12), ..all };
    let ((_, whole), (_, clipped)) = (scene(all, LaneMode::Actor), scene(part, LaneMode::Actor));
    assert!(clipped.labels.iter().all(|l| (6..12).contains(&l.lane)), "a label on a lane off screen");
    let on_screen = |event| clipped.marks.iter().any(|m| m.event == event && (6..12).contains(&m.lane));
    let named_above: Vec<EventId> =
        whole.labels.iter().filter(|l| l.lane < 6 && on_screen(l.event)).map(|l| l.event).collect();
    let named_now = named_above.iter().filter(|e| clipped.labels.iter().any(|l| l.event == **e)).count();
    assert!(
        named_now > 0,
        "of {} events named only on a lane above the view, none is named on screen",
        named_above.len()
    );
}

/// A box in pixels: left, right, top, bottom (y grows down from lane 0's centre line).
type Box = (f64, f64, f64, f64);

/// Whether two boxes share more than a touching edge.
fn overlaps(a: Box, b: Box) -> bool {
    const EDGE: f64 = 1e-6;
    a.0 < b.1 - EDGE && b.0 < a.1 - EDGE && a.2 < b.3 - EDGE && b.2 < a.3 - EDGE
}

#[test]
fn no_label_covers_a_marker_a_bar_a_connector_or_another_label_and_each_starts_or_ends_at_its_marker() {
    use super::style::{BAR_PX, MARK_RADIUS_PX};
    const TEXT_HEIGHT_PX: f64 = LABEL_HEIGHT_PX;
    for (width, lane_height) in [(1200.0, 30.0), (1600.0, 64.0), (5000.0, 40.0), (900.0, 26.0)] {
        let (_, scene) = scene(View { lane_height_px: lane_height, ..whole_story(width) }, LaneMode::Actor);
        let x = |day: f64| scene.view.time.x_from_day(day);
        let y = |lane: usize| lane as f64 * lane_height;
        let label_box = |l: &Label| -> Box {
            let bottom = y(l.lane) - LABEL_RISE_PX - l.row as f64 * LABEL_ROW_PX;
            let left = x(l.day) + l.offset_px;
            (left, left + l.width_px, bottom - TEXT_HEIGHT_PX, bottom)
        };
        let r = MARK_RADIUS_PX;
        let mut obstacles: Vec<(Box, String)> = Vec::new();
        for m in &scene.marks {
            obstacles
                .push(((x(m.day) - r, x(m.day) + r, y(m.lane) - r, y(m.lane) + r), format!("marker of {:?}", m.event)));
        }
        for b in &scene.bars {
            let half = BAR_PX.1 / 2.0;
            obstacles.push((
                (x(b.start_day), x(b.end_day), y(b.lane) - half, y(b.lane) + half),
                format!("bar of {:?}", b.event),
            ));
        }
        for c in &scene.connectors {
            for &(top, bottom) in &c.pieces {
                let piece = (x(c.day) - 0.5, x(c.day) + 0.5, -top * lane_height, -bottom * lane_height);
                obstacles.push((piece, format!("connector of {:?}", c.event)));
            }
        }
        assert!(scene.labels.len() > 20, "{width} px: only {} labels", scene.labels.len());
        for (i, label) in scene.labels.iter().enumerate() {
            let b = label_box(label);
            for (obstacle, what) in &obstacles {
                assert!(
                    !overlaps(b, *obstacle),
                    "{width}×{lane_height}: {:?} (lane {}, row {}, box {b:?}) covers the {what} at {obstacle:?}",
                    label.text,
                    label.lane,
                    label.row
                );
            }
            for other in &scene.labels[i + 1..] {
                assert!(!overlaps(b, label_box(other)), "{:?} covers {:?}", label.text, other.text);
            }
            // It starts at its marker, or near the right edge ends at it, and no other event's
            // marker on its lane is nearer that end.
            let own = x(label.day);
            let runs_right = (label.offset_px - LABEL_OFFSET_PX).abs() < 1e-9;
            let end = if runs_right { b.0 } else { b.1 };
            assert!(
                (end - own).abs() <= -LABEL_OFFSET_PX + 1e-6,
                "{:?} is {} px from its marker",
                label.text,
                end - own
            );
            let own_distance = (own - end).abs();
            let nearer = scene
                .marks
                .iter()
                .filter(|m| m.lane == label.lane && m.event != label.event)
                .find(|m| (x(m.day) - end).abs() < own_distance - 1e-9 && (x(m.day) - own).abs() >= 0.5);
            assert!(nearer.is_none(), "{:?}: {nearer:?} is nearer its end than its own marker", label.text);
        }
    }
}

fn scene(view: View, mode: LaneMode) -> (Dataset, Scene) {
    let data = default_dataset().unwrap().dataset;
    let shown = Filter::default().apply(&data);
    let scene = Scene::build(&data, &shown, mode, view, None);
    (data, scene)
}

#[test]
fn no_two_labels_in_a_lane_overlap() {
    for (width_px, lane_height_px) in [(400.0, 24.0), (1200.0, 30.0), (1200.0, 70.0), (5000.0, 30.0), (40_000.0, 24.0)]
    {
        let view = View { lane_height_px, ..whole_story(width_px) };
        let (_, scene) = scene(view, LaneMode::Actor);
        let days_per_px = scene.view.days_per_px();
        for (i, a) in scene.labels.iter().enumerate() {
            for b in &scene.labels[i + 1..] {
                if a.lane != b.lane || a.row != b.row {
                    continue;
                }
                let a_start = a.day / days_per_px + a.offset_px;
                let b_start = b.day / days_per_px + b.offset_px;
                let apart = a_start + a.width_px <= b_start || b_start + b.width_px <= a_start;
                assert!(apart, "{:?} overlaps {:?} at {width_px} px", a.text, b.text);
            }
        }
    }
}

#[test]
fn tall_lanes_stack_labels_in_rows_that_stay_below_the_lane_above() {
    let tall = View { lane_height_px: 70.0, ..whole_story(1200.0) };
    let (_, stacked) = scene(tall, LaneMode::Actor);
    let (_, single) = scene(whole_story(1200.0), LaneMode::Actor);
    assert!(stacked.labels.iter().any(|l| l.row > 0));
    assert!(single.labels.iter().all(|l| l.row == 0), "30 px lanes have room for one row");
    assert!(stacked.labels.len() > single.labels.len());
    for label in &stacked.labels {
        let top_px = LABEL_RISE_PX + label.row as f64 * LABEL_ROW_PX + 12.0;
        assert!(top_px <= 70.0 - 5.0, "row {} reaches the markers of the lane above", label.row);
    }
}

#[test]
fn labels_stay_inside_the_view() {
    let (_, scene) = scene(whole_story(1200.0), LaneMode::Actor);
    for label in &scene.labels {
        let start_px = (label.day - scene.view.time.min_day) / scene.view.days_per_px() + label.offset_px;
        assert!(start_px >= 0.0 && start_px + label.width_px <= 1200.0, "{} at {start_px}", label.text);
    }
    // The last event of the story is near the right edge, so its label turns to end at its marker.
    assert!(scene.labels.iter().any(|l| l.offset_px < LABEL_OFFSET_PX));
}

#[test]
fn zooming_in_reveals_hidden_labels() {
    let (_, narrow) = scene(whole_story(800.0), LaneMode::Actor);
    let (_, wide) = scene(whole_story(20_000.0), LaneMode::Actor);
    let hidden = |s: &Scene| s.lanes.iter().map(|l| l.unlabelled).sum::<usize>();
    assert!(hidden(&narrow) > 0, "the whole story at 800 px should not fit every label");
    assert!(wide.labels.len() > narrow.labels.len());
    assert!(hidden(&wide) < hidden(&narrow));
    // Each event in view is labelled once, or counted as unlabelled on every lane it sits on.
    let labelled: Vec<_> = narrow.labels.iter().map(|l| l.event).collect();
    let mut unique = labelled.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), labelled.len(), "an event was labelled twice");
    // A lane drawn as a density strip has no marks: all its events in view count as unlabelled.
    let strip = |lane: usize| narrow.densities.iter().any(|d| d.lane == lane);
    let unlabelled_marks =
        narrow.marks.iter().filter(|m| narrow.view.overlaps(m.day, m.day) && !labelled.contains(&m.event)).count();
    let marked_hidden: usize =
        narrow.lanes.iter().enumerate().filter(|(i, _)| !strip(*i)).map(|(_, l)| l.unlabelled).sum();
    assert_eq!(marked_hidden, unlabelled_marks);
}

#[test]
fn multi_party_events_sit_on_each_lane_joined_by_a_connector() {
    let (data, scene) = scene(whole_story(1200.0), LaneMode::Actor);
    let id = data.event_by_id("rus-aze-allied-interaction-declaration").unwrap();
    let lanes: Vec<&str> =
        scene.marks.iter().filter(|m| m.event == id).map(|m| scene.lanes[m.lane].label.as_str()).collect();
    assert_eq!(lanes.len(), 2);
    assert!(lanes.contains(&"Russia") && lanes.contains(&"Azerbaijan"), "{lanes:?}");
    assert!(scene.connectors.iter().any(|c| c.event == id && c.top_lane != c.bottom_lane));
    // The most active actors come first.
    let top: Vec<&str> = scene.lanes[..2].iter().map(|l| l.label.as_str()).collect();
    assert!(top.contains(&"Azerbaijan") && top.contains(&"Russia"), "{top:?}");
    assert!(scene.lanes.windows(2).all(|w| w[0].events >= w[1].events));
}

#[test]
fn spans_are_bars_and_vague_dates_carry_their_period() {
    let (data, scene) = scene(whole_story(1200.0), LaneMode::Kind);
    let war = data.event_by_id("second-karabakh-war").unwrap();
    let bar = scene.bars.iter().find(|b| b.event == war).unwrap();
    assert!((bar.end_day - bar.start_day - 45.0).abs() < 1e-9, "27 Sep to 10 Nov is 45 days");
    let nam = data.event_by_id("azerbaijan-joins-nam").unwrap();
    let mark = scene.marks.iter().find(|m| m.event == nam).unwrap();
    let (first, end) = mark.uncertain.unwrap();
    assert!((end - first - 31.0).abs() < 1e-9, "May has 31 days");
    assert!(mark.day > first && mark.day < end);
}

#[test]
fn legend_lists_exactly_the_kinds_in_view_with_counts() {
    let (data, scene) = scene(whole_story(1200.0), LaneMode::Actor);
    let total: usize = scene.legend.iter().map(|e| e.count).sum();
    assert_eq!(total, data.len());
    let mut narrow = whole_story(1200.0);
    narrow.time.min_day = crate::model::PartialDate::parse("2020-09-27").unwrap().first_day_number() as f64;
    narrow.time.max_day = narrow.time.min_day + 10.0;
    let shown = Filter::default().apply(&data);
    let scene = Scene::build(&data, &shown, LaneMode::Actor, narrow, None);
    let kinds: Vec<Kind> = scene.legend.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&Kind::Conflict), "{kinds:?}");
    assert!(!kinds.contains(&Kind::Treaty), "{kinds:?}");
}

#[test]
fn hit_finds_the_mark_under_the_pointer() {
    let (data, scene) = scene(whole_story(1200.0), LaneMode::Actor);
    let id = data.event_by_id("shusha-declaration").unwrap();
    let mark = scene.marks.iter().find(|m| m.event == id).unwrap();
    assert_eq!(
        scene.hit(mark.day, lane_y(mark.lane) + 0.05, 6.0),
        Some(id).filter(|_| true).or(scene.hit(mark.day, lane_y(mark.lane), 6.0))
    );
    assert!(scene.hit(mark.day, lane_y(mark.lane) + 0.5, 6.0).is_none());
}

#[test]
fn a_lane_limit_gathers_the_least_active_actors_in_one_lane() {
    let data = default_dataset().unwrap().dataset;
    let shown = Filter::default().apply(&data);
    let scene = Scene::build_limited(&data, &shown, LaneMode::Actor, whole_story(1200.0), None, 8);
    assert_eq!(scene.lanes.len(), 8);
    assert_eq!(scene.lanes[7].key, LaneKey::Others);
    let others: usize = data.actors().len() - 7;
    assert_eq!(scene.lanes[7].label, format!("{others} others"));
    // An event among several minor actors gets one mark on the shared lane.
    for id in &shown {
        let lanes: Vec<usize> = scene.marks.iter().filter(|m| m.event == *id).map(|m| m.lane).collect();
        let mut unique = lanes.clone();
        unique.dedup();
        assert_eq!(lanes, unique, "{}", data.event(*id).id);
    }
}

/// Synthetic data, every event shown, in lanes by actor.
fn synthetic(spec: crate::bench_data::Spec) -> (Dataset, Vec<EventId>, LaneIndex) {
    let text = crate::bench_data::native_json(spec);
    let data = crate::load::from_text(&text, std::path::Path::new("synthetic.json")).unwrap().dataset;
    let shown = Filter::default().apply(&data);
    let index = LaneIndex::new(&data, &shown, LaneMode::Actor, usize::MAX);
    (data, shown, index)
}

#[test]
fn crowded_lanes_become_density_strips_and_turn_back_into_marks_when_zoomed_in() {
    let (data, shown, index) = synthetic(crate::bench_data::Spec { events: 20_000, actors: 30, seed: 3 });
    let (min_day, max_day) = fit_days(&data, &shown);
    let wide =
        View { time: TimeView::new(min_day, max_day, 1600.0), lane_height_px: 30.0, visible_lanes: View::ALL_LANES };
    let scene = Scene::layout(&data, &index, wide, None);

    // Zoomed out, the busiest lane is a strip of counts that add up to every event on it.
    let strip = scene.densities.iter().find(|d| d.lane == 0).expect("the busiest lane is a density strip");
    assert!(!scene.marks.iter().any(|m| m.lane == 0), "no marks under the strip");
    let on_lane: u32 = strip.counts.iter().sum();
    assert_eq!(on_lane as usize, index.lanes[0].events);
    assert_eq!(scene.lanes[0].unlabelled, index.lanes[0].events, "its title counts each event in view once");
    assert!(scene.marks.len() as f64 <= scene.lanes.len() as f64 * wide.time.width_px / DENSE_SPACING_PX);
    let legend_total: usize = scene.legend.iter().map(|e| e.count).sum();
    assert_eq!(legend_total, shown.len(), "the legend still counts every event in view");

    // A bin's tooltip counts by kind add up to the bin.
    let (bin, count) = strip.counts.iter().enumerate().max_by_key(|(_, c)| **c).unwrap();
    let from = strip.first_day + bin as f64 * strip.bin_days;
    let by_kind = index.kinds_on_lane(&data, 0, from, from + strip.bin_days);
    assert_eq!(by_kind.iter().sum::<usize>(), *count as usize);

    // One month in: every event of the lane in view is a mark again.
    let month = View { time: wide.time.with_days(from, from + 31.0), ..wide };
    let scene = Scene::layout(&data, &index, month, None);
    assert!(scene.densities.is_empty(), "a month holds few enough events to tell apart");
    let actor = match index.lanes[0].key {
        LaneKey::Actor(actor) => actor,
        other => panic!("lane 0 should be an actor, not {other:?}"),
    };
    let in_view = data
        .events_of(actor)
        .iter()
        .filter(|id| {
            let (first, last) = data.days(**id);
            month.overlaps(first as f64, last as f64 + 1.0)
        })
        .count();
    assert!(in_view > 0);
    assert_eq!(scene.marks.iter().filter(|m| m.lane == 0).count(), in_view);
}

#[test]
fn legend_counts_from_blocks_agree_with_counting_every_event_in_view() {
    let (data, shown, index) = synthetic(crate::bench_data::Spec { events: 5_000, actors: 12, seed: 9 });
    let (first, last) = fit_days(&data, &shown);
    let mut rng = fastrand::Rng::with_seed(4);
    for _ in 0..200 {
        let min_day = first + rng.f64() * (last - first);
        let max_day = min_day + rng.f64() * 3000.0;
        let mut expected = [0; Kind::ALL.len()];
        for &id in &shown {
            let (a, b) = data.days(id);
            if (b as f64) + 1.0 >= min_day && a as f64 <= max_day {
                expected[data.event(id).kind.index()] += 1;
            }
        }
        assert_eq!(index.all.kinds_in_view(&data, min_day, max_day), expected, "{min_day}..{max_day}");
    }
}

#[test]
fn a_treaty_draws_its_lifecycle_on_each_partys_lane() {
    use crate::model::{Stage, Status};
    let data = default_dataset().unwrap().dataset;
    let shown = Filter::default().apply(&data);
    let treaty = data.event_by_id("rus-ukr-friendship-treaty-1997").unwrap();
    let scene = Scene::build(&data, &shown, LaneMode::Actor, whole_story(1200.0), None);
    let lane_of = |code: &str| {
        let actor = data.actor_by_code(code).unwrap();
        scene.lanes.iter().position(|l| l.key == LaneKey::Actor(actor)).unwrap()
    };
    let day = |text: &str| crate::model::PartialDate::parse(text).unwrap().first_day_number() as f64;
    for code in ["RUS", "UKR"] {
        let lane = lane_of(code);
        let spans: Vec<(f64, f64, Status)> = scene
            .life_spans
            .iter()
            .filter(|s| s.event == treaty && s.lane == lane)
            .map(|s| (s.start_day, s.end_day, s.status))
            .collect();
        // Signed in May 1997, in force from April 1999 until it expired in April 2019.
        assert_eq!(
            spans,
            [
                (day("1997-05-31"), day("1999-04-01"), Status::Signed),
                (day("1999-04-01"), day("2019-04-01"), Status::InForce)
            ],
            "{code}"
        );
        let steps: Vec<Stage> =
            scene.life_marks.iter().filter(|m| m.event == treaty && m.lane == lane).map(|m| m.stage).collect();
        assert!(steps.contains(&Stage::Expired) && steps.contains(&Stage::Ratified), "{code}: {steps:?}");
    }
    // Ukraine's notice of withdrawal is its own, on its lane only.
    let notice = |lane| {
        scene.life_marks.iter().any(|m| m.event == treaty && m.lane == lane && m.stage == Stage::WithdrawalNotice)
    };
    assert!(notice(lane_of("UKR")) && !notice(lane_of("RUS")));
    // Two agreements alive at once on a lane are two rows, not one line over the other.
    for (i, a) in scene.life_spans.iter().enumerate() {
        for b in &scene.life_spans[i + 1..] {
            let overlap = a.lane == b.lane && a.event != b.event && a.start_day < b.end_day && b.start_day < a.end_day;
            let lane_rows = scene.life_spans.iter().filter(|s| s.lane == a.lane).map(|s| s.row).max().unwrap_or(0);
            assert!(!overlap || a.row != b.row || lane_rows + 1 == lifecycle::LIFE_ROWS, "{a:?} and {b:?} share a row");
        }
    }
}

#[test]
fn an_unknown_entry_into_force_is_drawn_for_the_selected_treaty_only() {
    use crate::model::Status;
    let data = default_dataset().unwrap().dataset;
    let shown = Filter::default().apply(&data);
    // Signed, with no entry into force in its sources.
    let treaty = data.event_by_id("rus-aze-friendship-treaty-1997").unwrap();
    let drawn = |scene: &Scene, id, status| scene.life_spans.iter().any(|s| s.event == id && s.status == status);
    assert!(!drawn(&Scene::build(&data, &shown, LaneMode::Actor, whole_story(1200.0), None), treaty, Status::Unknown));
    let selected = Scene::build(&data, &shown, LaneMode::Actor, whole_story(1200.0), Some(treaty));
    assert!(drawn(&selected, treaty, Status::Unknown));
    // The Adapted CFE Treaty is known never to have entered into force: signed, not unknown.
    let cfe = data.event_by_id("adapted-cfe-treaty-1999").unwrap();
    let selected = Scene::build(&data, &shown, LaneMode::Actor, whole_story(1200.0), Some(cfe));
    assert!(drawn(&selected, cfe, Status::Signed) && !drawn(&selected, cfe, Status::Unknown));
    // Unselected, a lifecycle that never took effect is not drawn across its thirty parties' lanes.
    let unselected = Scene::build(&data, &shown, LaneMode::Actor, whole_story(1200.0), None);
    assert!(!unselected.life_spans.iter().any(|s| s.event == cfe));
    assert!(unselected.life_spans.iter().any(|s| s.status == Status::InForce), "those that took effect are drawn");
}

#[test]
fn no_label_moves_when_something_is_selected() {
    let data = default_dataset().unwrap().dataset;
    let shown = Filter::default().apply(&data);
    let places = |scene: &Scene| {
        scene.labels.iter().map(|l| (l.event, l.lane, l.row, l.offset_px.to_bits())).collect::<Vec<_>>()
    };
    let plain = places(&Scene::build(&data, &shown, LaneMode::Actor, whole_story(1200.0), None));
    for &selected in shown.iter().step_by(7) {
        let scene = Scene::build(&data, &shown, LaneMode::Actor, whole_story(1200.0), Some(selected));
        assert_eq!(places(&scene), plain, "selecting {} moved labels", data.event(selected).id);
    }
}

#[test]
fn lanes_made_from_every_event_once_equal_lanes_made_for_each_filter() {
    use crate::model::{Kind, KindSet};
    use crate::query::ActorMatch;
    let synthetic = crate::bench_data::native_json(crate::bench_data::Spec { events: 3000, actors: 40, seed: 7 });
    let synthetic = crate::load::from_text(&synthetic, std::path::Path::new("synthetic.json")).unwrap().dataset;
    let mut no_treaties = KindSet::all();
    no_treaties.set(Kind::Treaty, false);
    let mut only_summits = KindSet::none();
    only_summits.set(Kind::Summit, true);
    // TimelineJS groups have lanes of their own, numbered among the shown groups.
    let groups = r#"{"events": [
        {"start_date": {"year": "-490"}, "text": {"headline": "Marathon"}, "group": "Greece"},
        {"start_date": {"year": "-480"}, "text": {"headline": "Salamis treaty"}, "group": "Greece"},
        {"start_date": {"year": "-264"}, "text": {"headline": "First Punic War"}, "group": "Rome"},
        {"start_date": {"year": "-202"}, "text": {"headline": "Zama"}, "group": "Carthage"},
        {"start_date": {"year": "-200"}, "text": {"headline": "A treaty of no group"}}
    ]}"#;
    let groups = crate::load::from_text(groups, std::path::Path::new("groups.json")).unwrap().dataset;
    assert!(groups.has_groups());
    for data in [default_dataset().unwrap().dataset, synthetic, groups] {
        let some_actors: Vec<String> = data.actors().iter().skip(1).step_by(3).map(|a| a.code.clone()).collect();
        let some_actors = if some_actors.len() < 2 { vec!["none".into(), "either".into()] } else { some_actors };
        let filters = [
            Filter::default(),
            Filter { kinds: no_treaties, ..Filter::default() },
            Filter { kinds: only_summits, ..Filter::default() },
            Filter { actors: some_actors.clone(), ..Filter::default() },
            Filter { actors: some_actors[..2].to_vec(), actor_match: ActorMatch::All, ..Filter::default() },
            Filter { text: "treaty".into(), ..Filter::default() },
            Filter { kinds: KindSet::none(), ..Filter::default() },
        ];
        for mode in [LaneMode::Actor, LaneMode::Kind] {
            let all = AllLanes::new(&data, mode);
            for filter in &filters {
                let shown = filter.apply(&data);
                let expected = LaneIndex::new(&data, &shown, mode, usize::MAX);
                assert_eq!(all.shown(&data, &shown), expected, "{mode:?}, {filter:?}");
            }
            // With every event shown, the lanes' entries are shared with every event's, not copied.
            let everything = all.shown(&data, &Filter::default().apply(&data));
            assert!(everything.all.shares_entries_with(&all.every().all), "{mode:?}");
        }
    }
}

/// The events on a lane, in order.
fn lane_events(data: &Dataset, index: &LaneIndex, lane: usize) -> Vec<EventId> {
    let mut events: Vec<EventId> = index.tracks[lane].in_view(data, f64::MIN, f64::MAX).map(|e| e.event).collect();
    events.sort_unstable();
    events
}

#[test]
fn pinned_lanes_come_first_in_their_order_and_folded_ones_share_the_last_lane() {
    let data = default_dataset().unwrap().dataset;
    let shown = Filter::default().apply(&data);
    let plain = LaneIndex::new(&data, &shown, LaneMode::Actor, usize::MAX);
    let code = |lane: &Lane| lane_code(&data, lane).unwrap().to_owned();
    let codes: Vec<String> = plain.lanes.iter().map(code).collect();
    // Pin the least active lane, then the third; fold the first and the second.
    let (last, third) = (codes[codes.len() - 1].clone(), codes[2].clone());
    let arrangement = LaneArrangement {
        pinned: vec![last.clone(), third.clone(), "NO-SUCH-LANE".into()],
        folded: vec![codes[0].clone(), codes[1].clone()],
    };
    let arranged = plain.clone().arranged(&data, &arrangement, usize::MAX);
    let names: Vec<Option<&str>> = arranged.lanes.iter().map(|l| lane_code(&data, l)).collect();
    assert_eq!(names[0], Some(last.as_str()));
    assert_eq!(names[1], Some(third.as_str()));
    // The rest keep their order, without the folded ones, and the folded lane comes last.
    let rest: Vec<String> = codes[3..codes.len() - 1].to_vec();
    assert_eq!(names[2..names.len() - 1].iter().map(|c| c.unwrap()).collect::<Vec<_>>(), rest);
    let folded = arranged.lanes.len() - 1;
    assert_eq!(arranged.lanes[folded].key, LaneKey::Folded);
    assert_eq!(arranged.lanes[folded].label, "2 folded lanes");
    assert_eq!(arranged.folded, plain.lanes[..2].to_vec());
    // The folded lane holds every event of the two lanes, each once, even one on both.
    let mut union = [lane_events(&data, &plain, 0), lane_events(&data, &plain, 1)].concat();
    union.sort_unstable();
    let both = union.windows(2).filter(|w| w[0] == w[1]).count();
    assert!(both > 0, "the two busiest actors share events");
    union.dedup();
    assert_eq!(lane_events(&data, &arranged, folded), union);
    assert_eq!(arranged.lanes[folded].events, union.len());
    // Lanes moved keep their events, and lifecycles follow their lanes.
    assert_eq!(lane_events(&data, &arranged, 0), lane_events(&data, &plain, codes.len() - 1));
    for &(id, lane) in &arranged.lifecycles {
        assert!(lane_events(&data, &arranged, lane).contains(&id), "{} is not on lane {lane}", data.event(id).id);
    }
    // Nothing pinned or folded changes nothing.
    assert_eq!(plain.clone().arranged(&data, &LaneArrangement::default(), usize::MAX), plain);
}

#[test]
fn a_pinned_lane_is_kept_when_a_figure_has_room_for_few_lanes() {
    let data = default_dataset().unwrap().dataset;
    let shown = Filter::default().apply(&data);
    let plain = LaneIndex::new(&data, &shown, LaneMode::Actor, usize::MAX);
    let quiet = lane_code(&data, plain.lanes.last().unwrap()).unwrap().to_owned();
    let arrangement = LaneArrangement { pinned: vec![quiet.clone()], folded: Vec::new() };
    let few = plain.clone().arranged(&data, &arrangement, 6);
    assert_eq!(few.lanes.len(), 6);
    assert_eq!(lane_code(&data, &few.lanes[0]), Some(quiet.as_str()));
    assert_eq!(few.lanes[5].key, LaneKey::Others);
    assert_eq!(few.lanes[5].label, format!("{} others", plain.lanes.len() - 5));
    // The lanes in between are the most active ones, in order.
    assert_eq!(few.lanes[1..5], plain.lanes[..4]);
    // A lane set aside as "others" keeps its events there.
    let others: Vec<EventId> = lane_events(&data, &plain, 4);
    let shared = lane_events(&data, &few, 5);
    assert!(others.iter().all(|id| shared.contains(id)));
}
