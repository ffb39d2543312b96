//! The `replylint` binary: parse arguments, run, turn the outcome into an
//! exit code. A closed pipe (`replylint check | head`) is not an error.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(status) => ExitCode::from(status.code()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {e}");
            }
            ExitCode::from(cli::ExitStatus::Error.code())
        }
    }
}
