//! The visible range of days and the pixels it is drawn across: the one place where time becomes x.
//! The timeline, the overview, label placement and the figures all go through it.

/// The timeline never shows fewer days than this across.
pub const MIN_VISIBLE_DAYS: f64 = 3.0;

/// A range of days (days since 1970-01-01, fractions allowed) drawn across `width_px` pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
#[must_use]
pub struct TimeView {
    /// Leftmost visible day.
    pub min_day: f64,
    /// Rightmost visible day.
    pub max_day: f64,
    /// Width of the drawing in pixels.
    pub width_px: f64,
}

impl TimeView {
    /// `min_day..max_day` across `width_px` pixels.
    pub fn new(min_day: f64, max_day: f64, width_px: f64) -> Self {
        Self { min_day, max_day, width_px }
    }

    /// How many days the view spans.
    pub fn days(&self) -> f64 {
        (self.max_day - self.min_day).max(1e-9)
    }

    /// How many days one pixel spans.
    pub fn days_per_px(&self) -> f64 {
        self.days() / self.width_px.max(1.0)
    }

    /// Pixels from the left edge to `day`.
    pub fn x_from_day(&self, day: f64) -> f64 {
        (day - self.min_day) / self.days_per_px()
    }

    /// The day `x` pixels from the left edge.
    pub fn day_from_x(&self, x: f64) -> f64 {
        self.min_day + x * self.days_per_px()
    }

    /// The day in the middle.
    pub fn middle(&self) -> f64 {
        f64::midpoint(self.min_day, self.max_day)
    }

    /// Whether a day range touches the view.
    pub fn overlaps(&self, first_day: f64, last_day: f64) -> bool {
        last_day >= self.min_day && first_day <= self.max_day
    }

    /// The same width of time, moved so it starts at `min_day`.
    pub fn starting_at(self, min_day: f64) -> Self {
        Self { min_day, max_day: min_day + (self.max_day - self.min_day), ..self }
    }

    /// Another range of days at the same width in pixels.
    pub fn with_days(self, min_day: f64, max_day: f64) -> Self {
        Self { min_day, max_day, ..self }
    }

    /// Zoomed by `factor` (> 1 zooms in) about `day`, which stays where it is on screen.
    pub fn zoomed(self, factor: f64, day: f64) -> Self {
        let factor = if factor > 0.0 && factor.is_finite() { factor } else { 1.0 };
        Self { min_day: day - (day - self.min_day) / factor, max_day: day + (self.max_day - day) / factor, ..self }
    }

    /// Moved by `days` (positive: later).
    pub fn panned(self, days: f64) -> Self {
        Self { min_day: self.min_day + days, max_day: self.max_day + days, ..self }
    }

    /// The same width, centred on `day`.
    pub fn centred_on(self, day: f64) -> Self {
        self.panned(day - self.middle())
    }

    /// Kept at the same zoom, panned so `day` is in the middle if it is out of view; the view does
    /// not show empty time beyond `data` (first and last day) when the data can fill it.
    pub fn revealing(self, day: f64, data: (f64, f64)) -> Self {
        if (self.min_day..=self.max_day).contains(&day) {
            return self;
        }
        let width = self.max_day - self.min_day;
        self.starting_at((day - width / 2.0).min(data.1 - width).max(data.0))
    }

    /// Kept between [`MIN_VISIBLE_DAYS`] and four times the data's span across, and its middle
    /// within half that of the data (`data`: first and last day), so the data is never lost.
    pub fn clamped(self, data: (f64, f64)) -> Self {
        let widest = ((data.1 - data.0) * 4.0).max(MIN_VISIBLE_DAYS);
        let width = self.max_day - self.min_day;
        let width = if width.is_finite() { width.clamp(MIN_VISIBLE_DAYS, widest) } else { widest / 4.0 };
        let middle = if self.middle().is_finite() { self.middle() } else { f64::midpoint(data.0, data.1) };
        let middle = middle.clamp(data.0 - widest / 2.0, data.1 + widest / 2.0);
        Self { min_day: middle - width / 2.0, max_day: middle + width / 2.0, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn days_and_pixels_turn_into_each_other() {
        let view = TimeView::new(100.0, 300.0, 400.0);
        assert!(close(view.x_from_day(100.0), 0.0));
        assert!(close(view.x_from_day(300.0), 400.0));
        assert!(close(view.x_from_day(150.0), 100.0));
        for x in [0.0, 33.0, 400.0, -20.0] {
            assert!(close(view.x_from_day(view.day_from_x(x)), x));
        }
    }

    #[test]
    fn zooming_keeps_the_day_under_the_pointer_in_place() {
        let view = TimeView::new(0.0, 1000.0, 500.0);
        let x = view.x_from_day(800.0);
        let zoomed = view.zoomed(2.0, 800.0);
        assert!(close(zoomed.days(), 500.0));
        assert!(close(zoomed.x_from_day(800.0), x));
        let back = zoomed.zoomed(0.5, 800.0);
        assert!(close(back.min_day, 0.0) && close(back.max_day, 1000.0));
        // A factor that makes no sense leaves the view alone.
        assert_eq!(view.zoomed(0.0, 10.0), view);
        assert_eq!(view.zoomed(f64::NAN, 10.0), view);
    }

    #[test]
    fn clamping_keeps_a_readable_width_near_the_data() {
        let data = (1000.0, 2000.0);
        let tiny = TimeView::new(1500.0, 1500.5, 800.0).clamped(data);
        assert!(close(tiny.days(), MIN_VISIBLE_DAYS) && close(tiny.middle(), 1500.25));
        let huge = TimeView::new(-1e9, 1e9, 800.0).clamped(data);
        assert!(close(huge.days(), 4000.0));
        let lost = TimeView::new(1e7, 1e7 + 100.0, 800.0).clamped(data);
        assert!(lost.min_day < 5000.0, "{lost:?}");
        let broken = TimeView::new(f64::NAN, f64::NAN, 800.0).clamped(data);
        assert!(broken.min_day.is_finite() && broken.max_day.is_finite());
    }

    #[test]
    fn revealing_pans_only_when_the_day_is_out_of_view_and_stays_on_the_data() {
        let data = (0.0, 10_000.0);
        let view = TimeView::new(1000.0, 2000.0, 800.0);
        assert_eq!(view.revealing(1500.0, data), view);
        let moved = view.revealing(5000.0, data);
        assert!(close(moved.middle(), 5000.0) && close(moved.days(), 1000.0));
        let end = view.revealing(9990.0, data);
        assert!(close(end.max_day, 10_000.0), "{end:?}");
        assert!(close(view.centred_on(300.0).middle(), 300.0));
    }
}
