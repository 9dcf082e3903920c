use super::images;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::describe;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` whose image has no tag or the tag `latest`, after build arguments are resolved. `scratch`,
    /// earlier stages, images pinned by digest and images listed in `allowed-base-images` are never reported; a
    /// base that depends on a build argument without a default is left alone rather than guessed.
    ///
    /// ## Why it matters
    /// `latest` is whatever was pushed last: the same Dockerfile builds a different image next week, a rollback
    /// rebuilds something new, and a major upgrade arrives unannounced. CIS Docker Benchmark 4.2 asks for trusted
    /// base images and 5.27 for images pulled deliberately; a pinned tag is the least of that.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG BASE=python
    /// FROM ${BASE} AS app
    /// USER 10001
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG BASE=python:3.12-slim
    /// FROM ${BASE} AS app
    /// USER 10001
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3006` (no tag) and `DL3007` (`latest`); checkov `CKV_DOCKER_7`.
    pub static RULE = {
        id: "latest-base-image",
        severity: Warning,
        category: Image,
        summary: "FROM an image without a tag or with the `latest` tag",
        peers: [("hadolint", "DL3006"), ("hadolint", "DL3007"), ("checkov", "CKV_DOCKER_7")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.file.stages {
        let Some(image) = stage.image() else { continue };
        if image.digest.is_some() || images::is_allowed(ctx.config, &image) {
            continue;
        }
        let help =
            format!("Pin a version tag such as `{}:<version>`, or a digest (`@sha256:...`).", image.display_name());
        match image.tag {
            None => out.push(Diagnostic::new(
                RULE.id,
                stage.base.span,
                format!("{} builds FROM `{}` without a tag, which pulls `latest`", describe(stage), stage.base.value),
                help,
            )),
            Some("latest") => out.push(Diagnostic::new(
                RULE.id,
                image.tag_range().and_then(|part| stage.base_span(part)).unwrap_or(stage.base.span),
                format!("{} builds FROM `{}`, a moving tag", describe(stage), stage.base.value),
                help,
            )),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::Config;
    use crate::rules::test_support::{findings_with, flagged_text, positions};

    #[test]
    fn untagged_and_latest_images_point_at_the_image_or_tag() {
        let text = "FROM ubuntu\nfrom node:latest as build\nFROM gcr.io/distroless/static:latest\n";
        assert_eq!(positions(RULE.id, text), [(1, 6), (2, 11), (3, 31)]);
        assert_eq!(flagged_text(RULE.id, text), ["ubuntu", "latest", "latest"]);
    }

    #[test]
    fn resolves_build_arguments() {
        let text = "ARG REGISTRY=registry.example.com\nARG TAG=latest\nFROM ${REGISTRY}/team/app:${TAG}\n";
        assert_eq!(positions(RULE.id, text), [(3, 6)]);
        let pinned = "ARG VERSION=3.20\nFROM alpine:${VERSION}\n";
        assert_eq!(positions(RULE.id, pinned), []);
    }

    #[test]
    fn unknown_arguments_stages_scratch_and_digests_are_silent() {
        let text = "ARG BASE\nFROM $BASE AS deps\nFROM deps AS build\nFROM scratch\nCOPY --from=build /a /a\n\
                    FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\
                    FROM --platform=$BUILDPLATFORM golang:1.22 AS cross\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn allowed_base_images_are_not_reported() {
        let config = Config { allowed_base_images: vec!["internal/base".into()], ..Config::default() };
        assert!(findings_with(RULE.id, "FROM internal/base\n", config).is_empty());
        assert_eq!(positions(RULE.id, "FROM internal/base\n"), [(1, 6)]);
    }

    #[test]
    fn continuation_lines_keep_the_real_position() {
        let text = "FROM \\\n  redis \\\n  AS cache\n";
        assert_eq!(positions(RULE.id, text), [(2, 3)]);
    }
}
