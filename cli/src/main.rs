//! The `seaworthy` command line: checks Dockerfiles, Kubernetes manifests, shell scripts and CI files, lists and
//! explains rules.
//!
//! Exit codes: 0 when no finding has severity error, 1 when one does, 2 on usage, I/O or configuration errors.

mod args;
mod catalog;
mod check;
mod config_file;
mod discover;
mod error;
mod output;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::error::CliError;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// At least one finding has severity error.
pub const EXIT_FINDINGS: u8 = 1;
/// Usage, I/O or configuration error (clap uses 2 for usage errors too).
pub const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => print(&catalog::list(args.format)),
        Command::Explain(args) => catalog::explain(&args.rule).and_then(|page| print(&page)),
    };
    outcome.unwrap_or_else(|error| {
        eprintln!("error: {error}");
        ExitCode::from(EXIT_FAILURE)
    })
}

fn print(text: &str) -> Result<ExitCode, CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Io { path: "<stdout>".into(), error })
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}
