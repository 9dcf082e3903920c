//! Suppressions that manifests and the configuration declare about objects.
//!
//! - `seaworthy.dev/ignore: "rule-a,rule-b"` on an object covers its whole document (or List item), pod
//!   template included; `seaworthy.dev/ignore.<container>: "rule"` covers that container only.
//! - kube-linter's `ignore-check.kube-linter.io/<check>` and kube-score's `kube-score/ignore: check-a,check-b`
//!   cover the object for the Seaworthy rules that list those checks as peers (kube-linter's and kube-score's
//!   READMEs document the annotations).
//! - `exemptions` in the configuration match objects by kind, namespace and name; an object without a namespace
//!   is in `default`, where kubectl puts it.
//!
//! `allow-ignore-annotations: false` turns the annotations off (an admission controller must not let a
//! manifest's author waive policy); exemptions, owned by whoever runs the check, stay.

use crate::config::Config;
use crate::span::Span;
use crate::suppress::Directive;

use super::{Bundle, Object};

const IGNORE: &str = "seaworthy.dev/ignore";
const KUBE_LINTER_PREFIX: &str = "ignore-check.kube-linter.io/";
const KUBE_SCORE: &str = "kube-score/ignore";

/// The suppressions every object of the bundle asks for: `(source index, directive, scope)`.
pub(crate) fn suppressions(bundle: &Bundle<'_>, config: &Config) -> Vec<(usize, Directive, Span)> {
    let mut found = Vec::new();
    for object in bundle.objects() {
        if config.allow_ignore_annotations {
            annotations(object, &mut found);
        }
        for exemption in &config.exemptions {
            if exemption.matches(object.kind, Some(object.effective_namespace()), object.name()) {
                let rules = if exemption.rules.is_empty() { vec!["all".to_owned()] } else { exemption.rules.clone() };
                found.push((object.source, Directive::Next(rules), object.extent));
            }
        }
    }
    found
}

fn annotations(object: &Object<'_>, found: &mut Vec<(usize, Directive, Span)>) {
    for entry in object.metadata.annotation_entries() {
        let (Some(key), Some(value)) = (entry.key_str(), entry.value.as_str()) else { continue };
        let list = || value.split(',').map(str::trim).filter(|id| !id.is_empty());
        if key == IGNORE {
            found.push((object.source, Directive::Next(list().map(str::to_owned).collect()), object.extent));
        } else if let Some(container) = key.strip_prefix(IGNORE).and_then(|rest| rest.strip_prefix('.')) {
            let ids: Vec<String> = list().map(str::to_owned).collect();
            let Some(template) = object.pod_template() else { continue };
            for target in template.containers().filter(|candidate| candidate.name() == Some(container)) {
                found.push((object.source, Directive::Next(ids.clone()), target.item_span()));
            }
        } else if let Some(check) = key.strip_prefix(KUBE_LINTER_PREFIX) {
            let ids = crate::rules::from_peer("kube-linter", check).map(str::to_owned).collect();
            found.push((object.source, Directive::Next(ids), object.extent));
        } else if key == KUBE_SCORE {
            let ids =
                list().flat_map(|check| crate::rules::from_peer("kube-score", check)).map(str::to_owned).collect();
            found.push((object.source, Directive::Next(ids), object.extent));
        }
    }
}
