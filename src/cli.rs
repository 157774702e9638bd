//! The command line: `accords [--data FILE] [--view LINK] [list|export|generate …]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};

use accords::export::{self, Citations, Figure, FigureRange, FigureSize, FigureTheme, Overwrite};
use accords::load;
use accords::model::{Dataset, EventId, Kind, KindSet, PartialDate};
use accords::query::{ActorMatch, Filter};
use accords::scene::{LaneArrangement, LaneIndex, LaneMode, lane_code};
use accords::view::{Theme, ViewSpec};

/// Diplomatic events on an interactive timeline.
#[derive(Debug, Parser)]
#[command(name = "accords", version, about)]
pub struct Cli {
    /// Open this event file instead of the built-in data set: native JSON or CSV, a TimelineJS
    /// file (JSON or its spreadsheet as CSV), or a Parquet or Arrow IPC table with the native
    /// columns (see data/README.md); `-` reads standard input.
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Show this view: a link (`accords:view?…`) copied in the window with View → Copy view link,
    /// which holds filters, lanes, range, theme and selection. With `list` and `export` it takes
    /// the place of the filter options.
    #[arg(long, global = true, value_name = "LINK")]
    pub view: Option<String>,
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
    /// Print the events that match the filters, as a table, JSON or CSV.
    List(ListArgs),
    /// Draw the events that match the filters as an SVG, PNG or PDF figure for a report.
    Export(ExportArgs),
    /// Write a synthetic data set (native JSON) for trying Accords at scale.
    Generate(GenerateArgs),
}

/// Arguments of `accords generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many events.
    #[arg(long, default_value_t = 100_000)]
    pub events: usize,
    /// How many actors.
    #[arg(long, default_value_t = 200)]
    pub actors: usize,
    /// The random seed; the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `accords generate`.
pub fn generate(args: &GenerateArgs) -> anyhow::Result<()> {
    let spec = accords::bench_data::Spec { events: args.events, actors: args.actors, seed: args.seed };
    let text = accords::bench_data::native_json(spec);
    let overwrite = if args.force { Overwrite::Replace } else { Overwrite::Refuse };
    export::write_atomically(&args.out, text.as_bytes(), overwrite)?;
    eprintln!("wrote {} ({} events, {} bytes)", args.out.display(), args.events, text.len());
    Ok(())
}

/// Arguments of `accords export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The figure to write: FILE.svg, FILE.png or FILE.pdf (vector, fonts embedded).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Lanes by actor (the default) or by kind.
    #[arg(long, value_name = "actor|kind", value_parser = parse_lanes)]
    pub lanes: Option<LaneMode>,
    /// Put this lane first (an actor's code, a kind's code, or a group's name); repeat for several,
    /// in the order they should come. A pinned lane is never merged into "others".
    #[arg(long, value_name = "CODE")]
    pub pin: Vec<String>,
    /// Fold this lane's events into one shared lane at the bottom; repeat for several.
    #[arg(long, value_name = "CODE")]
    pub fold: Vec<String>,
    /// Colours: light (the default), dark, or print (white, black text, thin lines).
    #[arg(long, value_name = "THEME", value_parser = FigureTheme::parse)]
    pub theme: Option<FigureTheme>,
    /// `slide` (1920×1080), `a4-landscape` or `a4-portrait` (300 dpi), or `WxH` in pixels.
    #[arg(long, value_name = "SIZE", default_value = "slide", value_parser = FigureSize::parse)]
    pub size: FigureSize,
    /// PNG pixels per figure pixel (1 to 8; A4 sizes default to 300 dpi).
    #[arg(long, value_name = "N", value_parser = parse_scale)]
    pub scale: Option<f32>,
    /// The heading; by default it names the years and the selected actors.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// all (what the filters let through; the default, or the view's range with --view), or
    /// FROM..TO such as 2008..2022.
    #[arg(long, value_name = "RANGE", value_parser = FigureRange::parse)]
    pub range: Option<FigureRange>,
    /// Draw this event's lineage (what it builds on, refers to, implements, ends or answers, and
    /// what builds on it) as arcs, and dim everything else: the event's id, as `list --json` shows it.
    #[arg(long, value_name = "ID")]
    pub focus: Option<String>,
    /// Emphasise this event: a ring round its markers, a highlighter behind its label, which is
    /// always drawn; repeat for several.
    #[arg(long, value_name = "ID")]
    pub highlight: Vec<String>,
    /// PDF only: add A4 pages that cite every event in the figure — date, type, parties, title and
    /// each source as a link; `--citations highlighted` cites only the events given with --highlight.
    #[arg(long, value_name = "every|highlighted", num_args = 0..=1, default_missing_value = "every", value_parser = parse_citations)]
    pub citations: Option<Citations>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

fn parse_lanes(text: &str) -> Result<LaneMode, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "actor" | "actors" => Ok(LaneMode::Actor),
        "kind" | "kinds" | "type" => Ok(LaneMode::Kind),
        _ => Err("expected actor or kind".to_owned()),
    }
}

fn parse_citations(text: &str) -> Result<Citations, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "every" | "all" => Ok(Citations::Every),
        "highlighted" => Ok(Citations::Highlighted),
        _ => Err("expected every or highlighted".to_owned()),
    }
}

/// Which events the PDF's citation pages list; citing the highlighted events needs some.
fn citations(args: &ExportArgs) -> anyhow::Result<Citations> {
    match args.citations {
        Some(Citations::Highlighted) if args.highlight.is_empty() => {
            bail!("--citations highlighted cites the events given with --highlight ID, and none was given")
        }
        citations => Ok(citations.unwrap_or_default()),
    }
}

fn parse_scale(text: &str) -> Result<f32, String> {
    match text.trim().trim_end_matches('x').parse::<f32>() {
        Ok(scale) if (1.0..=8.0).contains(&scale) => Ok(scale),
        _ => Err("expected a number from 1 to 8, such as 2".to_owned()),
    }
}

/// Arguments of `accords list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print a JSON array instead of a table.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV with every native column (it reads back with --data) instead of a table.
    #[arg(long)]
    pub csv: bool,
    /// With --json: add each event's `status_on` this date (in-force, signed, suspended, ended, …;
    /// null for kinds without a lifecycle). Defaults to the --in-force date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub status_on: Option<PartialDate>,
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
    /// Only treaties, agreements, memberships and partnerships in force on this date (for the
    /// --actor ones when given, else for any party).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub in_force: Option<PartialDate>,
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
    /// Whether no filter option was given.
    fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && !self.all_actors
            && self.kinds.is_empty()
            && self.from.is_none()
            && self.to.is_none()
            && self.text.is_none()
            && self.in_force.is_none()
    }

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
            in_force: self.in_force,
        })
    }
}

/// Loads `--data` or the built-in data set, printing warnings to stderr; also gives the cache
/// entry the file still needs, for the caller to write.
pub fn load_data(path: Option<&Path>) -> anyhow::Result<load::Opened> {
    let opened = match path {
        Some(path) => load::from_path_caching_later(path, &load::Progress::default(), load::Cache::user().as_ref())?,
        None => (load::default_dataset().context("the built-in data set is broken")?, None),
    };
    for warning in &opened.0.warnings {
        let file = path.map_or_else(|| "data/events.json".into(), |p| p.display().to_string());
        eprintln!("warning: {file}:{warning}");
    }
    Ok(opened)
}

/// The view `--view` describes, fitted to `data` (what it lacks is told on stderr), or the view
/// the filter options describe.
fn view_or_filter(data: &Dataset, view: Option<&str>, args: &FilterArgs) -> anyhow::Result<ViewSpec> {
    let Some(link) = view else {
        return Ok(ViewSpec { filter: args.to_filter(data)?, ..ViewSpec::default() });
    };
    if !args.is_empty() {
        bail!("--view holds the filters already; give either --view or filter options such as --actor, not both");
    }
    let (spec, _, notes) = ViewSpec::parse(link)?.suit(data, link);
    for note in notes {
        eprintln!("warning: --view: {note}");
    }
    Ok(spec)
}

/// Runs `accords list`, writing to `out`.
pub fn list(data: &Dataset, view: Option<&str>, args: &ListArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let filter = view_or_filter(data, view, &args.filter)?.filter;
    let ids = filter.apply(data);
    if args.json {
        let status_on = args.status_on.or(args.filter.in_force);
        out.write_all(export::events_json(data, &ids, status_on).as_bytes())?;
    } else if args.csv {
        out.write_all(export::events_csv(data, &ids)?.as_bytes())?;
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
        writeln!(out, "{} of {} events", ids.len(), data.len())?;
    }
    Ok(())
}

/// Checks what `accords export` can check without the data: the figure's format, its pixels and
/// where it goes, so that a mistake is told at once rather than after the drawing.
pub fn check_export(args: &ExportArgs) -> anyhow::Result<()> {
    let Some(format) = figure_format(&args.out) else {
        bail!("{}: the figure's name must end in .svg, .png or .pdf", args.out.display())
    };
    if args.citations.is_some() && format != "pdf" {
        bail!("--citations adds pages to a PDF, and {} is {format}: name it FILE.pdf", args.out.display());
    }
    citations(args)?;
    if format == "png" {
        figure_size(args).check_pixels().map_err(anyhow::Error::msg)?;
    }
    let overwrite = if args.force { Overwrite::Replace } else { Overwrite::Refuse };
    export::check_writable(&args.out, overwrite)?;
    Ok(())
}

fn figure_format(path: &Path) -> Option<&'static str> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("svg") => Some("svg"),
        Some("png") => Some("png"),
        Some("pdf") => Some("pdf"),
        _ => None,
    }
}

fn figure_size(args: &ExportArgs) -> FigureSize {
    let mut size = args.size;
    if let Some(scale) = args.scale {
        size.scale = scale;
    }
    size
}

/// The view's pins and folds with `--pin` and `--fold` added; a code that names none of the
/// figure's lanes is refused, with the codes it has.
fn arrangement(
    data: &Dataset,
    ids: &[EventId],
    mode: LaneMode,
    mut arrangement: LaneArrangement,
    args: &ExportArgs,
) -> anyhow::Result<LaneArrangement> {
    if args.pin.is_empty() && args.fold.is_empty() {
        // Nothing to check: the lanes need not be made twice (a tenth of a second at a million).
        return Ok(arrangement);
    }
    let index = LaneIndex::new(data, ids, mode, usize::MAX);
    let codes: Vec<&str> = index.lanes.iter().filter_map(|lane| lane_code(data, lane)).collect();
    let options = args.pin.iter().map(|c| ("--pin", c)).chain(args.fold.iter().map(|c| ("--fold", c)));
    for (option, code) in options {
        if !codes.contains(&code.as_str()) {
            let mut known = codes.iter().take(12).copied().collect::<Vec<_>>().join(", ");
            if codes.len() > 12 {
                known.push_str(", …");
            }
            bail!("{option} {code:?}: no lane of this figure has that code; its lanes are {known}");
        }
        if option == "--pin" {
            arrangement.set_pinned(code, true);
        } else {
            arrangement.set_folded(code, true);
        }
    }
    Ok(arrangement)
}

/// Runs `accords export`: writes the figure and says where, on stderr.
pub fn export_figure(data: &Dataset, view: Option<&str>, args: &ExportArgs) -> anyhow::Result<()> {
    check_export(args)?;
    let spec = view_or_filter(data, view, &args.filter)?;
    let filter = spec.filter;
    let ids = filter.apply(data);
    let size = figure_size(args);
    // A view's range is the window's, kept to whole days, as the window's "Current view" export keeps it.
    let days = match (args.range, spec.days) {
        (Some(range), _) => range.days(data, &ids),
        (None, Some(days)) => days,
        (None, None) => FigureRange::All.days(data, &ids),
    };
    let event = |option: &str, id: &str| {
        data.event_by_id(id).with_context(|| {
            format!("{option} {id:?}: no event has that id (`accords list --json` shows every event's id)")
        })
    };
    let focus = args.focus.as_deref().map(|id| event("--focus", id)).transpose()?;
    let mut highlight = Vec::new();
    for id in &args.highlight {
        let found = event("--highlight", id)?;
        if ids.binary_search(&found).is_err() {
            bail!("--highlight {id:?}: the filters hide that event, so the figure cannot show it");
        }
        highlight.push(found);
    }
    highlight.sort_unstable();
    highlight.dedup();
    let theme = args.theme.unwrap_or(match spec.theme {
        Theme::Light => FigureTheme::Light,
        Theme::Dark => FigureTheme::Dark,
    });
    let lanes = args.lanes.unwrap_or(spec.lane_mode);
    let arrangement = arrangement(data, &ids, lanes, spec.arrangement, args)?;
    let figure = Figure {
        title: args.title.clone().unwrap_or_else(|| export::default_title(data, &filter, &ids, days)),
        size,
        theme,
        range: FigureRange::Days(days.0, days.1),
        lanes,
        arrangement,
        focus,
        highlight,
    };
    let bytes = match figure_format(&args.out) {
        Some("png") => export::render_png(data, &ids, &filter, &figure)?,
        Some("pdf") => export::render_pdf(data, &ids, &filter, &figure, citations(args)?)?,
        _ => export::render_svg(data, &ids, &filter, &figure).into_bytes(),
    };
    let overwrite = if args.force { Overwrite::Replace } else { Overwrite::Refuse };
    export::write_atomically(&args.out, &bytes, overwrite)?;
    // The same count the figure's source line gives: the events it draws, within its range.
    let drawn = export::in_range(data, &ids, days).len();
    eprintln!(
        "wrote {} ({} bytes; {drawn} of {} events drawn, {} match the filters)",
        args.out.display(),
        bytes.len(),
        data.len(),
        ids.len()
    );
    Ok(())
}
