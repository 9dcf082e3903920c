use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{removes_after, subcommand};

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that installs packages with `yum`, `dnf`, `microdnf` or `zypper` and does not clean the
    /// package manager's cache later in the same `RUN`: `yum clean all`, `dnf clean all`, `microdnf clean all`,
    /// `zypper clean`/`zypper cc`, or an `rm -rf` of the cache directory (`/var/cache/yum`, `/var/cache/dnf`,
    /// `/var/cache/zypp`). A cache mount over that directory counts as clean. Only stages whose layers end up in
    /// the final image are checked.
    ///
    /// ## Why it matters
    /// The downloaded packages and repository metadata stay in the layer, often tens of megabytes, and a later
    /// `RUN` cannot take them out of it. hadolint's `DL3032` (yum), `DL3040` (dnf) and `DL3036` (zypper); trivy's
    /// `DS015`, `DS019` and `DS020`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN dnf install -y nginx
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN dnf install -y nginx && dnf clean all
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3032` (yum), `DL3040` (dnf) and `DL3036` (zypper); trivy `DS015`, `DS019` and `DS020`.
    pub static RULE = {
        id: "rpm-cache-not-cleaned",
        severity: Warning,
        category: Build,
        summary: "`yum`, `dnf` or `zypper` leaves its package cache in the layer",
        peers: [("hadolint", "DL3032"), ("hadolint", "DL3040"), ("hadolint", "DL3036")],
        checks: [Check::Dockerfile(check)],
    }
}

/// Each manager, the subcommands that fill its cache, how it is cleaned and where the cache is.
struct Manager {
    programs: &'static [&'static str],
    installs: &'static [&'static str],
    cleans: &'static [&'static str],
    cache: &'static str,
}

const MANAGERS: &[Manager] = &[
    Manager {
        programs: &["yum"],
        installs: &["install", "groupinstall", "localinstall"],
        cleans: &["clean"],
        cache: "/var/cache/yum",
    },
    Manager {
        programs: &["dnf", "microdnf"],
        installs: &["install", "groupinstall", "localinstall"],
        cleans: &["clean"],
        cache: "/var/cache/dnf",
    },
    Manager { programs: &["zypper"], installs: &["install", "in"], cleans: &["clean", "cc"], cache: "/var/cache/zypp" },
];

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        if !run.in_final_image {
            continue;
        }
        for manager in MANAGERS {
            if run.mounts_over(manager.cache) {
                continue;
            }
            let installs = run.commands().find(|(_, command)| {
                command.name().is_some_and(|name| manager.programs.contains(&name))
                    && subcommand(command, &[]).is_some_and(|sub| manager.installs.contains(&sub.value.as_str()))
            });
            let Some((at, command)) = installs else { continue };
            let cleaned = run.commands().any(|(later, other)| {
                later > at
                    && other.name().is_some_and(|name| manager.programs.contains(&name))
                    && subcommand(other, &[]).is_some_and(|sub| manager.cleans.contains(&sub.value.as_str()))
            });
            if cleaned || removes_after(run, at, manager.cache) {
                continue;
            }
            let program = command.name().unwrap_or_default();
            let clean =
                if program == "zypper" { "zypper clean --all".to_owned() } else { format!("{program} clean all") };
            out.push(Diagnostic::new(
                RULE.id,
                command.span,
                format!("`{program}` in {} installs packages and leaves its cache in the layer", run.place()),
                format!("End this RUN with `&& {clean}`, or mount a cache over `{}`.", manager.cache),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::positions;

    #[test]
    fn installs_without_a_clean_in_the_same_run() {
        let text = "FROM fedora:40\nRUN dnf install -y a\nRUN yum install -y b && yum clean all\nRUN zypper -n in c && zypper cc\nRUN microdnf install -y d && rm -rf /var/cache/dnf\n\
                    RUN --mount=type=cache,target=/var/cache/dnf dnf install -y e\nRUN zypper -n install f\n";
        assert_eq!(positions(RULE.id, text), [(2, 5), (7, 5)]);
    }

    #[test]
    fn build_stages_that_do_not_ship_are_skipped() {
        let text = "FROM fedora:40 AS build\nRUN dnf install -y gcc\nFROM fedora:40\nRUN dnf install -y nginx && dnf clean all\n";
        assert_eq!(positions(RULE.id, text), []);
    }
}
