use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports package manager options that install packages without checking their signatures, at the option:
    /// `apk add --allow-untrusted`; `apt-get`/`apt` `--allow-unauthenticated` and `--force-yes`; `yum`, `dnf`,
    /// `tdnf` and `microdnf` `--nogpgcheck`; `rpm --nosignature`, `--nodigest`, `--noverify` and `--nofiledigest`.
    ///
    /// ## Why it matters
    /// Signatures are what ties a package to its distribution: without the check, a mirror, a proxy or anyone on
    /// the network path can hand the build a modified package. `--force-yes` also lets APT downgrade packages and
    /// leave the system inconsistent. checkov's `CKV2_DOCKER_7` to `CKV2_DOCKER_11` check the same options.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY tool.apk /tmp/tool.apk
    /// RUN apk add --no-cache --allow-untrusted /tmp/tool.apk
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY keys/builder.rsa.pub /etc/apk/keys/builder.rsa.pub
    /// COPY tool.apk /tmp/tool.apk
    /// RUN apk add --no-cache /tmp/tool.apk
    /// ```
    ///
    /// ## Peers
    /// checkov `CKV2_DOCKER_7` (apk), `CKV2_DOCKER_8` (apt-get `--allow-unauthenticated`), `CKV2_DOCKER_9` (yum, dnf
    /// and tdnf `--nogpgcheck`), `CKV2_DOCKER_10` (rpm) and `CKV2_DOCKER_11` (`--force-yes`).
    pub static RULE = {
        id: "package-signature-disabled",
        severity: Error,
        category: Security,
        summary: "a package manager installs packages without checking their signatures",
        peers: [
            ("checkov", "CKV2_DOCKER_7"),
            ("checkov", "CKV2_DOCKER_8"),
            ("checkov", "CKV2_DOCKER_9"),
            ("checkov", "CKV2_DOCKER_10"),
            ("checkov", "CKV2_DOCKER_11"),
        ],
        checks: [Check::Dockerfile(check)],
    }
}

/// The options of each package manager that skip signature checks.
fn skips_signatures(program: &str, option: &str) -> bool {
    match program {
        "apk" => option == "--allow-untrusted",
        "apt-get" | "apt" => matches!(option, "--allow-unauthenticated" | "--force-yes"),
        "yum" | "dnf" | "tdnf" | "microdnf" => option == "--nogpgcheck",
        "rpm" => matches!(option, "--nosignature" | "--nodigest" | "--noverify" | "--nofiledigest"),
        _ => false,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        for (_, command) in run.commands() {
            let Some(program) = command.name() else { continue };
            for word in command.args().iter().filter(|word| skips_signatures(program, &word.value)) {
                out.push(Diagnostic::new(
                    RULE.id,
                    word.span,
                    format!("`{program} {}` in {} installs packages without checking their signatures", word.value, run.place()),
                    format!(
                        "Remove `{}`; for a package of your own, add its signing key to the image's trusted keys instead.",
                        word.value
                    ),
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
    fn each_option_at_its_word() {
        let text = "FROM fedora:40\nRUN dnf install -y --nogpgcheck x && rpm -i --nosignature --nodigest y.rpm \\\n && apk add --allow-untrusted z && apt-get install -y --allow-unauthenticated --force-yes w\n";
        assert_eq!(
            flagged_text(RULE.id, text),
            [
                "--nogpgcheck",
                "--nosignature",
                "--nodigest",
                "--allow-untrusted",
                "--allow-unauthenticated",
                "--force-yes"
            ]
        );
        assert!(findings(RULE.id, text)[0].message.starts_with("`dnf --nogpgcheck` in stage 0"));
    }

    #[test]
    fn checked_installs_pass() {
        let text = "FROM fedora:40\nRUN dnf install -y x && rpm -i y.rpm && echo --nogpgcheck\n";
        assert_eq!(flagged_text(RULE.id, text), Vec::<String>::new());
    }
}
