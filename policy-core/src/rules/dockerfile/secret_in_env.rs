use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::describe;
use crate::syntax::dockerfile::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports an `ENV` or `ARG` whose name says it holds a secret: a word such as `PASSWORD`, `PASSWD`, `PWD`,
    /// `PASS`, `PASSPHRASE`, `SECRET`, `TOKEN`, `APIKEY`, `CREDENTIAL(S)`, or `KEY` after `API`, `PRIVATE`,
    /// `ACCESS`, `SECRET`, `AUTH`, `ENCRYPTION`, `SIGNING`, `MASTER`, `CLIENT`, `SSH` or `LICENSE` (words are split
    /// at `_`, `-`, `.` and camelCase). Names that say they point at or describe a secret rather than hold it are
    /// left alone: a last word `FILE`, `PATH`, `DIR`, `NAME`, `URL`, `URI`, `ENDPOINT`, `HOST`, `PORT`, `ID`,
    /// `TYPE`, `LENGTH`, `TTL`, `EXPIRY` (and a few more), and names with `PUBLIC`, `GPG` or `DUMMY` (a GPG key
    /// fingerprint is public; Rails' `SECRET_KEY_BASE_DUMMY` exists so that no real key is needed).
    ///
    /// `ARG` is reported with or without a default, since a value passed with `--build-arg` is recorded in the
    /// image history of any layer that uses it. An `ENV` with an empty value is not reported: it unsets, it does
    /// not store. The finding points at the name.
    ///
    /// ## Why it matters
    /// `ENV` values are part of the image configuration: `docker inspect` and anyone who can pull the image read
    /// them. Build arguments end up in the image history and build provenance. CIS Docker Benchmark 4.10: do not
    /// store secrets in Dockerfiles. BuildKit mounts secrets for the duration of one `RUN` instead
    /// (`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`), leaving nothing in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-alpine
    /// ENV DB_PASSWORD_FILE=/run/secrets/db_password
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    /// ```
    ///
    /// ## Peers
    /// BuildKit's build check `SecretsUsedInArgOrEnv`. Open-source checkov has no equivalent (its Dockerfile checks
    /// are `CKV_DOCKER_1` to `CKV_DOCKER_11` and `CKV2_DOCKER_1` to `CKV2_DOCKER_17`).
    pub static RULE = {
        id: "secret-in-env",
        severity: Error,
        category: Security,
        summary: "ENV or ARG whose name says it holds a secret",
        peers: [("buildkit", "SecretsUsedInArgOrEnv")],
        checks: [Check::Dockerfile(check)],
    }
}

/// Words that on their own mark a secret.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "apikey",
    "credential",
    "credentials",
];

/// Words that make a following `KEY` a secret (`API_KEY`, `PRIVATE_KEY`, ...).
const KEY_QUALIFIERS: &[&str] =
    &["api", "private", "access", "secret", "auth", "encryption", "signing", "master", "client", "ssh", "license"];

/// Last words that name something about a secret rather than the secret itself.
const ABOUT_WORDS: &[&str] = &[
    "file",
    "path",
    "dir",
    "directory",
    "name",
    "url",
    "uri",
    "endpoint",
    "host",
    "port",
    "id",
    "type",
    "length",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "timeout",
    "header",
    "location",
    "ref",
    "version",
    "policy",
    "enabled",
];

/// Words that mark the whole name as not secret.
const HARMLESS_WORDS: &[&str] = &["public", "gpg", "dummy"];

/// The words of a variable name: split at `_`, `-`, `.` and lower-to-upper case changes, lower-cased. Case is
/// ASCII only: POSIX variable names are `[A-Za-z0-9_]`, the words looked for are ASCII, and Unicode case tables
/// would cost the wasm modules several kilobytes for names no shell accepts.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if matches!(c, '_' | '-' | '.') {
            words.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    words.push(current);
    words.retain(|word| !word.is_empty());
    words
}

/// Whether a variable called `name` looks like it holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    let words = words(name);
    // `PWD` alone is the shell's working directory.
    if words.is_empty() || words == ["pwd"] {
        return false;
    }
    if words.iter().any(|word| HARMLESS_WORDS.contains(&word.as_str()))
        || words.last().is_some_and(|last| ABOUT_WORDS.contains(&last.as_str()))
    {
        return false;
    }
    words.iter().enumerate().any(|(at, word)| {
        SECRET_WORDS.contains(&word.as_str())
            || word == "key"
                && at
                    .checked_sub(1)
                    .and_then(|before| words.get(before))
                    .is_some_and(|q| KEY_QUALIFIERS.contains(&q.as_str()))
    })
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.file.instructions {
        let keyword = instruction.keyword;
        if !matches!(keyword, Keyword::Env | Keyword::Arg) {
            continue;
        }
        let place = match instruction.stage.and_then(|index| ctx.file.stages.get(index)) {
            Some(stage) => format!("in {}", describe(stage)),
            None => "before the first FROM".to_owned(),
        };
        for pair in instruction.pairs() {
            let empty = pair.value.as_ref().is_some_and(|value| value.known && value.value.is_empty());
            if !is_secret_name(&pair.name) || keyword == Keyword::Env && empty {
                continue;
            }
            let (what, help) = if keyword == Keyword::Env {
                ("stores it in the image configuration", "Pass it at run time (a Kubernetes Secret, `docker run --env-file`), or to one build step with `RUN --mount=type=secret,id=...,env=NAME`.")
            } else {
                ("records its value in the image history", "Mount it for the step that needs it: `RUN --mount=type=secret,id=...,env=NAME` and `docker build --secret id=...`.")
            };
            out.push(Diagnostic::new(
                RULE.id,
                pair.name_span,
                format!(
                    "{} `{}` {place} looks like a secret; the {} {what}",
                    keyword.as_str(),
                    pair.name,
                    keyword.as_str()
                ),
                help,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_secret_name, RULE};
    use crate::rules::test_support::{flagged_text, positions};

    #[test]
    fn secret_names() {
        for name in [
            "PASSWORD",
            "DB_PASSWORD",
            "POSTGRES_PASSWD",
            "MYSQL_ROOT_PWD",
            "REDIS_PASS",
            "GITHUB_TOKEN",
            "npmAuthToken",
            "AWS_SECRET_ACCESS_KEY",
            "STRIPE_API_KEY",
            "ApiKey",
            "SSH_PRIVATE_KEY",
            "GOOGLE_APPLICATION_CREDENTIALS",
            "CLIENT_SECRET",
            "SECRET_KEY_BASE",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn names_that_are_not_secrets() {
        for name in [
            "PWD",
            "DB_PASSWORD_FILE",
            "SECRETS_DIR",
            "TOKEN_URL",
            "AWS_ACCESS_KEY_ID",
            "GPG_KEY",
            "PUBLIC_KEY",
            "SECRET_KEY_BASE_DUMMY",
            "KEYCLOAK_VERSION",
            "MONKEY",
            "PASSENGER_VERSION",
            "BYPASS",
            "NODE_ENV",
            "TOKENIZERS_PARALLELISM",
            "KEY",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn points_at_each_name_of_env_and_arg() {
        let text =
            "ARG GITHUB_TOKEN\nFROM alpine:3.20\nENV APP=1 DB_PASSWORD=hunter2\nenv API_KEY abc\nARG npm_token=\n";
        assert_eq!(positions(RULE.id, text), [(1, 5), (3, 11), (4, 5), (5, 5)]);
        assert_eq!(flagged_text(RULE.id, text), ["GITHUB_TOKEN", "DB_PASSWORD", "API_KEY", "npm_token"]);
    }

    #[test]
    fn empty_env_unsets_and_file_pointers_are_fine() {
        let text = "FROM alpine:3.20\nENV DB_PASSWORD=\"\"\nENV DB_PASSWORD_FILE=/run/secrets/db\n";
        assert_eq!(positions(RULE.id, text), []);
    }
}
