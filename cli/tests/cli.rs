//! End-to-end tests of the built `seaworthy` binary: exit codes, output formats, stdin, folder walking,
//! configuration lookup, and the rule catalogue. Each test works in its own temporary folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// A Dockerfile whose second instruction is misspelt: one `parse-error` at line 2, columns 1 to 5.
const MISSPELT: &str = "FROM alpine:3.20\nRUNN echo hi\nUSER 10001\n";
/// The same file, spelt right.
const CLEAN: &str = "FROM alpine:3.20\nRUN echo hi\nUSER 10001\n";

/// A fresh folder under the system's temp folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = format!("seaworthy-cli-{name}-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the binary in `dir` with `args` and `stdin`, without the colour variables of the caller's environment.
fn run_with(dir: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_seaworthy"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    // A run that fails before reading stdin (a usage error) closes it early; the test then looks at its output.
    match child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written.unwrap(),
    }
    child.wait_with_output().unwrap()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_with(dir, args, "", &[])
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", stdout(output)))
}

fn findings(report: &Value) -> Vec<Value> {
    report["findings"].as_array().unwrap().clone()
}

fn find<'a>(report: &'a Value, rule: &str) -> Option<&'a Value> {
    report["findings"].as_array().unwrap().iter().find(|finding| finding["rule"] == rule)
}

fn file_paths(report: &Value) -> Vec<String> {
    report["files"].as_array().unwrap().iter().map(|file| file["path"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_file_without_errors_exits_0() {
    let dir = TempDir::new("clean");
    dir.write("Dockerfile", CLEAN);
    let output = run(dir.path(), &["check", "--format", "json", "Dockerfile"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report = json(&output);
    assert!(findings(&report).iter().all(|finding| finding["severity"] != "error"), "{report}");
    assert_eq!(file_paths(&report), ["Dockerfile"]);
}

#[test]
fn an_error_finding_exits_1_and_points_at_the_token() {
    let dir = TempDir::new("error");
    dir.write("Dockerfile", MISSPELT);
    let output = run(dir.path(), &["check", "--format", "json", "Dockerfile"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json(&output);
    let finding = find(&report, "parse-error").unwrap_or_else(|| panic!("no parse-error in {report}"));
    assert_eq!(finding["severity"], "error");
    assert_eq!((&finding["line"], &finding["column"]), (&Value::from(2), &Value::from(1)));
    assert_eq!((&finding["end_line"], &finding["end_column"]), (&Value::from(2), &Value::from(5)));
    let span = (finding["span"]["start"].as_u64().unwrap(), finding["span"]["end"].as_u64().unwrap());
    assert_eq!(span, (17, 21), "the span covers `RUNN`");
}

#[test]
fn warnings_alone_exit_0() {
    let dir = TempDir::new("warning");
    // No USER: a warning with a fix, and no error.
    dir.write("Dockerfile", "FROM alpine:3.20\n");
    let output = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report = json(&output);
    let finding = find(&report, "missing-user").unwrap_or_else(|| panic!("no missing-user in {report}"));
    assert_eq!(finding["severity"], "warning");
    assert!(finding["fix"]["edits"].as_array().is_some_and(|edits| !edits.is_empty()));
}

#[test]
fn json_findings_have_every_field_with_its_type() {
    let dir = TempDir::new("shape");
    dir.write("Dockerfile", MISSPELT);
    let report = json(&run(dir.path(), &["check", "--format", "json", "Dockerfile"]));
    assert!(report["version"].is_string());
    assert!(report["summary"]["error"].as_u64().is_some_and(|errors| errors >= 1));
    let all = findings(&report);
    assert!(!all.is_empty());
    for finding in &all {
        for field in ["rule", "severity", "message", "help", "path"] {
            assert!(finding[field].as_str().is_some_and(|text| !text.is_empty()), "{field} in {finding}");
        }
        assert!(["error", "warning", "info"].contains(&finding["severity"].as_str().unwrap()));
        for field in ["line", "column", "end_line", "end_column"] {
            assert!(finding[field].as_u64().is_some_and(|n| n >= 1), "{field} in {finding}");
        }
        let (start, end) = (finding["span"]["start"].as_u64().unwrap(), finding["span"]["end"].as_u64().unwrap());
        assert!(start <= end && end <= MISSPELT.len() as u64, "{finding}");
        assert!(finding["fix"].is_null() || finding["fix"]["title"].is_string());
    }
}

#[test]
fn stdin_takes_its_kind_from_the_flag_or_the_given_name() {
    let dir = TempDir::new("stdin");
    let output = run_with(dir.path(), &["check", "--format", "json", "--kind", "dockerfile", "-"], MISSPELT, &[]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(file_paths(&report), ["-"]);
    assert_eq!(find(&report, "parse-error").unwrap()["path"], "-");

    let args = ["check", "--format", "json", "--stdin-filename", "images/api.Dockerfile", "-"];
    let output = run_with(dir.path(), &args, MISSPELT, &[]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["files"][0]["path"], "images/api.Dockerfile");
    assert_eq!(report["files"][0]["kind"], "dockerfile");

    let output = run_with(dir.path(), &["check", "-"], MISSPELT, &[]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("--kind"), "{}", stderr(&output));
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new("usage");
    let output = run(dir.path(), &["check", "--frobnicate", "."]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("--frobnicate"), "{}", stderr(&output));

    let output = run(dir.path(), &["check", "--format", "xml", "."]);
    assert_eq!(code(&output), 2);

    let output = run(dir.path(), &["check", "does-not-exist/Dockerfile"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("does-not-exist/Dockerfile"), "{}", stderr(&output));
    assert!(output.stdout.is_empty());

    // An explicit file is always checked, so its kind must be known.
    dir.write("notes.txt", MISSPELT);
    let output = run(dir.path(), &["check", "notes.txt"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("notes.txt"), "{}", stderr(&output));
    let output = run(dir.path(), &["check", "--format", "json", "--kind", "dockerfile", "notes.txt"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_eq!(file_paths(&json(&output)), ["notes.txt"]);
}

#[test]
fn a_bad_config_exits_2_with_path_line_and_column() {
    let dir = TempDir::new("badconfig");
    dir.write("Dockerfile", CLEAN);
    dir.write(".seaworthy.yaml", "rules:\n  parse-error: error\nnot-a-key: 1\n");
    let output = run(dir.path(), &["check", "Dockerfile"]);
    assert_eq!(code(&output), 2);
    let message = stderr(&output);
    assert!(message.contains(".seaworthy.yaml:3:1:"), "{message}");
    assert!(message.contains("not-a-key"), "{message}");
    assert!(output.stdout.is_empty());

    dir.write("other.yml", "rules:\n  parse-error: loud\n");
    let output = run(dir.path(), &["check", "--config", "other.yml", "Dockerfile"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("other.yml:2:16:"), "{}", stderr(&output));

    let output = run(dir.path(), &["check", "--config", "missing.yaml", "Dockerfile"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("missing.yaml"), "{}", stderr(&output));
}

#[test]
fn config_is_found_upward_and_changes_severities() {
    let dir = TempDir::new("config");
    dir.write("service/Dockerfile", "FROM alpine:3.20\n");
    let before = json(&run(dir.path(), &["check", "--format", "json", "service"]));
    assert_eq!(find(&before, "missing-user").unwrap()["severity"], "warning");

    dir.write(".seaworthy.yml", "rules:\n  missing-user: error\n");
    let output = run(&dir.path().join("service"), &["check", "--format", "json", "Dockerfile"]);
    assert_eq!(code(&output), 1, "the config in the parent folder raises missing-user to error");
    assert_eq!(find(&json(&output), "missing-user").unwrap()["severity"], "error");

    dir.write(".seaworthy.yaml", "rules:\n  missing-user: off\n");
    let output = run(dir.path(), &["check", "--format", "json", "service/Dockerfile"]);
    assert_eq!(code(&output), 0);
    assert!(find(&json(&output), "missing-user").is_none(), ".seaworthy.yaml wins over .seaworthy.yml");

    let explicit = dir.write("strict.yaml", "rules:\n  missing-user: error\n");
    let output = run(dir.path(), &["check", "--config", explicit.to_str().unwrap(), "service"]);
    assert_eq!(code(&output), 1, "--config wins over the discovered file");
}

#[test]
fn folders_are_walked_honouring_gitignore_and_names() {
    let dir = TempDir::new("walk");
    dir.write(".gitignore", "generated/\n");
    dir.write("generated/Dockerfile", MISSPELT);
    dir.write("notes/Dockerfile-notes.md", MISSPELT);
    dir.write("notes/readme.txt", MISSPELT);
    dir.write("app/Dockerfile", CLEAN);
    dir.write("app/api.Dockerfile", CLEAN);
    dir.write("deploy/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n");
    let output = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code(&output), 0, "{}\n{}", stdout(&output), stderr(&output));
    let mut paths = file_paths(&json(&output));
    paths.sort();
    assert_eq!(paths, ["app/Dockerfile", "app/api.Dockerfile", "deploy/pod.yaml"]);

    let output = run(dir.path(), &["check", "--format", "json", "--kind", "kubernetes", "."]);
    assert_eq!(file_paths(&json(&output)), ["deploy/pod.yaml"]);

    // Reached twice, read once.
    let output = run(dir.path(), &["check", "--format", "json", "app", "app/Dockerfile", "./app"]);
    let mut paths = file_paths(&json(&output));
    paths.sort();
    assert_eq!(paths, ["app/Dockerfile", "app/api.Dockerfile"]);

    // A symbolic link to a file already read is the same file.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("app/Dockerfile"), dir.path().join("Dockerfile")).unwrap();
        let output = run(dir.path(), &["check", "--format", "json", "app/Dockerfile", "Dockerfile"]);
        assert_eq!(file_paths(&json(&output)), ["app/Dockerfile"]);
    }

    // An explicit path is checked even when ignored.
    let output = run(dir.path(), &["check", "--format", "json", "generated/Dockerfile"]);
    assert_eq!(code(&output), 1);
}

#[test]
fn an_empty_folder_has_no_findings_and_says_so() {
    let dir = TempDir::new("empty");
    let output = run(dir.path(), &["check", "."]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).contains("No findings in 0 files."), "{}", stdout(&output));
    assert!(stderr(&output).contains("no Dockerfiles, Kubernetes manifests"), "{}", stderr(&output));
}

#[test]
fn walks_pick_up_scripts_ci_files_and_shebangs_but_not_other_hidden_files() {
    let dir = TempDir::new("scripts");
    let workflow =
        "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl create ns web\n";
    dir.write(".github/workflows/deploy.yml", workflow);
    dir.write(".github/dependabot.yml", "version: 2\nupdates: []\n");
    dir.write(".github/scripts/release.sh", "kubectl scale deploy web --replicas=2\n");
    dir.write(".gitlab-ci.yml", "deploy:\n  script:\n    - kubectl -n web label ns web a=b\n");
    dir.write(".hidden/deploy.sh", "kubectl create ns hidden\n");
    dir.write("bin/deploy", "#!/usr/bin/env bash\nkubectl expose deploy web --port 80\n");
    dir.write("bin/README", "kubectl create ns not-a-script\n");
    dir.write("deploy.sh", "kubectl apply -f k8s/\n");
    let output = run(dir.path(), &["check", "--format", "json", "."]);
    let report = json(&output);
    let mut paths = file_paths(&report);
    paths.sort();
    assert_eq!(
        paths,
        [".github/scripts/release.sh", ".github/workflows/deploy.yml", ".gitlab-ci.yml", "bin/deploy", "deploy.sh"]
    );
    let kinds: Vec<(&str, &str)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| (file["path"].as_str().unwrap(), file["kind"].as_str().unwrap()))
        .collect();
    assert!(
        kinds.contains(&(".github/workflows/deploy.yml", "ci")) && kinds.contains(&("bin/deploy", "shell")),
        "{kinds:?}"
    );
    let flagged: Vec<(String, u64)> = findings(&report)
        .iter()
        .filter(|finding| finding["rule"] == "imperative-kubectl")
        .map(|finding| (finding["path"].as_str().unwrap().to_owned(), finding["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(flagged.len(), 4, "{flagged:?}");
    assert!(flagged.contains(&(".github/workflows/deploy.yml".to_owned(), 6)), "{flagged:?}");

    let output = run(dir.path(), &["check", "--format", "json", "--kind", "shell", "."]);
    let mut paths = file_paths(&json(&output));
    paths.sort();
    assert_eq!(paths, [".github/scripts/release.sh", "bin/deploy", "deploy.sh"]);

    // An explicit file is read for its shebang; an explicit kind reads any file as a script.
    let output = run(dir.path(), &["check", "--format", "json", "bin/deploy"]);
    assert_eq!(json(&output)["files"][0]["kind"], "shell");
    let output = run(dir.path(), &["check", "--format", "json", "--kind", "shell", "bin/README"]);
    assert!(find(&json(&output), "imperative-kubectl").is_some());
    let output = run(dir.path(), &["check", "bin/README"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("--kind dockerfile|kubernetes|shell|ci"), "{}", stderr(&output));
}

#[test]
fn sarif_regions_match_the_json_positions() {
    let dir = TempDir::new("sarif");
    dir.write("images/Dockerfile", MISSPELT);
    let report = json(&run(dir.path(), &["check", "--format", "json", "images"]));
    let output = run(dir.path(), &["check", "--format", "sarif", "images"]);
    assert_eq!(code(&output), 1, "SARIF keeps the exit code");
    let log = json(&output);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|schema| schema.contains("sarif-2.1.0")));
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(run["tool"]["driver"]["name"], "seaworthy");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|rule| rule["id"] == "parse-error"));

    let expected = find(&report, "parse-error").unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings(&report).len());
    let result = results.iter().find(|result| result["ruleId"] == "parse-error").unwrap();
    assert_eq!(result["level"], "error");
    let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
    assert_eq!(rules[index]["id"], "parse-error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "images/Dockerfile");
    let region = &location["region"];
    assert_eq!(region["startLine"], expected["line"]);
    assert_eq!(region["startColumn"], expected["column"]);
    assert_eq!(region["endLine"], expected["end_line"]);
    assert_eq!(region["endColumn"], expected["end_column"]);
    assert_eq!(region["byteOffset"], expected["span"]["start"]);
}

#[test]
fn sarif_carries_fixes() {
    let dir = TempDir::new("sariffix");
    dir.write("Dockerfile", "FROM alpine:3.20\n");
    let log = json(&run(dir.path(), &["check", "--format", "sarif", "Dockerfile"]));
    let results = log["runs"][0]["results"].as_array().unwrap();
    let result = results.iter().find(|result| result["ruleId"] == "missing-user").unwrap();
    let change = &result["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "Dockerfile");
    let replacement = &change["replacements"][0];
    assert!(replacement["deletedRegion"]["byteOffset"].is_u64());
    assert!(replacement["insertedContent"]["text"].as_str().is_some_and(|text| text.contains("USER")));
}

#[test]
fn text_output_draws_a_code_frame_and_a_summary() {
    let dir = TempDir::new("text");
    dir.write("Dockerfile", MISSPELT);
    let report = json(&run(dir.path(), &["check", "--format", "json", "Dockerfile"]));
    let output = run(dir.path(), &["check", "Dockerfile"]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(!text.contains('\u{1b}'), "no colour when stdout is not a terminal:\n{text}");
    assert!(text.contains("error[parse-error]: "), "{text}");
    assert!(text.contains("--> Dockerfile:2:1"), "{text}");
    assert!(text.contains("2 | RUNN echo hi"), "{text}");
    assert!(text.lines().any(|line| line.trim_end().ends_with("| ^^^^")), "underline under `RUNN`:\n{text}");
    assert!(text.contains("= help: "), "{text}");
    let errors = report["summary"]["error"].as_u64().unwrap();
    let expected = if errors == 1 { "1 error".to_owned() } else { format!("{errors} errors") };
    let last = text.lines().last().unwrap();
    assert!(last.starts_with(&format!("Found {expected}")) && last.ends_with(" in 1 file."), "{last}");

    dir.write("Dockerfile", CLEAN);
    let text = stdout(&run(dir.path(), &["check", "Dockerfile"]));
    assert!(text.lines().last().unwrap().ends_with("in 1 file."), "{text}");
}

#[test]
fn text_output_notes_available_fixes() {
    let dir = TempDir::new("textfix");
    dir.write("Dockerfile", "FROM alpine:3.20\n");
    let text = stdout(&run(dir.path(), &["check", "Dockerfile"]));
    assert!(text.contains("warning[missing-user]"), "{text}");
    assert!(text.contains("= note: fix available: "), "{text}");
}

#[test]
fn colour_is_forced_only_without_no_color() {
    let dir = TempDir::new("colour");
    dir.write("Dockerfile", MISSPELT);
    let forced = run_with(dir.path(), &["check", "Dockerfile"], "", &[("CLICOLOR_FORCE", "1")]);
    assert!(stdout(&forced).contains('\u{1b}'), "CLICOLOR_FORCE colours a pipe");
    let flag = run_with(dir.path(), &["check", "--no-color", "Dockerfile"], "", &[("CLICOLOR_FORCE", "1")]);
    assert!(!stdout(&flag).contains('\u{1b}'), "--no-color wins");
    let env = run_with(dir.path(), &["check", "Dockerfile"], "", &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!stdout(&env).contains('\u{1b}'), "NO_COLOR wins");
}

#[test]
fn rules_lists_the_registry_in_every_format() {
    let dir = TempDir::new("rules");
    let output = run(dir.path(), &["rules", "--format", "json"]);
    assert_eq!(code(&output), 0);
    let rules = json(&output);
    let parse_error = rules.as_array().unwrap().iter().find(|rule| rule["id"] == "parse-error").unwrap();
    assert_eq!(parse_error["severity"], "error");
    assert_eq!(parse_error["category"], "syntax");
    assert!(parse_error["summary"].as_str().is_some_and(|summary| !summary.is_empty()));
    let ids: Vec<&str> = rules.as_array().unwrap().iter().map(|rule| rule["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "listed in id order");

    let text = stdout(&run(dir.path(), &["rules"]));
    assert!(text.lines().any(|line| line.starts_with("parse-error ") && line.contains("error")), "{text}");
    assert_eq!(text.lines().count(), ids.len() + 1, "a header and one line per rule");

    let markdown = stdout(&run(dir.path(), &["rules", "--format", "markdown"]));
    for id in &ids {
        assert!(markdown.contains(&format!("\n## `{id}`\n")), "{id}");
    }
    assert!(markdown.contains("### What it does"));
}

#[test]
fn explain_prints_docs_or_suggests_a_rule() {
    let dir = TempDir::new("explain");
    let output = run(dir.path(), &["explain", "parse-error"]);
    assert_eq!(code(&output), 0);
    let page = stdout(&output);
    assert!(page.starts_with("# parse-error"), "{page}");
    assert!(page.contains("## What it does"), "{page}");
    assert!(page.contains("## Use instead"), "{page}");

    let output = run(dir.path(), &["explain", "parse-eror"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("did you mean `parse-error`?"), "{}", stderr(&output));

    let output = run(dir.path(), &["explain", "qqqqqqqq"]);
    assert_eq!(code(&output), 2);
    assert!(!stderr(&output).contains("did you mean"), "{}", stderr(&output));
}

#[test]
fn explain_accepts_a_peer_id() {
    let dir = TempDir::new("peer");
    let rules = json(&run(dir.path(), &["rules", "--format", "json"]));
    let Some((id, peer)) = rules.as_array().unwrap().iter().find_map(|rule| {
        let peer = rule["peers"].as_array()?.first()?["id"].as_str()?.to_owned();
        Some((rule["id"].as_str()?.to_owned(), peer))
    }) else {
        return;
    };
    let output = run(dir.path(), &["explain", &peer.to_ascii_lowercase()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains(&format!("# {id}\n")), "{peer} maps to {id}");
}

#[test]
fn version_names_the_binary_and_the_core() {
    let output = run(&std::env::temp_dir(), &["--version"]);
    assert_eq!(code(&output), 0);
    assert_eq!(stdout(&output).trim(), format!("seaworthy {}", env!("CARGO_PKG_VERSION")));
}
