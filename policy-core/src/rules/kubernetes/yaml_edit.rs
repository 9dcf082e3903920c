//! Fixes that add or rewrite keys of block-style YAML mappings in place (`securityContext.seccompProfile.type`,
//! `capabilities.drop`), shared by the Pod Security rules. A fix is offered only where the edit is exact: block
//! mappings whose keys start their lines, and objects without anchors, so that no alias shares the edited text.

use crate::base::span::Span;
use crate::lint::kubernetes::ObjectContext;
use crate::lint::{Edit, Fix};
use crate::syntax::yaml::Node;

/// A fix that writes `leaf` at `path` below `root` (for example `securityContext`, `seccompProfile`, `type` and
/// `RuntimeDefault`), adding the missing keys as block entries at the end of the deepest mapping that exists.
/// `None` when the whole path exists already, when a mapping on the way is written in flow style or is empty,
/// or when the object has anchors (aliases need one, so a text without `&` has neither and no alias can share the
/// edited text).
pub(crate) fn insert(ctx: &ObjectContext<'_>, root: &Node, path: &[&str], leaf: &str, title: &str) -> Option<Fix> {
    let text = ctx.object.text;
    if ctx.anchored {
        return None;
    }
    let mut node = root;
    let mut depth = 0;
    while let Some(child) = path.get(depth).and_then(|key| node.get(key)) {
        node = child;
        depth += 1;
    }
    let missing = path.get(depth..).filter(|rest| !rest.is_empty())?;
    let first = node.as_mapping()?.first()?;
    if text.get(node.span.start..)?.starts_with('{') {
        return None;
    }
    let line_start = text.get(..first.key.span.start)?.rfind('\n').map_or(0, |at| at + 1);
    let prefix = text.get(line_start..first.key.span.start)?;
    if !prefix.bytes().all(|byte| byte == b' ' || byte == b'-') {
        return None;
    }
    let indent = prefix.len();
    // After the mapping's last line, comments included.
    let last = text.get(..node.span.end)?.trim_end().len();
    let at = text.get(last..)?.find('\n').map_or(text.len(), |newline| last + newline);
    let mut added = String::new();
    for (level, key) in missing.iter().enumerate() {
        added.push('\n');
        added.extend(std::iter::repeat_n(' ', indent + 2 * level));
        added.push_str(key);
        added.push(':');
        if level + 1 == missing.len() {
            added.push(' ');
            added.push_str(leaf);
        }
    }
    Some(Fix::new(title, vec![Edit { span: Span::at(at), replacement: added }]))
}

/// A fix that writes `to` over a plain scalar value (`Unconfined` → `RuntimeDefault`), when the object has no
/// anchors and the value is written as a plain scalar.
pub(crate) fn replace_scalar(ctx: &ObjectContext<'_>, value: &Node, to: &str, title: &str) -> Option<Fix> {
    let scalar = value.as_scalar()?;
    let literal = scalar.style.is_plain() && scalar.tag.is_none() && value.span.slice(ctx.object.text) == scalar.text;
    (!ctx.anchored && literal).then(|| Fix::replace(title, value.span, to))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::fixed;

    #[test]
    fn inserted_keys_follow_the_mapping_indentation_and_reparse() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27 # pinned\n      securityContext:\n        capabilities:\n          drop: [\"ALL\"]\n";
        let after = fixed("seccomp-unconfined", text);
        assert!(
            after.ends_with("drop: [\"ALL\"]\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n"),
            "{after}"
        );
        let report = crate::check(&[crate::Source::new("p.yaml", after.as_str())], &crate::Config::default());
        assert!(report
            .findings
            .iter()
            .all(|finding| finding.rule != "seccomp-unconfined" && finding.rule != "parse-error"));
    }
}
