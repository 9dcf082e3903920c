use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::{self as stages, body_with, describe};
use crate::syntax::dockerfile::ast::Keyword;

/// The SSH port.
const SSH: u16 = 22;

declare_rule! {
    /// ## What it does
    /// Reports `EXPOSE 22`, `EXPOSE 22/tcp` or a TCP port range that includes 22, after variables are substituted,
    /// in the final stage and the stages it is built `FROM` (an `EXPOSE` in a build stage does not reach the
    /// image).
    ///
    /// ## Why it matters
    /// Port 22 means an SSH daemon in the container: one more long-running process with credentials to manage and
    /// a remote login to attack. The article asks that containers "do one thing well"; a shell is one
    /// `docker exec` or `kubectl exec` away without it. CIS Docker Benchmark 5.7 asks not to map privileged ports
    /// and 5.6 not to run sshd within containers.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// ARG SSH_PORT=22
    /// EXPOSE 8080 ${SSH_PORT}/tcp
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Peers
    /// checkov `CKV_DOCKER_1`. (hadolint's `DL3011` checks that ports are in range, not port 22.)
    pub static RULE = {
        id: "ssh-port-exposed",
        severity: Warning,
        category: Security,
        summary: "EXPOSE 22 (SSH)",
        peers: [("checkov", "CKV_DOCKER_1")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for stage in stages::final_lineage(ctx.file) {
        for instruction in body_with(ctx.file, stage, Keyword::Expose) {
            for port in instruction.ports() {
                let (Some(start), Some(end)) = (port.start, port.end) else { continue };
                if port.protocol != "tcp" || !(start..=end).contains(&SSH) {
                    continue;
                }
                out.push(Diagnostic::new(
                    RULE.id,
                    port.token.span,
                    format!("{} exposes port 22 (`{}`), the SSH port", describe(stage), port.token.value),
                    "Remove port 22 and the SSH daemon behind it; use `kubectl exec` or `docker exec` for a shell.",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{flagged_text, positions};

    #[test]
    fn plain_protocol_and_range_forms() {
        let text = "FROM alpine:3.20\nEXPOSE 80 22\nexpose 22/tcp \\\n  443\nEXPOSE 20-25\n";
        assert_eq!(positions(RULE.id, text), [(2, 11), (3, 8), (5, 8)]);
        assert_eq!(flagged_text(RULE.id, text), ["22", "22/tcp", "20-25"]);
    }

    #[test]
    fn udp_other_ports_unknown_values_and_build_stages_are_fine() {
        let text = "FROM alpine:3.20 AS build\nEXPOSE 22\nFROM alpine:3.20\nARG PORT\nEXPOSE 22/udp 2222 $PORT\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn resolves_env_values() {
        let text = "FROM alpine:3.20\nENV SSH=22\nEXPOSE ${SSH}\n";
        assert_eq!(positions(RULE.id, text), [(3, 8)]);
    }
}
