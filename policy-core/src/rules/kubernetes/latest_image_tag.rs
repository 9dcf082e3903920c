use crate::declare_rule;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::syntax::image::ImageRef;

declare_rule! {
    /// ## What it does
    /// Reports a container (init and ephemeral ones included) whose `image` has no tag or the tag `latest`, at the
    /// image value. An image pinned by digest (`@sha256:...`) is fine whatever its tag. A registry port is not a
    /// tag: `localhost:5000/app` has none. Images that are not plain references (empty, or with blanks or `$`
    /// left by a template) are left alone.
    ///
    /// ## Why it matters
    /// `latest` is whatever was pushed last. Two replicas of one Deployment can run different code after a node
    /// pulls again, a rollback to an earlier revision brings back the same moving tag, and nobody can tell from the
    /// manifest what runs. Kubernetes' "Configuration Best Practices" advise against `:latest` in production; with
    /// no tag or `latest`, the default `imagePullPolicy` also becomes `Always`.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: localhost:5000/web
    ///         - name: proxy
    ///           image: nginx:latest
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: localhost:5000/web:1.4.2
    ///         - name: proxy
    ///           image: nginx@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac
    /// ```
    ///
    /// ## Peers
    /// kube-linter `latest-tag`; kube-score `container-image-tag`; checkov `CKV_K8S_14`.
    pub static RULE = {
        id: "latest-image-tag",
        severity: Warning,
        category: Image,
        summary: "a container image without a tag or with the `latest` tag",
        peers: [("kube-linter", "latest-tag"), ("kube-score", "container-image-tag"), ("checkov", "CKV_K8S_14")],
        checks: [Check::Object(check)],
    }
}

fn check(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.template else { return };
    for container in template.containers() {
        let Some(entry) = container.image() else { continue };
        let Some(written) = entry.value.as_str() else { continue };
        let Some(image) = ImageRef::parse(written).filter(|image| !image.is_symbolic()) else { continue };
        if image.digest.is_some() {
            continue;
        }
        let problem = match image.tag {
            None => "without a tag, which pulls `latest`",
            Some("latest") => "with the moving tag `latest`",
            Some(_) => continue,
        };
        out.push(Diagnostic::new(
            RULE.id,
            entry.value.span,
            format!("{} of {} runs `{written}` {problem}", container.describe(), ctx.object.describe()),
            format!("Pin a version tag such as `{}:<version>`, or a digest (`@sha256:...`).", image.display_name()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text, positions};

    fn pod(images: &[&str]) -> String {
        let containers: Vec<String> =
            images.iter().enumerate().map(|(at, image)| format!("    - name: c{at}\n      image: {image}\n")).collect();
        let containers = containers.concat();
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n{containers}")
    }

    #[test]
    fn untagged_and_latest_are_reported_at_the_value() {
        let text = pod(&["nginx", "nginx:latest", "\"quay.io/org/app:latest\"", "localhost:5000/app"]);
        assert_eq!(
            flagged_text(RULE.id, &text),
            ["nginx", "nginx:latest", "\"quay.io/org/app:latest\"", "localhost:5000/app"]
        );
        assert_eq!(positions(RULE.id, &text)[0], (8, 14));
        let found = findings(RULE.id, &text);
        assert_eq!(found[0].message, "container `c0` of Pod `p` runs `nginx` without a tag, which pulls `latest`");
        assert!(found[3].help.contains("`localhost:5000/app:<version>`"), "{}", found[3].help);
    }

    #[test]
    fn tags_digests_and_registry_ports_pass() {
        let text = pod(&[
            "nginx:1.27",
            "localhost:5000/app:2.0",
            "registry.example.com:443/team/app:v3",
            "nginx@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac",
            "nginx:latest@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac",
            "nginx:Latest",
            "\"\"",
            "$(IMAGE)",
        ]);
        assert_eq!(positions(RULE.id, &text), []);
        assert_eq!(
            positions(RULE.id, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: a}]\n"),
            []
        );
    }

    #[test]
    fn every_list_and_workload_kind_and_crds_skipped() {
        let text = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: i, image: busybox}]\n          containers: [{name: c, image: 'alpine:3.20'}]\n          ephemeralContainers: [{name: e, image: busybox:latest}]\n";
        assert_eq!(flagged_text(RULE.id, text), ["busybox", "busybox:latest"]);
        assert!(findings(RULE.id, text)[0].message.starts_with("init container `i` of CronJob `c`"));
        let rc = "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: redis}]\n";
        assert_eq!(flagged_text(RULE.id, rc), ["redis"]);
        let crd = "apiVersion: example.com/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: redis}]\n";
        assert_eq!(positions(RULE.id, crd), []);
    }
}
