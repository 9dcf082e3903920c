//! Sources and their kinds: what a check is given, and how the kind is told from the file name.

use serde::{Deserialize, Serialize};

/// The kinds of input Seaworthy reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Dockerfile,
    Kubernetes,
    /// A shell script: `*.sh`, `*.bash`, or a file whose first line is a shell shebang.
    Shell,
    /// A CI file whose steps run shell: a GitHub Actions workflow or a GitLab CI file.
    Ci,
}

/// Shells whose scripts Seaworthy reads, as named in a shebang (`#!/bin/bash`, `#!/usr/bin/env zsh`).
const SHELLS: [&str; 5] = ["sh", "bash", "dash", "zsh", "ksh"];

impl Kind {
    /// Every kind, in the order hosts list them.
    pub const ALL: [Self; 4] = [Self::Dockerfile, Self::Kubernetes, Self::Shell, Self::Ci];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Dockerfile => "dockerfile",
            Self::Kubernetes => "kubernetes",
            Self::Shell => "shell",
            Self::Ci => "ci",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The kind a path implies: `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.dockerfile`, `Dockerfile.*` and
    /// `Containerfile.*` are Dockerfiles; `*.sh`, `*.bash`, `*.zsh` and `*.ksh` are shell scripts; `*.yml` and
    /// `*.yaml` under `.github/workflows/`, `.gitlab-ci.yml` and `*.gitlab-ci.yml` are CI files; other `*.yaml`
    /// and `*.yml` are Kubernetes manifests. A script without an extension is told by its content
    /// ([`Kind::detect_content`]).
    pub fn detect(path: &str) -> Option<Self> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if is_ci_path(path, &lower) {
            return Some(Self::Ci);
        }
        // `lower` is already lowercased, so the suffix tests below are case-insensitive.
        let is_dockerfile = lower == "dockerfile"
            || lower == "containerfile"
            || lower.ends_with(".dockerfile")
            || lower.ends_with(".containerfile")
            || lower.starts_with("dockerfile.")
            || lower.starts_with("containerfile.");
        #[allow(clippy::case_sensitive_file_extension_comparisons)]
        let is_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
        let is_shell = [".sh", ".bash", ".zsh", ".ksh"].iter().any(|extension| lower.ends_with(extension));
        if is_dockerfile {
            Some(Self::Dockerfile)
        } else if is_shell {
            Some(Self::Shell)
        } else if is_yaml {
            Some(Self::Kubernetes)
        } else {
            None
        }
    }

    /// The kind a text's first line implies: a shell shebang (`#!/bin/sh`, `#!/bin/bash -e`,
    /// `#!/usr/bin/env bash`, `#!/usr/bin/env -S bash -eu`) makes a shell script. A leading BOM is skipped.
    pub fn detect_content(text: &str) -> Option<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let line = text.strip_prefix("#!")?.lines().next().unwrap_or("");
        let mut words = line.split_whitespace();
        let mut program = words.next()?.rsplit('/').next()?;
        if program == "env" {
            program = words.find(|word| !word.starts_with('-') && !word.contains('='))?;
        }
        SHELLS.contains(&program).then_some(Self::Shell)
    }
}

/// `.github/workflows/*.yml|yaml` (GitHub reads workflows from that folder only), `.gitlab-ci.yml` and the
/// `*.gitlab-ci.yml` files that GitLab projects commonly `include:`.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
fn is_ci_path(path: &str, lower_name: &str) -> bool {
    let is_yaml = lower_name.ends_with(".yml") || lower_name.ends_with(".yaml");
    if !is_yaml {
        return false;
    }
    let folders: Vec<&str> = path.split(['/', '\\']).collect();
    let in_workflows = folders.len() >= 3
        && folders.get(folders.len() - 3).is_some_and(|folder| folder.eq_ignore_ascii_case(".github"))
        && folders.get(folders.len() - 2).is_some_and(|folder| folder.eq_ignore_ascii_case("workflows"));
    in_workflows || lower_name.ends_with(".gitlab-ci.yml") || lower_name.ends_with(".gitlab-ci.yaml")
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

    /// The kind given, else the one the path implies, else the one the content's first line implies.
    pub fn kind(&self) -> Option<Kind> {
        self.kind.or_else(|| Kind::detect(&self.path)).or_else(|| Kind::detect_content(&self.content))
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

    #[test]
    fn ci_paths_win_over_manifests_and_scripts_are_told_by_name_or_shebang() {
        for path in [
            ".github/workflows/deploy.yml",
            "repo\\.github\\workflows\\ci.YAML",
            ".gitlab-ci.yml",
            "ci/deploy.gitlab-ci.yml",
        ] {
            assert_eq!(Kind::detect(path), Some(Kind::Ci), "{path}");
        }
        for path in [".github/workflows/nested/x.yml", ".github/dependabot.yml", "workflows/x.yml", "gitlab-ci.yml"] {
            assert_eq!(Kind::detect(path), Some(Kind::Kubernetes), "{path}");
        }
        for path in ["deploy.sh", "bin/x.BASH", "a.zsh", "b.ksh"] {
            assert_eq!(Kind::detect(path), Some(Kind::Shell), "{path}");
        }
        assert_eq!(Kind::detect(".github/workflows/README.md"), None);
        for text in [
            "#!/bin/sh\n",
            "#!/bin/bash -eu\nx",
            "#! /usr/bin/env bash\n",
            "#!/usr/bin/env -S zsh -f\n",
            "\u{feff}#!/bin/dash",
        ] {
            assert_eq!(Kind::detect_content(text), Some(Kind::Shell), "{text:?}");
        }
        for text in ["#!/usr/bin/env python3\n", "#!/usr/bin/node", "# comment\n#!/bin/sh", "", "#!", "#!/usr/bin/env"]
        {
            assert_eq!(Kind::detect_content(text), None, "{text:?}");
        }
        assert_eq!(Source::new("bin/deploy", "#!/bin/bash\nkubectl get pods\n").kind(), Some(Kind::Shell));
        assert_eq!(Source::new("deploy.yaml", "#!/bin/bash\n").kind(), Some(Kind::Kubernetes), "the path wins");
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
        }
    }
}
