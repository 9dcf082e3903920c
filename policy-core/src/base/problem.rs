//! What the readers find wrong with their input, before any rule is involved.
//!
//! Parsers and models report problems by what went wrong, not by rule id: the engine files each under the input
//! rule that owns that kind (`parse-error`, `input-too-large`, ...), so ids live only in their rule files.

use crate::base::span::Span;

/// What kind of trouble a reader ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The text cannot be read as the format it claims to be.
    Syntax,
    /// The input is over one of the configured limits; the rest of it was not read.
    TooLarge,
    /// A YAML mapping repeats a key.
    DuplicateKey,
    /// The text still holds template placeholders (`{{ ... }}`).
    UnrenderedTemplate,
    /// A YAML document is not a Kubernetes object.
    NotAManifest,
    /// Two Dockerfile stages have the same name (`FROM ... AS build` twice, compared without case).
    DuplicateStageName,
    /// `ONBUILD` triggers `ONBUILD`, `FROM` or `MAINTAINER`, which BuildKit refuses.
    NestedOnbuild,
    /// A Dockerfile instruction other than `ARG` comes before the first `FROM`.
    InstructionBeforeFrom,
}

/// One problem: what is wrong and what to do, at a byte span of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
    pub message: String,
    pub help: String,
}

impl Problem {
    pub fn new(kind: ProblemKind, span: Span, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self { kind, span, message: message.into(), help: help.into() }
    }
}
