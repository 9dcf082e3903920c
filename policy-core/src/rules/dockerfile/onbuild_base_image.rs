use super::images;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::describe;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` of an `onbuild` image variant (`node:onbuild`, `python:3-onbuild`,
    /// `maven:3-jdk-8-onbuild-alpine`), in any stage, after build arguments are resolved.
    ///
    /// ## Why it matters
    /// An `onbuild` image runs hidden `ONBUILD` triggers in your build: it copies the whole build context and
    /// installs dependencies the way its authors chose, on a full base image. The article opens with
    /// `FROM node:onbuild` as the example of an image that is easy to build and full of things you do not need.
    /// The official images deprecated these variants in 2017 (docker-library/official-images#2076), so the tags
    /// that remain are also unmaintained.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:onbuild
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-alpine
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci --omit=dev
    /// COPY server.js ./
    /// USER node
    /// EXPOSE 8080
    /// CMD ["node", "server.js"]
    /// ```
    pub static RULE = {
        id: "onbuild-base-image",
        severity: Warning,
        category: Image,
        summary: "FROM an `onbuild` image variant",
        peers: [],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.file.stages {
        let Some(image) = stage.image() else { continue };
        if !images::is_onbuild(&image) || images::is_allowed(ctx.config, &image) {
            continue;
        }
        out.push(Diagnostic::new(
            RULE.id,
            image.tag_range().and_then(|part| stage.base_span(part)).unwrap_or(stage.base.span),
            format!(
                "{} builds FROM `{}`, an image that runs hidden ONBUILD triggers",
                describe(stage),
                stage.base.value
            ),
            format!(
                "Use a plain tag of `{}` (a slim or alpine one) and write the COPY and RUN steps yourself.",
                image.display_name()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{flagged_text, positions};

    #[test]
    fn onbuild_tags_in_any_stage() {
        let text = "FROM golang:1.7-onbuild AS build\n\nFROM python:3-onbuild\nFrom maven:3-jdk-8-onbuild-alpine\n";
        assert_eq!(positions(RULE.id, text), [(1, 13), (3, 13), (4, 12)]);
        assert_eq!(flagged_text(RULE.id, text), ["1.7-onbuild", "3-onbuild", "3-jdk-8-onbuild-alpine"]);
    }

    #[test]
    fn resolves_the_tag_from_an_argument() {
        let text = "ARG FLAVOUR=onbuild\nFROM node:${FLAVOUR}\n";
        assert_eq!(positions(RULE.id, text), [(2, 6)]);
    }

    #[test]
    fn plain_tags_and_names_are_fine() {
        let text = "FROM node:20-alpine\nFROM onbuild/tools:1.0\nFROM registry.example.com/onbuild:2\n";
        assert_eq!(positions(RULE.id, text), []);
    }
}
