use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;

/// Names BuildKit gives a meaning of its own: the empty image, and the build context.
const RESERVED: [&str; 2] = ["scratch", "context"];

declare_rule! {
    /// ## What it does
    /// Reports a stage named `scratch` or `context` (`FROM ... AS scratch`), in any case, at the name.
    ///
    /// ## Why it matters
    /// Both words already mean something to BuildKit: `scratch` is the empty image and `context` the build
    /// context. Docker's build checks (`ReservedStageName`): "Reserved words should not be used as names for
    /// stages in multi-stage builds." A later `FROM scratch` or `COPY --from=context` then reads as the stage or
    /// as the builtin depending on the builder, and the reader cannot tell which was meant. hadolint: "Stage name
    /// should not be a reserved word" (`DL3063` since hadolint 2.15).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// RUN mkdir /out
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS workspace
    /// RUN mkdir /out
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3063`; BuildKit's check `ReservedStageName`.
    pub static RULE = {
        id: "reserved-stage-name",
        severity: Error,
        category: Build,
        summary: "stage named `scratch` or `context`",
        peers: [("hadolint", "DL3063"), ("buildkit", "ReservedStageName")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.file.stages {
        // `value` is lower-cased already, as BuildKit compares stage names.
        let Some(name) = stage.name.as_ref().filter(|name| RESERVED.contains(&name.value.as_str())) else { continue };
        let meaning = if name.value == "scratch" { "the empty image" } else { "the build context" };
        out.push(Diagnostic::new(
            RULE.id,
            name.span,
            format!("stage {} is named `{}`, a name BuildKit reserves for {meaning}", stage.index, name.raw),
            format!("Give the stage a name of its own (`{}-stage`, `build`), and rename its references.", name.value),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text, positions};

    #[test]
    fn points_at_reserved_names_in_any_case() {
        let text = "FROM alpine:3.20 AS scratch\nFROM alpine:3.20 as Context\n";
        assert_eq!(positions(RULE.id, text), [(1, 21), (2, 21)]);
        assert_eq!(flagged_text(RULE.id, text), ["scratch", "Context"]);
        let found = findings(RULE.id, text);
        assert!(found.last().is_some_and(|f| f.message.contains("stage 1 is named `Context`")), "{found:?}");
    }

    #[test]
    fn other_names_and_the_scratch_image_are_fine() {
        let text = "FROM scratch AS base\nFROM alpine:3.20 AS scratchpad\nFROM scratch\n";
        assert_eq!(positions(RULE.id, text), []);
    }
}
