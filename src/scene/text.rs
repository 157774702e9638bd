//! How wide a text is, measured with the real fonts: the chain of `FACES` that the window draws
//! with and the figures embed (`assets/fonts`), shaped by `harfrust` — the shaper both egui and
//! resvg use — so the scene, the window and the figures agree on every label's width.
//!
//! A character is set in the first face that has it, as egui picks its fallback fonts; the figures
//! name that face for every run outside the first (`runs`), so resvg and the PDF do the same.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use harfrust::{FontRef, ShaperData, UnicodeBuffer};
use skrifa::MetadataProvider;
use skrifa::charmap::Charmap;
use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};

/// A font of the chain: its family name, as fonts databases and the figures' SVG name it, and its bytes.
pub struct Face {
    pub family: &'static str,
    pub data: &'static [u8],
}

/// The fonts text is set in, in the order a character looks for itself. Ubuntu Light (egui's own
/// font: Latin, Greek, Cyrillic) comes first; then the scripts of the Caucasus and the Middle East,
/// whose names and titles are in this tool's data; Hack last, for arrows and symbols.
pub const FACES: [Face; 6] = [
    Face { family: "Ubuntu", data: include_bytes!("../../assets/fonts/Ubuntu-Light.ttf") },
    Face { family: "Noto Sans Armenian", data: include_bytes!("../../assets/fonts/NotoSansArmenian-Regular.ttf") },
    Face { family: "Noto Sans Georgian", data: include_bytes!("../../assets/fonts/NotoSansGeorgian-Regular.ttf") },
    Face { family: "Noto Sans Hebrew", data: include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf") },
    Face { family: "Noto Sans Arabic", data: include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf") },
    Face { family: "Hack", data: include_bytes!("../../assets/fonts/Hack-Regular.ttf") },
];

/// The font of labels and of the figures' text, before any fallback.
pub const FONT: &[u8] = FACES[0].data;

/// Texts measured so far, in ems, so a label is shaped once however often it is laid out.
/// Forgotten when it grows past this many, so a huge data set cannot fill memory with it.
const MAX_REMEMBERED: usize = 200_000;

struct Shaper {
    font: FontRef<'static>,
    charmap: Charmap<'static>,
    data: ShaperData,
    units_per_em: f64,
}

struct Measurer {
    faces: Vec<Shaper>,
    widths: Mutex<HashMap<Box<str>, f64>>,
}

fn measurer() -> Option<&'static Measurer> {
    static MEASURER: OnceLock<Option<Measurer>> = OnceLock::new();
    MEASURER
        .get_or_init(|| {
            let faces = FACES
                .iter()
                .map(|face| {
                    let font = FontRef::new(face.data).ok()?;
                    let data = ShaperData::new(&font);
                    let units_per_em = f64::from(data.shaper(&font).build().units_per_em().max(1));
                    Some(Shaper { charmap: font.charmap(), font, data, units_per_em })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Measurer { faces, widths: Mutex::new(HashMap::new()) })
        })
        .as_ref()
}

/// `text` cut into runs set in one face each: the face's index in `FACES` and the bytes it sets.
/// A character no face has stays in the first face (and shows as a box, everywhere alike).
pub fn runs(text: &str) -> Vec<(usize, Range<usize>)> {
    let face_of = |c: char| -> usize {
        if c.is_ascii() {
            return 0;
        }
        measurer()
            .and_then(|m| m.faces.iter().position(|face| face.charmap.map(c).is_some_and(|glyph| glyph.to_u32() != 0)))
            .unwrap_or(0)
    };
    let mut runs: Vec<(usize, Range<usize>)> = Vec::new();
    for (at, c) in text.char_indices() {
        let face = face_of(c);
        match runs.last_mut() {
            Some((last, range)) if *last == face => range.end = at + c.len_utf8(),
            _ => runs.push((face, at..at + c.len_utf8())),
        }
    }
    runs
}

/// One face's run of a text within one direction's run, as `visual_pieces` lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Its face's index in `FACES`.
    pub face: usize,
    /// Its bytes in the text, in the order written.
    pub range: Range<usize>,
    /// Whether it reads right to left (Arabic, Hebrew).
    pub rtl: bool,
}

/// The pieces of `text` from left to right as they are seen: the Unicode bidi algorithm orders its
/// direction runs (in a left-to-right paragraph, as the figures' SVG sets text), and a right-to-left
/// run's face runs come last to first. Each piece, shaped in its face and its direction, shows its
/// own letters in order; setting the pieces side by side shows the whole text as the figures do.
pub fn visual_pieces(text: &str) -> Vec<Piece> {
    let in_order = |range: Range<usize>, rtl: bool| {
        let mut pieces: Vec<Piece> = runs(&text[range.clone()])
            .into_iter()
            .map(|(face, run)| Piece { face, range: range.start + run.start..range.start + run.end, rtl })
            .collect();
        if rtl {
            pieces.reverse();
        }
        pieces
    };
    if text.is_ascii() {
        return in_order(0..text.len(), false);
    }
    let bidi = BidiInfo::new(text, Some(Level::ltr()));
    let mut pieces = Vec::new();
    for paragraph in &bidi.paragraphs {
        let (levels, direction_runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
        for run in direction_runs {
            let rtl = levels[run.start].is_rtl();
            pieces.extend(in_order(run, rtl));
        }
    }
    pieces
}

/// `text` as a toolkit that shapes each face's run but never reorders runs (egui) must be given it
/// to show it as the figures do: its right-to-left runs' words come last to first, each word as
/// written (the shaper sets its letters right to left), and brackets in them are mirrored. Text
/// with nothing right to left comes back as it is. For drawing only: the result is not the text.
pub fn display_order(text: &str) -> Cow<'_, str> {
    // The window asks for every label in every frame: most have no right-to-left letter at all.
    let rtl = |c: char| matches!(bidi_class(c), BidiClass::R | BidiClass::AL);
    if text.is_ascii() || !text.chars().any(rtl) {
        return Cow::Borrowed(text);
    }
    let pieces = visual_pieces(text);
    if !pieces.iter().any(|piece| piece.rtl) {
        return Cow::Borrowed(text);
    }
    let mirrored = |c: char| match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '«' => '»',
        '»' => '«',
        c => c,
    };
    let mut out = String::with_capacity(text.len());
    for piece in pieces {
        let words = &text[piece.range];
        // The shaper turns a piece of Arabic or Hebrew letters, but takes spaces and brackets
        // between them (a piece of their own, in the first face) left to right.
        let shaped_rtl = words.chars().any(rtl);
        if piece.rtl && !shaped_rtl {
            out.extend(words.chars().rev().map(mirrored));
        } else {
            out.push_str(words);
        }
    }
    Cow::Owned(out)
}

/// The width of `text` set in the label fonts at `size_px`, in pixels, kerning included.
pub fn text_width_px(text: &str, size_px: f64) -> f64 {
    let Some(m) = measurer() else {
        // The fonts are part of the program; were one unreadable, a generous guess keeps labels apart.
        return text.chars().count() as f64 * size_px * 0.6;
    };
    let remembered = m.widths.lock().ok().and_then(|widths| widths.get(text).copied());
    let ems = remembered.unwrap_or_else(|| {
        let ems = runs(text).into_iter().map(|(face, range)| run_ems(&m.faces[face], &text[range])).sum();
        if let Ok(mut widths) = m.widths.lock() {
            if widths.len() >= MAX_REMEMBERED {
                widths.clear();
            }
            widths.insert(text.into(), ems);
        }
        ems
    });
    ems * size_px
}

/// The advance of one run shaped in its face, in ems; its direction comes from its script.
fn run_ems(face: &Shaper, text: &str) -> f64 {
    let shaper = face.data.shaper(&face.font).build();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let glyphs = shaper.shape(buffer, harfrust::ShapeOptions::new());
    let units: i32 = glyphs.glyph_positions().iter().map(|p| p.x_advance).sum();
    f64::from(units) / face.units_per_em
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

    #[test]
    fn each_script_is_set_in_the_face_that_has_it() {
        fn family(text: &str) -> Vec<(&'static str, &str)> {
            runs(text).into_iter().map(|(face, range)| (FACES[face].family, &text[range])).collect()
        }
        assert_eq!(family("Москва 2022"), [("Ubuntu", "Москва 2022")]);
        assert_eq!(
            family("Երևան – Tbilisi თბილისი"),
            [("Noto Sans Armenian", "Երևան"), ("Ubuntu", " – Tbilisi "), ("Noto Sans Georgian", "თბილისი")]
        );
        assert_eq!(family("تهران"), [("Noto Sans Arabic", "تهران")]);
        assert_eq!(family("ירושלים ←"), [("Noto Sans Hebrew", "ירושלים"), ("Ubuntu", " "), ("Hack", "←")]);
        // No face has Chinese: it stays in the first, where every renderer shows the same box.
        assert_eq!(family("北京"), [("Ubuntu", "北京")]);
    }

    #[test]
    fn right_to_left_words_are_given_to_the_window_last_to_first() {
        // Two Hebrew words: the window shapes each word right to left but sets runs left to right,
        // so it must be given the second word first to show the first word on the right.
        assert_eq!(display_order("הסכמי אברהם"), "אברהם הסכמי");
        // Brackets between Arabic words turn to face the word they hold.
        assert_eq!(display_order("الف (ب) ج"), "ج (ب) الف");
        assert_eq!(display_order("Treaty of Moscow, 1997"), "Treaty of Moscow, 1997");
        assert!(matches!(display_order("Москва"), Cow::Borrowed(_)));
        // Latin before keeps its place.
        assert_eq!(display_order("Accords: הסכמי אברהם"), "Accords: אברהם הסכמי");
    }

    #[test]
    fn a_script_the_first_face_lacks_is_measured_in_its_own_face() {
        // Ubuntu has no Armenian, so its measure would be a row of equal missing-glyph boxes.
        let armenian = text_width_px("Հայաստանի Հանրապետություն", 12.0);
        let boxes = text_width_px("北", 12.0) * 24.0 + text_width_px(" ", 12.0);
        assert!((armenian - boxes).abs() > 1.0, "{armenian} vs {boxes}");
        // Arabic is shaped: joined letters measure less than the same letters alone.
        let joined = text_width_px("بببب", 12.0);
        let alone = text_width_px("ب ب ب ب", 12.0) - 3.0 * text_width_px(" ", 12.0);
        assert!(joined < alone, "{joined} vs {alone}");
    }
}
