use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Flags a stage whose `RUN`s use both `curl` and `wget`, at each use of either tool once both have
    /// appeared in the stage, as hadolint does.
    ///
    /// ## Why it matters
    /// Two download tools where one would do means two packages, their libraries and their vulnerabilities in
    /// the image, and two sets of options for retries, TLS and proxies to keep consistent. hadolint's `DL4001` and
    /// trivy's `DS014` ask for one of them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN wget -q https://downloads.example.com/a.tar.gz
    /// RUN curl -fsSLO https://downloads.example.com/b.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN curl -fsSLO https://downloads.example.com/a.tar.gz && curl -fsSLO https://downloads.example.com/b.tar.gz
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL4001`; trivy `DS014`.
    pub static RULE = {
        id: "curl-and-wget",
        severity: Info,
        category: Build,
        summary: "a stage downloads with both `curl` and `wget`",
        peers: [("hadolint", "DL4001")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut stage = None;
    let (mut curl, mut wget) = (false, false);
    for run in ctx.runs {
        let here = run.stage.map(|stage| stage.index);
        if here != stage {
            stage = here;
            (curl, wget) = (false, false);
        }
        let tools: Vec<_> = run.programs(&["curl", "wget"]).collect();
        curl |= tools.iter().any(|(_, command)| command.name() == Some("curl"));
        wget |= tools.iter().any(|(_, command)| command.name() == Some("wget"));
        if !(curl && wget) {
            continue;
        }
        for (_, command) in tools {
            let (Some(word), Some(name)) = (command.program_word(), command.name()) else { continue };
            let other = if name == "curl" { "wget" } else { "curl" };
            out.push(Diagnostic::new(
                RULE.id,
                word.span,
                format!("`{name}` in {} also uses `{other}`; one download tool is enough", run.place()),
                "Pick one of `curl` and `wget` for the whole stage, and install only that one.",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::positions;

    #[test]
    fn both_tools_in_a_stage_and_stages_apart() {
        let text = "FROM alpine:3.20 AS a\nRUN wget -q https://x\nRUN curl -fsSL https://y && wget -q https://z\nFROM alpine:3.20\nRUN curl -fsSL https://w\n";
        assert_eq!(positions(RULE.id, text), [(3, 5), (3, 29)]);
    }
}
