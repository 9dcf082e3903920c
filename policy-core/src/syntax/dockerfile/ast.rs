//! The tree a parsed Dockerfile becomes: stages, instructions, flags, arguments, heredocs, comments.
//!
//! Every piece keeps a byte [`Span`] into the source handed to [`super::parse`]. Values that BuildKit expands
//! (`FROM`, `ENV`, `ARG`, `USER`, `WORKDIR`, `EXPOSE`, `COPY`/`ADD` paths, ...) are stored both as written and
//! expanded, with a `known` flag that is false when the expansion depends on a variable without a value (a build
//! argument with no default, or a variable the base image may set), so rules can stay silent rather than guess.
//! The semantics follow BuildKit's `frontend/dockerfile/parser` and `instructions` packages.

use std::ops::Range;

use crate::base::span::Span;
use crate::syntax::image::ImageRef;

pub use super::expand::{Expanded, Vars};
pub use crate::syntax::shell::{Command, ShellText};

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`) at the top of the file, in order.
    pub directives: Vec<ParserDirective>,
    /// The escape character in effect: `\` unless `# escape=`` ` `` chose the backtick.
    pub escape: char,
    /// Every instruction in source order, including the global `ARG`s before the first `FROM` and unknown
    /// instructions (keyword [`Keyword::Unknown`]). `ONBUILD`'s inner instruction is nested, not listed here.
    pub instructions: Vec<Instruction>,
    /// The build stages, one per `FROM`, in order.
    pub stages: Vec<Stage>,
    /// Every comment line (including suppression comments, excluding parser directives), in order.
    pub comments: Vec<Comment>,
}

impl Dockerfile {
    /// The last stage: the one a plain `docker build` produces.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The instructions of `stage`, starting with its `FROM`.
    pub fn stage_instructions(&self, stage: &Stage) -> &[Instruction] {
        self.instructions.get(stage.instructions.clone()).unwrap_or(&[])
    }

    /// The global `ARG`s: those before the first `FROM`.
    pub fn global_args(&self) -> impl Iterator<Item = &Instruction> {
        self.instructions.iter().take_while(|i| i.keyword != Keyword::From).filter(|i| i.keyword == Keyword::Arg)
    }

    /// The stage called `name` (compared case-insensitively, as BuildKit does).
    pub fn stage_named(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|stage| stage.name.as_ref().is_some_and(|n| n.value.eq_ignore_ascii_case(name)))
    }

    /// The stage a `COPY --from=` / `RUN --mount=from=` value refers to: a stage name or a stage index.
    /// `None` when it names an image instead.
    pub fn stage_ref(&self, reference: &str) -> Option<&Stage> {
        match reference.parse::<usize>() {
            Ok(index) => self.stages.get(index),
            Err(_) => self.stage_named(reference),
        }
    }

    /// The variables in effect at instruction `index` (an index into [`Dockerfile::instructions`]): the global
    /// `ARG`s before it for instructions before the first `FROM` and for every `FROM`; inside a stage, the `ENV`s
    /// inherited from a base stage, then the stage's own `ARG`s and `ENV`s declared before `index`. Costs a walk
    /// over the stage and its base stages.
    pub fn vars_at(&self, index: usize) -> Vars {
        super::expand::vars_at(self, index)
    }
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParserDirective {
    /// Lower-cased: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    /// The whole comment line.
    pub span: Span,
    pub value_span: Span,
}

/// A comment line: `#` as the first non-blank character of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The text after `#`, trimmed.
    pub text: String,
    /// From `#` to the end of the line (without the line break).
    pub span: Span,
}

/// One build stage: a `FROM` and the instructions up to the next `FROM`.
#[derive(Debug, Clone)]
pub struct Stage {
    /// 0-based position among the stages.
    pub index: usize,
    /// Index of the `FROM` in [`Dockerfile::instructions`].
    pub from: usize,
    /// Indexes of the stage's instructions in [`Dockerfile::instructions`], `FROM` first.
    pub instructions: Range<usize>,
    /// The base image token as written and expanded against the global `ARG`s (with their defaults).
    pub base: Token,
    /// `--platform` of the `FROM`, expanded against the global `ARG`s (`$BUILDPLATFORM` and friends are unknown).
    pub platform: Option<Token>,
    /// `AS name`: `value` is lower-cased as BuildKit does, `raw` is as written.
    pub name: Option<Token>,
    /// The earlier stage this one builds on, when the base names one (`FROM build`).
    pub base_stage: Option<usize>,
    /// The base is `scratch` (the empty image).
    pub scratch: bool,
}

impl Stage {
    /// The image the stage starts from, read from the expanded base. `None` for `scratch`, a base stage, or a
    /// base that depends on a build argument without a value: rules stay silent rather than guess.
    pub fn image(&self) -> Option<ImageRef<'_>> {
        if self.scratch || self.base_stage.is_some() || !self.base.known {
            return None;
        }
        ImageRef::parse(&self.base.value).filter(|image| !image.is_symbolic())
    }

    /// The source span of a part of the base (a range of [`Stage::image`]'s text), when the base was written
    /// without variables, so that expanded and written text are the same.
    pub fn base_span(&self, part: Range<usize>) -> Option<Span> {
        let literal = self.base.raw == self.base.value && self.base.span.len() == self.base.raw.len();
        (literal && part.end <= self.base.raw.len())
            .then(|| Span::new(self.base.span.start + part.start, self.base.span.start + part.end))
    }

    /// The stage's name, or its index as text: what BuildKit and messages call it.
    pub fn label(&self) -> String {
        self.name.as_ref().map_or_else(|| self.index.to_string(), |name| name.value.clone())
    }
}

/// An instruction keyword. Matching is case-insensitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Not an instruction BuildKit knows; the parser reports a `parse-error` and keeps the instruction.
    Unknown,
}

impl Keyword {
    /// The keyword for `word`, ignoring case.
    pub fn parse(word: &str) -> Self {
        const ALL: [(&str, Keyword); 18] = [
            ("ADD", Keyword::Add),
            ("ARG", Keyword::Arg),
            ("CMD", Keyword::Cmd),
            ("COPY", Keyword::Copy),
            ("ENTRYPOINT", Keyword::Entrypoint),
            ("ENV", Keyword::Env),
            ("EXPOSE", Keyword::Expose),
            ("FROM", Keyword::From),
            ("HEALTHCHECK", Keyword::Healthcheck),
            ("LABEL", Keyword::Label),
            ("MAINTAINER", Keyword::Maintainer),
            ("ONBUILD", Keyword::Onbuild),
            ("RUN", Keyword::Run),
            ("SHELL", Keyword::Shell),
            ("STOPSIGNAL", Keyword::Stopsignal),
            ("USER", Keyword::User),
            ("VOLUME", Keyword::Volume),
            ("WORKDIR", Keyword::Workdir),
        ];
        ALL.iter().find(|(name, _)| name.eq_ignore_ascii_case(word)).map_or(Self::Unknown, |(_, keyword)| *keyword)
    }

    /// Upper case, as in documentation (`"UNKNOWN"` for [`Keyword::Unknown`]).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Add => "ADD",
            Self::Arg => "ARG",
            Self::Cmd => "CMD",
            Self::Copy => "COPY",
            Self::Entrypoint => "ENTRYPOINT",
            Self::Env => "ENV",
            Self::Expose => "EXPOSE",
            Self::From => "FROM",
            Self::Healthcheck => "HEALTHCHECK",
            Self::Label => "LABEL",
            Self::Maintainer => "MAINTAINER",
            Self::Onbuild => "ONBUILD",
            Self::Run => "RUN",
            Self::Shell => "SHELL",
            Self::Stopsignal => "STOPSIGNAL",
            Self::User => "USER",
            Self::Volume => "VOLUME",
            Self::Workdir => "WORKDIR",
            Self::Unknown => "UNKNOWN",
        }
    }

    /// Instructions whose arguments may be written as a JSON array.
    pub const fn takes_json(self) -> bool {
        matches!(self, Self::Run | Self::Cmd | Self::Entrypoint | Self::Shell | Self::Copy | Self::Add | Self::Volume)
    }

    /// Instructions that BuildKit rejects without arguments and whose other checks do not already say so.
    pub const fn needs_arguments(self) -> bool {
        matches!(
            self,
            Self::Arg | Self::Expose | Self::Run | Self::Stopsignal | Self::User | Self::Volume | Self::Workdir
        )
    }

    /// Instructions that may carry heredocs (BuildKit: `RUN`, `COPY`, `ADD`).
    pub const fn takes_heredocs(self) -> bool {
        matches!(self, Self::Run | Self::Copy | Self::Add)
    }
}

/// One instruction, possibly over several physical lines.
#[derive(Debug, Clone)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written.
    pub keyword_span: Span,
    /// All physical lines of the instruction: from the keyword to the end of its last line or heredoc
    /// terminator (line breaks and trailing comment lines excluded).
    pub span: Span,
    /// The stage the instruction belongs to; `None` before the first `FROM`. For `ONBUILD`'s inner instruction,
    /// the stage of the `ONBUILD`.
    pub stage: Option<usize>,
    /// `--name[=value]` words at the start of the arguments, as BuildKit extracts them for every instruction.
    pub flags: Vec<Flag>,
    /// The arguments after the flags.
    pub args: Args,
    /// Heredocs opened on the instruction line (`RUN`, `COPY`, `ADD` only), in order.
    pub heredocs: Vec<Heredoc>,
    /// What the arguments mean for this keyword.
    pub details: Details,
}

impl Instruction {
    /// The first flag called `name` (without `--`).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.name == name)
    }

    /// Every flag called `name` (`--mount` may repeat).
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |flag| flag.name == name)
    }

    /// The arguments in JSON (exec) form.
    pub fn is_exec_form(&self) -> bool {
        matches!(self.args, Args::Exec(_))
    }

    /// The arguments' text, when in shell form.
    pub fn shell_text(&self) -> Option<&ShellText> {
        match &self.args {
            Args::Shell(text) => Some(text),
            Args::Exec(_) => None,
        }
    }

    /// The arguments' elements, when in exec form.
    pub fn exec_args(&self) -> Option<&[Token]> {
        match &self.args {
            Args::Exec(words) => Some(words),
            Args::Shell(_) => None,
        }
    }

    /// `ENV`, `ARG` or `LABEL` pairs; empty for other instructions.
    pub fn pairs(&self) -> &[Pair] {
        match &self.details {
            Details::Env(pairs) | Details::Arg(pairs) | Details::Label(pairs) => pairs,
            _ => &[],
        }
    }

    pub fn user(&self) -> Option<&User> {
        match &self.details {
            Details::User(user) => Some(user),
            _ => None,
        }
    }

    /// `EXPOSE` ports; empty for other instructions.
    pub fn ports(&self) -> &[Port] {
        match &self.details {
            Details::Expose(ports) => ports,
            _ => &[],
        }
    }

    /// The `WORKDIR` path, resolved against the stage's variables.
    pub fn workdir(&self) -> Option<&Token> {
        match &self.details {
            Details::Workdir(path) => Some(path),
            _ => None,
        }
    }

    /// `COPY` / `ADD` sources and destination.
    pub fn copy(&self) -> Option<&CopyArgs> {
        match &self.details {
            Details::Copy(copy) => Some(copy),
            _ => None,
        }
    }

    /// `ONBUILD`'s inner instruction.
    pub fn onbuild(&self) -> Option<&Instruction> {
        match &self.details {
            Details::Onbuild(inner) => Some(inner),
            _ => None,
        }
    }

    /// The shell commands this instruction runs: for a shell-form `RUN`, its text split into commands, then
    /// the commands of each heredoc body that a shell interprets (see [`Heredoc::is_shell`]). Spans point into
    /// the source, heredoc commands at their body lines. Empty for exec form and other instructions.
    pub fn commands(&self) -> Vec<Command> {
        super::commands_of(self)
    }
}

/// `--name` or `--name=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// Without the leading `--`.
    pub name: String,
    /// With quotes and escapes removed, not expanded.
    pub value: Option<String>,
    /// The whole `--name=value` word.
    pub span: Span,
    pub name_span: Span,
    /// The value after `=`.
    pub value_span: Option<Span>,
}

impl Flag {
    /// The comma-separated `key=value` options of the value (as in `--mount=type=cache,target=/var/lib/apt`).
    /// Keys are lower-cased; an option without `=` has no value. Double-quoted fields may hold commas.
    pub fn options(&self) -> Vec<(String, Option<String>)> {
        super::flag_options(self.value.as_deref().unwrap_or(""))
    }

    /// The value of option `key` (case-insensitive) in [`Flag::options`].
    pub fn option(&self, key: &str) -> Option<String> {
        self.options().into_iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).and_then(|(_, v)| v)
    }
}

/// An instruction's arguments after its flags.
#[derive(Debug, Clone)]
pub enum Args {
    /// The logical text (continuations joined, `\r` dropped), mappable back to the source.
    Shell(ShellText),
    /// A JSON array of strings; each element decoded, spanning its quoted string in the source.
    Exec(Vec<Token>),
}

/// A piece of an instruction with its source span, as written and as BuildKit reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Token {
    /// The text as written (quotes and escapes kept; continuations joined).
    pub raw: String,
    /// Quotes and escapes removed and variables expanded where BuildKit expands them. A variable without a
    /// value stays as written.
    pub value: String,
    /// False when `value` depends on a variable without a known value.
    pub known: bool,
    pub span: Span,
}

/// A heredoc: `<<EOF` on the instruction line and the lines up to the terminator.
#[derive(Debug, Clone)]
pub struct Heredoc {
    /// The terminator word, quotes removed.
    pub delimiter: String,
    /// The `<<EOF` / `<<-"EOF"` word on the instruction line.
    pub opener_span: Span,
    /// Some part of the delimiter was quoted, so the body is not expanded.
    pub quoted: bool,
    /// `<<-`: leading tabs are stripped from body lines and from the terminator.
    pub strip_tabs: bool,
    /// A file descriptor written before `<<` (`3<<EOF`), if any.
    pub fd: Option<u32>,
    /// The body: lines after the instruction up to the terminator, each ending in `\n` (but a last line at the
    /// end of the file without one), leading tabs stripped for `<<-`, `\r` dropped. Map offsets with
    /// [`ShellText::span`].
    pub body: ShellText,
    /// The body lines in the source (without the terminator line); empty at the body's start when empty. An
    /// unterminated heredoc (a `parse-error`) ends before the next line that starts with an instruction keyword.
    pub body_span: Span,
    /// A shell runs the body: a `RUN` heredoc that is the whole command or is fed to `sh`/`bash`/..., and whose
    /// body has no non-shell `#!` line.
    pub is_shell: bool,
}

/// What an instruction's arguments mean, per keyword.
#[derive(Debug, Clone)]
pub enum Details {
    /// Instructions with nothing more to say than their [`Args`] (`RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, unknown).
    None,
    /// `FROM`: see the [`Stage`] it opens.
    From,
    Env(Vec<Pair>),
    Arg(Vec<Pair>),
    Label(Vec<Pair>),
    User(User),
    Expose(Vec<Port>),
    Workdir(Token),
    /// `COPY` and `ADD`.
    Copy(CopyArgs),
    Volume(Vec<Token>),
    Stopsignal(Token),
    Maintainer(Token),
    Healthcheck(Healthcheck),
    /// `ONBUILD`: the inner instruction, parsed as if it stood alone (in the same stage).
    Onbuild(Box<Instruction>),
}

/// `NAME=value` in `ENV`/`ARG`/`LABEL`, or `NAME value` in legacy `ENV`, or a bare `ARG NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// As written (quotes removed for `LABEL` keys).
    pub name: String,
    pub name_span: Span,
    /// `None` for `ARG NAME` without a default. For `ENV`, expanded against the variables before the
    /// instruction (BuildKit expands all pairs of one `ENV` with the same earlier environment).
    pub value: Option<Token>,
    /// The whole `NAME=value` word.
    pub span: Span,
}

/// `USER user[:group]`, resolved against the stage's `ARG`s and `ENV`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The whole argument.
    pub token: Token,
    /// The user part of the resolved value (name or numeric id).
    pub user: String,
    pub group: Option<String>,
    /// Source span of the user part when written without variables or quotes, else the whole argument.
    pub user_span: Span,
    /// Source span of the group part, same caveat.
    pub group_span: Option<Span>,
}

impl User {
    /// The resolution did not depend on unknown variables.
    pub fn known(&self) -> bool {
        self.token.known
    }
}

/// One `EXPOSE` item: `80`, `22/tcp`, `53/udp`, `8000-8010`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    pub token: Token,
    /// The first port of the item, when the value is a number (or range) in `0..=65535`.
    pub start: Option<u16>,
    /// The last port (equal to `start` unless a range).
    pub end: Option<u16>,
    /// Lower-cased; `tcp` when not written.
    pub protocol: String,
}

/// `COPY`/`ADD` sources and destination (the last word), in shell or JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CopyArgs {
    /// Heredoc sources appear as their `<<EOF` word.
    pub sources: Vec<Token>,
    pub dest: Option<Token>,
}

/// `HEALTHCHECK NONE` or `HEALTHCHECK [flags] CMD ...`.
#[derive(Debug, Clone)]
pub struct Healthcheck {
    /// `HEALTHCHECK NONE`.
    pub none: bool,
    /// The command after `CMD`.
    pub cmd: Option<Args>,
}
