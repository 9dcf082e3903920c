//! Suppression directives, shared by every input kind that has `#` comments, and the lookup that answers "is
//! this rule suppressed here".
//!
//! Seaworthy's own forms are `# seaworthy ignore=rule-a,rule-b` (the next instruction or key) and
//! `# seaworthy ignore-file=rule-a` (the whole file). hadolint's `# hadolint ignore=DL3002` and
//! `# hadolint global ignore=DL3002` name hadolint's codes (hadolint's README, "Ignoring rules"). Readers record
//! directives with the ids as written and the tool whose ids they are; the engine maps peers' ids to Seaworthy
//! rules and reports Seaworthy ids that name no rule, since that needs the registry, two layers up.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use crate::base::span::Span;

/// The id that stands for every rule in a directive.
pub const ALL: &str = "all";

/// How far a directive reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The next instruction, key, command or object.
    Next,
    /// The whole file.
    File,
}

/// Whose rule ids a directive names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Seaworthy,
    /// A peer's ids (`hadolint`, `kube-linter`, `kube-score`), as the rules' `peers` name the tool.
    Peer(&'static str),
}

/// What one suppression comment or annotation asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub reach: Reach,
    pub tool: Tool,
    /// The ids as written.
    pub ids: Vec<String>,
}

/// A directive found in a source: the span it covers and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub directive: Directive,
    /// The instruction, key, command or object covered; for a file-wide directive, where it was found.
    pub scope: Span,
    /// The comment or annotation itself.
    pub at: Span,
    /// A second span the directive covers: for a comment inside a Dockerfile stage, the stage's `FROM`, where
    /// findings about the whole stage point, so that users can write the comment where they think of it.
    pub stage: Option<Span>,
}

/// Reads one comment's text (after the `#`). `None` when it is not a suppression.
pub fn parse_comment(comment: &str) -> Option<Directive> {
    let text = comment.trim();
    let ids = |list: &str| split_ids(list).map(str::to_owned).collect();
    if let Some(rest) = strip_word(text, "seaworthy") {
        let (reach, list) = match rest.strip_prefix("ignore-file=") {
            Some(list) => (Reach::File, list),
            None => (Reach::Next, rest.strip_prefix("ignore=")?),
        };
        return Some(Directive { reach, tool: Tool::Seaworthy, ids: ids(list) });
    }
    let rest = strip_word(text, "hadolint")?;
    let (reach, list) = match strip_word(rest, "global") {
        Some(after) => (Reach::File, after.strip_prefix("ignore=")?),
        None => (Reach::Next, rest.strip_prefix("ignore=")?),
    };
    Some(Directive { reach, tool: Tool::Peer("hadolint"), ids: ids(list) })
}

fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(word)?;
    let trimmed = rest.trim_start();
    (trimmed.len() < rest.len()).then_some(trimmed)
}

/// The comma-separated ids at the start of `list`; spaces after a comma are allowed, and the list ends at the
/// first other whitespace (so a trailing remark is not read as an id).
fn split_ids(list: &str) -> impl Iterator<Item = &str> {
    let mut end = list.len();
    let mut after_comma = false;
    for (at, c) in list.char_indices() {
        if c == ',' {
            after_comma = true;
        } else if c.is_whitespace() {
            if !after_comma {
                end = at;
                break;
            }
        } else {
            after_comma = false;
        }
    }
    list.get(..end).unwrap_or("").split(',').map(str::trim).filter(|id| !id.is_empty())
}

/// The suppressions in force in one file.
///
/// A file can hold as many directives as findings (one comment above every line), so a lookup must not scan
/// every directive: scopes are grouped by rule id and answered by binary search over an index built on the
/// first lookup.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    file: HashSet<String>,
    scoped: HashMap<String, Vec<Span>>,
    coverage: OnceCell<HashMap<String, Coverage>>,
}

/// The scopes of one rule id: sorted starts with the furthest end reached so far, so "is this offset inside any
/// scope" is one binary search even when scopes nest or overlap.
#[derive(Debug, Clone, Default)]
struct Coverage {
    starts: Vec<usize>,
    furthest_end: Vec<usize>,
    exact: HashSet<Span>,
}

impl Coverage {
    fn new(scopes: &[Span]) -> Self {
        let mut sorted = scopes.to_vec();
        crate::base::order::sort_dedup(&mut sorted);
        let mut furthest = 0;
        let furthest_end = sorted
            .iter()
            .map(|scope| {
                furthest = furthest.max(scope.end);
                furthest
            })
            .collect();
        Self {
            starts: sorted.iter().map(|scope| scope.start).collect(),
            furthest_end,
            exact: scopes.iter().copied().collect(),
        }
    }

    fn covers(&self, span: Span) -> bool {
        let before = self.starts.partition_point(|&start| start <= span.start);
        let inside =
            before.checked_sub(1).and_then(|last| self.furthest_end.get(last)).is_some_and(|&end| span.start < end);
        inside || self.exact.contains(&span)
    }
}

impl Suppressions {
    /// Records that `ids` (Seaworthy rule ids, or [`ALL`]) are suppressed in `scope`, or in the whole file.
    pub fn add(&mut self, reach: Reach, ids: impl IntoIterator<Item = String>, scope: Span) {
        match reach {
            Reach::File => self.file.extend(ids),
            Reach::Next => {
                for id in ids {
                    self.scoped.entry(id).or_default().push(scope);
                }
                self.coverage = OnceCell::new();
            }
        }
    }

    /// The suppressions `declared` asks for, reading every id as a Seaworthy id: what the readers' tests need.
    #[cfg(test)]
    pub(crate) fn literal(declared: &[Declared]) -> Self {
        let mut suppressions = Self::default();
        for found in declared {
            suppressions.add(found.directive.reach, found.directive.ids.clone(), found.scope);
        }
        suppressions
    }

    /// Whether `rule` is suppressed for a diagnostic at `span`: by a file directive, or by a scope that contains
    /// the span's start or equals it (an empty span at a scope's start).
    pub fn suppresses(&self, rule: &str, span: Span) -> bool {
        if self.file.contains(rule) || self.file.contains(ALL) {
            return true;
        }
        let coverage = self
            .coverage
            .get_or_init(|| self.scoped.iter().map(|(id, scopes)| (id.clone(), Coverage::new(scopes))).collect());
        [rule, ALL].iter().any(|id| coverage.get(*id).is_some_and(|scopes| scopes.covers(span)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(reach: Reach, ids: &[&str]) -> Directive {
        Directive { reach, tool: Tool::Seaworthy, ids: ids.iter().map(|id| (*id).to_owned()).collect() }
    }

    #[test]
    fn reads_seaworthy_forms() {
        assert_eq!(
            parse_comment(" seaworthy ignore=root-user, latest-base-image"),
            Some(ours(Reach::Next, &["root-user", "latest-base-image"]))
        );
        assert_eq!(parse_comment("seaworthy ignore-file=sudo-usage"), Some(ours(Reach::File, &["sudo-usage"])));
        assert_eq!(parse_comment("seaworthy is great"), None);
        assert_eq!(parse_comment("seaworthy ignore=a-b because reasons"), Some(ours(Reach::Next, &["a-b"])));
        assert_eq!(parse_comment("seaworthyignore=x"), None);
        assert_eq!(parse_comment("just a comment"), None);
    }

    #[test]
    fn reads_hadolint_forms_with_their_codes() {
        let hadolint = |reach, ids: &[&str]| Directive { tool: Tool::Peer("hadolint"), ..ours(reach, ids) };
        assert_eq!(parse_comment(" hadolint ignore=DL3002,DL3008"), Some(hadolint(Reach::Next, &["DL3002", "DL3008"])));
        assert_eq!(parse_comment("hadolint global ignore=DL3002"), Some(hadolint(Reach::File, &["DL3002"])));
        assert_eq!(parse_comment("hadolint is a linter"), None);
    }

    #[test]
    fn scoped_suppression_covers_only_its_span() {
        let mut suppressions = Suppressions::default();
        suppressions.add(Reach::Next, vec!["root-user".into()], Span::new(10, 20));
        assert!(suppressions.suppresses("root-user", Span::new(12, 14)));
        assert!(!suppressions.suppresses("root-user", Span::new(25, 30)));
        assert!(!suppressions.suppresses("sudo-usage", Span::new(12, 14)));
        suppressions.add(Reach::File, vec!["sudo-usage".into()], Span::default());
        assert!(suppressions.suppresses("sudo-usage", Span::new(99, 100)));
    }

    #[test]
    fn nested_and_overlapping_scopes_and_all() {
        let mut suppressions = Suppressions::default();
        suppressions.add(Reach::Next, vec!["a".into()], Span::new(0, 100));
        suppressions.add(Reach::Next, vec!["a".into()], Span::new(10, 20));
        suppressions.add(Reach::Next, vec!["all".into()], Span::new(200, 210));
        assert!(suppressions.suppresses("a", Span::new(50, 60)));
        assert!(!suppressions.suppresses("a", Span::new(100, 101)));
        assert!(suppressions.suppresses("b", Span::new(205, 206)));
        assert!(!suppressions.suppresses("b", Span::new(50, 60)));
        suppressions.add(Reach::Next, vec!["b".into()], Span::new(300, 300));
        assert!(suppressions.suppresses("b", Span::new(300, 300)));
        assert!(!suppressions.suppresses("b", Span::new(300, 301)));
    }

    #[test]
    fn a_directive_on_every_line_stays_fast() {
        let mut suppressions = Suppressions::default();
        let lines = 50_000;
        for line in 0..lines {
            suppressions.add(Reach::Next, vec!["a".into()], Span::new(line * 10, line * 10 + 5));
        }
        let suppressed =
            (0..lines).filter(|line| suppressions.suppresses("a", Span::new(line * 10 + 2, line * 10 + 3)));
        assert_eq!(suppressed.count(), lines);
        assert!(!suppressions.suppresses("a", Span::new(7, 8)));
    }
}
