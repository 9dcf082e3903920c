//! Turns the directives the readers found into the suppressions in force: Seaworthy ids are checked against the
//! registry (an unknown one is an `unknown-ignored-rule` finding at its comment or annotation), peers' ids are
//! mapped to the Seaworthy rules that list them as peers, and the configuration's `exemptions` are added as
//! directives over the objects they match.

use crate::base::span::Span;
use crate::config::{closest_rule_id, Config};
use crate::lint::Diagnostic;
use crate::model::kubernetes::Bundle;
use crate::rules::{self, input::unknown_ignored_rule};
use crate::syntax::directive::{Declared, Directive, Reach, Suppressions, Tool, ALL};

/// The suppressions `declared` asks for; unknown Seaworthy ids are reported into `diagnostics`.
pub(super) fn resolve(declared: Vec<Declared>, diagnostics: &mut Vec<Diagnostic>) -> Suppressions {
    let mut suppressions = Suppressions::default();
    if declared.is_empty() {
        return suppressions;
    }
    let known = rules::ids();
    for Declared { directive, scope, at, stage } in declared {
        let ids: Vec<String> = match directive.tool {
            Tool::Seaworthy => {
                let (valid, unknown): (Vec<String>, Vec<String>) =
                    directive.ids.into_iter().partition(|id| id == ALL || rules::find(id).is_some());
                diagnostics.extend(unknown.iter().map(|id| unknown_id(id, &known, at)));
                valid
            }
            // A peer's code that no Seaworthy rule implements is not an error: see `unknown-ignored-rule`.
            Tool::Peer(tool) => {
                directive.ids.iter().flat_map(|code| rules::from_peer(tool, code)).map(str::to_owned).collect()
            }
        };
        if let Some(stage) = stage {
            suppressions.add(directive.reach, ids.clone(), stage);
        }
        suppressions.add(directive.reach, ids, scope);
    }
    suppressions
}

fn unknown_id(id: &str, known: &[&str], at: Span) -> Diagnostic {
    let hint = closest_rule_id(id, known).map_or_else(String::new, |near| format!("; did you mean `{near}`?"));
    Diagnostic::new(
        unknown_ignored_rule::RULE.id,
        at,
        format!("the suppression names `{id}`, which is not a Seaworthy rule{hint}"),
        "Correct the id (`seaworthy rules` lists them), or remove it from the suppression.",
    )
}

/// The configuration's `exemptions` as directives over the objects they match: `(source index, directive)`. An
/// object without a namespace is in `default`, where kubectl puts it.
pub(super) fn exemptions(bundle: &Bundle<'_>, config: &Config) -> Vec<(usize, Declared)> {
    let mut found = Vec::new();
    if config.exemptions.is_empty() {
        return found;
    }
    for object in bundle.objects() {
        for exemption in &config.exemptions {
            if exemption.matches(object.kind, Some(object.effective_namespace()), object.name()) {
                let ids = if exemption.rules.is_empty() { vec![ALL.to_owned()] } else { exemption.rules.clone() };
                let directive = Directive { reach: Reach::Next, tool: Tool::Seaworthy, ids };
                found.push((
                    object.source,
                    Declared { directive, scope: object.extent, at: object.extent, stage: None },
                ));
            }
        }
    }
    found
}
