use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports input that exceeds one of the configured limits, and skips what lies beyond it: a file larger
    /// than `limits.max-file-bytes` (default 4 MiB), a YAML stream with more than `limits.max-documents`
    /// documents (default 10,000), a document nested deeper than `limits.max-depth` (default 128; never more
    /// than 1,000), or anchors and aliases that expand to more than `limits.max-alias-nodes` nodes (default
    /// 100,000). The documents around an oversized one are still checked.
    ///
    /// ## Why it matters
    /// A "billion laughs" document is a few hundred bytes that expand to gigabytes, and a deeply nested one can
    /// exhaust a parser's stack; CVE-2019-11253 let such a document take down the Kubernetes API server. The limits
    /// keep Seaworthy fast in an editor, a CI job or an admission controller, and the finding makes sure that
    /// skipped input is never mistaken for clean input.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: lol
    /// data:
    ///   a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
    ///   b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
    ///   c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
    ///   d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
    ///   e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
    ///   f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: lol
    /// data:
    ///   a: lol
    /// ```
    pub static RULE = {
        id: "input-too-large",
        severity: Error,
        category: Syntax,
        summary: "input over a size, depth, alias or document limit",
        peers: [],
        checks: [],
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Limits};
    use crate::Source;

    #[test]
    fn each_limit_gives_the_finding_and_spares_the_next_document() {
        let config = Config {
            limits: Limits { max_file_bytes: 200, max_documents: 3, max_depth: 4, max_alias_nodes: 10 },
            ..Config::only(&["input-too-large"])
        };
        let check = |text: &str| {
            let report = crate::check(&[Source::new("t.yaml", text)], &config);
            report
                .findings
                .iter()
                .filter(|f| f.rule != "not-a-manifest")
                .map(|f| (f.rule.clone(), f.line))
                .collect::<Vec<_>>()
        };
        let rule = || "input-too-large".to_owned();
        assert_eq!(check(&"#".repeat(201)), [(rule(), 1)]);
        assert_eq!(check("a: [[[[[1]]]]]\n---\nb: 1\n"), [(rule(), 1)]);
        assert_eq!(check("a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n"), [(rule(), 2)]);
        assert_eq!(check("---\n---\n---\n---\n"), [(rule(), 4)]);
        let dockerfile = Source::new("Dockerfile", format!("FROM alpine\n{}\n", "#".repeat(200)));
        let report = crate::check(&[dockerfile], &config);
        assert_eq!(report.findings.first().map(|f| f.rule.as_str()), Some("input-too-large"));
    }
}
