//! Shell script and CI step rules, one per file. Each is `Check::Script(check)` with
//! `fn check(ctx: &script::Context<'_>, out: &mut Vec<Diagnostic>)`, called once per script; spans index
//! `ctx.source`.

pub mod imperative_kubectl;
