use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{
    covers, describe_program, insert_after, read_arguments, removes_after, script_of, variable, Arg, Run,
    PIP_VALUE_OPTIONS,
};
use crate::syntax::shell::{Command, Word};

declare_rule! {
    /// ## What it does
    /// Flags `pip install` (also `pip3`, `pip3.12`, `python -m pip`, `python3 -m pip`, a venv's `bin/pip`)
    /// that leaves pip's download cache in the image. The cache is out of the image when any of these holds:
    /// `--no-cache-dir` is given; `PIP_NO_CACHE_DIR` is set (by `ENV`, `ARG`, a prefix or an earlier `export`;
    /// pip turns the cache off for any boolean value); the `RUN` mounts a cache or tmpfs over the cache
    /// directory (`--mount=type=cache,target=/root/.cache/pip`); or the same `RUN` later runs `pip cache purge`
    /// or deletes the cache directory. Only stages whose layers end up in the final image are checked.
    ///
    /// ## Why it matters
    /// pip keeps every wheel and source archive it downloads under `~/.cache/pip` to speed up the next install on
    /// the same machine. In an image there is no next install: the cache only adds size, often as much as the
    /// installed packages themselves. The article's point is to ship nothing the application does not need;
    /// Docker's "Best practices for writing Dockerfiles" asks to leave caches out of layers, or to use cache
    /// mounts for them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirements.txt .
    /// RUN pip install -r requirements.txt
    /// USER 10001
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// USER 10001
    /// ```
    ///
    /// ## Peers
    /// hadolint DL3042 (every stage; it accepts `PIP_NO_CACHE_DIR` only with a true value). checkov has no
    /// equivalent.
    pub static RULE = {
        id: "pip-cache",
        severity: Warning,
        category: Build,
        summary: "`pip install` leaves its download cache in the image",
        peers: [("hadolint", "DL3042")],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

/// Values Python's `strtobool` accepts, all of which make pip skip its cache (see pip's `cmdoptions.py`:
/// even "false" disables the cache, kept for backwards compatibility).
const PIP_BOOLEANS: &[&str] = &["y", "yes", "t", "true", "on", "1", "n", "no", "f", "false", "off", "0"];

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in context.runs {
        if !run.in_final_image {
            continue;
        }
        for (at, command) in run.commands() {
            let Some(words) = pip_words(command) else { continue };
            let args = read_arguments(words, PIP_VALUE_OPTIONS);
            let Some(install) = args.iter().find_map(|arg| arg.positional()).filter(|word| word.value == "install")
            else {
                continue;
            };
            if args.iter().any(|arg| arg.is("no-cache-dir", None)) || cache_kept_out(run, at, command, &args) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.id,
                    command.span,
                    format!(
                        "`{}` in {} keeps pip's download cache in the layer",
                        describe_program(command),
                        run.place()
                    ),
                    "Add `--no-cache-dir`, set `ENV PIP_NO_CACHE_DIR=1`, or mount a cache: \
                     `RUN --mount=type=cache,target=/root/.cache/pip ...`.",
                )
                .with_fix(insert_after("Add `--no-cache-dir`", install, " --no-cache-dir")),
            );
        }
    }
}

/// The words pip reads, when `command` runs pip: the arguments of `pip`, `pip3`, `pip3.12`, or those after
/// `-m pip` of `python`, `python3`, `python3.12`.
fn pip_words(command: &Command) -> Option<&[Word]> {
    let name = command.name()?;
    let versioned = |prefix: &str| {
        name.strip_prefix(prefix).is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    if versioned("pip") {
        return Some(command.args());
    }
    if !versioned("python") {
        return None;
    }
    let args = command.args();
    let module = args.iter().position(|word| word.value == "-m" || word.value == "-mpip")?;
    let skip = if args.get(module).is_some_and(|word| word.value == "-mpip") { 1 } else { 2 };
    if skip == 2 && args.get(module + 1).is_none_or(|word| word.value != "pip") {
        return None;
    }
    args.get(module + skip..)
}

/// The cache never reaches the layer: `PIP_NO_CACHE_DIR` is set, a mount covers the cache directory, or a later
/// command of the `RUN` deletes it.
fn cache_kept_out(run: &Run<'_>, at: usize, command: &Command, args: &[Arg<'_>]) -> bool {
    let script = script_of(run, command);
    let var = |name: &str| script.and_then(|script| variable(run, script, command, name));
    if var("PIP_NO_CACHE_DIR").is_some_and(|value| PIP_BOOLEANS.contains(&value.trim().to_ascii_lowercase().as_str())) {
        return true;
    }
    let explicit = args.iter().find(|arg| arg.is("cache-dir", None)).and_then(|arg| arg.value()).map(str::to_owned);
    let dirs: Vec<String> = explicit
        .or_else(|| var("PIP_CACHE_DIR"))
        .into_iter()
        .chain(["/root/.cache/pip".to_owned(), "~/.cache/pip".to_owned()])
        .collect();
    let mounted = run.scratch_mounts().iter().any(|target| {
        target.ends_with("/.cache/pip")
            || target.ends_with("/.cache")
            || dirs.iter().any(|dir| covers(target, dir.trim_end_matches('/')))
    });
    let purged = run.commands().any(|(later, other)| {
        later > at
            && pip_words(other).is_some_and(|words| {
                let mut positional = read_arguments(words, PIP_VALUE_OPTIONS).into_iter().filter_map(Arg::positional);
                positional.next().is_some_and(|w| w.value == "cache")
                    && positional.next().is_some_and(|w| w.value == "purge")
            })
    });
    mounted || purged || dirs.iter().any(|dir| removes_after(run, at, dir.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    const ID: &str = "pip-cache";

    #[test]
    fn flags_pip_install_without_no_cache_dir() {
        let file = "FROM python:3.12-slim\nRUN pip install -r requirements.txt\n";
        assert_eq!(positions(ID, file), [(2, 5)]);
        assert_eq!(flagged_text(ID, file), ["pip install -r requirements.txt"]);
        assert!(findings(ID, file)[0].message.contains("stage 0"));
    }

    #[test]
    fn every_way_of_running_pip_is_recognised() {
        for (file, column) in [
            ("FROM python:3.12\nRUN pip3 install flask\n", 5),
            ("FROM python:3.12\nRUN python3 -m pip install --upgrade pip\n", 5),
            ("FROM python:3.12\nRUN python3.12 -m pip install flask\n", 5),
            ("FROM python:3.12\nRUN /opt/venv/bin/pip install flask\n", 5),
            ("FROM python:3.12\nRUN set -eux; pip --disable-pip-version-check install flask\n", 15),
        ] {
            assert_eq!(positions(ID, file), [(2, column)], "{file}");
        }
    }

    #[test]
    fn ways_to_keep_the_cache_out_are_clean() {
        for file in [
            "FROM python:3.12\nRUN pip install --no-cache-dir flask\n",
            "FROM python:3.12\nRUN pip --no-cache-dir install flask\n",
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=off\nRUN pip install flask\n",
            "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
            "FROM python:3.12\nUSER app\nRUN --mount=type=cache,target=/home/app/.cache,uid=1000 pip install flask\n",
            "FROM python:3.12\nRUN pip install flask && pip cache purge\n",
            "FROM python:3.12\nRUN pip install flask && rm -rf /root/.cache/pip\n",
            "FROM python:3.12\nRUN pipx install black\n",
            "FROM python:3.12\nRUN pip download flask\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn an_unrecognised_no_cache_value_does_not_count() {
        let file = "FROM python:3.12\nENV PIP_NO_CACHE_DIR=maybe\nRUN pip install flask\n";
        assert_eq!(positions(ID, file), [(3, 5)]);
    }

    #[test]
    fn heredoc_body_lines_and_builder_stages() {
        let file = "FROM python:3.12 AS build\nRUN pip install build\nFROM python:3.12-slim\nRUN <<EOF\nset -eux\npython -m pip install \\\n  /wheels/*.whl\nEOF\n";
        assert_eq!(positions(ID, file), [(6, 1)]);
    }

    #[test]
    fn the_fix_inserts_no_cache_dir_after_install() {
        let file = "FROM python:3.12\nRUN python3 -m pip install -U pip \\\n && pip install -r requirements.txt\n";
        let after = fixed(ID, file);
        assert_eq!(
            after,
            "FROM python:3.12\nRUN python3 -m pip install --no-cache-dir -U pip \\\n && pip install -r requirements.txt\n"
        );
        assert_eq!(positions(ID, &after), [(3, 5)]);
    }
}
