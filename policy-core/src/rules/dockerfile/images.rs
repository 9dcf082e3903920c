//! The offline table of base-image families that the image rules read: which images are full distributions or
//! full language images with a lighter variant, which are build toolchains, which already run as non-root, and
//! how to name the lighter image for a given tag. No registry is queried; an image not in the table is never
//! flagged by these rules.
//!
//! Sources, as of 2026-11 (Docker Official Images: the "Image Variants" section of each image's page on Docker Hub,
//! kept in `docker-library/docs`):
//! - `node`: `node:<version>-alpine`, `node:<version>-slim`, `node:<version>-<suite>-slim`.
//! - `python`, `ruby`, `perl`, `pypy`, `erlang`, `elixir`: `<version>-slim`, `<version>-slim-<suite>`, `<version>-alpine`.
//! - `php`: `<version>-<cli|fpm|zts>-alpine`; the `apache` variant has no Alpine build.
//! - `debian`: `<suite>-slim`, `<version>-slim`, `stable-slim`; `buildpack-deps` is the full Debian build image.
//! - `rockylinux` and `almalinux`: `<version>-minimal`; `oraclelinux`: `<version>-slim`; Fedora publishes
//!   `registry.fedoraproject.org/fedora-minimal`; Red Hat publishes `ubi<N>/ubi-minimal` beside `ubi<N>/ubi`.
//! - Toolchains: `golang`, `rust`, `gcc`, `maven`, `gradle`, `clojure`, `haskell`, `swift` (whose `-slim` tags are
//!   the runtime), `dart` (whose docs ship `/runtime/` into `scratch`), JDK images (`eclipse-temurin`,
//!   `amazoncorretto`, `openjdk`, `sapmachine`, `ibm-semeru-runtimes`, `mcr.microsoft.com/openjdk/jdk`: a JDK
//!   unless the tag says `jre`), and `mcr.microsoft.com/dotnet/sdk` (runtime images: `dotnet/runtime`,
//!   `dotnet/aspnet`).
//! - Non-root by default: distroless tags containing `nonroot` (`nonroot`, `debug-nonroot`; user 65532, see
//!   `GoogleContainerTools/distroless`), Chainguard images under `cgr.dev/chainguard/` (their image guidelines set
//!   `run-as` to 65532) except the general-purpose bases `wolfi-base` and `chainguard-base`, any tag with a
//!   `nonroot` part, `nginxinc/nginx-unprivileged` (user 101), and .NET `chiseled` images (user `app`).

use crate::config::Config;
use crate::syntax::image::ImageRef;

/// Whether `config.allowed_base_images` accepts this image: an entry `name` accepts every tag, an entry
/// `name:tag` that tag only. Names compare after normalization, so `node` and `docker.io/library/node` agree.
pub fn is_allowed(config: &Config, image: &ImageRef<'_>) -> bool {
    config.allowed_base_images.iter().any(|entry| {
        ImageRef::parse(entry.trim()).filter(|allowed| !allowed.is_symbolic()).is_some_and(|allowed| {
            allowed.registry == image.registry
                && allowed.name == image.name
                && allowed.tag.is_none_or(|tag| Some(tag) == image.tag)
                && allowed.digest.is_none_or(|digest| Some(digest) == image.digest)
        })
    })
}

/// Tag parts that mark a variant as already light. A part may carry a version (`alpine3.20`).
const LIGHT_TAG_PARTS: &[&str] = &["alpine", "slim", "minimal", "micro", "chiseled", "distroless", "busybox"];

/// Tag parts of Windows variants, a separate world with its own sizes; the table does not judge them.
const WINDOWS_TAG_PARTS: &[&str] = &["windowsservercore", "nanoserver", "ltsc2019", "ltsc2022", "ltsc2025"];

/// Debian and Ubuntu suite names that appear as the last part of official image tags.
const SUITES: &[&str] =
    &["buster", "bullseye", "bookworm", "trixie", "forky", "focal", "jammy", "noble", "oracular", "plucky"];

fn part_is(part: &str, marker: &str) -> bool {
    part.len() >= marker.len()
        && part.get(..marker.len()).is_some_and(|head| head.eq_ignore_ascii_case(marker))
        && part.get(marker.len()..).is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Whether the image is a minimal base already: `scratch`, `alpine`, `busybox`, distroless, Chainguard, or a
/// tag variant such as `-slim`, `-alpine`, `-minimal`, `-chiseled`.
pub fn is_minimal(image: &ImageRef<'_>) -> bool {
    let minimal_name = image.is("alpine")
        || image.is("busybox")
        || image.registry == "gcr.io" && image.name.starts_with("distroless/")
        || image.registry == "cgr.dev"
        || image.name.ends_with("-minimal")
        || image.name.ends_with("-micro");
    minimal_name || image.tag_parts().any(|part| LIGHT_TAG_PARTS.iter().any(|marker| part_is(part, marker)))
}

fn is_windows(image: &ImageRef<'_>) -> bool {
    image.tag_parts().any(|part| WINDOWS_TAG_PARTS.iter().any(|marker| part.eq_ignore_ascii_case(marker)))
}

/// How a family names its lighter variant for a given tag.
#[derive(Debug, Clone, Copy)]
enum Lighter {
    /// `3.12` → `3.12-slim`, `3.12-bookworm` → `3.12-slim-bookworm`, no tag → `slim`.
    SlimBeforeSuite,
    /// `20` → `20-alpine`, `20-bookworm` → `20-bookworm-slim`, no tag → `alpine`.
    Node,
    /// `bookworm` → `bookworm-slim`, `12` → `12-slim`, no tag → `stable-slim`.
    SlimAfter,
    /// `8.3-fpm` → `8.3-fpm-alpine`, `8.3-fpm-bookworm` → `8.3-fpm-alpine`, `8.3-apache` → `8.3-fpm-alpine`.
    Php,
    /// `9` → `9-minimal`.
    MinimalAfter,
    /// Another image altogether, with the same tag.
    Renamed(&'static str),
    /// Another image altogether, tag included.
    Fixed(&'static str),
}

/// A full image that has a lighter variant.
struct HeavyFamily {
    names: &'static [&'static str],
    lighter: Lighter,
}

static HEAVY: &[HeavyFamily] = &[
    HeavyFamily { names: &["node"], lighter: Lighter::Node },
    HeavyFamily { names: &["python", "ruby", "perl", "pypy", "erlang", "elixir"], lighter: Lighter::SlimBeforeSuite },
    HeavyFamily { names: &["php"], lighter: Lighter::Php },
    HeavyFamily { names: &["debian"], lighter: Lighter::SlimAfter },
    HeavyFamily { names: &["oraclelinux"], lighter: Lighter::SlimAfter },
    HeavyFamily { names: &["rockylinux", "almalinux"], lighter: Lighter::MinimalAfter },
    HeavyFamily {
        names: &["fedora", "registry.fedoraproject.org/fedora"],
        lighter: Lighter::Renamed("registry.fedoraproject.org/fedora-minimal"),
    },
    HeavyFamily { names: &["ubuntu", "buildpack-deps"], lighter: Lighter::Fixed("debian:stable-slim") },
    HeavyFamily { names: &["centos"], lighter: Lighter::Fixed("registry.access.redhat.com/ubi9/ubi-minimal") },
    HeavyFamily {
        names: &["registry.access.redhat.com/ubi8", "registry.access.redhat.com/ubi8/ubi", "redhat/ubi8"],
        lighter: Lighter::Renamed("registry.access.redhat.com/ubi8/ubi-minimal"),
    },
    HeavyFamily {
        names: &["registry.access.redhat.com/ubi9", "registry.access.redhat.com/ubi9/ubi", "redhat/ubi9"],
        lighter: Lighter::Renamed("registry.access.redhat.com/ubi9/ubi-minimal"),
    },
];

/// What `heavy-base-image` reports: the family and the lighter image to use instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heavy {
    pub family: &'static str,
    /// A complete reference, e.g. `node:20-alpine`.
    pub lighter: String,
}

/// The lighter variant when `image` is a full distribution or language image that has one.
pub fn heavy(image: &ImageRef<'_>) -> Option<Heavy> {
    // `onbuild` tags have no lighter sibling to name; `onbuild-base-image` reports them.
    if is_minimal(image) || is_windows(image) || is_onbuild(image) {
        return None;
    }
    let (family, family_name) =
        HEAVY.iter().find_map(|family| family.names.iter().find(|name| image.is(name)).map(|name| (family, *name)))?;
    let name = image.display_name();
    let tag = image.tag.filter(|tag| !tag.eq_ignore_ascii_case("latest"));
    let parts: Vec<&str> = tag.map(|tag| tag.split('-').collect()).unwrap_or_default();
    let suite = parts.last().copied().filter(|last| parts.len() > 1 && SUITES.contains(last));
    let lighter = match family.lighter {
        Lighter::SlimBeforeSuite => match (tag, suite) {
            (None, _) => format!("{name}:slim"),
            (Some(tag), Some(suite)) => {
                let version = tag.strip_suffix(suite).and_then(|rest| rest.strip_suffix('-')).unwrap_or(tag);
                format!("{name}:{version}-slim-{suite}")
            }
            (Some(tag), None) if SUITES.contains(&tag) => format!("{name}:slim-{tag}"),
            (Some(tag), None) => format!("{name}:{tag}-slim"),
        },
        Lighter::Node => match (tag, suite) {
            (None, _) => format!("{name}:alpine"),
            (Some(tag), Some(_)) => format!("{name}:{tag}-slim"),
            (Some(tag), None) if SUITES.contains(&tag) => format!("{name}:{tag}-slim"),
            (Some(tag), None) => format!("{name}:{tag}-alpine"),
        },
        Lighter::SlimAfter => match tag {
            None => format!("{name}:stable-slim"),
            Some(tag) => format!("{name}:{tag}-slim"),
        },
        Lighter::Php => {
            let kept: Vec<&str> = parts
                .iter()
                .copied()
                .filter(|part| !SUITES.contains(part))
                .map(|part| if part.eq_ignore_ascii_case("apache") { "fpm" } else { part })
                .collect();
            if kept.is_empty() {
                format!("{name}:alpine")
            } else {
                format!("{name}:{}-alpine", kept.join("-"))
            }
        }
        Lighter::MinimalAfter => match tag {
            None => format!("{name}:minimal"),
            Some(tag) => format!("{name}:{tag}-minimal"),
        },
        Lighter::Renamed(other) => match tag {
            None => other.to_owned(),
            Some(tag) => format!("{other}:{tag}"),
        },
        Lighter::Fixed(other) => other.to_owned(),
    };
    Some(Heavy { family: family_name, lighter })
}

/// What the runtime stage of a toolchain family should be.
#[derive(Debug, Clone, Copy)]
enum Runtime {
    /// A fixed image.
    Image(&'static str),
    /// A Java runtime of the same major version, `eclipse-temurin:<major>-jre`.
    Jre,
    /// The same tag of another image: `dotnet/sdk:8.0` → `dotnet/runtime:8.0`.
    SameTag(&'static str),
    /// The family's own `-slim` tag.
    Slim,
}

struct ToolchainFamily {
    names: &'static [&'static str],
    runtime: Runtime,
    /// JDK images are toolchains unless the tag names a JRE.
    jdk: bool,
    /// Whether the first number of the tag is the Java major version (JDK images, not build tools).
    tag_is_java_version: bool,
}

static TOOLCHAINS: &[ToolchainFamily] = &[
    ToolchainFamily {
        names: &["golang"],
        runtime: Runtime::Image("gcr.io/distroless/static:nonroot"),
        jdk: false,
        tag_is_java_version: false,
    },
    ToolchainFamily {
        names: &["rust", "gcc"],
        runtime: Runtime::Image("gcr.io/distroless/cc:nonroot"),
        jdk: false,
        tag_is_java_version: false,
    },
    ToolchainFamily {
        names: &["haskell"],
        runtime: Runtime::Image("debian:stable-slim"),
        jdk: false,
        tag_is_java_version: false,
    },
    ToolchainFamily { names: &["dart"], runtime: Runtime::Image("scratch"), jdk: false, tag_is_java_version: false },
    ToolchainFamily { names: &["swift"], runtime: Runtime::Slim, jdk: false, tag_is_java_version: false },
    ToolchainFamily {
        names: &["maven", "gradle", "clojure"],
        runtime: Runtime::Jre,
        jdk: false,
        tag_is_java_version: false,
    },
    ToolchainFamily {
        names: &[
            "eclipse-temurin",
            "amazoncorretto",
            "openjdk",
            "sapmachine",
            "ibm-semeru-runtimes",
            "mcr.microsoft.com/openjdk/jdk",
        ],
        runtime: Runtime::Jre,
        jdk: true,
        tag_is_java_version: true,
    },
    ToolchainFamily {
        names: &["mcr.microsoft.com/dotnet/sdk", "mcr.microsoft.com/dotnet/core/sdk"],
        runtime: Runtime::SameTag("mcr.microsoft.com/dotnet/runtime"),
        jdk: false,
        tag_is_java_version: false,
    },
];

/// What `single-stage-compiled-build` reports: the toolchain and the runtime image to ship instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toolchain {
    pub family: &'static str,
    /// A complete reference for the runtime stage, e.g. `gcr.io/distroless/static:nonroot`.
    pub runtime: String,
}

/// The runtime image to ship when `image` is a build toolchain.
pub fn toolchain(image: &ImageRef<'_>) -> Option<Toolchain> {
    let (family, family_name) = TOOLCHAINS
        .iter()
        .find_map(|family| family.names.iter().find(|name| image.is(name)).map(|name| (family, *name)))?;
    if family.jdk && image.has_tag_part("jre") {
        return None;
    }
    if matches!(family.runtime, Runtime::Slim) && image.has_tag_part("slim") {
        return None;
    }
    let runtime = match family.runtime {
        Runtime::Image(runtime) => runtime.to_owned(),
        Runtime::Jre => match java_major(image, family.tag_is_java_version) {
            Some(major) => format!("eclipse-temurin:{major}-jre"),
            None => "eclipse-temurin:<java version>-jre".to_owned(),
        },
        Runtime::SameTag(runtime) => match image.tag {
            Some(tag) => format!("{runtime}:{tag}"),
            None => runtime.to_owned(),
        },
        Runtime::Slim => {
            let version = image.tag.and_then(|tag| tag.split('-').next()).filter(|v| !v.eq_ignore_ascii_case("latest"));
            match version {
                Some(version) => format!("{}:{version}-slim", image.display_name()),
                None => format!("{}:slim", image.display_name()),
            }
        }
    };
    Some(Toolchain { family: family_name, runtime })
}

/// Words in build-tool tags that precede the Java major version (`maven:3.9-eclipse-temurin-21`).
const JAVA_MARKERS: &[&str] =
    &["temurin", "corretto", "amazoncorretto", "openjdk", "jdk", "sapmachine", "semeru", "zulu", "liberica", "graalvm"];

fn java_major(image: &ImageRef<'_>, tag_is_java_version: bool) -> Option<u32> {
    let parts: Vec<&str> = image.tag_parts().collect();
    let leading_number = |part: &str| -> Option<u32> {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    if tag_is_java_version {
        // `21`, `21.0.2_13-jdk`, `open-21-jdk`.
        return parts.iter().find_map(|part| leading_number(part));
    }
    parts.iter().enumerate().find_map(|(at, part)| {
        let lower = part.to_ascii_lowercase();
        if let Some(number) = lower.strip_prefix("jdk").and_then(leading_number) {
            return Some(number);
        }
        let marker = JAVA_MARKERS.contains(&lower.as_str());
        marker.then(|| parts.get(at + 1).and_then(|next| leading_number(next))).flatten()
    })
}

/// Whether the image is known to run as a non-root user without a `USER` instruction.
pub fn runs_as_non_root(image: &ImageRef<'_>) -> bool {
    let chainguard = image.registry == "cgr.dev"
        && image.name.starts_with("chainguard/")
        && !matches!(image.name, "chainguard/wolfi-base" | "chainguard/chainguard-base");
    let dotnet_chiseled = image.registry == "mcr.microsoft.com"
        && image.name.starts_with("dotnet/")
        && image.tag_parts().any(|part| part.eq_ignore_ascii_case("chiseled"));
    chainguard || dotnet_chiseled || image.is("nginxinc/nginx-unprivileged") || image.has_tag_part("nonroot")
}

/// Whether the tag is an `onbuild` variant: `onbuild`, `4-onbuild`, `3-jdk-8-onbuild-alpine`.
pub fn is_onbuild(image: &ImageRef<'_>) -> bool {
    image.has_tag_part("onbuild")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(text: &str) -> ImageRef<'_> {
        ImageRef::parse(text).unwrap_or_else(|| panic!("`{text}` should parse"))
    }

    #[test]
    fn names_the_lighter_variant_for_each_tag_style() {
        let lighter = |text: &str| heavy(&image(text)).map(|heavy| heavy.lighter);
        assert_eq!(lighter("node:20").as_deref(), Some("node:20-alpine"));
        assert_eq!(lighter("node").as_deref(), Some("node:alpine"));
        assert_eq!(lighter("node:20-bookworm").as_deref(), Some("node:20-bookworm-slim"));
        assert_eq!(lighter("python:3.12").as_deref(), Some("python:3.12-slim"));
        assert_eq!(lighter("python:3.12-bookworm").as_deref(), Some("python:3.12-slim-bookworm"));
        assert_eq!(lighter("python:latest").as_deref(), Some("python:slim"));
        assert_eq!(lighter("debian:bookworm").as_deref(), Some("debian:bookworm-slim"));
        assert_eq!(lighter("debian").as_deref(), Some("debian:stable-slim"));
        assert_eq!(lighter("php:8.3-apache-bookworm").as_deref(), Some("php:8.3-fpm-alpine"));
        assert_eq!(lighter("php:8.3-cli").as_deref(), Some("php:8.3-cli-alpine"));
        assert_eq!(lighter("rockylinux:9").as_deref(), Some("rockylinux:9-minimal"));
        assert_eq!(lighter("fedora:40").as_deref(), Some("registry.fedoraproject.org/fedora-minimal:40"));
        assert_eq!(lighter("ubuntu:24.04").as_deref(), Some("debian:stable-slim"));
        assert_eq!(
            lighter("registry.access.redhat.com/ubi9/ubi:9.4").as_deref(),
            Some("registry.access.redhat.com/ubi9/ubi-minimal:9.4")
        );
    }

    #[test]
    fn light_windows_unknown_and_toolchain_images_are_not_heavy() {
        for text in [
            "node:20-alpine",
            "node:current-alpine3.20",
            "python:3.12-slim",
            "python:3.12-slim-bookworm",
            "debian:bookworm-slim",
            "alpine:3.20",
            "busybox",
            "gcr.io/distroless/base-debian12",
            "cgr.dev/chainguard/node",
            "rockylinux:9-minimal",
            "registry.access.redhat.com/ubi9/ubi-minimal",
            "python:3.12-windowsservercore-ltsc2022",
            "mycorp/node:20",
            "golang:1.22",
            "eclipse-temurin:21-jre",
            "node:onbuild",
        ] {
            assert_eq!(heavy(&image(text)), None, "{text}");
        }
    }

    #[test]
    fn toolchains_and_their_runtimes() {
        let runtime = |text: &str| toolchain(&image(text)).map(|toolchain| toolchain.runtime);
        assert_eq!(runtime("golang:1.22-alpine").as_deref(), Some("gcr.io/distroless/static:nonroot"));
        assert_eq!(runtime("rust:1.80-slim").as_deref(), Some("gcr.io/distroless/cc:nonroot"));
        assert_eq!(runtime("eclipse-temurin:21-jdk-alpine").as_deref(), Some("eclipse-temurin:21-jre"));
        assert_eq!(runtime("openjdk:17.0.2").as_deref(), Some("eclipse-temurin:17-jre"));
        assert_eq!(runtime("ibm-semeru-runtimes:open-21-jdk").as_deref(), Some("eclipse-temurin:21-jre"));
        assert_eq!(runtime("maven:3.9-eclipse-temurin-21").as_deref(), Some("eclipse-temurin:21-jre"));
        assert_eq!(runtime("gradle:8.7-jdk17").as_deref(), Some("eclipse-temurin:17-jre"));
        assert_eq!(runtime("gradle:8.7").as_deref(), Some("eclipse-temurin:<java version>-jre"));
        assert_eq!(
            runtime("mcr.microsoft.com/dotnet/sdk:8.0").as_deref(),
            Some("mcr.microsoft.com/dotnet/runtime:8.0")
        );
        assert_eq!(runtime("swift:5.10").as_deref(), Some("swift:5.10-slim"));
        assert_eq!(runtime("swift:5.10-slim"), None);
        assert_eq!(runtime("eclipse-temurin:21-jre-alpine"), None);
        assert_eq!(runtime("node:20"), None);
        assert_eq!(runtime("alpine"), None);
    }

    #[test]
    fn knows_images_that_run_as_non_root() {
        for text in [
            "gcr.io/distroless/static-debian12:nonroot",
            "gcr.io/distroless/base:debug-nonroot",
            "cgr.dev/chainguard/python:latest",
            "nginxinc/nginx-unprivileged:1.27",
            "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled",
            "registry.example.com/app:1.0-nonroot",
        ] {
            assert!(runs_as_non_root(&image(text)), "{text}");
        }
        for text in ["gcr.io/distroless/static-debian12", "cgr.dev/chainguard/wolfi-base", "node:20", "nonroot/app"] {
            assert!(!runs_as_non_root(&image(text)), "{text}");
        }
    }

    #[test]
    fn onbuild_tags_and_allowed_images() {
        assert!(is_onbuild(&image("node:onbuild")));
        assert!(is_onbuild(&image("maven:3-jdk-8-onbuild-alpine")));
        assert!(!is_onbuild(&image("onbuild/node:20")));
        let config = Config {
            allowed_base_images: vec!["node:20".into(), "docker.io/library/ubuntu".into()],
            ..Config::default()
        };
        assert!(is_allowed(&config, &image("node:20")));
        assert!(!is_allowed(&config, &image("node:22")));
        assert!(is_allowed(&config, &image("ubuntu:24.04")));
        assert!(!is_allowed(&config, &image("quay.io/ubuntu:24.04")));
    }
}
