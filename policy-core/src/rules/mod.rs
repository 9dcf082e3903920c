//! The rule registry: every rule Seaworthy has, in id order, with its metadata, docs and checks.
//!
//! A rule lives in one file under `rules/<input kind>/`, declared with [`declare_rule!`]: the doc comment is the
//! rule's documentation (sections `## What it does`, `## Why it matters`, `## Example`, `## Use instead`), and the
//! code blocks under Example and Use instead are executed by the registry tests.

pub mod dockerfile;
pub mod input;
pub mod kubernetes;
#[cfg(test)]
mod registry_tests;
pub mod script;

use crate::report::{Diagnostic, Severity};

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
    Dockerfile(fn(&crate::dockerfile::Context<'_>, &mut Vec<Diagnostic>)),
    /// One Kubernetes object (a document, or an item of a `kind: List`); its diagnostics belong to its source.
    Object(fn(&crate::kubernetes::ObjectContext<'_>, &mut Vec<Diagnostic>)),
    /// Every Kubernetes object of the check at once, for cross-document rules; each diagnostic names the index
    /// of the source its span is in (`Object::source`).
    Bundle(fn(&crate::kubernetes::Bundle<'_>, &mut Vec<(usize, Diagnostic)>)),
    /// One shell script, or one shell step of a CI file.
    Script(fn(&crate::script::Context<'_>, &mut Vec<Diagnostic>)),
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
    pub category: Category,
    /// One line, for listings; empty when policy-core is built without its `docs` feature.
    pub summary: &'static str,
    /// Markdown, from the rule's doc comment; empty when policy-core is built without its `docs` feature.
    pub docs: &'static str,
    pub peers: &'static [PeerRule],
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
            category: $category:ident,
            summary: $summary:literal,
            peers: [$(($tool:literal, $peer:literal)),* $(,)?],
            checks: [$($check:expr),* $(,)?] $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $name: $crate::rules::Rule = $crate::rules::Rule {
            id: $id,
            default_severity: $crate::report::Severity::$severity,
            category: $crate::rules::Category::$category,
            summary: if cfg!(feature = "docs") { $summary } else { "" },
            docs: if cfg!(feature = "docs") { concat!($($doc, "\n"),*) } else { "" },
            peers: &[$($crate::rules::PeerRule { tool: $tool, id: $peer }),*],
            checks: &[$($check),*],
        };
    };
}

/// Every rule, sorted by id. The one list that the engine, the CLI, the docs and the playground read.
pub static REGISTRY: &[&Rule] = &[
    &dockerfile::add_instead_of_copy::RULE,
    &dockerfile::apk_no_cache::RULE,
    &dockerfile::apt_get_missing_yes::RULE,
    &dockerfile::apt_install_recommends::RULE,
    &dockerfile::apt_instead_of_apt_get::RULE,
    &dockerfile::apt_lists_not_cleaned::RULE,
    &kubernetes::bare_pod::RULE,
    &dockerfile::cd_instead_of_workdir::RULE,
    &kubernetes::cluster_exported_fields::RULE,
    &dockerfile::constant_platform_in_from::RULE,
    &dockerfile::curl_pipe_shell::RULE,
    &kubernetes::dangerous_capabilities::RULE,
    &kubernetes::default_namespace::RULE,
    &kubernetes::deployment_selector_mismatch::RULE,
    &kubernetes::deprecated_api_version::RULE,
    &input::duplicate_key::RULE,
    &kubernetes::duplicate_object::RULE,
    &dockerfile::heavy_base_image::RULE,
    &kubernetes::host_namespaces::RULE,
    &kubernetes::host_path_volume::RULE,
    &script::imperative_kubectl::RULE,
    &input::input_too_large::RULE,
    &kubernetes::invalid_label::RULE,
    &dockerfile::latest_base_image::RULE,
    &kubernetes::latest_image_tag::RULE,
    &dockerfile::log_to_file::RULE,
    &dockerfile::maintainer_deprecated::RULE,
    &kubernetes::missing_namespace::RULE,
    &kubernetes::missing_probes::RULE,
    &kubernetes::missing_required_labels::RULE,
    &kubernetes::missing_resource_limits::RULE,
    &kubernetes::missing_resource_requests::RULE,
    &dockerfile::missing_user::RULE,
    &dockerfile::multiple_cmd::RULE,
    &kubernetes::namespace_without_quota::RULE,
    &kubernetes::nodeport_service::RULE,
    &input::not_a_manifest::RULE,
    &dockerfile::npm_dev_dependencies::RULE,
    &dockerfile::onbuild_base_image::RULE,
    &input::parse_error::RULE,
    &dockerfile::pip_cache::RULE,
    &dockerfile::pipefail_missing::RULE,
    &kubernetes::privilege_escalation::RULE,
    &kubernetes::privileged_container::RULE,
    &kubernetes::quota_exceeded::RULE,
    &dockerfile::relative_workdir::RULE,
    &kubernetes::replication_controller::RULE,
    &dockerfile::root_user::RULE,
    &kubernetes::run_as_root::RULE,
    &dockerfile::secret_in_env::RULE,
    &kubernetes::service_selector_mismatch::RULE,
    &dockerfile::shell_form_cmd::RULE,
    &dockerfile::single_stage_compiled_build::RULE,
    &dockerfile::ssh_port_exposed::RULE,
    &dockerfile::sudo_usage::RULE,
    &kubernetes::undeclared_namespace::RULE,
    &dockerfile::unknown_stage_reference::RULE,
    &input::unrendered_template::RULE,
    &dockerfile::useradd_large_uid::RULE,
    &kubernetes::writable_root_filesystem::RULE,
];

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

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    REGISTRY.binary_search_by_key(&id, |rule| rule.id).ok().and_then(|at| REGISTRY.get(at).copied())
}

/// The Seaworthy rule ids that another tool's rule id maps to (e.g. `hadolint`, `DL3002` → `root-user`).
pub fn from_peer<'a>(tool: &'a str, peer_id: &'a str) -> impl Iterator<Item = &'static str> + 'a {
    REGISTRY
        .iter()
        .filter(move |rule| rule.peers.iter().any(|peer| peer.tool == tool && peer.id.eq_ignore_ascii_case(peer_id)))
        .map(|rule| rule.id)
}
