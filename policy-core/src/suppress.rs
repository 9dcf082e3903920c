//! Suppression comments, shared by every input kind that has `#` comments.
//!
//! Seaworthy's own forms are `# seaworthy ignore=rule-a,rule-b` (the next instruction or key) and
//! `# seaworthy ignore-file=rule-a` (the whole file). hadolint's `# hadolint ignore=DL3002` and
//! `# hadolint global ignore=DL3002` are honoured for the rules whose docs map them (see hadolint's README,
//! "Ignoring rules"); unmapped codes are skipped.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use crate::span::Span;

/// The id that stands for every rule in a directive.
const ALL: &str = "all";

/// What one suppression comment asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// Ignore these Seaworthy rule ids on the next instruction or key.
    Next(Vec<String>),
    /// Ignore these Seaworthy rule ids in the whole file.
    File(Vec<String>),
}

/// Reads one comment's text (after the `#`). `None` when it is not a suppression.
pub fn parse_comment(comment: &str) -> Option<Directive> {
    let text = comment.trim();
    if let Some(rest) = strip_word(text, "seaworthy") {
        if let Some(list) = rest.strip_prefix("ignore-file=") {
            return Some(Directive::File(split_ids(list).map(str::to_owned).collect()));
        }
        if let Some(list) = rest.strip_prefix("ignore=") {
            return Some(Directive::Next(split_ids(list).map(str::to_owned).collect()));
        }
        return None;
    }
    let rest = strip_word(text, "hadolint")?;
    let (global, list) = match strip_word(rest, "global") {
        Some(after) => (true, after.strip_prefix("ignore=")?),
        None => (false, rest.strip_prefix("ignore=")?),
    };
    let ids = split_ids(list).flat_map(|code| crate::rules::from_peer("hadolint", code)).map(str::to_owned).collect();
    Some(if global { Directive::File(ids) } else { Directive::Next(ids) })
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
        crate::order::sort_dedup(&mut sorted);
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
    /// Records a directive; `scope` is the span of the instruction or key it precedes.
    pub fn add(&mut self, directive: Directive, scope: Span) {
        match directive {
            Directive::File(ids) => self.file.extend(ids),
            Directive::Next(ids) => {
                for id in ids {
                    self.scoped.entry(id).or_default().push(scope);
                }
                self.coverage = OnceCell::new();
            }
        }
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

    #[test]
    fn reads_seaworthy_forms() {
        assert_eq!(
            parse_comment(" seaworthy ignore=root-user, latest-base-image"),
            Some(Directive::Next(vec!["root-user".into(), "latest-base-image".into()]))
        );
        assert_eq!(parse_comment("seaworthy ignore-file=sudo-usage"), Some(Directive::File(vec!["sudo-usage".into()])));
        assert_eq!(parse_comment("seaworthy is great"), None);
        assert_eq!(parse_comment("seaworthy ignore=a-b because reasons"), Some(Directive::Next(vec!["a-b".into()])));
        assert_eq!(parse_comment("seaworthyignore=x"), None);
        assert_eq!(parse_comment("just a comment"), None);
    }

    #[test]
    fn scoped_suppression_covers_only_its_span() {
        let mut suppressions = Suppressions::default();
        suppressions.add(Directive::Next(vec!["root-user".into()]), Span::new(10, 20));
        assert!(suppressions.suppresses("root-user", Span::new(12, 14)));
        assert!(!suppressions.suppresses("root-user", Span::new(25, 30)));
        assert!(!suppressions.suppresses("sudo-usage", Span::new(12, 14)));
        suppressions.add(Directive::File(vec!["sudo-usage".into()]), Span::default());
        assert!(suppressions.suppresses("sudo-usage", Span::new(99, 100)));
    }

    #[test]
    fn nested_and_overlapping_scopes_and_all() {
        let mut suppressions = Suppressions::default();
        suppressions.add(Directive::Next(vec!["a".into()]), Span::new(0, 100));
        suppressions.add(Directive::Next(vec!["a".into()]), Span::new(10, 20));
        suppressions.add(Directive::Next(vec!["all".into()]), Span::new(200, 210));
        assert!(suppressions.suppresses("a", Span::new(50, 60)));
        assert!(!suppressions.suppresses("a", Span::new(100, 101)));
        assert!(suppressions.suppresses("b", Span::new(205, 206)));
        assert!(!suppressions.suppresses("b", Span::new(50, 60)));
        suppressions.add(Directive::Next(vec!["b".into()]), Span::new(300, 300));
        assert!(suppressions.suppresses("b", Span::new(300, 300)));
        assert!(!suppressions.suppresses("b", Span::new(300, 301)));
    }

    #[test]
    fn a_directive_on_every_line_stays_fast() {
        let mut suppressions = Suppressions::default();
        let lines = 50_000;
        for line in 0..lines {
            suppressions.add(Directive::Next(vec!["a".into()]), Span::new(line * 10, line * 10 + 5));
        }
        let suppressed =
            (0..lines).filter(|line| suppressions.suppresses("a", Span::new(line * 10 + 2, line * 10 + 3)));
        assert_eq!(suppressed.count(), lines);
        assert!(!suppressions.suppresses("a", Span::new(7, 8)));
    }
}
