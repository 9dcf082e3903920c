//! Runs the registry's rules over a bundle of sources and assembles the report.

use crate::config::Config;
use crate::report::{Diagnostic, FileSummary, Finding, Report};
use crate::rules::{self, Check, Rule};
use crate::source::{Kind, Source};
use crate::span::{LineIndex, Span};
use crate::suppress::Suppressions;

const BOM: &str = "\u{feff}";

/// Checks every source under `config`. Never panics on any input: what cannot be read becomes a finding.
pub fn check(sources: &[Source], config: &Config) -> Report {
    let mut files = Vec::with_capacity(sources.len());
    let mut findings = Vec::new();
    for source in sources {
        let Some(kind) = source.kind() else {
            findings.push(unknown_kind(source));
            continue;
        };
        files.push(FileSummary { path: source.path.clone(), kind });
        let (body, shift) = match source.content.strip_prefix(BOM) {
            Some(rest) => (rest, BOM.len()),
            None => (source.content.as_str(), 0),
        };
        let mut checked = if body.len() > config.limits.max_file_bytes {
            too_large(body.len(), config)
        } else {
            match kind {
                Kind::Dockerfile => check_dockerfile(body, config),
                Kind::Kubernetes => Checked::default(),
            }
        };
        let index = LineIndex::new(&source.content);
        for mut diagnostic in checked.diagnostics.drain(..) {
            let Some(rule) = rules::find(diagnostic.rule) else { continue };
            let Some(severity) = config.severity_of(rule) else { continue };
            if checked.suppressions.suppresses(rule.id, diagnostic.span) {
                continue;
            }
            shift_diagnostic(&mut diagnostic, shift);
            findings.push(Finding::from_diagnostic(diagnostic, severity, &source.path, &index));
        }
    }
    Report::new(files, findings)
}

#[derive(Default)]
struct Checked {
    diagnostics: Vec<Diagnostic>,
    suppressions: Suppressions,
}

fn check_dockerfile(body: &str, config: &Config) -> Checked {
    let parsed = crate::dockerfile::parse(body);
    let context = crate::dockerfile::Context { file: &parsed.file, source: body, config };
    let mut diagnostics = parsed.problems;
    for rule in enabled(config) {
        for check in rule.checks {
            match check {
                Check::Dockerfile(run) => run(&context, &mut diagnostics),
            }
        }
    }
    Checked { diagnostics, suppressions: parsed.suppressions }
}

fn enabled(config: &Config) -> impl Iterator<Item = &'static Rule> + '_ {
    rules::REGISTRY.iter().copied().filter(|rule| config.severity_of(rule).is_some())
}

fn too_large(len: usize, config: &Config) -> Checked {
    let diagnostic = Diagnostic::new(
        "parse-error",
        Span::at(0),
        format!(
            "the file is {len} bytes, over the limit of {} bytes; it was not checked",
            config.limits.max_file_bytes
        ),
        "Split the file, or raise `limits.max-file-bytes` in `.seaworthy.yaml`.",
    );
    Checked { diagnostics: vec![diagnostic], suppressions: Suppressions::default() }
}

fn unknown_kind(source: &Source) -> Finding {
    let diagnostic = Diagnostic::new(
        "parse-error",
        Span::at(0),
        format!("cannot tell whether `{}` is a Dockerfile or a Kubernetes manifest", source.path),
        "Name it `Dockerfile`, `*.Dockerfile` or `*.yaml`, or pass the kind explicitly (`--kind`).",
    );
    let severity = rules::find("parse-error").map_or(crate::Severity::Error, |rule| rule.default_severity);
    Finding::from_diagnostic(diagnostic, severity, &source.path, &LineIndex::new(&source.content))
}

fn shift_diagnostic(diagnostic: &mut Diagnostic, shift: usize) {
    if shift == 0 {
        return;
    }
    diagnostic.span = Span::new(diagnostic.span.start + shift, diagnostic.span.end + shift);
    if let Some(fix) = &mut diagnostic.fix {
        for edit in &mut fix.edits {
            edit.span = Span::new(edit.span.start + shift, edit.span.end + shift);
        }
    }
}
