use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::dockerfile::describe;
use crate::syntax::dockerfile::ast::{Instruction, Keyword, Token};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` or `ADD` with more than one source whose destination does not end with `/`, after
    /// variables are substituted. A destination that depends on a variable without a known value is left alone;
    /// `.` (which BuildKit reads as the working directory) and a Windows path ending in `\` count as directories.
    /// When the destination is written plainly, the fix appends the `/`.
    ///
    /// ## Why it matters
    /// The Dockerfile reference: "If multiple `<src>` resources are specified, [...] then `<dest>` must be a
    /// directory, and it must end with a slash `/`." Without the slash the build fails ("cannot copy to
    /// non-directory") or, when the path exists as a file, overwrites it. hadolint: "COPY with more than 2
    /// arguments requires the last argument to end with /". hadolint checks `COPY` only; `ADD` follows the same
    /// rule, so it is checked too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-alpine
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3021`.
    pub static RULE = {
        id: "copy-to-non-directory",
        severity: Error,
        category: Build,
        summary: "COPY of several sources to a path without a trailing `/`",
        peers: [("hadolint", "DL3021")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in ctx.file.instructions.iter().filter(|i| matches!(i.keyword, Keyword::Copy | Keyword::Add)) {
        let Some(stage) = instruction.stage.and_then(|at| ctx.file.stages.get(at)) else { continue };
        let Some(copy) = instruction.copy() else { continue };
        let Some(dest) = copy.dest.as_ref().filter(|dest| copy.sources.len() > 1 && !is_directory(dest)) else {
            continue;
        };
        let keyword = instruction.keyword.as_str();
        let mut diagnostic = Diagnostic::new(
            RULE.id,
            dest.span,
            format!(
                "{keyword} in {} copies {} sources to `{}`, which does not end with `/`",
                describe(stage),
                copy.sources.len(),
                dest.value
            ),
            format!("End the destination with `/` (`{}/`) so that the sources land in a directory.", dest.value),
        );
        if let Some(fix) = fix(instruction, dest) {
            diagnostic = diagnostic.with_fix(fix);
        }
        out.push(diagnostic);
    }
}

/// The destination names a directory, or may: BuildKit adds the separator itself to `.`, and an unknown
/// variable may end in one.
fn is_directory(dest: &Token) -> bool {
    !dest.known || dest.value == "." || dest.value.ends_with(['/', '\\'])
}

/// Appends `/` to a destination written without quotes, escapes or variables, where the written text is the
/// path; the build fails without it, so the directory is what the author meant.
fn fix(instruction: &Instruction, dest: &Token) -> Option<Fix> {
    let plain = !instruction.is_exec_form() && dest.raw == dest.value && dest.span.len() == dest.raw.len();
    (plain && !dest.raw.contains(['\\', '"', '\'']))
        .then(|| Fix::replace("Append `/` to the destination", Span::at(dest.span.end), "/"))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    #[test]
    fn points_at_the_destination() {
        let text = "FROM alpine:3.20\nCOPY a b /app\nadd --chown=1:1 a b c dir\nCOPY [\"a\", \"b\", \"/x y\"]\n";
        assert_eq!(positions(RULE.id, text), [(2, 10), (3, 23), (4, 17)]);
        assert_eq!(flagged_text(RULE.id, text), ["/app", "dir", "\"/x y\""]);
        let found = findings(RULE.id, text);
        assert!(found.first().is_some_and(|f| f.message.contains("COPY in stage 0 copies 2 sources")), "{found:?}");
    }

    #[test]
    fn directories_single_sources_and_unknown_values_are_fine() {
        let text = "FROM alpine:3.20\nARG DEST\nENV APP=/app/\nCOPY a b /app/\nCOPY a /app\nCOPY a b .\n\
                    COPY a b $DEST\nCOPY a b ${APP}\nCOPY [\"a\", \"b\", \"/c/\"]\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn resolves_variables() {
        let text = "FROM alpine:3.20\nENV APP=/app\nCOPY a b $APP\n";
        assert_eq!(flagged_text(RULE.id, text), ["$APP"]);
        assert!(findings(RULE.id, text).iter().all(|f| f.fix.is_none()));
    }

    #[test]
    fn fix_appends_the_slash() {
        assert_eq!(fixed(RULE.id, "FROM alpine:3.20\nCOPY a b /app\n"), "FROM alpine:3.20\nCOPY a b /app/\n");
    }
}
