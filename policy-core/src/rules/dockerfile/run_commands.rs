//! The shell commands of every `RUN`, with what the rules about package managers, shells and downloads ask of
//! them: the stage the `RUN` is in and whether that stage ends up in the final image, its `--mount` flags, the
//! variables in effect, and a reading of each command's options.
//!
//! A `RUN` runs one script for its shell-form text and one more for each heredoc body that a shell interprets
//! (`RUN <<EOF`, `RUN bash <<EOF`). They are kept apart as [`Script`]s because shell state (`set -o pipefail`,
//! `export`) does not carry from one to the next. `ONBUILD RUN` triggers are included: they run in whatever image
//! is built on this one, which is the image that ships.

use crate::base::span::Span;
use crate::lint::{Edit, Fix};
use crate::model::dockerfile as stages;
use crate::syntax::shell::{Command, Operator, Word};

pub use crate::model::run::{covers, Run, Script};

/// A command of `run` after position `after` deletes `dir` or its whole content: `rm -rf dir/*`, `rm -r dir`,
/// `rm -rf parent`, `find dir ... -delete`.
pub fn removes_after(run: &Run<'_>, after: usize, dir: &str) -> bool {
    run.commands().filter(|(at, _)| *at > after).any(|(_, command)| removes(command, dir))
}

/// `command` deletes `dir` or everything in it.
fn removes(command: &Command, dir: &str) -> bool {
    let paths = || arguments(command, &[]).into_iter().filter_map(Arg::positional);
    match command.name() {
        Some("rm") => paths().any(|word| {
            let path = word.value.strip_suffix("/*").or_else(|| word.value.strip_suffix('*')).unwrap_or(&word.value);
            covers(path.trim_end_matches('/'), dir)
        }),
        Some("find") => {
            let deletes = command.args().iter().any(|word| word.value == "-delete" || word.value == "-exec");
            deletes && paths().next().is_some_and(|word| covers(word.value.trim_end_matches('/'), dir))
        }
        _ => false,
    }
}

/// One argument of a command, read as an option or a positional word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg<'c> {
    /// `--name` or `--name=value` (or `--name value` for options known to take a value). `name` is without `--`.
    Long { name: &'c str, value: Option<&'c str>, word: &'c Word },
    /// One letter of a `-abc` cluster, with its value for options known to take one (`-o X`, `-oX`).
    Short { letter: char, value: Option<&'c str>, word: &'c Word },
    /// Not an option (everything after `--` too).
    Positional(&'c Word),
}

impl<'c> Arg<'c> {
    pub fn positional(self) -> Option<&'c Word> {
        match self {
            Self::Positional(word) => Some(word),
            _ => None,
        }
    }

    /// The option is `--long` or `-short` (a letter of a cluster).
    pub fn is(self, long: &str, short: Option<char>) -> bool {
        match self {
            Self::Long { name, .. } => name == long,
            Self::Short { letter, .. } => Some(letter) == short,
            Self::Positional(_) => false,
        }
    }

    pub fn value(self) -> Option<&'c str> {
        match self {
            Self::Long { value, .. } | Self::Short { value, .. } => value,
            Self::Positional(_) => None,
        }
    }
}

/// Reads `command`'s arguments (after the program) as options. `takes_value` lists the options whose value may
/// be the next word, as `-o` or `--option`; every other option stands alone unless written `--name=value`.
pub fn arguments<'c>(command: &'c Command, takes_value: &[&str]) -> Vec<Arg<'c>> {
    read_arguments(command.args(), takes_value)
}

/// [`arguments`] over any list of words.
pub fn read_arguments<'c>(words: &'c [Word], takes_value: &[&str]) -> Vec<Arg<'c>> {
    let mut out = Vec::new();
    let mut words = words.iter();
    while let Some(word) = words.next() {
        let text = word.value.as_str();
        if text == "--" {
            out.extend(words.by_ref().map(Arg::Positional));
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None if takes_value.iter().any(|option| option.strip_prefix("--") == Some(long)) => {
                    (long, words.next().map(|next| next.value.as_str()))
                }
                None => (long, None),
            };
            out.push(Arg::Long { name, value, word });
        } else if let Some(cluster) = text.strip_prefix('-').filter(|cluster| !cluster.is_empty() && !word.quoted) {
            for (at, letter) in cluster.char_indices() {
                let takes = takes_value.iter().any(|option| {
                    option.strip_prefix('-').is_some_and(|short| short.chars().eq(std::iter::once(letter)))
                });
                if !takes {
                    out.push(Arg::Short { letter, value: None, word });
                    continue;
                }
                let rest = cluster.get(at + letter.len_utf8()..).unwrap_or("");
                let value = if rest.is_empty() { words.next().map(|next| next.value.as_str()) } else { Some(rest) };
                out.push(Arg::Short { letter, value, word });
                break;
            }
        } else {
            out.push(Arg::Positional(word));
        }
    }
    out
}

/// The first positional argument: the subcommand of `apt-get`, `apk`, `npm`, `pip`.
pub fn subcommand<'c>(command: &'c Command, takes_value: &[&str]) -> Option<&'c Word> {
    arguments(command, takes_value).into_iter().find_map(Arg::positional)
}

/// `command` runs `program` with subcommand `sub` (one of `subs`), returning the subcommand word.
pub fn subcommand_in<'c>(command: &'c Command, subs: &[&str], takes_value: &[&str]) -> Option<&'c Word> {
    subcommand(command, takes_value).filter(|word| subs.contains(&word.value.as_str()))
}

/// A short rendering of a command for messages: its first words from `from`, with `…` when there are more.
pub fn describe(command: &Command, from: usize) -> String {
    const SHOWN: usize = 4;
    let words = command.words.get(from..).unwrap_or(&[]);
    let mut text = words.iter().take(SHOWN).map(|word| word.value.as_str()).collect::<Vec<_>>().join(" ");
    if words.len() > SHOWN {
        text.push_str(" …");
    }
    text
}

/// [`describe`] from the program on.
pub fn describe_program(command: &Command) -> String {
    describe(command, command.program.unwrap_or(0))
}

/// A fix inserting `text` right after `word`.
pub fn insert_after(title: &str, word: &Word, text: &str) -> Fix {
    Fix::new(title, vec![Edit { span: Span::at(word.span.end), replacement: text.to_owned() }])
}

/// The pipelines of a script: runs of commands joined by `|`, each with two or more commands.
pub fn pipelines(commands: &[Command]) -> Vec<&[Command]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, command) in commands.iter().enumerate() {
        if command.operator == Some(Operator::Pipe) {
            continue;
        }
        if at > start {
            if let Some(pipeline) = commands.get(start..=at) {
                out.push(pipeline);
            }
        }
        start = at + 1;
    }
    out
}

/// The span from the first to the last command of `commands`.
pub fn span_of(commands: &[Command]) -> Option<Span> {
    Some(commands.first()?.span.cover(commands.last()?.span))
}

/// A value that pip, npm and apt read as "on" (`1`, `true`, `yes`, `on`, any case).
pub fn truthy(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on" | "y")
}

/// The variable `name` as the command sees it: a `NAME=value` prefix of the command, else an `export NAME=value`
/// earlier in the same script, else the `ENV`/`ARG` value in effect. `None` when unset or unknown.
pub fn variable(run: &Run<'_>, script: &Script, command: &Command, name: &str) -> Option<String> {
    let assigned =
        |word: &Word| word.value.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')).map(str::to_owned);
    let prefix = command.words.get(..command.program.unwrap_or(command.words.len())).unwrap_or(&[]);
    if let Some(value) = prefix.iter().rev().find_map(assigned) {
        return Some(value);
    }
    let before = script.commands.iter().take_while(|other| !std::ptr::eq(*other, command));
    let exported = before
        .filter(|other| other.name() == Some("export"))
        .flat_map(|other| other.args().iter())
        .filter_map(assigned)
        .last();
    exported.or_else(|| run.vars().get(name).flatten().map(str::to_owned))
}

/// The script that holds `command` (compared by address).
pub fn script_of<'r>(run: &'r Run<'_>, command: &Command) -> Option<&'r Script> {
    run.scripts.iter().find(|script| script.commands.iter().any(|other| std::ptr::eq(other, command)))
}

/// Some command of a `RUN` earlier in the same stage (or a stage it builds on), or earlier in this `RUN`,
/// writes an APT configuration line mentioning `key` with a value that `accept` takes, e.g.
/// `echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99norecommends`.
pub fn apt_config_set(all: &[Run<'_>], run: &Run<'_>, before: usize, key: &str, accept: fn(&str) -> bool) -> bool {
    let stages = stage_chain(run);
    let earlier = all
        .iter()
        .filter(|other| other.index < run.index && other.stage.is_some_and(|stage| stages.contains(&stage.index)))
        .flat_map(|other| other.commands().map(|(_, command)| command).collect::<Vec<_>>());
    let here = run.commands().filter(|(at, _)| *at < before).map(|(_, command)| command);
    earlier.chain(here).any(|command| {
        command.args().iter().any(|word| {
            word.value.find(key).is_some_and(|at| {
                let rest = word.value.get(at + key.len()..).unwrap_or("");
                let value: String = rest
                    .trim_start_matches(|c: char| c == '=' || c == '"' || c == '\'' || c.is_whitespace())
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                accept(&value)
            })
        })
    })
}

/// The stage of `run` and the stages it builds on.
fn stage_chain(run: &Run<'_>) -> Vec<usize> {
    run.stage
        .map(|stage| stages::lineage(run.file, stage).iter().map(|stage| stage.index).collect())
        .unwrap_or_default()
}

/// A false-ish APT boolean (`false`, `0`, `no`, `off`).
pub fn apt_false(value: &str) -> bool {
    matches!(value.to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off")
}

/// A true-ish APT boolean.
pub fn apt_true(value: &str) -> bool {
    matches!(value.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on")
}

/// Options of `apt-get` and `apt` that take a value as the next word.
pub const APT_VALUE_OPTIONS: &[&str] = &["-o", "--option", "-c", "--config-file", "-t", "--target-release", "-a"];

/// pip options that take the next word as their value (global and `install` options).
pub const PIP_VALUE_OPTIONS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-t",
    "--target",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--cache-dir",
    "--proxy",
    "--timeout",
    "--retries",
    "--log",
    "--cert",
    "--client-cert",
    "--exists-action",
    "--trusted-host",
    "--root",
    "--prefix",
    "--python",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--no-binary",
    "--only-binary",
    "--progress-bar",
    "--upgrade-strategy",
    "--src",
];

/// Options of `yum`, `dnf` and `microdnf` that take a value as the next word.
pub const YUM_VALUE_OPTIONS: &[&str] =
    &["-c", "--config", "--installroot", "--releasever", "-d", "-e", "-x", "--exclude"];

/// zypper's global options that take a value.
pub const ZYPPER_VALUE_OPTIONS: &[&str] =
    &["-c", "--config", "-R", "--root", "-D", "--reposd-dir", "-C", "--cache-dir"];

/// The command runs `apt-get` or `apt` with one of `subs`; returns the subcommand word.
pub fn apt_subcommand<'c>(command: &'c Command, subs: &[&str]) -> Option<&'c Word> {
    if !matches!(command.name(), Some("apt-get" | "apt")) {
        return None;
    }
    subcommand_in(command, subs, APT_VALUE_OPTIONS)
}

/// The values given to APT's `-o` / `--option` (`-o APT::Install-Recommends=false`).
pub fn apt_options(command: &Command) -> impl Iterator<Item = &str> {
    arguments(command, APT_VALUE_OPTIONS).into_iter().filter(|arg| arg.is("option", Some('o'))).filter_map(Arg::value)
}

/// An `apt -o` value sets `key` to a value `accept` takes.
pub fn apt_option_set(command: &Command, key: &str, accept: fn(&str) -> bool) -> bool {
    apt_options(command).any(|option| {
        option
            .split_once('=')
            .is_some_and(|(name, value)| name.eq_ignore_ascii_case(key) && accept(value.trim_matches(['"', '\''])))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::run::runs;
    use crate::syntax::shell::{self, ShellText};

    fn command(text: &str) -> Command {
        shell::split(&ShellText::contiguous(text, 0)).remove(0)
    }

    #[test]
    fn options_are_read_with_clusters_values_and_double_dash() {
        let apt = command("apt-get -qy -o APT::Install-Recommends=false -oDebug::X=1 install --reinstall -- -pkg");
        let args = arguments(&apt, APT_VALUE_OPTIONS);
        let shorts: Vec<(char, Option<&str>)> = args
            .iter()
            .filter_map(|arg| match *arg {
                Arg::Short { letter, value, .. } => Some((letter, value)),
                _ => None,
            })
            .collect();
        assert_eq!(
            shorts,
            [('q', None), ('y', None), ('o', Some("APT::Install-Recommends=false")), ('o', Some("Debug::X=1"))]
        );
        let positional: Vec<&str> = args.iter().filter_map(|arg| arg.positional()).map(|w| w.value.as_str()).collect();
        assert_eq!(positional, ["install", "-pkg"]);
        assert!(args.iter().any(|arg| arg.is("reinstall", None)));
        assert_eq!(subcommand(&apt, APT_VALUE_OPTIONS).map(|w| w.value.as_str()), Some("install"));
        assert!(apt_option_set(&apt, "APT::Install-Recommends", apt_false));
        let npm = command("npm --omit=dev --prefix /app ci");
        assert_eq!(subcommand(&npm, &["--prefix"]).map(|w| w.value.as_str()), Some("ci"));
        assert_eq!(subcommand(&npm, &[]).map(|w| w.value.as_str()), Some("/app"));
    }

    #[test]
    fn a_quoted_dash_word_is_not_an_option() {
        let echo = command("echo '-n' x");
        assert_eq!(arguments(&echo, &[]).iter().filter_map(|arg| arg.positional()).count(), 2);
    }

    #[test]
    fn covers_means_same_directory_or_parent() {
        assert!(covers("/var/cache/apk", "/var/cache/apk"));
        assert!(covers("/var/cache", "/var/cache/apk"));
        assert!(!covers("/var/cache/ap", "/var/cache/apk"));
        assert!(!covers("/var/cache/apk/x", "/var/cache/apk"));
        assert!(!covers("", "/var"));
    }

    #[test]
    fn pipelines_group_commands_joined_by_pipes() {
        let commands = shell::split(&ShellText::contiguous("a | b && c; d | e | f", 0));
        let names: Vec<Vec<&str>> =
            pipelines(&commands).iter().map(|pipeline| pipeline.iter().filter_map(Command::name).collect()).collect();
        assert_eq!(names, [vec!["a", "b"], vec!["d", "e", "f"]]);
    }

    #[test]
    fn runs_know_their_stage_scripts_and_whether_they_ship() {
        let source =
            "FROM alpine AS base\nRUN a\nFROM alpine AS build\nRUN b\nFROM base\nRUN <<EOF\nc\nEOF\nONBUILD RUN d\n";
        let parsed = crate::syntax::dockerfile::parse(source);
        let all = runs(&parsed.file);
        let seen: Vec<(String, bool, usize)> =
            all.iter().map(|run| (run.place(), run.in_final_image, run.scripts.len())).collect();
        assert_eq!(
            seen,
            [
                ("stage 'base'".to_owned(), true, 1),
                ("stage 'build'".to_owned(), false, 1),
                ("stage 2".to_owned(), true, 2),
                ("an ONBUILD trigger of stage 2".to_owned(), true, 1),
            ]
        );
        let heredoc = all.get(2).and_then(|run| run.scripts.get(1)).and_then(|script| script.commands.first());
        assert_eq!(heredoc.and_then(Command::name), Some("c"));
    }
}
