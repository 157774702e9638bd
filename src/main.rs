use std::process::ExitCode;

use clap::Parser;

use accords::cli::{self, Cli, Command};

fn main() -> ExitCode {
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
    let data = cli::load_data(args.data.as_deref())?;
    match &args.command {
        Some(Command::List(list)) => cli::list(&data, list, &mut std::io::stdout().lock()),
        None => {
            let options =
                accords::ui::StartOptions { data_path: args.data.clone(), screenshot_to: args.screenshot_to.clone() };
            accords::ui::run(data, options)
        }
    }
}
