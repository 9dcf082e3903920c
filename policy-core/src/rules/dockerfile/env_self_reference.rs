use std::ops::Range;

use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::describe;
use crate::syntax::dockerfile::ast::{Keyword, Token};

declare_rule! {
    /// ## What it does
    /// Reports a reference (`$NAME`, `${NAME}`, `${NAME:-default}`) in an `ENV` value to a variable that an
    /// earlier pair of the same `ENV` sets, when no `ARG` or `ENV` before the instruction (in the stage or the
    /// stages it is built `FROM`) defines it. A pair that reads its own old value (`PATH=/opt/bin:$PATH`) is fine,
    /// as are references in single quotes or escaped with `\`.
    ///
    /// ## Why it matters
    /// The Dockerfile reference ("Environment replacement"): "Environment variable substitution use the same value
    /// for each variable throughout the entire instruction", so in `ENV abc=bye def=$abc`, `def` gets the value
    /// `abc` had before, not `bye`. hadolint: "Do not refer to an environment variable within the same `ENV`
    /// statement where it is defined." The classic case is `ENV JAVA_HOME=/opt/java PATH=$JAVA_HOME/bin:$PATH`,
    /// which puts `/bin` on the `PATH`. (hadolint also reports a reference to a name that a later pair sets; that
    /// reads the old value, as a shell would, and is left alone here.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM eclipse-temurin:21-jre
    /// ENV APP_HOME=/opt/app PATH=$APP_HOME/bin:$PATH
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM eclipse-temurin:21-jre
    /// ENV APP_HOME=/opt/app
    /// ENV PATH=$APP_HOME/bin:$PATH
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3044`.
    pub static RULE = {
        id: "env-self-reference",
        severity: Error,
        category: Build,
        summary: "ENV value reads a variable the same ENV sets",
        peers: [("hadolint", "DL3044")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (index, instruction) in ctx.file.instructions.iter().enumerate() {
        if instruction.keyword != Keyword::Env {
            continue;
        }
        let Some(stage) = instruction.stage.and_then(|at| ctx.file.stages.get(at)) else { continue };
        let pairs = instruction.pairs();
        if pairs.len() < 2 {
            continue;
        }
        let before = ctx.file.vars_at(index);
        for (at, pair) in pairs.iter().enumerate() {
            let Some(value) = &pair.value else { continue };
            let earlier = pairs.get(..at).unwrap_or(&[]);
            for (range, name) in references(&value.raw, ctx.file.escape) {
                if !earlier.iter().any(|set| set.name == name) || before.get(name).is_some() {
                    continue;
                }
                out.push(Diagnostic::new(
                    RULE.id,
                    reference_span(value, range),
                    format!(
                        "`{}` in {} reads `{name}`, which the same ENV sets: BuildKit expands it with the value \
                         from before this ENV",
                        pair.name,
                        describe(stage)
                    ),
                    format!("Set `{name}` in an ENV of its own, then use it in the next ENV."),
                ));
            }
        }
    }
}

/// The source span of `range` of the value as written, when the written text is the source (one line);
/// otherwise the whole value.
fn reference_span(value: &Token, range: Range<usize>) -> Span {
    if value.span.len() == value.raw.len() && range.end <= value.raw.len() {
        Span::new(value.span.start + range.start, value.span.start + range.end)
    } else {
        value.span
    }
}

/// The variables `raw` (an `ENV` value as written) refers to, with the byte range of each reference: `$NAME`
/// (the longest name), `${NAME}` and `${NAME<modifier>...}`. Single quotes and the escape character keep a `$`
/// literal, as in BuildKit's word processing.
fn references(raw: &str, escape: char) -> Vec<(Range<usize>, &str)> {
    let mut found = Vec::new();
    let (mut single, mut double) = (false, false);
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            _ if c == escape && !single => {
                chars.next();
            }
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '$' if !single => {
                let braced = chars.peek().is_some_and(|&(_, next)| next == '{');
                let start = at + if braced { 2 } else { 1 };
                let rest = raw.get(start..).unwrap_or("");
                let starts_name = rest.chars().next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_');
                if !starts_name {
                    continue;
                }
                let len = rest.find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')).unwrap_or(rest.len());
                let name_end = start + len;
                let end = if braced {
                    raw.get(name_end..).and_then(|after| after.find('}')).map_or(name_end, |close| name_end + close + 1)
                } else {
                    name_end
                };
                if let Some(name) = raw.get(start..name_end) {
                    found.push((at..end, name));
                }
                while chars.peek().is_some_and(|&(next, _)| next < end) {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{references, RULE};
    use crate::rules::test_support::{findings, flagged_text, positions};

    #[test]
    fn points_at_the_reference() {
        let text = "FROM alpine:3.20\nENV A=1 B=$A C=\"${A}/x\" D=${A:-z}\n";
        assert_eq!(positions(RULE.id, text), [(2, 11), (2, 17), (2, 27)]);
        assert_eq!(flagged_text(RULE.id, text), ["$A", "${A}", "${A:-z}"]);
        let found = findings(RULE.id, text);
        assert!(found.first().is_some_and(|f| f.message.contains("`B` in stage 0 reads `A`")), "{found:?}");
    }

    #[test]
    fn own_value_later_pairs_and_earlier_definitions_are_fine() {
        let text = "FROM alpine:3.20\nARG V=1\nENV PATH=/x:$PATH B=$C C=2\nENV V=2 W=$V\nENV X=1 Y=$XY Z='$X' Q=\\$X\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn definitions_in_a_base_stage_count() {
        let text = "FROM alpine:3.20 AS base\nENV HOME=/h\nFROM base\nENV HOME=/x APP=$HOME/app\nFROM alpine:3.20\n\
                    ENV HOME=/x APP=$HOME/app\n";
        assert_eq!(positions(RULE.id, text), [(6, 17)]);
    }

    #[test]
    fn a_continued_value_points_at_the_whole_value() {
        let text = "FROM alpine:3.20\nENV A=1 \\\n  B=x\\\ny$A\n";
        assert_eq!(flagged_text(RULE.id, text), ["x\\\ny$A"]);
    }

    #[test]
    fn reads_references() {
        let names = |raw| references(raw, '\\').into_iter().map(|(_, name)| name).collect::<Vec<_>>();
        assert_eq!(names("$A_1x ${B} ${C:+y} $ $1 \"$D\" '$E' \\$F ${"), ["A_1x", "B", "C", "D"]);
    }
}
