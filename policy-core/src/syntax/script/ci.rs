//! The shell steps of CI files: GitHub Actions workflows (`jobs.<id>.steps[].run`, and `runs.steps[].run` of a
//! composite action) and GitLab CI files (`script`, `before_script` and `after_script` of every job and of
//! `default:`, as a string or a list of strings, one level of nested lists included).
//!
//! Both layouts are looked for in every CI file, so a file given with an explicit kind needs no flavour; they do
//! not overlap (GitHub keeps its jobs under `jobs:`, GitLab at the top level). GitHub steps whose shell is not
//! POSIX (`shell: pwsh`, `python`, `cmd`, or the default shell of a `windows` runner) are skipped.
//!
//! A step's text maps back into the YAML file exactly when the scalar allows it: a plain or quoted scalar without
//! escapes or line folding is one stretch of the source; a literal block scalar (`|`) maps line by line, past its
//! indentation. Otherwise (escapes, `>` folding) the script remembers the whole scalar, and findings point at it.
//!
//! Sources: GitHub's "Workflow syntax for GitHub Actions" (`jobs.<job_id>.steps[*].run`, `shell`,
//! `defaults.run.shell`); GitLab's "CI/CD YAML syntax reference" (`script`, `before_script`, `after_script`,
//! `default`).

use crate::base::limits::Limits;
use crate::base::span::Span;
use crate::syntax::shell::ShellText;
use crate::syntax::yaml::{self, Node, Style};

use super::{Parsed, Script};

/// GitLab's keywords that hold shell lines.
const GITLAB_SCRIPT_KEYS: [&str; 3] = ["before_script", "script", "after_script"];

/// Reads a CI file (without BOM): its YAML problems, its scripts, and the suppressions of both the YAML comments
/// and the shell comments inside the scripts.
pub fn parse(source: &str, limits: &Limits) -> Parsed {
    let stream = yaml::parse_stream_without_templates(source, limits);
    let mut scripts = Vec::new();
    for document in &stream.documents {
        github(source, &document.root, &mut scripts);
        gitlab(source, &document.root, &mut scripts);
    }
    let mut directives = stream.directives;
    for script in &scripts {
        script.directives(&mut directives);
    }
    Parsed { scripts, problems: stream.problems, directives }
}

fn github(source: &str, root: &Node, out: &mut Vec<Script>) {
    let workflow_shell = default_shell(root);
    for job in root.get("jobs").into_iter().flat_map(Node::entries) {
        let Some(id) = job.key_str() else { continue };
        let shell = default_shell(&job.value).or(workflow_shell);
        let windows = job.value.get("runs-on").is_some_and(|runs_on| {
            runs_on
                .as_str()
                .into_iter()
                .chain(runs_on.items().filter_map(Node::as_str))
                .any(|label| label.contains("windows"))
        });
        steps(source, job.value.get("steps"), shell, windows, &format!("job `{id}`, "), out);
    }
    // A composite action (`action.yml`) runs its steps with the shell each one names.
    steps(source, root.get_at(&["runs", "steps"]), None, false, "", out);
}

fn steps(source: &str, steps: Option<&Node>, shell: Option<&str>, windows: bool, job: &str, out: &mut Vec<Script>) {
    for (at, step) in steps.into_iter().flat_map(Node::items).enumerate() {
        let Some(run) = step.get("run") else { continue };
        let shell = step.get("shell").and_then(Node::as_str).or(shell);
        if !is_posix_shell(shell, windows) {
            continue;
        }
        let name = ["name", "id"].into_iter().find_map(|key| step.get(key).and_then(Node::as_str));
        let place = name.map_or_else(|| format!("{job}step {}", at + 1), |name| format!("{job}step `{name}`"));
        out.extend(script(source, run, place));
    }
}

/// `defaults.run.shell` of a workflow or a job.
fn default_shell(node: &Node) -> Option<&str> {
    node.get_at(&["defaults", "run", "shell"]).and_then(Node::as_str)
}

/// Whether GitHub runs the step with a POSIX shell: `bash`, `sh`, or a custom command line starting with either
/// (`bash --noprofile --norc -eo pipefail {0}`); without a `shell`, bash everywhere but on Windows runners.
fn is_posix_shell(shell: Option<&str>, windows: bool) -> bool {
    let Some(shell) = shell else { return !windows };
    let program = shell.split_whitespace().next().unwrap_or("");
    matches!(program.rsplit(['/', '\\']).next(), Some("bash" | "sh"))
}

fn gitlab(source: &str, root: &Node, out: &mut Vec<Script>) {
    for entry in root.entries() {
        let Some(name) = entry.key_str() else { continue };
        if GITLAB_SCRIPT_KEYS.contains(&name) {
            // The deprecated global form: `before_script:` at the top level.
            lines(source, &entry.value, &format!("global `{name}`"), out);
            continue;
        }
        let owner = if name == "default" { "`default`".to_owned() } else { format!("job `{name}`") };
        for key in GITLAB_SCRIPT_KEYS {
            if let Some(value) = entry.value.get(key) {
                lines(source, value, &format!("{owner} (`{key}`)"), out);
            }
        }
    }
}

/// A GitLab script value: one string, or a list of strings and lists of strings (YAML anchors make nested lists).
fn lines(source: &str, value: &Node, place: &str, out: &mut Vec<Script>) {
    if value.as_scalar().is_some() {
        out.extend(script(source, value, place.to_owned()));
    }
    for item in value.items() {
        if item.as_scalar().is_some() {
            out.extend(script(source, item, place.to_owned()));
        }
        for nested in item.items() {
            out.extend(script(source, nested, place.to_owned()));
        }
    }
}

/// The script of one scalar, mapped to the source when the scalar allows it.
fn script(source: &str, node: &Node, place: String) -> Option<Script> {
    let scalar = node.as_scalar()?;
    let raw = node.span.slice(source);
    let exact = match scalar.style {
        Style::Plain => (raw == scalar.text).then(|| ShellText::contiguous(&scalar.text, node.span.start)),
        Style::SingleQuoted | Style::DoubleQuoted => raw
            .get(1..raw.len().saturating_sub(1))
            .filter(|inner| *inner == scalar.text)
            .map(|inner| ShellText::contiguous(inner, node.span.start + 1)),
        Style::Literal => literal(source, node.span, &scalar.text),
        Style::Folded => None,
    };
    if let Some(text) = exact {
        return Some(Script::new(text, Some(place), None));
    }
    // A block scalar's span runs into the next line's indentation; a finding stops at the last character.
    let whole = Span::new(node.span.start, node.span.start + raw.trim_end().len());
    Some(Script::new(ShellText::contiguous(&scalar.text, node.span.start), Some(place), Some(whole)))
}

/// Maps a literal block scalar's `value` onto the source lines it came from. The scalar's span starts at its first
/// non-blank content, so the mapping starts that many blank lines earlier; each value line is then the end of a
/// source line whose start is indentation, and an empty value line is a blank source line. `None` as soon as a
/// line does not fit (a tab in the indentation, text the parser changed), so the caller falls back to the whole
/// scalar.
fn literal(source: &str, span: Span, value: &str) -> Option<ShellText> {
    let mut cursor = source.get(..span.start)?.rfind('\n').map_or(0, |at| at + 1);
    for _ in 0..value.bytes().take_while(|&b| b == b'\n').count() {
        cursor = source.get(..cursor.checked_sub(1)?)?.rfind('\n').map_or(0, |at| at + 1);
    }
    let mut text = ShellText::default();
    for line in value.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let rest = source.get(cursor..)?;
        let source_line_len = rest.find('\n').map_or(rest.len(), |at| at + 1);
        let content = rest.get(..source_line_len)?.trim_end_matches('\n').trim_end_matches('\r');
        let indent = content.len().checked_sub(body.len())?;
        let (Some(prefix), Some(tail)) = (content.get(..indent), content.get(indent..)) else { return None };
        if tail != body || !prefix.bytes().all(|b| b == b' ') {
            return None;
        }
        text.push(body, cursor + indent);
        if line.ends_with('\n') {
            // The line break maps onto the source's, `\r\n` or `\n`: a span over it covers the source break.
            text.push("\n", cursor + content.len());
        }
        cursor += source_line_len;
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::problem::ProblemKind;

    fn parsed(text: &str) -> Parsed {
        parse(text, &Limits::default())
    }

    /// Per script: where it sits, and the source under each command's program word.
    fn programs<'s>(source: &'s str, parsed: &Parsed) -> Vec<(String, Vec<&'s str>)> {
        parsed
            .scripts
            .iter()
            .map(|script| {
                let words = script
                    .lists
                    .iter()
                    .flatten()
                    .filter_map(|command| command.program_word())
                    .map(|word| word.span.slice(source))
                    .collect();
                (script.place.clone().unwrap_or_default(), words)
            })
            .collect()
    }

    #[test]
    fn github_run_steps_map_line_by_line_through_block_scalars() {
        let source = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Apply\n        run: |\n          kubectl apply -f k8s/\n\n          kubectl -n web \\\n            scale deploy/web --replicas=3\n      - run: echo ${{ github.sha }} && kubectl get pods\n      - id: quoted\n        run: 'helm list'\n";
        let parsed = parsed(source);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(
            programs(source, &parsed),
            [
                ("job `deploy`, step `Apply`".to_owned(), vec!["kubectl", "kubectl"]),
                ("job `deploy`, step 3".to_owned(), vec!["echo", "kubectl"]),
                ("job `deploy`, step `quoted`".to_owned(), vec!["helm"]),
            ]
        );
        let scale = parsed.scripts[0].lists[0][1].words.iter().find(|word| word.value == "scale").unwrap();
        assert_eq!(scale.span.slice(source), "scale");
        assert_eq!(source[..scale.span.start].lines().count(), 12, "on the 12th line");
        assert!(parsed.scripts.iter().all(|script| script.whole.is_none()));
    }

    #[test]
    fn non_posix_shells_and_windows_runners_are_skipped() {
        let source = "jobs:\n  a:\n    runs-on: windows-latest\n    steps:\n      - run: kubectl get a\n  b:\n    runs-on: [self-hosted, windows]\n    steps:\n      - run: kubectl get b\n        shell: pwsh\n      - run: kubectl get c\n        shell: bash --noprofile --norc -eo pipefail {0}\n  c:\n    defaults:\n      run:\n        shell: python\n    steps:\n      - run: print(1)\n  d:\n    runs-on: windows-2022\n    defaults:\n      run:\n        shell: bash\n    steps:\n      - run: kubectl get d\n";
        let places: Vec<String> = parsed(source).scripts.into_iter().filter_map(|script| script.place).collect();
        assert_eq!(places, ["job `b`, step 2", "job `d`, step 1"]);
    }

    #[test]
    fn gitlab_scripts_of_jobs_default_and_global_keys() {
        let source = "stages: [deploy]\nvariables:\n  A: b\nbefore_script: echo global\ndefault:\n  before_script:\n    - kubectl config use-context x\ndeploy:\n  stage: deploy\n  script:\n    - kubectl create ns web\n    - [\"kubectl get pods\", 'echo ''quoted''']\n    - >\n      kubectl scale\n      deploy/web\n  after_script: \"echo \\\"done\\\"\"\n";
        let parsed = parsed(source);
        let places: Vec<&str> = parsed.scripts.iter().filter_map(|script| script.place.as_deref()).collect();
        assert_eq!(
            places,
            [
                "global `before_script`",
                "`default` (`before_script`)",
                "job `deploy` (`script`)",
                "job `deploy` (`script`)",
                "job `deploy` (`script`)",
                "job `deploy` (`script`)",
                "job `deploy` (`after_script`)",
            ]
        );
        let whole: Vec<&str> =
            parsed.scripts.iter().filter_map(|script| script.whole).map(|span| span.slice(source)).collect();
        assert_eq!(whole, ["'echo ''quoted'''", "kubectl scale\n      deploy/web", "\"echo \\\"done\\\"\""]);
        assert_eq!(parsed.scripts[2].lists[0][0].span.slice(source), "kubectl create ns web");
        assert_eq!(parsed.scripts[3].lists[0][0].span.slice(source), "kubectl get pods");
    }

    #[test]
    fn literal_blocks_with_leading_blank_lines_indicators_and_crlf() {
        for source in [
            "script: |2-\n\n     kubectl run x\n",
            "script: |\r\n  a\r\n\r\n  kubectl run x\r\n",
            "script: |-\n   kubectl run x",
        ] {
            let parsed = parsed(source);
            let script = parsed.scripts.first().expect("one script");
            assert_eq!(script.whole, None, "{source:?}");
            let command = script.lists[0].last().expect("a command");
            assert_eq!(command.span.slice(source), "kubectl run x", "{source:?}");
        }
    }

    #[test]
    fn broken_yaml_is_a_problem_and_templates_are_data() {
        let parsed = parsed("jobs:\n  a:\n    steps:\n      - run: echo ${{ secrets.X }}\n---\njobs: [\n");
        assert_eq!(parsed.scripts.len(), 1);
        assert!(parsed.problems.iter().any(|problem| problem.kind == ProblemKind::Syntax), "{:?}", parsed.problems);
        assert!(parsed.problems.iter().all(|problem| problem.kind != ProblemKind::UnrenderedTemplate));
    }
}
