//! Made-up event data, a tool for benchmarks and load tests only (never real events): decades of
//! dates with bursts, several parties per event, every kind, some spans. The same seed always gives
//! the same file.

use std::fmt::Write as _;

use crate::model::{Kind, PartialDate, date_of_day_number};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// How many events.
    pub events: usize,
    /// How many actors (at least 2).
    pub actors: usize,
    /// The random seed.
    pub seed: u64,
}

/// First day generated: 1 January 1950.
const FIRST_DAY: i64 = -7305;
/// Days from 1950 to the end of 2024.
const SPAN_DAYS: i64 = 27_394;

/// The sizes the benchmarks measure: `ACCORDS_BENCH_EVENTS` (a number, or several with commas:
/// `10000,100000,1000000,3000000` gives the curve), else 100,000.
pub fn bench_sizes() -> Vec<usize> {
    let sizes = std::env::var("ACCORDS_BENCH_EVENTS").unwrap_or_default();
    let sizes: Vec<usize> = sizes.split(',').filter_map(|n| n.trim().parse().ok()).collect();
    if sizes.is_empty() { vec![100_000] } else { sizes }
}

/// The data set as native JSON text (see `data/README.md`).
pub fn native_json(spec: Spec) -> String {
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let actors = spec.actors.max(2);
    let mut out = String::with_capacity(spec.events * 260 + actors * 64);
    out.push_str("{\n\"title\": \"Synthetic events\",\n\"actors\": [\n");
    for a in 0..actors {
        let kind = if a % 10 == 9 { "organisation" } else { "state" };
        let comma = if a + 1 < actors { "," } else { "" };
        let _ = writeln!(out, r#"{{"code": "A{a}", "name": "Actor {a}", "type": "{kind}"}}{comma}"#);
    }
    out.push_str("],\n\"events\": [\n");
    // Bursts: a third of the events cluster around a few dozen moments, as crises do.
    let bursts: Vec<i64> = (0..48).map(|_| FIRST_DAY + rng.i64(0..SPAN_DAYS)).collect();
    let known: Vec<Kind> = Kind::ALL.into_iter().filter(|k| *k != Kind::Other).collect();
    for n in 0..spec.events {
        let day = if rng.u8(0..3) == 0 {
            let spread: i64 = (0..3).map(|_| rng.i64(-20..=20)).sum();
            bursts[rng.usize(0..bursts.len())] + spread
        } else {
            FIRST_DAY + rng.i64(0..SPAN_DAYS)
        };
        let date = date_of_day_number(day);
        let (year, month, dd) =
            (chrono::Datelike::year(&date), chrono::Datelike::month(&date), chrono::Datelike::day(&date));
        let precise = match rng.u8(0..20) {
            0 => PartialDate::year(year),
            1..=3 => PartialDate::month(year, month),
            _ => PartialDate::day(year, month, dd),
        };
        let Ok(precise) = precise else { continue };
        let kind = known[rng.usize(0..known.len())];
        let parties = 1 + rng.usize(0..4).min(actors - 1);
        let mut chosen: Vec<usize> = Vec::with_capacity(parties);
        while chosen.len() < parties {
            // Zipf-like: a few actors take part in most events.
            let actor = ((actors as f64).powf(rng.f64()) as usize).saturating_sub(1).min(actors - 1);
            if !chosen.contains(&actor) {
                chosen.push(actor);
            }
        }
        let codes: Vec<String> = chosen.iter().map(|a| format!("\"A{a}\"")).collect();
        let end = if matches!(kind, Kind::Conflict | Kind::Summit | Kind::Membership) && rng.bool() {
            format!(r#", "end_date": "{}""#, date_of_day_number(day + rng.i64(1..400)).format("%Y-%m-%d"))
        } else {
            String::new()
        };
        let comma = if n + 1 < spec.events { "," } else { "" };
        let _ = writeln!(
            out,
            r#"{{"id": "e{n}", "date": "{}"{end}, "title": "{} {n} of actors {}", "kind": "{}", "parties": [{}], "summary": "Synthetic event number {n}, generated for benchmarks.", "sources": ["https://example.org/e{n}"]}}{comma}"#,
            precise.iso(),
            kind.label(),
            chosen.iter().map(usize::to_string).collect::<Vec<_>>().join(" and "),
            kind.code(),
            codes.join(", ")
        );
    }
    out.push_str("]\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_files_load_and_repeat_with_their_seed() {
        let spec = Spec { events: 500, actors: 20, seed: 7 };
        let text = native_json(spec);
        assert_eq!(text, native_json(spec), "same seed, same file");
        let loaded = crate::load::from_text(&text, std::path::Path::new("synthetic.json")).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings.first());
        let data = loaded.dataset;
        assert_eq!(data.len(), 500);
        assert!(data.events().any(|e| e.parties.len() > 1));
        assert!(data.events().any(|e| e.end_date.is_some()));
        assert!(data.kind_counts().iter().filter(|c| **c > 0).count() >= 12, "nearly every kind");
        let busiest =
            data.actors().iter().enumerate().map(|(i, _)| data.events_of(crate::model::ActorId(i as u32)).len()).max();
        assert!(busiest.unwrap() > 100, "a few actors take part in most events");
    }
}
