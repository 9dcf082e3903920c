//! Rules about the input itself, whatever its kind: what cannot be parsed or is too large to parse.

pub mod parse_error;
