//! Shell scripts and the shell steps of CI files, read as lists of commands with source spans.
//!
//! A shell script (`*.sh`, `*.bash`, a shell shebang) is one [`Script`]. A CI file is YAML ([`ci`]): each GitHub
//! Actions `run:` and each GitLab CI `script:`, `before_script:` and `after_script:` line is a [`Script`] whose text
//! maps back into the YAML file. Commands come from the splitter that reads Dockerfile `RUN` lines
//! ([`crate::syntax::shell`]); the bodies of `$(...)` and backtick substitutions are split too, so
//! `NS=$(kubectl create namespace x -o name)` shows its `kubectl`.
//!
//! Suppression comments work as in the other kinds: `# seaworthy ignore=rule` on its own line covers the command
//! that starts on the next line (with its continuation lines), `# seaworthy ignore-file=rule` the whole file. In a
//! CI file they may be YAML comments (above the `run:` key or the list item) or shell comments inside the script.

pub mod ci;

use crate::base::problem::Problem;
use crate::base::span::Span;
use crate::syntax::directive::{self, Declared, Reach};
use crate::syntax::shell::{self, Command, ShellText};

pub use ci::parse as parse_ci;

/// How deep command substitutions are followed (`$(a $(b $(c)))`): each level lexes its body again, so the bound
/// keeps hostile nesting linear.
const MAX_NESTING: usize = 16;

/// One shell text and the commands it runs.
#[derive(Debug, Clone)]
pub struct Script {
    /// The text as the shell reads it, mapped to the source.
    pub text: ShellText,
    /// Command lists: the script's own, then one per command substitution body (nested ones included). Each list
    /// is joined by its own operators, so `Command::operator` and the next command of the same list tell a pipe.
    pub lists: Vec<Vec<Command>>,
    /// Where the script sits in a CI file, for messages: ``job `deploy`, step `Apply` ``. `None` for a shell file.
    pub place: Option<String>,
    /// When the text could not be mapped to the source character by character (a YAML scalar with escapes, or
    /// folded): the scalar's span, at which every finding in this script points instead.
    pub whole: Option<Span>,
}

impl Script {
    /// Splits `text` and the command substitutions in it.
    pub fn new(text: ShellText, place: Option<String>, whole: Option<Span>) -> Self {
        let mut lists = Vec::new();
        let mut pending = vec![(text.clone(), 0)];
        while let Some((part, depth)) = pending.pop() {
            lists.push(shell::split(&part));
            if depth < MAX_NESTING {
                // Reversed, so bodies come out in text order.
                pending.extend(shell::substitutions(&part).into_iter().rev().map(|body| (body, depth + 1)));
            }
        }
        Self { text, lists, place, whole }
    }

    /// Every command of every list.
    pub fn commands(&self) -> impl Iterator<Item = &Command> {
        self.lists.iter().flatten()
    }

    /// ` in job `deploy`, step `Apply``, or nothing for a shell file: to end a message with.
    pub fn in_place(&self) -> String {
        self.place.as_ref().map(|place| format!(" in {place}")).unwrap_or_default()
    }

    /// Reads the script's `# seaworthy ...` comment lines into `suppressions`.
    fn directives(&self, declared: &mut Vec<Declared>) {
        let text = self.text.as_str();
        let top: &[Command] = self.lists.first().map_or(&[], Vec::as_slice);
        let mut pending: Vec<(directive::Directive, Span)> = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let here = line_start;
            line_start += line.len();
            let content = line.trim_start_matches([' ', '\t']);
            let trimmed = content.trim_end_matches(['\n', '\r']);
            if let Some(comment) = trimmed.strip_prefix('#') {
                let at = Span::new(self.text.to_source(here), self.text.to_source(here + line.len()));
                pending.extend(directive::parse_comment(comment).map(|found| (found, at)));
                continue;
            }
            if trimmed.is_empty() || pending.is_empty() {
                continue;
            }
            let start = self.text.to_source(here + (line.len() - content.len()));
            let line_end = self.text.to_source(here + (line.len() - content.len()) + trimmed.len());
            // The command that starts on this line, with the continuation lines it spans. Commands are in text
            // order, so a binary search finds it however many directives the script holds.
            let command_end = top
                .get(top.partition_point(|command| command.span.start < start))
                .filter(|command| command.span.start < line_end.max(start + 1))
                .map_or(line_end, |command| command.span.end);
            let scope = self.whole.unwrap_or_else(|| Span::new(start, command_end.max(line_end)));
            declared.extend(pending.drain(..).map(|(directive, at)| Declared { directive, scope, at, stage: None }));
        }
        // A directive with nothing after it can still be a file-wide one.
        let end = Span::at(self.text.to_source(text.len()));
        let file_wide = pending.into_iter().filter(|(directive, _)| directive.reach == Reach::File);
        declared.extend(file_wide.map(|(directive, at)| Declared { directive, scope: end, at, stage: None }));
    }
}

/// The result of reading a shell script or a CI file.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub scripts: Vec<Script>,
    /// What could not be read (`parse-error` and the other YAML findings of a CI file).
    pub problems: Vec<Problem>,
    /// Its suppression comments, YAML and shell ones alike.
    pub directives: Vec<Declared>,
}

/// Reads a shell script (without BOM). Never fails: the splitter reads any text as commands.
pub fn parse_shell(source: &str) -> Parsed {
    let script = Script::new(ShellText::contiguous(source, 0), None, None);
    let mut directives = Vec::new();
    script.directives(&mut directives);
    Parsed { scripts: vec![script], problems: Vec::new(), directives }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::directive::Suppressions;

    fn names(script: &Script) -> Vec<Vec<&str>> {
        script.lists.iter().map(|list| list.iter().filter_map(Command::name).collect()).collect()
    }

    #[test]
    fn substitutions_are_split_in_text_order_and_nesting_is_bounded() {
        let parsed = parse_shell("a $(b `c`) $(d) | e\n");
        assert_eq!(names(&parsed.scripts[0]), [vec!["a", "e"], vec!["b"], vec!["c"], vec!["d"]]);
        let deep = format!("{}x{}", "$(".repeat(5000), ")".repeat(5000));
        let parsed = parse_shell(&deep);
        assert_eq!(parsed.scripts[0].lists.len(), MAX_NESTING + 1);
    }

    #[test]
    fn a_directive_above_every_command_stays_linear() {
        let script = "# seaworthy ignore=imperative-kubectl\nkubectl create ns x\n".repeat(50_000);
        let started = std::time::Instant::now();
        let parsed = parse_shell(&script);
        assert_eq!(parsed.scripts[0].lists[0].len(), 50_000);
        let last = script.rfind("kubectl").unwrap();
        assert!(Suppressions::literal(&parsed.directives).suppresses("imperative-kubectl", Span::new(last, last + 7)));
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn directives_cover_the_next_command_with_its_continuations() {
        let text = "#!/bin/sh\n# seaworthy ignore=imperative-kubectl\nkubectl create \\\n  ns x\nkubectl run y\n# seaworthy ignore-file=other\n";
        let parsed = parse_shell(text);
        let second = text.find("ns x").unwrap();
        let third = text.find("kubectl run").unwrap();
        assert!(
            Suppressions::literal(&parsed.directives).suppresses("imperative-kubectl", Span::new(second, second + 2))
        );
        assert!(
            !Suppressions::literal(&parsed.directives).suppresses("imperative-kubectl", Span::new(third, third + 7))
        );
        assert!(Suppressions::literal(&parsed.directives).suppresses("other", Span::new(third, third + 7)));
    }
}
