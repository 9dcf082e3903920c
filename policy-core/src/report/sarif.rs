//! SARIF 2.1.0 output: the [`Report`] as the Static Analysis Results Interchange Format that GitHub code
//! scanning, GitLab and most IDE viewers read.
//!
//! The mapping follows the OASIS SARIF 2.1.0 specification: one `run` whose `tool.driver.rules` lists every rule
//! of the registry (so `ruleIndex` is stable across reports), one `result` per finding with a `physicalLocation`
//! whose `region` carries both our 1-based line/column pair and the byte span. Columns are UTF-16 code units, which
//! the run declares with `columnKind` (§3.14.17). Fix edits are byte regions (§3.30.2 allows a region given by
//! `byteOffset`/`byteLength` alone), because the report keeps byte spans, not positions, for edits.
//! `docs/report-format.md` documents the mapping.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use crate::lint::Rule;
use crate::report::{Finding, Fix, Report, Severity};
use crate::rules::REGISTRY;

/// The schema URI SARIF consumers use to recognise version 2.1.0.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The project's home, from the workspace manifest.
const REPOSITORY: Option<&str> = match option_env!("CARGO_PKG_REPOSITORY") {
    Some(uri) if !uri.is_empty() => Some(uri),
    _ => None,
};

/// The report as one SARIF 2.1.0 log.
pub fn to_sarif(report: &Report) -> Value {
    let rules: Vec<Value> = REGISTRY.iter().map(|rule| rule_descriptor(rule)).collect();
    let results: Vec<Value> = report.findings.iter().map(result).collect();
    let mut driver = json!({
        "name": "seaworthy",
        "version": report.version,
        "semanticVersion": report.version,
        "rules": rules,
    });
    // SARIF requires an absolute URI here; a build without a repository URL leaves the property out.
    if let (Some(object), Some(uri)) = (driver.as_object_mut(), REPOSITORY) {
        object.insert("informationUri".to_owned(), json!(uri));
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    })
}

/// SARIF's three result levels; `info` is SARIF's `note` (§3.27.10).
const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_descriptor(rule: &Rule) -> Value {
    let docs = rule.docs_markdown();
    let mut descriptor = json!({
        "id": rule.id,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": section(&docs, "## What it does").unwrap_or(rule.summary) },
        "help": { "text": docs, "markdown": docs },
        "defaultConfiguration": { "level": level(rule.default_severity) },
        "properties": { "category": rule.category, "tags": [rule.category] },
    });
    if !rule.peers.is_empty() {
        let peers: Vec<String> = rule.peers.iter().map(|peer| format!("{}:{}", peer.tool, peer.id)).collect();
        if let Some(properties) = descriptor.get_mut("properties").and_then(Value::as_object_mut) {
            properties.insert("peers".to_owned(), json!(peers));
        }
    }
    descriptor
}

/// The trimmed text under a `## ` heading of a rule's docs, up to the next heading.
fn section<'a>(docs: &'a str, heading: &str) -> Option<&'a str> {
    let start = docs.find(heading)? + heading.len();
    let rest = docs.get(start..)?;
    let body = rest.find("\n## ").and_then(|end| rest.get(..end)).unwrap_or(rest).trim();
    (!body.is_empty()).then_some(body)
}

/// A relative URI reference for a report path: forward slashes, and everything outside RFC 3986's unreserved
/// characters and `/` percent-encoded, so spaces and non-ASCII names stay valid URIs.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn result(finding: &Finding) -> Value {
    let mut result = Map::new();
    result.insert("ruleId".to_owned(), json!(finding.rule));
    if let Some(index) = REGISTRY.iter().position(|rule| rule.id == finding.rule) {
        result.insert("ruleIndex".to_owned(), json!(index));
    }
    result.insert("level".to_owned(), json!(level(finding.severity)));
    result.insert("message".to_owned(), json!({ "text": message_text(finding) }));
    result.insert(
        "locations".to_owned(),
        json!([{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&finding.path) },
                "region": {
                    "startLine": finding.line,
                    "startColumn": finding.column,
                    "endLine": finding.end_line,
                    "endColumn": finding.end_column,
                    "byteOffset": finding.span.start,
                    "byteLength": finding.span.len(),
                }
            }
        }]),
    );
    if let Some(fix) = &finding.fix {
        result.insert("fixes".to_owned(), json!([sarif_fix(fix, &finding.path)]));
    }
    Value::Object(result)
}

/// SARIF has one message per result, and viewers show only it: the hint follows what is wrong, as a sentence.
fn message_text(finding: &Finding) -> String {
    let message = finding.message.trim_end();
    let help = finding.help.trim();
    if help.is_empty() {
        message.to_owned()
    } else if message.ends_with(['.', '!', '?', ':']) {
        format!("{message} {help}")
    } else {
        format!("{message}. {help}")
    }
}

fn sarif_fix(fix: &Fix, path: &str) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|edit| {
            json!({
                "deletedRegion": { "byteOffset": edit.span.start, "byteLength": edit.span.len() },
                "insertedContent": { "text": edit.replacement },
            })
        })
        .collect();
    json!({
        "description": { "text": fix.title },
        "artifactChanges": [{ "artifactLocation": { "uri": uri(path) }, "replacements": replacements }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::Kind;
    use crate::base::span::Span;
    use crate::report::{Edit, FileSummary};

    fn finding(rule: &str, severity: Severity, path: &str) -> Finding {
        Finding {
            rule: rule.to_owned(),
            severity,
            message: "instruction `RUNN` is unknown".to_owned(),
            help: "Fix the spelling.".to_owned(),
            path: path.to_owned(),
            span: Span::new(17, 21),
            line: 2,
            column: 1,
            end_line: 2,
            end_column: 5,
            fix: None,
        }
    }

    fn report(findings: Vec<Finding>) -> Report {
        Report::new(vec![FileSummary { path: "Dockerfile".to_owned(), kind: Kind::Dockerfile }], findings)
    }

    #[test]
    fn log_has_version_schema_and_utf16_columns() {
        let log = to_sarif(&report(Vec::new()));
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["$schema"], SCHEMA);
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "utf16CodeUnits");
        assert_eq!(run["tool"]["driver"]["name"], "seaworthy");
        assert_eq!(run["tool"]["driver"]["version"], crate::VERSION);
        let uri = run["tool"]["driver"]["informationUri"].as_str().unwrap_or_default();
        assert!(uri.starts_with("https://"), "informationUri must be an absolute URI: {uri:?}");
        assert_eq!(run["results"].as_array().map(Vec::len), Some(0));
    }

    #[test]
    fn driver_lists_every_registry_rule_with_docs_and_level() {
        let log = to_sarif(&report(Vec::new()));
        let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().cloned().unwrap_or_default();
        assert_eq!(rules.len(), REGISTRY.len());
        for (descriptor, rule) in rules.iter().zip(REGISTRY) {
            assert_eq!(descriptor["id"], rule.id);
            assert_eq!(descriptor["shortDescription"]["text"], rule.summary);
            let full = descriptor["fullDescription"]["text"].as_str().unwrap_or_default();
            assert!(!full.is_empty() && !full.contains("## "), "{}: {full}", rule.id);
            assert!(descriptor["help"]["markdown"].as_str().is_some_and(|md| md.contains("## Why it matters")));
            let expected = match rule.default_severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            assert_eq!(descriptor["defaultConfiguration"]["level"], expected);
        }
    }

    #[test]
    fn results_carry_rule_index_level_and_region() {
        let log = to_sarif(&report(vec![finding("parse-error", Severity::Error, "dir\\sub/Dockerfile")]));
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "parse-error");
        let index = result["ruleIndex"].as_u64().and_then(|i| usize::try_from(i).ok());
        assert_eq!(index.and_then(|i| REGISTRY.get(i)).map(|rule| rule.id), Some("parse-error"));
        assert_eq!(result["level"], "error");
        assert_eq!(result["message"]["text"], "instruction `RUNN` is unknown. Fix the spelling.");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "dir/sub/Dockerfile");
        let region = &location["region"];
        assert_eq!(
            (&region["startLine"], &region["startColumn"], &region["endLine"], &region["endColumn"]),
            (&json!(2), &json!(1), &json!(2), &json!(5))
        );
        assert_eq!((&region["byteOffset"], &region["byteLength"]), (&json!(17), &json!(4)));
        assert!(result.get("fixes").is_none());
    }

    #[test]
    fn info_maps_to_note_and_unknown_rules_have_no_index() {
        let log = to_sarif(&report(vec![finding("not-a-rule", Severity::Info, "a.yaml")]));
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["level"], "note");
        assert!(result.get("ruleIndex").is_none());
    }

    #[test]
    fn fixes_become_byte_region_replacements() {
        let mut with_fix = finding("parse-error", Severity::Warning, "./k8s/my app.yaml");
        with_fix.fix = Some(Fix::new(
            "Spell it `RUN`",
            vec![
                Edit { span: Span::new(17, 21), replacement: "RUN".to_owned() },
                Edit { span: Span::at(40), replacement: "\n".to_owned() },
            ],
        ));
        let log = to_sarif(&report(vec![with_fix]));
        let fix = &log["runs"][0]["results"][0]["fixes"][0];
        assert_eq!(fix["description"]["text"], "Spell it `RUN`");
        let change = &fix["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "k8s/my%20app.yaml");
        let replacements = change["replacements"].as_array().cloned().unwrap_or_default();
        assert_eq!(replacements.len(), 2);
        assert_eq!(replacements[0]["deletedRegion"], json!({ "byteOffset": 17, "byteLength": 4 }));
        assert_eq!(replacements[0]["insertedContent"]["text"], "RUN");
        assert_eq!(replacements[1]["deletedRegion"], json!({ "byteOffset": 40, "byteLength": 0 }));
    }

    #[test]
    fn uris_percent_encode_reserved_and_non_ascii_bytes() {
        assert_eq!(uri("a b/ü#.yaml"), "a%20b/%C3%BC%23.yaml");
        assert_eq!(uri("./Dockerfile"), "Dockerfile");
    }
}
