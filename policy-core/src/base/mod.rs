//! The bottom layer: byte spans and line positions, sources and their kinds, severities, fixes, limits, the
//! problems readers report, and the one stable sort. Everything else in policy-core builds on these; nothing here
//! imports from another layer.

pub mod fix;
pub mod limits;
pub mod order;
pub mod problem;
pub mod severity;
pub mod source;
pub mod span;
