use super::images;
use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::dockerfile::{self as stages, body, body_with, describe};
use crate::syntax::dockerfile::ast::{Dockerfile, Keyword, Stage};

declare_rule! {
    /// ## What it does
    /// Reports a final stage that never sets a `USER`, neither itself nor in the stages it is built `FROM`, so the
    /// container runs as whatever the base image chose, which is root for nearly every image. Bases known to run
    /// as non-root are accepted (distroless `:nonroot` and `:debug-nonroot`, Chainguard images, any `*-nonroot`
    /// tag, `nginxinc/nginx-unprivileged`, .NET `chiseled` images; the list is in `rules/dockerfile/images.rs`),
    /// and a base that depends on a build argument without a value is left alone.
    ///
    /// Windows images get Windows advice: Nano Server already runs as the unprivileged `ContainerUser` and is
    /// accepted; Server Core and the full Windows images run as `ContainerAdministrator`, and the fix inserts
    /// `USER ContainerUser`.
    ///
    /// The fix inserts `USER 10001` after the final stage's last `RUN`, `COPY`, `ADD`, `WORKDIR` or `SHELL` (or
    /// right after its `FROM`), so every build step keeps running as before and only the container's process
    /// changes user. A numeric id needs no `/etc/passwd` entry, works on `scratch`, and lets Kubernetes verify
    /// `runAsNonRoot`; files the process must write need to be owned by that id (`COPY --chown=10001`).
    ///
    /// ## Why it matters
    /// The article: "All processes in containers run as the root user (uid 0) by default. To prevent the potential
    /// compromise of container hosts, it is essential to specify a non-root and a least-privileged user ID when
    /// building the container image", and it shows the `adduser` + `USER` pattern. CIS Docker Benchmark 4.1:
    /// create a user for the container.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py /app/
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py /app/
    /// USER 10001
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Peers
    /// checkov `CKV_DOCKER_3` (which is satisfied by a `USER` in any stage).
    pub static RULE = {
        id: "missing-user",
        severity: Warning,
        category: Security,
        summary: "the final stage never switches to a non-root USER",
        peers: [("checkov", "CKV_DOCKER_3")],
        checks: [Check::Dockerfile(check)],
    }
}

/// The user id the fix switches to: outside the ranges distributions give to system and login users.
const FIX_USER: &str = "10001";

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lineage = stages::final_lineage(ctx.file);
    let (Some(last), Some(root)) = (lineage.first(), lineage.last()) else { return };
    if lineage.iter().any(|stage| body_with(ctx.file, stage, Keyword::User).next().is_some()) {
        return;
    }
    if !root.scratch && !root.base.known {
        return;
    }
    if root.image().is_some_and(|image| images::runs_as_non_root(&image)) {
        return;
    }
    let windows = stages::is_windows(ctx.file, last);
    if windows && stages::is_nano_server(ctx.file, last) {
        return;
    }
    let (user, admin) = if windows { ("ContainerUser", "ContainerAdministrator") } else { (FIX_USER, "root") };
    let base = if root.index == last.index {
        format!("`{}`", last.base.value)
    } else {
        format!("`{}` (through {})", root.base.value, describe(root))
    };
    let mut diagnostic = Diagnostic::new(
        RULE.id,
        last.base.span,
        format!(
            "the final {} never sets a USER, so it runs as the base image's user, {admin} for {base}",
            describe(last)
        ),
        if windows {
            format!("Add `USER {user}` after the steps that need `{admin}`.")
        } else {
            format!("Add `USER {user}` (or a user created with `adduser`) after the steps that need root.")
        },
    );
    if let Some(at) = insertion_point(ctx.file, last) {
        let keyword = if last_keyword_is_lowercase(ctx, last) { "user" } else { "USER" };
        let newline = if ctx.source.contains("\r\n") { "\r\n" } else { "\n" };
        diagnostic = diagnostic.with_fix(Fix::replace(
            format!("Run as user {user}"),
            Span::at(at),
            format!("{newline}{keyword} {user}"),
        ));
    }
    out.push(diagnostic);
}

/// Just after the last instruction of `stage` that builds the file system, or after its `FROM`.
fn insertion_point(file: &Dockerfile, stage: &Stage) -> Option<usize> {
    let builds = |keyword: Keyword| {
        matches!(
            keyword,
            Keyword::Run | Keyword::Copy | Keyword::Add | Keyword::Workdir | Keyword::Shell | Keyword::Onbuild
        )
    };
    let last_build = body(file, stage).filter(|(_, i)| builds(i.keyword)).last().map(|(_, i)| i.span.end);
    last_build.or_else(|| file.instructions.get(stage.from).map(|from| from.span.end))
}

/// Writes the inserted keyword in the case the file uses for `FROM`.
fn last_keyword_is_lowercase(ctx: &Context<'_>, stage: &Stage) -> bool {
    ctx.file
        .instructions
        .get(stage.from)
        .is_some_and(|from| from.keyword_span.slice(ctx.source).bytes().all(|b| b.is_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, fixed, positions};

    #[test]
    fn windows_bases_get_windows_advice_and_nano_server_passes() {
        let core = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command Write-Host hi\n";
        let found = findings(RULE.id, core);
        assert!(found[0].message.contains("ContainerAdministrator"), "{}", found[0].message);
        assert_eq!(fixed(RULE.id, core), format!("{core}USER ContainerUser\n").replace("hi\n\nUSER", "hi\nUSER"));
        let nano = "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD [\"cmd\"]\n";
        assert_eq!(positions(RULE.id, nano), []);
        let escaped = "# escape=`\nFROM registry.example.com/base:1\nRUN dir\n";
        assert!(findings(RULE.id, escaped)[0].message.contains("ContainerAdministrator"));
    }

    #[test]
    fn an_ignore_comment_anywhere_in_the_final_stage_covers_it() {
        let text = "FROM debian:12 AS build\nRUN make\nFROM debian:12\nCOPY --from=build /app /app\n# seaworthy ignore=missing-user\nCMD [\"/app\"]\n";
        assert_eq!(positions(RULE.id, text), []);
        let other_stage =
            "FROM debian:12 AS build\n# seaworthy ignore=missing-user\nRUN make\nFROM debian:12\nCMD [\"/app\"]\n";
        assert_eq!(positions(RULE.id, other_stage).len(), 1);
        let hadolint = "FROM debian:12\nRUN true\n# hadolint ignore=DL3002\nCMD [\"x\"]\n";
        assert_eq!(positions(RULE.id, hadolint).len(), 1, "DL3002 is root-user's, not missing-user's");
    }

    #[test]
    fn points_at_the_final_from_image() {
        let text = "FROM node:20-alpine AS build\nRUN npm ci\n\nFROM  nginx:1.27-alpine\nCOPY --from=build /app /usr/share/nginx/html\n";
        assert_eq!(positions(RULE.id, text), [(4, 7)]);
    }

    #[test]
    fn a_user_in_the_final_stage_or_its_base_stage_counts() {
        let own = "FROM alpine:3.20\nUSER 10001\n";
        let inherited = "FROM alpine:3.20 AS base\nRUN adduser -D app\nUSER app\nFROM base\nCMD [\"app\"]\n";
        let variable = "FROM alpine:3.20\nARG UID\nUSER ${UID}\n";
        for text in [own, inherited, variable] {
            assert_eq!(positions(RULE.id, text), [], "{text}");
        }
    }

    #[test]
    fn a_user_only_in_an_unrelated_build_stage_does_not_count() {
        let text = "FROM golang:1.22 AS build\nUSER 10001\nFROM scratch\nCOPY --from=build /app /app\n";
        assert_eq!(positions(RULE.id, text), [(3, 6)]);
    }

    #[test]
    fn non_root_bases_and_unknown_bases_are_accepted() {
        for text in [
            "FROM gcr.io/distroless/static-debian12:nonroot\n",
            "FROM cgr.dev/chainguard/node:latest\n",
            "ARG IMAGE=gcr.io/distroless/base:debug-nonroot\nFROM $IMAGE\n",
            "ARG IMAGE\nFROM $IMAGE\n",
            "FROM nginxinc/nginx-unprivileged:1.27\n",
        ] {
            assert_eq!(positions(RULE.id, text), [], "{text}");
        }
    }

    #[test]
    fn fix_inserts_the_user_after_the_last_build_step() {
        let text = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci \\\n  --omit=dev\nEXPOSE 8080\nCMD [\"node\", \"server.js\"]\n";
        assert_eq!(
            fixed(RULE.id, text),
            "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci \\\n  --omit=dev\nUSER 10001\nEXPOSE 8080\nCMD [\"node\", \"server.js\"]\n"
        );
        assert_eq!(fixed(RULE.id, "from scratch\ncmd [\"/app\"]\n"), "from scratch\nuser 10001\ncmd [\"/app\"]\n");
        let heredoc = "FROM alpine:3.20\nRUN <<EOF\napk add --no-cache tini\nEOF\nCMD [\"tini\"]\n";
        assert_eq!(
            fixed(RULE.id, heredoc),
            "FROM alpine:3.20\nRUN <<EOF\napk add --no-cache tini\nEOF\nUSER 10001\nCMD [\"tini\"]\n"
        );
        assert_eq!(
            fixed(RULE.id, "FROM alpine:3.20\r\nCOPY a /a\r\n"),
            "FROM alpine:3.20\r\nCOPY a /a\r\nUSER 10001\r\n"
        );
    }

    #[test]
    fn message_names_the_stage_and_base() {
        let found = findings(RULE.id, "FROM python:3.12-slim AS base\nFROM base AS app\n");
        assert!(found.iter().all(|f| f.message.contains("stage 'app'") && f.message.contains("through stage 'base'")));
        assert_eq!(found.len(), 1);
    }
}
