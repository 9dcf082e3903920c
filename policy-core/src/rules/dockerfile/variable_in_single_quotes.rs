use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Flags an argument of a `RUN` command that writes a variable in upper case (`$HOME`, `${APP_VERSION}`)
    /// inside single quotes, where the shell does not expand it, at the argument. Programs that expand such
    /// text themselves are not flagged: shells (`sh -c '...'`), `env`, `su`, `sudo`, `eval`, `xargs`, `find`,
    /// `awk`, `sed`, `perl`, `python`, `ruby`, `node`, `php`, `jq`, `envsubst`, `printf`, `docker-php-*`; nor is a
    /// `$` that starts no name.
    ///
    /// ## Why it matters
    /// `RUN echo 'export PATH=$HOME/bin:$PATH' >> /etc/profile` may be meant literally, but
    /// `RUN curl -o '/opt/app-$VERSION.tgz' ...` is not: single quotes keep `$VERSION` as text, and the build
    /// writes a file called `app-$VERSION.tgz`. ShellCheck calls this SC2016, which hadolint runs for `RUN`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ARG VERSION=1.4.2
    /// RUN mkdir -p '/opt/app-${VERSION}'
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ARG VERSION=1.4.2
    /// RUN mkdir -p "/opt/app-${VERSION}"
    /// ```
    ///
    /// ## Peers
    /// ShellCheck SC2016, which hadolint runs on `RUN`; no peer has a rule id of its own for it.
    pub static RULE = {
        id: "variable-in-single-quotes",
        severity: Info,
        category: Build,
        summary: "a `$VARIABLE` inside single quotes in a `RUN`, which the shell does not expand",
        peers: [],
        checks: [Check::Dockerfile(check)],
    }
}

/// Programs that expand `$NAME` in their arguments themselves, or whose arguments are scripts.
const EXPANDING: &[&str] = &[
    "sh", "bash", "ash", "dash", "zsh", "ksh", "env", "su", "sudo", "eval", "xargs", "find", "awk", "gawk", "mawk",
    "sed", "perl", "python", "python3", "ruby", "node", "php", "jq", "yq", "envsubst", "printf", "trap", "expect",
];

/// The first `$NAME` or `${NAME}` (upper case, digits, `_`) that the raw `word` writes inside single quotes.
fn quoted_variable(word: &str) -> Option<&str> {
    let bytes = word.as_bytes();
    let (mut single, mut double) = (false, false);
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\\' if !single => at += 1,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'$' if single => {
                let rest = word.get(at + 1..).unwrap_or_default();
                let name = rest.strip_prefix('{').unwrap_or(rest);
                let len =
                    name.bytes().take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_').count();
                let starts_name = name.bytes().next().is_some_and(|b| b.is_ascii_uppercase() || b == b'_');
                if starts_name && len > 1 {
                    return name.get(..len);
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        for (_, command) in run.commands() {
            let Some(program) = command.name() else { continue };
            if EXPANDING.contains(&program) || program.starts_with("docker-php-") || program.starts_with("python") {
                continue;
            }
            for word in command.args() {
                let Some(name) = quoted_variable(word.span.slice(ctx.source)) else { continue };
                out.push(Diagnostic::new(
                    RULE.id,
                    word.span,
                    format!("`${name}` in single quotes is passed to `{program}` as text, not its value ({})", run.place()),
                    format!("Use double quotes to expand it (\"...${name}...\"), or escape the `$` if the text is meant literally."),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{quoted_variable, RULE};
    use crate::rules::test_support::flagged_text;

    #[test]
    fn reads_quotes_as_the_shell_does() {
        assert_eq!(quoted_variable("'/opt/$VERSION'"), Some("VERSION"));
        assert_eq!(quoted_variable("'${APP_HOME}/bin'"), Some("APP_HOME"));
        assert_eq!(quoted_variable("\"$HOME\""), None);
        assert_eq!(quoted_variable("\"it's $HOME\""), None);
        assert_eq!(quoted_variable("'costs $5' 'a $b'"), None);
        assert_eq!(quoted_variable("\\'$HOME"), None);
    }

    #[test]
    fn flags_arguments_of_plain_programs_only() {
        let text = "FROM debian:12\nARG V=1\nRUN mkdir -p '/opt/app-${V}x' && curl -o '/tmp/$TARGET_FILE' u \\\n && sh -c 'echo $HOME' && awk '{print $NF}' f && echo \"$PATH\" && sed 's/$OLD/new/' f\n";
        assert_eq!(flagged_text(RULE.id, text), ["'/tmp/$TARGET_FILE'"]);
    }
}
