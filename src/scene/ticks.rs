//! Date-axis ticks that adapt to the zoom: decades, years, months or days, never crowded.

use chrono::{Datelike, NaiveDate};

use crate::model::{date_of_day_number, day_number, month_name};

/// The unit a tick step counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TickUnit {
    /// Whole years.
    Year,
    /// Whole months.
    Month,
    /// Days.
    Day,
}

/// A step between ticks, such as 5 years or 3 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TickStep {
    /// The unit.
    pub unit: TickUnit,
    /// How many units between ticks.
    pub count: i32,
}

impl TickStep {
    /// Approximate length in days, used to compare steps and to tell the unit back from a length.
    pub fn days(self) -> f64 {
        let unit = match self.unit {
            TickUnit::Year => 365.25,
            TickUnit::Month => 30.44,
            TickUnit::Day => 1.0,
        };
        unit * f64::from(self.count)
    }

    /// Widest label of this unit, in pixels at 12 px text, plus breathing room.
    fn label_width_px(self) -> f64 {
        match self.unit {
            TickUnit::Year => 48.0,
            TickUnit::Month => 72.0,
            // Room for the year the first label of a stretch of days carries: "10 Jan 2022".
            TickUnit::Day => 76.0,
        }
    }
}

const STEPS: [TickStep; 17] = {
    use TickUnit::{Day, Month, Year};
    [
        TickStep { unit: Day, count: 1 },
        TickStep { unit: Day, count: 2 },
        TickStep { unit: Day, count: 7 },
        TickStep { unit: Day, count: 14 },
        TickStep { unit: Month, count: 1 },
        TickStep { unit: Month, count: 3 },
        TickStep { unit: Month, count: 6 },
        TickStep { unit: Year, count: 1 },
        TickStep { unit: Year, count: 2 },
        TickStep { unit: Year, count: 5 },
        TickStep { unit: Year, count: 10 },
        TickStep { unit: Year, count: 20 },
        TickStep { unit: Year, count: 50 },
        TickStep { unit: Year, count: 100 },
        TickStep { unit: Year, count: 500 },
        TickStep { unit: Year, count: 1000 },
        TickStep { unit: Year, count: 10_000 },
    ]
};

/// The smallest step whose labels fit side by side at this zoom.
pub fn tick_step(days_per_px: f64) -> TickStep {
    STEPS.into_iter().find(|s| s.days() / days_per_px >= s.label_width_px()).unwrap_or(STEPS[STEPS.len() - 1])
}

/// Tick positions (days since 1970-01-01) from `min_day` to `max_day` at `step`, on calendar boundaries.
pub fn ticks(min_day: f64, max_day: f64, step: TickStep) -> Vec<f64> {
    const MAX_TICKS: usize = 1000;
    let first = date_of_day_number(min_day.floor() as i64);
    let mut date = align(first, step);
    let mut out = Vec::new();
    while out.len() < MAX_TICKS {
        let day = day_number(date) as f64;
        if day > max_day {
            break;
        }
        if day >= min_day {
            out.push(day);
        }
        let Some(next) = advance(date, step) else { break };
        date = next;
    }
    out
}

fn align(date: NaiveDate, step: TickStep) -> NaiveDate {
    let aligned = match step.unit {
        TickUnit::Year => NaiveDate::from_ymd_opt(date.year() - date.year().rem_euclid(step.count), 1, 1),
        TickUnit::Month => {
            let month0 = date.month0() as i32;
            NaiveDate::from_ymd_opt(date.year(), (month0 - month0 % step.count) as u32 + 1, 1)
        }
        TickUnit::Day if step.count >= 7 => {
            Some(date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday())))
        }
        TickUnit::Day => Some(date),
    };
    aligned.unwrap_or(date)
}

fn advance(date: NaiveDate, step: TickStep) -> Option<NaiveDate> {
    let count = step.count.unsigned_abs();
    match step.unit {
        TickUnit::Year => date.with_year(date.year().checked_add(step.count)?),
        TickUnit::Month => date.checked_add_months(chrono::Months::new(count)),
        TickUnit::Day => date.checked_add_days(chrono::Days::new(u64::from(count))),
    }
}

/// The label of a tick at `day` for a step of about `step_days` days: "2008", "Jul 2008" or "3 Jul".
/// Day ticks carry the year on the `first` tick in view and where the year changes ("10 Jan
/// 2022"), so a reader zoomed in to weeks still knows which year it is.
pub fn tick_label(day: f64, step_days: f64, first: bool) -> String {
    let date = date_of_day_number(day.round() as i64);
    let year_changed = date_of_day_number((day - step_days).round() as i64).year() != date.year();
    let month = &month_name(date.month())[..3];
    let year = year_text(date);
    if step_days >= 365.0 {
        year
    } else if step_days >= 28.0 {
        if date.month() == 1 { year } else { format!("{month} {year}") }
    } else if date.day() == 1 && date.month() == 1 {
        year
    } else if first || year_changed {
        format!("{} {month} {year}", date.day())
    } else {
        format!("{} {month}", date.day())
    }
}

/// A day as people write it: "3 Jul 2008".
pub fn day_text(day: f64) -> String {
    let date = date_of_day_number(day.floor() as i64);
    format!("{} {} {}", date.day(), &month_name(date.month())[..3], year_text(date))
}

fn year_text(date: NaiveDate) -> String {
    if date.year() <= 0 { format!("{} BCE", 1 - date.year()) } else { date.year().to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_grow_as_the_view_zooms_out() {
        let width_px = 1200.0;
        let whole_story = tick_step(26.0 * 365.25 / width_px);
        assert_eq!(whole_story.unit, TickUnit::Year);
        let one_month = tick_step(31.0 / width_px);
        assert_eq!(one_month.unit, TickUnit::Day);
        let two_years = tick_step(730.0 / width_px);
        assert_eq!(two_years.unit, TickUnit::Month);
    }

    #[test]
    fn labels_never_overlap_at_any_zoom() {
        for days_per_px in [0.01, 0.1, 0.5, 1.0, 3.0, 10.0, 50.0, 400.0] {
            let step = tick_step(days_per_px);
            let marks = ticks(10_000.0, 10_000.0 + 1200.0 * days_per_px, step);
            for (i, pair) in marks.windows(2).enumerate() {
                let gap_px = (pair[1] - pair[0]) / days_per_px;
                let label = tick_label(pair[0], step.days(), i == 0);
                assert!(gap_px >= label.len() as f64 * 6.5, "{label} at {days_per_px} d/px: {gap_px} px");
            }
        }
    }

    #[test]
    fn ticks_fall_on_calendar_boundaries() {
        let step = TickStep { unit: TickUnit::Year, count: 5 };
        let start = day_number(NaiveDate::from_ymd_opt(1996, 3, 1).unwrap()) as f64;
        let end = day_number(NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()) as f64;
        let labels: Vec<String> = ticks(start, end, step).iter().map(|d| tick_label(*d, step.days(), false)).collect();
        assert_eq!(labels, ["2000", "2005", "2010", "2015", "2020"]);
        let months = TickStep { unit: TickUnit::Month, count: 3 };
        let labels: Vec<String> =
            ticks(start, start + 200.0, months).iter().map(|d| tick_label(*d, months.days(), false)).collect();
        assert_eq!(labels, ["Apr 1996", "Jul 1996"]);
        // Weeks: the first label and the first of a new year say which year.
        let weeks = TickStep { unit: TickUnit::Day, count: 7 };
        let december = day_number(NaiveDate::from_ymd_opt(2021, 12, 10).unwrap()) as f64;
        let days = ticks(december, december + 35.0, weeks);
        let labels: Vec<String> = days.iter().enumerate().map(|(i, d)| tick_label(*d, weeks.days(), i == 0)).collect();
        assert_eq!(labels, ["13 Dec 2021", "20 Dec", "27 Dec", "3 Jan 2022", "10 Jan"]);
    }
}
