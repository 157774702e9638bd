//! The timeline: the scene painted with `egui_plot`, plus zoom, pan, hover and click.

use egui::{Align2, vec2};
use egui_plot::{AxisHints, GridMark, Plot};

use super::command::Command;
use super::overview::{self, OverviewState};
use super::paint::{Lifecycles, paint_marker, paint_over_plot, plot_scene, window_palette};
use crate::model::{Dataset, EventId, Kind, Relation};
use crate::scene::ticks::{day_text, tick_label, tick_step, ticks};
use crate::scene::{LaneArrangement, LaneIndex, Lineage, Scene, TimeView, View, lane_y};

/// Height of a lane on screen; lanes that do not fit are reached by dragging up and down.
const LANE_HEIGHT_PX: f64 = 30.0;
/// The tallest a lane gets when there are only a few: room for three rows of labels.
const MAX_LANE_HEIGHT_PX: f64 = 64.0;
/// Width of the lane-name column.
const LANE_AXIS_WIDTH_PX: f32 = 150.0;

/// What the timeline shows.
#[allow(clippy::struct_excessive_bools, reason = "each flag is a switch of the view")]
pub struct Timeline<'a> {
    pub data: &'a Dataset,
    pub shown: &'a [EventId],
    /// The days that fit every shown event.
    pub shown_days: (f64, f64),
    /// The lanes of the shown events.
    pub index: &'a LaneIndex,
    /// Bumped whenever `index` is rebuilt, so the scene knows to follow.
    pub index_generation: u64,
    /// The days in view, as the app holds them.
    pub time: TimeView,
    pub selected: Option<EventId>,
    /// The events that link to the selected one.
    pub incoming: &'a [(EventId, Relation)],
    pub all_lifecycles: bool,
    /// Dim what is outside the selection's lineage.
    pub focus: bool,
    /// Draw every relation among the events in view.
    pub all_links: bool,
    /// A file is loading.
    pub loading: bool,
    /// The lanes pinned and folded.
    pub arrangement: &'a LaneArrangement,
}

/// The timeline's own state between frames.
#[derive(Default)]
pub struct TimelineState {
    /// The laid-out scene, and what it was laid out for: the lanes' generation, the selection, and
    /// whether it has every link.
    scene: Option<(Scene, u64, Option<EventId>, bool)>,
    /// The days the plot was last told to show: when its own bounds differ, it was dragged or
    /// box-zoomed, and the timeline takes its days.
    told: Option<(f64, f64)>,
    /// Scroll the lanes back to the top on the next frame.
    pub lanes_to_top: bool,
    /// Lanes to scroll by on the next frame (positive: further down), from the "more lanes" hints.
    scroll_lanes: f64,
    /// The overview strip's own state.
    overview: OverviewState,
}

impl TimelineState {
    /// The scene last laid out.
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref().map(|(scene, ..)| scene)
    }
}

/// Draws the legend, the plot and the overview strip.
pub fn show(ui: &mut egui::Ui, input: &Timeline<'_>, state: &mut TimelineState, out: &mut Vec<Command>) {
    legend_ui(ui, input, state.scene());
    if input.shown.is_empty() {
        let message = if input.loading && input.data.is_empty() {
            "Loading…"
        } else if input.data.is_empty() {
            "No events to show. Open a file (File → Open, or drop one here)."
        } else {
            "No event matches the filters. Reset filters to see them all."
        };
        ui.centered_and_justified(|ui| ui.label(message));
        return;
    }
    let lane_count = input.index.lanes.len().max(1);
    // The last scene's lanes carry their "+N" counts; after new lanes (or new data) they are stale
    // until the plot lays out again, so the new lanes are named until then.
    let lanes = match &state.scene {
        Some((scene, generation, ..)) if *generation == input.index_generation => &scene.lanes,
        _ => &input.index.lanes,
    };
    let lane_names: Vec<String> =
        lanes.iter().map(|lane| super::lanes::column_name(input.data, lane, input.arrangement)).collect();
    let plot_width_px = f64::from(ui.available_width() - LANE_AXIS_WIDTH_PX).max(100.0);
    let dark = ui.visuals().dark_mode;
    let tick_px = f64::from(egui::TextStyle::Body.resolve(ui.style()).size);
    let x_axis = AxisHints::new_x()
        .formatter(move |mark: GridMark, range: &std::ops::RangeInclusive<f64>| {
            let text = tick_label(mark.value, mark.step_size, mark.value - mark.step_size < *range.start());
            // A date is centred on its tick: one too near the right edge would be cut in half there.
            let room_px = (range.end() - mark.value) * plot_width_px / (range.end() - range.start()).max(1e-9);
            if room_px < crate::scene::text::text_width_px(&text, tick_px) / 2.0 { String::new() } else { text }
        })
        .label_spacing(24.0..=32.0);
    let y_axis = AxisHints::new_y()
        .formatter(move |mark: GridMark, _range: &_| {
            let lane = (-mark.value).round();
            if (mark.value + lane).abs() > 0.01 || lane < 0.0 {
                return String::new();
            }
            lane_names.get(lane as usize).cloned().unwrap_or_default()
        })
        .min_thickness(LANE_AXIS_WIDTH_PX)
        .label_spacing(12.0..=14.0);
    let response = Plot::new("timeline")
        .custom_x_axes(vec![x_axis])
        .custom_y_axes(vec![y_axis])
        .x_grid_spacer(move |input| {
            let step = tick_step((input.bounds.1 - input.bounds.0) / plot_width_px);
            ticks(input.bounds.0, input.bounds.1, step)
                .into_iter()
                .map(|value| GridMark { value, step_size: step.days() })
                .collect()
        })
        .y_grid_spacer(move |input| {
            // Only lanes whose centre line is inside the plot get a name, so none spills over the edge.
            let first = (-input.bounds.1).ceil().max(0.0) as usize;
            let last = ((-input.bounds.0).floor().max(0.0) as usize).min(lane_count - 1);
            (first..=last).map(|lane| GridMark { value: lane_y(lane), step_size: 1.0 }).collect()
        })
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_double_click_reset(false)
        .allow_boxed_zoom(true)
        .show_x(false)
        .show_y(false)
        .show_background(true)
        .height((ui.available_height() - overview::HEIGHT_PX).max(120.0))
        .show(ui, |plot_ui| plot_ui_contents(plot_ui, input, state, out, dark));
    if let Some(scene) = state.scene() {
        let painter = ui.painter().with_clip_rect(*response.transform.frame());
        let focus = focus_set(input, scene);
        paint_over_plot(&painter, &response.transform, scene, input.selected, focus.as_deref(), &window_palette(dark));
        if let Some(id) = input.selected {
            let named = (id, input.data.event(id).label());
            super::paint::paint_callout(&painter, &response.transform, scene, named, &window_palette(dark));
        }
        pointer_ui(input, scene, &response, out);
        let lanes = (input.data, scene.lanes.as_slice(), input.index.folded.as_slice());
        super::lanes::names_ui(ui, &response.transform, LANE_AXIS_WIDTH_PX, lanes, input.arrangement, out);
    }
    more_lanes_ui(ui, &response, input.index.lanes.len(), state);
    overview::show(
        ui,
        response.transform.frame().x_range(),
        (input.index, input.index_generation),
        input.shown_days,
        input.time,
        &mut state.overview,
        out,
    );
}

fn plot_ui_contents(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    input: &Timeline<'_>,
    state: &mut TimelineState,
    out: &mut Vec<Command>,
    dark: bool,
) {
    let time = follow_view(plot_ui, input, state);
    if time != input.time {
        out.push(Command::SetView(time));
    }
    let bounds = plot_ui.plot_bounds();
    let size = plot_ui.response().rect.size();
    let view = View {
        time,
        lane_height_px: f64::from(size.y) / bounds.height().max(1e-9),
        // Lane i is centred at y = −i. The lane whose line is above the top is half in view; one
        // whose line is below the bottom is not: its labels and strip would show, cut, under the
        // last lane as if they were that lane's own.
        visible_lanes: ((-bounds.max()[1]).floor().max(0.0) as usize, (-bounds.min()[1]).floor().max(0.0) as usize + 1),
    };
    let key = (input.index_generation, input.selected, input.all_links);
    let current =
        state.scene.as_ref().is_some_and(|(s, g, selected, all)| s.view == view && (*g, *selected, *all) == key);
    if !current {
        let mut scene = Scene::layout(input.data, input.index, view, input.selected);
        let lineage = match (input.all_links, input.selected) {
            (true, _) => Lineage::All,
            (false, Some(id)) => Lineage::Of(id, input.incoming),
            (false, None) => Lineage::None,
        };
        scene.add_lineage(input.data, input.index, lineage);
        if state.scene().is_none_or(|s| s.lanes != scene.lanes || s.legend != scene.legend) {
            // The legend, the lane names and their "+N" counts are drawn before the plot lays out:
            // draw the new ones next frame, rather than at the next input.
            plot_ui.ctx().request_repaint();
        }
        state.scene = Some((scene, key.0, key.1, key.2));
    }
    let Some(scene) = state.scene() else { return };
    let lifecycles = if input.all_lifecycles { Lifecycles::All } else { Lifecycles::Selected };
    let focus = focus_set(input, scene);
    plot_scene(plot_ui, scene, input.data.eras(), input.selected, lifecycles, focus.as_deref(), &window_palette(dark));
}

/// The days to show this frame: the app's, or the plot's own after a drag or a box zoom; then the
/// mouse wheel zooms about the pointer, and the view is kept near the data. The plot is told the
/// result, and the lanes are kept in range.
fn follow_view(plot_ui: &mut egui_plot::PlotUi<'_>, input: &Timeline<'_>, state: &mut TimelineState) -> TimeView {
    let bounds = plot_ui.plot_bounds();
    let plot_days = (bounds.min()[0], bounds.max()[0]);
    let width_px = f64::from(plot_ui.response().rect.width()).max(1.0);
    let moved_by_plot = state.told.is_some_and(|(min, max)| {
        let tolerance = (max - min).abs() * 1e-9;
        (plot_days.0 - min).abs() > tolerance || (plot_days.1 - max).abs() > tolerance
    });
    let mut time = if moved_by_plot { input.time.with_days(plot_days.0, plot_days.1) } else { input.time };
    time.width_px = width_px;
    // egui_plot queues its own zoom after ours would apply, so the wheel is handled here.
    if plot_ui.response().hovered() {
        let scroll = plot_ui.ctx().input(|i| i.smooth_scroll_delta);
        if scroll.y != 0.0 {
            let anchor = plot_ui.pointer_coordinate().map_or(time.middle(), |p| p.x);
            time = time.zoomed(f64::from(scroll.y * 0.004).exp(), anchor);
        }
        time = time.panned(-f64::from(scroll.x) * time.days_per_px());
    }
    let time = time.clamped(input.shown_days);
    plot_ui.set_plot_bounds_x(time.min_day..=time.max_day);
    state.told = Some((time.min_day, time.max_day));
    // Lanes keep a readable height: as many as fit are shown, the rest are a drag away.
    // A lane's labels stay below the lane above it, so one lane of room above the top lane holds them.
    // Few lanes do not stretch to fill the plot: a lane is at most MAX_LANE_HEIGHT_PX tall.
    let lanes = input.index.lanes.len().max(1) as f64;
    let height_px = f64::from(plot_ui.response().rect.height()).max(1.0);
    let visible_lanes = (height_px / LANE_HEIGHT_PX).min(lanes + 0.4).max(height_px / MAX_LANE_HEIGHT_PX).max(1.0);
    let highest_top = 1.0;
    let lowest_top = (visible_lanes - lanes + 0.6).min(highest_top);
    let top = bounds.max()[1];
    let scroll = std::mem::take(&mut state.scroll_lanes);
    let top = if std::mem::take(&mut state.lanes_to_top) || top.is_nan() {
        highest_top
    } else {
        (top - scroll).clamp(lowest_top, highest_top)
    };
    plot_ui.set_plot_bounds_y(top - visible_lanes..=top);
    time
}

/// "▲ N more lanes above" and "▼ N more lanes below" over the plot when lanes do not fit; a click
/// scrolls by a page. (Dragging up and down scrolls too.)
fn more_lanes_ui(ui: &mut egui::Ui, response: &egui_plot::PlotResponse<()>, lanes: usize, state: &mut TimelineState) {
    let frame = *response.transform.frame();
    let bounds = response.transform.bounds();
    // Lane i is centred at y = −i: a lane is hidden when its centre line is out of the plot.
    let first_shown = (-bounds.max()[1]).ceil().max(0.0) as usize;
    let last_shown = ((-bounds.min()[1]).floor().max(0.0) as usize).min(lanes.saturating_sub(1));
    let (above, below) = (first_shown, lanes.saturating_sub(last_shown + 1));
    let page = (last_shown + 1).saturating_sub(first_shown).max(1) as f64;
    for (count, text, at, align, step) in [
        (above, "▲", frame.left_top() + vec2(6.0, 4.0), Align2::LEFT_TOP, -page),
        (below, "▼", frame.left_bottom() + vec2(6.0, -4.0), Align2::LEFT_BOTTOM, page),
    ] {
        if count == 0 {
            continue;
        }
        let lanes_word = if count == 1 { "lane" } else { "lanes" };
        let where_ = if step < 0.0 { "above" } else { "below" };
        let words = format!("{text} {count} more {lanes_word} {where_}");
        let galley = ui.painter().layout_no_wrap(
            words.clone(),
            egui::FontId::proportional(12.0),
            ui.visuals().strong_text_color(),
        );
        let rect = align.anchor_size(at, galley.size()).expand(3.0);
        let hint = ui.interact(rect, ui.scope_id().with(("more-lanes", where_)), egui::Sense::click());
        hint.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &words));
        ui.painter().rect_filled(rect, 3.0, ui.visuals().extreme_bg_color.gamma_multiply(0.9));
        ui.painter().galley(rect.min + vec2(3.0, 3.0), galley, ui.visuals().strong_text_color());
        if hint.on_hover_text("Click to scroll the lanes (or drag the timeline up and down)").clicked() {
            state.scroll_lanes += step;
            ui.ctx().request_repaint();
        }
    }
}

/// In focus mode, the events kept bright: the selected one and those its arcs reach (sorted).
fn focus_set(input: &Timeline<'_>, scene: &Scene) -> Option<Vec<EventId>> {
    let selected = input.selected.filter(|_| input.focus)?;
    let mut kept: Vec<EventId> = scene.links.iter().flat_map(|l| [l.from, l.to]).collect();
    kept.push(selected);
    kept.sort_unstable();
    kept.dedup();
    Some(kept)
}

/// The arc under the pointer, within a few pixels.
fn link_at(scene: &Scene, transform: &egui_plot::PlotTransform, pointer: egui::Pos2) -> Option<crate::scene::Link> {
    let px = |(day, lane): (f64, usize)| {
        let p = transform.position_from_point(&egui_plot::PlotPoint::new(day, lane_y(lane)));
        (f64::from(p.x), f64::from(p.y))
    };
    let (x, y) = (f64::from(pointer.x), f64::from(pointer.y));
    scene.links.iter().copied().find(|link| {
        let top = f64::from(transform.frame().top());
        let points = crate::scene::style::arc_points(px(link.from_at), px(link.to_at), top, 24);
        points.windows(2).any(|w| distance_to_segment((x, y), w[0], w[1]) <= 5.0)
    })
}

fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = dx * dx + dy * dy;
    let t = if length > 0.0 { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length).clamp(0.0, 1.0) } else { 0.0 };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

fn pointer_ui(input: &Timeline<'_>, scene: &Scene, response: &egui_plot::PlotResponse<()>, out: &mut Vec<Command>) {
    let hit = response.response.hover_pos().and_then(|pos| {
        let point = response.transform.value_from_position(pos);
        scene.hit(point.x, point.y, crate::scene::style::MARK_RADIUS_PX + 4.0)
    });
    let arc = if hit.is_none() {
        response.response.hover_pos().and_then(|pos| link_at(scene, &response.transform, pos))
    } else {
        None
    };
    if let Some(link) = arc {
        let data = input.data;
        let (from, to) = (data.event(link.from), data.event(link.to));
        // Following an arc goes to its far end: the one that is not selected.
        let other = if Some(link.from) == input.selected { link.to } else { link.from };
        response.response.ctx.set_cursor_icon(egui::CursorIcon::PointingHand);
        response.response.clone().on_hover_ui_at_pointer(|ui| {
            ui.strong(format!("{} {} {}", from.label(), link.relation.phrase(), to.label()));
            ui.weak(format!("Click to go to {}", data.event(other).label()));
        });
        if response.response.clicked() {
            out.push(Command::Reveal(other));
            return;
        }
    }
    if response.response.double_clicked() {
        // A double click on a marker zooms to its event; elsewhere it fits the view.
        match hit {
            Some(id) => out.extend([Command::Select(Some(id)), Command::ZoomToSelection]),
            None => out.push(Command::Fit),
        }
    } else if response.response.clicked() {
        out.push(Command::Select(hit));
    }
    if hit.is_none()
        && let Some(pos) = response.response.hover_pos()
    {
        let point = response.transform.value_from_position(pos);
        if let Some((lane, from, to, count)) = scene.density_at(point.x, point.y).filter(|d| d.3 > 0) {
            let by_kind = input.index.kinds_on_lane(input.data, lane, from, to);
            response.response.clone().on_hover_ui_at_pointer(|ui| density_tooltip_ui(ui, count, from, to, by_kind));
        }
    }
    if let Some(id) = hit {
        let data = input.data;
        let event = data.event(id);
        response.response.ctx.set_cursor_icon(egui::CursorIcon::PointingHand);
        response.response.clone().on_hover_ui_at_pointer(|ui| {
            ui.strong(event.title);
            ui.label(event.date_text());
            ui.horizontal(|ui| {
                super::paint::swatch_ui(ui, event.kind);
                ui.label(event.kind.label());
            });
            ui.label(data.party_names(event));
            // The lifecycle in brief; the details panel has each step's sources and notes.
            for m in event.milestones {
                let who = m.party.map_or("all parties", |p| data.actor(p).code.as_str());
                ui.weak(format!("{}: {} {}", m.date, who, m.stage.label()));
            }
            ui.weak("Double-click to zoom to it.");
        });
    }
}

fn legend_ui(ui: &mut egui::Ui, input: &Timeline<'_>, scene: Option<&Scene>) {
    let Some(scene) = scene else {
        ui.label(" ");
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.weak("In view:");
        for entry in &scene.legend {
            // Swatch and words are one item, so wrapping never parts them.
            let text = format!("{} {}", entry.kind.label(), entry.count);
            let font = egui::TextStyle::Body.resolve(ui.style());
            let galley = ui.painter().layout_no_wrap(text.clone(), font, ui.visuals().text_color());
            let size = vec2(18.0 + galley.size().x, galley.size().y.max(14.0));
            let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
            paint_marker(ui.painter(), egui::pos2(rect.left() + 7.0, rect.center().y), 5.0, entry.kind);
            let text_pos = egui::pos2(rect.left() + 18.0, rect.center().y - galley.size().y / 2.0);
            ui.painter().galley(text_pos, galley, ui.visuals().text_color());
            // Screen readers (and tests) read the entry as its words.
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
            response.on_hover_text(entry.kind.description());
        }
        let drawn = |s: &&crate::scene::LifeSpan| input.all_lifecycles || Some(s.event) == input.selected;
        if scene.life_spans.iter().any(|s| drawn(&s)) {
            ui.weak(crate::scene::style::LIFE_LEGEND_TITLE);
            for (glyph, words) in crate::scene::style::LIFE_LEGEND {
                super::paint::life_glyph_ui(ui, glyph, words);
            }
        }
    });
}

/// What a bin of a density strip holds: how many events, over which days, of which kinds.
fn density_tooltip_ui(ui: &mut egui::Ui, count: u32, from: f64, to: f64, by_kind: [usize; Kind::ALL.len()]) {
    let events = if count == 1 { "1 event".to_owned() } else { format!("{count} events") };
    ui.strong(events);
    // The bin holds the events that start on whole days from `from` up to, not including, `to`.
    let (first, last) = (from.ceil(), (to.ceil() - 1.0).max(from.ceil()));
    let days = if last <= first { day_text(first) } else { format!("{} – {}", day_text(first), day_text(last)) };
    ui.label(days);
    for kind in Kind::ALL.into_iter().filter(|k| by_kind[k.index()] > 0) {
        ui.horizontal(|ui| {
            super::paint::swatch_ui(ui, kind);
            ui.label(format!("{} {}", kind.label(), by_kind[kind.index()]));
        });
    }
    ui.weak("Zoom in to see each event.");
}
