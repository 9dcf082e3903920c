use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::{self as stages, body, body_with, describe};
use crate::syntax::dockerfile::ast::{Keyword, Token};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` or `ADD` whose destination is a relative path when no `WORKDIR` comes before it, neither
    /// in its stage nor in the stages it is built `FROM`. Destinations that start with a variable, absolute paths
    /// (Windows ones with a drive letter too) and stages that start from `scratch`, whose directory is `/`, are
    /// left alone.
    ///
    /// ## Why it matters
    /// The Dockerfile reference: a relative destination is "relative to the working directory of the build
    /// stage", and without a `WORKDIR` that is whatever the base image chose: `/` for one, `/usr/src/app` for
    /// another, and it changes when the base does. hadolint: "`COPY` to a relative destination without `WORKDIR`
    /// set." hadolint checks `COPY` only; `ADD` resolves its destination the same way, so it is checked too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirements.txt app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY requirements.txt ./
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3045`.
    pub static RULE = {
        id: "relative-copy-destination",
        severity: Warning,
        category: Build,
        summary: "COPY to a relative path with no WORKDIR set",
        peers: [("hadolint", "DL3045")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.file.stages {
        let lineage = stages::lineage(ctx.file, stage);
        let bases = lineage.get(1..).unwrap_or(&[]);
        let inherited = bases.iter().any(|base| body_with(ctx.file, base, Keyword::Workdir).next().is_some());
        if inherited || lineage.last().is_some_and(|root| root.scratch) {
            continue;
        }
        for (_, instruction) in body(ctx.file, stage) {
            match instruction.keyword {
                // Any WORKDIR, even a relative one, pins the directory from here on; `relative-workdir` judges it.
                Keyword::Workdir => break,
                Keyword::Copy | Keyword::Add => {}
                _ => continue,
            }
            let Some(dest) = instruction.copy().and_then(|copy| copy.dest.as_ref()) else { continue };
            if !is_relative(dest) {
                continue;
            }
            let keyword = instruction.keyword.as_str();
            out.push(Diagnostic::new(
                RULE.id,
                dest.span,
                format!(
                    "{keyword} in {} copies to the relative path `{}` with no WORKDIR set, so it lands wherever \
                     the base image's working directory is",
                    describe(stage),
                    dest.value
                ),
                "Set the directory first (`WORKDIR /app`), or write an absolute destination.",
            ));
        }
    }
}

/// A destination that is relative whatever its variables hold: not absolute, and not starting with a variable
/// (which may hold an absolute path), after quotes are removed.
fn is_relative(dest: &Token) -> bool {
    let written = dest.raw.trim_matches(['"', '\'']);
    let bytes = dest.value.as_bytes();
    let drive = matches!(bytes, [letter, b':', b'/' | b'\\', ..] if letter.is_ascii_alphabetic());
    dest.known && !written.starts_with('$') && !dest.value.starts_with(['/', '\\']) && !drive
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text, positions};

    #[test]
    fn points_at_relative_destinations_before_any_workdir() {
        let text = "FROM node:20-alpine\nCOPY a app/\nadd b .\nCOPY [\"c\", \"d e/\"]\nWORKDIR /srv\nCOPY f g/\n";
        assert_eq!(positions(RULE.id, text), [(2, 8), (3, 7), (4, 12)]);
        assert_eq!(flagged_text(RULE.id, text), ["app/", ".", "\"d e/\""]);
        let found = findings(RULE.id, text);
        assert!(found.first().is_some_and(|f| f.message.starts_with("COPY in stage 0")), "{found:?}");
    }

    #[test]
    fn absolute_variable_and_windows_destinations_are_fine() {
        let text =
            "FROM node:20-alpine\nARG DEST\nCOPY a /app/\nCOPY b $DEST\nCOPY c \"${DEST}/x\"\nCOPY d C:\\\\app\\\\\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn workdir_of_a_base_stage_and_scratch_count() {
        let text = "FROM node:20-alpine AS base\nWORKDIR /app\nFROM base\nCOPY a .\nFROM scratch\nCOPY b .\n\
                    FROM node:20-alpine\nCOPY c .\n";
        assert_eq!(positions(RULE.id, text), [(8, 8)]);
    }
}
