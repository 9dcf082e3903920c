//! Dockerfiles: the parser (BuildKit's semantics, byte spans) and what rules see of a parsed file.
//!
//! [`parse`] turns a source into an [`ast::Dockerfile`]; [`ast`] documents the tree, [`expand`] variable
//! expansion, and [`shell`] the splitting of `RUN` text into commands.

pub mod ast;
pub mod expand;
mod parser;
pub mod shell;

use crate::config::Config;
use crate::report::Diagnostic;
use crate::suppress::Suppressions;

pub use ast::Dockerfile;

/// What a Dockerfile rule is given.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub file: &'a Dockerfile,
    /// The text the spans index (after any BOM).
    pub source: &'a str,
    pub config: &'a Config,
}

/// The result of parsing one Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub file: Dockerfile,
    /// `parse-error` findings.
    pub problems: Vec<Diagnostic>,
    pub suppressions: Suppressions,
}

/// Parses `source` (without BOM). Never fails: what cannot be read becomes a problem.
pub fn parse(source: &str) -> Parsed {
    parser::parse(source)
}

/// See [`ast::Instruction::commands`].
fn commands_of(instruction: &ast::Instruction) -> Vec<shell::Command> {
    if instruction.keyword != ast::Keyword::Run {
        return Vec::new();
    }
    let mut commands = instruction.shell_text().map(shell::split).unwrap_or_default();
    // `RUN <<EOF` reads as a command made only of the heredoc redirection; it runs nothing of its own.
    commands.retain(|command| !command.words.is_empty());
    for heredoc in instruction.heredocs.iter().filter(|heredoc| heredoc.is_shell) {
        commands.extend(shell::split(&heredoc.body));
    }
    commands
}

use parser::flag_options;

#[cfg(test)]
mod tests;
