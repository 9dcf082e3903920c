use crate::base::span::LineIndex;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::{body, describe};
use crate::syntax::dockerfile::ast::{Instruction, Keyword};

/// A `RUN` with more commands than this is a chain its author chose to keep apart. hadolint's threshold reads "more
/// than two" of its own shell items, which in practice exempts any `RUN` of two commands joined by `&&`, `;` or a
/// pipe (checked against hadolint 2.15.1), so one command is the limit here.
const CHAIN: usize = 1;

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that directly follows another `RUN` of the same stage (comments between them do not
    /// count) when the two could be one instruction, with hadolint's exceptions: the two differ in their flags
    /// (`--mount`, `--network`, `--security`), or either one already runs more than one command, which says
    /// its author split the steps on purpose. The finding points at the later `RUN`.
    ///
    /// ## Why it matters
    /// Each `RUN` adds a layer and a cache entry. Docker's "Best practices for writing Dockerfiles" asks to
    /// minimize the number of layers and to combine `apt-get update` with `apt-get install` in one `RUN`, so a
    /// cached update never pairs with a fresh install; files deleted in a later `RUN` still ship in the earlier
    /// layer. hadolint: "Multiple consecutive `RUN` instructions. Consider consolidation." Separate steps can also
    /// help the cache, so this is a suggestion at `info`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3059`.
    pub static RULE = {
        id: "consecutive-run",
        severity: Info,
        category: Build,
        summary: "consecutive RUN instructions that could be one layer",
        peers: [("hadolint", "DL3059")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lines = LineIndex::new(ctx.source);
    for stage in &ctx.file.stages {
        // The RUN the next one is compared with; any other instruction ends the run of RUNs.
        let mut previous: Option<&Instruction> = None;
        for (_, instruction) in body(ctx.file, stage) {
            if instruction.keyword != Keyword::Run {
                previous = None;
                continue;
            }
            let joinable = previous.is_some_and(|before| {
                before
                    .flags
                    .iter()
                    .map(|f| (&f.name, &f.value))
                    .eq(instruction.flags.iter().map(|f| (&f.name, &f.value)))
                    && commands(before) <= CHAIN
                    && commands(instruction) <= CHAIN
            });
            match previous.filter(|_| joinable) {
                // As in hadolint, the earlier RUN stays the one compared with, so a third short RUN is reported too.
                Some(before) => out.push(Diagnostic::new(
                    RULE.id,
                    instruction.keyword_span,
                    format!(
                        "RUN in {} follows the RUN on line {} with nothing between them, adding a layer",
                        describe(stage),
                        lines.position(before.span.start).line
                    ),
                    "Join the commands into one RUN with `&&` (and `\\` line breaks), unless the split is there \
                     for the build cache.",
                )),
                None => previous = Some(instruction),
            }
        }
    }
}

/// How many commands a `RUN` runs: its shell commands (heredoc bodies included), or one in exec form.
fn commands(run: &Instruction) -> usize {
    if run.is_exec_form() {
        1
    } else {
        run.commands().len()
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, positions};

    #[test]
    fn points_at_each_later_run() {
        let text = "FROM alpine:3.20\nRUN a\n# why\nrun b\nRUN [\"d\"]\n";
        assert_eq!(positions(RULE.id, text), [(4, 1), (5, 1)]);
        let chained = "FROM alpine:3.20\nRUN a\nRUN b && c\nRUN d | e\n";
        assert_eq!(positions(RULE.id, chained), [], "two joined commands are a chain, as hadolint reads them");
        let found = findings(RULE.id, text);
        assert!(found.iter().all(|f| f.message.contains("stage 0") && f.message.contains("line 2")), "{found:?}");
    }

    #[test]
    fn other_instructions_and_stages_separate_runs() {
        let text = "FROM alpine:3.20 AS a\nRUN a\nFROM a\nRUN b\nUSER 1\nRUN c\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn long_chains_and_different_flags_are_fine() {
        let text = "FROM alpine:3.20\nRUN a && b\nRUN d\nRUN --mount=type=cache,target=/c e\nRUN f\n\
                    RUN --network=none g\nRUN --network=none h\n";
        assert_eq!(positions(RULE.id, text), [(7, 1)]);
    }
}
