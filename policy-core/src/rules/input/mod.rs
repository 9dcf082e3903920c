//! Rules about the input itself, whatever its kind: what cannot be parsed or is too large to parse.

pub mod duplicate_key;
pub mod input_too_large;
pub mod not_a_manifest;
pub mod parse_error;
pub mod unrendered_template;
