use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::{Diagnostic, Edit, Fix};
use crate::rules::dockerfile::run_commands::{describe_program, subcommand, APT_VALUE_OPTIONS};

declare_rule! {
    /// ## What it does
    /// Flags `apt` used as a command in a `RUN` (`apt install`, `apt update`, ...). The fix switches to the
    /// script-stable tool where the subcommand means the same there: `apt-get` for `install`, `update`,
    /// `remove`, `purge`, `autoremove`, `clean`, `autoclean`, `dist-upgrade`, `source`, `build-dep` and
    /// `download`, `apt-get dist-upgrade` for `full-upgrade`, and `apt-cache` for `search`, `show`, `policy`,
    /// `depends` and `rdepends`. `apt upgrade` (which, unlike `apt-get upgrade`, installs new dependencies) and
    /// `apt list` get no automatic fix.
    ///
    /// ## Why it matters
    /// `apt` is the interactive front end: its output and behaviour may change between releases, and it says
    /// so itself ("WARNING: apt does not have a stable CLI interface. Use with caution in scripts."). A
    /// Dockerfile is a script that should build the same way next year; `apt-get` and `apt-cache` keep their
    /// interface stable for that use.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// USER 10001
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// USER 10001
    /// ```
    ///
    /// ## Peers
    /// hadolint DL3027; checkov CKV_DOCKER_9 (which matches the text ` apt ` anywhere in the `RUN`).
    pub static RULE = {
        id: "apt-instead-of-apt-get",
        severity: Warning,
        category: Build,
        summary: "`apt` in a RUN instead of `apt-get`",
        peers: [("hadolint", "DL3027"), ("checkov", "CKV_DOCKER_9")],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

/// Subcommands that `apt-get` has with the same meaning.
const SAME_IN_APT_GET: &[&str] = &[
    "install",
    "update",
    "remove",
    "purge",
    "autoremove",
    "clean",
    "autoclean",
    "dist-upgrade",
    "source",
    "build-dep",
    "download",
];
/// Subcommands that belong to `apt-cache`.
const IN_APT_CACHE: &[&str] = &["search", "show", "policy", "depends", "rdepends", "showsrc"];

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in context.runs {
        for (_, command) in run.programs(&["apt"]) {
            let Some(program) = command.program_word() else { continue };
            let sub = subcommand(command, APT_VALUE_OPTIONS);
            let sub_text = sub.map_or("", |word| word.value.as_str());
            // Keep any directory the program was written with (`/usr/bin/apt`); a quoted or escaped program
            // word gets no fix.
            let tool_at = Span::new(program.span.end.saturating_sub("apt".len()), program.span.end);
            let fix = if tool_at.slice(context.source) != "apt" {
                None
            } else if SAME_IN_APT_GET.contains(&sub_text) {
                Some(Fix::replace("Use `apt-get`", tool_at, "apt-get"))
            } else if IN_APT_CACHE.contains(&sub_text) {
                Some(Fix::replace("Use `apt-cache`", tool_at, "apt-cache"))
            } else if let (Some(sub), "full-upgrade") = (sub, sub_text) {
                Some(Fix::new(
                    "Use `apt-get dist-upgrade`",
                    vec![
                        Edit { span: tool_at, replacement: "apt-get".to_owned() },
                        Edit { span: sub.span, replacement: "dist-upgrade".to_owned() },
                    ],
                ))
            } else {
                None
            };
            let tool = if IN_APT_CACHE.contains(&sub_text) { "apt-cache" } else { "apt-get" };
            let mut diagnostic = Diagnostic::new(
                RULE.id,
                command.span,
                format!(
                    "`{}` in {} uses `apt`, whose command line is not stable for scripts",
                    describe_program(command),
                    run.place()
                ),
                format!("Use `{tool}` instead of `apt` in Dockerfiles."),
            );
            if let Some(fix) = fix {
                diagnostic = diagnostic.with_fix(fix);
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    const ID: &str = "apt-instead-of-apt-get";

    #[test]
    fn flags_each_apt_command() {
        let file = "FROM ubuntu:24.04\nRUN apt update && apt install -y curl\n";
        assert_eq!(positions(ID, file), [(2, 5), (2, 19)]);
        assert_eq!(flagged_text(ID, file), ["apt update", "apt install -y curl"]);
        assert!(findings(ID, file)[1].message.contains("stage 0"));
    }

    #[test]
    fn other_apt_tools_and_arguments_are_clean() {
        for file in [
            "FROM ubuntu:24.04\nRUN apt-get update && apt-cache policy curl && apt-key list\n",
            "FROM ubuntu:24.04\nRUN echo apt install\n",
            "FROM ubuntu:24.04\nRUN apt-get install -y apt-transport-https\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn fixes_by_subcommand() {
        let cases = [
            ("FROM ubuntu:24.04\nRUN apt install -y curl\n", "FROM ubuntu:24.04\nRUN apt-get install -y curl\n"),
            (
                "FROM ubuntu:24.04\nRUN /usr/bin/apt show curl\n",
                "FROM ubuntu:24.04\nRUN /usr/bin/apt-cache show curl\n",
            ),
            ("FROM ubuntu:24.04\nRUN apt -y full-upgrade\n", "FROM ubuntu:24.04\nRUN apt-get -y dist-upgrade\n"),
        ];
        for (before, after) in cases {
            assert_eq!(fixed(ID, before), after);
            assert_eq!(positions(ID, after), [], "{after}");
        }
        let upgrade = "FROM ubuntu:24.04\nRUN apt upgrade -y\n";
        assert!(findings(ID, upgrade)[0].fix.is_none());
    }

    #[test]
    fn heredoc_lines_and_sudo() {
        let file = "FROM ubuntu:24.04\nRUN <<EOF\nset -eux\n  sudo apt install -y git\nEOF\n";
        assert_eq!(positions(ID, file), [(4, 3)]);
    }
}
