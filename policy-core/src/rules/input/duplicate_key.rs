use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a mapping key written twice in the same mapping of a YAML document, at the second one. The
    /// message names the line of the first.
    ///
    /// ## Why it matters
    /// Two values for one field disagree about what gets deployed. `kubectl apply` validates fields strictly by
    /// default (`--validate=strict`) and refuses the object; with validation off, the API server silently keeps
    /// the last value, so reviewers who read the first one approve something else.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: shop
    /// data:
    ///   mode: fast
    ///   mode: safe
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: shop
    /// data:
    ///   mode: safe
    /// ```
    pub static RULE = {
        id: "duplicate-key",
        severity: Error,
        category: Syntax,
        summary: "a YAML mapping key written twice",
        peers: [],
        checks: [],
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Source};

    #[test]
    fn points_at_the_second_key_in_every_document() {
        let text = "kind: A\nkind: B\n---\nmetadata: {name: x, name: y}\n";
        let report = crate::check(&[Source::new("a.yaml", text)], &Config::only(&["duplicate-key"]));
        let found: Vec<(u32, u32)> =
            report.findings.iter().filter(|f| f.rule == "duplicate-key").map(|f| (f.line, f.column)).collect();
        assert_eq!(found, [(2, 1), (4, 21)]);
    }

    #[test]
    fn byte_order_mark_and_crlf_keep_positions() {
        let text = "\u{feff}apiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: é}\r\ndata:\r\n  ü: 1\r\n  ü: 2\r\n";
        let report = crate::check(&[Source::new("a.yaml", text)], &Config::only(&["duplicate-key"]));
        let [finding] = report.findings.as_slice() else { panic!("one finding: {:?}", report.findings) };
        assert_eq!((finding.line, finding.column, finding.end_column), (6, 3, 4));
        assert_eq!(finding.span.slice(text), "ü");
        assert!(finding.message.contains("line 5"), "{}", finding.message);
    }
}
