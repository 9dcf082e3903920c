use super::multiple_cmd::whole_lines;
use crate::base::span::LineIndex;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::dockerfile::{body_with, describe};
use crate::syntax::dockerfile::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports every `HEALTHCHECK` of a stage but the last: only the last one takes effect. The finding points at
    /// the overridden instruction, and the fix deletes it. `ONBUILD HEALTHCHECK` triggers are not counted.
    ///
    /// ## Why it matters
    /// The Dockerfile reference: "There can only be one HEALTHCHECK instruction in a Dockerfile. If you list more
    /// than one then only the last HEALTHCHECK will take effect." hadolint reports it as "Multiple `HEALTHCHECK`
    /// instructions". An earlier check that looks active but is not hides which probe the container really runs,
    /// often after a merge or a copy from another Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// HEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1
    /// HEALTHCHECK CMD wget -q --spider http://localhost/healthz || exit 1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// HEALTHCHECK CMD wget -q --spider http://localhost/healthz || exit 1
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3012`; BuildKit's check `MultipleInstructionsDisallowed` (also for `CMD` and `ENTRYPOINT`).
    pub static RULE = {
        id: "multiple-healthcheck",
        severity: Warning,
        category: Reliability,
        summary: "more than one HEALTHCHECK in a stage",
        peers: [("hadolint", "DL3012"), ("buildkit", "MultipleInstructionsDisallowed")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lines = LineIndex::new(ctx.source);
    for stage in &ctx.file.stages {
        let all: Vec<_> = body_with(ctx.file, stage, Keyword::Healthcheck).collect();
        let Some((last, overridden)) = all.split_last() else { continue };
        let last_line = lines.position(last.span.start).line;
        for instruction in overridden {
            out.push(
                Diagnostic::new(
                    RULE.id,
                    instruction.keyword_span,
                    format!("{} has another HEALTHCHECK on line {last_line}, so this one never runs", describe(stage)),
                    "Remove this HEALTHCHECK, or make the last one check what this one did.",
                )
                // Safe: BuildKit keeps only the last HEALTHCHECK of a stage, so the image does not change.
                .with_fix(Fix::replace(
                    "Remove the overridden HEALTHCHECK",
                    whole_lines(ctx.source, instruction.span),
                    "",
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, fixed, positions};

    #[test]
    fn points_at_each_overridden_healthcheck() {
        let text =
            "FROM alpine:3.20\nHEALTHCHECK CMD true\n  healthcheck NONE\nHEALTHCHECK --interval=5s CMD [\"/h\"]\n";
        assert_eq!(positions(RULE.id, text), [(2, 1), (3, 3)]);
        let found = findings(RULE.id, text);
        assert!(found.iter().all(|f| f.message.contains("stage 0") && f.message.contains("line 4")), "{found:?}");
    }

    #[test]
    fn stages_and_onbuild_triggers_are_counted_apart() {
        let text = "FROM alpine:3.20 AS a\nHEALTHCHECK CMD a\nFROM a\nONBUILD HEALTHCHECK CMD b\nHEALTHCHECK CMD c\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn fix_deletes_the_overridden_instruction() {
        let text = "FROM alpine:3.20\nHEALTHCHECK CMD one \\\n  two\nUSER 1\nHEALTHCHECK CMD three\n";
        assert_eq!(fixed(RULE.id, text), "FROM alpine:3.20\nUSER 1\nHEALTHCHECK CMD three\n");
    }
}
