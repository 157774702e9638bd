//! Window screenshots: ask the integration for the pixels, then write a PNG atomically.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::ColorImage;

/// Screenshots asked for and not yet written.
#[derive(Default)]
pub struct ScreenshotState {
    /// Where the next screenshot goes, once its pixels arrive.
    target: Option<PathBuf>,
    /// The pixels, handed over by the integration's callback.
    slot: Arc<Mutex<Option<Arc<ColorImage>>>>,
    /// Close the window once the screenshot is written (scripted use, or a close asked for while
    /// it was being written).
    quit_after: bool,
    /// Frames drawn so far, so a scripted screenshot waits until the layout has settled.
    frames: u32,
    /// Whether the pixels have been requested for `target`.
    requested: bool,
    /// A PNG being written on another thread: where, and whether it worked.
    writing: Option<std::sync::mpsc::Receiver<(PathBuf, anyhow::Result<()>)>>,
}

/// Frames to draw before a scripted screenshot: panels size themselves over the first few.
const SETTLE_FRAMES: u32 = 5;

impl ScreenshotState {
    /// Sets up a scripted screenshot to `path`, after which the window closes.
    pub fn then_quit(&mut self, path: PathBuf) {
        self.target = Some(path);
        self.quit_after = true;
    }

    /// Asks for the pixels of the next frame, to be written to `target`.
    pub fn request(&mut self, ctx: &egui::Context, target: PathBuf) {
        self.target = Some(target);
        self.requested = false;
        self.ask(ctx);
    }

    fn ask(&mut self, ctx: &egui::Context) {
        let slot = Arc::clone(&self.slot);
        let waiting = ctx.clone();
        ctx.request_screenshot(move |image| {
            if let Ok(mut slot) = slot.lock() {
                *slot = Some(image);
            }
            // The pixels arrive after the frame that asked for them; wake the app to write them.
            waiting.request_repaint();
        });
        self.requested = true;
    }

    /// Writes a screenshot whose pixels have arrived; call once a frame. While `busy` (a file is
    /// loading), a scripted screenshot waits.
    pub fn poll(&mut self, ctx: &egui::Context, status: &mut Option<(String, bool)>, busy: bool) {
        self.frames = if busy { 0 } else { self.frames.saturating_add(1) };
        // Closing the window while a screenshot is on its way would lose it: the window waits for
        // the file to be written, then closes.
        let pending = self.writing.is_some() || (self.target.is_some() && self.requested);
        if pending && ctx.input(|i| i.viewport().close_requested()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.quit_after = true;
            *status = Some(("Saving the screenshot before closing…".to_owned(), false));
        }
        self.finish(ctx, status);
        if self.target.is_none() {
            return;
        }
        if !self.requested {
            // While a file loads there is nothing to wait for here: the load wakes the window when
            // it is done (and frames drawn meanwhile would take the cores it needs).
            if busy {
                return;
            }
            if self.frames >= SETTLE_FRAMES {
                self.ask(ctx);
            } else {
                ctx.request_repaint();
            }
            return;
        }
        let image = self.slot.lock().ok().and_then(|mut slot| slot.take());
        let Some(image) = image else { return };
        let Some(path) = self.target.take() else { return };
        // Encoding a window-sized PNG takes a moment; the window stays responsive meanwhile.
        let (done, result) = std::sync::mpsc::channel();
        let waiting = ctx.clone();
        std::thread::spawn(move || {
            let written = write_png(&image, &path);
            // The window may have closed meanwhile; then nobody needs the answer.
            let _ = done.send((path, written));
            waiting.request_repaint();
        });
        self.writing = Some(result);
        *status = Some(("Saving the screenshot…".to_owned(), false));
    }

    /// Reports a finished write, and closes the window after a scripted screenshot.
    fn finish(&mut self, ctx: &egui::Context, status: &mut Option<(String, bool)>) {
        let Some(receiver) = &self.writing else { return };
        let (path, result) = match receiver.try_recv() {
            Ok(done) => done,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                (PathBuf::new(), Err(anyhow::anyhow!("the writer stopped unexpectedly")))
            }
        };
        self.writing = None;
        *status = Some(match &result {
            Ok(()) => (format!("Screenshot saved to {}", path.display()), false),
            Err(e) => (format!("Screenshot not saved: {e:#}"), true),
        });
        ctx.request_repaint();
        if self.quit_after {
            if let Err(e) = &result {
                eprintln!("accords: screenshot not saved: {e:#}");
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Writes `image` as a PNG, atomically (a temporary file beside `path`, then a rename).
pub fn write_png(image: &ColorImage, path: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    let [width, height] = image.size;
    let pixels: Vec<u8> = image.pixels.iter().flat_map(egui::Color32::to_array).collect();
    let buffer = image::RgbaImage::from_raw(width as u32, height as u32, pixels)
        .context("the screenshot has the wrong number of pixels")?;
    let mut png = Vec::new();
    buffer.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
    crate::export::write_atomically(path, &png, crate::export::Overwrite::Replace)?;
    Ok(())
}
