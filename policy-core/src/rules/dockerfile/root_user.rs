use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::{self as stages, describe};
use crate::syntax::dockerfile::ast::Keyword;

declare_rule! {
    /// ## What it does
    /// Reports a final image whose last `USER` is root: `root`, `0`, `root:<group>` or `0:<group>`, after `ARG`
    /// and `ENV` values are substituted. The last `USER` is looked for in the final stage, then in the stages it
    /// is built `FROM`; a `USER root` in a build stage that the final image does not build on is fine, and so is
    /// a `USER` whose value depends on a build argument without a value. A final stage with no `USER` at all is
    /// `missing-user`'s business.
    ///
    /// ## Why it matters
    /// The article: "All processes in containers run as the root user (uid 0) by default. To prevent the potential
    /// compromise of container hosts, it is essential to specify a non-root and a least-privileged user ID when
    /// building the container image." CIS Docker Benchmark 4.1: create a user for the container. Switching to root
    /// for an install step is common; forgetting to switch back ships a root container.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// ARG RUNTIME_USER=root
    /// RUN apk add --no-cache tini
    /// USER ${RUNTIME_USER}
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-alpine
    /// USER root
    /// RUN apk add --no-cache tini
    /// USER node
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3002`; checkov `CKV_DOCKER_8`.
    pub static RULE = {
        id: "root-user",
        severity: Error,
        category: Security,
        summary: "the final image's last USER is root",
        peers: [("hadolint", "DL3002"), ("checkov", "CKV_DOCKER_8")],
        checks: [Check::Dockerfile(check)],
    }
}

/// `root` or user id 0 (`0`, `00`): what the kernel treats as root. Names are case-sensitive, so `ROOT` is some
/// other user.
pub fn is_root(user: &str) -> bool {
    user == "root" || !user.is_empty() && user.bytes().all(|b| b == b'0')
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let lineage = stages::final_lineage(ctx.file);
    let Some(last) = lineage.first() else { return };
    let found = stages::effective(ctx.file, &lineage, Keyword::User);
    let Some((stage, user)) = found.and_then(|(stage, instruction)| instruction.user().map(|user| (stage, user)))
    else {
        return;
    };
    if !user.known() || !is_root(&user.user) {
        return;
    }
    let message = if stage.index == last.index {
        format!("the final {} runs as root: its last USER is `{}`", describe(last), user.token.value)
    } else {
        format!(
            "the final {} runs as root: it inherits USER `{}` from {}",
            describe(last),
            user.token.value,
            describe(stage)
        )
    };
    out.push(Diagnostic::new(
        RULE.id,
        user.user_span,
        message,
        "End the stage with an unprivileged user, e.g. `USER 10001` after the steps that need root (a numeric id \
         lets Kubernetes verify `runAsNonRoot`).",
    ));
}

#[cfg(test)]
mod tests {
    use super::{is_root, RULE};
    use crate::rules::test_support::{findings, flagged_text, positions};

    #[test]
    fn root_spellings() {
        for user in ["root", "0", "000"] {
            assert!(is_root(user), "{user}");
        }
        for user in ["ROOT", "10001", "", "node", "0x0"] {
            assert!(!is_root(user), "{user}");
        }
    }

    #[test]
    fn points_at_the_user_part_of_the_last_user() {
        let text = "FROM alpine:3.20\nUSER app\nRUN id\nuser root:wheel\n";
        assert_eq!(positions(RULE.id, text), [(4, 6)]);
        assert_eq!(flagged_text(RULE.id, text), ["root"]);
        assert_eq!(positions(RULE.id, "FROM alpine:3.20\nUSER 0:0\n"), [(2, 6)]);
    }

    #[test]
    fn resolves_env_and_arg_values() {
        let text = "FROM alpine:3.20\nENV RUN_AS=0\nUSER $RUN_AS\n";
        assert_eq!(positions(RULE.id, text), [(3, 6)]);
        let unknown = "FROM alpine:3.20\nARG RUN_AS\nUSER ${RUN_AS}\n";
        assert_eq!(positions(RULE.id, unknown), []);
    }

    #[test]
    fn root_in_a_build_stage_is_fine_but_inherited_root_is_not() {
        let build = "FROM golang:1.22 AS build\nUSER root\nRUN go build\nFROM scratch\nUSER 65532\n";
        assert_eq!(positions(RULE.id, build), []);
        let inherited = "FROM debian:bookworm-slim AS base\nUSER root\n\nFROM base\nCMD [\"app\"]\n";
        let found = findings(RULE.id, inherited);
        assert_eq!(found.iter().map(|f| (f.line, f.column)).collect::<Vec<_>>(), [(2, 6)]);
        assert!(found.iter().all(|f| f.message.contains("inherits USER `root` from stage 'base'")), "{found:?}");
    }

    #[test]
    fn switching_back_to_a_user_is_clean() {
        let text = "FROM node:20-alpine\nUSER root\nRUN apk add --no-cache tini\nUSER node\n";
        assert_eq!(positions(RULE.id, text), []);
    }
}
