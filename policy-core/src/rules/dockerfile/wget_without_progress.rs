use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{arguments, insert_after, Arg};

declare_rule! {
    /// ## What it does
    /// Flags `wget` in a `RUN` without `--progress=...` and without an option that already keeps its output
    /// short: `-q`/`--quiet`, `-nv`/`--no-verbose`, `-o`/`--output-file` or `-a`/`--append-output`. The fix
    /// adds `--progress=dot:giga` after `wget`.
    ///
    /// ## Why it matters
    /// Without a terminal, `wget`'s default progress display prints a line of dots for every few kilobytes: a
    /// large download fills the build log with thousands of lines and hides what matters. hadolint's `DL3047`
    /// asks for `--progress=dot:giga`, or a quieter mode.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN wget https://downloads.example.com/tool.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN wget --progress=dot:giga https://downloads.example.com/tool.tar.gz
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3047`.
    pub static RULE = {
        id: "wget-without-progress",
        severity: Info,
        category: Build,
        summary: "`wget` without `--progress`, which floods the build log",
        peers: [("hadolint", "DL3047")],
        checks: [Check::Dockerfile(check)],
    }
}

/// wget options whose value is the next word.
const VALUE_OPTIONS: &[&str] = &["-o", "-a", "-O", "-P", "-e", "-t", "-T", "-U", "--output-file", "--append-output"];

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        for (_, command) in run.programs(&["wget"]) {
            let quiet = arguments(command, VALUE_OPTIONS).into_iter().any(|arg| {
                arg.is("progress", None)
                    || arg.is("quiet", Some('q'))
                    || arg.is("no-verbose", None)
                    || arg.is("output-file", Some('o'))
                    || arg.is("append-output", Some('a'))
                    || matches!(arg, Arg::Short { letter: 'n', word, .. } if word.value == "-nv")
            });
            let Some(program) = command.program_word().filter(|_| !quiet) else { continue };
            out.push(
                Diagnostic::new(
                    RULE.id,
                    program.span,
                    format!("`wget` in {} prints its progress as dots, flooding the build log", run.place()),
                    "Add `--progress=dot:giga`, or `-q`/`-nv` for a quiet download.",
                )
                .with_fix(insert_after("Add `--progress=dot:giga`", program, " --progress=dot:giga")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{fixed, flagged_text};

    #[test]
    fn flags_chatty_wget_only() {
        let text = "FROM debian:12\nRUN wget https://x && wget -q https://y && wget -nv https://z \\\n && wget --progress=bar:force https://w && wget -O /tmp/f -o log https://v && wget -O- https://u\n";
        assert_eq!(flagged_text(RULE.id, text), ["wget", "wget"]);
        assert!(fixed(RULE.id, text).starts_with("FROM debian:12\nRUN wget --progress=dot:giga https://x"));
    }
}
