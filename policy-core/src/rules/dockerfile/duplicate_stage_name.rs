//! The parser finds a repeated stage name while it reads the `FROM`s (it keeps the names to resolve
//! `FROM <stage>`), and reports it as a `DuplicateStageName` problem that `rules::input` files under this rule.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM ... AS <name>` whose name an earlier stage already has. Names are compared without case,
    /// as BuildKit does (`AS Build` and `AS build` are the same stage name). The finding points at the second name.
    ///
    /// ## Why it matters
    /// BuildKit refuses the file: "Defining multiple stages with the same name results in an error because the
    /// builder is unable to uniquely resolve the stage name reference" (Docker's build checks,
    /// `DuplicateStageName`). hadolint: "`FROM` aliases (stage names) must be unique". It usually comes from
    /// copying a stage and forgetting to rename it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// RUN go build -o /out/api ./cmd/api
    /// FROM node:20-alpine AS Builder
    /// RUN npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS go-builder
    /// RUN go build -o /out/api ./cmd/api
    /// FROM node:20-alpine AS web-builder
    /// RUN npm ci
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3024`; checkov `CKV_DOCKER_11`; BuildKit's check `DuplicateStageName`.
    pub static RULE = {
        id: "duplicate-stage-name",
        severity: Error,
        category: Build,
        summary: "two stages with the same name",
        peers: [("hadolint", "DL3024"), ("checkov", "CKV_DOCKER_11"), ("buildkit", "DuplicateStageName")],
        checks: [],
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings_at, flagged_text_in, positions_in};

    // The rule has no check of its own, so the cases name the file the parser reads them as.
    fn positions(rule: &str, text: &str) -> Vec<(u32, u32)> {
        positions_in(rule, "Dockerfile", text)
    }

    #[test]
    fn points_at_each_repeated_name_without_case() {
        let text = "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS BUILD\nFROM build AS test\nFROM scratch AS build\n";
        assert_eq!(positions(RULE.id, text), [(2, 21), (4, 17)]);
        assert_eq!(flagged_text_in(RULE.id, "Dockerfile", text), ["BUILD", "build"]);
        let found = findings_at(RULE.id, "Dockerfile", text);
        assert!(found.iter().all(|f| f.message.contains("already used by stage 0")), "{found:?}");
    }

    #[test]
    fn distinct_and_unnamed_stages_are_fine() {
        let text = "FROM alpine:3.20 AS build\nFROM alpine:3.20\nFROM alpine:3.20\nFROM build AS test\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn is_not_also_a_parse_error() {
        let text = "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS a\n";
        assert_eq!(positions("parse-error", text), []);
    }
}
