use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{arguments, pipelines, span_of, Arg};
use crate::syntax::shell::{self, Command, ShellText};

declare_rule! {
    /// ## What it does
    /// Flags a download piped straight into a shell or interpreter: `curl ... | sh`, `curl ... | sudo bash`,
    /// `curl ... | sh -s -- -y`, `wget -qO- ... | bash`, `curl ... | python3 -`, and the same without a pipe:
    /// `bash <(curl ...)`, `sh -c "$(curl ...)"`, `eval "$(wget -O- ...)"`. The finding covers the pipeline or
    /// command. A pipe into a shell that reads its script from elsewhere (`| sh -c '...'`, `| python3 -c ...`,
    /// `| bash script.sh`) is data, not code, and is not flagged; neither is `curl | tar`.
    ///
    /// ## Why it matters
    /// Whatever the server returns runs as root during the build, with nothing checked: a compromised or
    /// spoofed download site, a truncated transfer (the shell runs half a script), or a script that changed
    /// since it was reviewed all end up in the image. The article asks for images whose content you know;
    /// fetching a pinned file, checking its checksum or signature, and only then running it keeps that
    /// promise, and `ADD --checksum=sha256:...` does the fetching and checking in one instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// USER 10001
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
    ///     https://example.com/install.sh /tmp/install.sh
    /// RUN sh /tmp/install.sh && rm /tmp/install.sh
    /// USER 10001
    /// ```
    ///
    /// ## Peers
    /// Neither hadolint nor checkov has an equivalent (checkov's CKV2_DOCKER_2 and CKV2_DOCKER_3 flag disabled
    /// certificate checks in curl and wget, a different problem).
    pub static RULE = {
        id: "curl-pipe-shell",
        severity: Warning,
        category: Security,
        summary: "a download is piped into a shell",
        peers: [],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];
const INTERPRETERS: &[&str] = &["perl", "ruby", "node", "php"];
const CURL_VALUE_OPTIONS: &[&str] = &[
    "-o", "--output", "-H", "-d", "-u", "-X", "-A", "-e", "-w", "-T", "-x", "-b", "-c", "-F", "-m", "-r", "-C", "-E",
    "-K", "-U", "-Y", "-y", "-z", "-t", "-P", "-Q",
];
const WGET_VALUE_OPTIONS: &[&str] = &[
    "-O",
    "--output-document",
    "-o",
    "-a",
    "-P",
    "-e",
    "-t",
    "-T",
    "-U",
    "-i",
    "-B",
    "-w",
    "-Q",
    "-l",
    "-D",
    "-R",
    "-A",
    "-I",
    "-X",
];

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in context.runs {
        for script in &run.scripts {
            for pipeline in pipelines(&script.commands) {
                let Some(found) = piped_download(pipeline) else { continue };
                let Some(span) = span_of(found.commands) else { continue };
                out.push(Diagnostic::new(
                    RULE.id,
                    span,
                    format!(
                        "`{} … | {}` in {} runs a downloaded script without checking it",
                        found.downloader,
                        found.interpreter,
                        run.place()
                    ),
                    HELP,
                ));
            }
            for command in &script.commands {
                if let Some(what) = substituted_download(command) {
                    out.push(Diagnostic::new(
                        RULE.id,
                        command.span,
                        format!("`{what}` in {} runs a downloaded script without checking it", run.place()),
                        HELP,
                    ));
                }
            }
        }
    }
}

const HELP: &str = "Download the script to a file, check its checksum or signature, then run it; \
                    `ADD --checksum=sha256:<digest> <url> <dest>` fetches and checks in one step.";

struct PipedDownload<'a> {
    /// From the downloader to the interpreter.
    commands: &'a [Command],
    downloader: &'a str,
    interpreter: &'a str,
}

fn piped_download(pipeline: &[Command]) -> Option<PipedDownload<'_>> {
    let from = pipeline.iter().position(downloads_to_stdout)?;
    let to = pipeline.iter().enumerate().skip(from + 1).find(|(_, command)| runs_stdin(command)).map(|(at, _)| at)?;
    Some(PipedDownload {
        commands: pipeline.get(from..=to)?,
        downloader: pipeline.get(from)?.name()?,
        interpreter: pipeline.get(to)?.name()?,
    })
}

/// `curl` (unless it writes to a file) or `wget` writing to standard output (`-O -`, `-qO-`, `-O /dev/stdout`).
fn downloads_to_stdout(command: &Command) -> bool {
    let to_stdout = |value: Option<&str>| matches!(value, Some("-" | "/dev/stdout"));
    match command.name() {
        Some("curl") => arguments(command, CURL_VALUE_OPTIONS).iter().all(|arg| {
            if arg.is("output", Some('o')) {
                to_stdout(arg.value())
            } else {
                !arg.is("remote-name", Some('O')) && !arg.is("remote-name-all", None)
            }
        }),
        Some("wget") => arguments(command, WGET_VALUE_OPTIONS)
            .iter()
            .any(|arg| arg.is("output-document", Some('O')) && to_stdout(arg.value())),
        _ => false,
    }
}

/// The command reads the program it runs from standard input: a shell or interpreter given no script file
/// and no inline program (`sh`, `bash -s -- -y`, `python3 -`), not `sh -c '...'` or `python3 app.py`.
fn runs_stdin(command: &Command) -> bool {
    let Some(name) = command.name() else { return false };
    let inline: &[char] = if SHELLS.contains(&name) {
        &['c']
    } else if is_interpreter(name) {
        &['c', 'e', 'r', 'm']
    } else {
        return false;
    };
    let args = arguments(command, &[]);
    if args.iter().any(|arg| matches!(arg, Arg::Short { letter, .. } if inline.contains(letter))) {
        return false;
    }
    let reads_stdin_flag = args.iter().any(|arg| arg.is("stdin", Some('s')));
    match args.iter().find_map(|arg| arg.positional()) {
        None => true,
        Some(first) => first.value == "-" || reads_stdin_flag,
    }
}

fn is_interpreter(name: &str) -> bool {
    INTERPRETERS.contains(&name)
        || name.strip_prefix("python").is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// A shell, interpreter, `eval`, `source` or `.` given a download through `$(...)`, backticks or `<(...)`, or a
/// `sh -c '...'` whose own text pipes a download into a shell. Returns how to show it.
fn substituted_download(command: &Command) -> Option<String> {
    let name = command.name()?;
    if !(SHELLS.contains(&name) || is_interpreter(name) || matches!(name, "eval" | "source" | ".")) {
        return None;
    }
    let texts = command.args().iter().map(|word| word.value.as_str());
    let redirected = command.redirects.iter().filter_map(|redirect| redirect.target.as_ref()).map(|w| w.value.as_str());
    for text in texts.clone().chain(redirected) {
        for opener in ["$(", "<(", "`"] {
            let downloader = text.match_indices(opener).find_map(|(at, _)| {
                let inner = text.get(at + opener.len()..)?.trim_start();
                ["curl", "wget"]
                    .into_iter()
                    .find(|tool| inner.strip_prefix(tool).is_some_and(|rest| rest.starts_with(char::is_whitespace)))
            });
            if let Some(tool) = downloader {
                let shown = if opener == "`" { format!("`{tool} …`") } else { format!("{opener}{tool} …)") };
                return Some(format!("{name} {shown}"));
            }
        }
    }
    // The splitter reads `<(curl ...)` as a `<` without a target followed by the inner command's words.
    let process_substitution = command.redirects.iter().any(|redirect| redirect.op == "<" && redirect.target.is_none());
    if process_substitution {
        if let Some(tool) =
            command.args().iter().find_map(|word| ["curl", "wget"].into_iter().find(|t| word.value == *t))
        {
            return Some(format!("{name} <({tool} …)"));
        }
    }
    if !SHELLS.contains(&name) {
        return None;
    }
    // One level of `sh -c '<script>'`: the script is split like any RUN text.
    let script = arguments(command, &["-c"])
        .into_iter()
        .find(|arg| matches!(arg, Arg::Short { letter: 'c', .. }))?
        .value()?
        .to_owned();
    let inner = shell::split(&ShellText::contiguous(&script, command.span.start));
    pipelines(&inner)
        .into_iter()
        .find_map(piped_download)
        .map(|found| format!("{name} -c '{} … | {}'", found.downloader, found.interpreter))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, flagged_text, positions};

    const ID: &str = "curl-pipe-shell";

    #[test]
    fn flags_the_pipeline_from_download_to_shell() {
        let file = "FROM debian:12\nRUN apt-get update && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \\\n && apt-get install -y nodejs\n";
        assert_eq!(positions(ID, file), [(2, 23)]);
        assert_eq!(flagged_text(ID, file), ["curl -fsSL https://deb.nodesource.com/setup_20.x | bash -"]);
        let message = &findings(ID, file)[0].message;
        assert!(message.contains("`curl … | bash`") && message.contains("stage 0"), "{message}");
    }

    #[test]
    fn every_form_of_running_a_download_is_flagged() {
        for (file, text) in [
            ("FROM alpine\nRUN wget -qO- https://x.example/i.sh | sh\n", "wget -qO- https://x.example/i.sh | sh"),
            ("FROM alpine\nRUN wget -O - https://x.example/i.sh | sh\n", "wget -O - https://x.example/i.sh | sh"),
            (
                "FROM debian\nRUN curl -sSf https://sh.rustup.rs | sh -s -- -y\n",
                "curl -sSf https://sh.rustup.rs | sh -s -- -y",
            ),
            (
                "FROM debian\nRUN curl -L https://x.example/i.sh | sudo -E bash\n",
                "curl -L https://x.example/i.sh | sudo -E bash",
            ),
            (
                "FROM python:3\nRUN curl https://bootstrap.pypa.io/get-pip.py | python3\n",
                "curl https://bootstrap.pypa.io/get-pip.py | python3",
            ),
            (
                "FROM debian\nRUN sh -c \"$(curl -fsSL https://x.example/i.sh)\"\n",
                "sh -c \"$(curl -fsSL https://x.example/i.sh)\"",
            ),
            (
                "FROM debian\nRUN bash -c \"$(wget -qO- https://x.example/i.sh)\"\n",
                "bash -c \"$(wget -qO- https://x.example/i.sh)\"",
            ),
            (
                "FROM debian\nRUN eval \"$(curl -s https://x.example/env)\"\n",
                "eval \"$(curl -s https://x.example/env)\"",
            ),
            (
                "FROM debian\nRUN sh -c 'curl -s https://x.example/i.sh | sh'\n",
                "sh -c 'curl -s https://x.example/i.sh | sh'",
            ),
        ] {
            assert_eq!(flagged_text(ID, file), [text], "{file}");
        }
    }

    #[test]
    fn pipes_that_do_not_run_the_download_are_clean() {
        for file in [
            "FROM debian\nRUN curl -fsSL https://x.example/a.tgz | tar -xz -C /opt\n",
            "FROM debian\nRUN curl -fsSL https://x.example/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg\n",
            "FROM debian\nRUN curl -s https://api.example/v | python3 -c 'import json,sys; print(json.load(sys.stdin))'\n",
            "FROM debian\nRUN curl -fsSLo /tmp/i.sh https://x.example/i.sh | sh\n",
            "FROM debian\nRUN wget https://x.example/i.sh | sh\n",
            "FROM debian\nRUN curl -fsSL https://x.example/i.sh -o /tmp/i.sh && sh /tmp/i.sh\n",
            "FROM debian\nRUN echo curl | sh\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn heredoc_findings_point_at_the_body_line() {
        let file = "FROM debian:bookworm-slim\nRUN <<-SCRIPT\n\tset -e\n\tcurl -fsSL https://example.com/install.sh | sh\nSCRIPT\n";
        assert_eq!(positions(ID, file), [(4, 2)]);
    }

    #[test]
    fn a_pipeline_across_continuation_lines_starts_at_the_download() {
        let file = "FROM debian:12\nrun set -eux; \\\n    curl -fsSL https://x.example/i.sh \\\n      | bash\n";
        assert_eq!(positions(ID, file), [(3, 5)]);
        let found = findings(ID, file);
        assert_eq!((found[0].end_line, found[0].end_column), (4, 13));
    }

    #[test]
    fn build_stages_are_checked_too() {
        let file = "FROM golang:1.22 AS build\nRUN curl -sSfL https://x.example/i.sh | sh -s v1.2.3\nFROM scratch\n";
        assert_eq!(positions(ID, file), [(2, 5)]);
    }
}
