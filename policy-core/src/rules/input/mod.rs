//! Rules about the input itself, whatever its kind: what cannot be parsed or is too large to parse, and
//! suppressions that name no rule. The readers report [`Problem`]s by kind; [`diagnostic`] files each under the
//! rule that owns it, so these ids are written only in their rule files.

pub mod duplicate_key;
pub mod input_too_large;
pub mod not_a_manifest;
pub mod parse_error;
pub mod unknown_ignored_rule;
pub mod unrendered_template;

use crate::base::problem::{Problem, ProblemKind};
use crate::lint::{Diagnostic, Rule};

/// The rule that reports problems of `kind`.
pub fn rule_for(kind: ProblemKind) -> &'static Rule {
    match kind {
        ProblemKind::Syntax => &parse_error::RULE,
        ProblemKind::TooLarge => &input_too_large::RULE,
        ProblemKind::DuplicateKey => &duplicate_key::RULE,
        ProblemKind::UnrenderedTemplate => &unrendered_template::RULE,
        ProblemKind::NotAManifest => &not_a_manifest::RULE,
        // Dockerfile problems that the reader finds but that have a rule of their own, documented with its peers.
        ProblemKind::DuplicateStageName => &super::dockerfile::duplicate_stage_name::RULE,
        ProblemKind::NestedOnbuild => &super::dockerfile::nested_onbuild::RULE,
        ProblemKind::InstructionBeforeFrom => &super::dockerfile::instruction_before_from::RULE,
    }
}

/// A reader's problem as the finding of the rule that owns its kind.
pub fn diagnostic(problem: Problem) -> Diagnostic {
    Diagnostic::new(rule_for(problem.kind).id, problem.span, problem.message, problem.help)
}
