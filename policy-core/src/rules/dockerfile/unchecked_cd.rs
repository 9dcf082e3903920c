use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::shell::{Command, Operator};

declare_rule! {
    /// ## What it does
    /// Flags a `cd` in the middle of a `RUN` script that the next command follows whatever happened: joined by
    /// `;` or a line break instead of `&&`, in a script that has not turned on `set -e` (or `set -o errexit`)
    /// before it. Heredoc scripts count. A `cd` joined by `&&`, `||` or a pipe, or the last command, is not
    /// flagged (`cd-instead-of-workdir` is about the latter).
    ///
    /// ## Why it matters
    /// A `RUN` fails only when its last command fails. If the directory is missing or mistyped, `cd` fails, the
    /// build goes on, and the next commands run in the wrong directory: `rm -rf *` in `/`, a `make install` of
    /// nothing. This is the mistake behind hadolint's `DL3003` (and ShellCheck's SC2164): join the commands with
    /// `&&`, or use `WORKDIR`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN cd /usr/src/app; make install
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN cd /usr/src/app && make install
    /// ```
    ///
    /// ## Peers
    /// hadolint and ShellCheck report it as SC2164 (`cd ... || exit`); no peer has a rule id of its own for it.
    pub static RULE = {
        id: "unchecked-cd",
        severity: Warning,
        category: Build,
        summary: "a `cd` whose failure the next command of the `RUN` ignores",
        peers: [],
        checks: [Check::Dockerfile(check)],
    }
}

/// `set -e`, `set -eux`, `set -o errexit`: later failures stop the script.
fn sets_errexit(command: &Command) -> bool {
    if command.name() != Some("set") {
        return false;
    }
    let args: Vec<&str> = command.args().iter().map(|word| word.value.as_str()).collect();
    let clustered = args
        .iter()
        .any(|arg| arg.strip_prefix('-').is_some_and(|flags| !flags.starts_with('-') && flags.contains('e')));
    let named = args.windows(2).any(|pair| matches!(pair, ["-o" | "-eo" | "-euo" | "-euxo" | "-exo", "errexit"]));
    clustered || named
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        for script in &run.scripts {
            let mut errexit = false;
            let mut commands = script.commands.iter().peekable();
            while let Some(command) = commands.next() {
                errexit |= sets_errexit(command);
                let unchecked = matches!(command.operator, Some(Operator::Semicolon | Operator::Newline));
                if errexit || command.name() != Some("cd") || !unchecked || commands.peek().is_none() {
                    continue;
                }
                let joined = if command.operator == Some(Operator::Semicolon) { "`;`" } else { "a line break" };
                out.push(Diagnostic::new(
                    RULE.id,
                    command.span,
                    format!(
                        "`{}` in {} is followed by {joined}, so a failed `cd` leaves the next commands running in the \
                         wrong directory",
                        command.span.slice(ctx.source),
                        run.place()
                    ),
                    "Join it to the next command with `&&` (or start the script with `set -e`), or use `WORKDIR`.",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text};

    #[test]
    fn cd_followed_by_semicolon_or_newline() {
        let text = "FROM debian:12\nRUN cd /src; make && cd /; rm -rf /src\nRUN <<EOF\ncd /opt/app\n./configure\nEOF\n";
        assert_eq!(flagged_text(RULE.id, text), ["cd /src", "cd /", "cd /opt/app"]);
        assert!(findings(RULE.id, text)[2].message.contains("a line break"));
    }

    #[test]
    fn checked_or_last_cd_and_errexit_pass() {
        for text in [
            "FROM debian:12\nRUN cd /src && make\n",
            "FROM debian:12\nRUN cd /src || exit 1; make\n",
            "FROM debian:12\nRUN set -eux; cd /src; make\n",
            "FROM debian:12\nRUN <<EOF\nset -o errexit\ncd /src\nmake\nEOF\n",
            "FROM debian:12\nRUN make; cd /\n",
        ] {
            assert_eq!(flagged_text(RULE.id, text), Vec::<String>::new(), "{text}");
        }
    }
}
