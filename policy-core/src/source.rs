//! Sources and their kinds: what a check is given, and how the kind is told from the file name.

use serde::{Deserialize, Serialize};

/// The kinds of input Seaworthy reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Dockerfile,
    Kubernetes,
}

impl Kind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Dockerfile => "dockerfile",
            Self::Kubernetes => "kubernetes",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "dockerfile" => Some(Self::Dockerfile),
            "kubernetes" => Some(Self::Kubernetes),
            _ => None,
        }
    }

    /// The kind a path's file name implies: `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.dockerfile`,
    /// `Dockerfile.*` and `Containerfile.*` are Dockerfiles; `*.yaml` and `*.yml` are Kubernetes manifests.
    pub fn detect(path: &str) -> Option<Self> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        // `lower` is already lowercased, so the suffix tests below are case-insensitive.
        let is_dockerfile = lower == "dockerfile"
            || lower == "containerfile"
            || lower.ends_with(".dockerfile")
            || lower.ends_with(".containerfile")
            || lower.starts_with("dockerfile.")
            || lower.starts_with("containerfile.");
        #[allow(clippy::case_sensitive_file_extension_comparisons)]
        let is_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
        if is_dockerfile {
            Some(Self::Dockerfile)
        } else if is_yaml {
            Some(Self::Kubernetes)
        } else {
            None
        }
    }
}

/// One input of a check: a path (used for reporting and kind detection) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub content: String,
    /// Overrides the kind detected from `path`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
}

impl Source {
    pub fn new(path: impl Into<String>, content: impl Into<String>) -> Self {
        Self { path: path.into(), content: content.into(), kind: None }
    }

    #[must_use]
    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = Some(kind);
        self
    }

    pub fn kind(&self) -> Option<Kind> {
        self.kind.or_else(|| Kind::detect(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_kinds_from_names() {
        for path in
            ["Dockerfile", "a/b/Containerfile", "api.Dockerfile", "x.dockerfile", "Dockerfile.dev", "c\\DOCKERFILE"]
        {
            assert_eq!(Kind::detect(path), Some(Kind::Dockerfile), "{path}");
        }
        for path in ["k8s/app.yaml", "x.YML"] {
            assert_eq!(Kind::detect(path), Some(Kind::Kubernetes), "{path}");
        }
        for path in ["README.md", "Dockerfiles/readme", "yaml"] {
            assert_eq!(Kind::detect(path), None, "{path}");
        }
        assert_eq!(Source::new("notes.txt", "").with_kind(Kind::Dockerfile).kind(), Some(Kind::Dockerfile));
    }
}
