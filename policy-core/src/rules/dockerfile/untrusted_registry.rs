use crate::base::span::Span;
use crate::config::Config;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::{Check, Diagnostic};
use crate::model::dockerfile::describe;
use crate::syntax::image::ImageRef;

declare_rule! {
    /// ## What it does
    /// With `trusted-registries` set in `.seaworthy.yaml`, reports every base image (`FROM`) and every container
    /// image of a pod template (containers, init and ephemeral containers) whose registry is not in the list. The
    /// finding points at the registry part of the reference, or at the whole reference when it names none (the
    /// image then comes from Docker Hub, `docker.io`). An entry is a host (`registry.example.com`, with its port
    /// if it has one), a host and a path prefix (`ghcr.io/my-org`), or a wildcard host (`*.example.com`); Docker
    /// Hub may be written `docker.io` or any of its aliases. With the list empty (the default) the rule says
    /// nothing. A `FROM` that names an earlier stage is not an image pull, and an image whose registry is a
    /// variable (`${REGISTRY}/app`) is not judged.
    ///
    /// ## Why it matters
    /// An organisation that mirrors, scans and signs its images in its own registries loses all of that when one
    /// Dockerfile or manifest pulls from elsewhere: the image was never scanned, can change under the same tag,
    /// and depends on a third party being up. hadolint's DL3026 and Kyverno's `restrict-image-registries` policy
    /// enforce the same list at build and admission time; the CIS Docker Benchmark (4.2, use trusted base images)
    /// asks for it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM evil.io/node:20-alpine
    /// USER node
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM registry.example.com/node:20-alpine
    /// USER node
    /// ```
    ///
    /// ## Configuration
    /// The examples are checked with this `.seaworthy.yaml`:
    /// ```yaml .seaworthy.yaml
    /// {"trusted-registries": ["registry.example.com"]}
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3026`; Kyverno `restrict-image-registries`.
    pub static RULE = {
        id: "untrusted-registry",
        severity: Error,
        category: Image,
        summary: "an image pulled from a registry not in `trusted-registries`",
        peers: [("hadolint", "DL3026"), ("kyverno", "restrict-image-registries")],
        checks: [Check::Dockerfile(check), Check::Object(check_containers)],
    }
}

/// Whether `image` comes from a registry that `trusted` names: the same host (Docker Hub's aliases are one host),
/// optionally with a path prefix, or a `*.` wildcard host.
fn is_trusted(trusted: &[String], image: &ImageRef<'_>) -> bool {
    trusted.iter().any(|entry| {
        let entry = entry.trim().trim_end_matches('/');
        let (host, prefix) = entry.split_once('/').map_or((entry, None), |(host, path)| (host, Some(path)));
        let host_matches = match host.strip_prefix("*.") {
            Some(domain) => image.registry.strip_suffix(domain).is_some_and(|sub| sub.ends_with('.')),
            None => ImageRef::parse(&format!("{host}/x")).is_some_and(|probe| probe.registry == image.registry),
        };
        host_matches
            && prefix.is_none_or(|prefix| {
                image.name == prefix
                    || image.name.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'))
                    || image.is_docker_hub() && prefix == "library" && !image.name.contains('/')
            })
    })
}

fn judged(config: &Config, image: &ImageRef<'_>) -> bool {
    !config.trusted_registries.is_empty()
        && !image.registry_is_symbolic()
        && !is_trusted(&config.trusted_registries, image)
}

fn message_help(config: &Config, image: &ImageRef<'_>, what: &str) -> (String, String) {
    let listed = config.trusted_registries.iter().map(|entry| format!("`{entry}`")).collect::<Vec<_>>().join(", ");
    (
        format!("{what} comes from `{}`, which `trusted-registries` does not list", image.registry),
        format!(
            "Pull `{}` through a trusted registry ({listed}), or add `{}` to `trusted-registries` in `.seaworthy.yaml`.",
            image.display_name(),
            image.registry
        ),
    )
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.config.trusted_registries.is_empty() {
        return;
    }
    for stage in &ctx.file.stages {
        let Some(image) = stage.image() else { continue };
        if !judged(ctx.config, &image) {
            continue;
        }
        let span = image.registry_range().and_then(|part| stage.base_span(part)).unwrap_or(stage.base.span);
        let (message, help) = message_help(ctx.config, &image, &format!("the base image of {}", describe(stage)));
        out.push(Diagnostic::new(RULE.id, span, message, help));
    }
}

fn check_containers(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.config.trusted_registries.is_empty() {
        return;
    }
    let Some(template) = ctx.object.pod_template() else { return };
    for container in template.containers() {
        let Some(entry) = container.image() else { continue };
        let Some(written) = entry.value.as_str() else { continue };
        let Some(image) = ImageRef::parse(written) else { continue };
        if !judged(ctx.config, &image) {
            continue;
        }
        let value = entry.value.span;
        // A plain scalar is the text itself, a quoted one has one quote on each side; a folded or escaped one
        // cannot be mapped part by part, so the whole value is reported.
        let shift = match value.len().checked_sub(written.len()) {
            Some(0) => Some(0),
            Some(2) => Some(1),
            _ => None,
        };
        let span = image
            .registry_range()
            .zip(shift)
            .map_or(value, |(part, shift)| Span::new(value.start + shift + part.start, value.start + shift + part.end));
        let what = format!("the image of {} of {}", container.describe(), ctx.object.describe());
        let (message, help) = message_help(ctx.config, &image, &what);
        out.push(Diagnostic::new(RULE.id, span, message, help));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::findings_in;
    use crate::Config;

    fn trusting(registries: &[&str]) -> Config {
        Config { trusted_registries: registries.iter().map(|entry| (*entry).to_owned()).collect(), ..Config::default() }
    }

    fn flagged(path: &str, text: &str, registries: &[&str]) -> Vec<String> {
        let found = findings_in(RULE.id, &[(path, text)], trusting(registries));
        found.iter().map(|finding| finding.span.slice(text).to_owned()).collect()
    }

    #[test]
    fn base_images_from_elsewhere_are_reported_at_their_registry() {
        let dockerfile = "FROM evil.io/node:20-alpine AS build\nFROM build\nFROM registry.example.com/app:1\nFROM node:20\nFROM scratch\n";
        assert_eq!(flagged("Dockerfile", dockerfile, &["registry.example.com"]), ["evil.io", "node:20"]);
        assert!(flagged("Dockerfile", dockerfile, &[]).is_empty(), "an empty list trusts every registry");
        let found = findings_in(RULE.id, &[("Dockerfile", dockerfile)], trusting(&["registry.example.com"]));
        assert_eq!(
            found[0].message,
            "the base image of stage 'build' comes from `evil.io`, which `trusted-registries` does not list"
        );
        assert_eq!(
            flagged("Dockerfile", "ARG REG\nFROM ${REG}/app:1\nFROM $BASE\n", &["registry.example.com"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn container_images_and_every_form_of_an_entry() {
        let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: init\n      image: \"evil.io/x:1.0\"\n  containers:\n    - name: app\n      image: registry.example.com/app:1\n    - name: hub\n      image: docker.io/library/redis:7\n    - name: team\n      image: ghcr.io/my-org/tool:2\n";
        assert_eq!(flagged("pod.yaml", manifest, &["registry.example.com"]), ["evil.io", "docker.io", "ghcr.io"]);
        let all = ["registry.example.com", "*.evil.io", "index.docker.io", "ghcr.io/my-org"];
        assert_eq!(flagged("pod.yaml", manifest, &all), ["evil.io"], "a wildcard needs a subdomain");
        assert!(flagged("pod.yaml", manifest, &["evil.io", "registry.example.com", "docker.io", "ghcr.io"]).is_empty());
        assert_eq!(
            flagged("pod.yaml", manifest, &["evil.io", "registry.example.com", "docker.io", "ghcr.io/other"]),
            ["ghcr.io"]
        );
    }
}
