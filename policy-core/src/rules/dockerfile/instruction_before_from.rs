//! The parser knows where the first `FROM` is as it reads, and reports what comes before it other than `ARG` as
//! an `InstructionBeforeFrom` problem, which `rules::input` files under this rule.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports each instruction other than `ARG` that comes before the first `FROM`, at its keyword. Parser
    /// directives (`# syntax=`), comments and blank lines may come first.
    ///
    /// ## Why it matters
    /// The Dockerfile reference: "A Dockerfile must begin with a `FROM` instruction. This may be after parser
    /// directives, comments, and globally scoped ARGs." BuildKit refuses anything else there ("no build stage in
    /// current context"). hadolint: "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or
    /// comment." A `LABEL` or `ENV` meant for the image has to move into the stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// LABEL org.opencontainers.image.source="https://example.com/app"
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// ARG ALPINE=3.20
    /// FROM alpine:${ALPINE}
    /// LABEL org.opencontainers.image.source="https://example.com/app"
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3061`.
    pub static RULE = {
        id: "instruction-before-from",
        severity: Error,
        category: Build,
        summary: "an instruction other than ARG before the first FROM",
        peers: [("hadolint", "DL3061")],
        checks: [],
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings_at, flagged_text_in, positions_in};

    #[test]
    fn points_at_each_keyword_before_the_first_from() {
        let text = "# a comment\nARG V=1\n  env A=1\nRUN echo \\\n  hi\nFROM alpine:3.20\nRUN true\n";
        assert_eq!(positions_in(RULE.id, "Dockerfile", text), [(3, 3), (4, 1)]);
        assert_eq!(flagged_text_in(RULE.id, "Dockerfile", text), ["env", "RUN"]);
        assert!(findings_at(RULE.id, "Dockerfile", text).iter().any(|f| f.message.contains("`ENV` comes before")));
        assert_eq!(positions_in("parse-error", "Dockerfile", text), []);
    }

    #[test]
    fn args_comments_and_directives_may_come_first() {
        let text = "# syntax=docker/dockerfile:1\n# escape=\\\n\n# hello\nARG A\nARG B=2\nFROM alpine:${B}\n";
        assert_eq!(positions_in(RULE.id, "Dockerfile", text), []);
    }
}
