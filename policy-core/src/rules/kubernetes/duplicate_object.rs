use std::collections::HashMap;

use crate::declare_rule;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::kubernetes::{Bundle, Identity, Object};

declare_rule! {
    /// ## What it does
    /// Reports an object whose API group, kind, namespace and name repeat those of an earlier object in the
    /// files checked together, at the second one's name; the message names the file and line of the first. An
    /// object without `metadata.namespace` counts as being in `default`, where `kubectl apply` puts it with a
    /// default context.
    ///
    /// ## Why it matters
    /// Kubernetes stores one object per group, kind, namespace and name. `kubectl apply` applies both copies in
    /// turn, and the second silently replaces the first: a copy-pasted Deployment that was meant to be renamed
    /// overwrites the original, and which one wins depends on file order.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: shop
    /// ---
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: shop
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: shop
    /// ---
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: billing
    /// ```
    pub static RULE = {
        id: "duplicate-object",
        severity: Error,
        category: Organization,
        summary: "two objects with the same group, kind, namespace and name",
        peers: [],
        checks: [Check::Bundle(check)],
    }
}

fn check(bundle: &Bundle<'_>, out: &mut Vec<(usize, Diagnostic)>) {
    let mut first: HashMap<Identity<'_>, &Object<'_>> = HashMap::new();
    for object in bundle.objects() {
        let Some(identity) = object.identity() else { continue };
        let Some(original) = first.get(&identity) else {
            first.insert(identity, object);
            continue;
        };
        let place = if identity.namespace.is_empty() {
            String::new()
        } else {
            format!(" in namespace `{}`", identity.namespace)
        };
        let Some(name) = object.metadata.name() else { continue };
        out.push((
            object.source,
            Diagnostic::new(
                RULE.id,
                name.value.span,
                format!(
                    "{}{place} is declared again; the first is at {}, and applying both keeps only the last",
                    object.describe(),
                    bundle.location(original.source, original.anchor()),
                ),
                "Rename one of them, move it to another namespace, or delete the copy.",
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Source};

    const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";

    #[test]
    fn across_files_names_the_first_and_ignores_other_identities() {
        let sources = [
            Source::new("a.yaml", format!("{DEPLOYMENT}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n")),
            Source::new("b.yaml", format!("# copy\n{DEPLOYMENT}  namespace: default\n")),
            Source::new("c.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: x\n"),
            Source::new("d.yaml", "apiVersion: example.com/v1\nkind: Deployment\nmetadata:\n  name: web\n"),
        ];
        let report = crate::check(&sources, &Config::only(&["duplicate-object"]));
        let found: Vec<(&str, u32, u32)> =
            report.findings.iter().map(|f| (f.path.as_str(), f.line, f.column)).collect();
        assert_eq!(found, [("b.yaml", 5, 9)]);
        let message = &report.findings[0].message;
        assert!(message.contains("Deployment `web` in namespace `default`"), "{message}");
        assert!(message.contains("a.yaml:4"), "{message}");
    }

    #[test]
    fn cluster_scoped_objects_ignore_namespace_and_byte_order_marks_shift() {
        let namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
        let sources = [Source::new("a.yaml", format!("\u{feff}{namespace}---\n{namespace}  namespace: other\n"))];
        let report = crate::check(&sources, &Config::only(&["duplicate-object"]));
        let finding = report.findings.first().expect("a finding");
        assert_eq!((finding.line, finding.column), (9, 9));
        assert_eq!(finding.span.slice(&sources[0].content), "shop");
    }
}
