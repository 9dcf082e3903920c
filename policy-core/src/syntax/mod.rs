//! The readers: text in, trees and comment directives out. Each knows its format's grammar and nothing of
//! configuration, rules or the registry: Dockerfiles, YAML, shell text, shell scripts and CI files, image
//! references, and suppression comments.

pub mod directive;
pub mod dockerfile;
pub mod image;
pub mod script;
pub mod shell;
pub mod yaml;
