//! The figure's heading: its title, the filter line, the legend of the kinds in view with their
//! counts, and the lifecycle legend's glyphs.

use std::fmt::Write as _;

use super::marker::mark_svg;
use super::{Layout, MARGIN, MARK_RADIUS, Palette, escape, text_content};
use crate::scene::Scene;
use crate::scene::style;

/// "Treaty 14": a legend entry's words.
pub(super) fn legend_text(entry: &crate::scene::LegendEntry) -> String {
    format!("{} {}", entry.kind.label(), entry.count)
}

/// Title, filter line and the legend of the kinds in view with their counts.
pub(super) fn header_svg(
    svg: &mut String,
    scene: &Scene,
    layout: &Layout,
    colors: &Palette,
    title: &str,
    filters: &str,
) {
    let _ = write!(
        svg,
        r#"<text id="title" x="{MARGIN}" y="48" font-size="24" fill="{}">{}</text>"#,
        colors.text,
        text_content(title)
    );
    let _ = write!(
        svg,
        r#"<text id="filters" x="{MARGIN}" y="72" font-size="13" fill="{}">{}</text>"#,
        colors.weak,
        text_content(filters)
    );
    if !scene.life_spans.is_empty() {
        life_legend_svg(svg, &layout.life_legend, colors);
    }
    for (entry, &(x, y)) in scene.legend.iter().zip(&layout.legend) {
        let _ = write!(svg, r#"<g id="legend-{}">"#, entry.kind.code());
        mark_svg(svg, entry.kind, x + MARK_RADIUS, y - 4.5, colors.line_width);
        let _ = write!(
            svg,
            r#"<text x="{}" y="{y}" font-size="13" fill="{}">{}</text></g>"#,
            x + 14.0,
            colors.text,
            text_content(&legend_text(entry))
        );
    }
}

/// The lifecycle legend: a heading, then each status's stretch of line and each tick with its words
/// (`<line class="legend-life in-force">` …, `legend-life step`, `legend-life ended`), at the places
/// the layout gave them.
fn life_legend_svg(svg: &mut String, places: &[(f64, f64)], colors: &Palette) {
    let Some((&(x, y), glyphs)) = places.split_first() else { return };
    let _ = write!(
        svg,
        r#"<g id="legend-lifecycle"><text x="{x}" y="{y}" font-size="12" fill="{}">{}</text>"#,
        colors.weak,
        escape(style::LIFE_LEGEND_TITLE)
    );
    for (&(glyph, words), &(x, y)) in style::LIFE_LEGEND.iter().zip(glyphs) {
        let (mid, line_y, end) = (x + style::LIFE_GLYPH_PX / 2.0, y - 4.5, x + style::LIFE_GLYPH_PX);
        match glyph {
            style::LifeGlyph::Line(status) => {
                let life = style::life_style(status);
                let dash =
                    life.dash_px.map_or_else(String::new, |(on, off)| format!(r#" stroke-dasharray="{on} {off}""#));
                let _ = write!(
                    svg,
                    r#"<g><line class="legend-life {}" x1="{x}" x2="{end}" y1="{line_y}" y2="{line_y}" stroke="{}" stroke-width="{}" stroke-opacity="{}"{dash}/>"#,
                    status.code(),
                    colors.text,
                    life.width_px,
                    life.opacity
                );
            }
            style::LifeGlyph::Tick(stage) => {
                let half = style::life_tick_px(stage) / 2.0;
                let (class, ink, top, bottom) =
                    (if stage.ends() { "ended" } else { "step" }, &colors.text, line_y - half, line_y + half);
                let _ = write!(
                    svg,
                    r#"<g><line x1="{x}" x2="{end}" y1="{line_y}" y2="{line_y}" stroke="{ink}" stroke-width="1" stroke-opacity="0.4"/><line class="legend-life {class}" x1="{mid}" x2="{mid}" y1="{top}" y2="{bottom}" stroke="{ink}" stroke-width="2"/>"#
                );
            }
        }
        let _ = write!(
            svg,
            r#"<text x="{}" y="{y}" font-size="12" fill="{}">{}</text></g>"#,
            end + 4.0,
            colors.text,
            escape(words)
        );
    }
    svg.push_str("</g>");
}
