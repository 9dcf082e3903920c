use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::describe;

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=<constant>` (`--platform=linux/amd64`), unless the stage's name says which
    /// platform it is for (`AS build-arm64`, the pattern for per-architecture stages selected with
    /// `FROM build-${TARGETARCH}`). A platform built from variables (`--platform=$BUILDPLATFORM`) is the
    /// cross-compilation pattern and is fine.
    ///
    /// ## Why it matters
    /// A constant platform pins the stage to one architecture whatever `docker build --platform` asks for: a
    /// multi-platform build then ships amd64 binaries in its arm64 image, which fail with `exec format error` or
    /// run under emulation. BuildKit's build check `FromPlatformFlagConstDisallowed` reports the same.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine:3.20 AS base
    /// RUN apk add --no-cache git
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.22 AS build
    /// ARG TARGETOS TARGETARCH
    /// RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app
    /// FROM --platform=linux/arm64 alpine:3.20 AS base-arm64
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3029` (which reports every `--platform`, variables included); BuildKit's build check
    /// `FromPlatformFlagConstDisallowed`.
    pub static RULE = {
        id: "constant-platform-in-from",
        severity: Warning,
        category: Build,
        summary: "FROM --platform with a constant value",
        peers: [("hadolint", "DL3029"), ("buildkit", "FromPlatformFlagConstDisallowed")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.file.stages {
        let Some(platform) = &stage.platform else { continue };
        if platform.raw.contains('$') || platform.value.is_empty() {
            continue;
        }
        let name = stage.name.as_ref().map(|name| name.value.to_ascii_lowercase()).unwrap_or_default();
        let named_for_it = platform
            .value
            .split('/')
            .filter(|part| !part.is_empty())
            .any(|part| name.contains(&part.to_ascii_lowercase()));
        if named_for_it {
            continue;
        }
        out.push(Diagnostic::new(
            RULE.id,
            platform.span,
            format!("{} is pinned to platform `{}`", describe(stage), platform.value),
            "Drop `--platform` and choose the platform with `docker build --platform`, or use `$BUILDPLATFORM` for \
             stages that cross-compile.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{flagged_text, positions};

    #[test]
    fn constant_platforms_point_at_the_value() {
        let text = "FROM --platform=linux/amd64 alpine:3.20\nfrom --platform=linux/arm64/v8 debian:12 as tools\n";
        assert_eq!(positions(RULE.id, text), [(1, 17), (2, 17)]);
        assert_eq!(flagged_text(RULE.id, text), ["linux/amd64", "linux/arm64/v8"]);
    }

    #[test]
    fn variables_and_platform_named_stages_are_fine() {
        let text =
            "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM --platform=${TARGETPLATFORM} alpine AS a\n\
                    FROM --platform=linux/amd64 alpine:3.20 AS build_amd64\nFROM alpine:3.20\n";
        assert_eq!(positions(RULE.id, text), []);
    }
}
