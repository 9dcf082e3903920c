use super::images;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::{self as stages, describe};

declare_rule! {
    /// ## What it does
    /// Reports a final stage built on a full distribution or full language image (`ubuntu`, `debian`, `centos`,
    /// `fedora`, `node`, `python`, `ruby`, `php`, `perl`, ...) when the same image has a slim, alpine or minimal
    /// variant, and names that variant for the tag in use (`node:20` → `node:20-alpine`,
    /// `python:3.12-bookworm` → `python:3.12-slim-bookworm`). The final stage is followed through
    /// `FROM <earlier stage>` to the image it really starts from, after build arguments are resolved. Build
    /// stages may use any image; build toolchains in the final stage are `single-stage-compiled-build`'s business.
    /// The families and their variants are an offline table documented in `rules/dockerfile/images.rs`; images
    /// outside it, and images listed in `allowed-base-images`, are never reported.
    ///
    /// ## Why it matters
    /// The article: "it's easy to build huge containers full of things you don't need—including potential
    /// security holes", and for interpreted languages "use a smaller base image such as Alpine". A full image
    /// carries compilers, headers and hundreds of packages the app never runs, each one a scanner finding and a
    /// tool for an attacker. CIS Docker Benchmark 4.3: do not install unnecessary packages in the container.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20
    /// WORKDIR /app
    /// COPY . .
    /// USER node
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-alpine
    /// WORKDIR /app
    /// COPY . .
    /// USER node
    /// CMD ["node", "server.js"]
    /// ```
    pub static RULE = {
        id: "heavy-base-image",
        severity: Warning,
        category: Image,
        summary: "final stage on a full distribution or language image that has a slim or alpine variant",
        peers: [],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lineage = stages::final_lineage(ctx.file);
    let (Some(last), Some(root)) = (lineage.first(), lineage.last()) else { return };
    let Some(image) = root.image() else { return };
    if images::is_allowed(ctx.config, &image) {
        return;
    }
    let Some(heavy) = images::heavy(&image) else { return };
    let through = if root.index == last.index { String::new() } else { format!(" (through {})", describe(root)) };
    out.push(Diagnostic::new(
        RULE.id,
        root.base.span,
        format!("the final {} runs on `{}`, a full `{}` image{through}", describe(last), root.base.value, heavy.family),
        format!(
            "Use `{}` for the final stage and install only what the app needs at run time; build in an earlier \
             stage if it needs compilers.",
            heavy.lighter
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::Config;
    use crate::rules::test_support::{findings, findings_with, positions};

    #[test]
    fn every_spelling_of_a_docker_hub_image_is_the_same_image() {
        for base in [
            "node:20",
            "docker.io/library/node:20",
            "registry.hub.docker.com/library/node:20",
            "index.docker.io/node:20",
        ] {
            let dockerfile = format!("FROM {base}\nUSER node\n");
            let found = findings(RULE.id, &dockerfile);
            assert_eq!(found.len(), 1, "{base}: {found:?}");
            assert!(found[0].help.contains("node:20-"), "{base}: {}", found[0].help);
        }
    }

    #[test]
    fn full_images_in_the_final_stage_name_the_lighter_tag() {
        let found = findings(RULE.id, "FROM python:3.12-bookworm\nCMD [\"python\", \"app.py\"]\n");
        assert_eq!(found.iter().map(|f| (f.line, f.column)).collect::<Vec<_>>(), [(1, 6)]);
        assert!(found.iter().all(|f| f.help.contains("`python:3.12-slim-bookworm`")), "{found:?}");
        assert!(found.iter().all(|f| f.message.contains("stage 0")), "{found:?}");
        let debian = findings(RULE.id, "from debian:bookworm as runtime\n");
        assert!(debian.iter().all(|f| f.help.contains("`debian:bookworm-slim`") && f.message.contains("'runtime'")));
        assert_eq!(debian.len(), 1);
    }

    #[test]
    fn build_stages_may_be_heavy() {
        let text =
            "FROM node:20 AS build\nRUN npm ci && npm run build\n\nFROM node:20-alpine\nCOPY --from=build /app /app\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn follows_the_final_stage_to_its_base_image_and_resolves_arguments() {
        let text = "ARG PY=3.12\nFROM python:${PY} AS base\nRUN pip install flask\n\nFROM base AS app\nCOPY . /app\n";
        let found = findings(RULE.id, text);
        assert_eq!(found.iter().map(|f| (f.line, f.column)).collect::<Vec<_>>(), [(2, 6)]);
        assert!(found
            .iter()
            .all(|f| f.help.contains("`python:3.12-slim`") && f.message.contains("through stage 'base'")));
    }

    #[test]
    fn light_unknown_toolchain_and_allowed_images_are_silent() {
        for text in [
            "FROM node:20-alpine\n",
            "FROM python:3.12-slim\n",
            "FROM gcr.io/distroless/python3-debian12\n",
            "FROM scratch\n",
            "FROM golang:1.22\n",
            "FROM mycorp/python:3.12\n",
            "ARG BASE\nFROM ${BASE}\n",
        ] {
            assert_eq!(positions(RULE.id, text), [], "{text}");
        }
        let config = Config { allowed_base_images: vec!["ubuntu:24.04".into()], ..Config::default() };
        assert!(findings_with(RULE.id, "FROM ubuntu:24.04\n", config).is_empty());
    }
}
