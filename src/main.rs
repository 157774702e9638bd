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
    let data = || cli::load_data(args.data.as_deref());
    match &args.command {
        Some(Command::Generate(generate)) => cli::generate(generate),
        Some(Command::List(list)) => {
            // Buffered: standard output writes each line through by itself, and a list can be a
            // hundred thousand lines.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            cli::list(leak(data()?), args.view.as_deref(), list, &mut out)?;
            Ok(out.flush()?)
        }
        Some(Command::Export(export)) => {
            // A name, size or folder that cannot work is told before the data is even loaded.
            cli::check_export(export)?;
            cli::export_figure(leak(data()?), args.view.as_deref(), export)
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
            let data = if args.data.is_some() { None } else { Some(data()?) };
            accords::ui::run(data, options)
        }
    }
}

/// Keeps data for the rest of a command-line run: the process ends right after, and freeing a
/// million events one by one would only delay its exit (by a third of a second).
fn leak(data: accords::model::Dataset) -> &'static accords::model::Dataset {
    Box::leak(Box::new(data))
}
