//! The rule framework: what a rule is (id, severity, category, docs, peers, checks), what each kind of check is
//! given ([`dockerfile::Context`], [`kubernetes::ObjectContext`], [`script::Context`]) and what it reports
//! ([`Diagnostic`]). The rules themselves and their registry sit one layer up, in `rules/`; this layer knows none
//! of them.
//!
//! A rule lives in one file under `rules/<input kind>/`, declared with [`declare_rule!`]: the doc comment is the
//! rule's documentation (sections `## What it does`, `## Why it matters`, `## Example`, `## Use instead`), and the
//! code blocks under Example and Use instead are executed by the registry tests.

pub mod dockerfile;
pub mod kubernetes;
pub mod pod_security;
pub mod script;

pub use crate::base::fix::{Edit, Fix};
pub use crate::base::severity::Severity;
use crate::base::span::Span;
use crate::config::Config;

/// What area of practice a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The input could not be read as intended.
    Syntax,
    /// Base images: size, tags, provenance.
    Image,
    /// How an image is built: layers, caches, package managers.
    Build,
    /// Users, privileges, secrets, host access.
    Security,
    /// Namespaces, labels, API versions, object identity.
    Organization,
    /// Requests, limits, quotas.
    Resources,
    /// Probes, controllers, signals, logging.
    Reliability,
}

/// A rule of another linter that means the same thing, for suppression comments and parity reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PeerRule {
    /// `hadolint`, `checkov`, `kube-linter`, `kube-score`, ...
    pub tool: &'static str,
    pub id: &'static str,
}

/// How a rule looks at its input.
#[derive(Clone, Copy)]
pub enum Check {
    /// One parsed Dockerfile.
    Dockerfile(fn(&dockerfile::Context<'_>, &mut Vec<Diagnostic>)),
    /// One Kubernetes object (a document, or an item of a `kind: List`); its diagnostics belong to its source.
    Object(fn(&kubernetes::ObjectContext<'_>, &mut Vec<Diagnostic>)),
    /// Every Kubernetes object of the check at once, for cross-document rules; each diagnostic names the index
    /// of the source its span is in (`Object::source`).
    Bundle(fn(&crate::model::kubernetes::Bundle<'_>, &mut Vec<(usize, Diagnostic)>)),
    /// One shell script, or one shell step of a CI file.
    Script(fn(&script::Context<'_>, &mut Vec<Diagnostic>)),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Dockerfile(_) => f.write_str("Check::Dockerfile"),
            Self::Object(_) => f.write_str("Check::Object"),
            Self::Bundle(_) => f.write_str("Check::Bundle"),
            Self::Script(_) => f.write_str("Check::Script"),
        }
    }
}

/// A rule's metadata, docs and checks. Rules that only parsers emit (`parse-error`, ...) have no checks.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub default_severity: Severity,
    /// False for a rule that runs only when the configuration turns it on (`rules: {id: warning}`): a practice
    /// of taste, whose docs say why it is off.
    pub enabled_by_default: bool,
    pub category: Category,
    /// One line, for listings; empty when policy-core is built without its `summaries` feature.
    pub summary: &'static str,
    /// Markdown, from the rule's doc comment; empty when policy-core is built without its `docs` feature.
    pub docs: &'static str,
    pub peers: &'static [PeerRule],
    /// The Pod Security Standards controls the rule implements (`pss-baseline/host-ports`, ...).
    pub controls: &'static [&'static pod_security::Control],
    pub checks: &'static [Check],
}

impl Rule {
    /// The docs with the one space that `///` leaves at the start of each line removed.
    pub fn docs_markdown(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The `.seaworthy.yaml` its docs examples are checked under: the code block of a `## Configuration`
    /// section, written as JSON (which is YAML too) so that every host can read it. `None` for most rules, whose
    /// examples need no setting.
    /// A rule that is off by default gets its own default severity added, so that its examples raise it.
    pub fn example_config(&self) -> Option<String> {
        let written = self.configuration_section();
        if self.enabled_by_default {
            return written;
        }
        let mut config = written
            .as_deref()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
            .and_then(|value| value.as_object().cloned())
            .unwrap_or_default();
        let rules = config.entry("rules").or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if let Some(rules) = rules.as_object_mut() {
            rules.insert(self.id.to_owned(), serde_json::Value::from(self.default_severity.as_str()));
        }
        Some(format!("{}\n", serde_json::Value::Object(config)))
    }

    /// The code block of the docs' `## Configuration` section, as written.
    fn configuration_section(&self) -> Option<String> {
        let docs = self.docs_markdown();
        let section = docs.split_once("\n## Configuration\n")?.1;
        let section = section.split("\n## ").next().unwrap_or("");
        let (_, fenced) = section.split_once("```")?;
        let (_, body) = fenced.split_once('\n')?;
        body.split_once("```").map(|(code, _)| code.to_owned())
    }

    /// The rule's id in another tool, if it has one.
    pub fn peer_id(&self, tool: &str) -> Option<&'static str> {
        self.peers.iter().find(|peer| peer.tool == tool).map(|peer| peer.id)
    }
}

/// Declares a rule: `pub static RULE: Rule` with the doc comment kept as its docs.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $name:ident = {
            id: $id:literal,
            severity: $severity:ident,
            $(enabled: $enabled:literal,)?
            category: $category:ident,
            summary: $summary:literal,
            peers: [$(($tool:literal, $peer:literal)),* $(,)?],
            $(controls: [$($control:expr),* $(,)?],)?
            checks: [$($check:expr),* $(,)?] $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $name: $crate::lint::Rule = $crate::lint::Rule {
            id: $id,
            default_severity: $crate::lint::Severity::$severity,
            enabled_by_default: true $(&& $enabled)?,
            category: $crate::lint::Category::$category,
            summary: if cfg!(feature = "summaries") { $summary } else { "" },
            docs: if cfg!(feature = "docs") { concat!($($doc, "\n"),*) } else { "" },
            peers: &[$($crate::lint::PeerRule { tool: $tool, id: $peer }),*],
            controls: &[$($(&$control),*)?],
            checks: &[$($check),*],
        };
    };
}

impl Rule {
    /// The severity this rule reports at under `config`, or `None` when it is off there.
    pub fn severity_in(&self, config: &Config) -> Option<Severity> {
        let default = self.enabled_by_default.then_some(self.default_severity);
        config.setting_of(self.id).map_or(default, crate::config::RuleSetting::severity)
    }
}

/// What a rule reports, before positions are computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub span: Span,
    pub message: String,
    pub help: String,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: &'static str, span: Span, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self { rule, span, message: message.into(), help: help.into(), fix: None }
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// The file a rule's fenced docs example is checked as, from the fence's info string: the word after the language
/// when there is one (`yaml .github/workflows/deploy.yml`), else by language: `dockerfile` is `Dockerfile`, `yaml`
/// is `manifest.yaml`, `sh` is `deploy.sh`. `None` for another language. The registry tests, the playground and
/// the npm package's tests all read examples this way.
pub fn example_path(info: &str) -> Option<String> {
    let mut words = info.split_whitespace();
    let by_language = match words.next()?.to_ascii_lowercase().as_str() {
        "dockerfile" => "Dockerfile",
        "yaml" | "yml" => "manifest.yaml",
        "sh" | "bash" | "shell" => "deploy.sh",
        _ => return None,
    };
    Some(words.next().unwrap_or(by_language).to_owned())
}
