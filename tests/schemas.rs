//! The published JSON Schemas hold, so consumers can rely on them:
//! - SARIF logs validate against the official SARIF 2.1.0 schema vendored in `schemas/sarif-2.1.0.json`;
//! - JSON reports validate against `schemas/report.schema.json`;
//! - the documented config examples validate against `schemas/config.schema.json`, wrong configs do not, and the
//!   schema accepts exactly the JSON configs that `Config::from_json` accepts.
//!
//! `config.schema.json` is generated here from the registry and `Config::default()`, so its rule list and defaults
//! cannot drift: the test fails when the file is stale, and `SEAWORTHY_UPDATE_SCHEMAS=1` (what
//! `scripts/gen-docs.sh` sets) rewrites it.

use jsonschema::Validator;
use policy_core::config::{Config, Exemption, Limits, RuleSetting};
use policy_core::report::sarif::to_sarif;
use policy_core::rules::REGISTRY;
use policy_core::syntax::yaml::{Node, Value as Yaml};
use policy_core::{Kind, Report, Source};
use seaworthy_tests::{fixtures, root};
use serde_json::{json, Map, Value};

fn read_json(relative: &str) -> Value {
    let path = root().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A draft-07 validator for a schema file. Formats (`uri`, `uri-reference`, ...) are checked too, so a path that
/// is not a valid URI reference fails. Building one also checks the schema against the draft-07 meta-schema.
fn validator(relative: &str) -> Validator {
    let mut schema = read_json(relative);
    if relative.ends_with("sarif-2.1.0.json") {
        escape_stray_bracket(&mut schema);
    }
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|error| panic!("{relative}: {error}"))
}

/// The SARIF schema's `pattern`s for `run.language` and `toolComponent.language` end in `]?$`, a `]` that
/// ECMAScript regexes read as a literal (Annex B) but the meta-schema's `regex` format refuses. `\]` means the same; the vendored file stays
/// as published.
fn escape_stray_bracket(schema: &mut Value) {
    const PUBLISHED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    let mut patched = 0;
    let mut stack = vec![schema];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(object) => {
                if let Some(pattern) = object.get_mut("pattern").filter(|pattern| *pattern == PUBLISHED) {
                    *pattern = json!(PUBLISHED.replace("]?$", "\\]?$"));
                    patched += 1;
                }
                stack.extend(object.values_mut());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    assert_eq!(patched, 2, "the SARIF schema's language patterns changed: revisit escape_stray_bracket");
}

fn problems(validator: &Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|error| format!("at `{}`: {error}", error.instance_path())).collect()
}

#[track_caller]
fn assert_valid(validator: &Validator, instance: &Value, what: &str) {
    let problems = problems(validator, instance);
    assert!(problems.is_empty(), "{what} does not validate:\n{}", problems.join("\n"));
}

/// Every rule at `setting`.
fn every_rule(setting: RuleSetting) -> Config {
    Config { rules: REGISTRY.iter().map(|rule| (rule.id.to_owned(), setting)).collect(), ..Config::default() }
}

/// The reports the output tests validate, named: each fixture alone; all of them in one run under folders whose
/// names need percent-encoding in a URI, plus a source of unknown kind and one with a BOM; and all of them again
/// with every rule at `info`.
fn reports() -> Vec<(String, Report)> {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 10, "fixtures are missing under tests/fixtures");
    let mut out: Vec<(String, Report)> = fixtures
        .iter()
        .map(|source| (source.path.clone(), policy_core::check(std::slice::from_ref(source), &Config::default())))
        .collect();
    let mut bundle: Vec<Source> = fixtures
        .iter()
        .enumerate()
        .map(|(at, source)| {
            let folder = if at % 2 == 0 { "my app" } else { "déploiement #2" };
            Source { path: format!("{folder}/{}", source.path), ..source.clone() }
        })
        .collect();
    bundle.push(Source::new("notes.txt", "not a kind Seaworthy reads"));
    bundle.push(Source::new("bom/Dockerfile", "\u{feff}FROM node:latest\nRUN apt-get install -y curl\n"));
    out.push(("all fixtures in one run".to_owned(), policy_core::check(&bundle, &Config::default())));
    out.push(("every rule at info".to_owned(), policy_core::check(&bundle, &every_rule(RuleSetting::Info))));
    out
}

#[test]
fn sarif_logs_validate_against_the_official_schema() {
    let sarif = validator("schemas/sarif-2.1.0.json");
    let (mut fixes, mut notes, mut encoded) = (0, 0, 0);
    for (name, report) in reports() {
        let log = to_sarif(&report);
        assert_valid(&sarif, &log, &format!("the SARIF log of {name}"));
        let results = log.pointer("/runs/0/results").and_then(Value::as_array).cloned().unwrap_or_default();
        assert_eq!(results.len(), report.findings.len(), "{name}: one result per finding");
        fixes += results.iter().filter(|result| result.get("fixes").is_some()).count();
        notes += results.iter().filter(|result| result["level"] == "note").count();
        let uri = |result: &Value| result.pointer("/locations/0/physicalLocation/artifactLocation/uri").cloned();
        encoded += results.iter().filter_map(uri).filter(|uri| uri.as_str().is_some_and(|u| u.contains('%'))).count();
    }
    // The runs must reach the parts of the mapping that the schema constrains most.
    assert!(fixes > 0, "no result with fixes: the artifactChanges mapping went untested");
    assert!(notes > 0, "no result at level note");
    assert!(encoded > 0, "no percent-encoded artifact URI");
}

/// What a mutation breaks, and how.
type Mutation = (&'static str, fn(&mut Value));

#[test]
fn the_sarif_schema_refuses_what_sarif_does_not_allow() {
    let sarif = validator("schemas/sarif-2.1.0.json");
    let report = policy_core::check(&[Source::new("Dockerfile", "FROM node:latest\n")], &Config::default());
    let log = to_sarif(&report);
    assert!(problems(&sarif, &log).is_empty());
    let mutations: [Mutation; 4] = [
        ("level info (SARIF says note)", |log| log["runs"][0]["results"][0]["level"] = json!("info")),
        ("version 2.0", |log| log["version"] = json!("2.0")),
        ("a zero start line", |log| {
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = json!(0);
        }),
        ("a path with a space", |log| {
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
                json!("my app/Dockerfile");
        }),
    ];
    for (what, mutate) in mutations {
        let mut broken = log.clone();
        mutate(&mut broken);
        assert!(!problems(&sarif, &broken).is_empty(), "the SARIF schema accepted {what}");
    }
}

#[test]
fn json_reports_validate_against_the_report_schema() {
    let schema = validator("schemas/report.schema.json");
    let mut fixes = 0;
    for (name, report) in reports() {
        let json: Value = serde_json::from_str(&report.to_json()).expect("reports are JSON");
        assert_valid(&schema, &json, &format!("the JSON report of {name}"));
        fixes += report.findings.iter().filter(|finding| finding.fix.is_some()).count();
    }
    assert!(fixes > 0, "no finding with a fix: the fix definition went untested");
}

#[test]
fn the_report_schema_is_strict() {
    let schema = validator("schemas/report.schema.json");
    let report = policy_core::check(&[Source::new("Dockerfile", "FROM node:latest\n")], &Config::default());
    let mut json: Value = serde_json::from_str(&report.to_json()).expect("reports are JSON");
    // Keep one finding, one with a fix, so that every mutation below has something to break.
    let fixed =
        json["findings"].as_array().and_then(|findings| findings.iter().find(|finding| finding["fix"].is_object()));
    json["findings"] = json!([fixed.cloned().expect("`FROM node:latest` gets a finding with a fix")]);
    assert!(problems(&schema, &json).is_empty());
    let mutations: [Mutation; 7] = [
        ("an unknown severity", |json| json["findings"][0]["severity"] = json!("fatal")),
        ("an unknown kind", |json| json["files"][0]["kind"] = json!("makefile")),
        ("an undocumented field", |json| json["findings"][0]["confidence"] = json!(1)),
        ("a missing line", |json| {
            json["findings"][0].as_object_mut().map(|finding| finding.remove("line"));
        }),
        ("a zero column", |json| json["findings"][0]["column"] = json!(0)),
        ("a rule id that is not kebab-case", |json| json["findings"][0]["rule"] = json!("DL3007")),
        ("a fix without edits", |json| json["findings"][0]["fix"]["edits"] = json!([])),
    ];
    for (what, mutate) in mutations {
        let mut broken = json.clone();
        mutate(&mut broken);
        assert!(!problems(&schema, &broken).is_empty(), "the report schema accepted {what}");
    }
}

#[test]
fn the_report_schema_lists_every_kind() {
    let schema = read_json("schemas/report.schema.json");
    let listed: Vec<&str> = schema
        .pointer("/definitions/kind/enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let kinds: Vec<&str> = Kind::ALL.iter().map(|kind| kind.as_str()).collect();
    assert_eq!(listed, kinds, "schemas/report.schema.json: definitions.kind.enum must list Kind::ALL");
}

/// A YAML tree as the JSON an editor's YAML 1.2 language server validates: only `true`/`false` are booleans and
/// only plain scalars are typed, so `off` stays a string (Seaworthy's YAML 1.1 reading agrees where it matters:
/// a rule setting is read as text).
fn yaml_as_json(node: &Node) -> Value {
    match &node.value {
        Yaml::Null => Value::Null,
        Yaml::Scalar(scalar) if scalar.tag.is_some() || !scalar.style.is_plain() => json!(scalar.text),
        Yaml::Scalar(scalar) => match scalar.text.as_str() {
            "true" | "True" | "TRUE" => json!(true),
            "false" | "False" | "FALSE" => json!(false),
            text => text.parse::<i64>().map_or_else(|_| json!(text), |number| json!(number)),
        },
        Yaml::Sequence(items) => items.iter().map(yaml_as_json).collect(),
        Yaml::Mapping(entries) => entries
            .iter()
            .map(|entry| (entry.key_str().unwrap_or_default().to_owned(), yaml_as_json(&entry.value)))
            .collect(),
    }
}

fn yaml_config(text: &str) -> Value {
    let stream = policy_core::syntax::yaml::parse_stream(text, &Limits::default());
    assert!(stream.problems.is_empty(), "{text}: {:?}", stream.problems);
    stream.documents.first().map_or_else(|| json!({}), |document| yaml_as_json(&document.root))
}

/// The first fenced ```yaml block after the first `marker` in `text`.
fn config_block(text: &str, marker: &str) -> String {
    let after = text.find(marker).and_then(|at| text.get(at..)).unwrap_or_default();
    let block = after.split("```yaml\n").nth(1).and_then(|rest| rest.split("```").next());
    block.unwrap_or_else(|| panic!("no ```yaml block after `{marker}`")).to_owned()
}

#[test]
fn documented_configs_validate_against_the_config_schema() {
    let schema = validator("schemas/config.schema.json");
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let readme_config = config_block(&readme, "`.seaworthy.yaml`, found upward");
    let docs = std::fs::read_to_string(root().join("docs/report-format.md")).expect("docs/report-format.md");
    let docs_config = config_block(&docs, "## JSON Schemas");
    for (what, text) in
        [("the README's .seaworthy.yaml", &readme_config), ("the schema section's example", &docs_config)]
    {
        assert!(text.starts_with("# yaml-language-server: $schema="), "{what} does not point editors at the schema");
        Config::from_yaml(text).unwrap_or_else(|error| panic!("Seaworthy refuses {what}: {error}"));
        assert_valid(&schema, &yaml_config(text), what);
    }

    let abi = std::fs::read_to_string(root().join("bindings/abi/README.md")).expect("bindings/abi/README.md");
    let request = abi.split("## Request").nth(1).and_then(|rest| rest.split("```json\n").nth(1));
    let request = request.and_then(|rest| rest.split("```").next()).expect("the ABI README has a request example");
    let request: Value = serde_json::from_str(request).expect("the ABI request example is JSON");
    Config::from_json(&request["config"].to_string()).expect("Seaworthy reads the ABI example's config");
    assert_valid(&schema, &request["config"], "the raw ABI README's config");

    // What the playground and `defaultConfig()` write out, and a config with every field set.
    let full = Config {
        rules: REGISTRY.iter().map(|rule| (rule.id.to_owned(), RuleSetting::Warning)).collect(),
        trusted_registries: vec!["registry.example.com".to_owned()],
        allowed_base_images: vec!["node:20".to_owned()],
        required_labels: vec!["app".to_owned()],
        limits: Limits { max_file_bytes: 1, max_documents: 2, max_depth: 3, max_alias_nodes: 4 },
        allow_ignore_annotations: false,
        exemptions: vec![Exemption {
            kind: Some("Deployment".to_owned()),
            namespace: Some("kube-system".to_owned()),
            name: Some("coredns".to_owned()),
            rules: REGISTRY.iter().take(3).map(|rule| rule.id.to_owned()).collect(),
        }],
        pod_security: policy_core::config::PodSecurityLevel::Baseline,
    };
    for (what, config) in [("Config::default()", Config::default()), ("a config with every field set", full)] {
        let json = serde_json::to_value(&config).expect("configs serialize");
        assert_valid(&schema, &json, what);
        assert_eq!(Config::from_json(&json.to_string()).as_ref(), Ok(&config), "{what} does not read back");
    }

    // A config with a typo in a rule id, as an editor would flag it.
    let wrong = yaml_config(&readme_config.replacen("latest-base-image", "latest-base-imag", 1));
    assert!(!problems(&schema, &wrong).is_empty(), "the schema accepted an unknown rule id: {wrong}");
}

#[test]
fn the_config_schema_accepts_what_the_loader_accepts() {
    let schema = validator("schemas/config.schema.json");
    let rule = REGISTRY.first().map(|rule| rule.id).expect("the registry has rules");
    let cases = [
        ("{}".to_owned(), true),
        (r#"{"rules": {}, "exemptions": []}"#.to_owned(), true),
        (format!(r#"{{"rules": {{"{rule}": "off"}}}}"#), true),
        (format!(r#"{{"exemptions": [{{"namespace": null, "rules": ["{rule}"]}}]}}"#), true),
        (r#"{"limits": {"max-depth": 0}, "allow-ignore-annotations": false}"#.to_owned(), true),
        (r#"{"rules": {"no-such-rule": "off"}}"#.to_owned(), false),
        (format!(r#"{{"rules": {{"{rule}": "warn"}}}}"#), false),
        (format!(r#"{{"rules": {{"{rule}": false}}}}"#), false),
        (r#"{"limitz": {}}"#.to_owned(), false),
        (r#"{"limits": {"max-depth": "deep"}}"#.to_owned(), false),
        (r#"{"limits": {"max-depth": -1}}"#.to_owned(), false),
        (r#"{"limits": {"max-dept": 3}}"#.to_owned(), false),
        (r#"{"required-labels": "app"}"#.to_owned(), false),
        (r#"{"trusted-registries": [1]}"#.to_owned(), false),
        (r#"{"allow-ignore-annotations": "yes"}"#.to_owned(), false),
        (r#"{"pod-security": "baseline"}"#.to_owned(), true),
        (r#"{"pod-security": "strict"}"#.to_owned(), false),
        (r#"{"exemptions": [{"kind": "Pod", "rule": []}]}"#.to_owned(), false),
        (r#"{"exemptions": [{"rules": ["no-such-rule"]}]}"#.to_owned(), false),
        (r#"{"exemptions": {"kind": "Pod"}}"#.to_owned(), false),
    ];
    for (text, accepted) in cases {
        let json: Value = serde_json::from_str(&text).expect("cases are JSON");
        let errors = problems(&schema, &json);
        assert_eq!(errors.is_empty(), accepted, "schema on {text}: {errors:?}");
        assert_eq!(Config::from_json(&text).is_ok(), accepted, "Config::from_json on {text}");
    }
    // A config is an object. (`Config::from_json` also takes serde's positional form of a struct, a JSON array,
    // which no documentation offers; the schema does not.)
    assert!(!problems(&schema, &json!([])).is_empty(), "the schema accepted an array");
}

/// The config schema as the registry and `Config::default()` make it.
fn config_schema() -> Value {
    let defaults = serde_json::to_value(Config::default()).expect("the default config serializes");
    let default = |key: &str| defaults.get(key).cloned().unwrap_or(Value::Null);
    let limit = |key: &str, description: &str| {
        json!({
            "description": description,
            "type": "integer",
            "minimum": 0,
            "default": defaults["limits"][key],
        })
    };
    let rules: Map<String, Value> = REGISTRY
        .iter()
        .map(|rule| {
            let description = format!(
                "{} Default: {}. `seaworthy explain {}` prints the docs.",
                rule.summary, rule.default_severity, rule.id
            );
            (rule.id.to_owned(), json!({ "description": description, "$ref": "#/definitions/setting" }))
        })
        .collect();
    let ids: Vec<&str> = REGISTRY.iter().map(|rule| rule.id).collect();
    let strings = |description: &str, key: &str| json!({ "description": description, "type": "array", "items": { "type": "string" }, "default": default(key) });
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$comment": "Generated by tests/schemas.rs from the rule registry and Config::default(); run scripts/gen-docs.sh after changing either, never edit by hand.",
        "title": "Seaworthy configuration",
        "description": "`.seaworthy.yaml`, and the `config` object of the npm package, the raw ABI and the Kubewarden settings. Every key is optional; unknown keys and rule ids are refused.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "rules": {
                "description": "Rule id: `off`, or the severity that replaces the rule's default.",
                "type": "object",
                "additionalProperties": false,
                "properties": rules,
                "default": default("rules"),
            },
            "trusted-registries": strings("Registries whose images are trusted, e.g. `registry.example.com`. Empty: every registry is.", "trusted-registries"),
            "allowed-base-images": strings("Base images accepted whatever the image rules say, as `name` or `name:tag` (e.g. `node:20`).", "allowed-base-images"),
            "required-labels": strings("Labels every workload and pod template must carry.", "required-labels"),
            "limits": {
                "description": "Bounds that keep hostile or accidental input from hanging or exhausting a host; exceeding one gives an `input-too-large` finding.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "max-file-bytes": limit("max-file-bytes", "Largest source text read, in bytes."),
                    "max-documents": limit("max-documents", "Most YAML documents read from one source."),
                    "max-depth": limit("max-depth", "Deepest nesting of YAML collections (at most 1000 whatever this says)."),
                    "max-alias-nodes": limit("max-alias-nodes", "Most nodes that alias expansion may produce in one document (stops \"billion laughs\")."),
                },
            },
            "allow-ignore-annotations": {
                "description": "Whether `seaworthy.dev/ignore` (and kube-linter's and kube-score's) annotations may silence findings. Turn off where manifest authors must not waive policy, e.g. in an admission controller.",
                "type": "boolean",
                "default": default("allow-ignore-annotations"),
            },
            "exemptions": {
                "description": "Objects exempted from rules, for manifests nobody can edit (vendored charts).",
                "type": "array",
                "items": { "$ref": "#/definitions/exemption" },
                "default": default("exemptions"),
            },
            "pod-security": {
                "description": "The Pod Security Standards level pods are held to: `restricted` (the default), `baseline`, or `privileged` (no control). A Namespace of the check labelled `pod-security.kubernetes.io/enforce` sets the level of its own objects instead.",
                "enum": ["privileged", "baseline", "restricted"],
                "default": default("pod-security"),
            },
        },
        "definitions": {
            "setting": {
                "description": "`off`, or a severity: `error` fails `seaworthy check` (exit 1), `warning` and `info` do not.",
                "enum": ["off", "info", "warning", "error"],
            },
            "ruleId": { "description": "A rule id from the registry.", "enum": ids },
            "exemption": {
                "description": "Rules that do not apply to the objects matching kind, namespace and name; an unset field matches anything.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "kind": { "description": "The object's kind, e.g. `Deployment`.", "type": ["string", "null"] },
                    "namespace": { "description": "The object's namespace (`default` for a namespaced object that names none).", "type": ["string", "null"] },
                    "name": { "description": "The object's `metadata.name`.", "type": ["string", "null"] },
                    "rules": {
                        "description": "Rule ids; empty exempts the objects from every rule.",
                        "type": "array",
                        "items": { "$ref": "#/definitions/ruleId" },
                    },
                },
            },
        },
    })
}

#[test]
fn the_config_schema_is_generated_from_the_registry() {
    let path = root().join("schemas/config.schema.json");
    let generated = serde_json::to_string_pretty(&config_schema()).expect("serializes") + "\n";
    if std::env::var_os("SEAWORTHY_UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, &generated).expect("writes schemas/config.schema.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == generated, "schemas/config.schema.json is stale: regenerate with scripts/gen-docs.sh");
}
