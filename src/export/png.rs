//! SVG to PNG with resvg, using the fonts in `assets/fonts` so text looks the same on every machine.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::figure::Figure;
use super::svg::{FONT_FAMILY, render_svg};
use crate::model::{Dataset, EventId};
use crate::query::Filter;

/// Why a PNG could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The SVG did not parse (a bug: Accords wrote it).
    #[error("the figure's SVG is invalid: {0}")]
    Svg(usvg::Error),
    /// The requested size is zero or too large to allocate.
    #[error("cannot make a {0}×{1} pixel image")]
    Size(u32, u32),
    /// The requested size is over the pixel budget.
    #[error("{0}")]
    TooLarge(String),
    /// PNG encoding failed.
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

/// The bundled fonts, loaded once; resvg silently drops text whose font it lacks.
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

/// Parses an SVG document with the bundled fonts, laying out its text as the PNG will show it.
pub fn parse_svg(svg: &str) -> Result<usvg::Tree, PngError> {
    let options = usvg::Options { font_family: FONT_FAMILY.to_owned(), fontdb: fonts(), ..usvg::Options::default() };
    usvg::Tree::from_str(svg, &options).map_err(PngError::Svg)
}

/// Renders an SVG document at `scale` output pixels per SVG pixel.
fn rasterize(svg: &str, scale: f32) -> Result<tiny_skia::Pixmap, PngError> {
    let tree = parse_svg(svg)?;
    let size = tree.size();
    let (width, height) = ((size.width() * scale).round() as u32, (size.height() * scale).round() as u32);
    super::figure::check_pixels(width, height).map_err(PngError::TooLarge)?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(PngError::Size(width, height))?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Ok(pixmap)
}

/// Renders an SVG document at `scale` output pixels per SVG pixel and encodes it as PNG.
pub fn png_from_svg(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    rasterize(svg, scale)?.encode_png().map_err(|e| PngError::Encode(e.to_string()))
}

/// An SVG document as premultiplied pixels, at `scale` output pixels per SVG pixel.
pub fn pixels_from_svg(svg: &str, scale: f32) -> Result<Pixels, PngError> {
    let pixmap = rasterize(svg, scale)?;
    Ok(Pixels { width: pixmap.width(), height: pixmap.height(), rgba: pixmap.take() })
}

/// The figure of `shown` events as PNG bytes, at the figure's scale.
pub fn render_png(data: &Dataset, shown: &[EventId], filter: &Filter, figure: &Figure) -> Result<Vec<u8>, PngError> {
    png_from_svg(&render_svg(data, shown, filter, figure), figure.size.scale)
}

/// A rendered figure as pixels: width, height, and premultiplied RGBA rows.
pub struct Pixels {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Premultiplied RGBA, row by row.
    pub rgba: Vec<u8>,
}

/// The figure as pixels at `scale` (for previews and the clipboard).
pub fn render_pixels(
    data: &Dataset,
    shown: &[EventId],
    filter: &Filter,
    figure: &Figure,
    scale: f32,
) -> Result<Pixels, PngError> {
    pixels_from_svg(&render_svg(data, shown, filter, figure), scale)
}
