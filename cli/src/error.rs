//! The errors that stop the CLI before or instead of a report. All of them exit 2.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum CliError {
    /// The command line asks for something that cannot be done.
    Usage(String),
    /// A path could not be read.
    Io { path: PathBuf, error: std::io::Error },
    /// A configuration file was refused; `error` carries the line and column.
    Config { path: PathBuf, error: policy_core::config::ConfigError },
    /// Several errors, reported together so one run shows every unreadable path.
    Many(Vec<CliError>),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(message) => f.write_str(message),
            Self::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Self::Config { path, error } => {
                write!(f, "{}:{}:{}: {}", path.display(), error.line, error.column, error.message)
            }
            Self::Many(errors) => {
                let mut first = true;
                for error in errors {
                    if !first {
                        f.write_str("\nerror: ")?;
                    }
                    first = false;
                    write!(f, "{error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CliError {}
