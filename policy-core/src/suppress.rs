//! Suppression comments, shared by every input kind that has `#` comments.
//!
//! Seaworthy's own forms are `# seaworthy ignore=rule-a,rule-b` (the next instruction or key) and
//! `# seaworthy ignore-file=rule-a` (the whole file). hadolint's `# hadolint ignore=DL3002` and
//! `# hadolint global ignore=DL3002` are honoured for the rules whose docs map them (see hadolint's README,
//! "Ignoring rules"); unmapped codes are skipped.

use crate::span::Span;

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressions {
    file: Vec<String>,
    scoped: Vec<(Span, Vec<String>)>,
}

impl Suppressions {
    /// Records a directive; `scope` is the span of the instruction or key it precedes.
    pub fn add(&mut self, directive: Directive, scope: Span) {
        match directive {
            Directive::File(ids) => self.file.extend(ids),
            Directive::Next(ids) => self.scoped.push((scope, ids)),
        }
    }

    pub fn suppresses(&self, rule: &str, span: Span) -> bool {
        let matches = |id: &String| id == rule || id == "all";
        self.file.iter().any(matches)
            || self
                .scoped
                .iter()
                .any(|(scope, ids)| (scope.contains(span.start) || *scope == span) && ids.iter().any(matches))
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
}
