use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::model::dockerfile::describe;
use crate::syntax::dockerfile::ast::{Keyword, Port};

declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` port, or either end of a port range, above 65535, after variables are substituted. A
    /// port that depends on a variable without a known value is left alone, and so is a value that is not a
    /// number at all.
    ///
    /// ## Why it matters
    /// Ports are 16-bit numbers: valid ones run from 0 to 65535 (hadolint: "Valid UNIX ports range from 0 to
    /// 65535"). The Dockerfile reference describes `EXPOSE <port>[/<protocol>]` as the port the container listens
    /// on; BuildKit refuses a number out of range ("Invalid containerPort"), so the build fails, and a typo such as
    /// `80800` for `8080` is usually what happened.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// EXPOSE 80800
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3011`.
    pub static RULE = {
        id: "invalid-expose-port",
        severity: Error,
        category: Build,
        summary: "EXPOSE port outside 0-65535",
        peers: [("hadolint", "DL3011")],
        checks: [Check::Dockerfile(check)],
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in ctx.file.instructions.iter().filter(|i| i.keyword == Keyword::Expose) {
        let Some(stage) = instruction.stage.and_then(|at| ctx.file.stages.get(at)) else { continue };
        for port in instruction.ports().iter().filter(|port| out_of_range(port)) {
            out.push(Diagnostic::new(
                RULE.id,
                port.token.span,
                format!(
                    "EXPOSE `{}` in {} is not a port: ports run from 0 to 65535",
                    port.token.value,
                    describe(stage)
                ),
                "Write the port the service listens on, between 0 and 65535 (a digit too many is the usual cause).",
            ));
        }
    }
}

/// A known port item with a number (or a range end) written in digits but too large for 16 bits. The parser
/// leaves `start`/`end` empty for those, so the digits are read again here, as many as there are.
fn out_of_range(port: &Port) -> bool {
    if !port.token.known {
        return false;
    }
    let number = port.token.value.split_once('/').map_or(port.token.value.as_str(), |(number, _)| number);
    let (first, last) = number.split_once('-').unwrap_or((number, number));
    let too_large =
        |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) && part.parse::<u16>().is_err();
    too_large(first) || too_large(last)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{findings, flagged_text, positions};

    #[test]
    fn points_at_each_port_out_of_range() {
        let text = "FROM alpine:3.20\nEXPOSE 80 65536/udp\nexpose 8000-70000 \\\n  99999999999999999999\n";
        assert_eq!(positions(RULE.id, text), [(2, 11), (3, 8), (4, 3)]);
        assert_eq!(flagged_text(RULE.id, text), ["65536/udp", "8000-70000", "99999999999999999999"]);
        let found = findings(RULE.id, text);
        assert!(found.iter().all(|f| f.message.contains("stage 0")), "{found:?}");
    }

    #[test]
    fn resolves_variables_and_skips_unknown_ones() {
        let text = "FROM alpine:3.20\nARG PORT\nENV BAD=70000\nEXPOSE $PORT ${BAD}/tcp\n";
        assert_eq!(flagged_text(RULE.id, text), ["${BAD}/tcp"]);
    }

    #[test]
    fn ports_in_range_and_non_numbers_are_fine() {
        let text = "FROM alpine:3.20\nEXPOSE 0 65535 1-65535/tcp 53/udp\nEXPOSE http\n";
        assert_eq!(positions(RULE.id, text), []);
    }
}
