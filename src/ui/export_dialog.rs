//! The Export window: a live preview of the report figure, its options, Save and Copy.

use std::path::PathBuf;

use egui::{TextureHandle, TextureOptions};

use super::app::AccordsApp;
use super::files::{SaveTarget, choose_save_path};
use crate::export::{self, Figure, FigureRange, FigureSize, FigureTheme, Overwrite};

/// File formats the window exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Svg,
    Png,
    EventsCsv,
    EventsJson,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::EventsCsv => "csv",
            Format::EventsJson => "json",
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Format::Svg => "SVG image",
            Format::Png => "PNG image",
            Format::EventsCsv => "CSV table",
            Format::EventsJson => "JSON",
        }
    }
}

/// Preset sizes the dialog offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SizeChoice {
    Slide,
    A4Landscape,
    A4Portrait,
    Custom,
}

/// The dialog's choices and its preview.
pub(super) struct ExportDialog {
    pub open: bool,
    format: Format,
    size: SizeChoice,
    custom: (u32, u32),
    scale: f32,
    theme: FigureTheme,
    current_view: bool,
    /// The title typed by the person; empty uses the default title.
    title: String,
    preview: Option<(Figure, TextureHandle)>,
    clipboard: Option<arboard::Clipboard>,
    /// A file that exists and waits for "Replace", with the bytes to write.
    confirm: Option<(PathBuf, Vec<u8>)>,
    pub message: Option<(String, bool)>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Png,
            size: SizeChoice::Slide,
            custom: (1600, 900),
            scale: 1.0,
            theme: FigureTheme::Light,
            current_view: false,
            title: String::new(),
            preview: None,
            clipboard: None,
            confirm: None,
            message: None,
        }
    }
}

/// Width of the preview image in the dialog.
const PREVIEW_WIDTH_PX: f32 = 520.0;

impl AccordsApp {
    /// The figure the dialog's choices describe.
    fn figure(&self) -> Figure {
        let dialog = &self.export;
        let mut size = match dialog.size {
            SizeChoice::Slide => FigureSize::SLIDE,
            SizeChoice::A4Landscape => FigureSize::A4_LANDSCAPE,
            SizeChoice::A4Portrait => FigureSize::A4_PORTRAIT,
            SizeChoice::Custom => FigureSize { width: dialog.custom.0, height: dialog.custom.1, scale: 1.0 },
        };
        if matches!(dialog.size, SizeChoice::Slide | SizeChoice::Custom) {
            size.scale = dialog.scale;
        }
        // The dialog asks for its figure every frame; the fit of the shown events is already known.
        let days = match (dialog.current_view, self.state.visible_days) {
            (true, Some(visible)) => visible,
            _ => self.shown_days,
        };
        let title = if dialog.title.trim().is_empty() {
            export::default_title(&self.data, &self.state.filter, &self.shown, days)
        } else {
            dialog.title.trim().to_owned()
        };
        Figure {
            title,
            size,
            theme: dialog.theme,
            range: FigureRange::Days(days.0, days.1),
            lanes: self.state.lane_mode,
        }
    }

    pub(super) fn export_dialog_ui(&mut self, ctx: &egui::Context) {
        if !self.export.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Export figure").open(&mut open).resizable(false).collapsible(false).show(ctx, |ui| {
            self.export_options_ui(ui);
            ui.separator();
            self.preview_ui(ui);
            ui.separator();
            self.export_buttons_ui(ui);
        });
        self.export.open = open;
    }

    fn export_options_ui(&mut self, ui: &mut egui::Ui) {
        let dialog = &mut self.export;
        egui::Grid::new("export-options").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            ui.label("Format");
            ui.horizontal(|ui| {
                ui.radio_value(&mut dialog.format, Format::Png, "PNG");
                ui.radio_value(&mut dialog.format, Format::Svg, "SVG");
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
            if dialog.size == SizeChoice::Custom {
                ui.label("Width × height");
                ui.horizontal(|ui| {
                    ui.add(egui::DragValue::new(&mut dialog.custom.0).range(200..=8000).suffix(" px"));
                    ui.label("×");
                    ui.add(egui::DragValue::new(&mut dialog.custom.1).range(200..=8000).suffix(" px"));
                });
                ui.end_row();
            }
            if matches!(dialog.size, SizeChoice::Slide | SizeChoice::Custom) {
                ui.label("Scale");
                ui.horizontal(|ui| {
                    for scale in [1.0, 2.0, 3.0] {
                        ui.radio_value(&mut dialog.scale, scale, format!("{scale}×"));
                    }
                });
                ui.end_row();
            }
            ui.label("Theme");
            ui.horizontal(|ui| {
                ui.radio_value(&mut dialog.theme, FigureTheme::Light, "Light");
                ui.radio_value(&mut dialog.theme, FigureTheme::Dark, "Dark");
                ui.radio_value(&mut dialog.theme, FigureTheme::Print, "Print");
            });
            ui.end_row();
            ui.label("Range");
            ui.horizontal(|ui| {
                ui.radio_value(&mut dialog.current_view, false, "Everything shown");
                ui.radio_value(&mut dialog.current_view, true, "Current view");
            });
            ui.end_row();
            ui.label("Title");
            let edit = ui.add(
                egui::TextEdit::singleline(&mut dialog.title)
                    .hint_text("Default: years and actors")
                    .desired_width(360.0),
            );
            edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Title"));
            ui.end_row();
        });
    }

    fn preview_ui(&mut self, ui: &mut egui::Ui) {
        let figure = self.figure();
        if self.export.preview.as_ref().is_none_or(|(shown, _)| shown != &figure) {
            let scale = PREVIEW_WIDTH_PX / figure.size.width as f32;
            match export::render_pixels(&self.data, &self.shown, &self.state.filter, &figure, scale) {
                Ok(pixels) => {
                    let size = [pixels.width as usize, pixels.height as usize];
                    let image = egui::ColorImage::from_rgba_premultiplied(size, &pixels.rgba);
                    let texture = ui.ctx().load_texture("export-preview", image, TextureOptions::LINEAR);
                    self.export.preview = Some((figure, texture));
                }
                Err(e) => self.export.message = Some((format!("Preview failed: {e}"), true)),
            }
        }
        if let Some((figure, texture)) = &self.export.preview {
            let (w, h) = figure.size.pixels();
            ui.image((texture.id(), texture.size_vec2()));
            ui.weak(format!("{} events · {w}×{h} px as PNG", self.shown.len()));
        }
    }

    fn export_buttons_ui(&mut self, ui: &mut egui::Ui) {
        if let Some((path, _)) = &self.export.confirm {
            let text = format!("{} exists. Replace it?", path.display());
            ui.colored_label(ui.visuals().warn_fg_color, text);
            ui.horizontal(|ui| {
                if ui.button("Replace").clicked()
                    && let Some((path, bytes)) = self.export.confirm.take()
                {
                    self.export.message =
                        Some(write_message(&path, export::write_atomically(&path, &bytes, Overwrite::Replace)));
                }
                if ui.button("Keep the old file").clicked() {
                    self.export.confirm = None;
                    self.export.message = Some(("Nothing was written.".to_owned(), false));
                }
            });
            return;
        }
        ui.horizontal(|ui| {
            if ui.button("Save…").on_hover_text("Write the figure to a file").clicked() {
                self.save_export(self.export.format);
                // The window grows to show the message on the next frame.
                ui.ctx().request_repaint();
            }
            if ui.button("Copy to clipboard").on_hover_text("Copy the figure as a PNG image").clicked() {
                self.copy_figure();
                ui.ctx().request_repaint();
            }
        });
        if let Some((message, failed)) = &self.export.message {
            let color = if *failed { ui.visuals().error_fg_color } else { ui.visuals().weak_text_color() };
            ui.colored_label(color, message);
        }
    }

    /// Writes the figure or the shown events in `format`, asking where first.
    pub(super) fn save_export(&mut self, format: Format) {
        let stem =
            if matches!(format, Format::EventsCsv | Format::EventsJson) { "accords-events" } else { "accords-figure" };
        let path = match choose_save_path(stem, format.kind(), format.extension()) {
            SaveTarget::Path(path) => path,
            SaveTarget::Cancelled => return,
        };
        let figure = self.figure();
        let (data, shown, filter) = (&self.data, &self.shown, &self.state.filter);
        let bytes = match format {
            Format::Svg => Ok(export::render_svg(data, shown, filter, &figure).into_bytes()),
            Format::Png => export::render_png(data, shown, filter, &figure).map_err(|e| e.to_string()),
            Format::EventsCsv => export::events_csv(data, shown).map(String::into_bytes).map_err(|e| e.to_string()),
            Format::EventsJson => Ok(export::events_json(data, shown, None).into_bytes()),
        };
        let message = match bytes {
            Err(e) => (format!("Not saved: {e}"), true),
            Ok(bytes) if path.exists() => {
                self.export.confirm = Some((path, bytes));
                self.export.open = true;
                return;
            }
            Ok(bytes) => write_message(&path, export::write_atomically(&path, &bytes, Overwrite::Refuse)),
        };
        self.export.message = Some(message.clone());
        self.status = Some(message);
    }

    fn copy_figure(&mut self) {
        let figure = self.figure();
        let result = export::render_pixels(&self.data, &self.shown, &self.state.filter, &figure, figure.size.scale)
            .map_err(|e| e.to_string())
            .and_then(|pixels| {
                if self.export.clipboard.is_none() {
                    self.export.clipboard = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
                }
                let clipboard = self.export.clipboard.as_mut().ok_or("no clipboard")?;
                let image = arboard::ImageData {
                    width: pixels.width as usize,
                    height: pixels.height as usize,
                    bytes: demultiply(pixels.rgba).into(),
                };
                clipboard.set_image(image).map_err(|e| e.to_string())
            });
        self.export.message = Some(match result {
            Ok(()) => ("Copied the figure to the clipboard.".to_owned(), false),
            Err(e) => (format!("Could not copy: {e}"), true),
        });
    }
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

fn write_message(path: &std::path::Path, result: Result<(), export::WriteError>) -> (String, bool) {
    match result {
        Ok(()) => (format!("Saved {}", path.display()), false),
        Err(e) => (format!("Not saved: {e}"), true),
    }
}
