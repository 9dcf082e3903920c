use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{
    arguments, insert_after, subcommand_in, YUM_VALUE_OPTIONS, ZYPPER_VALUE_OPTIONS,
};

declare_rule! {
    /// ## What it does
    /// Flags an RPM package manager command that would ask for confirmation, at its subcommand: `yum` `install`,
    /// `groupinstall` or `localinstall` without `-y`/`--assumeyes`; the same for `dnf` and `microdnf`; `zypper`
    /// `install`/`in`, `remove`/`rm`, `source-install`/`si` or `patch` without `-n`/`--non-interactive` (before
    /// the subcommand) or `-y`/`--no-confirm` (after it). The fix adds `-y` after the subcommand.
    ///
    /// ## Why it matters
    /// A build has no terminal: the prompt reads end-of-file, the answer is no, and the build fails. hadolint's
    /// `DL3030` (yum), `DL3038` (dnf) and `DL3034` (zypper).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN dnf install nginx && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM rockylinux:9
    /// RUN dnf install -y nginx && dnf clean all
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3030` (yum), `DL3038` (dnf) and `DL3034` (zypper).
    pub static RULE = {
        id: "yum-missing-yes",
        severity: Warning,
        category: Build,
        summary: "`yum`, `dnf` or `zypper` without `-y`, which aborts at the prompt",
        peers: [("hadolint", "DL3030"), ("hadolint", "DL3038"), ("hadolint", "DL3034")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        for (_, command) in run.programs(&["yum", "dnf", "microdnf", "zypper"]) {
            let Some(program) = command.name() else { continue };
            let (sub, answered) = if program == "zypper" {
                let subs = ["install", "in", "remove", "rm", "source-install", "si", "patch"];
                let Some(sub) = subcommand_in(command, &subs, ZYPPER_VALUE_OPTIONS) else { continue };
                let answered = arguments(command, ZYPPER_VALUE_OPTIONS)
                    .into_iter()
                    .any(|arg| arg.is("non-interactive", Some('n')) || arg.is("no-confirm", Some('y')));
                (sub, answered)
            } else {
                let Some(sub) = subcommand_in(command, &["install", "groupinstall", "localinstall"], YUM_VALUE_OPTIONS)
                else {
                    continue;
                };
                let answered =
                    arguments(command, YUM_VALUE_OPTIONS).into_iter().any(|arg| arg.is("assumeyes", Some('y')));
                (sub, answered)
            };
            if answered {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.id,
                    sub.span,
                    format!(
                        "`{program} {}` in {} has no `-y`: with no terminal to answer, the build aborts",
                        sub.value,
                        run.place()
                    ),
                    format!("Add `-y`: `{program} {} -y ...`.", sub.value),
                )
                .with_fix(insert_after("Add `-y`", sub, " -y")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{fixed, flagged_text};

    #[test]
    fn each_manager_and_its_answers() {
        let text = "FROM fedora:40\nRUN yum install a && yum -y install b && dnf --assumeyes install c && microdnf install d \\\n && zypper in e && zypper -n in f && zypper install -y g && dnf groupinstall h && yum update\n";
        assert_eq!(flagged_text(RULE.id, text), ["install", "install", "in", "groupinstall"]);
        assert!(fixed(RULE.id, text).starts_with("FROM fedora:40\nRUN yum install -y a"));
    }
}
