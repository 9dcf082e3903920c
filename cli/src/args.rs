//! The command-line grammar, declared with clap's derive API. Usage errors exit 2 (clap's default).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Checks Dockerfiles, Kubernetes manifests, shell scripts and CI files against container safe practices.
#[derive(Debug, Parser)]
#[command(name = "seaworthy", version = policy_core::VERSION, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders; `-` reads standard input.
    Check(CheckArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Print one rule's documentation.
    Explain(ExplainArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files, folders (walked, honouring .gitignore) or `-` for standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Configuration file; by default `.seaworthy.yaml` or `.seaworthy.yml` is looked for upward from the paths.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Treat standard input and explicit files as this kind; restricts folder walks to files of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// The name reported for standard input; its file name also tells the kind.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Never colour the text output (colour is only used on a terminal, and never when NO_COLOR is set).
    #[arg(long)]
    pub no_color: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Dockerfile,
    Kubernetes,
    /// A shell script (`*.sh`, `*.bash`, a shell shebang).
    Shell,
    /// A GitHub Actions workflow or a GitLab CI file.
    Ci,
}

impl From<KindArg> for policy_core::Kind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Dockerfile => Self::Dockerfile,
            KindArg::Kubernetes => Self::Kubernetes,
            KindArg::Shell => Self::Shell,
            KindArg::Ci => Self::Ci,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    /// The rule reference page (docs/rules.md).
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A Seaworthy rule id, or a peer's id such as hadolint's `DL3002`.
    pub rule: String,
}
