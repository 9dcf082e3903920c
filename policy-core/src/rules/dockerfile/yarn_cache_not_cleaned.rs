use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::subcommand;

declare_rule! {
    /// ## What it does
    /// Flags `yarn install` (or a bare `yarn`, which installs) in a `RUN` of a stage that ships, when the same
    /// `RUN` does not run `yarn cache clean` after it and no cache mount covers Yarn's cache (`/usr/local/share/.cache/yarn`
    /// or a `target` ending in `.cache/yarn`).
    ///
    /// ## Why it matters
    /// Yarn keeps a copy of every downloaded package in its cache: the layer carries the dependencies twice.
    /// hadolint's `DL3060`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY package.json yarn.lock ./
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY package.json yarn.lock ./
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3060`.
    pub static RULE = {
        id: "yarn-cache-not-cleaned",
        severity: Info,
        category: Build,
        summary: "`yarn install` leaves Yarn's cache in the layer",
        peers: [("hadolint", "DL3060")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        if !run.in_final_image || run.scratch_mounts().iter().any(|target| target.ends_with(".cache/yarn")) {
            continue;
        }
        let install = run.programs(&["yarn"]).find(|(_, command)| {
            subcommand(command, &["--cwd", "--modules-folder"]).is_none_or(|sub| sub.value == "install")
        });
        let Some((at, command)) = install else { continue };
        let cleaned = run.programs(&["yarn"]).any(|(later, other)| {
            let words: Vec<&str> = other.args().iter().map(|word| word.value.as_str()).collect();
            later > at && words.windows(2).any(|pair| pair == ["cache", "clean"])
        });
        if cleaned {
            continue;
        }
        out.push(Diagnostic::new(
            RULE.id,
            command.span,
            format!("`yarn install` in {} leaves Yarn's package cache in the layer", run.place()),
            "End this RUN with `&& yarn cache clean`, or mount a cache: `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn ...`.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::positions;

    #[test]
    fn install_without_clean() {
        let text = "FROM node:20\nRUN yarn\nRUN yarn install && yarn cache clean\nRUN yarn build\n\
                    RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n";
        assert_eq!(positions(RULE.id, text), [(2, 5)]);
    }
}
