use crate::base::span::{LineIndex, Span};
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::dockerfile::{body_with, describe};
use crate::syntax::dockerfile::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports every `CMD` of a stage but the last, and every `ENTRYPOINT` but the last: only the last one of each
    /// takes effect. The finding points at the overridden instruction, and the fix deletes it.
    ///
    /// ## Why it matters
    /// The Dockerfile reference: "There can only be one CMD instruction in a Dockerfile. If you list more than one
    /// CMD, only the last one takes effect", and the same holds for `ENTRYPOINT`. An earlier one usually means a
    /// merge left a stale command behind, or the author expected both to run; either way the image does not do
    /// what the file seems to say.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["python", "migrate.py"]
    /// CMD ["python", "app.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY start.sh /start.sh
    /// CMD ["/start.sh"]
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL4003` (`CMD`) and `DL4004` (`ENTRYPOINT`).
    pub static RULE = {
        id: "multiple-cmd",
        severity: Warning,
        category: Reliability,
        summary: "more than one CMD or ENTRYPOINT in a stage",
        peers: [("hadolint", "DL4003"), ("hadolint", "DL4004")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lines = LineIndex::new(ctx.source);
    for stage in &ctx.file.stages {
        for keyword in [Keyword::Cmd, Keyword::Entrypoint] {
            let all: Vec<_> = body_with(ctx.file, stage, keyword).collect();
            let Some((last, overridden)) = all.split_last() else { continue };
            let last_line = lines.position(last.span.start).line;
            for instruction in overridden {
                let name = keyword.as_str();
                out.push(
                    Diagnostic::new(
                        RULE.id,
                        instruction.keyword_span,
                        format!(
                            "{} has another {name} on line {last_line}, so this {name} never runs",
                            describe(stage)
                        ),
                        format!("Remove this {name}, or combine both commands in a script that the last {name} runs."),
                    )
                    .with_fix(Fix::replace(
                        format!("Remove the overridden {name}"),
                        whole_lines(ctx.source, instruction.span),
                        "",
                    )),
                );
            }
        }
    }
}

/// `span` widened to whole lines, with the line break after it, so deleting it leaves no blank line.
pub(super) fn whole_lines(source: &str, span: Span) -> Span {
    let start = source.get(..span.start).and_then(|before| before.rfind('\n')).map_or(0, |at| at + 1);
    let end = source.get(span.end..).and_then(|after| after.find('\n')).map_or(source.len(), |at| span.end + at + 1);
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, fixed, positions};

    #[test]
    fn points_at_each_overridden_instruction() {
        let text = "FROM alpine:3.20\nCMD [\"a\"]\nentrypoint [\"/e1\"]\n  cmd b\nENTRYPOINT [\"/e2\"]\nCMD [\"c\"]\n";
        assert_eq!(positions(RULE.id, text), [(2, 1), (3, 1), (4, 3)]);
        let found = findings(RULE.id, text);
        assert!(found.first().is_some_and(|f| f.message.contains("another CMD on line 6")), "{found:?}");
    }

    #[test]
    fn stages_are_counted_apart() {
        let text = "FROM alpine:3.20 AS a\nCMD [\"a\"]\nFROM alpine:3.20 AS b\nCMD [\"b\"]\nFROM b\nCMD [\"c\"]\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn fix_deletes_the_overridden_instruction_and_its_continuation_lines() {
        let text = "FROM alpine:3.20\nCMD echo one \\\n  two\nCMD [\"c\"]\n";
        assert_eq!(fixed(RULE.id, text), "FROM alpine:3.20\nCMD [\"c\"]\n");
    }

    #[test]
    fn onbuild_triggers_are_not_counted() {
        let text = "FROM alpine:3.20\nONBUILD CMD [\"x\"]\nCMD [\"c\"]\n";
        assert_eq!(positions(RULE.id, text), []);
    }
}
