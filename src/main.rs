use std::process::ExitCode;

use clap::Parser;

use accords::cli::{self, Cli, Command};

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
        Some(Command::List(list)) => cli::list(&data()?, list, &mut std::io::stdout().lock()),
        Some(Command::Export(export)) => cli::export_figure(&data()?, export),
        None => {
            let options =
                accords::ui::StartOptions { data_path: args.data.clone(), screenshot_to: args.screenshot_to.clone() };
            accords::ui::run(data()?, options)
        }
    }
}
