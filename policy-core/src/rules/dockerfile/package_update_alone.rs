use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::subcommand;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that refreshes a package index (`apt-get update`, `apt update`, `apk update`) and installs
    /// nothing after it in the same `RUN`, at the update.
    ///
    /// ## Why it matters
    /// The build cache keeps that layer: a later change to the next `RUN`'s package list reuses the old index,
    /// and the install fails with 404s or installs outdated versions. Docker's "Best practices for writing
    /// Dockerfiles": always combine `apt-get update` with `apt-get install` in the same `RUN`. checkov's
    /// `CKV_DOCKER_5`; trivy's `DS017`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Peers
    /// checkov `CKV_DOCKER_5`; trivy `DS017`.
    pub static RULE = {
        id: "package-update-alone",
        severity: Warning,
        category: Build,
        summary: "a package index update with no install in the same `RUN`",
        peers: [("checkov", "CKV_DOCKER_5")],
        checks: [Check::Dockerfile(check)],
    }
}

/// Each package manager, and the subcommands that install (or upgrade) after an update.
const MANAGERS: &[(&str, &[&str])] = &[
    ("apt-get", &["install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source"]),
    ("apt", &["install", "upgrade", "full-upgrade"]),
    ("apk", &["add", "upgrade"]),
];

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        for (program, installs) in MANAGERS {
            let names = [*program];
            let update = run
                .programs(&names)
                .find(|(_, command)| subcommand(command, &["-o", "-c"]).is_some_and(|sub| sub.value == "update"));
            let Some((at, command)) = update else { continue };
            let installed = run.programs(&names).any(|(later, other)| {
                later > at && subcommand(other, &["-o", "-c"]).is_some_and(|sub| installs.contains(&sub.value.as_str()))
            });
            if installed {
                continue;
            }
            out.push(Diagnostic::new(
                RULE.id,
                command.span,
                format!(
                    "`{program} update` in {} installs nothing after it, so a later RUN may use a stale index",
                    run.place()
                ),
                format!("Run `{program} update` in the same RUN as the install that needs it."),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::positions;

    #[test]
    fn update_without_install() {
        let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl\nRUN apk update && apk add git\nRUN apk update\n";
        assert_eq!(positions(RULE.id, text), [(2, 5), (5, 5)]);
    }
}
