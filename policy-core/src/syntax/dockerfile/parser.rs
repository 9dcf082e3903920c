//! The Dockerfile parser: physical lines to instructions, following BuildKit's `frontend/dockerfile/parser`
//! (`parser.go`, `line_parsers.go`, `directives.go`) and the expansion rules of its `instructions` package.
//!
//! Differences from BuildKit, all in the direction of reading more of a broken file: an unknown instruction, an
//! instruction before the first `FROM`, a malformed `FROM`/`ENV`, or an unterminated heredoc is a `parse-error`
//! and parsing goes on (BuildKit stops at the first). Everything runs in time linear in the input (heredoc
//! terminators are found through an index of lines, not by rescanning).

use std::collections::HashMap;
use std::ops::Range;

use super::ast::{
    Args, Comment, CopyArgs, Details, Dockerfile, Flag, Healthcheck, Heredoc, Instruction, Keyword, Pair,
    ParserDirective, Port, Stage, Token, User,
};
use super::expand::{declare_args, declare_env, Vars};
use super::Parsed;
use crate::base::problem::{Problem, ProblemKind};
use crate::base::span::Span;
use crate::syntax::directive::{parse_comment, Declared, Directive, Reach};
use crate::syntax::shell::{self, ShellText};

/// How many variable entries may be copied in total when stages inherit their base stage's environment. Beyond
/// it a stage starts with an empty environment, which only makes more values unknown (never wrong), and a file of
/// thousands of chained stages cannot make parsing quadratic.
const INHERIT_BUDGET: usize = 1 << 16;

/// Programs whose standard input, when it is a heredoc, is a shell script.
const SHELLS: [&str; 7] = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

/// The whitespace BuildKit splits instruction words on (`reWhitespace`: `[\t\v\f\r ]+`).
fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\x0b' | b'\x0c' | b'\r')
}

/// One physical line: `start..end` is its text without the line break (and without trailing `\r`), `next` the
/// start of the following line.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

fn line_at(src: &str, start: usize) -> Option<Line> {
    let rest = src.get(start..).filter(|rest| !rest.is_empty())?;
    let (raw_end, next) = rest.find('\n').map_or((src.len(), src.len()), |at| (start + at, start + at + 1));
    let text = src.get(start..raw_end).unwrap_or("");
    let end = start + text.trim_end_matches('\r').len();
    Some(Line { start, end, next })
}

/// Where each distinct line text occurs, to find a heredoc terminator without rescanning the file.
#[derive(Debug, Default)]
struct TerminatorIndex<'s> {
    /// Line text → starts of the lines with that text, ascending.
    exact: HashMap<&'s str, Vec<usize>>,
    /// The same with leading tabs stripped, for `<<-`.
    stripped: HashMap<&'s str, Vec<usize>>,
}

impl<'s> TerminatorIndex<'s> {
    fn new(src: &'s str, from: usize) -> Self {
        let mut index = Self::default();
        let mut pos = from;
        while let Some(line) = line_at(src, pos) {
            let text = src.get(line.start..line.end).unwrap_or("");
            index.exact.entry(text).or_default().push(line.start);
            index.stripped.entry(text.trim_start_matches('\t')).or_default().push(line.start);
            pos = line.next;
        }
        index
    }

    /// The start of the first line at or after `from` whose text is `delimiter`.
    fn find(&self, delimiter: &str, strip_tabs: bool, from: usize) -> Option<usize> {
        let map = if strip_tabs { &self.stripped } else { &self.exact };
        let starts = map.get(delimiter)?;
        starts.get(starts.partition_point(|&start| start < from)).copied()
    }
}

/// A heredoc opener found on an instruction line, before its body is read.
#[derive(Debug)]
struct Opener {
    delimiter: String,
    span: Span,
    quoted: bool,
    strip_tabs: bool,
    fd: Option<u32>,
}

/// Parses `source`; see [`super::parse`].
pub(super) fn parse(source: &str) -> Parsed {
    let mut parser = Parser::new(source);
    parser.run();
    parser.finish()
}

struct Parser<'s> {
    src: &'s str,
    escape: u8,
    file: Dockerfile,
    problems: Vec<Problem>,
    directives: Vec<Declared>,
    /// `ignore=` directives waiting for the next instruction.
    pending: Vec<(Directive, Span)>,
    /// The global `ARG`s so far (the scope of `FROM`).
    globals: Vars,
    /// The current stage's `ARG`s and `ENV`s so far.
    scope: Vars,
    /// The environment each finished stage passes on to stages built on it.
    stage_env: Vec<Vars>,
    inherited: usize,
    /// Lower-cased stage name → stage index, for `FROM <stage>` and duplicate names in constant time.
    stage_names: HashMap<String, usize>,
    terminators: Option<TerminatorIndex<'s>>,
}

impl<'s> Parser<'s> {
    fn new(src: &'s str) -> Self {
        Self {
            src,
            escape: b'\\',
            file: Dockerfile { escape: '\\', ..Dockerfile::default() },
            problems: Vec::new(),
            directives: Vec::new(),
            pending: Vec::new(),
            globals: Vars::global(),
            scope: Vars::stage(),
            stage_env: Vec::new(),
            inherited: 0,
            stage_names: HashMap::new(),
            terminators: None,
        }
    }

    fn text(&self, start: usize, end: usize) -> &'s str {
        self.src.get(start..end).unwrap_or("")
    }

    fn error(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.problems.push(Problem::new(ProblemKind::Syntax, span, message, help));
    }

    fn run(&mut self) {
        let mut pos = self.directives();
        while let Some(line) = line_at(self.src, pos) {
            let text = self.text(line.start, line.end);
            let start = line.start + (text.len() - text.trim_start().len());
            let content = self.text(start, line.end);
            if content.is_empty() {
                // A blank line detaches suppression comments from the instruction below.
                self.pending.clear();
                pos = line.next;
            } else if content.starts_with('#') {
                self.comment(start, line.end, true);
                pos = line.next;
            } else {
                pos = self.instruction(start, line);
            }
        }
    }

    fn finish(mut self) -> Parsed {
        self.close_stage();
        Parsed { file: self.file, problems: self.problems, directives: self.directives }
    }

    /// Reads the parser directives at the top of the file and returns where the rest starts. As in BuildKit, the
    /// first line that is not a known directive (a blank line, another comment, an instruction) ends them.
    fn directives(&mut self) -> usize {
        let mut pos = 0;
        while let Some(line) = line_at(self.src, pos) {
            let text = self.text(line.start, line.end);
            let start = line.start + (text.len() - text.trim_start().len());
            let Some((name, value)) = directive_parts(self.text(start, line.end), start) else { break };
            let lower = self.text(name.start, name.end).to_ascii_lowercase();
            if !matches!(lower.as_str(), "syntax" | "escape" | "check") {
                break;
            }
            let value_text = self.text(value.start, value.end).to_owned();
            let span = Span::new(start, line.end);
            if self.file.directives.iter().any(|d| d.name == lower) {
                self.error(
                    span,
                    format!("the `{lower}` parser directive is given twice"),
                    "Keep one; BuildKit rejects a repeated directive.",
                );
            } else if lower == "escape" {
                match value_text.as_str() {
                    "`" => self.escape = b'`',
                    "\\" => self.escape = b'\\',
                    _ => self.error(
                        value,
                        format!("`{value_text}` is not an escape character"),
                        "Use `# escape=\\` (the default) or `# escape=``.",
                    ),
                }
            }
            self.file.directives.push(ParserDirective { name: lower, value: value_text, span, value_span: value });
            pos = line.next;
        }
        self.file.escape = char::from(self.escape);
        pos
    }

    /// Records the comment at `start..end` (`start` is the `#`); a suppression comment applies to the next
    /// instruction when `suppress` (comments inside a continuation do not).
    fn comment(&mut self, start: usize, end: usize, suppress: bool) {
        let body = self.text(start + 1, end);
        self.file.comments.push(Comment { text: body.trim().to_owned(), span: Span::new(start, end) });
        let at = Span::new(start, end);
        match parse_comment(body) {
            Some(directive) if directive.reach == Reach::File => {
                self.directives.push(Declared { directive, scope: Span::at(start), at, stage: None });
            }
            Some(directive) if suppress => self.pending.push((directive, at)),
            _ => {}
        }
    }

    /// The end of a line's text without a trailing continuation (escape character, then spaces or tabs), and
    /// whether it had one.
    fn continuation(&self, start: usize, end: usize) -> (usize, bool) {
        let text = self.text(start, end);
        let trimmed = text.trim_end_matches([' ', '\t']);
        if trimmed.as_bytes().last() == Some(&self.escape) {
            (start + trimmed.len() - 1, true)
        } else {
            (end, false)
        }
    }

    /// Parses the instruction whose first line is `first` (its text starting at `start`) and returns where the
    /// next line starts.
    fn instruction(&mut self, start: usize, first: Line) -> usize {
        let mut logical = ShellText::default();
        let (piece_end, mut continued) = self.continuation(start, first.end);
        logical.push(self.text(start, piece_end), start);
        let mut end = first.end;
        let mut next = first.next;
        while continued {
            let Some(line) = line_at(self.src, next) else { break };
            next = line.next;
            let text = self.text(line.start, line.end);
            let trimmed = text.trim_start();
            if trimmed.starts_with('#') {
                self.comment(line.end - trimmed.len(), line.end, false);
                continue;
            }
            if trimmed.is_empty() {
                continue;
            }
            let (piece_end, more) = self.continuation(line.start, line.end);
            logical.push(self.text(line.start, piece_end), line.start);
            end = line.end;
            continued = more;
        }
        if logical.as_str().trim().is_empty() {
            // Only continuation characters (`\` lines): BuildKit skips what joins to nothing.
            return next;
        }
        let in_stage = !self.file.stages.is_empty();
        let (mut instruction, openers) = self.build(&logical, in_stage, 0);
        let heredocs = self.read_heredocs(openers, next);
        if let Some(last) = heredocs.last() {
            end = heredocs.iter().map(|read| read.end).fold(end, usize::max);
            next = last.next;
        }
        instruction.heredocs = heredocs.into_iter().map(|read| read.heredoc).collect();
        mark_shell_heredocs(&mut instruction);
        instruction.span = Span::new(start, end);
        // A finding about a whole stage points at its `FROM`; an ignore comment anywhere in the stage covers that
        // too, since users write it next to the instructions they think of, often at the end of the stage.
        let stage_from = (in_stage && instruction.keyword != Keyword::From)
            .then(|| self.file.stages.last().and_then(|stage| self.file.instructions.get(stage.from)))
            .flatten()
            .map(|from| from.span);
        for (directive, at) in std::mem::take(&mut self.pending) {
            self.directives.push(Declared { directive, scope: instruction.span, at, stage: stage_from });
        }
        self.register(instruction);
        next
    }

    /// Builds an instruction from its logical line (keyword first). `depth` is 1 for `ONBUILD`'s inner one.
    fn build(&mut self, logical: &ShellText, in_stage: bool, depth: usize) -> (Instruction, Vec<Opener>) {
        let text = logical.as_str();
        let bytes = text.as_bytes();
        let keyword_end = bytes.iter().position(|&b| is_blank(b)).unwrap_or(bytes.len());
        let keyword_text = text.get(..keyword_end).unwrap_or("");
        let keyword = Keyword::parse(keyword_text);
        let keyword_span = logical.span(0..keyword_end);
        let content_end = text.trim_end().len().max(keyword_end);
        let rest = skip_blanks(bytes, keyword_end, content_end);
        let (flags, args_start) = extract_flags(logical, rest, content_end);
        let args_start = skip_blanks(bytes, args_start, content_end);
        let args_text = logical.slice(args_start..content_end);

        if keyword == Keyword::Unknown {
            self.error(
                keyword_span,
                format!("unknown instruction `{keyword_text}`"),
                "Use one of the Dockerfile instructions (FROM, RUN, COPY, ...); check the spelling.",
            );
        } else if !in_stage && depth == 0 && !matches!(keyword, Keyword::Arg | Keyword::From) {
            self.problems.push(Problem::new(
                ProblemKind::InstructionBeforeFrom,
                keyword_span,
                format!("`{}` comes before the first `FROM`", keyword.as_str()),
                "Only `ARG` may come before the first `FROM`; move this instruction into a stage.",
            ));
        }

        if args_text.is_empty() && keyword.needs_arguments() {
            self.error(
                keyword_span,
                format!("`{}` needs an argument", keyword.as_str()),
                format!("Give `{}` its argument; BuildKit rejects it empty.", keyword.as_str()),
            );
        }
        let openers = if keyword.takes_heredocs() && depth == 0 { heredoc_openers(&args_text) } else { Vec::new() };
        let args = self.arguments(keyword, &args_text, keyword_span);
        let stage = self.file.stages.len().checked_sub(1).filter(|_| in_stage);
        let mut instruction = Instruction {
            keyword,
            keyword_span,
            span: logical.full_span(),
            stage,
            flags,
            args,
            heredocs: Vec::new(),
            details: Details::None,
        };
        // The scope is moved out rather than cloned, so that expansion costs nothing per instruction.
        let scope = if depth > 0 {
            // An ONBUILD trigger runs in a later build, where none of this file's variables are known.
            Vars::stage()
        } else if in_stage {
            std::mem::take(&mut self.scope)
        } else {
            std::mem::take(&mut self.globals)
        };
        instruction.details = self.details(&instruction, &args_text, &scope, depth);
        if depth == 0 {
            if in_stage {
                self.scope = scope;
            } else {
                self.globals = scope;
            }
        }
        (instruction, openers)
    }

    /// Exec form when the keyword takes JSON and the text is a JSON array of strings; shell form otherwise
    /// (BuildKit's `parseMaybeJSON`: invalid JSON is read as shell form).
    fn arguments(&mut self, keyword: Keyword, args: &ShellText, keyword_span: Span) -> Args {
        if !keyword.takes_json() || !args.as_str().starts_with('[') {
            if keyword == Keyword::Shell {
                self.error(
                    args.full_span().cover(keyword_span),
                    "`SHELL` needs its arguments as a JSON array",
                    "Write it as `SHELL [\"/bin/sh\", \"-c\"]`.",
                );
            }
            return Args::Shell(args.clone());
        }
        match json_strings(args.as_str()) {
            Json::Strings(items) => Args::Exec(
                items
                    .into_iter()
                    .map(|(value, range)| Token {
                        raw: args.as_str().get(range.clone()).unwrap_or("").to_owned(),
                        value,
                        known: true,
                        span: args.span(range),
                    })
                    .collect(),
            ),
            Json::NotStrings => {
                self.error(
                    args.full_span(),
                    format!("the JSON array of `{}` holds something other than strings", keyword.as_str()),
                    "Quote every element: exec form is an array of strings.",
                );
                Args::Shell(args.clone())
            }
            Json::Invalid => Args::Shell(args.clone()),
        }
    }

    fn details(&mut self, instruction: &Instruction, args: &ShellText, scope: &Vars, depth: usize) -> Details {
        let escape = char::from(self.escape);
        match instruction.keyword {
            Keyword::From => Details::From,
            Keyword::Env | Keyword::Label => {
                let pairs = self.name_values(instruction, args, scope);
                if instruction.keyword == Keyword::Env {
                    Details::Env(pairs)
                } else {
                    Details::Label(pairs)
                }
            }
            Keyword::Arg => Details::Arg(arg_pairs(args, self.escape, scope)),
            Keyword::User => {
                let token = whole_token(args, scope, escape);
                Details::User(user_of(token))
            }
            Keyword::Workdir => Details::Workdir(whole_token(args, scope, escape)),
            Keyword::Stopsignal => Details::Stopsignal(whole_token(args, scope, escape)),
            Keyword::Maintainer => Details::Maintainer(whole_token(args, &Vars::global(), escape)),
            Keyword::Expose => Details::Expose(split_tokens(args, scope, escape).into_iter().map(port_of).collect()),
            Keyword::Volume => Details::Volume(list_tokens(&instruction.args, args, scope, escape)),
            Keyword::Copy | Keyword::Add => {
                let mut tokens = list_tokens(&instruction.args, args, scope, escape);
                let dest = tokens.pop();
                if dest.is_none() || tokens.is_empty() {
                    self.error(
                        instruction.keyword_span,
                        format!("`{}` needs at least one source and a destination", instruction.keyword.as_str()),
                        "Write the sources, then the destination: `COPY src/ /app/`.",
                    );
                }
                Details::Copy(CopyArgs { sources: tokens, dest })
            }
            Keyword::Healthcheck => self.healthcheck(instruction, args),
            Keyword::Onbuild => self.onbuild(instruction, args, depth),
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell | Keyword::Unknown => Details::None,
        }
    }

    /// `ENV`/`LABEL` pairs (BuildKit's `parseNameVal`): `K=V ...`, or legacy `K V` when the first word has no `=`.
    /// Keys and values are expanded against the variables before the instruction.
    fn name_values(&mut self, instruction: &Instruction, args: &ShellText, scope: &Vars) -> Vec<Pair> {
        let escape = char::from(self.escape);
        let keyword = instruction.keyword.as_str();
        let words = parse_words(args.as_str(), self.escape);
        let Some(first) = words.first() else {
            self.error(
                instruction.keyword_span,
                format!("`{keyword}` needs at least one name and value"),
                format!("Write `{keyword} NAME=value`."),
            );
            return Vec::new();
        };
        let text = args.as_str();
        if !text.get(first.clone()).unwrap_or("").contains('=') {
            // Legacy form: the name, then everything after the whitespace as one value.
            let bytes = text.as_bytes();
            let name_end = bytes.iter().position(|&b| is_blank(b)).unwrap_or(bytes.len());
            let value_start = skip_blanks(bytes, name_end, bytes.len());
            if value_start >= bytes.len() {
                self.error(
                    args.span(0..name_end),
                    format!("`{keyword}` has a name but no value"),
                    format!("Write `{keyword} NAME=value`."),
                );
            }
            let name = text.get(..name_end).unwrap_or("");
            let value = (value_start < bytes.len()).then(|| token(args, value_start..bytes.len(), scope, escape));
            return vec![Pair {
                name: scope.expand(name, escape).value,
                name_span: args.span(0..name_end),
                value,
                span: args.full_span(),
            }];
        }
        let mut pairs = Vec::with_capacity(words.len());
        for word in words {
            let raw = text.get(word.clone()).unwrap_or("");
            let Some(eq) = raw.find('=') else {
                self.error(
                    args.span(word),
                    format!("`{raw}` in `{keyword}` has no `=`"),
                    format!("Write each pair as `NAME=value` (quote values with spaces): `{keyword} A=1 B=\"x y\"`."),
                );
                continue;
            };
            let name_range = word.start..word.start + eq;
            pairs.push(Pair {
                name: scope.expand(raw.get(..eq).unwrap_or(""), escape).value,
                name_span: args.span(name_range),
                value: Some(token(args, word.start + eq + 1..word.end, scope, escape)),
                span: args.span(word),
            });
        }
        pairs
    }

    fn healthcheck(&mut self, instruction: &Instruction, args: &ShellText) -> Details {
        let text = args.as_str();
        let bytes = text.as_bytes();
        let first_end = bytes.iter().position(|&b| is_blank(b)).unwrap_or(bytes.len());
        let first = text.get(..first_end).unwrap_or("");
        if first.eq_ignore_ascii_case("none") {
            return Details::Healthcheck(Healthcheck { none: true, cmd: None });
        }
        if !first.eq_ignore_ascii_case("cmd") {
            self.error(
                if first.is_empty() { instruction.keyword_span } else { args.span(0..first_end) },
                "`HEALTHCHECK` expects `CMD` or `NONE`",
                "Write `HEALTHCHECK CMD <command>` or `HEALTHCHECK NONE`.",
            );
            return Details::Healthcheck(Healthcheck { none: false, cmd: None });
        }
        let cmd_start = skip_blanks(bytes, first_end, bytes.len());
        let cmd_text = args.slice(cmd_start..bytes.len());
        let cmd = self.arguments(Keyword::Cmd, &cmd_text, instruction.keyword_span);
        Details::Healthcheck(Healthcheck { none: false, cmd: Some(cmd) })
    }

    fn onbuild(&mut self, instruction: &Instruction, args: &ShellText, depth: usize) -> Details {
        if args.is_empty() || depth > 0 {
            if depth > 0 {
                self.problems.push(Problem::new(
                    ProblemKind::NestedOnbuild,
                    instruction.keyword_span,
                    "`ONBUILD ONBUILD` is not allowed",
                    "Write one `ONBUILD` with the instruction to run in the downstream build.",
                ));
            } else {
                self.error(
                    instruction.keyword_span,
                    "`ONBUILD` needs an instruction",
                    "Write the instruction to run in builds based on this image: `ONBUILD RUN ...`.",
                );
            }
            return Details::None;
        }
        let (inner, _) = self.build(args, true, depth + 1);
        if matches!(inner.keyword, Keyword::From | Keyword::Maintainer) {
            self.problems.push(Problem::new(
                ProblemKind::NestedOnbuild,
                inner.keyword_span,
                format!("`ONBUILD {}` is not allowed", inner.keyword.as_str()),
                "`ONBUILD` cannot trigger `FROM` or `MAINTAINER`.",
            ));
        }
        Details::Onbuild(Box::new(inner))
    }

    /// Reads each heredoc body from `from` on, in order.
    fn read_heredocs(&mut self, openers: Vec<Opener>, from: usize) -> Vec<ReadHeredoc> {
        let mut out = Vec::with_capacity(openers.len());
        let mut pos = from;
        let mut failed = false;
        for opener in openers {
            if failed {
                // An earlier heredoc of this line is unterminated: the later ones have no body of their own.
                out.push(ReadHeredoc::empty(opener, pos));
                continue;
            }
            let terminators = self.terminators.get_or_insert_with(|| TerminatorIndex::new(self.src, from));
            let terminator = terminators.find(&opener.delimiter, opener.strip_tabs, pos);
            let body_end = if let Some(line_start) = terminator {
                line_start
            } else {
                failed = true;
                self.error(
                    opener.span,
                    format!("heredoc `{}` is not terminated", opener.delimiter),
                    format!("End the heredoc with a line holding only `{}`.", opener.delimiter),
                );
                next_instruction_line(self.src, pos)
            };
            let (body, body_span) = self.body(pos, body_end, opener.strip_tabs);
            let (end, next) = match terminator.and_then(|start| line_at(self.src, start)) {
                Some(line) => (line.end, line.next),
                None => (body_span.end, body_end),
            };
            pos = next;
            out.push(ReadHeredoc {
                heredoc: Heredoc {
                    delimiter: opener.delimiter,
                    opener_span: opener.span,
                    quoted: opener.quoted,
                    strip_tabs: opener.strip_tabs,
                    fd: opener.fd,
                    body,
                    body_span,
                    is_shell: false,
                },
                end,
                next,
            });
        }
        out
    }

    /// The body text of the lines in `start..end`: each line's text (leading tabs stripped for `<<-`), then `\n`
    /// when the source has a line break there.
    fn body(&self, start: usize, end: usize, strip_tabs: bool) -> (ShellText, Span) {
        let mut body = ShellText::default();
        let mut pos = start;
        let mut last_end = start;
        while pos < end {
            let Some(line) = line_at(self.src, pos) else { break };
            let text = self.text(line.start, line.end);
            let kept = if strip_tabs { text.trim_start_matches('\t') } else { text };
            body.push(kept, line.end - kept.len());
            if line.next > line.end {
                body.push("\n", line.end);
            }
            last_end = line.end;
            pos = line.next;
        }
        (body, Span::new(start, last_end.max(start)))
    }

    /// Adds a finished instruction to the file, opening a stage for `FROM` and updating the variables in scope.
    fn register(&mut self, mut instruction: Instruction) {
        let index = self.file.instructions.len();
        match instruction.keyword {
            Keyword::From => {
                self.close_stage();
                let stage = self.stage(&instruction, index);
                instruction.stage = Some(stage.index);
                self.scope = match stage.base_stage.and_then(|base| self.stage_env.get(base)) {
                    Some(env) if self.inherited + env.len() <= INHERIT_BUDGET => {
                        self.inherited += env.len();
                        env.clone()
                    }
                    _ => Vars::stage(),
                };
                self.file.stages.push(stage);
            }
            Keyword::Arg if instruction.stage.is_some() => {
                declare_args(&mut self.scope, instruction.pairs(), Some(&self.globals));
            }
            Keyword::Arg => declare_args(&mut self.globals, instruction.pairs(), None),
            Keyword::Env if instruction.stage.is_some() => declare_env(&mut self.scope, instruction.pairs()),
            _ => {}
        }
        self.file.instructions.push(instruction);
    }

    /// Ends the current stage: its instruction range, and the environment it passes on.
    fn close_stage(&mut self) {
        let count = self.file.instructions.len();
        if let Some(stage) = self.file.stages.last_mut() {
            stage.instructions.end = count;
            let env = std::mem::replace(&mut self.scope, Vars::stage()).env_only();
            self.stage_env.push(env);
        }
    }

    /// The stage a `FROM` opens (BuildKit: `FROM [--platform=p] image [AS name]`, expanded with global `ARG`s).
    fn stage(&mut self, from: &Instruction, index: usize) -> Stage {
        let escape = char::from(self.escape);
        let stage_index = self.file.stages.len();
        let args = from.shell_text().cloned().unwrap_or_default();
        let words = split_blank(args.as_str());
        let base = words.first().map_or_else(
            || Token { span: from.keyword_span, ..Token::default() },
            |range| token(&args, range.clone(), &self.globals, escape),
        );
        if words.is_empty() {
            self.error(from.keyword_span, "`FROM` needs a base image", "Write `FROM image:tag` or `FROM scratch`.");
        }
        let mut name = None;
        match words.as_slice() {
            [] | [_] => {}
            [_, as_word, name_range]
                if args.as_str().get(as_word.clone()).is_some_and(|w| w.eq_ignore_ascii_case("as")) =>
            {
                let raw = args.as_str().get(name_range.clone()).unwrap_or("").to_owned();
                let value = raw.to_ascii_lowercase();
                let span = args.span(name_range.clone());
                if !valid_stage_name(&value) {
                    self.error(
                        span,
                        format!("`{raw}` is not a valid stage name"),
                        "Start the name with a letter and use only letters, digits, `-`, `_` and `.`.",
                    );
                }
                if let Some(&earlier) = self.stage_names.get(&value) {
                    self.problems.push(Problem::new(
                        ProblemKind::DuplicateStageName,
                        span,
                        format!("stage name `{raw}` is already used by stage {earlier}"),
                        "Rename this stage: BuildKit refuses a repeated stage name.",
                    ));
                }
                name = Some(Token { raw, value, known: true, span });
            }
            _ => self.error(
                args.full_span(),
                "`FROM` takes an image and optionally `AS name`",
                "Write `FROM image:tag AS name`.",
            ),
        }
        let lower = base.value.to_ascii_lowercase();
        let base_stage = if base.known { self.stage_names.get(&lower).copied() } else { None };
        if let Some(name) = &name {
            self.stage_names.entry(name.value.clone()).or_insert(stage_index);
        }
        let platform = from.flag("platform").map(|flag| {
            let raw = flag.value.clone().unwrap_or_default();
            let expanded = self.globals.expand(&raw, escape);
            Token { raw, value: expanded.value, known: expanded.known, span: flag.value_span.unwrap_or(flag.span) }
        });
        Stage {
            index: stage_index,
            from: index,
            instructions: index..index + 1,
            scratch: base.known && lower == "scratch",
            base,
            platform,
            name,
            base_stage,
        }
    }
}

/// A heredoc with where its terminator line ends and the next line starts.
struct ReadHeredoc {
    heredoc: Heredoc,
    end: usize,
    next: usize,
}

impl ReadHeredoc {
    fn empty(opener: Opener, at: usize) -> Self {
        Self {
            heredoc: Heredoc {
                delimiter: opener.delimiter,
                opener_span: opener.span,
                quoted: opener.quoted,
                strip_tabs: opener.strip_tabs,
                fd: opener.fd,
                body: ShellText::default(),
                body_span: Span::at(at),
                is_shell: false,
            },
            end: 0,
            next: at,
        }
    }
}

/// The start of the first line at or after `from` that begins with an instruction keyword (or the end): where an
/// unterminated heredoc is taken to stop, so that the instructions after it are still read.
fn next_instruction_line(src: &str, from: usize) -> usize {
    let mut pos = from;
    while let Some(line) = line_at(src, pos) {
        let text = src.get(line.start..line.end).unwrap_or("").trim_start();
        let word = text.split(|c: char| c.is_ascii_whitespace()).next().unwrap_or("");
        if Keyword::parse(word) != Keyword::Unknown {
            return line.start;
        }
        pos = line.next;
    }
    src.len()
}

/// Sets [`Heredoc::is_shell`]: a `RUN` heredoc whose command is only the heredoc (the default shell runs it) or
/// whose program is a shell, unless the body starts with a `#!` line naming something else.
fn mark_shell_heredocs(instruction: &mut Instruction) {
    if instruction.keyword != Keyword::Run || instruction.heredocs.is_empty() {
        return;
    }
    let commands = instruction.shell_text().map(shell::split).unwrap_or_default();
    let mut used = vec![false; commands.len()];
    for heredoc in &mut instruction.heredocs {
        let found = commands.iter().enumerate().find(|(at, command)| {
            !used.get(*at).copied().unwrap_or(true)
                && command.redirects.iter().any(|redirect| {
                    redirect.op.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with("<<")
                        && !redirect.op.ends_with("<<<")
                        && redirect.target.as_ref().is_some_and(|target| target.value == heredoc.delimiter)
                })
        });
        let Some((at, command)) = found else { continue };
        if let Some(slot) = used.get_mut(at) {
            // Several heredocs may feed one command; only the first of them is its standard input.
            *slot = true;
        }
        let shell_program = command.name().is_none_or(|name| SHELLS.contains(&name));
        heredoc.is_shell = shell_program && shebang_is_shell(heredoc.body.as_str());
    }
}

/// The body has no `#!` line, or one that names a shell (directly or through `env`).
fn shebang_is_shell(body: &str) -> bool {
    let Some(line) = body.strip_prefix("#!") else { return true };
    let line = line.lines().next().unwrap_or("");
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else { return true };
    let mut program = first.rsplit('/').next().unwrap_or(first);
    if program == "env" {
        program = words.find(|word| !word.starts_with('-') && !word.contains('=')).unwrap_or("");
    }
    SHELLS.contains(&program)
}

/// `# name = value` with `name` starting with a letter and made of letters and digits (BuildKit's
/// `reDirectives`): the spans of the name and of the trimmed value.
fn directive_parts(line: &str, offset: usize) -> Option<(Span, Span)> {
    let rest = line.strip_prefix('#')?;
    let name_start = rest.len() - rest.trim_start().len();
    let after = rest.get(name_start..)?;
    let name_len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if name_len == 0 || !after.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let after_name = after.get(name_len..)?;
    let eq_rest = after_name.trim_start().strip_prefix('=')?;
    let value = eq_rest.trim();
    if value.is_empty() {
        return None;
    }
    let name_at = offset + 1 + name_start;
    let value_at = offset + line.len() - eq_rest.len() + (eq_rest.len() - eq_rest.trim_start().len());
    Some((Span::new(name_at, name_at + name_len), Span::new(value_at, value_at + value.len())))
}

fn skip_blanks(bytes: &[u8], mut at: usize, end: usize) -> usize {
    while at < end && bytes.get(at).copied().is_some_and(is_blank) {
        at += 1;
    }
    at
}

/// Ranges of the words of `text` split on BuildKit's whitespace, quotes not honoured (`parseStringsWhitespace
/// Delimited`, used for `FROM`, `EXPOSE`, and shell-form `COPY`/`ADD`/`VOLUME`).
fn split_blank(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        at = skip_blanks(bytes, at, bytes.len());
        let start = at;
        while at < bytes.len() && !bytes.get(at).copied().is_some_and(is_blank) {
            at += 1;
        }
        if at > start {
            out.push(start..at);
        }
    }
    out
}

/// BuildKit's `parseWords` (for `ENV`, `ARG`, `LABEL`): words split on whitespace outside quotes, with the
/// escape character protecting the next character. Returns raw ranges (quotes kept).
fn parse_words(text: &str, escape: u8) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    let mut start: Option<usize> = None;
    let mut quote: Option<u8> = None;
    while let Some(&byte) = bytes.get(at) {
        if let Some(q) = quote {
            if byte == q {
                quote = None;
            } else if byte == escape && q != b'\'' {
                at += 1;
            }
        } else {
            if byte.is_ascii_whitespace() || byte == b'\x0b' {
                if let Some(s) = start.take() {
                    out.push(s..at);
                }
                at += 1;
                continue;
            }
            start.get_or_insert(at);
            if byte == b'\'' || byte == b'"' {
                quote = Some(byte);
            } else if byte == escape {
                at += 1;
            }
        }
        at += 1;
    }
    if let Some(s) = start {
        out.push(s..bytes.len());
    }
    out
}

/// BuildKit's `extractBuilderFlags`: the `--name[=value]` words at the start of `start..end`, and where the rest
/// begins. A bare `--` ends the flags and is dropped.
fn extract_flags(logical: &ShellText, start: usize, end: usize) -> (Vec<Flag>, usize) {
    let text = logical.as_str();
    let bytes = text.as_bytes();
    let mut flags = Vec::new();
    let mut at = start;
    loop {
        at = skip_blanks(bytes, at, end);
        if at + 1 >= end || bytes.get(at..at + 2) != Some(b"--") {
            return (flags, at);
        }
        let word_start = at;
        let mut quote: Option<u8> = None;
        let mut unquoted = Vec::new();
        let mut eq: Option<(usize, usize)> = None;
        while at < end {
            let Some(&byte) = bytes.get(at) else { break };
            match quote {
                None if byte.is_ascii_whitespace() => break,
                None if byte == b'\'' || byte == b'"' => quote = Some(byte),
                Some(q) if byte == q => quote = None,
                _ if byte == b'\\' => {
                    at += 1;
                    if let Some(&next) = bytes.get(at).filter(|_| at < end) {
                        unquoted.push(next);
                    }
                }
                _ => {
                    if byte == b'=' && quote.is_none() && eq.is_none() {
                        eq = Some((at, unquoted.len()));
                    }
                    unquoted.push(byte);
                }
            }
            at += 1;
        }
        let word = String::from_utf8_lossy(&unquoted).into_owned();
        if word == "--" {
            return (flags, at);
        }
        let (name, value, name_span, value_span) = match eq {
            Some((raw_eq, unquoted_eq)) => (
                word.get(2..unquoted_eq).unwrap_or("").to_owned(),
                Some(word.get(unquoted_eq + 1..).unwrap_or("").to_owned()),
                logical.span(word_start + 2..raw_eq),
                Some(logical.span(raw_eq + 1..at)),
            ),
            None => (word.get(2..).unwrap_or("").to_owned(), None, logical.span(word_start + 2..at), None),
        };
        flags.push(Flag { name, value, span: logical.span(word_start..at), name_span, value_span });
    }
}

/// A token for `range` of `text`, expanded against `scope`.
fn token(text: &ShellText, range: Range<usize>, scope: &Vars, escape: char) -> Token {
    let raw = text.as_str().get(range.clone()).unwrap_or("").to_owned();
    let expanded = scope.expand(&raw, escape);
    Token { raw, value: expanded.value, known: expanded.known, span: text.span(range) }
}

/// The whole argument text as one token (`USER`, `WORKDIR`, `STOPSIGNAL`, `MAINTAINER`).
fn whole_token(args: &ShellText, scope: &Vars, escape: char) -> Token {
    token(args, 0..args.len(), scope, escape)
}

fn split_tokens(args: &ShellText, scope: &Vars, escape: char) -> Vec<Token> {
    split_blank(args.as_str()).into_iter().map(|range| token(args, range, scope, escape)).collect()
}

/// The elements of a list instruction (`COPY`, `ADD`, `VOLUME`): JSON elements (expanded, as BuildKit does for
/// these), or whitespace-separated words.
fn list_tokens(parsed: &Args, args: &ShellText, scope: &Vars, escape: char) -> Vec<Token> {
    match parsed {
        Args::Exec(items) => items
            .iter()
            .map(|item| {
                let expanded = scope.expand(&item.value, escape);
                Token { value: expanded.value, known: expanded.known, ..item.clone() }
            })
            .collect(),
        Args::Shell(_) => split_tokens(args, scope, escape),
    }
}

/// `ARG` pairs: `NAME` or `NAME=default`, defaults expanded.
fn arg_pairs(args: &ShellText, escape: u8, scope: &Vars) -> Vec<Pair> {
    let text = args.as_str();
    parse_words(text, escape)
        .into_iter()
        .map(|word| {
            let raw = text.get(word.clone()).unwrap_or("");
            match raw.find('=') {
                Some(eq) => Pair {
                    name: raw.get(..eq).unwrap_or("").to_owned(),
                    name_span: args.span(word.start..word.start + eq),
                    value: Some(token(args, word.start + eq + 1..word.end, scope, char::from(escape))),
                    span: args.span(word),
                },
                None => Pair {
                    name: raw.to_owned(),
                    name_span: args.span(word.clone()),
                    value: None,
                    span: args.span(word),
                },
            }
        })
        .collect()
}

fn user_of(token: Token) -> User {
    let (user, group) = match token.value.split_once(':') {
        Some((user, group)) => (user.to_owned(), Some(group.to_owned())),
        None => (token.value.clone(), None),
    };
    // Sub-spans are exact only when the text was written as is (no quotes, variables or continuations).
    let literal = token.raw == token.value && token.span.len() == token.raw.len();
    let (user_span, group_span) = if literal {
        let start = token.span.start;
        match token.raw.find(':') {
            Some(colon) => (Span::new(start, start + colon), Some(Span::new(start + colon + 1, token.span.end))),
            None => (token.span, None),
        }
    } else {
        (token.span, group.as_ref().map(|_| token.span))
    };
    User { token, user, group, user_span, group_span }
}

fn port_of(token: Token) -> Port {
    let (number, protocol) = match token.value.split_once('/') {
        Some((number, protocol)) => (number.to_owned(), protocol.to_ascii_lowercase()),
        None => (token.value.clone(), "tcp".to_owned()),
    };
    let (start, end) = if token.known {
        let (first, last) = number.split_once('-').unwrap_or((&number, &number));
        (first.parse().ok(), last.parse().ok())
    } else {
        (None, None)
    };
    Port { token, start, end, protocol }
}

/// BuildKit's stage-name rule: `^[a-z][a-z0-9-_\.]*$` after lower-casing.
fn valid_stage_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
}

/// The heredoc openers among the words of a `RUN`/`COPY`/`ADD` line: words matching BuildKit's
/// `^(\d*)<<(-?)([^<]*)$` with a non-empty delimiter word.
fn heredoc_openers(args: &ShellText) -> Vec<Opener> {
    let text = args.as_str();
    let mut out = Vec::new();
    for range in shell_words(text) {
        let word = text.get(range.clone()).unwrap_or("");
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let Some(rest) = word.get(digits..).and_then(|w| w.strip_prefix("<<")) else { continue };
        let (strip_tabs, rest) = match rest.strip_prefix('-') {
            Some(after) => (true, after),
            None => (false, rest),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let quoted = rest.contains(['\'', '"']);
        let delimiter = unquote(rest);
        if delimiter.is_empty() {
            continue;
        }
        let fd = word.get(..digits).filter(|d| !d.is_empty()).and_then(|d| d.parse().ok());
        out.push(Opener { delimiter, span: args.span(range), quoted, strip_tabs, fd });
    }
    out
}

/// Words split on whitespace outside quotes, `\` escaping the next character; quotes kept (BuildKit lexes the
/// line with `RawQuotes` to find heredocs).
fn shell_words(text: &str) -> Vec<Range<usize>> {
    parse_words(text, b'\\')
}

/// Removes quotes and backslash escapes.
fn unquote(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut quote: Option<char> = None;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None | Some('"'), '\\') => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// How a text reads as a JSON array (BuildKit's `parseJSON`).
enum Json {
    /// An array of strings: each decoded, with the range of its quoted token.
    Strings(Vec<(String, Range<usize>)>),
    /// Valid JSON, but not an array of strings: BuildKit rejects it.
    NotStrings,
    /// Not JSON: read as shell form.
    Invalid,
}

/// Reads the JSON value at the start of `text` (what follows it is ignored, as by Go's `json.Decoder`).
fn json_strings(text: &str) -> Json {
    let mut reader = JsonReader { bytes: text.as_bytes(), at: 0 };
    reader.blanks();
    if reader.peek() != Some(b'[') {
        return if reader.value(0).is_some() { Json::NotStrings } else { Json::Invalid };
    }
    reader.at += 1;
    let mut values = Vec::new();
    let mut strings_only = true;
    reader.blanks();
    if reader.peek() == Some(b']') {
        return Json::Strings(Vec::new());
    }
    loop {
        reader.blanks();
        let start = reader.at;
        if reader.peek() == Some(b'"') {
            let Some(value) = reader.string() else { return Json::Invalid };
            values.push((value, start..reader.at));
        } else if reader.value(1).is_some() {
            strings_only = false;
        } else {
            return Json::Invalid;
        }
        reader.blanks();
        match reader.next() {
            Some(b',') => {}
            Some(b']') => break,
            _ => return Json::Invalid,
        }
    }
    if strings_only {
        Json::Strings(values)
    } else {
        Json::NotStrings
    }
}

/// A validating reader of JSON text (RFC 8259), for the exec form's array. Nesting deeper than serde_json's
/// and Go's limits is refused, so a crafted instruction cannot exhaust the stack.
struct JsonReader<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl JsonReader<'_> {
    const MAX_DEPTH: usize = 128;

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Skips one value; `None` when it is not valid JSON.
    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > Self::MAX_DEPTH {
            return None;
        }
        self.blanks();
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'[' => self.collection(b']', depth, false),
            b'{' => self.collection(b'}', depth, true),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number(),
        }
    }

    fn collection(&mut self, close: u8, depth: usize, keyed: bool) -> Option<()> {
        self.at += 1;
        self.blanks();
        if self.peek() == Some(close) {
            self.at += 1;
            return Some(());
        }
        loop {
            if keyed {
                self.blanks();
                if self.peek() != Some(b'"') {
                    return None;
                }
                self.string()?;
                self.blanks();
                (self.next()? == b':').then_some(())?;
            }
            self.value(depth + 1)?;
            self.blanks();
            match self.next()? {
                b',' => {}
                byte if byte == close => return Some(()),
                _ => return None,
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    fn number(&mut self) -> Option<()> {
        let digits = |reader: &mut Self| {
            let start = reader.at;
            while reader.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                reader.at += 1;
            }
            (reader.at > start).then_some(())
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        if self.peek() == Some(b'0') {
            self.at += 1;
        } else {
            digits(self)?;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            digits(self)?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            digits(self)?;
        }
        Some(())
    }

    /// Reads a string token and decodes it; `None` for a bad escape, a raw control character or a lone surrogate.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while self.peek().is_some_and(|byte| byte != b'"' && byte != b'\\' && byte >= 0x20) {
                self.at += 1;
            }
            out.push_str(std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?);
            match self.next()? {
                b'"' => return Some(out),
                b'\\' => {}
                _ => return None,
            }
            let decoded = match self.next()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => self.unicode_escape()?,
                _ => return None,
            };
            out.push(decoded);
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` read), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first);
        }
        if self.next()? != b'\\' || self.next()? != b'u' {
            return None;
        }
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let value = u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
        self.at += 4;
        Some(value)
    }
}

/// Splits a `--mount` style value into `key[=value]` options; see [`Flag::options`].
pub(super) fn flag_options(value: &str) -> Vec<(String, Option<String>)> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
        .into_iter()
        .filter(|field| !field.trim().is_empty())
        .map(|field| match field.split_once('=') {
            Some((key, value)) => (key.trim().to_ascii_lowercase(), Some(value.to_owned())),
            None => (field.trim().to_ascii_lowercase(), None),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{json_strings, Json};

    fn strings(text: &str) -> Option<Vec<String>> {
        match json_strings(text) {
            Json::Strings(items) => Some(
                items
                    .into_iter()
                    .map(|(value, range)| {
                        assert!(text
                            .get(range.clone())
                            .is_some_and(|token| token.starts_with('"') && token.ends_with('"')));
                        value
                    })
                    .collect(),
            ),
            Json::NotStrings | Json::Invalid => None,
        }
    }

    #[test]
    fn reads_exec_form_arrays_as_json_does() {
        assert_eq!(strings(" [\"a\", \"b c\"] # trailing"), Some(vec!["a".to_owned(), "b c".to_owned()]));
        assert_eq!(strings("[\"\\u00e9\\n\\\"\\ud83d\\ude00\\/\"]"), Some(vec!["é\n\"😀/".to_owned()]));
        assert_eq!(strings("[]"), Some(Vec::new()));
        for not_strings in ["[1, \"a\"]", "{\"a\": [true, null, -1.5e3]}", "\"a\"", "[[\"a\"]]"] {
            assert!(matches!(json_strings(not_strings), Json::NotStrings), "{not_strings}");
        }
        for invalid in [
            "[\"a\" \"b\"]",
            "[\"a\",]",
            "[\"\\x\"]",
            "[\"\\ud800\"]",
            "[\"a\tb\"]",
            "[01]",
            "[\"\\u+123\"]",
            "echo [",
            "[\"a\"",
        ] {
            assert!(matches!(json_strings(invalid), Json::Invalid), "{invalid}");
        }
        let deep = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert!(matches!(json_strings(&deep), Json::Invalid));
    }
}
