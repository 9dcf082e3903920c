//! The configuration a check runs under: which rules, at what severity, and the settings rules read.
//!
//! The same structure comes from `.seaworthy.yaml` (the CLI), from JSON (the npm package, the raw ABI,
//! Kubewarden settings) and from the playground's config panel, always through one validation: unknown keys and
//! unknown rule ids are errors with a position and a did-you-mean. This layer sits below the rules, so it is told
//! which ids exist ([`Config::parse_yaml`], [`Config::parse_json`]); hosts call `Config::from_yaml` and
//! `Config::from_json` (in `crate::engine`), which pass the registry's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::base::limits::Limits;
use crate::base::severity::Severity;
use crate::base::span::{LineIndex, Span};

/// Per-rule setting: `off`, or a severity that replaces the rule's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    Off,
    Info,
    Warning,
    Error,
}

impl From<Severity> for RuleSetting {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Info => Self::Info,
            Severity::Warning => Self::Warning,
            Severity::Error => Self::Error,
        }
    }
}

impl RuleSetting {
    pub const fn severity(self) -> Option<Severity> {
        match self {
            Self::Off => None,
            Self::Info => Some(Severity::Info),
            Self::Warning => Some(Severity::Warning),
            Self::Error => Some(Severity::Error),
        }
    }
}

/// The configuration of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// Rule id → `off` or a severity.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Registries whose images are trusted, e.g. `registry.example.com`. Empty: every registry is.
    pub trusted_registries: Vec<String>,
    /// Base images accepted whatever the image rules say, as `name` or `name:tag` (e.g. `node:20`).
    pub allowed_base_images: Vec<String>,
    /// Labels every workload and pod template must carry.
    pub required_labels: Vec<String>,
    pub limits: Limits,
    /// Whether `seaworthy.dev/ignore` (and kube-linter's and kube-score's) annotations may silence findings. Off
    /// where manifest authors must not waive policy, e.g. in an admission controller.
    pub allow_ignore_annotations: bool,
    /// Objects exempted from rules, for manifests nobody can edit (vendored charts).
    pub exemptions: Vec<Exemption>,
    /// The Pod Security Standards level pods are held to where no Namespace of the check labels its own.
    pub pod_security: PodSecurityLevel,
}

/// A level of the Kubernetes Pod Security Standards, in order of strictness: `privileged` allows everything,
/// `baseline` forbids the known privilege escalations, `restricted` adds the hardening practices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PodSecurityLevel {
    Privileged,
    Baseline,
    #[default]
    Restricted,
}

impl PodSecurityLevel {
    /// The level as the `pod-security.kubernetes.io/enforce` label writes it; `None` for any other text.
    pub fn from_label(value: &str) -> Option<Self> {
        match value {
            "privileged" => Some(Self::Privileged),
            "baseline" => Some(Self::Baseline),
            "restricted" => Some(Self::Restricted),
            _ => None,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Privileged => "privileged",
            Self::Baseline => "baseline",
            Self::Restricted => "restricted",
        }
    }
}

/// Rules that do not apply to the objects matching `kind`, `namespace` and `name` (each unset field matches
/// anything).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Exemption {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Rule ids; empty exempts the objects from every rule.
    pub rules: Vec<String>,
}

impl Exemption {
    /// Whether an object of this kind, namespace and name is exempted (the caller passes `default` for a
    /// namespaced object that names none).
    pub fn matches(&self, kind: &str, namespace: Option<&str>, name: Option<&str>) -> bool {
        self.kind.as_deref().is_none_or(|want| want == kind)
            && self.namespace.as_deref().is_none_or(|want| Some(want) == namespace)
            && self.name.as_deref().is_none_or(|want| Some(want) == name)
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            rules: BTreeMap::new(),
            trusted_registries: Vec::new(),
            allowed_base_images: Vec::new(),
            required_labels: ["app", "version", "release", "stage"].map(String::from).to_vec(),
            limits: Limits::default(),
            allow_ignore_annotations: true,
            exemptions: Vec::new(),
            pod_security: PodSecurityLevel::default(),
        }
    }
}

/// Why a configuration was refused, with the 1-based line and UTF-16 column of the offending key or value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// What a configuration that is a list or a scalar is told.
const NOT_A_MAPPING: &str = "the configuration must be a mapping of settings (`rules:`, `limits:`, ...)";

impl Config {
    /// The setting `rules:` gives the rule `id`, if any.
    pub fn setting_of(&self, id: &str) -> Option<RuleSetting> {
        self.rules.get(id).copied()
    }
}

impl Config {
    /// Reads a configuration from YAML (`.seaworthy.yaml`). Unknown keys, rule ids not in `known`, bad values,
    /// duplicate keys and syntax errors are refused with the line and column of the offending key or value. An
    /// empty file is the default configuration.
    pub fn parse_yaml(text: &str, known: &[&str]) -> Result<Self, ConfigError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let index = LineIndex::new(text);
        let at = |span: Span, message: String| ConfigError::at(&index, span.start, message);
        let stream = crate::syntax::yaml::parse_stream(text, &Limits::default());
        if let Some(problem) = stream.problems.first() {
            return Err(at(problem.span, problem.message.clone()));
        }
        let mut documents = stream.documents.iter();
        let Some(document) = documents.next() else { return Ok(Self::default()) };
        if let Some(extra) = documents.next() {
            return Err(at(extra.root.span, "a configuration is one YAML document; remove the `---`".to_owned()));
        }
        if document.root.as_mapping().is_none() {
            return Err(at(document.root.span, NOT_A_MAPPING.to_owned()));
        }
        let config: Self = crate::syntax::yaml::from_node(&document.root)
            .map_err(|error| at(error.span.unwrap_or(document.root.span), error.message))?;
        config
            .check_rule_ids(known, |id| {
                rule_id_nodes(&document.root)
                    .find(|node| node.as_str() == Some(id))
                    .map_or(document.root.span, |node| node.span)
            })
            .map_err(|(span, message)| at(span, message))?;
        Ok(config)
    }

    /// Reads a configuration from JSON (the npm package, the raw ABI, Kubewarden settings), with the same checks
    /// as [`Config::parse_yaml`].
    pub fn parse_json(text: &str, known: &[&str]) -> Result<Self, ConfigError> {
        let index = LineIndex::new(text);
        // serde reads a struct from an array by position too; a configuration is an object.
        let first = text.len() - text.trim_start().len();
        if text.get(first..).is_some_and(|rest| rest.starts_with('[')) {
            return Err(ConfigError::at(&index, first, NOT_A_MAPPING.to_owned()));
        }
        let config: Self = serde_json::from_str(text).map_err(|error| {
            let message = error.to_string();
            let message = message.rfind(" at line ").map_or(message.as_str(), |cut| message.get(..cut).unwrap_or(""));
            // serde_json counts columns in bytes from 1; report UTF-16 columns like every other position.
            let line_start = index.line_span(error.line()).map_or(0, |line| line.start);
            ConfigError::at(&index, line_start + error.column().saturating_sub(1), message.to_owned())
        })?;
        // JSON is YAML, so the YAML tree finds where an unknown rule id was written.
        let stream = crate::syntax::yaml::parse_stream(text, &Limits::default());
        let root = stream.documents.first().map(|document| &document.root);
        config
            .check_rule_ids(known, |id| {
                root.and_then(|root| rule_id_nodes(root).find(|node| node.as_str() == Some(id)))
                    .map_or(Span::at(0), |node| node.span)
            })
            .map_err(|(span, message)| ConfigError::at(&index, span.start, message))?;
        Ok(config)
    }

    /// Refuses rule ids that are not in `known`, suggesting the closest one; `locate` finds where an id was written.
    fn check_rule_ids(&self, known: &[&str], locate: impl Fn(&str) -> Span) -> Result<(), (Span, String)> {
        let exempted = self.exemptions.iter().flat_map(|exemption| exemption.rules.iter());
        for id in self.rules.keys().chain(exempted) {
            check_rule_id(id, known).map_err(|message| (locate(id), message))?;
        }
        Ok(())
    }
}

/// `Ok` when `known` holds `id`, else the message every host shows: "unknown rule `root-usr`; did you mean
/// `root-user`?".
pub fn check_rule_id(id: &str, known: &[&str]) -> Result<(), String> {
    if known.contains(&id) {
        return Ok(());
    }
    let hint = closest_rule_id(id, known).map_or_else(String::new, |near| format!("; did you mean `{near}`?"));
    Err(format!("unknown rule `{id}`{hint}"))
}

/// The id of `known` nearest to a misspelt `id`: within a third of its length in edits, and at least 3.
pub fn closest_rule_id<'k>(id: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|candidate| (strsim::osa_distance(id, candidate), *candidate))
        .filter(|(distance, _)| *distance <= 3.max(id.len() / 3))
        .min()
        .map(|(_, near)| near)
}

/// The nodes that name rules in a configuration tree: the keys under `rules:` and the items of every
/// exemption's `rules:`.
fn rule_id_nodes(root: &crate::syntax::yaml::Node) -> impl Iterator<Item = &crate::syntax::yaml::Node> {
    let keys = root.get("rules").into_iter().flat_map(|rules| rules.entries().map(|entry| &entry.key));
    let exempted = root
        .get("exemptions")
        .into_iter()
        .flat_map(crate::syntax::yaml::Node::items)
        .filter_map(|exemption| exemption.get("rules"))
        .flat_map(crate::syntax::yaml::Node::items);
    keys.chain(exempted)
}

impl ConfigError {
    fn at(index: &LineIndex<'_>, offset: usize, message: String) -> Self {
        let position = index.position(offset);
        Self { message, line: position.line, column: position.column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["parse-error", "root-user"];

    fn yaml(text: &str) -> Result<Config, ConfigError> {
        Config::parse_yaml(text, KNOWN)
    }

    fn json(text: &str) -> Result<Config, ConfigError> {
        Config::parse_json(text, KNOWN)
    }

    fn error(text: &str) -> (u32, u32, String) {
        let error = yaml(text).expect_err("should be refused");
        (error.line, error.column, error.message)
    }

    #[test]
    fn reads_every_key() {
        let text = "\
rules:
  parse-error: warning
trusted-registries: [registry.example.com]
allowed-base-images:
  - node:20
required-labels: [app]
limits:
  max-depth: 64
  max-documents: 5
allow-ignore-annotations: false
exemptions:
  - kind: Deployment
    namespace: kube-system
    rules: [parse-error]
pod-security: baseline
";
        let config = yaml(text).expect("valid");
        assert_eq!(config.rules.get("parse-error"), Some(&RuleSetting::Warning));
        assert_eq!(config.trusted_registries, ["registry.example.com"]);
        assert_eq!(config.allowed_base_images, ["node:20"]);
        assert_eq!(config.required_labels, ["app"]);
        assert_eq!((config.limits.max_depth, config.limits.max_documents), (64, 5));
        assert_eq!(config.limits.max_alias_nodes, Limits::default().max_alias_nodes);
        assert!(!config.allow_ignore_annotations);
        assert_eq!(config.pod_security, PodSecurityLevel::Baseline);
        assert_eq!(Config::default().pod_security, PodSecurityLevel::Restricted);
        let exemption = config.exemptions.first().expect("one exemption");
        assert!(exemption.matches("Deployment", Some("kube-system"), Some("any")));
        assert!(!exemption.matches("Deployment", None, Some("any")));
        assert_eq!(yaml("").expect("empty"), Config::default());
        // `off` is a YAML 1.1 boolean, but a rule setting reads the text.
        let off = yaml("rules: {parse-error: off}\nallow-ignore-annotations: no\n").expect("off");
        assert_eq!(off.rules.get("parse-error"), Some(&RuleSetting::Off));
        assert!(!off.allow_ignore_annotations);
        assert_eq!(yaml("# only a comment\n").expect("comment"), Config::default());
    }

    #[test]
    fn yaml_errors_point_at_the_key_or_value() {
        let (line, column, message) = error("rules:\n  parse-error: warn\n");
        assert_eq!((line, column), (2, 16));
        assert!(message.contains("unknown variant `warn`"), "{message}");

        let (line, column, message) = error("limits:\n  max-depth: 3\n  max-dept: 4\n");
        assert_eq!((line, column), (3, 3));
        assert!(message.contains("unknown field `max-dept`"), "{message}");

        let (line, column, message) = error("required-labels: app\n");
        assert_eq!((line, column), (1, 18));
        assert!(message.contains("expected a sequence"), "{message}");

        let (line, column, message) = error("limits:\n  max-depth: \"deep\"\n");
        assert_eq!((line, column), (2, 14));
        assert!(message.contains("invalid type"), "{message}");

        // A float is named as written, not as a reprinted number.
        let (line, column, message) = error("limits:\n  max-depth: 1.50e1\n");
        assert_eq!((line, column), (2, 14));
        assert!(message.starts_with("invalid type: floating point `1.50e1`, expected"), "{message}");
        let (_, _, message) = error("allow-ignore-annotations: .inf\n");
        assert!(message.starts_with("invalid type: floating point `.inf`, expected a boolean"), "{message}");

        let (line, column, message) = error("pod-security: basline\n");
        assert_eq!((line, column), (1, 15));
        assert!(
            message.contains("unknown variant `basline`, expected one of `privileged`, `baseline`, `restricted`"),
            "{message}"
        );

        let (line, column, message) = error("rules:\n  parse-eror: off\n");
        assert_eq!((line, column), (2, 3));
        assert_eq!(message, "unknown rule `parse-eror`; did you mean `parse-error`?");

        let (line, column, message) = error("exemptions:\n  - kind: Pod\n    rules: [nothing-like-any-rule-id]\n");
        assert_eq!((line, column), (3, 13));
        assert_eq!(message, "unknown rule `nothing-like-any-rule-id`");

        let (line, column, message) = error("trusted-registries: []\ntrusted-registries: []\n");
        assert_eq!((line, column), (2, 1));
        assert!(message.contains("repeats the key on line 1"), "{message}");

        // An unclosed bracket is reported where it opens.
        let (line, column, message) = error("rules: {a: [\n");
        assert_eq!((line, column), (1, 12));
        assert!(message.contains("never closed"), "{message}");

        // Columns count UTF-16 units: `é` is one.
        let (line, column, _) = error("# é\nrequired-labels: {é: 1}\n");
        assert_eq!((line, column), (2, 18));
    }

    #[test]
    fn json_reads_the_same_and_points_the_same() {
        let config = json(r#"{"rules": {"parse-error": "off"}, "limits": {"max-depth": 9}}"#).expect("valid json");
        assert_eq!(config.rules.get("parse-error"), Some(&RuleSetting::Off));
        assert_eq!(config.limits.max_depth, 9);

        let error = json("{\n  \"rules\": {\n    \"parse-eror\": \"off\"\n  }\n}").expect_err("unknown id");
        assert_eq!((error.line, error.column), (3, 5));
        assert_eq!(error.message, "unknown rule `parse-eror`; did you mean `parse-error`?");

        let error = json("{\n  \"limitz\": {}\n}").expect_err("unknown key");
        assert_eq!(error.line, 2);
        assert!(error.message.starts_with("unknown field `limitz`"), "{}", error.message);
        assert!(!error.message.contains(" at line "), "{}", error.message);

        // The trailing comma is noticed at the `]`, column 27 in UTF-16 units (28 in bytes).
        let error = json("{\"required-labels\": [\"é\", ]}").expect_err("syntax");
        assert_eq!((error.line, error.column), (1, 27));
    }

    #[test]
    fn a_list_or_a_scalar_is_not_a_configuration() {
        for (text, line, column) in [("- rules\n", 1, 1), ("just text\n", 1, 1)] {
            let error = yaml(text).err().map(|error| (error.line, error.column, error.message));
            assert_eq!(error, Some((line, column, NOT_A_MAPPING.to_owned())), "{text:?}");
        }
        let error = json("\n  []").err().map(|error| (error.line, error.column));
        assert_eq!(error, Some((2, 3)));
        assert!(json("{}").is_ok());
        assert!(yaml("").is_ok());
    }
}
