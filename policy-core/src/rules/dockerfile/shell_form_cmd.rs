use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::dockerfile::{self as stages, describe};
use crate::syntax::shell::{self, ShellText};

declare_rule! {
    /// ## What it does
    /// Reports `CMD` and `ENTRYPOINT` written in shell form (`CMD npm start`) in the final stage and the stages it
    /// is built `FROM`. When the command is plain words (no variables, quotes that matter, globs, redirections,
    /// `&&`, `|` or `;`), the fix rewrites it in exec form: `CMD ["npm", "start"]`; a leading `exec` is dropped.
    ///
    /// ## Why it matters
    /// In shell form Docker runs `/bin/sh -c "npm start"`: the shell is PID 1, and it does not pass `SIGTERM` on
    /// to the app, so `docker stop` and Kubernetes wait out the grace period and kill it, with no graceful
    /// shutdown. The article's `CMD npm start` and `ENTRYPOINT ./goapp` are both written this way. A shell-form
    /// `ENTRYPOINT` also ignores every `CMD` and `docker run` argument.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// WORKDIR /app
    /// CMD npm start
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-alpine
    /// WORKDIR /app
    /// CMD ["npm", "start"]
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3025`.
    pub static RULE = {
        id: "shell-form-cmd",
        severity: Warning,
        category: Reliability,
        summary: "CMD or ENTRYPOINT in shell form, so the app does not receive signals",
        peers: [("hadolint", "DL3025")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lineage = stages::final_lineage(ctx.file);
    for (stage, instruction) in stages::effective_commands(ctx.file, &lineage) {
        let Some(text) = instruction.shell_text().filter(|text| !text.as_str().trim().is_empty()) else {
            continue;
        };
        let keyword = instruction.keyword.as_str();
        let mut diagnostic = Diagnostic::new(
            RULE.id,
            text.full_span(),
            format!("{keyword} in {} is in shell form, so `/bin/sh -c` runs it and keeps the signals", describe(stage)),
            format!("Write it as a JSON array so the program runs as PID 1: `{keyword} [\"program\", \"arg\"]`."),
        );
        if let Some(exec) = exec_form(text) {
            diagnostic =
                diagnostic.with_fix(Fix::replace(format!("Write {keyword} in exec form"), text.full_span(), exec));
        }
        out.push(diagnostic);
    }
}

/// The exec form of a shell command made of plain words, or `None` when the shell does work in it (expansion,
/// globbing, redirection, several commands) that exec form would drop.
fn exec_form(text: &ShellText) -> Option<String> {
    let commands = shell::split(text);
    let [command] = commands.as_slice() else { return None };
    if !command.redirects.is_empty() || command.operator.is_some() {
        return None;
    }
    let leading = command.words.get(..command.program?)?;
    if !leading.iter().all(|word| word.value == "exec" && !word.quoted) {
        return None;
    }
    let argv = command.argv();
    let plain =
        argv.iter().all(|word| !word.dynamic && (word.quoted || !word.value.contains(['*', '?', '[', '~', '{'])));
    if argv.is_empty() || !plain {
        return None;
    }
    let items: Vec<String> = argv.iter().map(|word| serde_json::Value::from(word.value.as_str()).to_string()).collect();
    Some(format!("[{}]", items.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    #[test]
    fn the_articles_commands_are_reported_at_their_text() {
        let text = "FROM node:alpine\nWORKDIR /app\nEXPOSE 8080\nCMD npm start\n";
        assert_eq!(positions(RULE.id, text), [(4, 5)]);
        assert_eq!(flagged_text(RULE.id, text), ["npm start"]);
        let go = "FROM alpine\nWORKDIR /app\nENTRYPOINT ./goapp\n";
        assert_eq!(positions(RULE.id, go), [(3, 12)]);
    }

    #[test]
    fn fix_writes_exec_form_for_plain_words() {
        assert_eq!(fixed(RULE.id, "FROM alpine\ncmd npm start\n"), "FROM alpine\ncmd [\"npm\", \"start\"]\n");
        assert_eq!(
            fixed(RULE.id, "FROM alpine\nENTRYPOINT exec java -jar 'my app.jar'\n"),
            "FROM alpine\nENTRYPOINT [\"java\", \"-jar\", \"my app.jar\"]\n"
        );
        assert_eq!(
            fixed(RULE.id, "FROM alpine\nCMD gunicorn \\\n    --bind 0.0.0.0:8000 app:wsgi\n"),
            "FROM alpine\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:wsgi\"]\n"
        );
    }

    #[test]
    fn no_fix_when_the_shell_does_work() {
        for text in [
            "FROM alpine\nCMD node server.js --port $PORT\n",
            "FROM alpine\nCMD ./migrate && ./serve\n",
            "FROM alpine\nCMD ./serve > /var/log/serve.log\n",
            "FROM alpine\nCMD cat *.conf\n",
        ] {
            let found = findings(RULE.id, text);
            assert_eq!(found.len(), 1, "{text}");
            assert!(found.iter().all(|f| f.fix.is_none()), "{text}");
        }
    }

    #[test]
    fn exec_form_and_build_stages_are_fine() {
        let text = "FROM golang:1.22 AS build\nCMD go test ./...\nFROM scratch\nCMD [\"/app\"]\n";
        assert_eq!(positions(RULE.id, text), []);
        let inherited = "FROM alpine:3.20 AS base\nENTRYPOINT /entry.sh\nFROM base\n";
        assert_eq!(positions(RULE.id, inherited), [(2, 12)]);
        let overridden = "FROM alpine:3.20\nCMD ./old\nCMD [\"./new\"]\nFROM alpine:3.20 AS base\n";
        assert_eq!(positions(RULE.id, overridden), []);
        let replaced = "FROM alpine:3.20 AS base\nCMD ./old\nFROM base\nCMD [\"./new\"]\nENTRYPOINT exec tini --\n";
        assert_eq!(positions(RULE.id, replaced), [(5, 12)]);
    }
}
