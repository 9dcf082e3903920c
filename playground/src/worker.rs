//! Both ends of a lint in the Web Worker, which runs this same module: the page sends the workspace as JSON (see
//! [`State::lint_request`](crate::state::State::lint_request)), the worker answers with the report as JSON.
//!
//! Each end reads its JSON with readers the module has anyway. The request has the share link's shape, with the
//! config as `.seaworthy.yaml` text, so the worker reuses the share link's reader and the config panel's. The
//! report is read as a `serde_json::Value` (a reader the Dockerfile parser links for exec-form arguments) and
//! taken apart here. Derived readers for the request's and the report's types cost the module 9 KB of its gzip
//! size (measured 2026-11-27).

use policy_core::report::{Edit, FileSummary, Finding, Fix, Summary};
use policy_core::span::Span;
use policy_core::{check, Kind, Report, Severity, Source};
use serde_json::Value;

use crate::config_text;
use crate::share::{SharedFile, SharedWorkspace};

/// The worker's side: the workspace in, the report out.
pub fn lint_json(request: &str) -> Result<String, String> {
    let workspace: SharedWorkspace = serde_json::from_str(request).map_err(|error| error.to_string())?;
    let config = config_text::parse(&workspace.config)?;
    let sources: Vec<Source> = workspace.files.into_iter().map(SharedFile::into_source).collect();
    serde_json::to_string(&check(&sources, &config)).map_err(|error| error.to_string())
}

/// The page's side: the worker's report back as a [`Report`].
pub fn read_report(json: &str) -> Result<Report, String> {
    let value: Value = serde_json::from_str(json).map_err(|error| error.to_string())?;
    report(&value).ok_or_else(|| "the worker's report is not a Seaworthy report".to_owned())
}

fn report(value: &Value) -> Option<Report> {
    let summary = value.get("summary")?;
    Some(Report {
        version: text(value, "version")?,
        files: list(value, "files", |file| {
            Some(FileSummary { path: text(file, "path")?, kind: Kind::parse(file.get("kind")?.as_str()?)? })
        })?,
        findings: list(value, "findings", finding)?,
        summary: Summary {
            error: number(summary, "error")?,
            warning: number(summary, "warning")?,
            info: number(summary, "info")?,
        },
    })
}

fn finding(value: &Value) -> Option<Finding> {
    let fix = match value.get("fix") {
        None | Some(Value::Null) => None,
        Some(fix) => Some(Fix { title: text(fix, "title")?, edits: list(fix, "edits", edit)? }),
    };
    Some(Finding {
        rule: text(value, "rule")?,
        severity: Severity::parse(value.get("severity")?.as_str()?)?,
        message: text(value, "message")?,
        help: text(value, "help")?,
        path: text(value, "path")?,
        span: span(value.get("span")?)?,
        line: number(value, "line")?,
        column: number(value, "column")?,
        end_line: number(value, "end_line")?,
        end_column: number(value, "end_column")?,
        fix,
    })
}

fn edit(value: &Value) -> Option<Edit> {
    Some(Edit { span: span(value.get("span")?)?, replacement: text(value, "replacement")? })
}

fn span(value: &Value) -> Option<Span> {
    Some(Span { start: number(value, "start")?, end: number(value, "end")? })
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

fn number<N: TryFrom<u64>>(value: &Value, key: &str) -> Option<N> {
    N::try_from(value.get(key)?.as_u64()?).ok()
}

fn list<T>(value: &Value, key: &str, item: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    value.get(key)?.as_array()?.iter().map(item).collect()
}

#[cfg(test)]
mod tests {
    use policy_core::config::RuleSetting;

    use super::*;
    use crate::examples::{Example, ExampleFile, Group};
    use crate::state::State;

    fn workspace(files: &[(&str, &str)]) -> State {
        let files = files.iter().map(|(path, text)| ExampleFile { path: (*path).into(), text: (*text).into() });
        State::from_example(&Example {
            id: "t".into(),
            title: "t".into(),
            group: Group::Article,
            files: files.collect(),
            config: None,
        })
    }

    #[test]
    fn the_worker_lint_gives_the_same_report_as_a_direct_check() {
        let mut state = workspace(&[("Dockerfile", "FROM alpine:3.20\nRUNN x\nUSER root\n")]);
        let default_report = State::lint(&state.sources(), &state.config);
        let silenced = default_report.findings.first().map(|finding| finding.rule.clone()).unwrap();
        state.config.rules.insert(silenced.clone(), RuleSetting::Off);
        // The panel's text does not parse: the worker gets the config in effect all the same.
        state.config_text = "rules: [".into();
        let report = read_report(&lint_json(&state.lint_request()).unwrap()).unwrap();
        assert_eq!(report, State::lint(&state.sources(), &state.config));
        assert!(!report.findings.is_empty());
        assert!(report.findings.iter().all(|finding| finding.rule != silenced), "the config in effect went along");
        assert!(lint_json("{\"files\": 3}").is_err());
        assert!(lint_json("{\"files\": [], \"config\": \"rules: [\"}").is_err());
    }

    #[test]
    fn every_field_of_a_report_comes_back_whatever_its_text_holds() {
        // Quotes, backslashes, tabs, `{{`, non-ASCII, an empty file, several kinds, and fixes with edits.
        let state = workspace(&[
            ("dir \"q\"\\/Dockerfile", "FROM node:latest\nUSER root\nRUN sudo apt-get install curl\n"),
            (
                "k8s/ü {{x}}.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    \"bad key\\t\": \"é\"\n\
                 spec:\n  containers:\n  - name: c\n    image: nginx\n",
            ),
            ("deploy.sh", "kubectl create -f x.yaml\n"),
            ("empty.yaml", ""),
        ]);
        let report = State::lint(&state.sources(), &state.config);
        assert!(report.findings.len() > 5 && report.findings.iter().any(|finding| finding.fix.is_some()));
        assert!(report.summary.error + report.summary.warning > 0 && report.files.len() == 4);
        assert_eq!(read_report(&serde_json::to_string(&report).unwrap()), Ok(report));
    }

    #[test]
    fn a_broken_reply_is_an_error() {
        let with = |findings: &str, error: i32| {
            format!(
                "{{\"version\": \"1\", \"files\": [], \"findings\": {findings}, \
                 \"summary\": {{\"error\": {error}, \"warning\": 0, \"info\": 0}}}}"
            )
        };
        assert!(read_report(&with("[]", 0)).is_ok());
        for reply in ["", "[", "{}", "{\"version\": \"1\"}", &with("[{}]", 0), &with("[]", -1)] {
            assert!(read_report(reply).is_err(), "{reply}");
        }
    }
}
