//! The Export window: a live preview of the report figure, its options, Save and Copy.

use egui::{TextureHandle, TextureOptions, Vec2};

use super::command::{Command, Format, Purpose};
use crate::export::{self, Citations, Figure, FigureRange, FigureSize, FigureTheme};
use crate::model::{Dataset, EventId};
use crate::query::Filter;
use crate::scene::{LaneArrangement, LaneMode, TimeView};

/// Preset sizes the dialog offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SizeChoice {
    Slide,
    A4Landscape,
    A4Portrait,
    Custom,
}

/// Which stretch of time the figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RangeChoice {
    /// All the shown events.
    Shown,
    /// What the timeline shows now.
    CurrentView,
}

/// A PDF's citation pages: whether to add them, and whether they cite only the highlighted events
/// (when the figure highlights any). The second is kept while the first is off, so unticking and
/// ticking the pages again keeps the choice.
#[derive(Clone, Copy)]
struct CitePages {
    on: bool,
    only_highlighted: bool,
}

/// The dialog's choices and its preview.
pub struct ExportDialog {
    pub open: bool,
    pub format: Format,
    /// PDF only: the citation pages asked for.
    cite: CitePages,
    size: SizeChoice,
    custom: (u32, u32),
    scale: f32,
    theme: FigureTheme,
    range: RangeChoice,
    /// Whether the figure highlights the selected event.
    highlight_selection: bool,
    /// The title typed by the person; empty uses the default title.
    title: String,
    /// Where the filters panel ends, which the dialog leaves in sight.
    filters_right: f32,
    /// The figure last previewed, the room it was drawn for, and its texture.
    preview: Option<(Figure, Vec2, TextureHandle)>,
    pub message: Option<(String, bool)>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Png,
            cite: CitePages { on: true, only_highlighted: false },
            size: SizeChoice::Slide,
            custom: (1600, 900),
            scale: 1.0,
            theme: FigureTheme::Light,
            range: RangeChoice::Shown,
            highlight_selection: true,
            title: String::new(),
            filters_right: 0.0,
            preview: None,
            message: None,
        }
    }
}

/// The width of the options' column.
const OPTIONS_WIDTH_PX: f32 = 500.0;

/// The room for the preview: half the window's width and two thirds of its height, so the
/// figure's labels can be read, but no wider than leaves the filters panel (which ends at
/// `filters_right`) in sight beside the dialog; within bounds that keep a small window usable.
fn preview_room(ctx: &egui::Context, filters_right: f32) -> Vec2 {
    let screen = ctx.content_rect();
    let beside_filters = screen.right() - filters_right - OPTIONS_WIDTH_PX - DIALOG_MARGINS_PX;
    let width = (screen.width() * 0.5).min(beside_filters);
    egui::vec2(width.clamp(320.0, 1100.0), (screen.height() * 0.66).clamp(240.0, 900.0))
}

/// What the dialog takes beside its options and preview: its frame, the space between them, and
/// its distance from the window's right edge.
const DIALOG_MARGINS_PX: f32 = 90.0;

/// What a figure is made of: the window's data, filters and view.
pub struct Source<'a> {
    pub data: &'a Dataset,
    pub shown: &'a [EventId],
    pub filter: &'a Filter,
    pub shown_days: (f64, f64),
    pub time: TimeView,
    pub lanes: LaneMode,
    /// The lanes pinned and folded in the window.
    pub arrangement: &'a LaneArrangement,
    /// The event in focus, whose lineage the figure draws as the window does.
    pub focus: Option<EventId>,
    /// The selected event, which the figure can highlight.
    pub selected: Option<EventId>,
}

impl ExportDialog {
    /// Which events the citation pages of a PDF of `figure` list.
    pub fn citations(&self, figure: &Figure) -> Citations {
        match (self.cite.on, self.cite.only_highlighted && !figure.highlight.is_empty()) {
            (false, _) => Citations::None,
            (true, false) => Citations::Every,
            (true, true) => Citations::Highlighted,
        }
    }

    /// The figure the dialog's choices describe.
    pub fn figure(&self, source: &Source<'_>) -> Figure {
        let mut size = match self.size {
            SizeChoice::Slide => FigureSize::SLIDE,
            SizeChoice::A4Landscape => FigureSize::A4_LANDSCAPE,
            SizeChoice::A4Portrait => FigureSize::A4_PORTRAIT,
            SizeChoice::Custom => FigureSize { width: self.custom.0, height: self.custom.1, scale: 1.0 },
        };
        if matches!(self.size, SizeChoice::Slide | SizeChoice::Custom) {
            size.scale = self.scale;
        }
        // The current view is kept to whole days, as a view link keeps it: a figure made from the
        // link is this one, byte for byte.
        let days = if self.range == RangeChoice::CurrentView {
            crate::view::whole_days((source.time.min_day, source.time.max_day))
        } else {
            source.shown_days
        };
        let title = if self.title.trim().is_empty() {
            export::default_title(source.data, source.filter, source.shown, days)
        } else {
            self.title.trim().to_owned()
        };
        let range = FigureRange::Days(days.0, days.1);
        let highlight = source.selected.filter(|_| self.highlight_selection).into_iter().collect();
        Figure {
            title,
            size,
            theme: self.theme,
            range,
            lanes: source.lanes,
            arrangement: source.arrangement.clone(),
            focus: source.focus,
            highlight,
        }
    }
}

/// Draws the dialog when it is open.
pub fn show(
    ctx: &egui::Context,
    source: &Source<'_>,
    dialog: &mut ExportDialog,
    filters_right: f32,
    out: &mut Vec<Command>,
) {
    if !dialog.open {
        return;
    }
    dialog.filters_right = filters_right;
    let mut open = true;
    // Options beside a large preview, opened at the right so the filters stay in sight.
    let corner = egui::pos2(ctx.content_rect().right() - 12.0, ctx.content_rect().top() + 40.0);
    let window = egui::Window::new("Export figure").open(&mut open).resizable(false).collapsible(false);
    window.pivot(egui::Align2::RIGHT_TOP).default_pos(corner).show(ctx, |ui| {
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_max_width(OPTIONS_WIDTH_PX);
                let selected = source.selected.map(|id| source.data.event(id).label());
                options_ui(ui, dialog, selected);
                ui.separator();
                buttons_ui(ui, dialog, out);
            });
            ui.separator();
            ui.vertical(|ui| {
                ui.set_max_width(preview_room(ui.ctx(), dialog.filters_right).x);
                preview_ui(ui, source, dialog);
            });
        });
    });
    if !open {
        out.push(Command::ShowExport(false));
    }
}

fn options_ui(ui: &mut egui::Ui, dialog: &mut ExportDialog, selected: Option<&str>) {
    egui::Grid::new("export-options").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
        ui.label("Format");
        ui.horizontal(|ui| {
            ui.radio_value(&mut dialog.format, Format::Png, "PNG");
            ui.radio_value(&mut dialog.format, Format::Svg, "SVG");
            ui.radio_value(&mut dialog.format, Format::Pdf, "PDF");
            ui.add_enabled_ui(dialog.format == Format::Pdf, |ui| {
                ui.checkbox(&mut dialog.cite.on, "Citation pages")
                    .on_hover_text("Add A4 pages listing every event in the figure with its date, parties and sources");
                ui.add_enabled_ui(dialog.cite.on && dialog.highlight_selection && selected.is_some(), |ui| {
                    ui.checkbox(&mut dialog.cite.only_highlighted, "only the highlighted event")
                        .on_hover_text("Cite the highlighted event alone (accords export --citations highlighted)");
                });
            });
        });
        ui.end_row();
        ui.label("Size");
        ui.horizontal(|ui| {
            ui.radio_value(&mut dialog.size, SizeChoice::Slide, "Slide 1920×1080");
            ui.radio_value(&mut dialog.size, SizeChoice::A4Landscape, "A4 landscape");
            ui.radio_value(&mut dialog.size, SizeChoice::A4Portrait, "A4 portrait");
            ui.radio_value(&mut dialog.size, SizeChoice::Custom, "Custom");
        });
        ui.end_row();
        // Every row is always there, greyed out when it does not apply: choosing a size never
        // moves the rows below it.
        ui.label("Width × height");
        ui.add_enabled_ui(dialog.size == SizeChoice::Custom, |ui| {
            ui.horizontal(|ui| {
                ui.add(egui::DragValue::new(&mut dialog.custom.0).range(200..=8000).suffix(" px"));
                ui.label("×");
                ui.add(egui::DragValue::new(&mut dialog.custom.1).range(200..=8000).suffix(" px"));
            });
        });
        ui.end_row();
        ui.label("Scale");
        let a4 = matches!(dialog.size, SizeChoice::A4Landscape | SizeChoice::A4Portrait);
        ui.add_enabled_ui(!a4, |ui| {
            ui.horizontal(|ui| {
                for scale in [1.0, 2.0, 3.0] {
                    ui.radio_value(&mut dialog.scale, scale, format!("{scale}×"));
                }
                if a4 {
                    ui.weak("A4 is printed at 300 dpi");
                }
            });
        });
        ui.end_row();
        ui.label("Theme");
        ui.horizontal(|ui| {
            ui.radio_value(&mut dialog.theme, FigureTheme::Light, "Light");
            ui.radio_value(&mut dialog.theme, FigureTheme::Dark, "Dark");
            ui.radio_value(&mut dialog.theme, FigureTheme::Print, "Print");
        });
        ui.end_row();
        ui.label("Range");
        ui.horizontal(|ui| {
            ui.radio_value(&mut dialog.range, RangeChoice::Shown, "Everything shown");
            ui.radio_value(&mut dialog.range, RangeChoice::CurrentView, "Current view");
        });
        ui.end_row();
        ui.label("Highlight");
        ui.add_enabled_ui(selected.is_some(), |ui| {
            let text = selected.map_or_else(|| "the selected event (none selected)".to_owned(), |l| format!("“{l}”"));
            ui.checkbox(&mut dialog.highlight_selection, text).on_hover_text(
                "A ring round its markers and a highlighter behind its label (accords export --highlight ID)",
            );
        });
        ui.end_row();
        ui.label("Title");
        let edit = ui.add(
            egui::TextEdit::singleline(&mut dialog.title).hint_text("Default: years and actors").desired_width(360.0),
        );
        edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Title"));
        ui.end_row();
    });
}

fn preview_ui(ui: &mut egui::Ui, source: &Source<'_>, dialog: &mut ExportDialog) {
    let figure = dialog.figure(source);
    let room = preview_room(ui.ctx(), dialog.filters_right);
    if dialog.preview.as_ref().is_none_or(|(shown, drawn_for, _)| shown != &figure || *drawn_for != room) {
        let scale = (room.x / figure.size.width as f32).min(room.y / figure.size.height as f32);
        match export::render_pixels(source.data, source.shown, source.filter, &figure, scale) {
            Ok(pixels) => {
                let size = [pixels.width as usize, pixels.height as usize];
                let image = egui::ColorImage::from_rgba_premultiplied(size, &pixels.rgba);
                let texture = ui.ctx().load_texture("export-preview", image, TextureOptions::LINEAR);
                dialog.preview = Some((figure, room, texture));
            }
            Err(e) => dialog.message = Some((format!("Preview failed: {e}"), true)),
        }
    }
    if let Some((figure, _, texture)) = &dialog.preview {
        ui.image((texture.id(), texture.size_vec2()));
        let size = match dialog.format {
            Format::Pdf => {
                let pt = |px: u32| (f64::from(px) * 0.75).round();
                let pages = match dialog.citations(figure) {
                    Citations::None => "",
                    Citations::Every => ", then citation pages",
                    Citations::Highlighted => ", then the highlighted event's citation",
                };
                format!("a {}×{} pt PDF page{pages}", pt(figure.size.width), pt(figure.size.height))
            }
            Format::Svg => format!("{}×{} px SVG", figure.size.width, figure.size.height),
            _ => {
                let (w, h) = figure.size.pixels();
                format!("{w}×{h} px as PNG")
            }
        };
        ui.weak(format!("{} events · {size}", source.shown.len()));
    }
}

fn buttons_ui(ui: &mut egui::Ui, dialog: &ExportDialog, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui.button("Save…").on_hover_text("Write the figure to a file").clicked() {
            out.push(Command::Choose(Purpose::Save(dialog.format)));
        }
        if ui.button("Copy to clipboard").on_hover_text("Copy the figure as a PNG image").clicked() {
            out.push(Command::CopyFigure);
        }
    });
    if let Some((message, failed)) = &dialog.message {
        let color = if *failed { ui.visuals().error_fg_color } else { ui.visuals().weak_text_color() };
        ui.colored_label(color, message);
    }
}

/// The figure as the bytes of `format`, or the shown events for the table formats.
pub fn bytes(source: &Source<'_>, figure: &Figure, format: Format, citations: Citations) -> Result<Vec<u8>, String> {
    let (data, shown, filter) = (source.data, source.shown, source.filter);
    match format {
        Format::Svg => Ok(export::render_svg(data, shown, filter, figure).into_bytes()),
        Format::Png => export::render_png(data, shown, filter, figure).map_err(|e| e.to_string()),
        Format::Pdf => export::render_pdf(data, shown, filter, figure, citations).map_err(|e| e.to_string()),
        Format::EventsCsv => export::events_csv(data, shown).map(String::into_bytes).map_err(|e| e.to_string()),
        Format::EventsJson => Ok(export::events_json(data, shown, None).into_bytes()),
    }
}

/// The figure as an image for the clipboard.
pub fn clipboard_image(source: &Source<'_>, figure: &Figure) -> Result<arboard::ImageData<'static>, String> {
    let pixels = export::render_pixels(source.data, source.shown, source.filter, figure, figure.size.scale)
        .map_err(|e| e.to_string())?;
    Ok(arboard::ImageData {
        width: pixels.width as usize,
        height: pixels.height as usize,
        bytes: demultiply(pixels.rgba).into(),
    })
}

/// Straight (not premultiplied) alpha, which clipboards expect.
fn demultiply(mut rgba: Vec<u8>) -> Vec<u8> {
    for pixel in rgba.chunks_exact_mut(4) {
        let alpha = u16::from(pixel[3]);
        if alpha > 0 && alpha < 255 {
            for channel in &mut pixel[..3] {
                *channel = ((u16::from(*channel) * 255 + alpha / 2) / alpha).min(255) as u8;
            }
        }
    }
    rgba
}
