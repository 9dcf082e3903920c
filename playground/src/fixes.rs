//! Text edits the playground makes for the user: applying one fix, applying every fix of a file, and "Ignore here".
//!
//! Fixes come from policy-core with byte spans into the text that was checked; the playground only applies them
//! while the text is unchanged since that check (see `State::is_fresh`).

use policy_core::report::{Edit, Finding, Fix};
use policy_core::syntax::directive::{parse_comment, Reach, Tool};
use policy_core::Kind;

use crate::positions::{indentation, line_at, line_start, previous_line};

/// Applies every fix among `findings` (all of one file). Fixes are taken in order of position, whole or not at all:
/// one whose edits overlap an earlier fix's is left out, and a second "Fix all" after the re-check picks it up.
/// Returns the new text and how many fixes went in.
pub fn fix_all<'a>(text: &str, findings: impl IntoIterator<Item = &'a Finding>) -> (String, usize) {
    let mut fixes: Vec<&Fix> = findings.into_iter().filter_map(|finding| finding.fix.as_ref()).collect();
    policy_core::order::sort_by_key(&mut fixes, |fix| {
        fix.edits.iter().map(|edit| (edit.span.start, edit.span.end)).min()
    });
    fixes.dedup_by(|a, b| a.edits == b.edits);
    let mut taken: Vec<Edit> = Vec::new();
    let mut count = 0;
    for fix in fixes {
        if fix.edits.iter().any(|edit| taken.iter().any(|other| overlaps(edit, other))) {
            continue;
        }
        taken.extend(fix.edits.iter().cloned());
        count += 1;
    }
    (Fix::new("Fix all", taken).apply(text), count)
}

/// Two edits collide when their spans overlap, or when both insert at the same offset (their order would be a
/// guess).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.span.start < b.span.end && b.span.start < a.span.end) || a.span.start == b.span.start
}

/// Inserts `# seaworthy ignore=<rule>` on its own line above the instruction or key holding `byte`, with that line's
/// indentation. A Seaworthy ignore comment already right above it gains the rule instead of a second comment.
pub fn ignore_here(text: &str, kind: Kind, rule: &str, byte: usize) -> String {
    let mut start = line_start(text, byte);
    if matches!(kind, Kind::Dockerfile | Kind::Shell | Kind::Ci) {
        // A finding inside a continued instruction or shell command is suppressed by a comment above its first
        // line; a comment between continued lines would end the command there.
        while let Some((previous_start, previous)) = previous_line(text, start) {
            if !previous.trim_end().ends_with('\\') {
                break;
            }
            start = previous_start;
        }
    }
    let indent = indentation(line_at(text, start));
    if let Some((previous_start, previous)) = previous_line(text, start) {
        let comment = previous.trim_start();
        if indentation(previous) == indent && comment.starts_with("# seaworthy ignore=") {
            let directive = comment.strip_prefix('#').and_then(parse_comment);
            if let Some(directive) =
                directive.filter(|found| found.reach == Reach::Next && found.tool == Tool::Seaworthy)
            {
                if directive.ids.iter().any(|id| id == rule) {
                    return text.to_owned();
                }
                let list_at = previous_start + indent.len() + "# seaworthy ignore=".len();
                return splice(text, list_at, &format!("{rule},"));
            }
        }
    }
    let newline = if line_ending_is_crlf(text, start) { "\r\n" } else { "\n" };
    splice(text, start, &format!("{indent}# seaworthy ignore={rule}{newline}"))
}

fn line_ending_is_crlf(text: &str, start: usize) -> bool {
    let rest = text.get(start..).unwrap_or("");
    rest.find('\n').is_some_and(|at| rest.get(..at).is_some_and(|line| line.ends_with('\r')))
}

fn splice(text: &str, at: usize, insert: &str) -> String {
    let (Some(before), Some(after)) = (text.get(..at), text.get(at..)) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(before);
    out.push_str(insert);
    out.push_str(after);
    out
}

#[cfg(test)]
mod tests {
    use policy_core::span::Span;
    use policy_core::Severity;

    use super::*;

    fn finding(fix: Option<Fix>) -> Finding {
        Finding {
            rule: "r".into(),
            severity: Severity::Warning,
            message: String::new(),
            help: String::new(),
            path: "Dockerfile".into(),
            span: Span::default(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            fix,
        }
    }

    #[test]
    fn fix_all_applies_disjoint_fixes_and_skips_colliding_ones() {
        let text = "FROM a:latest\nUSER root\n";
        let findings = [
            finding(Some(Fix::replace("tag", Span::new(7, 13), "1.2"))),
            finding(Some(Fix::replace("user", Span::new(19, 23), "10001"))),
            finding(Some(Fix::replace("overlap", Span::new(9, 11), "zzz"))),
            finding(None),
        ];
        let (fixed, count) = fix_all(text, &findings);
        assert_eq!(fixed, "FROM a:1.2\nUSER 10001\n");
        assert_eq!(count, 2);
    }

    #[test]
    fn fix_all_counts_a_duplicated_fix_once() {
        let fix = Fix::replace("t", Span::new(0, 1), "b");
        let (fixed, count) = fix_all("a", &[finding(Some(fix.clone())), finding(Some(fix))]);
        assert_eq!((fixed.as_str(), count), ("b", 1));
    }

    #[test]
    fn ignore_here_goes_above_the_first_line_of_a_continued_instruction() {
        let text = "FROM a\nRUN apt-get update && \\\n    apt-get install -y curl\n";
        let byte = text.find("curl").unwrap();
        assert_eq!(
            ignore_here(text, Kind::Dockerfile, "pinned-packages", byte),
            "FROM a\n# seaworthy ignore=pinned-packages\nRUN apt-get update && \\\n    apt-get install -y curl\n"
        );
    }

    #[test]
    fn ignore_here_in_scripts_and_ci_steps_goes_above_the_continued_command() {
        let text = "set -e\nhelm lint chart && \\\n  kubectl create ns x\n";
        let byte = text.find("kubectl").unwrap();
        let commented = ignore_here(text, Kind::Shell, "imperative-kubectl", byte);
        assert_eq!(
            commented,
            "set -e\n# seaworthy ignore=imperative-kubectl\nhelm lint chart && \\\n  kubectl create ns x\n"
        );
        let workflow = "steps:\n  - run: |\n      kubectl get pods\n      kubectl -n a \\\n        scale deploy/web --replicas=2\n";
        let byte = workflow.find("scale").unwrap();
        assert_eq!(
            ignore_here(workflow, Kind::Ci, "imperative-kubectl", byte),
            "steps:\n  - run: |\n      kubectl get pods\n      # seaworthy ignore=imperative-kubectl\n      kubectl -n a \\\n        scale deploy/web --replicas=2\n"
        );
    }

    #[test]
    fn ignore_here_keeps_yaml_indentation_and_crlf() {
        let text = "spec:\r\n  containers:\r\n    - name: a\r\n      image: nginx\r\n";
        let byte = text.find("nginx").unwrap();
        assert_eq!(
            ignore_here(text, Kind::Kubernetes, "latest-image-tag", byte),
            "spec:\r\n  containers:\r\n    - name: a\r\n      # seaworthy ignore=latest-image-tag\r\n      image: nginx\r\n"
        );
    }

    #[test]
    fn ignore_here_extends_an_existing_comment_once() {
        let text = "  # seaworthy ignore=a-rule\n  image: x\n";
        let byte = text.find("x\n").unwrap();
        let once = ignore_here(text, Kind::Kubernetes, "b-rule", byte);
        assert_eq!(once, "  # seaworthy ignore=b-rule,a-rule\n  image: x\n");
        assert_eq!(ignore_here(&once, Kind::Kubernetes, "b-rule", once.find("x\n").unwrap()), once);
    }

    #[test]
    fn ignore_here_on_the_first_line_inserts_at_the_top() {
        assert_eq!(ignore_here("FROM x", Kind::Dockerfile, "r", 3), "# seaworthy ignore=r\nFROM x");
    }
}
