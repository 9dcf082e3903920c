use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{
    apt_config_set, apt_false, apt_option_set, apt_subcommand, arguments, describe_program, insert_after,
    APT_VALUE_OPTIONS,
};

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` (or `apt install`) without `--no-install-recommends`. Also accepted: `-o
    /// APT::Install-Recommends=false` on the command, or an earlier `RUN` of the stage that writes
    /// `APT::Install-Recommends "false";` into an APT configuration file. Only stages whose layers end up in the
    /// final image are checked.
    ///
    /// ## Why it matters
    /// By default APT also installs every package that the requested ones merely recommend: documentation,
    /// optional tools, sometimes whole language runtimes. They make the image larger and add software that can
    /// carry vulnerabilities without being used, which is what the article warns about ("huge containers full
    /// of things you don't need—including potential security holes").
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// USER 10001
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update \
    ///     && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// USER 10001
    /// ```
    ///
    /// ## Peers
    /// hadolint DL3015 (every stage). checkov has no equivalent.
    pub static RULE = {
        id: "apt-install-recommends",
        severity: Info,
        category: Build,
        summary: "`apt-get install` also installs recommended packages",
        peers: [("hadolint", "DL3015")],
        checks: [crate::lint::Check::Dockerfile(check)],
    }
}

const KEY: &str = "APT::Install-Recommends";

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let all = context.runs;
    for run in all.iter().filter(|run| run.in_final_image) {
        for (at, command) in run.commands() {
            let Some(install) = apt_subcommand(command, &["install"]) else { continue };
            let flagged = arguments(command, APT_VALUE_OPTIONS).iter().any(|arg| arg.is("no-install-recommends", None));
            if flagged || apt_option_set(command, KEY, apt_false) || apt_config_set(all, run, at, KEY, apt_false) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.id,
                    command.span,
                    format!(
                        "`{}` in {} also installs the packages these recommend",
                        describe_program(command),
                        run.place()
                    ),
                    "Add `--no-install-recommends`, and name any recommended package you do need.",
                )
                .with_fix(insert_after(
                    "Add `--no-install-recommends`",
                    install,
                    " --no-install-recommends",
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    const ID: &str = "apt-install-recommends";

    #[test]
    fn flags_install_on_its_continuation_line() {
        let file = "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y \\\n        ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(positions(ID, file), [(3, 8)]);
        assert_eq!(flagged_text(ID, file), ["apt-get install -y \\\n        ca-certificates"]);
        assert!(findings(ID, file)[0].message.contains("stage 0"));
    }

    #[test]
    fn accepted_spellings_are_clean() {
        for file in [
            "FROM debian:12\nRUN apt-get install -y --no-install-recommends git\n",
            "FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y git\n",
            "FROM debian:12\nRUN apt-get install -y -oAPT::Install-Recommends=0 git\n",
            "FROM debian:12\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y git\n",
        ] {
            assert_eq!(positions(ID, file), [], "{file}");
        }
    }

    #[test]
    fn every_install_of_a_run_is_reported() {
        let file = "FROM ubuntu:24.04\nRUN set -eux; apt-get install -y git; sudo apt install -y make\n";
        assert_eq!(positions(ID, file), [(2, 15), (2, 39)]);
    }

    #[test]
    fn heredoc_lines_and_lower_case_instructions() {
        let file = "from debian:12\nrun <<EOF\nset -eux\napt-get update && apt-get install -y curl\nEOF\n";
        assert_eq!(positions(ID, file), [(4, 19)]);
    }

    #[test]
    fn build_stages_are_not_checked() {
        let file = "FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM gcr.io/distroless/static\n";
        assert_eq!(positions(ID, file), []);
    }

    #[test]
    fn the_fix_inserts_the_flag_after_install() {
        let file = "FROM debian:12\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y git\n";
        let after = fixed(ID, file);
        assert_eq!(
            after,
            "FROM debian:12\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends -y git\n"
        );
        assert_eq!(positions(ID, &after), []);
    }
}
