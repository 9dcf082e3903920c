use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{arguments, describe_program, insert_after};

declare_rule! {
    /// ## What it does
    /// Flags `useradd` with a UID of 100000 or more (`-u`, `--uid`, also through an `ENV`/`ARG` variable with
    /// a known value) and without `-l` / `--no-log-init`. Only stages whose layers end up in the final image
    /// are checked. The fix adds `-l`.
    ///
    /// ## Why it matters
    /// Unless told `-l`, `useradd` records the new user in `/var/log/lastlog` and `/var/log/faillog`, files
    /// indexed by UID: with a large UID they become sparse files of hundreds of megabytes, or gigabytes (lastlog
    /// takes about 292 bytes per UID below the new one). Image layers are tar archives that store the holes as
    /// real zeros, so the image grows by that much, and builds have filled their disks (moby/moby issue 5419).
    /// The article recommends a dedicated non-root UID; `-l` keeps that advice cheap. UIDs below 100000, such
    /// as the article's 10001, cost at most a few megabytes and are left alone, as in hadolint. Debian's
    /// `adduser` wrapper cannot pass `-l`, which is why Docker's best-practices guide once advised `useradd`
    /// for large UIDs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd --uid 1000001 --create-home app
    /// USER app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd -l --uid 1000001 --create-home app
    /// USER app
    /// ```
    ///
    /// ## Peers
    /// hadolint DL3046 (every stage). checkov has no equivalent.
    pub static RULE = {
        id: "useradd-large-uid",
        severity: Warning,
        category: Build,
        summary: "`useradd` with a large UID and no `-l` bloats the image",
        peers: [("hadolint", "DL3046")],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

/// The first UID hadolint's DL3046 also counts as large (six digits).
const LARGE_UID: u64 = 100_000;

const USERADD_VALUE_OPTIONS: &[&str] = &[
    "-u",
    "--uid",
    "-g",
    "--gid",
    "-G",
    "--groups",
    "-d",
    "--home-dir",
    "-s",
    "--shell",
    "-c",
    "--comment",
    "-k",
    "--skel",
    "-e",
    "--expiredate",
    "-f",
    "--inactive",
    "-K",
    "--key",
    "-p",
    "--password",
    "-R",
    "--root",
    "-P",
    "--prefix",
    "-b",
    "--base-dir",
    "-Z",
    "--selinux-user",
];

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in context.runs {
        if !run.in_final_image {
            continue;
        }
        for (_, command) in run.programs(&["useradd"]) {
            let args = arguments(command, USERADD_VALUE_OPTIONS);
            if args.iter().any(|arg| arg.is("no-log-init", Some('l'))) {
                continue;
            }
            let Some(raw) = args.iter().find(|arg| arg.is("uid", Some('u'))).and_then(|arg| arg.value()) else {
                continue;
            };
            let expanded = run.vars().expand(raw, context.file.escape);
            let Some(uid) = expanded.known.then(|| expanded.value.trim().parse::<u64>().ok()).flatten() else {
                continue;
            };
            if uid < LARGE_UID {
                continue;
            }
            let Some(program) = command.program_word() else { continue };
            out.push(
                Diagnostic::new(
                    RULE.id,
                    command.span,
                    format!(
                        "`{}` in {} creates UID {uid} without `-l`: lastlog and faillog grow to its size",
                        describe_program(command),
                        run.place()
                    ),
                    "Add `-l` (`--no-log-init`) to `useradd`, or pick a UID below 100000.",
                )
                .with_fix(insert_after("Add `-l`", program, " -l")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    const ID: &str = "useradd-large-uid";

    #[test]
    fn flags_a_large_uid_without_l() {
        let file = "FROM debian:12\nRUN groupadd -g 1000001 app && useradd -u 1000001 -g app app\n";
        assert_eq!(positions(ID, file), [(2, 32)]);
        assert_eq!(flagged_text(ID, file), ["useradd -u 1000001 -g app app"]);
        assert!(findings(ID, file)[0].message.contains("UID 1000001"));
    }

    #[test]
    fn uids_through_variables_and_continuations() {
        let file = "FROM debian:12\nARG APP_UID=2000000\nRUN useradd \\\n    --create-home \\\n    --uid \"${APP_UID}\" \\\n    app\n";
        assert_eq!(positions(ID, file), [(3, 5)]);
        let unknown = "FROM debian:12\nARG APP_UID\nRUN useradd --uid ${APP_UID} app\n";
        assert_eq!(positions(ID, unknown), []);
    }

    #[test]
    fn small_uids_l_and_adduser_are_clean() {
        for file in [
            "FROM debian:12\nRUN useradd -u 10001 app\n",
            "FROM debian:12\nRUN useradd -l -u 1000001 app\n",
            "FROM debian:12\nRUN useradd --no-log-init --uid=1000001 app\n",
            "FROM debian:12\nRUN useradd -lu 1000001 app\n",
            "FROM alpine:3.20\nENV UID=10001\nRUN adduser --disabled-password --uid \"${UID}\" appuser\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn the_fix_adds_l_after_useradd() {
        let file = "FROM debian:12\nRUN <<EOF\nuseradd --uid 1000001 app\nEOF\n";
        assert_eq!(positions(ID, file), [(3, 1)]);
        let after = fixed(ID, file);
        assert_eq!(after, "FROM debian:12\nRUN <<EOF\nuseradd -l --uid 1000001 app\nEOF\n");
        assert_eq!(positions(ID, &after), []);
    }
}
