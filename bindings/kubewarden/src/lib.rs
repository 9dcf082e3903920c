//! Seaworthy as a Kubewarden validating policy: the waPC operations `protocol_version`, `validate_settings` and
//! `validate` over Kubewarden's JSON shapes (ValidationRequest in, ValidationResponse out), as the Kubewarden Rust
//! SDK defines them. The crate uses `wapc-guest` directly instead of the SDK to keep the module small.
//!
//! An admission request carries one object, so only rules that look at one object at a time can run; the object
//! is handed to `policy-core` as a Kubernetes source, and the request is rejected when a finding reaches the
//! configured severity. Findings below it come back as warnings, which `kubectl` prints.

use std::collections::BTreeMap;

use policy_core::config::{PodSecurityLevel, RuleSetting};
use policy_core::rules::{Check, REGISTRY};
use policy_core::{Config, Finding, Kind, Severity, Source};
use serde::{Deserialize, Serialize};

#[cfg(target_arch = "wasm32")]
mod guest;

/// The most findings a rejection message lists; the rest are counted.
const LISTED_FINDINGS: usize = 10;

/// The policy's settings, as given in the ClusterAdmissionPolicy's `settings`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Settings {
    /// Findings at or above this severity reject the object. Default: `error`.
    pub minimum_severity: Severity,
    /// Rule ids that never run.
    pub disabled_rules: Vec<String>,
    /// Labels every workload must carry; the core's default list when absent.
    pub required_labels: Option<Vec<String>>,
    /// The Pod Security Standards level to enforce, as the PodSecurity admission would: every finding of a rule
    /// that implements one of its controls rejects the object, whatever its severity. Absent: the core's default
    /// level (`restricted`), and its findings reject only from `minimum-severity`.
    pub pod_security: Option<PodSecurityLevel>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            minimum_severity: Severity::Error,
            disabled_rules: Vec::new(),
            required_labels: None,
            pod_security: None,
        }
    }
}

impl Settings {
    /// Reads and checks settings; the error is the reason shown to whoever wrote them.
    pub fn parse(json: &[u8]) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_slice(json).map_err(|problem| format!("settings are not JSON: {problem}"))?;
        let settings = if value.is_null() {
            Self::default()
        } else {
            Self::deserialize(value).map_err(|problem| format!("invalid settings: {problem}"))?
        };
        for id in &settings.disabled_rules {
            policy_core::engine::check_rule(id)
                .map_err(|reason| format!("invalid settings: `disabled-rules`: {reason}"))?;
        }
        Ok(settings)
    }

    /// The core configuration these settings stand for: the disabled rules are off, and so is every rule that
    /// does not apply at admission (see [`applies_at_admission`]).
    pub fn config(&self) -> Config {
        let mut config = Config::default();
        let not_here = REGISTRY.iter().filter(|rule| !applies_at_admission(rule));
        let off = self.disabled_rules.iter().cloned().chain(not_here.map(|rule| rule.id.to_owned()));
        config.rules = off.map(|id| (id, RuleSetting::Off)).collect::<BTreeMap<_, _>>();
        if let Some(labels) = &self.required_labels {
            config.required_labels.clone_from(labels);
        }
        if let Some(level) = self.pod_security {
            config.pod_security = level;
        }
        config
    }

    /// Whether `finding` rejects the object: it reaches `minimum-severity`, or `pod-security` is set and its rule
    /// implements a control of the standard.
    fn rejects(&self, finding: &Finding) -> bool {
        let enforced_control = self.pod_security.is_some()
            && policy_core::rules::find(&finding.rule).is_some_and(|rule| !rule.controls.is_empty());
        finding.severity >= self.minimum_severity || enforced_control
    }
}

/// Rules about what the API server itself writes into an object: every admitted object carries these fields
/// (`uid`, `creationTimestamp`, `managedFields` are set before validating admission runs), so the rule would
/// reject them all.
const FILE_ONLY: [&str; 1] = ["cluster-exported-fields"];

/// Whether a rule can judge an admission request: it looks at one Kubernetes object at a time, and at what its
/// author wrote. Rules that compare objects need the whole set of manifests, script rules read shell scripts and
/// CI files, which admission never sees, and [`FILE_ONLY`] rules read fields the cluster adds.
pub fn applies_at_admission(rule: &policy_core::rules::Rule) -> bool {
    let checks_one_object = rule.checks.iter().all(|check| !matches!(check, Check::Bundle(_) | Check::Script(_)));
    checks_one_object && !FILE_ONLY.contains(&rule.id)
}

/// Kubewarden's answer to `validate_settings`.
#[derive(Debug, Serialize)]
struct SettingsValidationResponse {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

/// Kubewarden's answer to `validate`.
#[derive(Debug, Serialize)]
struct ValidationResponse {
    accepted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<u16>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

/// Kubewarden's ValidationRequest: the settings and the AdmissionReview's `request`.
#[derive(Debug, Deserialize)]
struct ValidationRequest {
    #[serde(default)]
    settings: serde_json::Value,
    request: AdmissionRequest,
}

/// The parts of an AdmissionReview request the policy reads.
#[derive(Debug, Deserialize)]
struct AdmissionRequest {
    #[serde(default)]
    kind: GroupVersionKind,
    #[serde(default)]
    name: String,
    #[serde(default)]
    namespace: String,
    #[serde(default)]
    operation: String,
    #[serde(default)]
    object: serde_json::Value,
}

#[derive(Debug, Default, Deserialize)]
struct GroupVersionKind {
    #[serde(default)]
    kind: String,
}

/// The answer to `protocol_version`: the JSON string `"v1"`.
pub fn protocol_version() -> Vec<u8> {
    b"\"v1\"".to_vec()
}

/// The answer to `validate_settings`: `{"valid": true}` or `{"valid": false, "message": ...}`.
pub fn validate_settings(payload: &[u8]) -> Vec<u8> {
    let response = match Settings::parse(payload) {
        Ok(_) => SettingsValidationResponse { valid: true, message: None },
        Err(reason) => SettingsValidationResponse { valid: false, message: Some(reason) },
    };
    serde_json::to_vec(&response).unwrap_or_default()
}

/// The answer to `validate`: accept, or reject naming the rules, the object and (through the core's messages)
/// the containers.
pub fn validate(payload: &[u8]) -> Vec<u8> {
    let response = match decide(payload) {
        Ok(response) => response,
        Err(reason) => reject(reason, 400),
    };
    serde_json::to_vec(&response).unwrap_or_default()
}

fn decide(payload: &[u8]) -> Result<ValidationResponse, String> {
    let request: ValidationRequest =
        serde_json::from_slice(payload).map_err(|problem| format!("malformed ValidationRequest: {problem}"))?;
    let settings = Settings::parse(request.settings.to_string().as_bytes())?;
    let admission = request.request;
    if admission.operation == "DELETE" || admission.object.is_null() {
        return Ok(ValidationResponse { accepted: true, message: None, code: None, warnings: Vec::new() });
    }
    let object = object_name(&admission);
    let content = serde_json::to_string_pretty(&admission.object).unwrap_or_default();
    let source = Source::new(object.clone(), content).with_kind(Kind::Kubernetes);
    let report = policy_core::check(&[source], &settings.config());
    let (blocking, warnings): (Vec<&Finding>, Vec<&Finding>) =
        report.findings.iter().partition(|finding| settings.rejects(finding));
    let warnings = warnings.iter().map(|finding| describe(finding)).collect();
    if blocking.is_empty() {
        return Ok(ValidationResponse { accepted: true, message: None, code: None, warnings });
    }
    let mut listed: Vec<String> = blocking.iter().take(LISTED_FINDINGS).map(|finding| describe(finding)).collect();
    if blocking.len() > LISTED_FINDINGS {
        listed.push(format!("and {} more", blocking.len() - LISTED_FINDINGS));
    }
    let message = format!("Seaworthy rejected {object}: {}", listed.join("; "));
    Ok(ValidationResponse { warnings, ..reject(message, 403) })
}

/// `Deployment default/web`, from the request, falling back to the object's own metadata.
fn object_name(admission: &AdmissionRequest) -> String {
    let metadata = &admission.object["metadata"];
    let kind = match admission.kind.kind.as_str() {
        "" => admission.object["kind"].as_str().unwrap_or("object"),
        kind => kind,
    };
    let name = match admission.name.as_str() {
        "" => metadata["name"].as_str().or_else(|| metadata["generateName"].as_str()).unwrap_or(""),
        name => name,
    };
    let namespace = match admission.namespace.as_str() {
        "" => metadata["namespace"].as_str().unwrap_or(""),
        namespace => namespace,
    };
    match (namespace, name) {
        ("", "") => kind.to_owned(),
        ("", name) => format!("{kind} {name}"),
        (namespace, name) => format!("{kind} {namespace}/{name}"),
    }
}

fn describe(finding: &Finding) -> String {
    format!("[{}] {}", finding.rule, finding.message)
}

/// The one error helper: a rejection with a reason and an HTTP status code.
fn reject(message: String, code: u16) -> ValidationResponse {
    ValidationResponse { accepted: false, message: Some(message), code: Some(code), warnings: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(bytes: &[u8]) -> serde_json::Value {
        serde_json::from_slice(bytes).unwrap()
    }

    fn request(object: &serde_json::Value, settings: &serde_json::Value) -> Vec<u8> {
        let request = serde_json::json!({
            "settings": settings,
            "request": {
                "uid": "1",
                "kind": { "group": "", "version": "v1", "kind": object["kind"] },
                "operation": "CREATE",
                "namespace": "shop",
                "object": object,
            },
        });
        serde_json::to_vec(&request).unwrap()
    }

    #[test]
    fn protocol_version_is_the_json_string_v1() {
        assert_eq!(answer(&protocol_version()), serde_json::json!("v1"));
    }

    #[test]
    fn settings_are_checked() {
        assert_eq!(answer(&validate_settings(b"{}")), serde_json::json!({ "valid": true }));
        assert_eq!(answer(&validate_settings(b"null"))["valid"], true);
        let good = br#"{"minimum-severity": "warning", "disabled-rules": ["parse-error"], "required-labels": ["app"]}"#;
        assert_eq!(answer(&validate_settings(good))["valid"], true);
        for bad in [
            &br#"{"minimum-severity": "fatal"}"#[..],
            br#"{"disabled-rules": ["no-such-rule"]}"#,
            br#"{"colour": "red"}"#,
            b"{",
        ] {
            let response = answer(&validate_settings(bad));
            assert_eq!(response["valid"], false, "{}", String::from_utf8_lossy(bad));
            assert!(response["message"].as_str().is_some_and(|message| !message.is_empty()));
        }
        let message = answer(&validate_settings(br#"{"disabled-rules": ["no-such-rule"]}"#))["message"].clone();
        assert!(message.as_str().unwrap().contains("no-such-rule"));
    }

    #[test]
    fn settings_become_core_config() {
        let settings = Settings::parse(br#"{"disabled-rules": ["parse-error"], "required-labels": ["team"]}"#).unwrap();
        let config = settings.config();
        assert_eq!(config.rules.get("parse-error"), Some(&RuleSetting::Off));
        assert_eq!(config.required_labels, vec!["team".to_owned()]);
        let default = Settings::parse(b"{}").unwrap().config();
        assert_eq!(default.required_labels, Config::default().required_labels);
        for rule in REGISTRY {
            let cross_object = rule.checks.iter().any(|check| matches!(check, Check::Bundle(_)));
            let script = rule.checks.iter().any(|check| matches!(check, Check::Script(_)));
            let off = cross_object || script || rule.id == "cluster-exported-fields" || !rule.enabled_by_default;
            assert_eq!(rule.severity_in(&default).is_none(), off, "{}", rule.id);
        }
        for id in ["imperative-kubectl", "cluster-exported-fields", "duplicate-object"] {
            let rule = policy_core::rules::find(id).unwrap();
            assert!(!applies_at_admission(rule) && rule.severity_in(&default).is_none(), "{id} runs at admission");
        }
    }

    #[test]
    fn malformed_requests_are_rejected_with_a_reason() {
        for bad in [&b"not json"[..], b"{}", br#"{"request": 3}"#, b""] {
            let response = answer(&validate(bad));
            assert_eq!(response["accepted"], false);
            assert_eq!(response["code"], 400);
            assert!(response["message"].as_str().unwrap().contains("malformed"), "{response}");
        }
        let bad_settings = request(&serde_json::json!({"kind": "Pod"}), &serde_json::json!({"colour": 1}));
        let response = answer(&validate(&bad_settings));
        assert_eq!(response["accepted"], false);
        assert!(response["message"].as_str().unwrap().contains("colour"));
    }

    #[test]
    fn the_pod_security_level_decides_like_the_admission() {
        let pod = |security: serde_json::Value| {
            serde_json::json!({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web", "version": "1", "release": "r", "stage": "prod"}},
                "spec": {"containers": [{"name": "app", "image": "registry.example.com/web:1.4.2", "ports": [security]}]},
            })
        };
        let baseline = serde_json::json!({"pod-security": "baseline"});
        let host_port =
            answer(&validate(&request(&pod(serde_json::json!({"containerPort": 80, "hostPort": 80})), &baseline)));
        assert_eq!(host_port["accepted"], false, "{host_port}");
        assert!(host_port["message"].as_str().unwrap().contains("[host-port]"), "{host_port}");
        // Runs as root, keeps every capability, no seccomp profile: Restricted violations only.
        let restricted_only = answer(&validate(&request(&pod(serde_json::json!({"containerPort": 80})), &baseline)));
        assert_eq!(restricted_only["accepted"], true, "{restricted_only}");
        let restricted = serde_json::json!({"pod-security": "restricted"});
        let rejected = answer(&validate(&request(&pod(serde_json::json!({"containerPort": 80})), &restricted)));
        assert_eq!(rejected["accepted"], false, "{rejected}");
        assert!(rejected["message"].as_str().unwrap().contains("[run-as-root]"), "{rejected}");
        let unknown = answer(&validate_settings(br#"{"pod-security": "strict"}"#));
        assert_eq!(unknown["valid"], false);
        assert!(unknown["message"].as_str().unwrap().contains("unknown variant `strict`"), "{unknown}");
    }

    #[test]
    fn deletes_and_empty_objects_are_accepted() {
        let delete = br#"{"settings": {}, "request": {"operation": "DELETE", "object": null}}"#;
        assert_eq!(answer(&validate(delete))["accepted"], true);
    }

    #[test]
    fn objects_are_named_from_the_request_or_their_metadata() {
        let admission = |namespace: &str, name: &str, object: serde_json::Value| AdmissionRequest {
            kind: GroupVersionKind { kind: "Pod".into() },
            name: name.into(),
            namespace: namespace.into(),
            operation: "CREATE".into(),
            object,
        };
        let object = serde_json::json!({"metadata": {"name": "web", "namespace": "shop"}});
        assert_eq!(object_name(&admission("", "", object)), "Pod shop/web");
        assert_eq!(object_name(&admission("ns", "api", serde_json::Value::Null)), "Pod ns/api");
        let generated = serde_json::json!({"metadata": {"generateName": "job-"}});
        assert_eq!(object_name(&admission("", "", generated)), "Pod job-");
    }
}
