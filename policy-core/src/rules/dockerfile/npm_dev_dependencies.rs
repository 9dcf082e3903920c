use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{arguments, describe_program, script_of, subcommand, variable, Arg};

declare_rule! {
    /// ## What it does
    /// Flags `npm install` (and its aliases `npm i`, `npm add`), `npm ci` and `npm install-clean` in the final
    /// image (the last stage and the stages it is built `FROM`) when they install devDependencies: none of
    /// `--omit=dev`, `--production`, `--only=prod` / `--only=production` is given and `NODE_ENV` is not
    /// `production` (from `ENV`, `ARG`, a `NODE_ENV=production` prefix or an earlier `export` in the same
    /// script), and no `npm prune --omit=dev` / `npm prune --production` follows in the same `RUN`.
    ///
    /// Global installs of named tools (`npm install -g pm2`) are not flagged: they install the tool's own
    /// dependencies only. Builder stages are not flagged either: installing devDependencies there to compile is
    /// what a multi-stage build is for, as long as only the output is copied out.
    ///
    /// ## Why it matters
    /// The article's smaller Node.js image installs with `RUN npm install --production`: test runners,
    /// bundlers, linters and type checkers have no business in the image that runs, where they add size and
    /// vulnerable packages. npm (7 and later) omits devDependencies with `--omit=dev`, which is also its default
    /// when `NODE_ENV=production` is set; `--production` is the older spelling of the same.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// WORKDIR /app
    /// COPY package*.json ./
    /// RUN npm ci
    /// COPY . .
    /// USER node
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-alpine
    /// WORKDIR /app
    /// COPY package*.json ./
    /// RUN npm ci --omit=dev
    /// COPY . .
    /// USER node
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Peers
    /// Neither hadolint nor checkov has an equivalent.
    pub static RULE = {
        id: "npm-dev-dependencies",
        severity: Warning,
        category: Build,
        summary: "`npm install` / `npm ci` puts devDependencies in the final image",
        peers: [],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

/// npm's spellings of `install` and `ci` (see `npm help install`, `npm help ci`, "aliases").
const INSTALLS: &[&str] = &[
    "install",
    "i",
    "in",
    "ins",
    "inst",
    "insta",
    "instal",
    "isnt",
    "isnta",
    "isntal",
    "isntall",
    "add",
    "ci",
    "clean-install",
    "ic",
    "install-clean",
    "isntall-clean",
];

/// npm options that take the next word as their value.
const NPM_VALUE_OPTIONS: &[&str] = &["--omit", "--only", "--include", "--prefix", "--registry", "--location", "-C"];

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in context.runs {
        if !run.in_final_image {
            continue;
        }
        for (at, command) in run.programs(&["npm"]) {
            let Some(sub) = subcommand(command, NPM_VALUE_OPTIONS) else { continue };
            if !INSTALLS.contains(&sub.value.as_str()) {
                continue;
            }
            let args = arguments(command, NPM_VALUE_OPTIONS);
            if omits_dev(&args) || is_global(&args) {
                continue;
            }
            let production = script_of(run, command)
                .and_then(|script| variable(run, script, command, "NODE_ENV"))
                .is_some_and(|value| value.trim() == "production");
            let pruned = run.programs(&["npm"]).any(|(later, other)| {
                later > at
                    && subcommand(other, NPM_VALUE_OPTIONS).is_some_and(|word| word.value == "prune")
                    && omits_dev(&arguments(other, NPM_VALUE_OPTIONS))
            });
            if production || pruned {
                continue;
            }
            let stage = if run.stage.is_some_and(|stage| Some(stage.index) == last_stage(context)) {
                format!("the final {}", run.place())
            } else {
                format!("{}, which the final stage is built on,", run.place())
            };
            out.push(Diagnostic::new(
                RULE.id,
                command.span,
                format!("`{}` in {stage} installs devDependencies into the image", describe_program(command)),
                "Add `--omit=dev` (npm 7+; `--production` before), or set `ENV NODE_ENV=production` first. If the \
                 build needs devDependencies, build in an earlier stage and copy only its output.",
            ));
        }
    }
}

fn last_stage(context: &Context<'_>) -> Option<usize> {
    context.file.final_stage().map(|stage| stage.index)
}

/// `--omit=dev`, `--production` (not `--production=false`), `--only=prod[uction]`.
fn omits_dev(args: &[Arg<'_>]) -> bool {
    args.iter().any(|arg| match *arg {
        Arg::Long { name: "omit", value, .. } => value.is_some_and(|value| value.split(',').any(|v| v == "dev")),
        Arg::Long { name: "production", value, .. } => value.is_none_or(|value| value != "false"),
        Arg::Long { name: "only", value, .. } => matches!(value, Some("prod" | "production")),
        _ => false,
    })
}

/// `-g`, `--global`, `--location=global`.
fn is_global(args: &[Arg<'_>]) -> bool {
    args.iter().any(|arg| {
        arg.is("global", Some('g')) || matches!(*arg, Arg::Long { name: "location", value: Some("global"), .. })
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, flagged_text, positions};

    const ID: &str = "npm-dev-dependencies";

    #[test]
    fn flags_npm_ci_in_the_final_stage() {
        let file = "FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nUSER node\n";
        assert_eq!(positions(ID, file), [(4, 5)]);
        assert_eq!(flagged_text(ID, file), ["npm ci"]);
        assert!(findings(ID, file)[0].message.contains("final stage 0"));
    }

    #[test]
    fn the_articles_install_is_clean() {
        let file = "FROM node:alpine\nWORKDIR /app\nCOPY package.json /app/package.json\nRUN npm install --production\nCOPY server.js /app/server.js\nEXPOSE 8080\nCMD npm start\n";
        assert_eq!(positions(ID, file), []);
    }

    #[test]
    fn production_spellings_are_clean() {
        for file in [
            "FROM node:20\nRUN npm ci --omit=dev\n",
            "FROM node:20\nRUN npm ci --omit dev\n",
            "FROM node:20\nRUN npm install --only=production\n",
            "FROM node:20\nENV NODE_ENV=production\nRUN npm ci\n",
            "FROM node:20\nARG NODE_ENV=production\nRUN npm ci\n",
            "FROM node:20\nRUN NODE_ENV=production npm ci\n",
            "FROM node:20\nRUN export NODE_ENV=production && npm ci\n",
            "FROM node:20\nRUN npm ci && npm run build && npm prune --omit=dev\n",
            "FROM node:20\nRUN npm install -g pm2\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn production_false_still_installs_dev_dependencies() {
        let file = "FROM node:20\nRUN npm install --production=false\n";
        assert_eq!(positions(ID, file), [(2, 5)]);
    }

    #[test]
    fn builder_stages_may_install_dev_dependencies() {
        let file =
            "FROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist /app\n";
        assert_eq!(positions(ID, file), []);
    }

    #[test]
    fn a_stage_the_final_one_is_built_on_counts() {
        let file = "FROM node:20 AS deps\nRUN npm i\nFROM deps\nCMD [\"node\", \"server.js\"]\n";
        assert_eq!(positions(ID, file), [(2, 5)]);
        assert!(findings(ID, file)[0].message.contains("stage 'deps', which the final stage is built on"));
    }

    #[test]
    fn heredoc_and_continuation_positions() {
        let file = "FROM node:20\nRUN <<EOF\nset -eux\nnpm install \\\n  --no-audit\nEOF\n";
        assert_eq!(positions(ID, file), [(4, 1)]);
        let file = "FROM node:20\nRUN npm config set fund false \\\n && npm ci\n";
        assert_eq!(positions(ID, file), [(3, 5)]);
    }
}
