use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::{Diagnostic, Fix};
use crate::rules::dockerfile::run_commands::{describe_program, Run};
use crate::syntax::shell::Operator;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` whose last command is `cd`: `RUN cd /app` on its own, or `RUN make && cd ..`. The change
    /// of directory ends with the `RUN`, so the `cd` does nothing, and when it is the whole `RUN` the author
    /// almost certainly meant `WORKDIR`. The fix replaces a lone `RUN cd <absolute path>` with `WORKDIR <path>`
    /// and removes a trailing `&& cd ...`.
    ///
    /// A `cd` followed by other commands in the same `RUN` (`git clone ... && cd src && make && cd / && rm -rf
    /// src`) is not flagged: building and cleaning up in one layer needs it, and `WORKDIR` would change the
    /// directory of every later instruction.
    ///
    /// ## Why it matters
    /// Every instruction starts in the `WORKDIR`; a `cd` in one `RUN` never carries over to the next. Docker's
    /// "Best practices for writing Dockerfiles" asks for `WORKDIR` rather than `RUN cd … && do-something`, for
    /// clarity and reliability; a `RUN` that ends in `cd` is that mistake at its plainest, and it also costs a
    /// layer and a build step for nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS build
    /// RUN cd /src
    /// RUN go build -o /out/app .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS build
    /// WORKDIR /src
    /// RUN go build -o /out/app .
    /// ```
    ///
    /// ## Peers
    /// hadolint DL3003, which flags every `cd` in a `RUN`, including the build-and-clean-up pattern above
    /// (hadolint issue 422); this rule keeps to the `cd` whose effect is lost.
    pub static RULE = {
        id: "cd-instead-of-workdir",
        severity: Warning,
        category: Build,
        summary: "a RUN ends in `cd`, whose effect is lost",
        peers: [("hadolint", "DL3003")],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in context.runs {
        // The RUN's last script is the one that runs last; a heredoc body ending in `cd` is the same mistake.
        let Some(script) = run.scripts.iter().rev().find(|script| !script.commands.is_empty()) else { continue };
        let commands = &script.commands;
        let Some(last) = commands.last().filter(|command| command.name() == Some("cd")) else { continue };
        let alone = commands.iter().filter(|command| command.program.is_some()).count() == 1
            && run.scripts.iter().filter(|script| script.commands.iter().any(|c| c.program.is_some())).count() == 1;
        let shown = describe_program(last);
        let diagnostic = if alone {
            let mut diagnostic = Diagnostic::new(
                RULE.id,
                last.span,
                format!(
                    "`RUN {shown}` in {} changes directory for nothing: the next instruction starts in the \
                     WORKDIR again",
                    run.place()
                ),
                "Replace it with `WORKDIR <dir>`, which sets the directory for the instructions after it.",
            );
            if let Some(fix) = workdir_fix(context, run) {
                diagnostic = diagnostic.with_fix(fix);
            }
            diagnostic
        } else {
            let mut diagnostic = Diagnostic::new(
                RULE.id,
                last.span,
                format!(
                    "`{shown}` at the end of a RUN in {} has no effect: each RUN starts in the WORKDIR",
                    run.place()
                ),
                "Remove the trailing `cd`; use `WORKDIR` to change the directory of later instructions.",
            );
            let previous = commands.len().checked_sub(2).and_then(|at| commands.get(at));
            if let Some(previous) = previous.filter(|c| matches!(c.operator, Some(Operator::And | Operator::Semicolon)))
            {
                let removed = Span::new(previous.span.end, last.span.end);
                diagnostic = diagnostic.with_fix(Fix::replace("Remove the trailing `cd`", removed, ""));
            }
            diagnostic
        };
        out.push(diagnostic);
    }
}

/// `RUN cd /abs/path` (one line, shell form, a literal absolute path) becomes `WORKDIR /abs/path`.
fn workdir_fix(context: &Context<'_>, run: &Run<'_>) -> Option<Fix> {
    let [script] = run.scripts.as_slice() else { return None };
    let [command] = script.commands.as_slice() else { return None };
    let [_, dir] = command.argv() else { return None };
    let literal =
        !dir.dynamic && !dir.quoted && dir.value.starts_with('/') && dir.span.slice(context.source) == dir.value;
    if !literal || run.onbuild || !run.instruction.flags.is_empty() {
        return None;
    }
    let span = run.instruction.span;
    (!span.slice(context.source).contains('\n'))
        .then(|| Fix::replace("Use WORKDIR", span, format!("WORKDIR {}", dir.value)))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    const ID: &str = "cd-instead-of-workdir";

    #[test]
    fn a_lone_cd_is_flagged_and_fixed_into_workdir() {
        let file = "FROM alpine:3.20\nRUN cd /app\nRUN ./build.sh\n";
        assert_eq!(positions(ID, file), [(2, 5)]);
        assert!(findings(ID, file)[0].message.contains("`RUN cd /app` in stage 0"));
        let after = fixed(ID, file);
        assert_eq!(after, "FROM alpine:3.20\nWORKDIR /app\nRUN ./build.sh\n");
        assert_eq!(positions(ID, &after), []);
    }

    #[test]
    fn a_trailing_cd_is_flagged_and_removed() {
        let file = "FROM alpine:3.20\nrun make install \\\n    && cd ..\n";
        assert_eq!(positions(ID, file), [(3, 8)]);
        assert_eq!(flagged_text(ID, file), ["cd .."]);
        let after = fixed(ID, file);
        assert_eq!(after, "FROM alpine:3.20\nrun make install\n");
        assert_eq!(positions(ID, &after), []);
    }

    #[test]
    fn cd_inside_a_build_and_the_articles_cd_are_not_flagged() {
        for file in [
            "FROM golang:alpine AS build-env\nWORKDIR /app\nADD . /app\nRUN cd /app && go build -o goapp\n",
            "FROM debian:12\nRUN git clone https://x.example/jo.git /tmp/jo && \\\n  cd /tmp/jo && make install && \\\n  cd / && rm -rf /tmp/jo\n",
            "FROM debian:12\nRUN echo cd\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn a_heredoc_ending_in_cd_points_at_the_body_line() {
        let file = "FROM debian:12\nRUN <<EOF\nset -eux\nmake\ncd /\nEOF\n";
        assert_eq!(positions(ID, file), [(5, 1)]);
        assert!(findings(ID, file)[0].fix.is_none());
    }
}
