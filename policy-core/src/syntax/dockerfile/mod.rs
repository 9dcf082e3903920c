//! Dockerfiles: the parser (BuildKit's semantics, byte spans) and the tree it builds.
//!
//! [`parse`] turns a source into an [`ast::Dockerfile`]; [`ast`] documents the tree, [`expand`] variable
//! expansion; `RUN` text is split into commands by [`crate::syntax::shell`].

pub mod ast;
pub mod expand;
mod parser;

use crate::base::problem::Problem;
use crate::syntax::directive::Declared;

pub use ast::Dockerfile;

/// The result of parsing one Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub file: Dockerfile,
    /// What could not be read.
    pub problems: Vec<Problem>,
    /// Its `# seaworthy ignore=` and `# hadolint ignore=` comments.
    pub directives: Vec<Declared>,
}

/// Parses `source` (without BOM). Never fails: what cannot be read becomes a problem.
pub fn parse(source: &str) -> Parsed {
    parser::parse(source)
}

/// See [`ast::Instruction::commands`].
fn commands_of(instruction: &ast::Instruction) -> Vec<crate::syntax::shell::Command> {
    if instruction.keyword != ast::Keyword::Run {
        return Vec::new();
    }
    let mut commands = instruction.shell_text().map(crate::syntax::shell::split).unwrap_or_default();
    // `RUN <<EOF` reads as a command made only of the heredoc redirection; it runs nothing of its own.
    commands.retain(|command| !command.words.is_empty());
    for heredoc in instruction.heredocs.iter().filter(|heredoc| heredoc.is_shell) {
        commands.extend(crate::syntax::shell::split(&heredoc.body));
    }
    commands
}

use parser::flag_options;

#[cfg(test)]
mod tests;
