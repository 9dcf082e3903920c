//! `seaworthy check`: configuration, sources, one call to `policy_core::check`, output, exit code.

use std::process::ExitCode;

use policy_core::Severity;

use crate::args::CheckArgs;
use crate::discover::{self, Request};
use crate::error::CliError;
use crate::{config_file, output, EXIT_FINDINGS};

pub fn run(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let stdin_filename = args.stdin_filename.as_deref();
    let (config, _) = config_file::load(args.config.as_deref(), &args.paths, stdin_filename)?;
    let request = Request { paths: &args.paths, kind: args.kind.map(Into::into), stdin_filename };
    let sources = discover::sources(&request)?;
    if sources.is_empty() {
        eprintln!("warning: no Dockerfiles, Kubernetes manifests, shell scripts or CI files found");
    }
    // One call for every file: Kubernetes rules that relate objects across files see them all.
    let report = policy_core::check(&sources, &config);
    if let Err(error) = output::write(args.format, &report, &sources, args.no_color) {
        // A reader that stops early (`| head`) is not a failure of the check.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(CliError::Io { path: "<stdout>".into(), error });
        }
    }
    Ok(if report.max_severity() == Some(Severity::Error) { ExitCode::from(EXIT_FINDINGS) } else { ExitCode::SUCCESS })
}
