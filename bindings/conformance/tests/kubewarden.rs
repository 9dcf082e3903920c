//! The Kubewarden policy module in a real waPC host (`wapc` with `wasmtime-provider` 2.25, as Kubewarden's
//! policy-server uses): the protocol version, settings validation, and admission decisions.

use std::path::PathBuf;
use std::sync::OnceLock;

use policy_bindings_conformance::{build, Module};
use policy_core::{Kind, Source};
use policy_kubewarden::Settings;
use serde_json::{json, Value};
use wapc::WapcHost;
use wasmtime_provider::wasmtime::{self, Engine};
use wasmtime_provider::WasmtimeEngineProviderBuilder;

fn module_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
    let built = BYTES.get_or_init(|| {
        let path: PathBuf = build(Module::Kubewarden)?;
        std::fs::read(&path).map_err(|problem| format!("cannot read {}: {problem}", path.display()))
    });
    match built {
        Ok(bytes) => bytes,
        Err(problem) => panic!("the Kubewarden module could not be built: {problem}"),
    }
}

/// The module compiled once per test process; each test gets a fresh instance of it.
fn compiled() -> &'static (Engine, wasmtime::Module) {
    static COMPILED: OnceLock<(Engine, wasmtime::Module)> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let engine = Engine::default();
        let module = wasmtime::Module::new(&engine, module_bytes()).expect("the module compiles");
        (engine, module)
    })
}

fn host() -> WapcHost {
    let (engine, module) = compiled();
    let engine = WasmtimeEngineProviderBuilder::new()
        .engine(engine.clone())
        .module(module.clone())
        .build()
        .expect("the module instantiates");
    WapcHost::new(Box::new(engine), None).expect("wapc_init runs")
}

fn call(host: &WapcHost, operation: &str, payload: &[u8]) -> Value {
    let answer = host.call(operation, payload).unwrap_or_else(|problem| panic!("{operation} failed: {problem}"));
    serde_json::from_slice(&answer).unwrap_or_else(|problem| panic!("{operation} answered non-JSON: {problem}"))
}

fn admission(object: &Value, settings: &Value) -> Vec<u8> {
    let (group, version) = match object["apiVersion"].as_str().unwrap_or("v1").split_once('/') {
        Some((group, version)) => (group.to_owned(), version.to_owned()),
        None => (String::new(), object["apiVersion"].as_str().unwrap_or("v1").to_owned()),
    };
    let request = json!({
        "settings": settings,
        "request": {
            "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
            "kind": { "group": group, "version": version, "kind": object["kind"] },
            "resource": { "group": group, "version": version, "resource": "pods" },
            "name": object["metadata"]["name"],
            "namespace": object["metadata"]["namespace"],
            "operation": "CREATE",
            "userInfo": { "username": "admin", "groups": ["system:authenticated"] },
            "object": object,
            "oldObject": null,
            "dryRun": false,
        },
    });
    serde_json::to_vec(&request).unwrap()
}

/// The rules native `policy-core` blocks the object on under `settings` (the policy crate's own reading of them),
/// so that the module's decisions are compared with the core rather than with hard-coded expectations.
fn native_blocking(object: &Value, settings: &Value) -> Vec<String> {
    let settings = Settings::parse(&serde_json::to_vec(settings).unwrap()).expect("valid settings");
    let source = Source::new("object", serde_json::to_string_pretty(object).unwrap()).with_kind(Kind::Kubernetes);
    let report = policy_core::check(&[source], &settings.config());
    let blocking = report.findings.into_iter().filter(|finding| finding.severity >= settings.minimum_severity);
    blocking.map(|finding| finding.rule).collect()
}

fn privileged_pod() -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": { "name": "debug", "namespace": "shop", "labels": { "app": "debug" } },
        "spec": {
            "containers": [
                { "name": "web", "image": "nginx:1.27.3", "securityContext": { "runAsNonRoot": true } },
                { "name": "sidecar-tools", "image": "busybox:1.36", "securityContext": { "privileged": true } },
            ],
        },
    })
}

fn compliant_deployment() -> Value {
    let labels = json!({ "app": "shop", "version": "1.4.2", "release": "stable", "stage": "production" });
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": { "name": "shop", "namespace": "shop", "labels": labels },
        "spec": {
            "replicas": 3,
            "selector": { "matchLabels": { "app": "shop" } },
            "template": {
                "metadata": { "labels": labels },
                "spec": {
                    "automountServiceAccountToken": false,
                    "securityContext": { "runAsNonRoot": true, "runAsUser": 10001, "seccompProfile": { "type": "RuntimeDefault" } },
                    "containers": [{
                        "name": "shop",
                        "image": "registry.example.com/shop@sha256:0b5bd1c1c6ea8e6a3c7e4b1b1c5b0f4d7e4f0c8b2a9d3e6f1a2b3c4d5e6f7a8b",
                        "ports": [{ "containerPort": 8080 }],
                        "resources": {
                            "requests": { "cpu": "250m", "memory": "256Mi" },
                            "limits": { "cpu": "500m", "memory": "256Mi" },
                        },
                        "livenessProbe": { "httpGet": { "path": "/healthz", "port": 8080 } },
                        "readinessProbe": { "httpGet": { "path": "/ready", "port": 8080 } },
                        "securityContext": {
                            "allowPrivilegeEscalation": false,
                            "readOnlyRootFilesystem": true,
                            "runAsNonRoot": true,
                            "capabilities": { "drop": ["ALL"] },
                        },
                    }],
                },
            },
        },
    })
}

#[test]
fn exports_the_wapc_entry_points_and_no_rego_ones() {
    let (_, module) = compiled();
    let exports: Vec<&str> = module.exports().map(|export| export.name()).collect();
    for wanted in ["wapc_init", "__guest_call", "memory"] {
        assert!(exports.contains(&wanted), "missing export {wanted}: {exports:?}");
    }
    assert!(exports.iter().all(|name| !name.starts_with("opa_")), "{exports:?}");
    let foreign: Vec<String> = module
        .imports()
        .map(|import| import.module().to_owned())
        .filter(|module| module != "wapc" && module != "wasi_snapshot_preview1")
        .collect();
    assert!(foreign.is_empty(), "imports outside waPC and WASI: {foreign:?}");
}

#[test]
fn protocol_version_is_v1() {
    assert_eq!(call(&host(), "protocol_version", b""), json!("v1"));
}

#[test]
fn settings_are_validated() {
    let host = host();
    for good in [
        json!({}),
        json!({"minimum-severity": "warning", "disabled-rules": ["parse-error"], "required-labels": ["team"]}),
    ] {
        assert_eq!(call(&host, "validate_settings", &serde_json::to_vec(&good).unwrap()), json!({"valid": true}));
    }
    for bad in [
        json!({"minimum-severity": "critical"}),
        json!({"disabled-rules": ["not-a-rule"]}),
        json!({"disabled-rules": "parse-error"}),
        json!({"unknown-setting": true}),
    ] {
        let answer = call(&host, "validate_settings", &serde_json::to_vec(&bad).unwrap());
        assert_eq!(answer["valid"], false, "{bad}");
        assert!(answer["message"].as_str().is_some_and(|message| !message.is_empty()), "{answer}");
    }
    let answer = call(&host, "validate_settings", b"{ not json");
    assert_eq!(answer["valid"], false);
}

#[test]
fn a_privileged_pod_is_rejected_naming_the_container() {
    let host = host();
    let pod = privileged_pod();
    let answer = call(&host, "validate", &admission(&pod, &json!({})));
    let blocking = native_blocking(&pod, &json!({}));
    assert_eq!(answer["accepted"], blocking.is_empty(), "{answer}");
    assert!(blocking.iter().any(|rule| rule == "privileged-container"), "native core: {blocking:?}");
    let message = answer["message"].as_str().unwrap_or_default();
    assert!(message.contains("privileged-container"), "{message}");
    assert!(message.contains("sidecar-tools"), "the message names the container: {message}");
    assert!(message.contains("Pod shop/debug"), "the message names the object: {message}");
    assert_eq!(answer["code"], 403);
}

#[test]
fn a_compliant_deployment_is_accepted() {
    let deployment = compliant_deployment();
    assert_eq!(native_blocking(&deployment, &json!({})), Vec::<String>::new(), "the native core rejects it");
    let answer = call(&host(), "validate", &admission(&deployment, &json!({})));
    assert_eq!(answer["accepted"], true, "{answer}");
    assert!(answer.get("message").is_none_or(Value::is_null), "{answer}");
}

#[test]
fn findings_below_the_minimum_severity_are_warnings() {
    let host = host();
    let pod = privileged_pod();
    let strict = call(&host, "validate", &admission(&pod, &json!({"minimum-severity": "info"})));
    let all = native_blocking(&pod, &json!({"minimum-severity": "info"}));
    assert_eq!(strict["accepted"], all.is_empty(), "{strict}");
    // The message lists findings as `[rule] message` up to a limit, then "and N more": together they are all of
    // the core's findings, and each one listed is one of them.
    let message = strict["message"].as_str().unwrap_or_default();
    let listed: Vec<&str> =
        message.split('[').skip(1).filter_map(|item| item.split_once(']').map(|(rule, _)| rule)).collect();
    for rule in &listed {
        assert!(all.iter().any(|found| found == rule), "{rule} is not a finding of the core: {strict}");
    }
    let more: usize = message
        .rsplit_once("and ")
        .and_then(|(_, tail)| tail.strip_suffix(" more"))
        .and_then(|count| count.parse().ok())
        .unwrap_or(0);
    assert_eq!(listed.len() + more, all.len(), "{strict}");
    // With every rule the pod breaks disabled, it passes.
    let mut disabled: Vec<String> = all.clone();
    disabled.sort();
    disabled.dedup();
    let lenient = call(&host, "validate", &admission(&pod, &json!({"disabled-rules": disabled})));
    assert_eq!(lenient["accepted"], true, "{lenient}");
}

#[test]
fn a_finding_at_the_minimum_severity_rejects_naming_the_rule_and_the_object() {
    // An object without apiVersion and kind is not a Kubernetes object for the core; admission still answers, and
    // the finding's severity decides.
    let object = json!({ "metadata": { "name": "stray", "namespace": "shop" }, "replicaCount": 2 });
    let request = |settings: Value| {
        let request = json!({
            "settings": settings,
            "request": {
                "uid": "1",
                "kind": { "group": "", "version": "v1", "kind": "ConfigMap" },
                "name": "stray",
                "namespace": "shop",
                "operation": "UPDATE",
                "object": object,
            },
        });
        serde_json::to_vec(&request).unwrap()
    };
    let host = host();
    let strict = json!({ "minimum-severity": "info" });
    let blocking = native_blocking(&object, &strict);
    assert!(!blocking.is_empty(), "the core finds nothing in an object without apiVersion and kind");
    let answer = call(&host, "validate", &request(strict));
    assert_eq!(answer["accepted"], false, "{answer}");
    assert_eq!(answer["code"], 403);
    let message = answer["message"].as_str().unwrap();
    assert!(message.contains("ConfigMap shop/stray"), "{message}");
    for rule in &blocking {
        assert!(message.contains(&format!("[{rule}]")), "{rule} missing: {message}");
    }
    // Under the default threshold the same findings are warnings, and the object is admitted.
    let lenient = call(&host, "validate", &request(json!({})));
    if native_blocking(&object, &json!({})).is_empty() {
        assert_eq!(lenient["accepted"], true, "{lenient}");
        let warnings: Vec<&str> = lenient["warnings"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        for rule in &blocking {
            assert!(warnings.iter().any(|warning| warning.contains(&format!("[{rule}]"))), "{warnings:?}");
        }
    }
}

#[test]
fn malformed_requests_are_rejected_cleanly() {
    let host = host();
    for bad in [&b""[..], b"{", b"[]", br#"{"request": "pod"}"#, b"\xff\xfe\x00garbage"] {
        let answer = call(&host, "validate", bad);
        assert_eq!(answer["accepted"], false, "{}", String::from_utf8_lossy(bad));
        assert_eq!(answer["code"], 400);
        assert!(answer["message"].as_str().is_some_and(|message| message.contains("malformed")), "{answer}");
    }
    let answer = call(&host, "validate", &admission(&privileged_pod(), &json!({"minimum-severity": 7})));
    assert_eq!(answer["accepted"], false, "bad settings reject: {answer}");
    // The host is still usable after the bad calls.
    assert_eq!(call(&host, "protocol_version", b""), json!("v1"));
}

#[test]
fn unknown_operations_are_wapc_errors_not_traps() {
    let host = host();
    assert!(host.call("mutate", b"{}").is_err());
    assert_eq!(call(&host, "protocol_version", b""), json!("v1"));
}

#[test]
fn deletions_are_accepted() {
    let request =
        json!({ "settings": {}, "request": { "operation": "DELETE", "kind": { "kind": "Pod" }, "object": null } });
    let answer = call(&host(), "validate", &serde_json::to_vec(&request).unwrap());
    assert_eq!(answer["accepted"], true);
}
