use std::collections::HashSet;

use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::kubernetes::Object;
use crate::syntax::yaml::{Entry, Node, Value};

declare_rule! {
    /// ## What it does
    /// Checks label keys and values against the syntax the API server enforces (apimachinery's
    /// `ValidateLabels`), in an object's `metadata.labels`, its pod template's labels, and its selector (a
    /// Service's or ReplicationController's map, a workload's `matchLabels` and the keys and values of its
    /// `matchExpressions`). The finding points at the offending key or value and says what is wrong:
    ///
    /// - a key is an optional prefix and a name, `prefix/name`. The prefix is a DNS subdomain: at most 253
    ///   characters of lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit. The
    ///   name is at most 63 characters of letters, digits, `-`, `_` and `.`, starting and ending with a letter
    ///   or digit;
    /// - a value is empty, or follows the rules of a name;
    /// - a value must be a string. YAML reads an unquoted `1.0`, `42`, `0x1F`, `true` or `yes` as a number or a
    ///   boolean (Kubernetes decodes with YAML 1.1 rules), and the API server refuses it. The fix quotes it.
    ///
    /// A value left empty (`app:`) reads as the empty string, which is valid.
    ///
    /// ## Why it matters
    /// `kubectl apply` refuses the whole object: `metadata.labels: Invalid value: "1.0_": a valid label must be
    /// an empty string or consist of alphanumeric characters, '-', '_' or '.'`, or `cannot unmarshal number
    /// into Go struct field ObjectMeta.metadata.labels of type string` (Kubernetes documentation, Labels and
    /// Selectors: "Syntax and character set"). The article's own `version: "v31"` is quoted for this reason.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   labels:
    ///     app: web
    ///     version: 1.0
    ///     tier: front end
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   labels:
    ///     app: web
    ///     version: "1.0"
    ///     tier: front-end
    /// ```
    ///
    /// ## Peers
    /// kube-score's `label-values` checks values against the same pattern (not keys, and not non-string values).
    pub static RULE = {
        id: "invalid-label",
        severity: Error,
        category: Organization,
        summary: "label key or value that Kubernetes rejects",
        peers: [("kube-score", "label-values")],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let object = ctx.object;
    let describe = object.describe();
    let mut checker = Checker { object, out, seen: HashSet::new() };
    for entry in object.metadata.label_entries() {
        checker.label(entry, &describe);
    }
    if let Some(template) = object.pod_template().filter(|template| template.template_entry.is_some()) {
        let whose = format!("the pod template of {describe}");
        for entry in template.metadata.label_entries() {
            checker.label(entry, &whose);
        }
    }
    let Some(selector) = object.selector() else { return };
    let whose = format!("the selector of {describe}");
    for (_, entry) in &selector.match_labels {
        checker.label(entry, &whose);
    }
    for requirement in &selector.match_expressions {
        if let Some(key) = requirement.node.get("key") {
            checker.key(key.as_str(), key.span, &whose);
        }
        for value in requirement.node.get("values").into_iter().flat_map(Node::items) {
            checker.value(requirement.key, value, &whose);
        }
    }
}

struct Checker<'o, 'a> {
    object: &'o Object<'a>,
    out: &'o mut Vec<Diagnostic>,
    /// Spans already reported: a label set reused through a YAML alias is one mistake, not two.
    seen: HashSet<(usize, usize)>,
}

impl Checker<'_, '_> {
    fn label(&mut self, entry: &Entry, whose: &str) {
        let key = entry.key_str();
        self.key(key, entry.key.span, whose);
        if let Some(key) = key {
            self.value(key, &entry.value, whose);
        }
    }

    fn key(&mut self, key: Option<&str>, span: Span, whose: &str) {
        let (message, help) = match key {
            None => (format!("a label key of {whose} is not a string"), "Write the key as plain text.".to_owned()),
            Some(key) => {
                let Some(reason) = key_problem(key) else { return };
                (
                    format!("label key `{key}` of {whose} is not valid: {reason}"),
                    "Use `name` or `prefix/name`: a name of at most 63 letters, digits, `-`, `_` and `.` that starts \
                     and ends with a letter or digit, and an optional lowercase DNS subdomain prefix such as \
                     `example.com`."
                        .to_owned(),
                )
            }
        };
        self.push(Diagnostic::new(RULE.id, span, message, help));
    }

    fn value(&mut self, key: &str, node: &Node, whose: &str) {
        let diagnostic = match &node.value {
            Value::Null => return,
            Value::Sequence(_) | Value::Mapping(_) => Diagnostic::new(
                RULE.id,
                node.span,
                format!("label `{key}` of {whose} is a {}, not a string", node.type_name()),
                "Write a single string value.",
            ),
            Value::Scalar(scalar) => {
                if let Some(kind) = non_string(node) {
                    let written = node.span.slice(self.object.text);
                    let diagnostic = Diagnostic::new(
                        RULE.id,
                        node.span,
                        format!(
                            "label `{key}` of {whose} is the {kind} `{written}`, and Kubernetes accepts only string \
                             label values"
                        ),
                        format!("Quote it: `\"{written}\"`."),
                    );
                    if written.contains(['"', '\\', '\n']) {
                        diagnostic
                    } else {
                        diagnostic.with_fix(Fix::replace("Quote the value", node.span, format!("\"{written}\"")))
                    }
                } else {
                    let Some(reason) = value_problem(&scalar.text) else { return };
                    Diagnostic::new(
                        RULE.id,
                        node.span,
                        format!("label `{key}` of {whose} has a value that is not valid: {reason}"),
                        "Use at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or \
                         digit (or an empty string).",
                    )
                }
            }
        };
        self.push(diagnostic);
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        if self.seen.insert((diagnostic.span.start, diagnostic.span.end)) {
            self.out.push(diagnostic);
        }
    }
}

/// Why a label key is refused, if it is.
fn key_problem(key: &str) -> Option<String> {
    let Some((prefix, name)) = key.split_once('/') else {
        return name_problem(key, "it");
    };
    if name.contains('/') {
        return Some("it has more than one `/`".to_owned());
    }
    if prefix.is_empty() {
        return Some("the prefix before `/` is empty".to_owned());
    }
    if prefix.len() > 253 {
        return Some(format!("the prefix is {} characters long; at most 253 are allowed", prefix.len()));
    }
    if !is_dns_subdomain(prefix) {
        return Some(format!(
            "the prefix `{prefix}` is not a DNS subdomain (lowercase letters, digits, `-` and `.`, each part \
             starting and ending with a letter or digit)"
        ));
    }
    name_problem(name, "the name after `/`")
}

/// Why a label value is refused, if it is; the empty value is allowed.
fn value_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    name_problem(value, "it")
}

/// The rules for a key's name part and for a value: at most 63 characters of `[A-Za-z0-9_.-]`, beginning and
/// ending with an alphanumeric character. `what` names the part in the reason.
fn name_problem(name: &str, what: &str) -> Option<String> {
    if name.is_empty() {
        return Some(format!("{what} is empty"));
    }
    let length = name.chars().count();
    if length > 63 {
        return Some(format!("{what} is {length} characters long; at most 63 are allowed"));
    }
    if let Some(bad) = name.chars().find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        let shown = if bad.is_whitespace() { format!("{bad:?}") } else { format!("`{bad}`") };
        return Some(format!("{what} holds {shown}; only letters, digits, `-`, `_` and `.` are allowed"));
    }
    let alphanumeric_ends =
        name.starts_with(|c: char| c.is_ascii_alphanumeric()) && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    (!alphanumeric_ends).then(|| format!("{what} must begin and end with a letter or digit"))
}

/// RFC 1123 subdomain: dot-separated labels of lowercase alphanumerics and `-`, each starting and ending with an
/// alphanumeric.
fn is_dns_subdomain(text: &str) -> bool {
    text.split('.').all(|label| {
        !label.is_empty()
            && label.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    })
}

/// `number` or `boolean` when the scalar is not a string to Kubernetes: a plain untagged scalar that go-yaml v2
/// (under `sigs.k8s.io/yaml`) resolves to an int, a float or a bool, or one tagged `!!int`, `!!float` or
/// `!!bool`.
fn non_string(node: &Node) -> Option<&'static str> {
    let scalar = node.as_scalar()?;
    match scalar.tag.as_deref().map(|tag| tag.strip_prefix("tag:yaml.org,2002:")) {
        Some(Some("int" | "float")) => return Some("number"),
        Some(Some("bool")) => return Some("boolean"),
        Some(_) => return None,
        None => {}
    }
    if !scalar.style.is_plain() {
        None
    } else if node.as_bool().is_some() {
        Some("boolean")
    } else if node.as_i64().is_some() || scalar.is_float() {
        Some("number")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{key_problem, value_problem};
    use crate::rules::test_support::{findings, findings_in, fixed, flagged_text, positions};
    use crate::Config;

    const ID: &str = "invalid-label";

    fn config_map(labels: &str) -> String {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n{labels}")
    }

    #[test]
    fn keys_follow_the_qualified_name_syntax() {
        for valid in ["app", "app.kubernetes.io/name", "a", "A_b-c.d", "x/y", "k8s.io/x", &"a".repeat(63)] {
            assert_eq!(key_problem(valid), None, "{valid}");
        }
        let long_prefix = format!("{}/x", vec!["a".repeat(63); 5].join("."));
        for (invalid, reason) in [
            ("", "it is empty"),
            ("-app", "it must begin and end with a letter or digit"),
            ("app_", "it must begin and end with a letter or digit"),
            ("my app", "it holds ' '; only letters, digits, `-`, `_` and `.` are allowed"),
            ("a/b/c", "it has more than one `/`"),
            ("/name", "the prefix before `/` is empty"),
            ("example.com/", "the name after `/` is empty"),
            ("Example.com/x", "the prefix `Example.com` is not a DNS subdomain"),
            ("team_a/x", "the prefix `team_a` is not a DNS subdomain"),
            ("a..b/x", "the prefix `a..b` is not a DNS subdomain"),
            (long_prefix.as_str(), "the prefix is 319 characters long; at most 253 are allowed"),
        ] {
            let problem = key_problem(invalid).unwrap_or_default();
            assert!(problem.starts_with(reason), "{invalid:?}: {problem}");
        }
        let long = "b".repeat(64);
        assert_eq!(key_problem(&long).as_deref(), Some("it is 64 characters long; at most 63 are allowed"));
    }

    #[test]
    fn values_may_be_empty_but_not_odd() {
        for valid in ["", "v31", "1.0", "r-42_x.y", &"z".repeat(63)] {
            assert_eq!(value_problem(valid), None, "{valid}");
        }
        for invalid in ["1.0_", ".x", "a/b", "a:b", "ü", &"z".repeat(64)] {
            assert!(value_problem(invalid).is_some(), "{invalid}");
        }
    }

    #[test]
    fn points_at_the_offending_key_or_value() {
        let yaml = config_map("    app: web\n    Team/owner: pay\n    tier: front end\n    ok: \"\"\n");
        assert_eq!(positions(ID, &yaml), [(7, 5), (8, 11)]);
        assert_eq!(flagged_text(ID, &yaml), ["Team/owner", "front end"]);
        let found = findings(ID, &yaml);
        assert!(
            found[0].message.starts_with("label key `Team/owner` of ConfigMap `settings` is not valid: the prefix"),
            "{}",
            found[0].message
        );
        assert_eq!(
            found[1].message,
            "label `tier` of ConfigMap `settings` has a value that is not valid: it holds ' '; only letters, digits, \
             `-`, `_` and `.` are allowed"
        );
    }

    #[test]
    fn numbers_and_booleans_are_quoted_by_the_fix() {
        let yaml = config_map("    version: 1.0\n    build: 0x1F\n    canary: yes\n    count: 3\n    text: \"1.0\"\n");
        assert_eq!(flagged_text(ID, &yaml), ["1.0", "0x1F", "yes", "3"]);
        let found = findings(ID, &yaml);
        assert_eq!(
            found[0].message,
            "label `version` of ConfigMap `settings` is the number `1.0`, and Kubernetes accepts only string label \
             values"
        );
        assert!(found[2].message.contains("is the boolean `yes`"), "{}", found[2].message);
        assert_eq!(found[0].help, "Quote it: `\"1.0\"`.");
        assert!(fixed(ID, &yaml).contains("    version: \"1.0\"\n    build: 0x1F\n"));

        let tagged = config_map("    a: !!str 1.0\n    b: !!float \"2\"\n    c: 'true'\n    d:\n    e: 2020-01-01\n");
        assert_eq!(flagged_text(ID, &tagged), ["\"2\""]);
    }

    #[test]
    fn template_and_selector_labels_are_checked_aliases_once() {
        let yaml = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels
    app: web
    version: 2
spec:
  selector:
    matchLabels:
      app: web_
    matchExpressions:
    - {key: -tier, operator: In, values: [front, 1.5]}
  template:
    metadata:
      labels: *labels
    spec:
      containers: []
";
        assert_eq!(flagged_text(ID, yaml), ["2", "web_", "-tier", "1.5"]);
        let found = findings(ID, yaml);
        assert!(found[1].message.contains("of the selector of Deployment `web`"), "{}", found[1].message);

        let template = "\
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    metadata:
      labels: {run: true}
    spec:
      containers: []
";
        assert_eq!(positions(ID, template), [(8, 21)]);
        assert!(findings(ID, template)[0].message.contains("of the pod template of Job `once`"));

        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: [web]\n";
        assert_eq!(flagged_text(ID, service), ["[web]"]);
        assert_eq!(
            findings(ID, service)[0].message,
            "label `app` of the selector of Service `api` is a sequence, not a string"
        );
    }

    #[test]
    fn list_items_custom_resources_and_several_files() {
        let list = "\
apiVersion: v1
kind: List
items:
- apiVersion: example.com/v1
  kind: Widget
  metadata: {name: w, labels: {size: 1.5}}
";
        assert_eq!(positions(ID, list), [(6, 38)], "metadata labels of any kind are checked");
        let files = [
            ("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {ok: fine}\n"),
            ("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  labels: {bad: no}\n"),
        ];
        let found = findings_in(ID, &files, Config::default());
        let places: Vec<(&str, u32, u32)> = found.iter().map(|f| (f.path.as_str(), f.line, f.column)).collect();
        assert_eq!(places, [("b.yaml", 5, 17)]);
    }
}
