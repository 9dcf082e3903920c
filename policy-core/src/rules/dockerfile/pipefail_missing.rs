use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Diagnostic;
use crate::model::dockerfile as stages;
use crate::rules::dockerfile::run_commands::{span_of, Run, Script};
use crate::syntax::dockerfile::ast::Keyword;
use crate::syntax::shell::{self, Command, Word};

declare_rule! {
    /// ## What it does
    /// Flags the first pipeline (`a | b`) of a `RUN` whose shell does not have `pipefail` on. It is on when the
    /// stage's `SHELL` passes `-o pipefail` (`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, inherited from a
    /// stage built `FROM`), when the same script ran `set -o pipefail` (or `set -euxo pipefail`, ...) before the
    /// pipe, or when a heredoc is fed to `bash -o pipefail`. Each heredoc body is its own script, read the same
    /// way; pipelines inside a command substitution (`arch="$(dpkg --print-architecture | awk ...)"`) count too.
    /// Pipelines whose earlier commands cannot fail in a way that matters (`echo`, `printf`, `yes`, `true`,
    /// as in `echo "$SUM  file" | sha256sum -c -`) are not flagged, and neither are `RUN`s under a non-POSIX
    /// `SHELL` (PowerShell, `cmd`) or on a Windows base image.
    ///
    /// ## Why it matters
    /// A pipeline's exit status is that of its last command. In `curl -fsSL $URL | tar -xz`, a failed download
    /// gives `tar` an empty stream; whether `tar` notices depends on the tool, and with `| sh` or `| tee` nothing
    /// notices at all: the step succeeds and the image ships without what it was meant to contain. Docker's
    /// "Best practices for writing Dockerfiles" asks for `set -o pipefail &&` in front of such `RUN`s, or a
    /// `SHELL` that sets it. `/bin/sh` on Debian (dash) may not know the option, so switch to a shell that does
    /// (bash; Alpine's busybox ash knows it).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
    /// USER 10001
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
    /// USER 10001
    /// ```
    ///
    /// ## Peers
    /// hadolint DL4006, which only looks at `SHELL`: it flags `set -o pipefail` inside the `RUN` and inside a
    /// heredoc (hadolint issues 806 and 1137). checkov has no equivalent.
    pub static RULE = {
        id: "pipefail-missing",
        severity: Warning,
        category: Reliability,
        summary: "a RUN with a pipe runs without `pipefail`",
        peers: [("hadolint", "DL4006")],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];
/// Commands whose failure in front of a pipe does not matter.
const HARMLESS: &[&str] = &["echo", "printf", "yes", "true", ":"];

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in context.runs {
        let Some(from_shell) = shell_pipefail(run) else { continue };
        if from_shell {
            continue;
        }
        let substituted = substitution_scripts(run);
        let found = run.scripts.iter().find_map(|script| unguarded_pipeline(run, script)).or_else(|| {
            // A pipeline inside `$(...)` hides its first command's failure the same way: `arch="$(dpkg
            // --print-architecture | awk ...)"` leaves `arch` empty and goes on. A `set -o pipefail` earlier in
            // the script covers it too.
            let outer_on = run
                .scripts
                .iter()
                .flat_map(|script| &script.commands)
                .any(|command| command.name() == Some("set") && pipefail_switch(command.args()) == Some(true));
            if outer_on {
                return None;
            }
            substituted.iter().find_map(|script| unguarded_pipeline(run, script))
        });
        let Some(pipeline) = found else { continue };
        let (Some(span), Some(first), Some(last)) = (span_of(pipeline), pipeline.first(), pipeline.last()) else {
            continue;
        };
        let last = last.name().unwrap_or("the last command");
        // A group or subshell (`{ ...; } | tee log`) has no program name to quote.
        let message = match first.name() {
            Some(first) => format!(
                "`{first} … | {last}` in {} runs without `pipefail`: if `{first}` fails, the RUN still succeeds",
                run.place()
            ),
            None => format!(
                "a pipe into `{last}` in {} runs without `pipefail`: if a command before it fails, the RUN still \
                 succeeds",
                run.place()
            ),
        };
        out.push(Diagnostic::new(
            RULE.id,
            span,
            message,
            "Add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN, or start it with \
             `set -o pipefail &&` in a shell that has the option (bash, zsh, busybox ash).",
        ));
    }
}

/// Whether the `SHELL` in effect for `run` sets `pipefail`; `None` when the shell is not a POSIX shell (a
/// non-POSIX `SHELL`, or a Windows base whose default is `cmd`).
fn shell_pipefail(run: &Run<'_>) -> Option<bool> {
    let Some(stage) = run.stage else { return Some(false) };
    let lineage = stages::lineage(run.file, stage);
    let shell = lineage.iter().find_map(|stage| {
        stages::body(run.file, stage)
            .filter(|(index, instruction)| *index < run.index && instruction.keyword == Keyword::Shell)
            .filter_map(|(_, instruction)| instruction.exec_args())
            .last()
    });
    let Some(args) = shell else {
        return (!stages::is_windows(run.file, stage)).then_some(false);
    };
    let program = args.first().map_or("", |token| token.value.rsplit(['/', '\\']).next().unwrap_or(""));
    if !SHELLS.contains(&program) {
        return None;
    }
    let values: Vec<&str> = args.iter().map(|token| token.value.as_str()).collect();
    Some(values.windows(2).any(|pair| matches!(pair, [option, "pipefail"] if sets_option(option) == Some(true))))
}

/// `-o` / `-euxo` turn the following option on, `+o` off; anything else is not an option switch.
fn sets_option(word: &str) -> Option<bool> {
    let on = word.strip_prefix('-').filter(|rest| !rest.starts_with('-')).map(|rest| (true, rest));
    let (on, letters) = on.or_else(|| word.strip_prefix('+').map(|rest| (false, rest)))?;
    (letters.ends_with('o') && letters.chars().all(|c| c.is_ascii_alphabetic())).then_some(on)
}

/// The first pipeline of `script` that runs before `set -o pipefail` and whose earlier commands can fail.
/// The bodies of the command substitutions (`$(...)`, backticks) of a RUN's scripts, split into commands.
fn substitution_scripts(run: &Run<'_>) -> Vec<Script> {
    let heredocs = run.instruction.heredocs.iter().filter(|heredoc| heredoc.is_shell).map(|heredoc| &heredoc.body);
    run.instruction
        .shell_text()
        .into_iter()
        .chain(heredocs)
        .flat_map(shell::substitutions)
        .map(|body| Script { commands: shell::split(&body), heredoc: None })
        .collect()
}

fn unguarded_pipeline<'s>(run: &Run<'_>, script: &'s Script) -> Option<&'s [Command]> {
    let mut on = fed_to_pipefail_shell(run, script);
    let mut start = 0;
    for (at, command) in script.commands.iter().enumerate() {
        if command.name() == Some("set") {
            if let Some(state) = pipefail_switch(command.args()) {
                on = state;
            }
        }
        if command.pipes_into_next() {
            continue;
        }
        let pipeline = script.commands.get(start..=at).unwrap_or(&[]);
        start = at + 1;
        let Some((_, earlier)) = pipeline.split_last() else { continue };
        let matters = earlier.iter().any(|command| command.name().is_none_or(|name| !HARMLESS.contains(&name)));
        if !on && !earlier.is_empty() && matters {
            return Some(pipeline);
        }
    }
    None
}

/// What a `set` command does to `pipefail`, if anything.
fn pipefail_switch(args: &[Word]) -> Option<bool> {
    args.windows(2)
        .filter_map(|pair| match pair {
            [option, name] if name.value == "pipefail" => sets_option(&option.value),
            _ => None,
        })
        .next_back()
}

/// A heredoc body fed to `bash -o pipefail <<EOF` (or `RUN <<EOF bash -o pipefail`) starts with it on.
fn fed_to_pipefail_shell(run: &Run<'_>, script: &Script) -> bool {
    let Some(heredoc) = script.heredoc.and_then(|at| run.instruction.heredocs.get(at)) else { return false };
    let main = run.scripts.iter().find(|script| script.heredoc.is_none());
    main.into_iter().flat_map(|main| main.commands.iter()).any(|command| {
        let feeds = command.redirects.iter().any(|redirect| {
            redirect.op.contains("<<")
                && redirect
                    .target
                    .as_ref()
                    .is_some_and(|target| target.value.trim_matches(['\'', '"']) == heredoc.delimiter)
        });
        feeds
            && command.name().is_some_and(|name| SHELLS.contains(&name))
            && pipefail_switch(command.args()) == Some(true)
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, flagged_text, positions};

    const ID: &str = "pipefail-missing";

    #[test]
    fn flags_the_first_pipeline_of_a_run() {
        let file =
            "FROM debian:12\nRUN set -eux; \\\n    curl -fsSL https://x.example/t.tgz | tar -xz; \\\n    ls | wc -l\n";
        assert_eq!(positions(ID, file), [(3, 5)]);
        assert_eq!(flagged_text(ID, file), ["curl -fsSL https://x.example/t.tgz | tar -xz"]);
        let message = &findings(ID, file)[0].message;
        assert!(message.contains("`curl … | tar`") && message.contains("stage 0"), "{message}");
    }

    #[test]
    fn pipelines_inside_command_substitutions_count() {
        let text = "FROM debian:12\nRUN set -eux; \\\n    arch=\"$(dpkg --print-architecture | awk -F- '{ print $NF }')\"; \\\n    echo \"$arch\"\n";
        assert_eq!(flagged_text(ID, text), ["dpkg --print-architecture | awk -F- '{ print $NF }'"]);
    }

    #[test]
    fn pipefail_from_shell_or_set_is_clean() {
        for file in [
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -s x | tar -x\n",
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-euxo\", \"pipefail\", \"-c\"]\nRUN curl -s x | tar -x\n",
            "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN curl -s x | tar -x\n",
            "FROM debian:12\nRUN set -o pipefail && curl -s x | tar -x\n",
            "FROM debian:12\nRUN set -Eeuxo pipefail; curl -s x | tar -x\n",
            "FROM debian:12\nRUN <<EOF bash\nset -euxo pipefail\ncurl -s x | tar -x\nEOF\n",
            "FROM debian:12\nRUN bash -o pipefail <<EOF\ncurl -s x | tar -x\nEOF\n",
            "FROM debian:12\nRUN echo \"abc  /tmp/f\" | sha256sum -c -\n",
            "FROM debian:12\nRUN set -o pipefail; arch=\"$(dpkg --print-architecture | awk -F- '{ print $NF }')\"\n",
            "FROM debian:12\nRUN dst=\"$(echo \"$src\" | tr -d 3)\"\n",
            "FROM debian:12\nRUN yes | ./configure\n",
            "FROM debian:12\nRUN make || true\n",
            "FROM debian:12\nRUN case \"$(uname -m)\" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; esac\n",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN type a.txt | findstr x\n",
            "FROM debian:12\nSHELL [\"pwsh\", \"-Command\"]\nRUN Get-Content a | Select-String x\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn set_after_the_pipe_or_turned_off_does_not_count() {
        let file = "FROM debian:12\nRUN curl -s x | tar -x && set -o pipefail\n";
        assert_eq!(positions(ID, file), [(2, 5)]);
        let file = "FROM debian:12\nRUN set -o pipefail; set +o pipefail; curl -s x | tar -x\n";
        assert_eq!(positions(ID, file), [(2, 39)]);
    }

    #[test]
    fn a_shell_without_pipefail_or_a_new_stage_resets_it() {
        let file = "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN curl -s x | tar -x\n";
        assert_eq!(positions(ID, file), [(3, 5)]);
        let file = "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM alpine:3.20\nRUN wget -qO- x | tar -x\n";
        assert_eq!(positions(ID, file), [(4, 5)]);
    }

    #[test]
    fn heredoc_pipes_point_at_the_body_line() {
        let file = "FROM debian:bookworm-slim\nRUN <<-SCRIPT\n\tset -e\n\tcurl -fsSL https://example.com/install.sh | sh\nSCRIPT\n";
        assert_eq!(positions(ID, file), [(4, 2)]);
        let file = "from debian:12\nrun <<EOF\n#!/bin/bash\nset -e\ngit log | head -1 > /version\nEOF\n";
        assert_eq!(positions(ID, file), [(5, 1)]);
    }
}
