//! Pictures and data out: the scene as SVG, PNG and PDF for reports, the filtered events as CSV and JSON,
//! and files written so that a failed export never leaves half a file.

mod events;
mod figure;
mod pdf;
mod png;
mod svg;
mod write;

pub use events::{CSV_COLUMNS, events_csv, events_json};
pub use figure::{
    Figure, FigureRange, FigureSize, FigureTheme, MAX_PNG_PIXELS, check_pixels, default_title, filter_line, in_range,
};
pub use pdf::{Citations, PdfError, render_pdf};
pub use png::{Pixels, PngError, parse_svg, pixels_from_svg, png_from_svg, render_pixels, render_png};
pub use svg::{marker_sheet, render_svg};
pub use write::{Overwrite, WriteError, check_writable, write_atomically};
