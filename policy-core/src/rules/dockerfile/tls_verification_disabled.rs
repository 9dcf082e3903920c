use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::describe;
use crate::rules::dockerfile::run_commands::{arguments, Arg};
use crate::syntax::dockerfile::ast::Keyword;
use crate::syntax::shell::Command;

declare_rule! {
    /// ## What it does
    /// Reports what turns off TLS certificate verification for a download tool in the image, one finding per
    /// cause, at the option or variable:
    /// - in a `RUN`: `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip install --trusted-host`,
    ///   `npm`/`yarn`/`pnpm config set strict-ssl false`, `git config http.sslVerify false` (or `git -c
    ///   http.sslVerify=false`), and `sslverify=0` (or `false`, `no`) given to `yum-config-manager` or
    ///   `dnf config-manager`;
    /// - in `ENV`, `ARG` or an assignment in a `RUN` (`export`, `env`, `NAME=value command`):
    ///   `PYTHONHTTPSVERIFY=0`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `NPM_CONFIG_STRICT_SSL=false`, and
    ///   `GIT_SSL_NO_VERIFY` or `PIP_TRUSTED_HOST` set to anything.
    ///
    /// ## Why it matters
    /// Without verification, anyone on the network path of the build (or, for variables left in `ENV`, of the
    /// running container) can serve their own packages and scripts in place of the real ones. checkov's
    /// `CKV2_DOCKER_2` to `CKV2_DOCKER_6` and `CKV2_DOCKER_12` to `CKV2_DOCKER_16` check the same causes. A private
    /// certificate authority is trusted by adding its certificate to the image, not by turning checks off.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSLk https://downloads.example.com/tool.tar.gz -o /tmp/tool.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// COPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt
    /// RUN update-ca-certificates && curl -fsSL https://downloads.example.com/tool.tar.gz -o /tmp/tool.tar.gz
    /// ```
    ///
    /// ## Peers
    /// checkov `CKV2_DOCKER_2` (curl), `CKV2_DOCKER_3` (wget), `CKV2_DOCKER_4` (pip `--trusted-host`),
    /// `CKV2_DOCKER_5` (`PYTHONHTTPSVERIFY`), `CKV2_DOCKER_6` (`NODE_TLS_REJECT_UNAUTHORIZED`), `CKV2_DOCKER_12`
    /// (`NPM_CONFIG_STRICT_SSL`), `CKV2_DOCKER_13` (npm and yarn `strict-ssl`), `CKV2_DOCKER_14`
    /// (`GIT_SSL_NO_VERIFY`), `CKV2_DOCKER_15` (yum and dnf `sslverify`) and `CKV2_DOCKER_16` (`PIP_TRUSTED_HOST`).
    pub static RULE = {
        id: "tls-verification-disabled",
        severity: Error,
        category: Security,
        summary: "a build step or variable turns off TLS certificate verification",
        peers: [
            ("checkov", "CKV2_DOCKER_2"),
            ("checkov", "CKV2_DOCKER_3"),
            ("checkov", "CKV2_DOCKER_4"),
            ("checkov", "CKV2_DOCKER_5"),
            ("checkov", "CKV2_DOCKER_6"),
            ("checkov", "CKV2_DOCKER_12"),
            ("checkov", "CKV2_DOCKER_13"),
            ("checkov", "CKV2_DOCKER_14"),
            ("checkov", "CKV2_DOCKER_15"),
            ("checkov", "CKV2_DOCKER_16"),
        ],
        checks: [Check::Dockerfile(check)],
    }
}

/// curl options whose value is the next word, so that a letter inside their value is not read as `-k`.
const CURL_VALUE_OPTIONS: &[&str] = &[
    "-o",
    "-H",
    "-d",
    "-u",
    "-X",
    "-A",
    "-e",
    "-x",
    "-w",
    "-T",
    "-F",
    "-b",
    "-c",
    "-m",
    "-r",
    "-E",
    "-K",
    "--output",
    "--header",
    "--data",
    "--user",
    "--request",
    "--user-agent",
    "--referer",
    "--proxy",
    "--write-out",
    "--upload-file",
    "--form",
    "--cookie",
    "--cookie-jar",
    "--max-time",
    "--range",
    "--cert",
    "--config",
    "--cacert",
];

/// Whether a variable's value turns verification off, and how to say so.
fn variable_disables(name: &str, value: &str) -> Option<&'static str> {
    let value = value.trim();
    match name.to_ascii_uppercase().as_str() {
        "PYTHONHTTPSVERIFY" if value == "0" => Some("Python's HTTPS certificate checks"),
        "NODE_TLS_REJECT_UNAUTHORIZED" if value == "0" => Some("Node.js's TLS certificate checks"),
        "NPM_CONFIG_STRICT_SSL" if value.eq_ignore_ascii_case("false") => Some("npm's TLS certificate checks"),
        "GIT_SSL_NO_VERIFY" => Some("git's TLS certificate checks"),
        "PIP_TRUSTED_HOST" => Some("pip's TLS certificate checks for the hosts it names"),
        _ => None,
    }
}

fn falsy(value: &str) -> bool {
    matches!(value.to_ascii_lowercase().as_str(), "0" | "false" | "no" | "off")
}

/// The option that turns verification off in `command`, with what it turns off.
fn disabling_option(command: &Command) -> Option<(&crate::syntax::shell::Word, &'static str)> {
    let name = command.name()?;
    let args = || command.args().iter();
    match name {
        "curl" => arguments(command, CURL_VALUE_OPTIONS).into_iter().find_map(|arg| match arg {
            Arg::Long { name: "insecure", word, .. } | Arg::Short { letter: 'k', word, .. } => {
                Some((word, "curl's certificate checks"))
            }
            _ => None,
        }),
        "wget" => {
            args().find(|word| word.value == "--no-check-certificate").map(|word| (word, "wget's certificate checks"))
        }
        "pip" | "pip3" => args()
            .find(|word| word.value == "--trusted-host" || word.value.starts_with("--trusted-host="))
            .map(|word| (word, "pip's certificate checks for that host")),
        "npm" | "yarn" | "pnpm" => {
            let words: Vec<&str> = args().map(|word| word.value.as_str()).collect();
            let strict = args().position(|word| {
                word.value == "strict-ssl" || word.value.strip_prefix("strict-ssl=").is_some_and(falsy)
            })?;
            let inline = words.get(strict).is_some_and(|word| word.contains('='));
            let off = inline || words.get(strict + 1).is_some_and(|value| falsy(value));
            let sets = words.contains(&"set");
            (off && sets)
                .then(|| args().nth(strict))
                .flatten()
                .map(|word| (word, "the package manager's TLS certificate checks"))
        }
        "git" => {
            let words: Vec<&crate::syntax::shell::Word> = args().collect();
            words.iter().enumerate().find_map(|(at, word)| {
                let lower = word.value.to_ascii_lowercase();
                let inline = lower.strip_prefix("http.sslverify=").is_some_and(falsy);
                let separate = lower == "http.sslverify" && words.get(at + 1).is_some_and(|next| falsy(&next.value));
                (inline || separate).then_some((*word, "git's TLS certificate checks"))
            })
        }
        "yum-config-manager" | "dnf" | "yum" | "microdnf" => args()
            .find(|word| {
                let lower = word.value.to_ascii_lowercase();
                lower.split_once("sslverify=").is_some_and(|(_, value)| falsy(value))
            })
            .map(|word| (word, "the package manager's TLS certificate checks")),
        _ => None,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let help = "Keep certificate verification on; to trust a private certificate authority, add its certificate to \
                the image (`update-ca-certificates`) or point the tool at it (`--cacert`, `PIP_CERT`, `NODE_EXTRA_CA_CERTS`).";
    for run in ctx.runs {
        for (_, command) in run.commands() {
            if let Some((word, what)) = disabling_option(command) {
                out.push(Diagnostic::new(
                    RULE.id,
                    word.span,
                    format!("`{}` in {} turns off {what}", word.value, run.place()),
                    help,
                ));
            }
            for word in &command.words {
                let Some((name, value)) = word.value.split_once('=') else { continue };
                if let Some(what) = variable_disables(name, value) {
                    out.push(Diagnostic::new(
                        RULE.id,
                        word.span,
                        format!("`{}` in {} turns off {what}", word.value, run.place()),
                        help,
                    ));
                }
            }
        }
    }
    for instruction in &ctx.file.instructions {
        if !matches!(instruction.keyword, Keyword::Env | Keyword::Arg) {
            continue;
        }
        let place = instruction
            .stage
            .and_then(|at| ctx.file.stages.get(at))
            .map_or_else(|| "before the first FROM".to_owned(), |stage| format!("in {}", describe(stage)));
        for pair in instruction.pairs() {
            let Some(value) = &pair.value else { continue };
            if let Some(what) = variable_disables(&pair.name, &value.value) {
                out.push(Diagnostic::new(
                    RULE.id,
                    pair.span,
                    format!("{} `{}` {place} turns off {what}", instruction.keyword.as_str(), pair.name),
                    help,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text};

    #[test]
    fn each_tool_option_at_its_word() {
        let text = "FROM debian:12\nRUN curl -fsSLk https://x -o k.tgz && curl --insecure https://y \\\n && wget --no-check-certificate https://z \\\n && pip install --trusted-host pypi.example.com flask \\\n && npm config set strict-ssl false && yarn config set strict-ssl=false \\\n && git config --global http.sslVerify false && git -c http.sslverify=0 clone https://g \\\n && yum-config-manager --save --setopt=sslverify=false\n";
        assert_eq!(
            flagged_text(RULE.id, text),
            [
                "-fsSLk",
                "--insecure",
                "--no-check-certificate",
                "--trusted-host",
                "strict-ssl",
                "strict-ssl=false",
                "http.sslVerify",
                "http.sslverify=0",
                "--setopt=sslverify=false"
            ]
        );
        assert!(findings(RULE.id, text)[0].message.contains("turns off curl's certificate checks"));
    }

    #[test]
    fn variables_in_env_arg_and_run() {
        let text = "ARG PIP_TRUSTED_HOST=pypi.example.com\nFROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 PYTHONHTTPSVERIFY=1\nENV GIT_SSL_NO_VERIFY=true\nRUN export PYTHONHTTPSVERIFY=0 && NPM_CONFIG_STRICT_SSL=false npm ci\n";
        assert_eq!(
            flagged_text(RULE.id, text),
            [
                "PIP_TRUSTED_HOST=pypi.example.com",
                "NODE_TLS_REJECT_UNAUTHORIZED=0",
                "GIT_SSL_NO_VERIFY=true",
                "PYTHONHTTPSVERIFY=0",
                "NPM_CONFIG_STRICT_SSL=false"
            ]
        );
    }

    #[test]
    fn verified_downloads_pass() {
        let text = "FROM debian:12\nRUN curl -o k.out -H 'X-k: 1' https://x && wget -q https://y && npm config set strict-ssl true \\\n && git config http.sslVerify true && pip install --index-url https://p flask\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\n";
        assert_eq!(flagged_text(RULE.id, text), Vec::<String>::new());
    }
}
