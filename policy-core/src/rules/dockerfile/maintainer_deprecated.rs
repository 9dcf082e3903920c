use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::dockerfile::describe;
use crate::syntax::dockerfile::ast::{Details, Instruction, Keyword};

declare_rule! {
    /// ## What it does
    /// Reports the `MAINTAINER` instruction and offers to rewrite it as `LABEL maintainer="..."`.
    ///
    /// ## Why it matters
    /// The Dockerfile reference marks `MAINTAINER` deprecated: it sets the image's `Author` field, which
    /// tools no longer read, while `LABEL maintainer=...` is what `docker inspect`, registries and SBOM tools show.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// USER 10001
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL maintainer="Jane Doe <jane@example.com>"
    /// USER 10001
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL4000`; checkov `CKV_DOCKER_6`.
    pub static RULE = {
        id: "maintainer-deprecated",
        severity: Info,
        category: Organization,
        summary: "deprecated MAINTAINER instruction",
        peers: [("hadolint", "DL4000"), ("checkov", "CKV_DOCKER_6")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in ctx.file.instructions.iter().filter(|i| i.keyword == Keyword::Maintainer) {
        let stage = instruction.stage.and_then(|index| ctx.file.stages.get(index));
        let place = stage.map_or_else(|| "before the first FROM".to_owned(), |stage| format!("in {}", describe(stage)));
        let mut diagnostic = Diagnostic::new(
            RULE.id,
            instruction.keyword_span,
            format!("MAINTAINER {place} is deprecated"),
            "Write the maintainer as a label: `LABEL maintainer=\"...\"`.",
        );
        if let Some(label) = label_for(ctx, instruction) {
            diagnostic = diagnostic.with_fix(Fix::replace("Replace with LABEL maintainer", instruction.span, label));
        }
        out.push(diagnostic);
    }
}

/// `LABEL maintainer="<text>"` with the text as written, when it fits on one line and needs no escaping beyond
/// quotes (a continuation or a variable would change meaning once quoted).
fn label_for(ctx: &Context<'_>, instruction: &Instruction) -> Option<String> {
    let Details::Maintainer(token) = &instruction.details else { return None };
    let text = token.raw.trim();
    let text = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text);
    let written = instruction.span.slice(ctx.source);
    if text.is_empty() || written.contains('\n') || text.contains(['$', '\\', '"']) {
        return None;
    }
    let keyword = if instruction.keyword_span.slice(ctx.source).bytes().all(|b| b.is_ascii_lowercase()) {
        "label"
    } else {
        "LABEL"
    };
    Some(format!("{keyword} maintainer=\"{text}\""))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, fixed, positions};

    #[test]
    fn points_at_the_keyword_in_any_stage() {
        let text = "FROM alpine:3.20 AS build\n  maintainer ops@example.com\nFROM scratch\nMAINTAINER \"Jane Doe\"\n";
        assert_eq!(positions(RULE.id, text), [(2, 3), (4, 1)]);
    }

    #[test]
    fn fix_rewrites_as_a_label_in_the_same_case() {
        assert_eq!(
            fixed(RULE.id, "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\nUSER 1\n"),
            "FROM alpine:3.20\nLABEL maintainer=\"Jane Doe <jane@example.com>\"\nUSER 1\n"
        );
        assert_eq!(
            fixed(RULE.id, "from alpine:3.20\nmaintainer \"Jane\"\n"),
            "from alpine:3.20\nlabel maintainer=\"Jane\"\n"
        );
    }

    #[test]
    fn no_fix_when_quoting_would_change_the_text() {
        let found = findings(RULE.id, "FROM a:1\nMAINTAINER $AUTHOR\n");
        assert_eq!(found.len(), 1);
        assert!(found.iter().all(|finding| finding.fix.is_none()));
    }
}
