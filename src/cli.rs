//! The command line: `accords [--data FILE] [list …]`. Parsing lives here so tests can use it.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::load::{self, Loaded};
use crate::model::{Dataset, Kind, KindSet, PartialDate};
use crate::query::{ActorMatch, Filter};

/// Diplomatic events on an interactive timeline.
#[derive(Debug, Parser)]
#[command(name = "accords", version, about)]
pub struct Cli {
    /// Open this event file instead of the built-in data set (native JSON).
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Open the window, save a screenshot of it to this PNG once it is drawn, and close it.
    #[arg(long, value_name = "FILE")]
    pub screenshot_to: Option<PathBuf>,
    /// What to do; without a command Accords opens its window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the events that match the filters, as a table or as JSON.
    List(ListArgs),
}

/// Arguments of `accords list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The filters shared by every command that picks events.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Only events with this actor (code such as AZE or NATO); repeat for several.
    #[arg(long = "actor", value_name = "CODE")]
    pub actors: Vec<String>,
    /// With several --actor: only events that involve all of them (default: any of them).
    #[arg(long)]
    pub all_actors: bool,
    /// Only events of this kind (e.g. treaty, joint-statement); repeat for several.
    #[arg(long = "kind", value_name = "KIND", value_parser = parse_kind)]
    pub kinds: Vec<Kind>,
    /// Only events that end on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<PartialDate>,
    /// Only events that start on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<PartialDate>,
    /// Only events whose title, location, summary or provisions contain all these words.
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    Kind::from_code(text.trim()).ok_or_else(|| {
        let codes: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
        format!("unknown kind; expected one of {}", codes.join(", "))
    })
}

fn parse_date(text: &str) -> Result<PartialDate, String> {
    PartialDate::parse(text).map_err(|e| e.to_string())
}

impl FilterArgs {
    /// The filter these arguments describe; unknown actor codes are an error that lists the known ones.
    pub fn to_filter(&self, data: &Dataset) -> anyhow::Result<Filter> {
        for code in &self.actors {
            if data.actor_by_code(code).is_none() {
                let known: Vec<&str> = data.actors().iter().map(|a| a.code.as_str()).collect();
                bail!("unknown actor {code:?}; this data set has {}", known.join(", "));
            }
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && to.last_day() < from.first_day()
        {
            bail!("--to {} is before --from {}", to.iso(), from.iso());
        }
        Ok(Filter {
            actors: self.actors.clone(),
            actor_match: if self.all_actors { ActorMatch::All } else { ActorMatch::Any },
            kinds: if self.kinds.is_empty() { KindSet::all() } else { self.kinds.iter().copied().collect() },
            from: self.from,
            to: self.to,
            text: self.text.clone().unwrap_or_default(),
        })
    }
}

/// Loads `--data` or the built-in data set, printing warnings to stderr.
pub fn load_data(path: Option<&Path>) -> anyhow::Result<Dataset> {
    let Loaded { dataset, warnings } = match path {
        Some(path) => load::from_path(path)?,
        None => load::default_dataset().context("the built-in data set is broken")?,
    };
    for warning in &warnings {
        let file = path.map_or_else(|| "data/events.json".into(), |p| p.display().to_string());
        eprintln!("warning: {file}:{warning}");
    }
    Ok(dataset)
}

/// One event as `accords list --json` prints it.
#[derive(Serialize)]
struct ListedEvent<'a> {
    id: &'a str,
    date: String,
    end_date: Option<String>,
    title: &'a str,
    kind: &'static str,
    parties: Vec<&'a str>,
    location: &'a str,
    summary: &'a str,
    sources: Vec<&'a str>,
}

/// Runs `accords list`, writing to `out`.
pub fn list(data: &Dataset, args: &ListArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let filter = args.filter.to_filter(data)?;
    let ids = filter.apply(data);
    if args.json {
        let events: Vec<ListedEvent> = ids
            .iter()
            .map(|id| {
                let e = data.event(*id);
                ListedEvent {
                    id: &e.id,
                    date: e.date.iso(),
                    end_date: e.end_date.map(PartialDate::iso),
                    title: &e.title,
                    kind: e.kind.code(),
                    parties: e.parties.iter().map(|p| data.actor(*p).code.as_str()).collect(),
                    location: &e.location,
                    summary: &e.summary,
                    sources: e.sources.iter().map(|s| s.url.as_str()).collect(),
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &events)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{:<23} {:<21} {:<20} TITLE", "DATE", "KIND", "PARTIES")?;
        for id in &ids {
            let e = data.event(*id);
            let when = match e.end_date {
                Some(end) => format!("{}..{}", e.date.iso(), end.iso()),
                None => e.date.iso(),
            };
            let parties = data.party_codes(e);
            writeln!(out, "{when:<23} {:<21} {parties:<20} {}", e.kind.code(), e.title)?;
        }
        writeln!(out, "{} of {} events", ids.len(), data.events().len())?;
    }
    Ok(())
}
