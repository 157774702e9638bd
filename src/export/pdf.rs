//! Figures as PDF for reports: the figure's SVG drawn as vectors by krilla-svg with the bundled fonts
//! embedded (subset), and, when asked, pages that cite every event in the figure — its date, type,
//! parties and title, and each source (the event's and its milestones') as a link.

use std::sync::{Arc, OnceLock};

use krilla::Document;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::geom::{Point, Rect, Size};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla_svg::{SurfaceExt, SvgSettings};
use usvg_pdf as usvg;

use super::figure::{Figure, filter_line, in_range};
use super::svg::{FONT_FAMILY, render_svg};
use crate::model::{Dataset, EventId};
use crate::query::Filter;
use crate::scene::text::{self, text_width_px};

/// PDF points per CSS pixel (72 per inch against 96).
const PT_PER_PX: f32 = 0.75;
/// A4 portrait in points.
const PAGE: (f32, f32) = (595.28, 841.89);
/// The citation pages' margin in points (2 cm).
const MARGIN: f32 = 56.7;

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The SVG did not parse (a bug: Accords wrote it).
    #[error("the figure's SVG is invalid: {0}")]
    Svg(usvg::Error),
    /// The SVG could not be drawn into the PDF.
    #[error("the figure could not be drawn into the PDF")]
    Draw,
    /// krilla could not write the document (a font it could not embed, say).
    #[error("the PDF could not be written: {0:?}")]
    Write(krilla::error::KrillaError),
}

/// The bundled fonts for the figure's text, loaded once into the fontdb that krilla-svg's usvg reads.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONT_DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    Arc::clone(FONT_DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for face in &crate::scene::text::FACES {
            db.load_font_data(face.data.to_vec());
        }
        db.set_sans_serif_family(FONT_FAMILY);
        db.set_serif_family(FONT_FAMILY);
        db.set_monospace_family("Hack");
        Arc::new(db)
    }))
}

/// Which events the A4 pages after a PDF figure cite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Citations {
    /// None: the figure alone.
    #[default]
    None,
    /// Every event the figure draws.
    Every,
    /// Only the events it highlights: the ones a report is about, without pages of the rest.
    Highlighted,
}

/// The figure of `shown` events as a PDF: one page the size of the figure, then A4 pages listing
/// the events `citations` asks for, with their sources.
pub fn render_pdf(
    data: &Dataset,
    shown: &[EventId],
    filter: &Filter,
    figure: &Figure,
    citations: Citations,
) -> Result<Vec<u8>, PdfError> {
    let svg = render_svg(data, shown, filter, figure);
    let options = usvg::Options { font_family: FONT_FAMILY.to_owned(), fontdb: fonts(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(&svg, &options).map_err(PdfError::Svg)?;
    let (width, height) = (tree.size().width() * PT_PER_PX, tree.size().height() * PT_PER_PX);

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new().title(figure.title.clone()).creator(format!("Accords {}", env!("CARGO_PKG_VERSION"))),
    );
    {
        let settings = PageSettings::from_wh(width, height).ok_or(PdfError::Draw)?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let size = Size::from_wh(width, height).ok_or(PdfError::Draw)?;
        surface.draw_svg(&tree, size, SvgSettings::default()).ok_or(PdfError::Draw)?;
        surface.finish();
        page.finish();
    }
    if citations != Citations::None {
        let days = figure.range.days(data, shown);
        let drawn = in_range(data, shown, days);
        let mut cited = drawn.clone();
        if citations == Citations::Highlighted {
            cited.retain(|id| figure.highlight.binary_search(id).is_ok());
        }
        let pages = citation_pages(data, (&cited, drawn.len()), figure, filter);
        write_pages(&mut document, &pages)?;
    }
    document.finish().map_err(PdfError::Write)
}

/// What a line of a citation page is, which decides its size and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Heading,
    Subheading,
    /// An event's number and title.
    Title,
    /// An event's date, type and parties.
    Meta,
    /// A source: its label and address.
    Source,
    Footer,
}

impl Style {
    /// Font size in points.
    fn size(self) -> f32 {
        match self {
            Style::Heading => 14.0,
            Style::Title => 10.0,
            Style::Subheading | Style::Meta => 8.5,
            Style::Source => 8.0,
            Style::Footer => 7.5,
        }
    }

    fn color(self) -> (u8, u8, u8) {
        match self {
            Style::Heading | Style::Title => (20, 20, 20),
            Style::Subheading | Style::Meta | Style::Footer => (90, 90, 90),
            Style::Source => (20, 70, 160),
        }
    }
}

/// A paragraph of a citation page before it is wrapped: its text, style and the link it opens.
struct Para {
    text: String,
    style: Style,
    link: Option<String>,
}

impl Para {
    fn new(text: String, style: Style) -> Self {
        Self { text, style, link: None }
    }
}

/// A line of text on a citation page, placed by its baseline, with the link it opens if any.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    x: f32,
    baseline: f32,
    style: Style,
    /// Whether it goes on from the line above (indented).
    continued: bool,
    text: String,
    link: Option<String>,
}

/// Lays out the citations of `events`, of the `drawn` events of the figure, into pages of lines,
/// breaking pages between events where it can and inside an event only when one event is longer
/// than a page.
fn citation_pages(
    data: &Dataset,
    (events, drawn): (&[EventId], usize),
    figure: &Figure,
    filter: &Filter,
) -> Vec<Vec<Line>> {
    let mut pages = Pages::new();
    let events_text = |n: usize| if n == 1 { "1 event".to_owned() } else { format!("{n} events") };
    let count = if events.len() == drawn {
        events_text(drawn)
    } else {
        format!("{} highlighted of the figure's {}", events_text(events.len()), drawn)
    };
    pages.block(&[
        Para::new(format!("Events in “{}”", figure.title), Style::Heading),
        Para::new(format!("{count} · {}", filter_line(data, filter)), Style::Subheading),
    ]);
    for (number, id) in events.iter().enumerate() {
        let event = data.event(*id);
        let parties = data.party_names(event);
        let mut meta = format!("{} · {}", event.date_text(), event.kind.label());
        if !parties.is_empty() {
            meta.push_str(" · ");
            meta.push_str(&parties);
        }
        let mut block =
            vec![Para::new(format!("{}. {}", number + 1, event.title), Style::Title), Para::new(meta, Style::Meta)];
        let milestone_sources = event.milestones.iter().flat_map(|m| {
            let who = m.party.map_or_else(String::new, |p| format!(" ({})", data.actor(p).name));
            let stage = capitalised(m.stage.label());
            m.sources.iter().map(move |s| (format!("{stage} {}{who}: ", m.date), s.as_ref()))
        });
        let sources = event.sources.iter().map(|s| (String::new(), s)).chain(milestone_sources);
        for (prefix, source) in sources {
            let text = format!("{prefix}{} — {}", source.label, source.url);
            let link = crate::is_web_link(source.url).then(|| source.url.to_string());
            block.push(Para { text, style: Style::Source, link });
        }
        pages.block(&block);
    }
    pages.finish()
}

/// The width of a citation page's text, in points.
const TEXT_WIDTH: f32 = PAGE.0 - 2.0 * MARGIN;

/// Citation pages being filled from the top, line by line.
struct Pages {
    done: Vec<Vec<Line>>,
    page: Vec<Line>,
    /// The top of the next line, in points from the top of the page.
    y: f32,
}

impl Pages {
    fn new() -> Self {
        Self { done: Vec::new(), page: Vec::new(), y: MARGIN }
    }

    /// Space a line of `style` takes.
    fn leading(style: Style) -> f32 {
        style.size() * 1.3
    }

    /// Adds one block (an event's lines, say) and the space after it, on a new page if it would not
    /// fit on this one but would on a page of its own.
    fn block(&mut self, paras: &[Para]) {
        let wrapped: Vec<Vec<String>> = paras.iter().map(|p| wrap(&p.text, p.style.size(), TEXT_WIDTH)).collect();
        let needed: f32 =
            paras.iter().zip(&wrapped).map(|(p, lines)| lines.len() as f32 * Self::leading(p.style)).sum();
        if needed > PAGE.1 - MARGIN - self.y && needed <= PAGE.1 - 2.0 * MARGIN {
            self.break_page();
        }
        for (para, lines) in paras.iter().zip(wrapped) {
            for (i, text) in lines.into_iter().enumerate() {
                if self.y + Self::leading(para.style) > PAGE.1 - MARGIN {
                    self.break_page();
                }
                let continued = i > 0;
                let x = if continued { MARGIN + 12.0 } else { MARGIN };
                let baseline = self.y + para.style.size();
                self.page.push(Line { x, baseline, style: para.style, continued, text, link: para.link.clone() });
                self.y += Self::leading(para.style);
            }
            self.y += 1.0;
        }
        self.y += 8.0;
    }

    fn break_page(&mut self) {
        self.done.push(std::mem::take(&mut self.page));
        self.y = MARGIN;
    }

    fn finish(mut self) -> Vec<Vec<Line>> {
        if !self.page.is_empty() {
            self.done.push(self.page);
        }
        self.done
    }
}

/// `text` with its first letter in capitals: "Ratified", from "ratified".
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `text` broken into lines no wider than `width` points at `size`: at spaces, and inside a word
/// (a long URL) only when the word alone is wider than a line. Words are measured one by one (and
/// remembered by the measurer), so a long list costs one shaping per distinct word.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let measure = |s: &str| text_width_px(s, f64::from(size)) as f32;
    let space = measure(" ");
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0.0);
    for word in text.split(' ') {
        let w = measure(word);
        if !line.is_empty() && used + space + w <= width {
            line.push(' ');
            line.push_str(word);
            used += space + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if w <= width {
            (line, used) = (word.to_owned(), w);
            continue;
        }
        used = 0.0;
        for c in word.chars() {
            let cw = measure(c.encode_utf8(&mut [0; 4]));
            if used + cw > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws the citation pages with the bundled fonts, a link over every source line that has a web
/// address, and "page N of M" at the foot.
fn write_pages(document: &mut Document, pages: &[Vec<Line>]) -> Result<(), PdfError> {
    let fonts = text::FACES.iter().map(|face| Font::new(face.data.into(), 0)).collect::<Option<Vec<_>>>();
    let fonts = fonts.ok_or(PdfError::Draw)?;
    for (index, lines) in pages.iter().enumerate() {
        let mut page = document.start_page_with(PageSettings::from_wh(PAGE.0, PAGE.1).ok_or(PdfError::Draw)?);
        let mut surface = page.surface();
        let text = format!("Sources of the events in the figure · page {} of {}", index + 1, pages.len());
        let (x, baseline) = (MARGIN, PAGE.1 - MARGIN / 2.0);
        let footer = Line { x, baseline, style: Style::Footer, continued: false, text, link: None };
        for line in lines.iter().chain(std::iter::once(&footer)) {
            let (r, g, b) = line.style.color();
            surface.set_fill(Some(Fill { paint: rgb::Color::new(r, g, b).into(), ..Fill::default() }));
            draw_line(&mut surface, &fonts, line);
        }
        surface.finish();
        for line in lines {
            let Some(url) = &line.link else { continue };
            let size = line.style.size();
            let width = text_width_px(&line.text, f64::from(size)) as f32;
            if let Some(rect) = Rect::from_xywh(line.x, line.baseline - size, width.max(1.0), size * 1.25) {
                let target = Target::Action(Action::Link(LinkAction::new(url.clone())));
                page.add_annotation(Annotation::new_link(LinkAnnotation::new(rect, target), Some(url.clone())));
            }
        }
        page.finish();
    }
    Ok(())
}

/// Draws one line as the figure sets text: its pieces left to right in the order they are seen,
/// each in the face the scene measured it with and in its own direction, so Arabic and Hebrew read
/// right to left and every script has its glyphs.
fn draw_line(surface: &mut krilla::surface::Surface, fonts: &[Font], line: &Line) {
    let size = line.style.size();
    let mut x = line.x;
    for piece in text::visual_pieces(&line.text) {
        let words = &line.text[piece.range];
        let direction = if piece.rtl { TextDirection::RightToLeft } else { TextDirection::LeftToRight };
        surface.draw_text(Point::from_xy(x, line.baseline), fonts[piece.face].clone(), size, words, false, direction);
        x += text::text_width_px(words, f64::from(size)) as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_character_and_each_line_within_the_width() {
        let text = "Declaration on Allied Interaction between the Republic of Azerbaijan and the Russian \
                    Federation — https://example.org/a/very/long/address/that/cannot/break/at/a/space/anywhere";
        let lines = wrap(text, 10.0, 200.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(text_width_px(line, 10.0) <= 200.0, "{line:?} is wider than the line");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn a_long_list_breaks_into_pages_that_stay_inside_the_margins() {
        let data = crate::load::default_dataset().unwrap().dataset;
        let shown = Filter::default().apply(&data);
        let figure = Figure {
            title: "All".into(),
            size: super::super::FigureSize::A4_LANDSCAPE,
            theme: super::super::FigureTheme::Print,
            range: super::super::FigureRange::All,
            lanes: crate::scene::LaneMode::Actor,
            arrangement: crate::scene::LaneArrangement::default(),
            focus: None,
            highlight: Vec::new(),
        };
        let pages = citation_pages(&data, (&shown, shown.len()), &figure, &Filter::default());
        assert!(pages.len() > 3, "{} events on {} pages", shown.len(), pages.len());
        for line in pages.iter().flatten() {
            assert!(line.baseline > MARGIN && line.baseline < PAGE.1 - MARGIN, "{line:?} is outside the margins");
        }
        // Every event is cited once, numbered in order.
        let numbered = pages.iter().flatten().filter(|l| l.style == Style::Title && !l.continued).count();
        assert_eq!(numbered, shown.len());
    }
}
