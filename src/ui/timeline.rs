//! The timeline: the scene painted with `egui_plot`, plus zoom, pan, hover and click.

use egui::{Align2, Color32, RichText, Stroke, vec2};
use egui_plot::{AxisHints, GridMark, Line, Plot, PlotPoint, Points, Text};

use super::command::Command;
use super::overview::{self, Grip};
use super::paint::{color, marker, paint_marker};
use crate::model::{Dataset, EventId, Kind};
use crate::scene::style::mark_style;
use crate::scene::ticks::{day_text, tick_label, tick_step, ticks};
use crate::scene::{DENSITY_BASE_PX, LABEL_RISE_PX, LABEL_ROW_PX, LaneIndex, Scene, TimeView, View, lane_y};

/// Height of a lane on screen; lanes that do not fit are reached by dragging up and down.
const LANE_HEIGHT_PX: f64 = 30.0;
/// The tallest a lane gets when there are only a few: room for three rows of labels.
const MAX_LANE_HEIGHT_PX: f64 = 64.0;
/// Width of the lane-name column.
const LANE_AXIS_WIDTH_PX: f32 = 150.0;
/// Radius of a marker.
const MARK_RADIUS_PX: f32 = 5.0;

/// What the timeline shows.
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
    pub all_lifecycles: bool,
    /// A file is loading.
    pub loading: bool,
}

/// The timeline's own state between frames.
#[derive(Default)]
pub struct TimelineState {
    /// The laid-out scene, and what it was laid out for.
    scene: Option<(Scene, u64, Option<EventId>)>,
    /// The days the plot was last told to show: when its own bounds differ, it was dragged or
    /// box-zoomed, and the timeline takes its days.
    told: Option<(f64, f64)>,
    /// Scroll the lanes back to the top on the next frame.
    pub lanes_to_top: bool,
    /// What a drag on the overview strip is moving, while it lasts.
    grip: Option<Grip>,
}

impl TimelineState {
    /// The scene last laid out.
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref().map(|(scene, _, _)| scene)
    }
}

/// Draws the legend, the plot and the overview strip.
pub fn show(ui: &mut egui::Ui, input: &Timeline<'_>, state: &mut TimelineState, out: &mut Vec<Command>) {
    legend_ui(ui, input, state.scene());
    if input.shown.is_empty() {
        let message = if input.loading && input.data.events().is_empty() {
            "Loading…"
        } else if input.data.events().is_empty() {
            "No events to show. Open a file (File → Open, or drop one here)."
        } else {
            "No event matches the filters. Reset filters to see them all."
        };
        ui.centered_and_justified(|ui| ui.label(message));
        return;
    }
    let lane_count = input.index.lanes.len().max(1);
    let lane_names: Vec<String> =
        state.scene().map_or_else(Vec::new, |s| s.lanes.iter().map(crate::scene::lane_title).collect());
    let plot_width_px = f64::from(ui.available_width() - LANE_AXIS_WIDTH_PX).max(100.0);
    let dark = ui.visuals().dark_mode;
    let x_axis = AxisHints::new_x()
        .formatter(|mark: GridMark, _range: &_| tick_label(mark.value, mark.step_size))
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
        paint_densities(&ui.painter().with_clip_rect(*response.transform.frame()), &response.transform, scene, dark);
        pointer_ui(input, scene, &response, out);
    }
    overview::show(
        ui,
        response.transform.frame().x_range(),
        input.index,
        input.shown_days,
        input.time,
        &mut state.grip,
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
        // Lane i is centred at y = −i; one more either side covers a lane half in view.
        visible_lanes: ((-bounds.max()[1]).floor().max(0.0) as usize, (-bounds.min()[1]).ceil().max(0.0) as usize + 1),
    };
    let current = state.scene.as_ref().is_some_and(|(s, generation, selected)| {
        s.view == view && *generation == input.index_generation && *selected == input.selected
    });
    if !current {
        let scene = Scene::layout(input.data, input.index, view, input.selected);
        if state.scene().is_none_or(|s| s.lanes.len() != scene.lanes.len()) {
            // The lane names are read before the plot is drawn; show the new ones next frame.
            plot_ui.ctx().request_repaint();
        }
        state.scene = Some((scene, input.index_generation, input.selected));
    }
    let Some(scene) = state.scene() else { return };
    for (i, era) in input.data.eras().iter().enumerate() {
        // Eras are shaded behind the events, each with its name at the top.
        let (start, end) = (era.start.first_day_number() as f64, era.end.last_day_number() as f64 + 1.0);
        let shade = if i % 2 == 0 { Color32::from_rgb(120, 150, 200) } else { Color32::from_rgb(200, 170, 110) };
        let span =
            egui_plot::Span::new(era.label.clone(), start..=end).fill(shade.gamma_multiply(0.12)).border_width(0.0);
        plot_ui.span(span.label_align(Align2::CENTER_TOP));
    }
    let lifecycles = if input.all_lifecycles { Lifecycles::All } else { Lifecycles::Selected };
    paint_scene(plot_ui, scene, input.selected, lifecycles, dark);
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
    let top = if std::mem::take(&mut state.lanes_to_top) || top.is_nan() {
        highest_top
    } else {
        top.clamp(lowest_top, highest_top)
    };
    plot_ui.set_plot_bounds_y(top - visible_lanes..=top);
    time
}

fn pointer_ui(input: &Timeline<'_>, scene: &Scene, response: &egui_plot::PlotResponse<()>, out: &mut Vec<Command>) {
    let hit = response.response.hover_pos().and_then(|pos| {
        let point = response.transform.value_from_position(pos);
        scene.hit(point.x, point.y, f64::from(MARK_RADIUS_PX) + 4.0)
    });
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
            let by_kind = input.index.kinds_on_lane(lane, from, to);
            response.response.clone().on_hover_ui_at_pointer(|ui| density_tooltip_ui(ui, count, from, to, by_kind));
        }
    }
    if let Some(id) = hit {
        let data = input.data;
        let event = data.event(id);
        response.response.ctx.set_cursor_icon(egui::CursorIcon::PointingHand);
        response.response.clone().on_hover_ui_at_pointer(|ui| {
            ui.strong(&event.title);
            ui.label(event.date_text());
            ui.horizontal(|ui| {
                super::paint::swatch_ui(ui, event.kind);
                ui.label(event.kind.label());
            });
            ui.label(data.party_names(event));
            // The lifecycle in brief; the details panel has each step's sources and notes.
            for m in &event.milestones {
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
            let galley = ui.painter().layout_no_wrap(text, font, ui.visuals().text_color());
            let size = vec2(18.0 + galley.size().x, galley.size().y.max(14.0));
            let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
            paint_marker(ui.painter(), egui::pos2(rect.left() + 7.0, rect.center().y), 5.0, entry.kind);
            let text_pos = egui::pos2(rect.left() + 18.0, rect.center().y - galley.size().y / 2.0);
            ui.painter().galley(text_pos, galley, ui.visuals().text_color());
            response.on_hover_text(entry.kind.description());
        }
        let drawn = |s: &&crate::scene::LifeSpan| input.all_lifecycles || Some(s.event) == input.selected;
        if scene.life_spans.iter().any(|s| drawn(&s)) {
            ui.weak(crate::scene::style::LIFE_LEGEND);
        }
    });
}

/// Which lifecycles the timeline draws.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lifecycles {
    /// Every agreement's with milestones.
    All,
    /// The selected event's only.
    Selected,
}

/// Draws bars, whiskers, connectors, marks and labels; the selected event is ringed and its labels bold.
fn paint_scene(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    scene: &Scene,
    selected: Option<crate::model::EventId>,
    lifecycles: Lifecycles,
    dark: bool,
) {
    let days_per_px = scene.view.days_per_px();
    let faint = if dark { Color32::from_gray(110) } else { Color32::from_gray(170) };
    let highlight = if dark { Color32::from_rgb(255, 220, 80) } else { Color32::from_rgb(200, 40, 40) };
    let text_color = if dark { Color32::from_gray(225) } else { Color32::from_gray(30) };
    for connector in &scene.connectors {
        let chosen = Some(connector.event) == selected;
        let points = vec![[connector.day, lane_y(connector.top_lane)], [connector.day, lane_y(connector.bottom_lane)]];
        let stroke = if chosen { Stroke::new(2.5, highlight) } else { Stroke::new(1.0, faint.gamma_multiply(0.8)) };
        plot_ui.line(Line::new("", points).stroke(stroke).allow_hover(false));
    }
    for bar in &scene.bars {
        let style = mark_style(bar.kind);
        let width = if Some(bar.event) == selected { 9.0 } else { 6.0 };
        let y = lane_y(bar.lane);
        let line = Line::new("", vec![[bar.start_day, y], [bar.end_day, y]]);
        plot_ui.line(line.stroke(Stroke::new(width, color(style.color).gamma_multiply(0.55))).allow_hover(false));
    }
    paint_lifecycles(plot_ui, scene, selected, lifecycles);
    for mark in &scene.marks {
        if let Some((first, end)) = mark.uncertain {
            let y = lane_y(mark.lane);
            let style = mark_style(mark.kind);
            let whisker = Line::new("", vec![[first, y], [end, y]]);
            plot_ui.line(whisker.stroke(Stroke::new(2.0, color(style.color).gamma_multiply(0.35))).allow_hover(false));
        }
    }
    for kind in Kind::ALL {
        let positions: Vec<[f64; 2]> =
            scene.marks.iter().filter(|m| m.kind == kind).map(|m| [m.day, lane_y(m.lane)]).collect();
        if positions.is_empty() {
            continue;
        }
        let style = mark_style(kind);
        let points = Points::new(kind.label(), positions)
            .shape(marker(style.shape))
            .filled(style.filled)
            .radius(MARK_RADIUS_PX)
            .color(color(style.color))
            .allow_hover(false);
        plot_ui.points(points);
    }
    if let Some(selected) = selected {
        let rings: Vec<[f64; 2]> =
            scene.marks.iter().filter(|m| m.event == selected).map(|m| [m.day, lane_y(m.lane)]).collect();
        let ring = Points::new("selected", rings)
            .radius(MARK_RADIUS_PX + 4.0)
            .filled(false)
            .color(highlight)
            .allow_hover(false);
        plot_ui.points(ring);
    }
    let rise = LABEL_RISE_PX / scene.view.lane_height_px.max(1.0);
    let row_height = LABEL_ROW_PX / scene.view.lane_height_px.max(1.0);
    for label in scene.labels.iter().filter(|l| l.row > 0) {
        // A leader from the marker up to a label in a higher row says which marker it names.
        let y = lane_y(label.lane);
        let leader = vec![
            [label.day, y + 6.0 / scene.view.lane_height_px],
            [label.day, y + rise + label.row as f64 * row_height],
        ];
        plot_ui.line(Line::new("", leader).stroke(Stroke::new(0.75, faint)).allow_hover(false));
    }
    for label in &scene.labels {
        let mut text = RichText::new(&label.text).size(12.0).color(text_color);
        if Some(label.event) == selected {
            text = text.strong().color(highlight);
        }
        let rise = rise + label.row as f64 * row_height;
        let position = PlotPoint::new(label.day + label.offset_px * days_per_px, lane_y(label.lane) + rise);
        plot_ui.text(Text::new("", position, text).anchor(Align2::LEFT_BOTTOM).allow_hover(false));
    }
}

/// Lifecycle lines just under each lane's markers, and the ticks of their steps.
fn paint_lifecycles(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    scene: &Scene,
    selected: Option<crate::model::EventId>,
    lifecycles: Lifecycles,
) {
    use crate::scene::style::{life_style, life_tick_px};
    let drawn = |event| lifecycles == Lifecycles::All || Some(event) == selected;
    let per_px = 1.0 / scene.view.lane_height_px.max(1.0);
    let below = |lane: usize, row: usize| lane_y(lane) - crate::scene::life_offset_px(row) * per_px;
    let kind_color = |kind| color(mark_style(kind).color);
    for span in scene.life_spans.iter().filter(|s| drawn(s.event)) {
        let style = life_style(span.status);
        let width = if Some(span.event) == selected { style.width_px + 1.0 } else { style.width_px };
        let y = below(span.lane, span.row);
        let line = Line::new("", vec![[span.start_day, y], [span.end_day, y]])
            .stroke(Stroke::new(width as f32, kind_color(span.kind).gamma_multiply(style.opacity as f32)))
            .allow_hover(false);
        let line = match style.dash_px {
            None => line,
            Some((on, off)) if on <= 2.0 => line.style(egui_plot::LineStyle::Dotted { spacing: (on + off) as f32 }),
            Some((on, _)) => line.style(egui_plot::LineStyle::Dashed { length: on as f32 }),
        };
        plot_ui.line(line);
    }
    for mark in scene.life_marks.iter().filter(|m| drawn(m.event)) {
        let half = life_tick_px(mark.stage) / 2.0 * per_px;
        let y = below(mark.lane, mark.row);
        let tick = Line::new("", vec![[mark.day, y - half], [mark.day, y + half]]);
        plot_ui.line(tick.stroke(Stroke::new(2.0, kind_color(mark.kind))).allow_hover(false));
    }
}

/// Paints each crowded lane as bars of how many events start in each few pixels, growing up from
/// where the markers would sit.
fn paint_densities(painter: &egui::Painter, transform: &egui_plot::PlotTransform, scene: &Scene, dark: bool) {
    if scene.densities.is_empty() {
        return;
    }
    let fill = if dark { Color32::from_rgb(86, 180, 233) } else { Color32::from_rgb(0, 114, 178) };
    let lane_px = scene.view.lane_height_px as f32;
    let frame = transform.frame();
    let px_per_day = f64::from(frame.width()) / (scene.view.time.max_day - scene.view.time.min_day).max(1e-9);
    let x_of = |day: f64| frame.left() + ((day - scene.view.time.min_day) * px_per_day) as f32;
    let mut mesh = egui::Mesh::default();
    for density in &scene.densities {
        let bottom = transform.position_from_point_y(lane_y(density.lane)) + DENSITY_BASE_PX as f32;
        if bottom < frame.top() || bottom - lane_px > frame.bottom() {
            continue;
        }
        for (from, to, height) in density.bars(scene.view.lane_height_px) {
            let (left, right) = (x_of(from), x_of(to) - 0.5);
            let rect = egui::Rect::from_min_max(egui::pos2(left, bottom - height as f32), egui::pos2(right, bottom));
            mesh.add_colored_rect(rect, fill.gamma_multiply(0.85));
        }
    }
    painter.add(egui::Shape::mesh(mesh));
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
