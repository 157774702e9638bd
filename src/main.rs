use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::{Cli, Command};

/// A million events are millions of small allocations; glibc's allocator spends seconds merging
/// freed chunks on such heaps, mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // eframe and wgpu report rendering trouble through `log`; show errors unless RUST_LOG asks for more.
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("error")).init();
    let args = Cli::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("accords: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Cli) -> anyhow::Result<()> {
    match &args.command {
        Some(Command::Generate(generate)) => cli::generate(generate),
        Some(Command::List(list)) => with_data(args, |data| {
            // Buffered: standard output writes each line through by itself, and a list can be a
            // hundred thousand lines.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            cli::list(data, args.view.as_deref(), list, &mut out)?;
            Ok(out.flush()?)
        }),
        Some(Command::Export(export)) => {
            // A name, size or folder that cannot work is told before the data is even loaded.
            cli::check_export(export)?;
            with_data(args, |data| cli::export_figure(data, args.view.as_deref(), export))
        }
        None => {
            let options = accords::ui::StartOptions {
                data_path: args.data.clone(),
                screenshot_to: args.screenshot_to.clone(),
                view: args.view.clone(),
            };
            if let Some(link) = &args.view {
                // A link that cannot be read is told before the window opens.
                accords::view::ViewSpec::parse(link)?;
            }
            // A file given with --data loads in the window, which opens at once and shows its progress.
            let data = if args.data.is_some() { None } else { Some(cli::load_data(None)?.0.dataset) };
            accords::ui::run(data, options)
        }
    }
}

/// Loads `--data` (or the built-in data) and runs `work` on it, while the file's cache entry, if
/// it needs one, is written beside it (half a second at a million events).
fn with_data(
    args: &Cli,
    work: impl FnOnce(&'static accords::model::Dataset) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let (accords::load::Loaded { dataset, warnings, .. }, entry) = cli::load_data(args.data.as_deref())?;
    let data = leak(dataset);
    let writing = entry.map(|entry| std::thread::spawn(move || entry.write(data, &warnings)));
    let done = work(data);
    if let Some(writing) = writing {
        writing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    }
    done
}

/// Keeps data for the rest of a command-line run: the process ends right after, and freeing a
/// million events one by one would only delay its exit (by a third of a second).
fn leak(data: accords::model::Dataset) -> &'static accords::model::Dataset {
    Box::leak(Box::new(data))
}
