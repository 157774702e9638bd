//! Dates known to a year, a month or a day, as historical sources give them.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year is known.
    Year,
    /// The year and month are known.
    Month,
    /// The exact day is known.
    Day,
}

/// A date at year, month or day precision; "May 2011" stays May 2011 and never becomes 1 May 2011.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct PartialDate {
    year: i32,
    /// 1–12, or 0 when only the year is known (bytes, not `Option<u32>`: a million events hold two
    /// dates each).
    month: u8,
    /// 1–31, or 0 when not known.
    day: u8,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form YYYY, YYYY-MM or YYYY-MM-DD.
    #[error("expected YYYY, YYYY-MM or YYYY-MM-DD")]
    Format,
    /// The form is right but no such day exists (2021-02-30, month 13).
    #[error("no such date exists")]
    NoSuchDate,
    /// Outside the years Accords can draw.
    #[error("the year must lie between {} and {}", PartialDate::MIN_YEAR, PartialDate::MAX_YEAR)]
    YearOutOfRange,
}

/// Days from 1970-01-01 to 0001-01-01 (chrono counts from the latter).
const UNIX_EPOCH_FROM_CE: i64 = 719_163;

impl PartialDate {
    /// The earliest year Accords accepts (BCE years are negative; astronomical numbering).
    pub const MIN_YEAR: i32 = -100_000;
    /// The latest year Accords accepts.
    pub const MAX_YEAR: i32 = 100_000;

    /// A date known to the year.
    pub fn year(year: i32) -> Result<Self, DateError> {
        Self::new(year, None, None)
    }

    /// A date known to the month.
    pub fn month(year: i32, month: u32) -> Result<Self, DateError> {
        Self::new(year, Some(month), None)
    }

    /// A date known to the day.
    pub fn day(year: i32, month: u32, day: u32) -> Result<Self, DateError> {
        Self::new(year, Some(month), Some(day))
    }

    /// Checks and builds a date; a day without a month is refused.
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Result<Self, DateError> {
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year) {
            return Err(DateError::YearOutOfRange);
        }
        match (month, day) {
            (None, Some(_)) => return Err(DateError::Format),
            (Some(m), None) if !(1..=12).contains(&m) => return Err(DateError::NoSuchDate),
            (Some(m), Some(d)) if NaiveDate::from_ymd_opt(year, m, d).is_none() => {
                return Err(DateError::NoSuchDate);
            }
            _ => {}
        }
        Ok(Self { year, month: month.map_or(0, |m| m as u8), day: day.map_or(0, |d| d as u8) })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a leading `-` marks a year BCE.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        let (sign, rest) = match text.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, text),
        };
        let mut parts = rest.split('-');
        let year = parse_number(parts.next(), 1, 6)?;
        let month = parts.next().map(|p| parse_number(Some(p), 2, 2)).transpose()?;
        let day = parts.next().map(|p| parse_number(Some(p), 2, 2)).transpose()?;
        if parts.next().is_some() {
            return Err(DateError::Format);
        }
        let year = i32::try_from(year).map_err(|_| DateError::YearOutOfRange)? * sign;
        Self::new(year, month, day)
    }

    /// The year (negative for BCE).
    pub fn year_number(self) -> i32 {
        self.year
    }

    /// The month (1–12), when known.
    fn known_month(self) -> Option<u32> {
        (self.month != 0).then_some(u32::from(self.month))
    }

    /// The day of the month, when known.
    fn known_day(self) -> Option<u32> {
        (self.day != 0).then_some(u32::from(self.day))
    }

    /// How precisely this date is known.
    pub fn precision(self) -> Precision {
        match (self.known_month(), self.known_day()) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The first day this date may mean.
    pub fn first_day(self) -> NaiveDate {
        let date = NaiveDate::from_ymd_opt(self.year, self.known_month().unwrap_or(1), self.known_day().unwrap_or(1));
        // Every stored date was checked in `new`, so this never falls back.
        date.unwrap_or(NaiveDate::MIN)
    }

    /// The last day this date may mean (31 December for a year, the month's last day for a month).
    pub fn last_day(self) -> NaiveDate {
        let first = self.first_day();
        let next = match self.precision() {
            Precision::Day => return first,
            Precision::Month => first.checked_add_months(chrono::Months::new(1)),
            Precision::Year => first.with_year(self.year + 1),
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(first)
    }

    /// Days since 1970-01-01 of the first day this date may mean.
    pub fn first_day_number(self) -> i64 {
        day_number(self.first_day())
    }

    /// Days since 1970-01-01 of the last day this date may mean.
    pub fn last_day_number(self) -> i64 {
        day_number(self.last_day())
    }

    /// The ISO form at this date's precision: `1997`, `2011-05`, `1997-07-03`.
    pub fn iso(self) -> String {
        let year = if self.year < 0 { format!("-{:04}", -self.year) } else { format!("{:04}", self.year) };
        match (self.known_month(), self.known_day()) {
            (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{year}-{m:02}"),
            _ => year,
        }
    }
}

/// Days since 1970-01-01.
pub fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - UNIX_EPOCH_FROM_CE
}

/// The date of a day number (days since 1970-01-01), clamped to chrono's range.
pub fn date_of_day_number(days: i64) -> NaiveDate {
    i32::try_from(days + UNIX_EPOCH_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(if days < 0 { NaiveDate::MIN } else { NaiveDate::MAX })
}

fn parse_number(part: Option<&str>, min_len: usize, max_len: usize) -> Result<u32, DateError> {
    let part = part.ok_or(DateError::Format)?;
    if part.len() < min_len || part.len() > max_len || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError::Format);
    }
    part.parse().map_err(|_| DateError::Format)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of a month (1 = January).
pub fn month_name(month: u32) -> &'static str {
    MONTHS.get(month.wrapping_sub(1) as usize).copied().unwrap_or("?")
}

impl fmt::Display for PartialDate {
    /// Human form at the known precision: `1997`, `May 2011`, `3 July 1997`, `500 BCE`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(day) = self.known_day() {
            write!(f, "{day} ")?;
        }
        if let Some(month) = self.known_month() {
            write!(f, "{} ", month_name(month))?;
        }
        if self.year <= 0 {
            // Astronomical year 0 is 1 BCE.
            write!(f, "{} BCE", 1 - self.year)
        } else {
            write!(f, "{}", self.year)
        }
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    /// Chronological by first day; a vaguer date sorts before a precise one on the same first day.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.first_day().cmp(&other.first_day()).then(self.precision().cmp(&other.precision()))
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PartialDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_keeps_it() {
        let may = PartialDate::parse("2011-05").unwrap();
        assert_eq!(may.precision(), Precision::Month);
        assert_eq!(may.to_string(), "May 2011");
        assert_eq!(may.iso(), "2011-05");
        assert_eq!(PartialDate::parse("1997-07-03").unwrap().to_string(), "3 July 1997");
        assert_eq!(PartialDate::parse("1997").unwrap().to_string(), "1997");
    }

    #[test]
    fn refuses_impossible_and_malformed_dates() {
        assert_eq!(PartialDate::parse("2021-02-30"), Err(DateError::NoSuchDate));
        assert_eq!(PartialDate::parse("2021-13"), Err(DateError::NoSuchDate));
        assert_eq!(PartialDate::parse("99999999"), Err(DateError::Format));
        assert_eq!(PartialDate::parse("200000"), Err(DateError::YearOutOfRange));
        for bad in ["", "97-1-1", "2021/02/03", "2021-2", "x", "2021-02-03-04", "--5"] {
            assert_eq!(PartialDate::parse(bad), Err(DateError::Format), "{bad:?}");
        }
    }

    #[test]
    fn bce_years_round_trip() {
        let date = PartialDate::parse("-0500").unwrap();
        assert_eq!(date.year_number(), -500);
        assert_eq!(date.iso(), "-0500");
        assert_eq!(date.to_string(), "501 BCE");
    }

    #[test]
    fn a_month_covers_its_whole_month() {
        let feb = PartialDate::parse("2020-02").unwrap();
        assert_eq!(feb.last_day_number() - feb.first_day_number(), 28);
        let year = PartialDate::parse("2021").unwrap();
        assert_eq!(year.last_day_number() - year.first_day_number(), 364);
        assert_eq!(PartialDate::parse("1970-01-01").unwrap().first_day_number(), 0);
    }

    #[test]
    fn orders_by_first_day_then_precision() {
        let year = PartialDate::parse("2011").unwrap();
        let jan = PartialDate::parse("2011-01-01").unwrap();
        let feb = PartialDate::parse("2011-02").unwrap();
        assert!(year < jan && jan < feb);
    }
}
