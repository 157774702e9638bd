//! The scene written as SVG: text as text, no external references, the same layout as the window.

use std::fmt::Write as _;

mod legend;
mod marker;

use legend::{header_svg, legend_text};
use marker::mark_svg;
pub use marker::marker_sheet;

use super::figure::{Figure, FigureTheme, filter_line};
use crate::model::{Dataset, EventId, Kind};
use crate::query::Filter;
use crate::scene::style::{self, Ink, MARK_RADIUS_PX as MARK_RADIUS, Rgb, mark_style};
use crate::scene::text::text_width_px;
use crate::scene::ticks::{tick_label, tick_step, ticks};
use crate::scene::{LABEL_RISE_PX, LABEL_ROW_PX, LaneIndex, Lineage, Scene, TimeView, View};

const MARGIN: f64 = 24.0;
/// Top of the plot when the legend takes one row; each further legend row pushes it down.
const PLOT_TOP: f64 = 112.0;
const LEGEND_ROW_PX: f64 = 22.0;
/// Space under the plot for tick labels and the source line.
const PLOT_BOTTOM_GAP: f64 = 60.0;
const LABEL_HEADROOM: f64 = 14.0;
/// How far a 12 px label's letters reach above its baseline.
const LABEL_ASCENT_PX: f64 = 12.0;
/// The thinnest lane a figure draws: room for the markers and one row of labels (the scene labels
/// lanes from 26 px), with a little to spare for the headroom the top lane's labels take.
const FIGURE_LANE_MIN_PX: f64 = 28.0;

/// The font every text uses (Ubuntu Light, typographic family "Ubuntu"); the PNG renderer loads it from `assets/fonts`.
pub const FONT_FAMILY: &str = "Ubuntu";

/// The theme's colours as SVG colours.
struct Palette {
    background: String,
    text: String,
    weak: String,
    grid: String,
    connector: String,
    /// Bars of density strips.
    density: String,
    /// The highlighter behind the labels of highlighted events.
    highlighter: String,
    line_width: f64,
}

fn palette(theme: FigureTheme) -> Palette {
    let ink = match theme {
        FigureTheme::Light => Ink::Light,
        FigureTheme::Dark => Ink::Dark,
        FigureTheme::Print => Ink::Print,
    };
    let p = style::palette(ink);
    Palette {
        background: hex(p.background),
        text: hex(p.text),
        weak: hex(p.weak),
        grid: hex(p.grid),
        connector: hex(p.connector),
        density: hex(p.density),
        // A marker pen's yellow on paper, a dim amber under light text.
        highlighter: if theme == FigureTheme::Dark { "#6b5400" } else { "#ffe27a" }.to_owned(),
        line_width: p.line_width,
    }
}

fn hex(rgb: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// Escapes text for XML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The words of a `<text>`: escaped, with each run the first font lacks in a `<tspan>` naming the
/// font the scene measured it with, so any SVG reader sets every script in that font.
fn text_content(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (face, range) in crate::scene::text::runs(text) {
        let words = escape(&text[range]);
        if face == 0 {
            out.push_str(&words);
        } else {
            let _ = write!(out, r#"<tspan font-family="{}">{words}</tspan>"#, crate::scene::text::FACES[face].family);
        }
    }
    out
}

/// Where things go on the canvas; `x` and `y` turn days and lanes into canvas pixels.
struct Layout {
    width: f64,
    height: f64,
    /// Where each legend entry goes: x and baseline y.
    legend: Vec<(f64, f64)>,
    /// Where the lifecycle legend's heading and each of its glyphs go, when lifecycles are drawn.
    life_legend: Vec<(f64, f64)>,
    plot_top: f64,
    plot_left: f64,
    plot_right: f64,
    plot_bottom: f64,
    lanes_top: f64,
    lane_height: f64,
    view: View,
}

impl Layout {
    fn x(&self, day: f64) -> f64 {
        self.plot_left + self.view.time.x_from_day(day)
    }

    fn y(&self, lane: usize) -> f64 {
        self.y_of(crate::scene::lane_y(lane))
    }

    /// The pixel row of a lane-y (lane 0's centre line at 0, the next at −1, …).
    fn y_of(&self, lane_y: f64) -> f64 {
        self.lanes_top + (0.5 - lane_y) * self.lane_height
    }

    fn label_baseline(&self, lane: usize, row: usize) -> f64 {
        self.y(lane) - LABEL_RISE_PX - 2.0 - row as f64 * LABEL_ROW_PX
    }
}

/// Writes `shown` (event ids in date order, as the filter returned them) as an SVG document.
pub fn render_svg(data: &Dataset, shown: &[EventId], filter: &Filter, figure: &Figure) -> String {
    let (min_day, max_day) = figure.range.days(data, shown);
    // A figure of part of the time shows only the lanes and counts of events in that part.
    let in_range = super::figure::in_range(data, shown, (min_day, max_day));
    let (layout, scene) = lay_out(data, &in_range, figure, (min_day, max_day));
    let colors = palette(figure.theme);
    let (width, height) = (layout.width, layout.height);

    let mut svg = String::with_capacity(64 * 1024);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT_FAMILY}, sans-serif">"#
    );
    let _ = write!(svg, r#"<rect width="100%" height="100%" fill="{}"/>"#, colors.background);
    let _ = write!(svg, "<title>{}</title>", escape(&figure.title));
    header_svg(&mut svg, &scene, &layout, &colors, &figure.title, &filter_line(data, filter));
    frame_svg(&mut svg, data, &scene, &layout, &colors);
    content_svg(&mut svg, data, &scene, &layout, &colors, figure);
    let source = format!("Source: {} · {} of {} events · made with Accords", data.name(), in_range.len(), data.len());
    let _ = write!(
        svg,
        r#"<text id="source" x="{MARGIN}" y="{}" font-size="12" fill="{}">{}</text>"#,
        height - 14.0,
        colors.weak,
        text_content(&source)
    );
    svg.push_str("</svg>\n");
    svg
}

/// Sizes the lane column and the lanes, then lays the scene out for the plot area.
fn lay_out(data: &Dataset, shown: &[EventId], figure: &Figure, (min_day, max_day): (f64, f64)) -> (Layout, Scene) {
    let width = f64::from(figure.size.width);
    let height = f64::from(figure.size.height);
    // Lay out once to learn the lanes, then again with the real lane height and plot width.
    // Lanes stay tall enough for a row of labels; the least active actors share the last lane.
    let max_lanes = ((height - PLOT_BOTTOM_GAP - PLOT_TOP - LABEL_HEADROOM) / FIGURE_LANE_MIN_PX).floor() as usize;
    let probe =
        View { time: TimeView::new(min_day, max_day, width), lane_height_px: 0.0, visible_lanes: View::ALL_LANES };
    let index = LaneIndex::new(data, shown, figure.lanes, usize::MAX).arranged(data, &figure.arrangement, max_lanes);
    let probe = Scene::layout(data, &index, probe, None);
    let lanes = probe.lanes;
    // Legend entries flow left to right and wrap; the plot starts below the last row.
    // The lifecycle glyphs follow the kinds, when the figure draws lifecycles.
    let kind_widths = probe.legend.iter().map(|entry| 14.0 + text_width_px(&legend_text(entry), 13.0) + 18.0);
    let life_widths = std::iter::once(text_width_px(style::LIFE_LEGEND_TITLE, 12.0) + 6.0)
        .chain(
            style::LIFE_LEGEND.iter().map(|(_, words)| style::LIFE_GLYPH_PX + 4.0 + text_width_px(words, 12.0) + 12.0),
        )
        .take(if probe.life_spans.is_empty() { 0 } else { usize::MAX });
    let mut legend = Vec::with_capacity(probe.legend.len() + 1 + style::LIFE_LEGEND.len());
    let (mut legend_x, mut legend_y) = (MARGIN, 96.5);
    for entry_width in kind_widths.chain(life_widths) {
        if legend_x + entry_width > width - MARGIN && legend_x > MARGIN {
            (legend_x, legend_y) = (MARGIN, legend_y + LEGEND_ROW_PX);
        }
        legend.push((legend_x, legend_y));
        legend_x += entry_width;
    }
    let life_legend = legend.split_off(probe.legend.len());
    let plot_top = PLOT_TOP + (legend_y - 96.5);
    // Room for the longest lane name with a count of unlabelled events after it.
    let longest = lanes.iter().map(|l| text_width_px(&format!("{}  +888", l.label), 13.0)).fold(0.0, f64::max);
    let plot_left = MARGIN + (longest + 12.0).clamp(60.0, 260.0);
    let plot_right = width - MARGIN;
    let plot_bottom = height - PLOT_BOTTOM_GAP;
    // Headroom inside the plot for the labels above the top lane: they may rise as many rows as a
    // lane of this height holds, more than half a lane above its line.
    let lane_count = lanes.len().max(1) as f64;
    let mut lanes_top = plot_top + LABEL_HEADROOM;
    let mut lane_height = (plot_bottom - lanes_top) / lane_count;
    let rows = crate::scene::label_rows(lane_height) as f64;
    let top_label_rise = LABEL_RISE_PX + 2.0 + (rows - 1.0).max(0.0) * LABEL_ROW_PX + LABEL_ASCENT_PX;
    let needed = top_label_rise - lane_height / 2.0;
    if needed > LABEL_HEADROOM {
        lanes_top = plot_top + needed;
        lane_height = (plot_bottom - lanes_top) / lane_count;
    }
    let view = View {
        time: TimeView::new(min_day, max_day, plot_right - plot_left),
        lane_height_px: lane_height,
        visible_lanes: View::ALL_LANES,
    };
    // A figure is fixed: the event in focus and the highlighted ones are named first.
    let mut first = figure.highlight.clone();
    first.extend(figure.focus);
    first.sort_unstable();
    first.dedup();
    let mut scene = Scene::layout_highlighting(data, &index, view, figure.focus, &first);
    if let Some(id) = figure.focus {
        scene.add_lineage(data, &index, Lineage::Of(id, &data.referring_to(id)));
    }
    let layout = Layout {
        width,
        height,
        legend,
        life_legend,
        plot_top,
        plot_left,
        plot_right,
        plot_bottom,
        lanes_top,
        lane_height,
        view,
    };
    (layout, scene)
}

/// Lifecycles just under the markers, as in the window: a line per stretch of an agreement's life
/// (`class="lifecycle in-force"` …) and a tick per step (`class="lifecycle-step ratified"` …).
fn lifecycles_svg(svg: &mut String, data: &Dataset, scene: &Scene, layout: &Layout) {
    let (x, y) = (|day: f64| layout.x(day), |lane: usize| layout.y(lane));
    let id = |event: EventId| escape(data.event(event).id);
    let below = |lane: usize, row: usize| y(lane) + crate::scene::life_offset_px(row);
    for life in &scene.life_spans {
        let style = crate::scene::style::life_style(life.status);
        let dash = style.dash_px.map_or_else(String::new, |(on, off)| format!(r#" stroke-dasharray="{on} {off}""#));
        let (status, event) = (life.status.code(), id(life.event));
        let (x1, x2, line_y) = (
            x(life.start_day.max(layout.view.time.min_day)),
            x(life.end_day.min(layout.view.time.max_day)),
            below(life.lane, life.row),
        );
        let (color, width, opacity) = (hex(mark_style(life.kind).color), style.width_px, style.opacity);
        let _ = write!(
            svg,
            r#"<line class="lifecycle {status}" data-event="{event}" x1="{x1:.2}" x2="{x2:.2}" y1="{line_y:.2}" y2="{line_y:.2}" stroke="{color}" stroke-width="{width}" stroke-opacity="{opacity}"{dash}/>"#
        );
    }
    for step in &scene.life_marks {
        let half = crate::scene::style::life_tick_px(step.stage) / 2.0;
        let _ = write!(
            svg,
            r#"<line class="lifecycle-step {}" data-event="{}" x1="{2:.2}" x2="{2:.2}" y1="{3:.2}" y2="{4:.2}" stroke="{5}" stroke-width="2"/>"#,
            step.stage.code(),
            id(step.event),
            x(step.day),
            below(step.lane, step.row) - half,
            below(step.lane, step.row) + half,
            hex(mark_style(step.kind).color),
        );
    }
}

/// Lane lines and names, the date axis, and the plot's border and clip.
fn frame_svg(svg: &mut String, data: &Dataset, scene: &Scene, layout: &Layout, colors: &Palette) {
    let Layout { plot_top, plot_left, plot_right, plot_bottom, .. } = *layout;
    let plot_height = plot_bottom - plot_top;
    let _ = write!(
        svg,
        r#"<clipPath id="plot"><rect x="{plot_left}" y="{plot_top}" width="{}" height="{plot_height}"/></clipPath>"#,
        plot_right - plot_left
    );
    let _ = write!(
        svg,
        r#"<rect x="{plot_left}" y="{plot_top}" width="{}" height="{plot_height}" fill="none" stroke="{}" stroke-width="{}"/>"#,
        plot_right - plot_left,
        colors.grid,
        colors.line_width
    );
    for (i, lane) in scene.lanes.iter().enumerate() {
        let name = crate::scene::lane_title(lane);
        // The code `--pin` and `--fold` take, for the lanes that have one.
        let code = crate::scene::lane_code(data, lane)
            .map_or_else(String::new, |code| format!(r#" data-lane="{}""#, escape(code)));
        let _ = write!(
            svg,
            r#"<line x1="{plot_left}" x2="{plot_right}" y1="{0:.2}" y2="{0:.2}" stroke="{1}" stroke-width="{2}"/><text class="lane-name"{code} x="{3}" y="{4:.2}" font-size="13" text-anchor="end" fill="{5}">{6}</text>"#,
            layout.y(i),
            colors.grid,
            colors.line_width,
            plot_left - 10.0,
            layout.y(i) + 4.5,
            colors.text,
            text_content(&name)
        );
    }
    let step = tick_step(layout.view.days_per_px());
    for (i, day) in ticks(layout.view.time.min_day, layout.view.time.max_day, step).into_iter().enumerate() {
        let _ = write!(
            svg,
            r#"<line x1="{0:.2}" x2="{0:.2}" y1="{plot_top}" y2="{plot_bottom}" stroke="{1}" stroke-width="{2}"/><text x="{0:.2}" y="{3}" font-size="13" text-anchor="middle" fill="{4}">{5}</text>"#,
            layout.x(day),
            colors.grid,
            colors.line_width,
            plot_bottom + 20.0,
            colors.text,
            escape(&tick_label(day, step.days(), i == 0))
        );
    }
}

/// Connectors, bars, whiskers, marks, leaders and labels, clipped to the plot.
fn content_svg(svg: &mut String, data: &Dataset, scene: &Scene, layout: &Layout, colors: &Palette, figure: &Figure) {
    let (x, y) = (|day| layout.x(day), |lane| layout.y(lane));
    svg.push_str(r#"<g clip-path="url(#plot)">"#);
    eras_svg(svg, data, layout, colors);
    for c in &scene.connectors {
        // One line from party to party, broken at each lane it passes that takes no part.
        for &(top, bottom) in &c.pieces {
            let _ = write!(
                svg,
                r#"<line class="connector" data-event="{5}" x1="{0:.2}" x2="{0:.2}" y1="{1:.2}" y2="{2:.2}" stroke="{3}" stroke-width="{4}"/>"#,
                x(c.day),
                layout.y_of(top),
                layout.y_of(bottom),
                colors.connector,
                colors.line_width * style::CONNECTOR_PX.0,
                escape(data.event(c.event).id)
            );
        }
    }
    for density in &scene.densities {
        // As in the window: bars of how many events start in each bin, growing up from the lane's line.
        let bottom = y(density.lane) + crate::scene::DENSITY_BASE_PX;
        let _ = write!(svg, r#"<g id="density-{}" fill="{}">"#, density.lane, colors.density);
        for (from, to, height) in density.bars(layout.lane_height) {
            let _ = write!(
                svg,
                r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{height:.2}"/>"#,
                x(from),
                bottom - height,
                (x(to) - x(from) - 0.5).max(0.5),
            );
        }
        svg.push_str("</g>");
    }
    let id = |event: EventId| escape(data.event(event).id);
    // With a focus, what lies outside its lineage keeps only a trace of its colour.
    let kept: Option<Vec<EventId>> = figure.focus.map(|focus| {
        let mut kept: Vec<EventId> = scene.links.iter().flat_map(|l| [l.from, l.to]).chain([focus]).collect();
        kept.sort_unstable();
        kept.dedup();
        kept
    });
    let fade = |event: EventId| match &kept {
        Some(kept) if kept.binary_search(&event).is_err() => r#" opacity="0.18""#,
        _ => "",
    };
    let span = |svg: &mut String,
                class: &str,
                event: EventId,
                kind: Kind,
                (from, to): (f64, f64),
                lane: usize,
                (width, opacity): (f64, f64)| {
        let color = hex(mark_style(kind).color);
        let _ = write!(
            svg,
            r#"<line class="{class}" data-event="{}" x1="{:.2}" x2="{:.2}" y1="{3:.2}" y2="{3:.2}" stroke="{color}" stroke-width="{width}" stroke-opacity="{opacity}"{4}/>"#,
            id(event),
            x(from),
            x(to),
            y(lane),
            fade(event)
        );
    };
    for bar in &scene.bars {
        let look = (style::BAR_PX.0, style::BAR_OPACITY);
        span(svg, "bar", bar.event, bar.kind, (bar.start_day, bar.end_day), bar.lane, look);
    }
    lifecycles_svg(svg, data, scene, layout);
    for mark in scene.marks.iter().filter(|m| layout.view.overlaps(m.day, m.day)) {
        if let Some(period) = mark.uncertain {
            let look = (style::WHISKER_PX, style::WHISKER_OPACITY);
            span(svg, "period", mark.event, mark.kind, period, mark.lane, look);
        }
        let _ = write!(
            svg,
            r#"<g id="mark-{0}-{1}" class="marker {2}" data-event="{0}"{3}>"#,
            id(mark.event),
            mark.lane,
            mark.kind.code(),
            fade(mark.event)
        );
        mark_svg(svg, mark.kind, x(mark.day), y(mark.lane), colors.line_width);
        svg.push_str("</g>");
    }
    rings_svg(svg, data, scene, layout, colors, &figure.highlight);
    labels_svg(svg, data, scene, layout, colors, (&fade, &figure.highlight));
    lineage_svg(svg, data, scene, layout);
    svg.push_str("</g>");
}

/// Eras, shaded behind the events, with their names along the top of the plot.
fn eras_svg(svg: &mut String, data: &Dataset, layout: &Layout, colors: &Palette) {
    for (i, era) in data.eras().iter().enumerate() {
        let (start, end) =
            (layout.x(era.start.first_day_number() as f64), layout.x(era.end.last_day_number() as f64 + 1.0));
        let fill = hex(style::era_shade(i));
        let _ = write!(
            svg,
            r#"<rect id="era-{i}" x="{start:.2}" y="{}" width="{:.2}" height="{}" fill="{fill}" fill-opacity="{}"/><text x="{:.2}" y="{}" font-size="12" text-anchor="middle" fill="{}">{}</text>"#,
            layout.plot_top,
            end - start,
            layout.plot_bottom - layout.plot_top,
            style::ERA_OPACITY,
            f64::midpoint(start, end),
            layout.plot_top + 12.0,
            colors.weak,
            text_content(&era.label)
        );
    }
}

/// A ring round each marker of a `highlight`ed event (sorted), above the other markers.
fn rings_svg(
    svg: &mut String,
    data: &Dataset,
    scene: &Scene,
    layout: &Layout,
    colors: &Palette,
    highlight: &[EventId],
) {
    for mark in scene.marks.iter().filter(|m| highlight.binary_search(&m.event).is_ok()) {
        let _ = write!(
            svg,
            r#"<circle class="highlight" data-event="{}" cx="{:.2}" cy="{:.2}" r="{:.2}" fill="none" stroke="{}" stroke-width="{:.2}"/>"#,
            escape(data.event(mark.event).id),
            layout.x(mark.day),
            layout.y(mark.lane),
            MARK_RADIUS + 3.5,
            colors.text,
            1.6 * colors.line_width
        );
    }
}

/// Labels, and the leaders of labels in higher rows.
fn labels_svg(
    svg: &mut String,
    data: &Dataset,
    scene: &Scene,
    layout: &Layout,
    colors: &Palette,
    (fade, highlight): (&dyn Fn(EventId) -> &'static str, &[EventId]),
) {
    let (x, id) = (|day| layout.x(day), |event: EventId| escape(data.event(event).id));
    let y = |lane| layout.y(lane);
    for label in &scene.labels {
        if label.row > 0 {
            // A leader from the marker up to a label in a higher row says which marker it names.
            let _ = write!(
                svg,
                r#"<line class="leader" data-event="{5}" x1="{0:.2}" x2="{0:.2}" y1="{1:.2}" y2="{2:.2}" stroke="{3}" stroke-width="{4}"{6}/>"#,
                x(label.day),
                y(label.lane) - MARK_RADIUS - 1.0,
                layout.label_baseline(label.lane, label.row),
                colors.connector,
                colors.line_width * style::LEADER_PX,
                id(label.event),
                fade(label.event)
            );
        }
        let left = x(label.day) + label.offset_px;
        if highlight.binary_search(&label.event).is_ok() {
            let baseline = layout.label_baseline(label.lane, label.row);
            let _ = write!(
                svg,
                r#"<rect class="highlight label-highlight" data-event="{}" x="{:.2}" y="{:.2}" width="{:.2}" height="15" rx="2" fill="{}"/>"#,
                id(label.event),
                left - 2.0,
                baseline - 11.5,
                label.width_px + 4.0,
                colors.highlighter
            );
        }
        let _ = write!(
            svg,
            r#"<text id="label-{0}" class="label" data-event="{0}" x="{1:.2}" y="{2:.2}" font-size="12" fill="{3}"{5}>{4}</text>"#,
            id(label.event),
            x(label.day) + label.offset_px,
            layout.label_baseline(label.lane, label.row),
            colors.text,
            text_content(&label.text),
            fade(label.event)
        );
    }
}

/// Lineage arcs: the same curves and styles as the window's, each naming its two events and the
/// relation (its title reads "A builds on B").
fn lineage_svg(svg: &mut String, data: &Dataset, scene: &Scene, layout: &Layout) {
    let at = |(day, lane): (f64, usize)| (layout.x(day), layout.y(lane));
    for link in &scene.links {
        let look = style::link_style(link.relation);
        let (from, to) = (at(link.from_at), at(link.to_at));
        let control = style::arc_control(from, to, layout.plot_top);
        let dash = look.dash_px.map_or_else(String::new, |(on, off)| format!(r#" stroke-dasharray="{on} {off}""#));
        let _ = write!(
            svg,
            r#"<path class="lineage {relation}" data-event="{}" data-to="{}" data-relation="{relation}" d="M{:.2},{:.2} Q{:.2},{:.2} {:.2},{:.2}" fill="none" stroke="{}" stroke-width="{}"{dash}><title>{} {} {}</title></path>"#,
            escape(data.event(link.from).id),
            escape(data.event(link.to).id),
            from.0,
            from.1,
            control.0,
            control.1,
            to.0,
            to.1,
            hex(look.color),
            look.width_px,
            escape(data.event(link.from).label()),
            link.relation.phrase(),
            escape(data.event(link.to).label()),
            relation = link.relation.code(),
        );
    }
}
