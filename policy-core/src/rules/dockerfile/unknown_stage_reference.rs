use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::describe;
use crate::syntax::dockerfile::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=<name>` where `<name>` is a bare word (no `/`, `:`, `@` or `.`, so it does not read as
    /// an image reference) that no stage is called, `COPY --from=<n>` where the file has no stage `n`, and a
    /// `COPY --from` that names its own stage (BuildKit: "circular dependency detected"). A close stage name is
    /// suggested. Values with variables are skipped; stage names compare without case, as BuildKit does.
    ///
    /// ## Why it matters
    /// BuildKit reads an unknown `--from` name as an image: `COPY --from=buidler /app /app` pulls
    /// `docker.io/library/buidler:latest`, which at best fails the build and at worst copies from a stranger's
    /// image. If an image was meant, writing its tag (`--from=busybox:1.36`) says so and pins it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// RUN go build -o /app
    /// FROM scratch
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// RUN go build -o /app
    /// FROM scratch
    /// COPY --from=builder /app /app
    /// COPY --from=busybox:1.36 /bin/busybox /busybox
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3022` (unknown alias) and `DL3023` (own alias).
    pub static RULE = {
        id: "unknown-stage-reference",
        severity: Warning,
        category: Build,
        summary: "COPY --from names no stage, or its own",
        peers: [("hadolint", "DL3022"), ("hadolint", "DL3023")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for copy in ctx.file.instructions.iter().filter(|i| i.keyword == Keyword::Copy) {
        let (Some(flag), Some(current)) = (copy.flag("from"), copy.stage.and_then(|at| ctx.file.stages.get(at))) else {
            continue;
        };
        let (Some(value), Some(span)) = (flag.value.as_deref(), flag.value_span) else { continue };
        if value.is_empty() || value.contains('$') {
            continue;
        }
        let problem = if let Ok(index) = value.parse::<usize>() {
            if index == current.index {
                format!("COPY --from={value} in {} copies from its own stage", describe(current))
            } else if index >= ctx.file.stages.len() {
                format!(
                    "COPY --from={value} in {} names stage {index}, but the file has {} stages",
                    describe(current),
                    ctx.file.stages.len()
                )
            } else {
                continue;
            }
        } else if let Some(named) = ctx.file.stage_named(value) {
            if named.index != current.index {
                continue;
            }
            format!("COPY --from={value} in {} copies from its own stage", describe(current))
        } else if value.contains(['/', ':', '@', '.']) {
            continue;
        } else {
            format!(
                "COPY --from={value} in {} names no stage, so BuildKit pulls the image `{value}:latest`",
                describe(current)
            )
        };
        out.push(Diagnostic::new(RULE.id, span, problem, help(ctx, value, current.index)));
    }
}

/// Suggests the closest other stage name, or how to write an image.
fn help(ctx: &Context<'_>, value: &str, current: usize) -> String {
    let lower = value.to_ascii_lowercase();
    let closest = ctx
        .file
        .stages
        .iter()
        .filter(|stage| stage.index != current)
        .filter_map(|stage| stage.name.as_ref())
        .map(|name| (strsim::osa_distance(&lower, &name.value), name))
        .filter(|(distance, name)| *distance <= 2.max(name.value.len() / 3))
        .min_by_key(|(distance, _)| *distance);
    match closest {
        Some((_, name)) => format!("Did you mean stage '{}'? `COPY --from={}`.", name.raw, name.raw),
        None => "Name an earlier stage (`FROM ... AS name`), or write the image with its tag (`--from=image:1.0`)."
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text, positions};

    #[test]
    fn misspelled_stage_points_at_the_value_and_suggests_the_name() {
        let text =
            "FROM golang:1.22 AS Builder\nRUN go build\nFROM scratch\ncopy --chown=1:1 --from=buidler /app /app\n";
        let found = findings(RULE.id, text);
        assert_eq!(found.iter().map(|f| (f.line, f.column)).collect::<Vec<_>>(), [(4, 25)]);
        assert!(found.iter().all(|f| f.help.contains("stage 'Builder'")), "{found:?}");
    }

    #[test]
    fn stage_names_are_case_insensitive_and_indexes_count() {
        let text = "FROM alpine:3.20 AS Build\nFROM alpine:3.20\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn own_stage_and_missing_indexes() {
        let text = "FROM alpine:3.20 AS one\nCOPY --from=one /a /a\nCOPY --from=1 /b /b\nCOPY --from=2 /c /c\nFROM alpine:3.20\n";
        assert_eq!(flagged_text(RULE.id, text), ["one", "2"]);
    }

    #[test]
    fn images_and_variables_are_fine() {
        let text = "FROM alpine:3.20\nARG SRC=base\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n\
                    COPY --from=ghcr.io/org/tools /bin/t /bin/t\nCOPY --from=${SRC} /x /x\n";
        assert_eq!(positions(RULE.id, text), []);
    }
}
