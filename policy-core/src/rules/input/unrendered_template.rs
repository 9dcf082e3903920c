use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a document that still holds a template placeholder, `{{ ... }}`, outside quoted and block
    /// strings: a Helm template, or a file meant for `sed` or `envsubst`-style substitution. The finding points
    /// at the first placeholder and counts the others; the document is not checked, since its values are not the
    /// ones that will be deployed. Braces inside quoted or block strings (Prometheus alert templates, Argo
    /// parameters) are data and are left alone.
    ///
    /// ## Why it matters
    /// A placeholder is not YAML: `{{ .Values.name }}` reads as a nested flow mapping, or breaks the document
    /// outright, and the parser's complaint says nothing about templates. Checking the rendered output checks
    /// what the cluster will receive.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: {{ .Release.Name }}-web
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: shop-web
    /// ```
    pub static RULE = {
        id: "unrendered-template",
        severity: Warning,
        category: Syntax,
        summary: "a `{{ ... }}` template placeholder left in a manifest",
        peers: [],
        checks: [],
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Source};

    #[test]
    fn replaces_the_syntax_error_and_spares_quoted_braces() {
        let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    {{- include \"labels\" . | nindent 4 }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: alerts
data:
  summary: \"{{ $labels.instance }} is down\"
";
        let report = crate::check(&[Source::new("t.yaml", text)], &Config::only(&["unrendered-template"]));
        let found: Vec<(&str, u32, u32)> =
            report.findings.iter().map(|f| (f.rule.as_str(), f.line, f.column)).collect();
        assert_eq!(found, [("unrendered-template", 6, 5)]);
    }
}
