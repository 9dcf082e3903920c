use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::shell::{Command, Word};

/// Where the shell that `RUN` uses lives (`/usr/bin/sh` on merged-`/usr` systems is the same file).
const SHELLS: [&str; 2] = ["/bin/sh", "/usr/bin/sh"];

declare_rule! {
    /// ## What it does
    /// Reports an `ln` in a `RUN` (heredoc bodies and `ONBUILD RUN` included) whose link name, its last operand,
    /// is `/bin/sh` or `/usr/bin/sh`: `ln -sf /bin/bash /bin/sh`. Links that only point at `/bin/sh` from
    /// elsewhere are left alone (hadolint reports any `ln` that names `/bin/sh`).
    ///
    /// ## Why it matters
    /// Shell-form `RUN`, `CMD` and `ENTRYPOINT` run `/bin/sh -c`; replacing the file changes the shell of every
    /// later instruction, of the base image's scripts and of anything built on the image, where nobody reading
    /// those Dockerfiles can see it. The Dockerfile reference provides `SHELL` for this: "The SHELL instruction
    /// allows the default shell used for the shell form of commands to be overridden." hadolint: "Use SHELL to
    /// change the default shell."
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL4005`.
    pub static RULE = {
        id: "shell-symlink",
        severity: Warning,
        category: Build,
        summary: "`ln` replacing /bin/sh in a RUN",
        peers: [("hadolint", "DL4005")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        for (_, command) in run.programs(&["ln"]) {
            let Some(link) = link_name(command).filter(|word| SHELLS.contains(&word.value.as_str())) else {
                continue;
            };
            out.push(Diagnostic::new(
                RULE.id,
                link.span,
                format!(
                    "`ln` in {} replaces `{}`, the shell every shell-form instruction runs",
                    run.place(),
                    link.value
                ),
                "Leave `/bin/sh` alone and choose the shell with `SHELL [\"/bin/bash\", \"-c\"]` before the \
                 instructions that need it.",
            ));
        }
    }
}

/// The link `ln` creates when given as the last operand (with two or more operands); `None` with
/// `-t`/`--target-directory`, where the last operand is a target instead.
fn link_name(command: &Command) -> Option<&Word> {
    let mut operands = Vec::new();
    let mut options_done = false;
    for word in command.args() {
        let value = word.value.as_str();
        if options_done || !value.starts_with('-') || value == "-" {
            operands.push(word);
        } else if value == "--" {
            options_done = true;
        } else if value == "--target-directory"
            || value.starts_with("--target-directory=")
            || (!value.starts_with("--") && value.contains('t'))
        {
            return None;
        }
    }
    (operands.len() >= 2).then(|| operands.last().copied()).flatten()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text, positions};

    #[test]
    fn points_at_the_replaced_shell() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && ln -sf /bin/bash /bin/sh\n\
                    RUN <<EOF\nln -s -f -- dash /usr/bin/sh\nEOF\nONBUILD RUN ln -snf bash /bin/sh\n";
        assert_eq!(positions(RULE.id, text), [(2, 40), (4, 18), (6, 26)]);
        assert_eq!(flagged_text(RULE.id, text), ["/bin/sh", "/usr/bin/sh", "/bin/sh"]);
        let found = findings(RULE.id, text);
        assert!(found.first().is_some_and(|f| f.message.contains("in stage 0 replaces `/bin/sh`")), "{found:?}");
    }

    #[test]
    fn links_to_the_shell_and_other_links_are_fine() {
        let text = "FROM debian:bookworm-slim\nRUN ln -s /bin/sh /usr/local/bin/sh\nRUN ln -s -t /bin sh\n\
                    RUN ln /bin/sh\nRUN echo ln -s bash /bin/sh\n";
        assert_eq!(positions(RULE.id, text), []);
    }
}
