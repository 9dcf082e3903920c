use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{
    apt_config_set, apt_option_set, apt_subcommand, apt_true, arguments, describe_program, insert_after, pipelines,
    Arg, APT_VALUE_OPTIONS,
};
use crate::syntax::shell::Command;

declare_rule! {
    /// ## What it does
    /// Flags `apt-get` (or `apt`) `install`, `upgrade`, `dist-upgrade`, `full-upgrade` and `build-dep` without
    /// an answer to APT's confirmation prompt. Accepted answers: `-y`, `--yes`, `--assume-yes` (also inside a
    /// cluster such as `-qy`), `-qq` / `-q=2` (which imply `-y` per apt-get(8)), `-o APT::Get::Assume-Yes=true`,
    /// an earlier `RUN` of the stage that writes `APT::Get::Assume-Yes "true";` into an APT configuration file,
    /// and `yes |` in front of the command. A simulation (`-s`, `--simulate`, `--dry-run`, `--just-print`,
    /// `--recon`, `--no-act`) asks nothing and is not flagged. The finding points at the command from its program
    /// on (not at an `if` in front of it). Every stage is checked.
    ///
    /// ## Why it matters
    /// When APT has to install more than the packages named (dependencies) or to upgrade anything, it asks
    /// "Do you want to continue? [Y/n]". A build has no terminal: APT reads end-of-file, answers no and aborts,
    /// so the build fails, or fails later, once a dependency change makes the prompt appear. Docker's "Best
    /// practices for writing Dockerfiles" writes every `apt-get install` with `-y`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// USER 10001
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// USER 10001
    /// ```
    ///
    /// ## Peers
    /// hadolint DL3014 (`install` only; it also accepts a single `-q`, which does not answer the prompt).
    /// checkov has no equivalent.
    pub static RULE = {
        id: "apt-get-missing-yes",
        severity: Warning,
        category: Build,
        summary: "`apt-get install` without `-y` aborts at APT's prompt",
        peers: [("hadolint", "DL3014")],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

const PROMPTING: &[&str] = &["install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep"];
const KEY: &str = "APT::Get::Assume-Yes";

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let all = context.runs;
    for run in all {
        let fed_by_yes: Vec<_> = run
            .scripts
            .iter()
            .flat_map(|script| pipelines(&script.commands))
            .filter(|pipeline| pipeline.first().and_then(|command| command.name()) == Some("yes"))
            .flat_map(|pipeline| pipeline.iter().skip(1).map(|command| command.span))
            .collect();
        for (at, command) in run.commands() {
            let Some(sub) = apt_subcommand(command, PROMPTING) else { continue };
            let args = arguments(command, APT_VALUE_OPTIONS);
            if answers_yes(&args)
                || simulates(&args)
                || apt_option_set(command, KEY, apt_true)
                || apt_config_set(all, run, at, KEY, apt_true)
                || fed_by_yes.contains(&command.span)
            {
                continue;
            }
            let name = command.name().unwrap_or("apt-get");
            out.push(
                Diagnostic::new(
                    RULE.id,
                    program_span(command),
                    format!(
                        "`{}` in {} has no `-y`: with no terminal to answer APT's prompt, the build aborts",
                        describe_program(command),
                        run.place()
                    ),
                    format!("Add `-y`: `{name} {} -y ...`.", sub.value),
                )
                .with_fix(insert_after("Add `-y`", sub, " -y")),
            );
        }
    }
}

/// `-s` and its synonyms only print what would happen, without a prompt: a probe such as
/// `if apt-get install -s pkg; then ...`.
fn simulates(args: &[Arg<'_>]) -> bool {
    args.iter().any(|arg| {
        arg.is("simulate", Some('s'))
            || arg.is("just-print", None)
            || arg.is("dry-run", None)
            || arg.is("recon", None)
            || arg.is("no-act", None)
    })
}

/// From the program word to the end of the command: a command that opens a compound (`if apt-get ...`) is
/// reported at the program, not at `if`.
fn program_span(command: &Command) -> Span {
    command.program_word().map_or(command.span, |word| Span::new(word.span.start, command.span.end))
}

/// `-y`, `--yes`, `--assume-yes`, or quiet level 2 (`-qq`, `-q=2`, `--quiet=2`), which implies `-y`.
fn answers_yes(args: &[Arg<'_>]) -> bool {
    let mut quiet = 0;
    for arg in args {
        if arg.is("yes", Some('y')) || arg.is("assume-yes", None) {
            return true;
        }
        if let Arg::Long { name: "quiet", value, .. } = *arg {
            quiet += value.and_then(|value| value.parse::<u32>().ok()).unwrap_or(1);
        }
        if let Arg::Short { letter: 'q', word, .. } = *arg {
            quiet += word.value.strip_prefix("-q=").and_then(|level| level.parse::<u32>().ok()).unwrap_or(1);
        }
    }
    quiet >= 2
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    const ID: &str = "apt-get-missing-yes";

    #[test]
    fn flags_install_without_yes() {
        let file = "FROM debian:12\nRUN apt-get update && apt-get install curl\n";
        assert_eq!(positions(ID, file), [(2, 23)]);
        assert_eq!(flagged_text(ID, file), ["apt-get install curl"]);
        assert!(findings(ID, file)[0].help.contains("apt-get install -y"));
    }

    #[test]
    fn simulations_ask_nothing_and_spans_start_at_the_program() {
        let probe = "FROM debian:12\nRUN if apt-get install -s libssl3 >/dev/null; then echo ok; fi\n";
        assert_eq!(positions(ID, probe), []);
        let prompted = "FROM debian:12\nRUN if apt-get install libssl3; then echo ok; fi\n";
        assert_eq!(flagged_text(ID, prompted), ["apt-get install libssl3"]);
    }

    #[test]
    fn every_way_to_answer_yes_is_clean() {
        for file in [
            "FROM debian:12\nRUN apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-get -y install curl\n",
            "FROM debian:12\nRUN apt-get install --yes curl\n",
            "FROM debian:12\nRUN apt-get install --assume-yes curl\n",
            "FROM debian:12\nRUN apt-get install -qy curl\n",
            "FROM debian:12\nRUN apt-get -qq install curl\n",
            "FROM debian:12\nRUN apt-get -q=2 install curl\n",
            "FROM debian:12\nRUN apt-get -o APT::Get::Assume-Yes=true install curl\n",
            "FROM debian:12\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl\n",
            "FROM debian:12\nRUN yes | apt-get install curl\n",
            "FROM debian:12\nRUN apt-get update && apt-get clean\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn a_single_q_does_not_answer_the_prompt() {
        let file = "FROM debian:12\nRUN apt-get -q install curl\n";
        assert_eq!(positions(ID, file), [(2, 5)]);
    }

    #[test]
    fn upgrades_and_apt_are_flagged_in_heredocs_and_continuations() {
        let file = "FROM ubuntu:24.04\nRUN <<EOF\nset -eux\napt update\napt full-upgrade\nEOF\nRUN apt-get update \\\n  && apt-get \\\n     dist-upgrade\n";
        assert_eq!(positions(ID, file), [(5, 1), (8, 6)]);
    }

    #[test]
    fn the_fix_adds_yes_after_the_subcommand() {
        let file = "FROM debian:12\nRUN sudo apt-get install --no-install-recommends curl\n";
        let after = fixed(ID, file);
        assert_eq!(after, "FROM debian:12\nRUN sudo apt-get install -y --no-install-recommends curl\n");
        assert_eq!(positions(ID, &after), []);
    }
}
