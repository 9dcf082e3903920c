use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{arguments, describe_program, insert_after, removes_after, subcommand_in};

declare_rule! {
    /// ## What it does
    /// Flags `apk add` without `--no-cache`, and `apk update`, in a `RUN` that neither deletes `/var/cache/apk`
    /// afterwards (`rm -rf /var/cache/apk/*`) nor mounts a cache or tmpfs there. Only stages whose layers end up in
    /// the final image are checked: the last stage and the stages it is built `FROM`.
    ///
    /// ## Why it matters
    /// apk stores the package index it downloads under `/var/cache/apk`. Left there, it ships in the layer and
    /// grows every image for nothing; deleting it in a later `RUN` does not help, since the earlier layer keeps
    /// it. The article's Alpine image runs `apk update && apk add ca-certificates && ... && rm -rf
    /// /var/cache/apk/*` in one `RUN` for this reason; `apk add --no-cache` gets the same result with one flag,
    /// fetching a fresh index without writing it to disk (Alpine's apk documentation; Docker's "Best practices
    /// for writing Dockerfiles" asks for the same clean-up in the same `RUN`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk update && apk add ca-certificates
    /// USER 10001
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache ca-certificates
    /// USER 10001
    /// ```
    ///
    /// ## Peers
    /// hadolint DL3019 flags `apk add` without `--no-cache` (it accepts neither the `rm` nor a cache mount).
    /// checkov has no equivalent.
    pub static RULE = {
        id: "apk-no-cache",
        severity: Warning,
        category: Build,
        summary: "`apk add` keeps the package index in the image",
        peers: [("hadolint", "DL3019")],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

const CACHE: &str = "/var/cache/apk";

/// apk options that take the next word as their value.
const APK_VALUE_OPTIONS: &[&str] = &[
    "-X",
    "--repository",
    "-p",
    "--root",
    "--arch",
    "--keys-dir",
    "--cache-dir",
    "--repositories-file",
    "-t",
    "--virtual",
];

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in context.runs {
        if !run.in_final_image || run.mounts_over(CACHE) {
            continue;
        }
        for (at, command) in run.programs(&["apk"]) {
            let Some(sub) = subcommand_in(command, &["add", "update"], APK_VALUE_OPTIONS) else { continue };
            if removes_after(run, at, CACHE) {
                continue;
            }
            if sub.value == "update" {
                out.push(Diagnostic::new(
                    RULE.id,
                    command.span,
                    format!("`apk update` in {} stores the package index in /var/cache/apk", run.place()),
                    "Drop `apk update` and install with `apk add --no-cache`, which fetches a fresh index without \
                     keeping it; or end this RUN with `rm -rf /var/cache/apk/*`.",
                ));
                continue;
            }
            if arguments(command, APK_VALUE_OPTIONS).iter().any(|arg| arg.is("no-cache", None)) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.id,
                    command.span,
                    format!(
                        "`{}` in {} keeps the package index in /var/cache/apk",
                        describe_program(command),
                        run.place()
                    ),
                    "Add `--no-cache` to `apk add`, or end this RUN with `rm -rf /var/cache/apk/*`.",
                )
                .with_fix(insert_after("Add `--no-cache`", sub, " --no-cache")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    const ID: &str = "apk-no-cache";

    #[test]
    fn flags_apk_add_without_no_cache_at_the_command() {
        let file = "FROM alpine:3.20\nRUN apk add ca-certificates curl\nUSER 10001\n";
        assert_eq!(positions(ID, file), [(2, 5)]);
        assert_eq!(flagged_text(ID, file), ["apk add ca-certificates curl"]);
        let message = &findings(ID, file)[0].message;
        assert!(message.contains("stage 0") && message.contains("apk add"), "{message}");
    }

    #[test]
    fn the_articles_run_is_clean() {
        let file = "FROM alpine\nRUN apk update && \\\n    apk add ca-certificates && \\\n    update-ca-certificates && \\\n    rm -rf /var/cache/apk/*\n";
        assert_eq!(positions(ID, file), []);
    }

    #[test]
    fn no_cache_flag_or_cache_mount_is_clean() {
        for file in [
            "FROM alpine:3.20\nRUN apk add --no-cache git\n",
            "FROM alpine:3.20\nRUN apk --no-cache add git\n",
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add git\n",
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache apk update && apk add git\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn removing_the_cache_before_installing_does_not_count() {
        let file = "FROM alpine:3.20\nRUN rm -rf /var/cache/apk/* && apk add git\n";
        assert_eq!(positions(ID, file), [(2, 32)]);
    }

    #[test]
    fn apk_update_is_flagged_on_its_own_line_of_a_continuation() {
        let file = "FROM alpine:3.20\nRUN set -eux; \\\n    apk update; \\\n    apk add --no-cache \\\n        git\n";
        assert_eq!(positions(ID, file), [(3, 5)]);
        assert!(findings(ID, file)[0].message.contains("apk update"));
    }

    #[test]
    fn heredoc_bodies_and_mixed_case_are_read() {
        let file = "from alpine:3.20\nrun <<EOF\nset -eux\napk add \\\n  git\nEOF\n";
        assert_eq!(positions(ID, file), [(4, 1)]);
        assert_eq!(flagged_text(ID, file), ["apk add \\\n  git"]);
    }

    #[test]
    fn only_stages_in_the_final_image_are_checked() {
        let build = "FROM alpine:3.20 AS build\nRUN apk add gcc\nFROM alpine:3.20\nCOPY --from=build /out /out\n";
        assert_eq!(positions(ID, build), []);
        let base = "FROM alpine:3.20 AS base\nRUN apk add tini\nFROM base\nUSER 10001\n";
        assert_eq!(positions(ID, base), [(2, 5)]);
        assert!(findings(ID, base)[0].message.contains("stage 'base'"));
    }

    #[test]
    fn the_fix_inserts_no_cache_after_add() {
        let file = "FROM alpine:3.20\nRUN sudo apk add -t .deps \\\n    gcc\n";
        let after = fixed(ID, file);
        assert_eq!(after, "FROM alpine:3.20\nRUN sudo apk add --no-cache -t .deps \\\n    gcc\n");
        assert_eq!(positions(ID, &after), []);
    }
}
