use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{subcommand_in, ZYPPER_VALUE_OPTIONS};

declare_rule! {
    /// ## What it does
    /// Flags `zypper dist-upgrade` (or `zypper dup`) in a `RUN`, at the subcommand.
    ///
    /// ## Why it matters
    /// A distribution upgrade inside an image build moves the image to whatever the repositories hold that day,
    /// possibly a new release of the distribution, so two builds of one Dockerfile differ. Pick a base image of
    /// the release you want and update packages within it (`zypper update`). hadolint's `DL3035`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n dist-upgrade && zypper clean --all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n update && zypper clean --all
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3035`.
    pub static RULE = {
        id: "zypper-dist-upgrade",
        severity: Warning,
        category: Build,
        summary: "`zypper dist-upgrade` in an image build",
        peers: [("hadolint", "DL3035")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        for (_, command) in run.programs(&["zypper"]) {
            let Some(sub) = subcommand_in(command, &["dist-upgrade", "dup"], ZYPPER_VALUE_OPTIONS) else { continue };
            out.push(Diagnostic::new(
                RULE.id,
                sub.span,
                format!("`zypper {}` in {} upgrades the whole distribution during the build", sub.value, run.place()),
                "Choose the base image's release instead, and use `zypper update` for packages within it.",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::flagged_text;

    #[test]
    fn flags_both_spellings() {
        let text =
            "FROM opensuse/leap:15.6\nRUN zypper -n dup && zypper --non-interactive dist-upgrade && zypper -n up\n";
        assert_eq!(flagged_text(RULE.id, text), ["dup", "dist-upgrade"]);
    }
}
