//! `replylint init`: write a commented starter `.replylint.yaml`.

use std::io;
use std::path::Path;

use replylint::config::STARTER;

use crate::cli::args::InitArgs;
use crate::cli::{usage_error, ExitStatus};

pub(crate) fn run(args: InitArgs) -> io::Result<ExitStatus> {
    let path = Path::new(".replylint.yaml");
    if path.exists() && !args.force {
        usage_error(".replylint.yaml already exists (use --force to overwrite it)");
        return Ok(ExitStatus::Error);
    }
    std::fs::write(path, STARTER)?;
    eprintln!("Wrote .replylint.yaml: every setting is listed there, commented out.");
    Ok(ExitStatus::Success)
}
