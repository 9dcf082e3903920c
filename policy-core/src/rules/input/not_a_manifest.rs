use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a YAML document that is not a Kubernetes object: a scalar, a bare list, or a mapping without
    /// `apiVersion` and `kind` (a Helm `values.yaml`, a Compose file, a CI configuration). Items of a
    /// `kind: List` are read one by one, and an item that is not an object is reported the same way. Nothing in
    /// such a document is checked, and this finding says so instead of passing it silently.
    ///
    /// ## Why it matters
    /// `kubectl apply` refuses a document without `apiVersion` and `kind`. When a file was meant as a manifest, a
    /// typo in those keys hides every other finding; when it was not, the finding tells you to leave it out of
    /// the check.
    ///
    /// ## Example
    /// ```yaml
    /// replicaCount: 2
    /// image:
    ///   repository: nginx
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: web-settings
    ///   namespace: shop
    /// data:
    ///   replicaCount: "2"
    /// ```
    pub static RULE = {
        id: "not-a-manifest",
        severity: Info,
        category: Syntax,
        summary: "a YAML document that is not a Kubernetes object",
        peers: [],
        checks: [],
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Source};

    #[test]
    fn names_what_is_missing_and_reads_list_items() {
        let text = "\
- just
- a list
---
kind: Pod
metadata: {name: x}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: ok}
- note: not an object
";
        let report = crate::check(&[Source::new("t.yaml", text)], &Config::only(&["not-a-manifest"]));
        let found: Vec<(u32, u32, &str)> =
            report.findings.iter().map(|f| (f.line, f.column, f.message.as_str())).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (1, 1));
        assert!(found[0].2.starts_with("the document is a sequence"), "{}", found[0].2);
        assert_eq!((found[1].0, found[1].1), (4, 1));
        assert!(found[1].2.starts_with("the mapping has no `apiVersion`,"), "{}", found[1].2);
        assert_eq!((found[2].0, found[2].1), (13, 3));
    }
}
