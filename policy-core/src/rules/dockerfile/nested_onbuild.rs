//! The parser reads `ONBUILD`'s inner instruction and reports the ones BuildKit refuses as a `NestedOnbuild`
//! problem, which `rules::input` files under this rule.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an `ONBUILD` whose trigger is `ONBUILD`, `FROM` or `MAINTAINER`, at the inner keyword.
    ///
    /// ## Why it matters
    /// The Dockerfile reference: "Chaining `ONBUILD` instructions using `ONBUILD ONBUILD` isn't allowed" and
    /// "The `ONBUILD` instruction may not trigger `FROM` or `MAINTAINER` instructions." BuildKit refuses the file;
    /// hadolint reports it as "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-alpine
    /// ONBUILD FROM node:20-alpine
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-alpine
    /// ONBUILD COPY package.json package-lock.json ./
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3043`.
    pub static RULE = {
        id: "nested-onbuild",
        severity: Error,
        category: Build,
        summary: "ONBUILD triggering ONBUILD, FROM or MAINTAINER",
        peers: [("hadolint", "DL3043")],
        checks: [],
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{flagged_text_in, positions_in};

    #[test]
    fn points_at_the_inner_keyword() {
        let text = "FROM alpine:3.20\nONBUILD ONBUILD RUN a\nonbuild from x\nONBUILD  MAINTAINER me\n";
        assert_eq!(positions_in(RULE.id, "Dockerfile", text), [(2, 9), (3, 9), (4, 10)]);
        assert_eq!(flagged_text_in(RULE.id, "Dockerfile", text), ["ONBUILD", "from", "MAINTAINER"]);
        assert_eq!(positions_in("parse-error", "Dockerfile", text), []);
    }

    #[test]
    fn other_triggers_are_fine() {
        let text = "FROM alpine:3.20\nONBUILD RUN make\nONBUILD COPY . /app/\nONBUILD USER app\n";
        assert_eq!(positions_in(RULE.id, "Dockerfile", text), []);
    }
}
