use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::describe;
use crate::syntax::dockerfile::ast::Keyword;

/// Namespaces Docker keeps for itself.
const RESERVED: [&str; 3] = ["com.docker.", "io.docker.", "org.dockerproject."];

declare_rule! {
    /// ## What it does
    /// Reports a `LABEL` key that breaks Docker's label key format, as hadolint reads it: the key must start with a
    /// lower-case letter, end with a lower-case letter or digit, hold only lower-case letters, digits, `.` and `-`,
    /// never two `.` or two `-` in a row, and stay out of the namespaces Docker reserves (`com.docker.`,
    /// `io.docker.`, `org.dockerproject.`). Keys built from variables without a known value are left alone.
    ///
    /// ## Why it matters
    /// Docker's "Docker object labels" guidelines: "Label keys should begin and end with a lower-case letter and
    /// should only contain lower-case alphanumeric characters, the period character (`.`), and the hyphen
    /// character (`-`). Consecutive periods or hyphens aren't allowed", and the three namespaces "are reserved
    /// by Docker for internal use". Tools that filter on labels (`docker ps --filter label=...`, registries,
    /// OpenContainers annotations) match keys exactly, so `Version` and `version` are two labels. hadolint
    /// reports it as "Invalid label key" at style level. It is a matter of convention, so the rule is `info`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL Maintainer="platform@example.com"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL maintainer="platform@example.com" org.opencontainers.image.version="1.4.2"
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3048`.
    pub static RULE = {
        id: "invalid-label-key",
        severity: Info,
        category: Organization,
        summary: "LABEL key outside Docker's key format",
        peers: [("hadolint", "DL3048")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in ctx.file.instructions.iter().filter(|i| i.keyword == Keyword::Label) {
        let Some(stage) = instruction.stage.and_then(|at| ctx.file.stages.get(at)) else { continue };
        for pair in instruction.pairs() {
            let Some(problem) = problem(&pair.name) else { continue };
            out.push(Diagnostic::new(
                RULE.id,
                pair.name_span,
                format!("label key `{}` in {} {problem}", pair.name, describe(stage)),
                "Write keys in lower case with `.` and `-` only, in reverse-DNS form for your own labels \
                 (`com.example.team`), or use the OpenContainers keys (`org.opencontainers.image.*`).",
            ));
        }
    }
}

/// What is wrong with `key`, or `None` when it is valid or depends on a variable without a value.
fn problem(key: &str) -> Option<&'static str> {
    if key.contains('$') {
        return None;
    }
    let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-';
    if let Some(namespace) = RESERVED.iter().find(|namespace| key.starts_with(*namespace)) {
        return Some(match *namespace {
            "com.docker." => "is in the `com.docker.` namespace, which Docker reserves",
            "io.docker." => "is in the `io.docker.` namespace, which Docker reserves",
            _ => "is in the `org.dockerproject.` namespace, which Docker reserves",
        });
    }
    if key.chars().any(|c| c.is_ascii_uppercase()) {
        Some("has upper-case letters")
    } else if !key.chars().all(valid) {
        Some("has characters other than lower-case letters, digits, `.` and `-`")
    } else if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        Some("does not start with a lower-case letter")
    } else if !key.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        Some("does not end with a lower-case letter or digit")
    } else if key.contains("..") || key.contains("--") {
        Some("has two `.` or two `-` in a row")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{problem, RULE};
    use crate::rules::test_support::{findings, flagged_text, positions};

    #[test]
    fn points_at_each_invalid_key() {
        let text = "FROM alpine:3.20\nLABEL Version=1 ok=2 com.docker.x=3\nlabel \"team_name\"=a \\\n  b..c=1\n";
        assert_eq!(positions(RULE.id, text), [(2, 7), (2, 22), (3, 7), (4, 3)]);
        assert_eq!(flagged_text(RULE.id, text), ["Version", "com.docker.x", "\"team_name\"", "b..c"]);
        let found = findings(RULE.id, text);
        assert!(found.first().is_some_and(|f| f.message.contains("`Version` in stage 0 has upper-case")), "{found:?}");
    }

    #[test]
    fn valid_and_unknown_keys_are_fine() {
        let text = "FROM alpine:3.20\nARG NS\nLABEL maintainer=a org.opencontainers.image.version=1 io.k8s.v2=x \
                    ${NS}.team=y\nLABEL description \"legacy form\"\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn reads_every_part_of_the_format() {
        assert_eq!(problem("a"), None);
        assert_eq!(problem("a-b.c9"), None);
        assert!(problem("9lives").is_some_and(|p| p.contains("start")));
        assert!(problem("app.").is_some_and(|p| p.contains("end")));
        assert!(problem("a--b").is_some_and(|p| p.contains("in a row")));
        assert!(problem("io.docker.x").is_some_and(|p| p.contains("reserves")));
        assert!(problem("org.dockerproject.x").is_some_and(|p| p.contains("org.dockerproject")));
        assert!(problem("a_b").is_some_and(|p| p.contains("characters")));
        assert!(problem("").is_some());
    }
}
