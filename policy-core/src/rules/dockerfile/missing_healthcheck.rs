use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::{self as stages, body_with, describe};
use crate::syntax::dockerfile::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports a final stage with no `HEALTHCHECK`, neither its own nor one of a stage it is built `FROM`. An
    /// explicit `HEALTHCHECK NONE` counts as a decision and is not reported. The finding points at the final
    /// stage's base image.
    ///
    /// ## Why it matters
    /// The Dockerfile reference: `HEALTHCHECK` "tells Docker how to test a container to check that it's still
    /// working. This can detect cases such as a web server stuck in an infinite loop". Without one, `docker ps`
    /// and Swarm only know whether the process runs. hadolint's rule ("`HEALTHCHECK` instruction missing") is
    /// off by default, and so is this one: only long-running services need a check, and Kubernetes ignores
    /// `HEALTHCHECK` in favour of its own liveness and readiness probes (`missing-probes`). Turn it on with
    /// `rules: {missing-healthcheck: info}` (or `warning`) for images that run as services under Docker or Swarm.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// COPY site/ /usr/share/nginx/html/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// COPY site/ /usr/share/nginx/html/
    /// HEALTHCHECK --interval=30s --timeout=3s CMD wget -q --spider http://localhost/ || exit 1
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3057` (ignored by default); checkov `CKV_DOCKER_2`.
    pub static RULE = {
        id: "missing-healthcheck",
        severity: Info,
        enabled: false,
        category: Reliability,
        summary: "the final stage has no HEALTHCHECK",
        peers: [("hadolint", "DL3057"), ("checkov", "CKV_DOCKER_2")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lineage = stages::final_lineage(ctx.file);
    let Some(last) = lineage.first() else { return };
    if lineage.iter().any(|stage| body_with(ctx.file, stage, Keyword::Healthcheck).next().is_some()) {
        return;
    }
    out.push(Diagnostic::new(
        RULE.id,
        last.base.span,
        format!(
            "the final {} has no HEALTHCHECK, so Docker cannot tell a hung service from a working one",
            describe(last)
        ),
        "Add `HEALTHCHECK CMD <command that fails when the service is unhealthy>` for a long-running service, or \
         `HEALTHCHECK NONE` to say there is none; under Kubernetes, use probes and turn this rule off.",
    ));
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text, positions};

    #[test]
    fn points_at_the_final_base_image() {
        let text = "FROM golang:1.22 AS build\nHEALTHCHECK CMD true\nFROM alpine:3.20\nCMD [\"/app\"]\n";
        assert_eq!(positions(RULE.id, text), [(3, 6)]);
        assert_eq!(flagged_text(RULE.id, text), ["alpine:3.20"]);
        assert!(findings(RULE.id, text).iter().all(|f| f.message.contains("final stage 1")));
    }

    #[test]
    fn a_healthcheck_in_the_final_lineage_or_none_is_fine() {
        assert_eq!(positions(RULE.id, "FROM alpine:3.20 AS base\nHEALTHCHECK CMD true\nFROM base\n"), []);
        assert_eq!(positions(RULE.id, "FROM alpine:3.20\nHEALTHCHECK NONE\n"), []);
        assert_eq!(positions(RULE.id, "ARG V=1\n"), []);
    }
}
