use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::{Diagnostic, Edit, Fix};
use crate::rules::dockerfile::run_commands::{apt_subcommand, describe_program, removes_after, Run};
use crate::syntax::shell::Operator;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that runs `apt-get install` (or `apt install`) and does not delete `/var/lib/apt/lists`
    /// after it in the same `RUN`. A `RUN` that only runs `apt-get update` is flagged at the update. A cache or
    /// tmpfs mount over `/var/lib/apt/lists` (or `/var/lib/apt`) counts as clean: what is written there never
    /// reaches the layer, and so does a later `apt-get dist-clean` (APT 2.7, Debian trixie), which removes the lists. Only stages whose layers end up in the final image are checked.
    ///
    /// ## Why it matters
    /// `apt-get update` downloads the package lists of every configured repository into `/var/lib/apt/lists`,
    /// tens of megabytes that the running container never reads. Docker's "Best practices for writing
    /// Dockerfiles" (the `apt-get` section) removes them with `rm -rf /var/lib/apt/lists/*` at the end of the
    /// same `RUN` that installs: a later `RUN` cannot shrink an earlier layer. The article's own advice is the
    /// same: build images without the things you don't need.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// USER 10001
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update \
    ///     && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// USER 10001
    /// ```
    ///
    /// ## Peers
    /// hadolint DL3009 (it checks the last stage and stages reused by `FROM`, and accepts a cache mount only at
    /// exactly `/var/lib/apt/lists`).
    /// checkov has no equivalent.
    pub static RULE = {
        id: "apt-lists-not-cleaned",
        severity: Warning,
        category: Build,
        summary: "`apt-get install` leaves the package lists in the image",
        peers: [("hadolint", "DL3009")],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

const LISTS: &str = "/var/lib/apt/lists";

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in context.runs {
        if !run.in_final_image || run.mounts_over(LISTS) {
            continue;
        }
        let install = run.commands().find(|(_, command)| apt_subcommand(command, &["install"]).is_some());
        let update = run.commands().find(|(_, command)| apt_subcommand(command, &["update"]).is_some());
        let Some((at, command)) = install.or(update) else { continue };
        // `apt-get dist-clean` (APT 2.7, Debian trixie) removes the lists as well as the archives.
        let dist_clean =
            run.commands().any(|(later, command)| later > at && apt_subcommand(command, &["dist-clean"]).is_some());
        if removes_after(run, at, LISTS) || dist_clean {
            continue;
        }
        let what = if install.is_some() { "installs packages" } else { "downloads package lists" };
        let mut diagnostic = Diagnostic::new(
            RULE.id,
            command.span,
            format!(
                "`{}` in {} {what} and leaves /var/lib/apt/lists in the layer",
                describe_program(command),
                run.place()
            ),
            "End this RUN with `&& rm -rf /var/lib/apt/lists/*`, or mount a cache: \
             `RUN --mount=type=cache,target=/var/lib/apt ...`.",
        );
        if let Some(fix) = append_clean_up(run) {
            diagnostic = diagnostic.with_fix(fix);
        }
        out.push(diagnostic);
    }
}

/// Appends `&& rm -rf /var/lib/apt/lists/*` to a shell-form `RUN` whose commands are joined only by `&&`, `;`,
/// pipes and line breaks: there the clean-up runs exactly when the last command succeeded. With `||`, `&` or a
/// heredoc the right place is a judgement call, so no fix is offered.
fn append_clean_up(run: &Run<'_>) -> Option<Fix> {
    let [script] = run.scripts.as_slice() else { return None };
    if script.heredoc.is_some() || !run.instruction.heredocs.is_empty() {
        return None;
    }
    let plain = script.commands.iter().all(|command| {
        matches!(
            command.operator,
            None | Some(Operator::And | Operator::Semicolon | Operator::Pipe | Operator::Newline)
        )
    });
    let last = script.commands.last()?;
    plain.then(|| {
        Fix::new(
            "Remove /var/lib/apt/lists/* at the end of the RUN",
            vec![Edit { span: Span::at(last.span.end), replacement: " && rm -rf /var/lib/apt/lists/*".to_owned() }],
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    const ID: &str = "apt-lists-not-cleaned";

    #[test]
    fn flags_the_install_of_a_run_that_keeps_the_lists() {
        let file = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n";
        assert_eq!(positions(ID, file), [(2, 23)]);
        assert_eq!(flagged_text(ID, file), ["apt-get install -y curl"]);
        let message = &findings(ID, file)[0].message;
        assert!(message.contains("apt-get install") && message.contains("stage 0"), "{message}");
    }

    #[test]
    fn cleaning_in_the_same_run_or_a_cache_mount_is_clean() {
        for file in [
            "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install -y git\n",
            "FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y git\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y git && find /var/lib/apt/lists -type f -delete\n",
            "FROM debian:trixie\nRUN apt-get update && apt-get install -y git && apt-get dist-clean\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn a_later_run_cannot_clean_an_earlier_layer() {
        let file = "FROM debian:12\nRUN apt-get update && apt-get install -y git\nRUN rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(positions(ID, file), [(2, 23)]);
    }

    #[test]
    fn an_update_alone_is_flagged_at_the_update() {
        let file = "FROM ubuntu:24.04\nRUN apt-get update\nRUN apt-get install -y git && rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(positions(ID, file), [(2, 5)]);
        assert!(findings(ID, file)[0].message.contains("downloads package lists"));
    }

    #[test]
    fn heredoc_with_set_eux_points_at_the_body_line() {
        let file = "FROM debian:12\nRUN <<EOF\nset -eux\napt-get update\napt install -y curl\nEOF\n";
        assert_eq!(positions(ID, file), [(5, 1)]);
    }

    #[test]
    fn build_stages_are_not_checked() {
        let file = "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /out /\n";
        assert_eq!(positions(ID, file), []);
    }

    #[test]
    fn the_fix_appends_the_clean_up() {
        let file = "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y git\nUSER 10001\n";
        let after = fixed(ID, file);
        assert_eq!(
            after,
            "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y git && rm -rf /var/lib/apt/lists/*\nUSER 10001\n"
        );
        assert_eq!(positions(ID, &after), []);
    }

    #[test]
    fn no_fix_when_the_run_uses_or() {
        let file = "FROM debian:12\nRUN apt-get update && apt-get install -y git || true\n";
        assert_eq!(positions(ID, file), [(2, 23)]);
        assert!(findings(ID, file)[0].fix.is_none());
    }
}
