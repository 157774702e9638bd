//! How wide a text is, measured with the real font: Ubuntu Light, which the window draws with and
//! the figures embed (`assets/fonts`), shaped by `harfrust` — the shaper both egui and resvg use — so
//! the scene, the window and the figures agree on every label's width.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use harfrust::{FontRef, ShaperData, UnicodeBuffer};

/// The font of labels and of the figures' text.
pub const FONT: &[u8] = include_bytes!("../../assets/fonts/Ubuntu-Light.ttf");

/// Texts measured so far, in font units, so a label is shaped once however often it is laid out.
/// Forgotten when it grows past this many, so a huge data set cannot fill memory with it.
const MAX_REMEMBERED: usize = 200_000;

struct Measurer {
    font: FontRef<'static>,
    data: ShaperData,
    units_per_em: f64,
    widths: Mutex<HashMap<Box<str>, i32>>,
}

fn measurer() -> Option<&'static Measurer> {
    static MEASURER: OnceLock<Option<Measurer>> = OnceLock::new();
    MEASURER
        .get_or_init(|| {
            let font = FontRef::new(FONT).ok()?;
            let data = ShaperData::new(&font);
            let units_per_em = f64::from(data.shaper(&font).build().units_per_em().max(1));
            Some(Measurer { font, data, units_per_em, widths: Mutex::new(HashMap::new()) })
        })
        .as_ref()
}

/// The width of `text` set in the label font at `size_px`, in pixels, kerning included.
pub fn text_width_px(text: &str, size_px: f64) -> f64 {
    let Some(m) = measurer() else {
        // The font is part of the program; were it unreadable, a generous guess keeps labels apart.
        return text.chars().count() as f64 * size_px * 0.6;
    };
    let remembered = m.widths.lock().ok().and_then(|widths| widths.get(text).copied());
    let units = remembered.unwrap_or_else(|| {
        let shaper = m.data.shaper(&m.font).build();
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let glyphs = shaper.shape(buffer, harfrust::ShapeOptions::new());
        let units: i32 = glyphs.glyph_positions().iter().map(|p| p.x_advance).sum();
        if let Ok(mut widths) = m.widths.lock() {
            if widths.len() >= MAX_REMEMBERED {
                widths.clear();
            }
            widths.insert(text.into(), units);
        }
        units
    });
    f64::from(units) * size_px / m.units_per_em
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_not_a_guess() {
        let wide = text_width_px("WWWWWWWWWW", 12.0);
        let narrow = text_width_px("iiiiiiiiii", 12.0);
        assert!(wide > narrow * 2.5, "W is far wider than i: {wide} vs {narrow}");
        assert!((text_width_px("Allied", 24.0) - 2.0 * text_width_px("Allied", 12.0)).abs() < 1e-9);
        assert!(text_width_px("", 12.0).abs() < 1e-9);
        // Shaped as a whole, not letter by letter: the same text measures the same every time.
        let once = text_width_px("Allied Interaction Declaration", 12.0);
        assert!((once - text_width_px("Allied Interaction Declaration", 12.0)).abs() < 1e-9);
        assert!(once > 100.0 && once < 200.0, "{once}");
    }
}
