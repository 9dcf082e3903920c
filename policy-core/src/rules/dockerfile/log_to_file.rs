use crate::base::span::Span;
use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::{self as stages, describe};
use crate::syntax::dockerfile::ast::{Args, Keyword};
use crate::syntax::image::ImageRef;
use crate::syntax::shell::{self, Command, ShellText, Word};
use crate::syntax::yaml::{Node, Style};

declare_rule! {
    /// ## What it does
    /// Reports a `CMD` or `ENTRYPOINT` of the final image that sends output to a file instead of the container's
    /// stdout and stderr:
    /// - a redirection to a file: `> app.log`, `>> /var/log/app.log`, `2> err.log`, `&> all.log`;
    /// - `| tee /var/log/app.log` (the file grows inside the container even though the output also goes on);
    /// - a log-file option with a path: `--log-file`, `--logfile`, `--log-path`, `--log-dir`, `--error-logfile`,
    ///   `--access-logfile`, `--error-log`, `--access-log` (with `-`, `=` or a space; `-`, `stdout` and
    ///   `stderr` are the streams and fine).
    ///
    /// Shell-form commands are read as shell; exec-form commands are read as arguments, and the script of
    /// `["sh", "-c", "..."]` as shell. Not reported: `/dev/stdout`, `/dev/stderr`, `/proc/self/fd/1` and `2`,
    /// `/dev/fd/1` and `2`, `/proc/1/fd/1` and `2`; `/dev/null` (output thrown away is not a log file, and helper
    /// commands silence themselves that way); paths held in variables; a file that a `RUN` in the Dockerfile
    /// links to a stream (`ln -sf /dev/stdout /var/log/nginx/access.log`, the good pattern); and the log files
    /// that the official `nginx` image already links to its streams.
    ///
    /// In Kubernetes manifests, every container's `command` followed by its `args` is read the same way as an
    /// exec-form command, `sh -c` scripts included (the nginx exemption applies to `nginx` images). A redirection
    /// or `tee` into one of the container's `volumeMounts` is data, not logging, unless the file's path says `log`
    /// (`date > /data/index.html` on a shared volume is fine, `>> /var/log/app.log` is not). The finding
    /// points at the path inside the YAML value; where the value's text is not spelled out character for
    /// character in the file (escapes in a double-quoted string, a folded or multi-line scalar), it points at the
    /// whole value.
    ///
    /// ## Why it matters
    /// The article, "Log Everything": Kubernetes collects "the standard output and standard error output of each
    /// container" and ships them to a central log store. A log file inside the container is invisible to
    /// `kubectl logs` and that pipeline, grows until the node's disk or the container's writable layer fills, and
    /// disappears with the pod.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "--access-logfile", "/var/log/access.log", "app:wsgi"]
    /// ```
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: counter
    /// spec:
    ///   containers:
    ///     - name: count
    ///       image: busybox:1.36
    ///       args: [/bin/sh, -c, 'i=0; while true; do echo "$i: $(date)" >> /var/log/count.log; i=$((i+1)); sleep 1; done']
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "--access-logfile", "-", "app:wsgi"]
    /// ```
    ///
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: counter
    /// spec:
    ///   containers:
    ///     - name: count
    ///       image: busybox:1.36
    ///       args: [/bin/sh, -c, 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done']
    /// ```
    pub static RULE = {
        id: "log-to-file",
        severity: Warning,
        category: Reliability,
        summary: "CMD, ENTRYPOINT or a container's command writes the app's output to a file instead of stdout/stderr",
        peers: [],
        checks: [Check::Dockerfile(check), Check::Object(check_containers)],
    }
}

/// How a command sends its output to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogVia {
    /// A shell redirection, with its operator (`>>`, `2>`, ...).
    Redirect(String),
    /// `tee FILE`.
    Tee,
    /// A log-file option, as written (`--access-logfile`).
    Option(String),
}

/// A file a command logs to, with the span of the path in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogTarget {
    pub path: String,
    pub span: Span,
    pub via: LogVia,
}

impl LogTarget {
    /// How the output gets there, for messages: "redirects `>>` to", "copies it with `tee` to", ...
    pub fn how(&self) -> String {
        match &self.via {
            LogVia::Redirect(op) => format!("redirects output (`{op}`) to"),
            LogVia::Tee => "copies output with `tee` to".to_owned(),
            LogVia::Option(option) => format!("passes `{option}` with"),
        }
    }
}

/// The container's own output streams, and `/dev/null`: writing there is not logging to a file.
const STREAMS: &[&str] = &[
    "/dev/stdout",
    "/dev/stderr",
    "/proc/self/fd/1",
    "/proc/self/fd/2",
    "/dev/fd/1",
    "/dev/fd/2",
    "/proc/1/fd/1",
    "/proc/1/fd/2",
    "/dev/null",
];

/// Option values that mean a stream (gunicorn, uvicorn and most servers take `-` for stdout).
const STREAM_VALUES: &[&str] = &["-", "stdout", "stderr", "/dev/stdout", "/dev/stderr"];

/// Options that name a file to log to (compared without case).
const LOG_OPTIONS: &[&str] = &[
    "--log-file",
    "--logfile",
    "--log_file",
    "-log_file",
    "--log-path",
    "--logpath",
    "--log_path",
    "--log-dir",
    "--log_dir",
    "-log_dir",
    "--error-logfile",
    "--access-logfile",
    "--error-log",
    "--access-log",
    "--error_log",
    "--access_log",
];

/// Shells whose `-c` argument is a script.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"];

/// Files the official `nginx` image links to `/dev/stdout` and `/dev/stderr` in its own Dockerfile ("forward
/// request and error logs to docker log collector").
const NGINX_LINKED: &[&str] = &["/var/log/nginx/access.log", "/var/log/nginx/error.log"];

fn is_stream(path: &str) -> bool {
    STREAMS.contains(&path)
}

/// The files that shell `commands` log to (redirections, `tee`, log-file options). Reusable wherever a command
/// line is shell text: Dockerfile `CMD`/`ENTRYPOINT`, Kubernetes `sh -c` scripts.
pub fn log_file_targets(commands: &[Command]) -> Vec<LogTarget> {
    let mut targets = Vec::new();
    for command in commands {
        for redirect in &command.redirects {
            let op = redirect.op.trim_start_matches(|c: char| c.is_ascii_digit());
            let writes = matches!(op, ">" | ">>" | ">|" | "&>" | "&>>");
            let Some(target) = redirect.target.as_ref().filter(|target| writes && !target.dynamic) else { continue };
            if !is_stream(&target.value) && !target.value.is_empty() {
                targets.push(LogTarget {
                    path: target.value.clone(),
                    span: target.span,
                    via: LogVia::Redirect(redirect.op.clone()),
                });
            }
        }
        if command.name() == Some("tee") {
            for word in command.args().iter().filter(|word| !word.value.starts_with('-') && !word.dynamic) {
                if !is_stream(&word.value) {
                    targets.push(LogTarget { path: word.value.clone(), span: word.span, via: LogVia::Tee });
                }
            }
        }
        targets.extend(option_targets(command.argv()));
    }
    targets
}

/// The files an exec-form command line logs to: log-file options among its arguments, and whatever the script
/// of `sh -c SCRIPT` logs to. Each element is the argument's text mapped to its source (a Dockerfile JSON
/// string, a Kubernetes `command`/`args` item).
pub fn argv_log_file_targets(argv: &[ShellText]) -> Vec<LogTarget> {
    let words: Vec<Word> = argv
        .iter()
        .map(|text| Word { value: text.as_str().to_owned(), span: text.full_span(), quoted: true, dynamic: false })
        .collect();
    let mut targets = option_targets(&words);
    let program = words.first().map(|word| word.value.rsplit('/').next().unwrap_or(&word.value));
    if program.is_some_and(|program| SHELLS.contains(&program)) {
        // The script follows the first option cluster with a `c` in it (`-c`, `-ec`, `-lc`).
        let script = words
            .iter()
            .skip(1)
            .take_while(|word| word.value.starts_with('-'))
            .position(|word| !word.value.starts_with("--") && word.value.contains('c'))
            .and_then(|at| argv.get(at + 2));
        if let Some(script) = script {
            targets.extend(log_file_targets(&shell::split(script)));
        }
    }
    targets
}

/// Log-file options among `words`, as `--opt=path` or `--opt path`.
fn option_targets(words: &[Word]) -> Vec<LogTarget> {
    let mut targets = Vec::new();
    for (at, word) in words.iter().enumerate() {
        let (option, value) = match word.value.split_once('=') {
            Some((option, value)) => {
                let offset = option.len() + 1;
                let inline = word.value.len() == word.span.len() && !word.dynamic;
                let span = if inline { Span::new(word.span.start + offset, word.span.end) } else { word.span };
                (option, Some((value.to_owned(), span, word.dynamic)))
            }
            None => (word.value.as_str(), words.get(at + 1).map(|next| (next.value.clone(), next.span, next.dynamic))),
        };
        if !LOG_OPTIONS.iter().any(|known| known.eq_ignore_ascii_case(option)) {
            continue;
        }
        let Some((path, span, dynamic)) = value else { continue };
        if dynamic || path.is_empty() || path.starts_with('-') && path != "-" || STREAM_VALUES.contains(&path.as_str())
        {
            continue;
        }
        if !is_stream(&path) {
            targets.push(LogTarget { path, span, via: LogVia::Option(option.to_owned()) });
        }
    }
    targets
}

/// Files that some `RUN` links to a stream: `ln -sf /dev/stdout /var/log/app.log`.
fn linked_to_streams(ctx: &Context<'_>) -> Vec<String> {
    let mut linked = Vec::new();
    for instruction in ctx.file.instructions.iter().filter(|i| i.keyword == Keyword::Run) {
        for command in instruction.commands() {
            if command.name() != Some("ln") {
                continue;
            }
            let args = command.args();
            let symbolic = args.iter().any(|word| {
                word.value == "--symbolic"
                    || word.value.starts_with('-') && !word.value.starts_with("--") && word.value.contains('s')
            });
            let paths: Vec<&str> =
                args.iter().filter(|word| !word.value.starts_with('-')).map(|word| word.value.as_str()).collect();
            if let ([first, .., link], true) = (paths.as_slice(), symbolic) {
                if is_stream(first) {
                    linked.push((*link).to_owned());
                }
            }
        }
    }
    linked
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lineage = stages::final_lineage(ctx.file);
    let mut linked = linked_to_streams(ctx);
    let nginx = lineage
        .last()
        .and_then(|root| root.image())
        .is_some_and(|image| image.is_docker_hub() && matches!(image.name, "nginx" | "nginxinc/nginx-unprivileged"));
    if nginx {
        linked.extend(NGINX_LINKED.iter().map(|path| (*path).to_owned()));
    }
    for (stage, instruction) in stages::effective_commands(ctx.file, &lineage) {
        let targets = match &instruction.args {
            Args::Shell(text) => log_file_targets(&shell::split(text)),
            Args::Exec(tokens) => {
                let argv: Vec<ShellText> =
                    tokens.iter().map(|token| ShellText::contiguous(&token.value, token.span.start + 1)).collect();
                argv_log_file_targets(&argv)
            }
        };
        for target in targets.into_iter().filter(|target| !linked.contains(&target.path)) {
            out.push(Diagnostic::new(
                RULE.id,
                target.span,
                format!(
                    "{} in {} {} `{}` instead of stdout/stderr",
                    instruction.keyword.as_str(),
                    describe(stage),
                    target.how(),
                    target.path
                ),
                match target.via {
                    LogVia::Option(option) => format!("Give `{option}` the value `-` (stdout), or drop it."),
                    LogVia::Redirect(_) | LogVia::Tee => format!(
                        "Let the app write to stdout/stderr, or link the file to a stream in a RUN: \
                             `ln -sf /dev/stdout {}`.",
                        target.path
                    ),
                },
            ));
        }
    }
}

/// One item of a Kubernetes `command` or `args` list as shell text, mapped to the manifest.
struct Argument {
    text: ShellText,
    /// The whole value, where a finding points when the text cannot be mapped character by character.
    span: Span,
    exact: bool,
}

/// The item as [`ShellText`]: mapped exactly when the file spells the value out (a plain or quoted scalar without
/// escapes or line folding, a literal block), else mapped to `fallback`, an offset past the end of the source
/// where no exact item lies, so that targets found in it are recognised and pointed at the whole value.
fn argument(source: &str, node: &Node, fallback: usize) -> Option<Argument> {
    let scalar = node.as_scalar()?;
    let value = scalar.text.as_str();
    let written = node.span.slice(source);
    let exact = match scalar.style {
        Style::Plain => (written == value).then(|| ShellText::contiguous(value, node.span.start)),
        Style::SingleQuoted | Style::DoubleQuoted => {
            let inner = written.get(1..written.len().saturating_sub(1));
            (written.len() >= 2 && inner == Some(value)).then(|| ShellText::contiguous(value, node.span.start + 1))
        }
        Style::Literal | Style::Folded => block_text(source, node.span, value),
    };
    Some(match exact {
        Some(text) => Argument { text, span: node.span, exact: true },
        None => {
            Argument { text: ShellText::contiguous(value, fallback), span: trimmed(source, node.span), exact: false }
        }
    })
}

/// A block scalar's lines without their indentation, each mapped to its place in the source; `None` unless the
/// result is `value` (plus the line breaks its chomping drops), which rules out folded lines, explicit
/// indentation indicators and anything else read differently. The span starts at the first line's content.
fn block_text(source: &str, span: Span, value: &str) -> Option<ShellText> {
    let line_start = source.get(..span.start)?.rfind('\n').map_or(0, |newline| newline + 1);
    let indent = span.start - line_start;
    let mut text = ShellText::default();
    let mut offset = span.start;
    for (at, line) in span.slice(source).split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches('\n').trim_end_matches('\r');
        let skip = if at == 0 { 0 } else { (content.len() - content.trim_start_matches(' ').len()).min(indent) };
        text.push(content.get(skip..).unwrap_or(""), offset + skip);
        if line.ends_with('\n') {
            text.push("\n", offset + line.len() - 1);
        }
        offset += line.len();
    }
    let rest = text.as_str().strip_prefix(value)?;
    rest.chars().all(|c| c == '\n').then(|| text.slice(0..value.len()))
}

/// The span without the blank lines and indentation that a block scalar's span runs on into.
fn trimmed(source: &str, span: Span) -> Span {
    let kept = span.slice(source).trim_end_matches([' ', '\t', '\r', '\n']).len();
    Span::new(span.start, span.start + kept)
}

/// Whether a redirection or `tee` writes into one of the container's volumes a file that is not named like a log:
/// `date > /mnt/index.html` serves a page from a shared volume, which is data, not logging. Log-file options,
/// paths outside the volumes and relative paths (whose directory is unknown) are always logging.
fn writes_data(target: &LogTarget, mounts: &[&str]) -> bool {
    let path = target.path.as_str();
    // A mount is a directory, or a single file mounted with `subPath`.
    let mounted = path.starts_with('/')
        && mounts
            .iter()
            .map(|mount| mount.trim_end_matches('/'))
            .any(|mount| path.strip_prefix(mount).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')));
    let log_like = path.to_ascii_lowercase().contains("log");
    !matches!(target.via, LogVia::Option(_)) && mounted && !log_like
}

/// `log-to-file` for the containers of a Kubernetes object: each container's `command` and `args` as one
/// exec-form command line.
fn check_containers(ctx: &ObjectContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(template) = ctx.object.pod_template() else { return };
    let source = ctx.object.text;
    for container in template.containers() {
        let items = [container.command(), container.args()].into_iter().flatten().flat_map(|entry| entry.value.items());
        let mut fallback = source.len() + 1;
        let mut arguments = Vec::new();
        for item in items {
            if let Some(argument) = argument(source, item, fallback) {
                fallback += argument.text.len() + 1;
                arguments.push(argument);
            }
        }
        let argv: Vec<ShellText> = arguments.iter().map(|argument| argument.text.clone()).collect();
        let nginx = container
            .image()
            .and_then(|image| ImageRef::parse(image.value.as_str()?))
            .filter(|image| !image.is_symbolic())
            .is_some_and(|image| {
                image.is_docker_hub() && matches!(image.name, "nginx" | "nginxinc/nginx-unprivileged")
            });
        let mounts: Vec<&str> = container
            .node
            .get("volumeMounts")
            .into_iter()
            .flat_map(Node::items)
            .filter_map(|mount| mount.get("mountPath")?.as_str())
            .collect();
        for target in argv_log_file_targets(&argv) {
            if nginx && NGINX_LINKED.contains(&target.path.as_str()) || writes_data(&target, &mounts) {
                continue;
            }
            let inexact = arguments
                .iter()
                .find(|argument| !argument.exact && argument.text.full_span().contains(target.span.start));
            let span = inexact.map_or(target.span, |argument| argument.span);
            out.push(Diagnostic::new(
                RULE.id,
                span,
                format!(
                    "{} of {} {} `{}` instead of stdout/stderr",
                    container.describe(),
                    ctx.object.describe(),
                    target.how(),
                    target.path
                ),
                match target.via {
                    LogVia::Option(option) => format!("Give `{option}` the value `-` (stdout), or drop it."),
                    LogVia::Redirect(_) | LogVia::Tee => "Let the app write to stdout/stderr, where `kubectl logs` \
                                                          and the node's log collector read it."
                        .to_owned(),
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{argv_log_file_targets, LogVia, RULE};
    use crate::rules::test_support::{flagged_text, positions};
    use crate::syntax::shell::ShellText;

    #[test]
    fn shell_redirections_and_tee() {
        let text = "FROM alpine:3.20\nCMD ./app >> /var/log/app.log 2>err.log\n";
        assert_eq!(positions(RULE.id, text), [(2, 14), (2, 33)]);
        assert_eq!(flagged_text(RULE.id, text), ["/var/log/app.log", "err.log"]);
        let tee = "FROM alpine:3.20\nENTRYPOINT ./app 2>&1 | tee -a /srv/app.log\n";
        assert_eq!(flagged_text(RULE.id, tee), ["/srv/app.log"]);
    }

    #[test]
    fn streams_null_variables_and_descriptor_copies_are_fine() {
        let text =
            "FROM alpine:3.20\nCMD ./app > /dev/stdout 2>/proc/self/fd/2 3>/dev/null 2>&1 >$LOG | tee /dev/stderr\n";
        assert_eq!(positions(RULE.id, text), []);
    }

    #[test]
    fn exec_form_options_and_sh_c_scripts() {
        let text = "FROM python:3.12-slim\nCMD [\"gunicorn\", \"--error-logfile=/var/log/err.log\", \"--access-logfile\", \"-\", \"app:wsgi\"]\n";
        assert_eq!(flagged_text(RULE.id, text), ["/var/log/err.log"]);
        let script = "FROM alpine:3.20\nENTRYPOINT [\"/bin/sh\", \"-ec\", \"exec ./app >> /tmp/app.log\"]\n";
        assert_eq!(flagged_text(RULE.id, script), ["/tmp/app.log"]);
        assert_eq!(positions(RULE.id, script), [(2, 46)]);
    }

    #[test]
    fn a_file_linked_to_a_stream_is_fine() {
        let text = "FROM debian:bookworm-slim\nRUN ln -sf /dev/stdout /var/log/app.log \\\n && ln -sf /dev/stderr /var/log/err.log\n\
                    CMD ./app --log-file /var/log/app.log 2>> /var/log/err.log\n";
        assert_eq!(positions(RULE.id, text), []);
        let nginx = "FROM nginx:1.27-alpine\nCMD nginx -g 'daemon off;' > /var/log/nginx/access.log\n";
        assert_eq!(positions(RULE.id, nginx), []);
    }

    #[test]
    fn only_the_final_image_counts() {
        let text = "FROM alpine:3.20 AS test\nCMD ./test > report.txt\nFROM alpine:3.20\nCMD [\"./app\"]\n";
        assert_eq!(positions(RULE.id, text), []);
        let overridden = "FROM alpine:3.20\nCMD ./app > app.log\nCMD [\"./app\"]\n";
        assert_eq!(positions(RULE.id, overridden), []);
    }

    #[test]
    fn argv_targets_for_other_inputs() {
        let argv = [
            ShellText::contiguous("sh", 0),
            ShellText::contiguous("-c", 3),
            ShellText::contiguous("while true; do date >> /data/out.log; sleep 1; done", 6),
        ];
        let targets = argv_log_file_targets(&argv);
        assert_eq!(targets.len(), 1);
        assert!(targets.iter().all(|t| t.path == "/data/out.log" && t.via == LogVia::Redirect(">>".into())));
        assert!(targets.iter().all(|t| t.span.start == 6 + 23 && t.span.len() == "/data/out.log".len()), "{targets:?}");
    }

    mod kubernetes {
        use super::RULE;
        use crate::rules::test_support::{findings, flagged_text, positions};

        fn pod(container: &str) -> String {
            format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: counter\nspec:\n  containers:\n    - name: count\n      image: busybox:1.36\n{container}")
        }

        #[test]
        fn the_articles_counter_with_a_redirect_points_inside_the_quoted_script() {
            let text = pod("      args: [/bin/sh, -c, 'i=0; while true; do echo \"$i: $(date)\" >> /var/log/count.log; sleep 1; done']\n");
            assert_eq!(flagged_text(RULE.id, &text), ["/var/log/count.log"]);
            assert_eq!(positions(RULE.id, &text), [(9, 70)]);
            let message = &findings(RULE.id, &text)[0].message;
            assert_eq!(message, "container `count` of Pod `counter` redirects output (`>>`) to `/var/log/count.log` instead of stdout/stderr");
            let fine = pod("      args: [/bin/sh, -c, 'i=0; while true; do echo \"$i: $(date)\"; sleep 1; done']\n");
            assert_eq!(positions(RULE.id, &fine), []);
        }

        #[test]
        fn command_and_args_join_into_one_command_line() {
            let text = pod("      command: [\"sh\", \"-c\"]\n      args:\n        - \"exec ./app 2> /tmp/err.log\"\n");
            assert_eq!(flagged_text(RULE.id, &text), ["/tmp/err.log"]);
            let options = pod("      command:\n        - gunicorn\n        - --error-logfile=/var/log/err.log\n        - --access-logfile\n        - \"-\"\n");
            assert_eq!(flagged_text(RULE.id, &options), ["/var/log/err.log"]);
            let args_only = pod("      args: [\"--log-file\", /data/app.log]\n");
            assert_eq!(flagged_text(RULE.id, &args_only), ["/data/app.log"]);
        }

        #[test]
        fn literal_blocks_map_line_by_line() {
            let text = pod("      command:\n        - /bin/sh\n        - -c\n        - |\n          while true; do\n            date | tee -a /srv/out.log\n          done\n      resources: {}\n");
            assert_eq!(flagged_text(RULE.id, &text), ["/srv/out.log"]);
            assert_eq!(positions(RULE.id, &text), [(14, 27)]);
            let crlf = text.replace('\n', "\r\n");
            assert_eq!(flagged_text(RULE.id, &crlf), ["/srv/out.log"]);
            let stripped = pod("      args:\n        - sh\n        - -c\n        - |-\n          ./app > app.log\n");
            assert_eq!(flagged_text(RULE.id, &stripped), ["app.log"]);
            let kept = pod("      args:\n        - sh\n        - -c\n        - |+\n          if true; then\n            ./app >> /tmp/a.log\n          fi\n\n      resources: {}\n");
            assert_eq!(flagged_text(RULE.id, &kept), ["/tmp/a.log"]);
            let indicator = pod("      args:\n        - sh\n        - -c\n        - |2\n            ./app > x.log\n");
            assert_eq!(flagged_text(RULE.id, &indicator), ["x.log"]);
        }

        #[test]
        fn values_that_are_not_spelled_out_point_at_the_whole_value() {
            let escaped = pod("      args: [sh, -c, \"echo \\\"hi\\\" > /tmp/hi.log\"]\n");
            assert_eq!(flagged_text(RULE.id, &escaped), ["\"echo \\\"hi\\\" > /tmp/hi.log\""]);
            let folded = pod(
                "      args:\n        - sh\n        - -c\n        - >\n          ./app\n          >> /tmp/app.log\n",
            );
            assert_eq!(flagged_text(RULE.id, &folded), ["./app\n          >> /tmp/app.log"]);
            let multi_line = pod("      args: [sh, -c, ./app\n        > /tmp/app.log]\n");
            assert_eq!(flagged_text(RULE.id, &multi_line), ["./app\n        > /tmp/app.log"]);
        }

        #[test]
        fn files_written_into_volumes_are_data_unless_named_like_logs() {
            let text = pod("      args: [sh, -c, 'date > /mnt/index.html; ./app >> /mnt/logs/app.out 2>> /tmp/err.txt']\n      volumeMounts:\n        - {name: share, mountPath: /mnt/}\n");
            assert_eq!(flagged_text(RULE.id, &text), ["/mnt/logs/app.out", "/tmp/err.txt"]);
            let option = pod(
                "      args: [./app, --log-path, /mnt/out]\n      volumeMounts: [{name: share, mountPath: /mnt}]\n",
            );
            assert_eq!(flagged_text(RULE.id, &option), ["/mnt/out"]);
            let sibling = pod(
                "      args: [sh, -c, 'date > /mnt2/x.html']\n      volumeMounts: [{name: share, mountPath: /mnt}]\n",
            );
            assert_eq!(flagged_text(RULE.id, &sibling), ["/mnt2/x.html"]);
        }

        #[test]
        fn streams_nginx_logs_init_containers_and_crds() {
            let streams = pod("      args: [sh, -c, './app > /dev/stdout 2>/dev/stderr 3>/dev/null']\n");
            assert_eq!(positions(RULE.id, &streams), []);
            let nginx = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      args: [sh, -c, 'nginx -g \"daemon off;\" >> /var/log/nginx/access.log']\n";
            assert_eq!(positions(RULE.id, nginx), []);
            let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: i, command: [sh, -c, 'prep > /tmp/prep.log']}]\n          containers: [{name: m, command: [./job]}]\n";
            assert_eq!(flagged_text(RULE.id, cron), ["/tmp/prep.log"]);
            assert!(findings(RULE.id, cron)[0].message.starts_with("init container `i` of CronJob `c`"));
            let crd = "apiVersion: example.com/v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: a, args: [sh, -c, 'x > /tmp/x.log']}]\n";
            assert_eq!(positions(RULE.id, crd), []);
        }
    }
}
