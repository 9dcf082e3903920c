use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::dockerfile::{self as stages, body_with, describe};
use crate::syntax::dockerfile::ast::{Dockerfile, Keyword, Stage};

declare_rule! {
    /// ## What it does
    /// Reports a `WORKDIR` whose path, after variables are substituted, is relative. A path that depends on a
    /// variable without a known value (`WORKDIR $HOME/app`, where the base image sets `HOME`) is left alone;
    /// Windows paths with a drive letter count as absolute. When an earlier `WORKDIR` of the stage (or of the
    /// stages it is built `FROM`) is known, or the stage starts from `scratch` (whose directory is `/`), the fix
    /// writes the absolute path BuildKit would use.
    ///
    /// ## Why it matters
    /// A relative `WORKDIR` is resolved against the previous one, which may come from the base image: change the
    /// base, or move a line, and files land elsewhere. Docker's "Best practices for writing Dockerfiles": "For
    /// clarity and reliability, you should always use absolute paths for your WORKDIR."
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// WORKDIR /srv
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-alpine
    /// WORKDIR /srv/app
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3000`; checkov `CKV_DOCKER_10`.
    pub static RULE = {
        id: "relative-workdir",
        severity: Warning,
        category: Build,
        summary: "WORKDIR with a relative path",
        peers: [("hadolint", "DL3000"), ("checkov", "CKV_DOCKER_10")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.file.stages {
        let mut current = inherited_workdir(ctx.file, stage);
        for instruction in body_with(ctx.file, stage, Keyword::Workdir) {
            let Some(path) = instruction.workdir() else { continue };
            if !path.known {
                current = None;
                continue;
            }
            if is_absolute(&path.value) {
                current = Some(path.value.clone());
                continue;
            }
            let resolved = current.as_deref().map(|base| join(base, &path.value));
            let mut diagnostic = Diagnostic::new(
                RULE.id,
                path.span,
                format!(
                    "WORKDIR `{}` in {} is relative to whatever directory came before",
                    path.value,
                    describe(stage)
                ),
                match &resolved {
                    Some(absolute) => format!("Write the absolute path: `WORKDIR {absolute}`."),
                    None => "Write an absolute path, e.g. `WORKDIR /app`.".to_owned(),
                },
            );
            let plain = !path.raw.contains(['$', '\\', '"', '\'']) && !path.raw.chars().any(char::is_whitespace);
            if let (Some(absolute), true) = (&resolved, plain) {
                diagnostic = diagnostic.with_fix(Fix::replace("Write the absolute path", path.span, absolute.clone()));
            }
            out.push(diagnostic);
            current = resolved;
        }
    }
}

/// The working directory a stage starts in, when the Dockerfile alone tells: `/` for `scratch`, the last known
/// `WORKDIR` of its base stage; `None` when it comes from an image.
fn inherited_workdir(file: &Dockerfile, stage: &Stage) -> Option<String> {
    let lineage = stages::lineage(file, stage);
    let bases = lineage.get(1..).unwrap_or(&[]);
    for base in bases {
        if let Some(path) = body_with(file, base, Keyword::Workdir).filter_map(|i| i.workdir()).last() {
            return (path.known && is_absolute(&path.value)).then(|| path.value.clone());
        }
    }
    lineage.last().filter(|root| root.scratch).map(|_| "/".to_owned())
}

fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    let drive = matches!(bytes, [letter, b':', ..] if letter.is_ascii_alphabetic());
    path.starts_with('/') || path.starts_with('\\') || drive
}

/// `base` and a relative `path` joined, with `.` and `..` resolved as a path lookup would.
fn join(base: &str, path: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|part| !part.is_empty() && *part != ".").collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::{join, RULE};
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    #[test]
    fn relative_paths_point_at_the_path() {
        let text = "FROM alpine:3.20\nWORKDIR app\nworkdir \"src dir\"\nWORKDIR /ok\nWORKDIR C:\\\\app\n";
        assert_eq!(positions(RULE.id, text), [(2, 9), (3, 9)]);
        assert_eq!(flagged_text(RULE.id, text), ["app", "\"src dir\""]);
    }

    #[test]
    fn variables_resolve_or_silence() {
        let text = "FROM alpine:3.20\nENV APP=srv\nWORKDIR ${APP}\nWORKDIR $HOME/app\n";
        assert_eq!(positions(RULE.id, text), [(3, 9)]);
    }

    #[test]
    fn fix_joins_with_the_previous_known_workdir() {
        assert_eq!(
            fixed(RULE.id, "FROM alpine:3.20\nWORKDIR /srv\nRUN true\nWORKDIR ../app\n"),
            "FROM alpine:3.20\nWORKDIR /srv\nRUN true\nWORKDIR /app\n"
        );
        assert_eq!(fixed(RULE.id, "FROM scratch\nWORKDIR app\n"), "FROM scratch\nWORKDIR /app\n");
        let inherited = "FROM alpine:3.20 AS base\nWORKDIR /opt\nFROM base\nWORKDIR tool\n";
        assert_eq!(fixed(RULE.id, inherited), "FROM alpine:3.20 AS base\nWORKDIR /opt\nFROM base\nWORKDIR /opt/tool\n");
    }

    #[test]
    fn no_fix_when_the_base_image_decides() {
        let found = findings(RULE.id, "FROM node:20-alpine\nWORKDIR app\n");
        assert_eq!(found.len(), 1);
        assert!(found.iter().all(|f| f.fix.is_none() && f.help.contains("/app")));
    }

    #[test]
    fn joins_paths() {
        assert_eq!(join("/", "app"), "/app");
        assert_eq!(join("/srv/", "./a/../b"), "/srv/b");
        assert_eq!(join("/", ".."), "/");
    }
}
