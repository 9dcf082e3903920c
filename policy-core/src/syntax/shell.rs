//! POSIX shell text split into simple commands, for `RUN` lines, `RUN` heredoc bodies and (later) shell scripts
//! and CI `run:` steps.
//!
//! This module knows nothing of Dockerfiles: it takes a [`ShellText`] (a text plus the map from its offsets back
//! to the source it came from) and returns [`Command`]s whose words carry source spans. It is a linter's reading
//! of the shell grammar (POSIX "Shell Command Language", section 2), not an interpreter: quotes, escapes,
//! comments, operators and redirections are honoured; `$(...)`, backticks and `${...}` stay opaque inside words,
//! and [`substitutions`] hands back the text of each command substitution for a caller to split in turn.

use crate::base::span::Span;

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

    /// The sub-text `range` (clamped), keeping its map to the source.
    #[must_use]
    pub fn slice(&self, range: std::ops::Range<usize>) -> Self {
        let end = range.end.min(self.text.len());
        let start = range.start.min(end);
        let mut out = Self::default();
        let first = self.pieces.partition_point(|&(text_start, _)| text_start <= start).saturating_sub(1);
        for (at, &(text_start, source_start)) in self.pieces.iter().enumerate().skip(first) {
            let piece_end = self.pieces.get(at + 1).map_or(self.text.len(), |&(next, _)| next);
            let from = text_start.max(start);
            let to = piece_end.min(end);
            if from >= end {
                break;
            }
            if let Some(piece) = self.text.get(from..to) {
                out.push(piece, source_start + (from - text_start));
            }
        }
        if out.pieces.is_empty() {
            // An empty slice still knows where it is, so its span points at the right place.
            out.pieces.push((0, self.to_source(start)));
        }
        out
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

/// Words that may come before a program without being it: reserved words that open or continue a compound
/// command, and `!`.
const RESERVED_PREFIXES: [&str; 13] =
    ["!", "{", "}", "(", "if", "then", "else", "elif", "do", "while", "until", "fi", "done"];

/// Words that start a command whose words are not a program and its arguments.
const HEADERS: [&str; 5] = ["for", "case", "select", "function", "esac"];

/// Wrappers that run the rest of the words as a command, with options that take no value.
const WRAPPERS: [&str; 5] = ["exec", "command", "nohup", "time", "builtin"];

/// `sudo` options that take a value in the next word (sudo(8)).
const SUDO_SHORT_WITH_VALUE: &[u8] = b"CDghprtTUu";
const SUDO_LONG_WITH_VALUE: [&str; 11] = [
    "chdir",
    "close-from",
    "command-timeout",
    "chroot",
    "group",
    "host",
    "other-user",
    "prompt",
    "role",
    "type",
    "user",
];

/// Splits `text` into simple commands, each joined to the next by its [`Command::operator`].
pub fn split(text: &ShellText) -> Vec<Command> {
    let mut lexer = Lexer::new(text);
    lexer.run();
    let mut commands = lexer.commands;
    if let Some(last) = commands.last_mut() {
        if matches!(last.operator, Some(Operator::Newline | Operator::Semicolon)) {
            last.operator = None;
        }
    }
    commands
}

/// The bodies of the command substitutions (`$(...)` and `` `...` ``) in `text`, outermost only, each keeping its
/// map to the source; splitting a body finds the commands it runs, and its own substitutions in turn. Arithmetic
/// `$((...))` is not a command.
pub fn substitutions(text: &ShellText) -> Vec<ShellText> {
    let mut lexer = Lexer::new(text);
    lexer.run();
    lexer.substitutions.into_iter().map(|range| text.slice(range)).collect()
}

/// A word being read: its value and where it started.
#[derive(Debug, Default)]
struct Partial {
    value: Vec<u8>,
    start: usize,
    quoted: bool,
    dynamic: bool,
}

/// A heredoc whose body starts after the current line.
#[derive(Debug)]
struct PendingHeredoc {
    delimiter: String,
    strip_tabs: bool,
}

struct Lexer<'t> {
    source: &'t ShellText,
    bytes: &'t [u8],
    pos: usize,
    words: Vec<Word>,
    redirects: Vec<Redirect>,
    commands: Vec<Command>,
    heredocs: Vec<PendingHeredoc>,
    /// Text ranges of the bodies of `$(...)` and backtick substitutions, in order.
    substitutions: Vec<std::ops::Range<usize>>,
    /// How many `case ... in` are open.
    cases: usize,
    /// At the start of a `case` item, where `a|b)` is a pattern list, not a pipeline.
    in_pattern: bool,
}

impl<'t> Lexer<'t> {
    fn new(source: &'t ShellText) -> Self {
        Self {
            source,
            bytes: source.as_str().as_bytes(),
            pos: 0,
            words: Vec::new(),
            redirects: Vec::new(),
            commands: Vec::new(),
            heredocs: Vec::new(),
            substitutions: Vec::new(),
            cases: 0,
            in_pattern: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn run(&mut self) {
        while let Some(byte) = self.peek() {
            if self.in_pattern {
                self.case_pattern();
                continue;
            }
            match byte {
                // Subshell parentheses group commands without being words.
                b' ' | b'\t' | b'\r' | b'(' | b')' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.end_command(Operator::Newline);
                    self.skip_heredoc_bodies();
                }
                b'#' => self.skip_comment(),
                b'\\' if self.peek_at(1) == Some(b'\n') => self.pos += 2,
                b'&' if self.peek_at(1) == Some(b'&') => self.operator(2, Operator::And),
                b'|' if self.peek_at(1) == Some(b'|') => self.operator(2, Operator::Or),
                b'|' if self.peek_at(1) == Some(b'&') => self.operator(2, Operator::Pipe),
                b'|' => self.operator(1, Operator::Pipe),
                // `;;`, `;&` and `;;&` end a `case` item; the next item starts with its patterns.
                b';' if matches!(self.peek_at(1), Some(b';' | b'&')) => {
                    let len = if self.peek_at(1) == Some(b';') && self.peek_at(2) == Some(b'&') { 3 } else { 2 };
                    self.operator(len, Operator::Semicolon);
                    self.in_pattern = self.cases > 0;
                }
                b';' => self.operator(1, Operator::Semicolon),
                b'&' if self.peek_at(1) == Some(b'>') => self.redirect(self.pos),
                b'&' => self.operator(1, Operator::Background),
                b'<' | b'>' => self.redirect(self.pos),
                _ => {
                    let word = self.word();
                    let is_fd = !word.quoted
                        && !word.value.is_empty()
                        && word.value.iter().all(u8::is_ascii_digit)
                        && matches!(self.peek(), Some(b'<' | b'>'))
                        && word.start + word.value.len() == self.pos;
                    if is_fd {
                        self.redirect(word.start);
                    } else {
                        let word = self.finish_word(word);
                        self.words.push(word);
                        self.after_word();
                    }
                }
            }
        }
        self.end_command(Operator::Newline);
    }

    /// Notices `case WORD in`, which opens a list of items, and the `esac` that closes it.
    fn after_word(&mut self) {
        let reserved = |at: usize, text: &str| self.words.get(at).is_some_and(|w| !w.quoted && w.value == text);
        if self.words.len() == 3 && reserved(0, "case") && reserved(2, "in") {
            self.end_command(Operator::Semicolon);
            self.cases += 1;
            self.in_pattern = true;
        } else if self.words.len() == 1 && reserved(0, "esac") && self.cases > 0 {
            self.cases -= 1;
        }
    }

    /// Skips the patterns of a `case` item up to its `)`: their `|` separate alternatives. Stops before `esac`.
    fn case_pattern(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n' | b';')) {
            self.pos += 1;
        }
        if self.peek() == Some(b'#') {
            self.skip_comment();
            return;
        }
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        let closes = rest.starts_with(b"esac") && rest.get(4).is_none_or(|&byte| is_separator(byte));
        self.in_pattern = false;
        if closes || rest.is_empty() {
            return;
        }
        let mut quote = None;
        while let Some(byte) = self.peek() {
            self.pos += 1;
            match (quote, byte) {
                (Some(open), _) if byte == open => quote = None,
                (None, b'\\') => self.pos += 1,
                (None, b'\'' | b'"') => quote = Some(byte),
                (None, b')') => break,
                _ => {}
            }
        }
    }

    fn operator(&mut self, len: usize, operator: Operator) {
        self.pos += len;
        self.end_command(operator);
    }

    fn skip_comment(&mut self) {
        while self.peek().is_some_and(|b| b != b'\n') {
            self.pos += 1;
        }
    }

    /// After a line break: skips the bodies of the heredocs opened on the line before.
    fn skip_heredoc_bodies(&mut self) {
        for heredoc in std::mem::take(&mut self.heredocs) {
            while self.pos < self.bytes.len() {
                let line_end = self.bytes.get(self.pos..).and_then(|rest| rest.iter().position(|&b| b == b'\n'));
                let end = line_end.map_or(self.bytes.len(), |at| self.pos + at);
                let line = self.bytes.get(self.pos..end).unwrap_or(&[]);
                let line = if heredoc.strip_tabs {
                    let tabs = line.iter().take_while(|&&b| b == b'\t').count();
                    line.get(tabs..).unwrap_or(&[])
                } else {
                    line
                };
                self.pos = (end + 1).min(self.bytes.len());
                if line == heredoc.delimiter.as_bytes() {
                    break;
                }
            }
        }
    }

    fn end_command(&mut self, operator: Operator) {
        if self.words.is_empty() && self.redirects.is_empty() {
            // A line break after `&&` (or a blank line) does not replace the operator already seen; an operator
            // that starts a line joins the command on the line before.
            if let Some(last) = self.commands.last_mut() {
                if operator != Operator::Newline && last.operator == Some(Operator::Newline) {
                    last.operator = Some(operator);
                }
            }
            return;
        }
        let words = std::mem::take(&mut self.words);
        let redirects = std::mem::take(&mut self.redirects);
        let first = words.first().map(|w| w.span).into_iter().chain(redirects.first().map(|r| r.span));
        let last = words.last().map(|w| w.span).into_iter().chain(redirects.last().map(|r| r.span));
        let start = first.map(|span| span.start).min().unwrap_or(0);
        let end = last.map(|span| span.end).max().unwrap_or(start);
        let (program, sudo) = find_program(&words);
        self.commands.push(Command {
            words,
            redirects,
            operator: Some(operator),
            span: Span::new(start, end),
            sudo,
            program,
        });
    }

    /// Reads a redirection starting at `start` (an fd number, or the operator itself at `self.pos`).
    fn redirect(&mut self, start: usize) {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        let len = REDIRECTIONS.iter().find(|op| rest.starts_with(op)).map_or(1, |op| op.len());
        self.pos += len;
        let op = String::from_utf8_lossy(self.bytes.get(start..self.pos).unwrap_or(&[])).into_owned();
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        let target = match self.peek() {
            Some(byte) if !is_separator(byte) => {
                let word = self.word();
                Some(self.finish_word(word))
            }
            _ => None,
        };
        let end = target.as_ref().map_or_else(|| self.source.to_source(self.pos), |word| word.span.end);
        let heredoc = op.trim_start_matches(|c: char| c.is_ascii_digit());
        if heredoc == "<<" || heredoc == "<<-" {
            if let Some(word) = &target {
                self.heredocs.push(PendingHeredoc { delimiter: word.value.clone(), strip_tabs: heredoc == "<<-" });
            }
        }
        let span = Span::new(self.source.to_source(start), end.max(self.source.to_source(start)));
        self.redirects.push(Redirect { op, target, span });
    }

    fn finish_word(&self, word: Partial) -> Word {
        Word {
            value: String::from_utf8(word.value)
                .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
            span: self.source.span(word.start..self.pos),
            quoted: word.quoted,
            dynamic: word.dynamic,
        }
    }

    /// Reads one word from `self.pos`, stopping before whitespace or an operator.
    fn word(&mut self) -> Partial {
        let mut word = Partial { start: self.pos, ..Partial::default() };
        while let Some(byte) = self.peek() {
            match byte {
                b if is_separator(b) => break,
                b'\'' => {
                    word.quoted = true;
                    self.pos += 1;
                    while let Some(b) = self.peek() {
                        self.pos += 1;
                        if b == b'\'' {
                            break;
                        }
                        word.value.push(b);
                    }
                }
                b'"' => {
                    word.quoted = true;
                    self.pos += 1;
                    self.double_quoted(&mut word);
                }
                b'\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'\n') => self.pos += 1,
                        Some(next) => {
                            word.value.push(next);
                            self.pos += 1;
                        }
                        None => {}
                    }
                }
                b'$' | b'`' => self.expansion(&mut word),
                b => {
                    word.value.push(b);
                    self.pos += 1;
                }
            }
        }
        word
    }

    fn double_quoted(&mut self, word: &mut Partial) {
        while let Some(byte) = self.peek() {
            match byte {
                b'"' => {
                    self.pos += 1;
                    return;
                }
                b'\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'\n') => self.pos += 1,
                        Some(next @ (b'$' | b'`' | b'"' | b'\\')) => {
                            word.value.push(next);
                            self.pos += 1;
                        }
                        _ => word.value.push(b'\\'),
                    }
                }
                b'$' | b'`' => self.expansion(word),
                b => {
                    word.value.push(b);
                    self.pos += 1;
                }
            }
        }
    }

    /// Copies an expansion as written: `$name`, `${...}`, `$(...)`, `$((...))` or `` `...` ``.
    fn expansion(&mut self, word: &mut Partial) {
        let start = self.pos;
        let first = self.peek();
        self.pos += 1;
        match (first, self.peek()) {
            (Some(b'`'), _) => {
                let mut end = None;
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    if b == b'\\' {
                        self.pos += 1;
                    } else if b == b'`' {
                        end = Some(self.pos - 1);
                        break;
                    }
                }
                let end = end.unwrap_or(self.pos).min(self.bytes.len());
                self.substitutions.push(start + 1..end);
            }
            (_, Some(b'(')) => {
                let arithmetic = self.peek_at(1) == Some(b'(');
                self.skip_balanced(b'(', b')');
                if !arithmetic {
                    let end = self.pos.min(self.bytes.len());
                    let closed = end > start + 2 && end.checked_sub(1).and_then(|at| self.bytes.get(at)) == Some(&b')');
                    self.substitutions.push(start + 2..if closed { end - 1 } else { end });
                }
            }
            (_, Some(b'{')) => self.skip_balanced(b'{', b'}'),
            (_, Some(b)) if b.is_ascii_alphabetic() || b == b'_' => {
                while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                    self.pos += 1;
                }
            }
            (_, Some(b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!' | b'0'..=b'9')) => self.pos += 1,
            _ => {
                // A lone `$` is literal.
                word.value.push(b'$');
                return;
            }
        }
        self.pos = self.pos.min(self.bytes.len());
        word.dynamic = true;
        word.value.extend_from_slice(self.bytes.get(start..self.pos).unwrap_or(&[]));
    }

    /// From an `open` byte at `self.pos`, skips to just after its matching `close`, passing over quoted text.
    fn skip_balanced(&mut self, open: u8, close: u8) {
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match quote {
                Some(q) if b == q => quote = None,
                Some(b'"') if b == b'\\' => self.pos += 1,
                Some(_) => {}
                None => match b {
                    b'\\' => self.pos += 1,
                    b'\'' | b'"' | b'`' => quote = Some(b),
                    _ if b == open => depth += 1,
                    _ if b == close => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return;
                        }
                    }
                    _ => {}
                },
            }
        }
    }
}

/// Redirection operators, longest first.
const REDIRECTIONS: [&[u8]; 12] = [b"&>>", b"<<<", b"<<-", b"&>", b"<<", b"<>", b"<&", b">>", b">&", b">|", b"<", b">"];

/// Bytes that end an unquoted word.
fn is_separator(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')')
}

/// A `NAME=value` assignment word.
fn is_assignment(word: &Word) -> bool {
    let Some((name, _)) = word.value.split_once('=') else { return false };
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The index of the program word, and the span of `sudo` if the program runs through it.
fn find_program(words: &[Word]) -> (Option<usize>, Option<Span>) {
    let mut sudo = None;
    let mut at = 0;
    while let Some(word) = words.get(at) {
        let value = word.value.as_str();
        if is_assignment(word) {
            at += 1;
        } else if word.quoted || word.dynamic {
            return (Some(at), sudo);
        } else if HEADERS.contains(&value) {
            return (None, sudo);
        } else if RESERVED_PREFIXES.contains(&value) {
            at += 1;
        } else if value == "sudo" {
            sudo.get_or_insert(word.span);
            at = skip_options(words, at + 1, |option| match option.strip_prefix("--") {
                Some(long) => SUDO_LONG_WITH_VALUE.contains(&long),
                None => option.bytes().last().is_some_and(|b| SUDO_SHORT_WITH_VALUE.contains(&b)),
            });
        } else if value == "env" {
            at = skip_options(words, at + 1, |option| {
                matches!(option, "-u" | "-C" | "-S" | "--unset" | "--chdir" | "--split-string")
            });
        } else if WRAPPERS.contains(&value) {
            at = skip_options(words, at + 1, |_| false);
        } else {
            return (Some(at), sudo);
        }
    }
    (None, sudo)
}

/// Skips option words from `at`: `-x`, `--long`, `--long=value`, with the next word too when `takes_value`
/// says the option (without `=value`) takes one; `--` ends the options and is skipped.
fn skip_options(words: &[Word], mut at: usize, takes_value: impl Fn(&str) -> bool) -> usize {
    while let Some(word) = words.get(at) {
        let value = word.value.as_str();
        if value == "--" {
            return at + 1;
        }
        if !value.starts_with('-') {
            return at;
        }
        at += 1;
        if !value.contains('=') && takes_value(value) {
            at += 1;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits `text` as if it sat at offset 100 of a source, so spans are checked through the map.
    fn split_at_100(text: &str) -> (String, Vec<Command>) {
        let source = format!("{}{text}", " ".repeat(100));
        let commands = split(&ShellText::contiguous(text, 100));
        (source, commands)
    }

    fn argv(command: &Command) -> Vec<&str> {
        command.argv().iter().map(|word| word.value.as_str()).collect()
    }

    #[test]
    fn sudo_pipes_and_spans() {
        let (src, commands) = split_at_100("sudo -E apt-get install -y x && curl -fsSL u | sh");
        assert_eq!(commands.len(), 3);
        assert_eq!(commands[0].sudo.map(|s| s.slice(&src)), Some("sudo"));
        assert_eq!(commands[0].sudo.map(|s| s.start), Some(100));
        assert_eq!(argv(&commands[0]), ["apt-get", "install", "-y", "x"]);
        assert_eq!(commands[0].program_word().map(|w| w.span.slice(&src)), Some("apt-get"));
        assert_eq!(commands[0].operator, Some(Operator::And));
        assert_eq!(commands[1].span.slice(&src), "curl -fsSL u");
        assert!(commands[1].pipes_into_next());
        assert_eq!((commands[2].name(), commands[2].operator), (Some("sh"), None));
    }

    #[test]
    fn case_patterns_are_not_pipelines() {
        let (src, commands) = split_at_100(
            "case \"$arch\" in\n  amd64|x86_64) url=a ;;\n  (arm64 | 'aarch64') curl -f u | sh ;;&\n  *) echo other;;\nesac; echo done",
        );
        let names: Vec<Option<&str>> = commands.iter().map(Command::name).collect();
        assert_eq!(names, [None, None, Some("curl"), Some("sh"), Some("echo"), None, Some("echo")]);
        let pipes: Vec<&str> =
            commands.iter().filter(|command| command.pipes_into_next()).map(|c| c.span.slice(&src)).collect();
        assert_eq!(pipes, ["curl -f u"]);
        let nested = split(&ShellText::contiguous("case a in x) case b in y|z) true;; esac;; w|v) false;; esac", 0));
        assert!(nested.iter().all(|command| !command.pipes_into_next()), "{nested:?}");
        assert_eq!(nested.iter().filter_map(Command::name).collect::<Vec<_>>(), ["true", "false"]);
    }

    #[test]
    fn sudo_options_with_values() {
        let (_, commands) =
            split_at_100("sudo -u app -H -- npm i; sudo --user=x -Eg grp env A=1 /usr/bin/pip install y");
        assert_eq!(argv(&commands[0]), ["npm", "i"]);
        assert!(commands[0].is_sudo());
        assert_eq!(commands[1].name(), Some("pip"));
        assert_eq!(commands[1].argv().first().map(|w| w.value.as_str()), Some("/usr/bin/pip"));
    }

    #[test]
    fn quotes_escapes_and_expansions() {
        let (src, commands) = split_at_100(r#"echo 'a b' "c $HOME \"q\"" d\ e $(curl x | sh) `id -u` ${X:-y}"#);
        assert_eq!(commands.len(), 1, "substitutions are opaque: {commands:?}");
        let words = &commands[0].words;
        let values: Vec<_> = words.iter().map(|w| w.value.as_str()).collect();
        assert_eq!(values, ["echo", "a b", "c $HOME \"q\"", "d e", "$(curl x | sh)", "`id -u`", "${X:-y}"]);
        assert!(words[1].quoted && !words[1].dynamic);
        assert!(words[2].quoted && words[2].dynamic);
        assert!(!words[3].quoted && !words[3].dynamic);
        assert_eq!(words[2].span.slice(&src), r#""c $HOME \"q\"""#);
        assert_eq!(words[4].span.slice(&src), "$(curl x | sh)");
    }

    #[test]
    fn comments_start_only_at_word_start() {
        let (_, commands) = split_at_100("echo a#b # rm -rf / && x\nls");
        assert_eq!(commands.len(), 2);
        assert_eq!(argv(&commands[0]), ["echo", "a#b"]);
        assert_eq!(commands[0].operator, Some(Operator::Newline));
        assert_eq!(commands[1].name(), Some("ls"));
    }

    #[test]
    fn operators() {
        use Operator::{And, Background, Or, Pipe, Semicolon};
        let (_, commands) = split_at_100("a || b; c & d |& e && f ;; g");
        let ops: Vec<_> = commands.iter().map(|c| c.operator).collect();
        assert_eq!(ops, [Some(Or), Some(Semicolon), Some(Background), Some(Pipe), Some(And), Some(Semicolon), None]);
    }

    #[test]
    fn assignments_env_and_wrappers_are_skipped() {
        let (_, commands) =
            split_at_100("DEBIAN_FRONTEND=noninteractive apt-get install -y x; env -u X FOO=\"a b\" node app; exec gosu app node; set -eux; A=1");
        let names: Vec<_> = commands.iter().map(Command::name).collect();
        assert_eq!(names, [Some("apt-get"), Some("node"), Some("gosu"), Some("set"), None]);
        assert_eq!(argv(&commands[3]), ["set", "-eux"]);
        assert_eq!(commands[4].words.len(), 1);
    }

    #[test]
    fn redirections_are_not_words() {
        let (src, commands) = split_at_100("curl x 2>&1 >/dev/null | tee -a log &>>all");
        assert_eq!(argv(&commands[0]), ["curl", "x"]);
        let redirects: Vec<_> = commands[0].redirects.iter().map(|r| (r.op.as_str(), r.span.slice(&src))).collect();
        assert_eq!(redirects, [("2>&", "2>&1"), (">", ">/dev/null")]);
        assert_eq!(argv(&commands[1]), ["tee", "-a", "log"]);
        assert_eq!(commands[1].redirects[0].target.as_ref().map(|t| t.value.as_str()), Some("all"));
    }

    #[test]
    fn compound_commands() {
        let (_, commands) = split_at_100(
            "if [ -f x ]; then apt-get install y; fi\nfor f in a b; do rm $f; done\n(cd /x && make) | tee\n{ a; }",
        );
        let names: Vec<_> = commands.iter().map(Command::name).collect();
        assert_eq!(
            names,
            [
                Some("["),
                Some("apt-get"),
                None,
                None,
                Some("rm"),
                None,
                Some("cd"),
                Some("make"),
                Some("tee"),
                Some("a"),
                None
            ]
        );
        assert_eq!(commands[7].operator, Some(Operator::Pipe));
    }

    #[test]
    fn nested_heredoc_bodies_are_skipped() {
        let (src, commands) = split_at_100("cat <<'X' > /f\nrm -rf /\nX\ncat <<-Y\n\tsudo a\n\tY\necho ok");
        let names: Vec<_> = commands.iter().map(Command::name).collect();
        assert_eq!(names, [Some("cat"), Some("cat"), Some("echo")]);
        let heredoc = &commands[0].redirects[0];
        assert_eq!((heredoc.op.as_str(), heredoc.span.slice(&src)), ("<<", "<<'X'"));
        assert_eq!(heredoc.target.as_ref().map(|t| t.value.as_str()), Some("X"));
    }

    #[test]
    fn line_continuations_inside_text() {
        let (src, commands) = split_at_100("apt-get install \\\n  curl && \\\n  rm x");
        assert_eq!(argv(&commands[0]), ["apt-get", "install", "curl"]);
        assert_eq!(commands[0].span.slice(&src), "apt-get install \\\n  curl");
        assert_eq!(commands[1].name(), Some("rm"));
    }

    #[test]
    fn spans_map_across_pieces() {
        // "ab" at 10, then "cd ef" at 50: as a Dockerfile continuation would join them.
        let mut text = ShellText::default();
        text.push("ab", 10);
        text.push("cd ef", 50);
        assert_eq!(text.as_str(), "abcd ef");
        assert_eq!(text.to_source(1), 11);
        assert_eq!(text.to_source(2), 50);
        assert_eq!(text.to_source(7), 55);
        assert_eq!(text.span(0..4), Span::new(10, 52));
        assert_eq!(text.span(3..3), Span::at(51));
        assert_eq!(text.span(0..2), Span::new(10, 12), "the end of a piece does not jump to the next");
        let slice = text.slice(1..5);
        assert_eq!(slice.as_str(), "bcd ");
        assert_eq!(slice.span(1..3), Span::new(50, 52));
        let empty = text.slice(4..4);
        assert_eq!(empty.full_span(), Span::at(52));
        let commands = split(&text);
        assert_eq!(commands[0].words[0].span, Span::new(10, 52));
        assert_eq!(commands[0].words[1].span, Span::new(53, 55));
    }

    #[test]
    fn substitution_bodies_keep_their_source_offsets() {
        let (src, _) = split_at_100("NS=$(kubectl create ns x -o name) && echo \"`id -u` $((1 + 2)) $(a $(b))\"");
        let text = ShellText::contiguous(src.get(100..).unwrap(), 100);
        let found = substitutions(&text);
        let bodies: Vec<(&str, &str)> =
            found.iter().map(|body| (body.as_str(), body.full_span().slice(&src))).collect();
        assert_eq!(
            bodies,
            [("kubectl create ns x -o name", "kubectl create ns x -o name"), ("id -u", "id -u"), ("a $(b)", "a $(b)")]
        );
        let inner = substitutions(&text).pop().unwrap();
        assert_eq!(substitutions(&inner).iter().map(|body| body.full_span().slice(&src)).collect::<Vec<_>>(), ["b"]);
        for open in ["echo $(kubectl", "echo `kubectl", "$(", "`"] {
            let text = ShellText::contiguous(open, 0);
            assert!(substitutions(&text).iter().all(|body| body.full_span().end <= open.len()), "{open:?}");
        }
    }

    #[test]
    fn unterminated_constructs_do_not_hang() {
        for text in
            ["echo 'abc", "echo \"abc", "echo $(abc", "echo `abc", "echo ${abc", "a \\", "<<", "2>", "&&&|||;;;"]
        {
            let commands = split(&ShellText::contiguous(text, 0));
            for command in &commands {
                assert!(command.span.end <= text.len(), "{text:?}: {command:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn random_text_splits_without_panicking(text in "\\PC{0,200}") {
            let commands = split(&ShellText::contiguous(&text, 7));
            for command in commands {
                proptest::prop_assert!(command.span.end <= text.len() + 7);
            }
        }
    }
}
