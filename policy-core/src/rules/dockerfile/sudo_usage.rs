use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::describe;

declare_rule! {
    /// ## What it does
    /// Flags `sudo` running a command in a `RUN` (shell form, exec form, heredoc bodies, `ONBUILD RUN`),
    /// pointing at the `sudo` word, and its variants `doas` and `su -c`. Installing the `sudo` package or writing a
    /// sudoers file is not flagged here.
    ///
    /// ## Why it matters
    /// `RUN` already runs as root unless a `USER` switched away, so `sudo` is either useless or a sign that the
    /// image lets its non-root user become root without a password, which undoes the article's advice to run
    /// as "a non-root and a least-privileged user". Docker's "Best practices for writing Dockerfiles" also
    /// advises against `sudo` for its unpredictable TTY and signal-forwarding behaviour, and suggests `gosu` where
    /// a process must start as root and drop to another user.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd --create-home app
    /// USER app
    /// RUN sudo make install
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd --create-home app
    /// RUN make install
    /// USER app
    /// ```
    ///
    /// ## Peers
    /// hadolint DL3004; checkov CKV2_DOCKER_1 (which matches the text ` sudo ` anywhere in the `RUN`).
    pub static RULE = {
        id: "sudo-usage",
        severity: Warning,
        category: Security,
        summary: "`sudo` in a RUN",
        peers: [("hadolint", "DL3004"), ("checkov", "CKV2_DOCKER_1")],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

const HELP: &str = "Drop `sudo`: RUN runs as root unless USER changed it. Put root-only steps before `USER`, or \
                    switch with `USER root` and back; at run time use `gosu` or `su-exec` if a process must drop \
                    privileges.";

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in context.runs {
        let exec = run.instruction.exec_args().and_then(<[_]>::first);
        if let Some(program) = exec.filter(|token| token.value.rsplit('/').next() == Some("sudo")) {
            out.push(Diagnostic::new(
                RULE.id,
                program.span,
                format!("the exec-form RUN in {} runs through `sudo`", run.place()),
                HELP,
            ));
        }
        for (_, command) in run.commands() {
            // `doas` is sudo by another name; `su -c` runs one command as another user through a login shell, with
            // the same surprises (a password prompt when run by a non-root user, signals not forwarded).
            let variant = match command.name() {
                Some("doas") => Some("doas"),
                Some("su")
                    if command.args().iter().any(|word| word.value == "-c" || word.value.starts_with("--command")) =>
                {
                    Some("su -c")
                }
                _ => None,
            };
            if let (Some(variant), Some(word)) = (variant, command.program_word()) {
                out.push(Diagnostic::new(
                    RULE.id,
                    word.span,
                    format!("`{}` in {} runs a command through `{variant}`", describe(command, 0), run.place()),
                    "Set `USER` before the steps that should run as another user (and back after them) instead of \
                     switching users inside a RUN.",
                ));
                continue;
            }
            let bare = command.name().filter(|name| *name == "sudo").and(command.program_word()).map(|word| word.span);
            let Some(span) = command.sudo.or(bare) else { continue };
            let from = command.words.iter().position(|word| word.span == span).unwrap_or(0);
            out.push(Diagnostic::new(
                RULE.id,
                span,
                format!("`{}` in {} runs through `sudo`", describe(command, from), run.place()),
                HELP,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, flagged_text, positions};

    const ID: &str = "sudo-usage";

    #[test]
    fn doas_and_su_c_are_variants() {
        let file = "FROM alpine:3.20\nRUN doas apk add curl && su app -c 'make' && su -l app\n";
        assert_eq!(flagged_text(ID, file), ["doas", "su"]);
    }

    #[test]
    fn points_at_the_sudo_word() {
        let file = "FROM debian:bookworm-slim\nRUN sudo -E make install\nUSER 10001\n";
        assert_eq!(positions(ID, file), [(2, 5)]);
        assert_eq!(flagged_text(ID, file), ["sudo"]);
        let message = &findings(ID, file)[0].message;
        assert!(message.contains("`sudo -E make install`") && message.contains("stage 0"), "{message}");
    }

    #[test]
    fn every_sudo_of_a_run_is_reported_where_it_is() {
        let file = "FROM ubuntu:24.04 AS build\nRUN set -eux; \\\n    sudo apt-get update; \\\n    DEBIAN_FRONTEND=noninteractive sudo -u root apt-get install -y make\n";
        assert_eq!(positions(ID, file), [(3, 5), (4, 36)]);
        assert!(findings(ID, file)[0].message.contains("stage 'build'"));
    }

    #[test]
    fn heredoc_and_onbuild_are_checked() {
        let file = "FROM debian:12\nRUN <<EOF\nset -eux\n  sudo chown app /srv\nEOF\nONBUILD RUN sudo npm ci\n";
        assert_eq!(positions(ID, file), [(4, 3), (6, 13)]);
        assert!(findings(ID, file)[1].message.contains("ONBUILD trigger"));
    }

    #[test]
    fn exec_form_points_at_the_program() {
        let file = "FROM debian:12\nRUN [\"/usr/bin/sudo\", \"ls\"]\n";
        assert_eq!(flagged_text(ID, file), ["\"/usr/bin/sudo\""]);
    }

    #[test]
    fn installing_or_configuring_sudo_is_not_running_it() {
        for file in [
            "FROM debian:12\nRUN apt-get install -y sudo\n",
            "FROM debian:12\nRUN echo 'app ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }
}
