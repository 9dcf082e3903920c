//! Image references: the one reader of `[registry/]path[:tag][@digest]` that every Dockerfile and Kubernetes rule
//! uses, following the distribution project's reference grammar and Docker's normalization of it
//! (`reference/normalize.go` in `distribution/reference`):
//!
//! - the first path component is a registry host when it holds a `.` or a `:` (a port), is `localhost`, or has an
//!   upper-case letter (repository paths are lower case); otherwise the image is on Docker Hub;
//! - `docker.io`, `index.docker.io`, `registry-1.docker.io` and `registry.hub.docker.com` all name Docker Hub, and
//!   a one-component Docker Hub path is in `library/`, so `node`, `library/node` and
//!   `registry.hub.docker.com/library/node` are one image;
//! - `${ARG}` and `$ARG` expansions stay as written: a `:` or `/` inside `${...}` separates nothing, and a part
//!   that holds one is symbolic ([`ImageRef::is_symbolic`]), which rules treat as unknown rather than guess.

use std::ops::Range;

/// The registry every unqualified reference resolves to.
pub const DOCKER_HUB: &str = "docker.io";

/// Host names that Docker treats as Docker Hub.
const DOCKER_HUB_ALIASES: [&str; 4] =
    [DOCKER_HUB, "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"];

/// An image reference split into its parts, with the byte ranges of the parts in the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// The reference as given.
    pub text: &'a str,
    /// The registry host, normalized: [`DOCKER_HUB`] for Docker Hub however it was written.
    pub registry: &'a str,
    /// The repository path without the registry and without Docker Hub's `library/` prefix: `node`,
    /// `bitnami/redis`, `distroless/static`.
    pub name: &'a str,
    pub tag: Option<&'a str>,
    /// `sha256:...`, without the `@`.
    pub digest: Option<&'a str>,
    registry_range: Option<Range<usize>>,
    tag_range: Option<Range<usize>>,
    digest_range: Option<Range<usize>>,
}

impl<'a> ImageRef<'a> {
    /// Reads `text`. `None` when it is empty, holds whitespace, or names no repository (`registry.io/`).
    pub fn parse(text: &'a str) -> Option<Self> {
        if text.is_empty() || text.chars().any(char::is_whitespace) {
            return None;
        }
        let separators = separators(text);
        let at_sign = separators.iter().find(|(_, c)| *c == b'@').map(|(at, _)| *at);
        let name_end = at_sign.unwrap_or(text.len());
        let last_slash =
            separators.iter().filter(|(at, c)| *c == b'/' && *at < name_end).map(|(at, _)| *at).next_back();
        let path_start_of_last = last_slash.map_or(0, |at| at + 1);
        let colon = separators
            .iter()
            .find(|(at, c)| *c == b':' && *at >= path_start_of_last && *at < name_end)
            .map(|(at, _)| *at);
        let path_end = colon.unwrap_or(name_end);
        let first_slash = separators.iter().find(|(at, c)| *c == b'/' && *at < path_end).map(|(at, _)| *at);
        let (registry_range, path_start) = match first_slash {
            Some(slash) if text.get(..slash).is_some_and(is_registry_host) => (Some(0..slash), slash + 1),
            _ => (None, 0),
        };
        let written_registry = registry_range.clone().and_then(|range| text.get(range));
        let registry = match written_registry {
            Some(host) if !DOCKER_HUB_ALIASES.contains(&host) => host,
            _ => DOCKER_HUB,
        };
        let path = text.get(path_start..path_end)?;
        let name = if registry == DOCKER_HUB { path.strip_prefix("library/").unwrap_or(path) } else { path };
        if name.is_empty() {
            return None;
        }
        let tag_range = colon.map(|colon| colon + 1..name_end).filter(|range| !range.is_empty());
        let digest_range = at_sign.map(|at| at + 1..text.len()).filter(|range| !range.is_empty());
        Some(Self {
            text,
            registry,
            name,
            tag: tag_range.clone().and_then(|range| text.get(range)),
            digest: digest_range.clone().and_then(|range| text.get(range)),
            registry_range,
            tag_range,
            digest_range,
        })
    }

    /// The registry host as written, when the reference names one.
    pub fn written_registry(&self) -> Option<&'a str> {
        self.registry_range.clone().and_then(|range| self.text.get(range))
    }

    /// Where the written registry host is in [`ImageRef::text`].
    pub fn registry_range(&self) -> Option<Range<usize>> {
        self.registry_range.clone()
    }

    /// Where the tag is in [`ImageRef::text`] (without the `:`).
    pub fn tag_range(&self) -> Option<Range<usize>> {
        self.tag_range.clone()
    }

    /// Where the digest is in [`ImageRef::text`] (without the `@`).
    pub fn digest_range(&self) -> Option<Range<usize>> {
        self.digest_range.clone()
    }

    /// Whether some part still holds a variable (`$TAG`, `${REGISTRY}`), so what it names is not known.
    pub fn is_symbolic(&self) -> bool {
        self.text.contains('$')
    }

    /// Whether the registry part holds a variable, or the registry cannot be told because the path's first
    /// component does (`${IMAGE}`, `$REGISTRY/app`).
    pub fn registry_is_symbolic(&self) -> bool {
        match self.written_registry() {
            Some(host) => host.contains('$'),
            None => self.name.split('/').next().is_some_and(|first| first.contains('$')),
        }
    }

    pub fn is_docker_hub(&self) -> bool {
        self.registry == DOCKER_HUB
    }

    /// The name as users write it: `node` for Docker Hub images, `gcr.io/distroless/static` elsewhere.
    pub fn display_name(&self) -> String {
        if self.is_docker_hub() {
            self.name.to_owned()
        } else {
            format!("{}/{}", self.registry, self.name)
        }
    }

    /// Whether this is the image `full_name`: a Docker Hub name (`node`, `bitnami/redis`) or a full
    /// `registry/path` elsewhere, compared after normalization.
    pub fn is(&self, full_name: &str) -> bool {
        match ImageRef::parse(full_name) {
            Some(other) => other.registry == self.registry && other.name == self.name,
            None => false,
        }
    }

    /// The tag's parts split at `-` and `_` (`3.12-slim-bookworm` is `3.12`, `slim`, `bookworm`).
    pub fn tag_parts(&self) -> impl Iterator<Item = &'a str> {
        self.tag.unwrap_or("").split(['-', '_']).filter(|part| !part.is_empty())
    }

    /// Whether one of the tag's parts is `wanted`, ignoring ASCII case.
    pub fn has_tag_part(&self, wanted: &str) -> bool {
        self.tag_parts().any(|part| part.eq_ignore_ascii_case(wanted))
    }
}

/// Whether a reference's first path component names a registry host rather than a Docker Hub namespace.
fn is_registry_host(component: &str) -> bool {
    component.contains(['.', ':']) || component == "localhost" || component.bytes().any(|b| b.is_ascii_uppercase())
}

/// The offsets of `/`, `:` and `@` outside `${...}` expansions, in order.
fn separators(text: &str) -> Vec<(usize, u8)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'$' if bytes.get(at + 1) == Some(&b'{') => {
                depth += 1;
                at += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b'/' | b':' | b'@' if depth == 0 => found.push((at, byte)),
            _ => {}
        }
        at += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Option<(&str, &str, Option<&str>, Option<&str>)> {
        ImageRef::parse(text).map(|image| (image.registry, image.name, image.tag, image.digest))
    }

    #[test]
    fn every_spelling_of_docker_hub_is_one_image() {
        for text in [
            "node:20",
            "library/node:20",
            "docker.io/node:20",
            "docker.io/library/node:20",
            "index.docker.io/library/node:20",
            "registry-1.docker.io/library/node:20",
            "registry.hub.docker.com/library/node:20",
        ] {
            assert_eq!(parts(text), Some((DOCKER_HUB, "node", Some("20"), None)), "{text}");
        }
        assert_eq!(parts("bitnami/redis"), Some((DOCKER_HUB, "bitnami/redis", None, None)));
        let hub = ImageRef::parse("registry.hub.docker.com/library/node:20").expect("reference");
        assert_eq!(hub.written_registry(), Some("registry.hub.docker.com"));
        assert_eq!(hub.display_name(), "node");
        assert!(hub.is("node") && hub.is("docker.io/library/node") && !hub.is("nodejs"));
    }

    #[test]
    fn registry_hosts_ports_tags_and_digests() {
        assert_eq!(parts("localhost:5000/web"), Some(("localhost:5000", "web", None, None)));
        assert_eq!(parts("localhost/web:1"), Some(("localhost", "web", Some("1"), None)));
        assert_eq!(
            parts("gcr.io/distroless/static:nonroot"),
            Some(("gcr.io", "distroless/static", Some("nonroot"), None))
        );
        assert_eq!(parts("Registry/app"), Some(("Registry", "app", None, None)));
        assert_eq!(parts("team/app:1.0"), Some((DOCKER_HUB, "team/app", Some("1.0"), None)));
        let digest = "sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac";
        let text = format!("registry.example.com:443/app:1.2@{digest}");
        let image = ImageRef::parse(&text).expect("reference");
        assert_eq!(
            (image.registry, image.name, image.tag, image.digest),
            ("registry.example.com:443", "app", Some("1.2"), Some(digest))
        );
        assert_eq!(image.registry_range(), Some(0..24));
        assert_eq!(image.tag_range().and_then(|range| text.get(range)), Some("1.2"));
        assert_eq!(image.digest_range().and_then(|range| text.get(range)), Some(digest));
        assert_eq!(parts("nginx@sha256:abc"), Some((DOCKER_HUB, "nginx", None, Some("sha256:abc"))));
        assert_eq!(parts("node:"), Some((DOCKER_HUB, "node", None, None)));
    }

    #[test]
    fn expansions_stay_symbolic() {
        let image = ImageRef::parse("${REGISTRY:-docker.io}/app:${TAG:-1}").expect("reference");
        assert_eq!(image.written_registry(), Some("${REGISTRY:-docker.io}"));
        assert_eq!((image.name, image.tag), ("app", Some("${TAG:-1}")));
        assert!(image.is_symbolic() && image.registry_is_symbolic());
        let tag_only = ImageRef::parse("registry.example.com/app:$TAG").expect("reference");
        assert!(tag_only.is_symbolic() && !tag_only.registry_is_symbolic());
        assert!(ImageRef::parse("${IMAGE}").is_some_and(|image| image.registry_is_symbolic()));
        assert!(ImageRef::parse("$BASE/app").is_some_and(|image| image.registry_is_symbolic()));
    }

    #[test]
    fn what_names_no_image() {
        for text in ["", "node 20", "registry.io/", ":1", "@sha256:abc"] {
            assert_eq!(parts(text), None, "{text:?}");
        }
    }
}
