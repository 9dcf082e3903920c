//! Suppressions that manifests declare about their objects, read from annotations.
//!
//! - `seaworthy.dev/ignore: "rule-a,rule-b"` on an object covers its whole document (or List item), pod
//!   template included; `seaworthy.dev/ignore.<container>: "rule"` covers that container only.
//! - kube-linter's `ignore-check.kube-linter.io/<check>` and kube-score's `kube-score/ignore: check-a,check-b`
//!   cover the object; they name those tools' checks, which the engine maps to the Seaworthy rules that list them
//!   as peers (kube-linter's and kube-score's READMEs document the annotations).
//!
//! Whether annotations may suppress at all (`allow-ignore-annotations`) and the configuration's `exemptions` are
//! the engine's business: this layer only reads what the objects say.

use crate::syntax::directive::{Declared, Directive, Reach, Tool};

use super::{Bundle, Object};

const IGNORE: &str = "seaworthy.dev/ignore";
const KUBE_LINTER_PREFIX: &str = "ignore-check.kube-linter.io/";
const KUBE_SCORE: &str = "kube-score/ignore";

/// The suppressions every object of the bundle declares: `(source index, directive)`.
pub fn directives(bundle: &Bundle<'_>) -> Vec<(usize, Declared)> {
    let mut found = Vec::new();
    for object in bundle.objects() {
        annotations(object, &mut found);
    }
    found
}

fn annotations(object: &Object<'_>, found: &mut Vec<(usize, Declared)>) {
    for entry in object.metadata.annotation_entries() {
        let (Some(key), Some(value)) = (entry.key_str(), entry.value.as_str()) else { continue };
        let list = || value.split(',').map(str::trim).filter(|id| !id.is_empty()).map(str::to_owned).collect();
        let mut declare = |tool, ids, scope| {
            let directive = Directive { reach: Reach::Next, tool, ids };
            found.push((object.source, Declared { directive, scope, at: entry.value.span, stage: None }));
        };
        if key == IGNORE {
            declare(Tool::Seaworthy, list(), object.extent);
        } else if let Some(container) = key.strip_prefix(IGNORE).and_then(|rest| rest.strip_prefix('.')) {
            let Some(template) = object.pod_template() else { continue };
            for target in template.containers().filter(|candidate| candidate.name() == Some(container)) {
                declare(Tool::Seaworthy, list(), target.item_span());
            }
        } else if let Some(check) = key.strip_prefix(KUBE_LINTER_PREFIX) {
            declare(Tool::Peer("kube-linter"), vec![check.to_owned()], object.extent);
        } else if key == KUBE_SCORE {
            declare(Tool::Peer("kube-score"), list(), object.extent);
        }
    }
}
