use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a suppression that names a rule Seaworthy does not have: a `# seaworthy ignore=` or
    /// `# seaworthy ignore-file=` comment, or a `seaworthy.dev/ignore` annotation, whose id is not in the rule
    /// list (and is not `all`). The finding points at the comment or annotation; the ids it does know still
    /// apply.
    ///
    /// Peers' comments are not judged: `# hadolint ignore=DL3059` names a hadolint rule that Seaworthy may not
    /// implement, and a repository moving from hadolint keeps such comments until it drops hadolint.
    ///
    /// ## Why it matters
    /// A misspelt id suppresses nothing, so the finding it was meant to silence comes back, or, worse, the
    /// author believes a rule was waived on review when it never was. The configuration refuses unknown ids for
    /// the same reason; a comment cannot be refused, so it is reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # seaworthy ignore=root-usr
    /// USER root
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # seaworthy ignore=root-user
    /// USER root
    /// ```
    pub static RULE = {
        id: "unknown-ignored-rule",
        severity: Info,
        category: Syntax,
        summary: "a suppression comment or annotation that names no rule",
        peers: [],
        checks: [],
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::findings_in;
    use crate::Config;

    #[test]
    fn names_the_unknown_id_with_a_suggestion_and_keeps_the_known_ones() {
        let dockerfile = "FROM alpine:3.20\n# seaworthy ignore=root-usr,latest-base-image\nUSER root\n";
        let config = Config::only(&[RULE.id, "root-user"]);
        let found = findings_in(RULE.id, &[("Dockerfile", dockerfile)], config.clone());
        let [finding] = found.as_slice() else { panic!("one finding: {found:?}") };
        assert_eq!((finding.line, finding.column), (2, 1));
        assert_eq!(
            finding.message,
            "the suppression names `root-usr`, which is not a Seaworthy rule; did you mean `root-user`?"
        );
        let report = crate::check(&[crate::Source::new("Dockerfile", dockerfile)], &config);
        assert!(report.findings.iter().any(|finding| finding.rule == "root-user"), "the misspelt id waived nothing");
    }

    #[test]
    fn annotations_are_judged_and_peers_comments_are_not() {
        let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    seaworthy.dev/ignore: \"root-user, no-such-rule\"\n";
        let found = findings_in(RULE.id, &[("manifest.yaml", manifest)], Config::only(&[RULE.id]));
        let [finding] = found.as_slice() else { panic!("one finding: {found:?}") };
        assert_eq!(finding.span.slice(manifest), "\"root-user, no-such-rule\"");
        let hadolint = "FROM alpine:3.20\n# hadolint ignore=DL9999\nRUN true\n";
        assert!(findings_in(RULE.id, &[("Dockerfile", hadolint)], Config::only(&[RULE.id])).is_empty());
        let fine = "FROM alpine:3.20\n# seaworthy ignore=all\n# seaworthy ignore-file=root-user\nUSER root\n";
        assert!(findings_in(RULE.id, &[("Dockerfile", fine)], Config::only(&[RULE.id])).is_empty());
    }
}
