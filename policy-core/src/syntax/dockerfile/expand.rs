//! Variable expansion as BuildKit's `shell.Lex.ProcessWord` does it for `FROM`, `ENV`, `ARG`, `USER`,
//! `WORKDIR`, `EXPOSE`, `COPY`/`ADD`, ..., with one difference: a variable whose value we cannot know stays as
//! written and marks the result as not known, where BuildKit would substitute whatever the build supplies.
//!
//! Supported: `$V`, `${V}`, `${V:-d}`, `${V-d}`, `${V:+x}`, `${V+x}`, `${V:?m}`, `${V?m}`, single and double
//! quotes, and the escape character (`\` or the backtick chosen by `# escape=`). Pattern forms (`${V#p}`,
//! `${V%p}`, `${V/p/r}`) are left as written and not known.

use std::collections::HashMap;

use super::ast::{Dockerfile, Keyword, Pair};

/// A string after expansion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expanded {
    pub value: String,
    /// False when `value` depends on a variable without a known value (which then stays as written).
    pub known: bool,
}

/// What one variable name means in a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Var {
    /// Set, with this value (an `ENV`, or an `ARG` with a default).
    Set(String),
    /// Declared but its value is up to the build (`ARG NAME` without default, `$TARGETPLATFORM`).
    Unknown,
}

/// The variables visible at one point of a Dockerfile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vars {
    /// The value, and whether an `ENV` set it (an `ENV` wins over an `ARG` of the same name whatever their
    /// order: Dockerfile reference, "Using ARG variables").
    vars: HashMap<String, (Var, bool)>,
    /// Undeclared names are known to be unset (the global scope of `FROM`). In a stage they are not: the base
    /// image's environment may define them.
    closed: bool,
}

/// Build arguments BuildKit defines automatically for `FROM` (see the Dockerfile reference, "Automatic platform
/// ARGs in the global scope"); their values depend on the build.
const AUTOMATIC_ARGS: [&str; 9] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETSTAGE",
];

/// Nesting depth of `${...}` inside defaults beyond which the rest is left as written, so input cannot exhaust
/// the stack.
const MAX_DEPTH: usize = 32;

impl Vars {
    /// The global scope before the first `FROM`: undeclared names are unset, platform arguments unknown.
    pub fn global() -> Self {
        let vars = AUTOMATIC_ARGS.iter().map(|name| ((*name).to_owned(), (Var::Unknown, false))).collect();
        Self { vars, closed: true }
    }

    /// A stage's scope, where undeclared names may come from the base image.
    pub fn stage() -> Self {
        Self { vars: HashMap::new(), closed: false }
    }

    /// An `ENV`: sets `name` to a value, or to an unknown value with `None`.
    pub fn set_env(&mut self, name: &str, value: Option<String>) {
        self.vars.insert(name.to_owned(), (value.map_or(Var::Unknown, Var::Set), true));
    }

    /// An `ARG`: like [`Vars::set_env`], except that it does not override an `ENV` of the same name.
    pub fn set_arg(&mut self, name: &str, value: Option<String>) {
        if self.vars.get(name).is_some_and(|(_, env)| *env) {
            return;
        }
        self.vars.insert(name.to_owned(), (value.map_or(Var::Unknown, Var::Set), false));
    }

    /// Forgets the `ARG`s, keeping the `ENV`s: what a stage built on this one inherits.
    #[must_use]
    pub fn env_only(mut self) -> Self {
        self.vars.retain(|_, (_, env)| *env);
        self.closed = false;
        self
    }

    /// `Some(Some(v))` when set, `Some(None)` when declared with an unknown value, `None` when not declared.
    pub fn get(&self, name: &str) -> Option<Option<&str>> {
        self.vars.get(name).map(|(var, _)| match var {
            Var::Set(value) => Some(value.as_str()),
            Var::Unknown => None,
        })
    }

    pub fn len(&self) -> usize {
        self.vars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }

    /// Expands one word as BuildKit's `ProcessWord` does: quotes and escapes removed, variables substituted.
    /// Whitespace is kept (`USER`, `WORKDIR` and legacy `ENV K v w` take the rest of the line as one word).
    pub fn expand(&self, raw: &str, escape: char) -> Expanded {
        let mut lexer = Lexer { text: raw.as_bytes(), pos: 0, escape: escape_byte(escape), vars: self, known: true };
        let value = lexer.word(None, 0);
        Expanded { value: bytes_to_string(value), known: lexer.known }
    }

    /// The state of `name`: set to a value, unknown, or definitely unset.
    fn lookup(&self, name: &str) -> Lookup<'_> {
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            // Positional parameters: never set in a Dockerfile.
            return Lookup::Unset;
        }
        match self.vars.get(name) {
            Some((Var::Set(value), _)) => Lookup::Set(value),
            None if self.closed => Lookup::Unset,
            Some((Var::Unknown, _)) | None => Lookup::Unknown,
        }
    }
}

fn escape_byte(escape: char) -> u8 {
    if escape == '`' {
        b'`'
    } else {
        b'\\'
    }
}

fn bytes_to_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

enum Lookup<'a> {
    Set(&'a str),
    Unknown,
    Unset,
}

/// A byte scanner over one word. Every byte it treats specially is ASCII, and everything else is copied in
/// contiguous runs, so the output stays valid UTF-8.
struct Lexer<'a> {
    text: &'a [u8],
    pos: usize,
    escape: u8,
    vars: &'a Vars,
    known: bool,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn raw(&self, from: usize, to: usize) -> &[u8] {
        self.text.get(from..to).unwrap_or(&[])
    }

    /// Reads up to `stop` (not consumed) or the end.
    fn word(&mut self, stop: Option<u8>, depth: usize) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(byte) = self.peek() {
            if Some(byte) == stop {
                break;
            }
            match byte {
                b'\'' => {
                    self.pos += 1;
                    while let Some(b) = self.peek() {
                        self.pos += 1;
                        if b == b'\'' {
                            break;
                        }
                        out.push(b);
                    }
                }
                b'"' => {
                    self.pos += 1;
                    self.double_quoted(&mut out, depth);
                }
                b'$' => self.dollar(&mut out, depth),
                b if b == self.escape => {
                    self.pos += 1;
                    if let Some(next) = self.peek() {
                        out.push(next);
                        self.pos += 1;
                    }
                }
                b => {
                    out.push(b);
                    self.pos += 1;
                }
            }
        }
        out
    }

    fn double_quoted(&mut self, out: &mut Vec<u8>, depth: usize) {
        while let Some(byte) = self.peek() {
            match byte {
                b'"' => {
                    self.pos += 1;
                    return;
                }
                b'$' => self.dollar(out, depth),
                b if b == self.escape => {
                    self.pos += 1;
                    match self.peek() {
                        None => return,
                        Some(next) if next == b'"' || next == b'$' || next == self.escape => {
                            out.push(next);
                            self.pos += 1;
                        }
                        Some(_) => out.push(b),
                    }
                }
                b => {
                    out.push(b);
                    self.pos += 1;
                }
            }
        }
    }

    /// A name: letters, digits and `_`, or a run of digits (positional parameters, never set here).
    fn name(&mut self) -> (usize, usize) {
        let start = self.pos;
        if self.peek().is_some_and(|b| b.is_ascii_digit()) {
            while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.pos += 1;
            }
        } else {
            while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                self.pos += 1;
            }
        }
        (start, self.pos)
    }

    fn dollar(&mut self, out: &mut Vec<u8>, depth: usize) {
        let start = self.pos;
        self.pos += 1;
        if self.peek() != Some(b'{') {
            let (from, to) = self.name();
            if from == to {
                out.push(b'$');
                return;
            }
            let name = String::from_utf8_lossy(self.raw(from, to)).into_owned();
            match self.vars.lookup(&name) {
                Lookup::Set(value) => out.extend_from_slice(value.as_bytes()),
                Lookup::Unset => {}
                Lookup::Unknown => {
                    self.known = false;
                    out.extend_from_slice(self.raw(start, self.pos));
                }
            }
            return;
        }
        self.pos += 1;
        let (from, to) = self.name();
        let name = String::from_utf8_lossy(self.raw(from, to)).into_owned();
        let lookup = if from == to { Lookup::Unknown } else { self.vars.lookup(&name) };
        let operator = self.peek();
        let result = match operator {
            Some(b'}') if from < to => {
                self.pos += 1;
                match lookup {
                    Lookup::Set(value) => Some(value.as_bytes().to_vec()),
                    Lookup::Unset => Some(Vec::new()),
                    Lookup::Unknown => None,
                }
            }
            Some(b':' | b'-' | b'+' | b'?') if from < to && depth < MAX_DEPTH => {
                let colon = operator == Some(b':');
                if colon {
                    self.pos += 1;
                }
                let modifier = self.peek();
                if matches!(modifier, Some(b'-' | b'+' | b'?')) {
                    self.pos += 1;
                    // The word's unknowns matter only if the word is used.
                    let known_before = self.known;
                    let word = self.word(Some(b'}'), depth + 1);
                    let word_known = self.known;
                    self.known = known_before;
                    let closed = self.peek() == Some(b'}');
                    if closed {
                        self.pos += 1;
                    }
                    match substitute(&lookup, colon, modifier, word).filter(|_| closed) {
                        Some((value, used_word)) => {
                            self.known &= word_known || !used_word;
                            Some(value)
                        }
                        None => None,
                    }
                } else {
                    self.skip_braced();
                    None
                }
            }
            _ => {
                self.skip_braced();
                None
            }
        };
        if let Some(value) = result {
            out.extend_from_slice(&value);
        } else {
            self.known = false;
            out.extend_from_slice(self.raw(start, self.pos));
        }
    }

    /// Skips to just after the `}` that closes the current `${`, counting nested braces.
    fn skip_braced(&mut self) {
        let mut depth = 1usize;
        while let Some(byte) = self.peek() {
            self.pos += 1;
            match byte {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }
}

/// The result of `${name<op>word}` and whether it is the word; `None` when it depends on an unknown value.
fn substitute(lookup: &Lookup<'_>, colon: bool, modifier: Option<u8>, word: Vec<u8>) -> Option<(Vec<u8>, bool)> {
    // With `:`, an empty value counts as unset (POSIX).
    let set = match lookup {
        Lookup::Set(value) => !colon || !value.is_empty(),
        Lookup::Unset => false,
        Lookup::Unknown => return None,
    };
    let value = match lookup {
        Lookup::Set(value) => value.as_bytes().to_vec(),
        _ => Vec::new(),
    };
    match modifier {
        Some(b'-') if set => Some((value, false)),
        Some(b'-') => Some((word, true)),
        Some(b'+') if set => Some((word, true)),
        Some(b'+') => Some((Vec::new(), false)),
        // `?` fails the build when unset; when set it is the value.
        _ => set.then_some((value, false)),
    }
}

/// The scope in effect at instruction `index` of `file`: see [`Dockerfile::vars_at`].
pub(super) fn vars_at(file: &Dockerfile, index: usize) -> Vars {
    let global_until = |end: usize| {
        let mut vars = Vars::global();
        let before_from = file.instructions.iter().take(end).take_while(|i| i.keyword != Keyword::From);
        for instruction in before_from.filter(|i| i.keyword == Keyword::Arg) {
            declare_args(&mut vars, instruction.pairs(), None);
        }
        vars
    };
    let instruction = file.instructions.get(index);
    // A `FROM` belongs to the stage it opens but expands against the global scope.
    let Some(stage_index) = instruction.filter(|i| i.keyword != Keyword::From).and_then(|i| i.stage) else {
        return global_until(index);
    };
    let globals = global_until(file.instructions.len());
    // The chain of base stages, root first: each inherits the environment of the one before.
    let mut chain = vec![stage_index];
    let mut cursor = stage_index;
    while let Some(base) = file.stages.get(cursor).and_then(|stage| stage.base_stage) {
        if base >= cursor {
            break;
        }
        chain.push(base);
        cursor = base;
    }
    let mut vars = Vars::stage();
    for (position, &stage) in chain.iter().rev().enumerate() {
        let Some(stage) = file.stages.get(stage) else { continue };
        let end = if position + 1 == chain.len() { index.min(stage.instructions.end) } else { stage.instructions.end };
        vars = vars.env_only();
        for instruction in file.instructions.get(stage.from + 1..end).unwrap_or(&[]) {
            match instruction.keyword {
                Keyword::Env => declare_env(&mut vars, instruction.pairs()),
                Keyword::Arg => declare_args(&mut vars, instruction.pairs(), Some(&globals)),
                _ => {}
            }
        }
    }
    vars
}

/// Declares `ENV` pairs with their (already expanded) values.
pub(super) fn declare_env(vars: &mut Vars, pairs: &[Pair]) {
    for pair in pairs {
        let value = pair.value.as_ref().filter(|token| token.known).map(|token| token.value.clone());
        vars.set_env(&pair.name, value);
    }
}

/// Declares `ARG` pairs: a default is the value; a bare `ARG NAME` in a stage takes the global default, as
/// BuildKit does (a global `ARG` is visible in a stage only when redeclared there).
pub(super) fn declare_args(vars: &mut Vars, pairs: &[Pair], globals: Option<&Vars>) {
    for pair in pairs {
        let value = match &pair.value {
            Some(token) => token.known.then(|| token.value.clone()),
            None => globals.and_then(|g| g.get(&pair.name)).flatten().map(str::to_owned),
        };
        vars.set_arg(&pair.name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Vars {
        let mut vars = Vars::stage();
        vars.set_env("SET", Some("v".to_owned()));
        vars.set_env("EMPTY", Some(String::new()));
        vars.set_arg("UNKNOWN", None);
        vars
    }

    fn expand(text: &str) -> (String, bool) {
        let expanded = scope().expand(text, '\\');
        (expanded.value, expanded.known)
    }

    #[test]
    fn plain_and_braced_references() {
        assert_eq!(expand("a$SET/${SET}b"), ("av/vb".to_owned(), true));
        assert_eq!(expand("$UNKNOWN/x"), ("$UNKNOWN/x".to_owned(), false));
        assert_eq!(expand("${NOT_DECLARED}"), ("${NOT_DECLARED}".to_owned(), false));
        assert_eq!(expand("cost $5 and $"), ("cost  and $".to_owned(), true), "positional parameters are unset");
    }

    #[test]
    fn default_and_alternative_forms() {
        let cases = [
            ("${SET:-d}", "v", true),
            ("${EMPTY:-d}", "d", true),
            ("${EMPTY-d}", "", true),
            ("${SET:+x}", "x", true),
            ("${EMPTY:+x}", "", true),
            ("${EMPTY+x}", "x", true),
            ("${UNKNOWN:-d}", "${UNKNOWN:-d}", false),
            ("${SET:-${UNKNOWN}}", "v", true),
            ("${EMPTY:-${SET:-z}}", "v", true),
            ("${SET?err}", "v", true),
            ("${SET#v}", "${SET#v}", false),
        ];
        for (text, value, known) in cases {
            assert_eq!(expand(text), (value.to_owned(), known), "{text}");
        }
    }

    #[test]
    fn global_scope_knows_undeclared_names_are_unset() {
        let mut vars = Vars::global();
        vars.set_arg("V", Some("1".to_owned()));
        let expanded = vars.expand("${V}-${NOPE:-d}-$NOPE", '\\');
        assert_eq!((expanded.value.as_str(), expanded.known), ("1-d-", true));
        assert!(!vars.expand("$TARGETARCH", '\\').known);
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(expand(r#"'$SET' "$SET \$ \" \x" \$SET a\ b"#), (r#"$SET v $ " \x $SET a b"#.to_owned(), true));
        let backtick = scope().expand("`$SET \"`$\" `", '`');
        assert_eq!(backtick.value, "$SET $ ");
    }

    #[test]
    fn env_beats_arg_whatever_the_order() {
        let mut vars = Vars::stage();
        vars.set_env("A", Some("env".to_owned()));
        vars.set_arg("A", Some("arg".to_owned()));
        assert_eq!(vars.get("A"), Some(Some("env")));
        vars.set_arg("B", Some("arg".to_owned()));
        vars.set_env("B", Some("env".to_owned()));
        assert_eq!(vars.get("B"), Some(Some("env")));
        let inherited = vars.clone().env_only();
        assert_eq!(inherited.len(), 2);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = format!("{}x{}", "${A:-".repeat(10_000), "}".repeat(10_000));
        let expanded = Vars::global().expand(&text, '\\');
        assert!(!expanded.known);
    }
}
