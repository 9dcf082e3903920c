use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::Diagnostic;
use crate::rules::dockerfile::run_commands::{
    read_arguments, Arg, APT_VALUE_OPTIONS, PIP_VALUE_OPTIONS, YUM_VALUE_OPTIONS, ZYPPER_VALUE_OPTIONS,
};
use crate::syntax::shell::{Command, Word};

declare_rule! {
    /// ## What it does
    /// When turned on, flags each package a `RUN` installs without a version, at the package:
    /// `apt-get`/`apt install pkg` (pin with `pkg=1.2.3`), `apk add pkg` (`pkg=1.2.3-r0`), `pip install pkg`
    /// (`pkg==1.2.3`, or any version constraint), `npm install pkg` (`pkg@1.2.3`), `gem install pkg` (`-v 1.2.3`
    /// or `pkg:1.2.3`), `yum`/`dnf`/`microdnf install pkg` (`pkg-1.2.3`), `zypper install pkg` (`pkg=1.2.3`) and
    /// `go install pkg` (`pkg@v1.2.3`, not `@latest`). Local files, URLs and requirement files are not packages
    /// to pin.
    ///
    /// ## Why it matters
    /// Without versions, two builds of one Dockerfile can install different software, and a broken release
    /// breaks the build the day it is published. Pins make builds repeatable, at a cost: they go stale, the
    /// distribution's repositories drop old versions (an `apt-get` pin of a Debian security update fails weeks
    /// later), and every security fix needs a commit that bumps the pin, ideally by a bot such as Renovate. That
    /// is a choice of process, so the rule is off by default; turn it on with `rules: {unpinned-package: warning}`
    /// where images are rebuilt by automation that also bumps the pins. hadolint checks the same with `DL3008`,
    /// `DL3013`, `DL3016`, `DL3018`, `DL3028`, `DL3033`, `DL3037`, `DL3041` and `DL3062`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3008` (apt-get), `DL3013` (pip), `DL3016` (npm), `DL3018` (apk), `DL3028` (gem), `DL3033` (yum),
    /// `DL3037` (zypper), `DL3041` (dnf) and `DL3062` (go).
    pub static RULE = {
        id: "unpinned-package",
        severity: Warning,
        enabled: false,
        category: Build,
        summary: "a package installed without a version (off by default)",
        peers: [
            ("hadolint", "DL3008"),
            ("hadolint", "DL3013"),
            ("hadolint", "DL3016"),
            ("hadolint", "DL3018"),
            ("hadolint", "DL3028"),
            ("hadolint", "DL3033"),
            ("hadolint", "DL3037"),
            ("hadolint", "DL3041"),
            ("hadolint", "DL3062"),
        ],
        checks: [Check::Dockerfile(check)],
    }
}

/// How a package manager installs and how a pinned package looks.
struct Installer {
    programs: &'static [&'static str],
    installs: &'static [&'static str],
    value_options: &'static [&'static str],
    pinned: fn(&str) -> bool,
    example: &'static str,
}

/// Archive and package file suffixes: a local file is installed as it is, with no version to pin.
const FILE_SUFFIXES: &[&str] = &[".deb", ".rpm", ".whl", ".tar.gz", ".tgz", ".gem", ".zip"];

fn is_file_or_url(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    word.contains('/')
        || word.starts_with('.')
        || word.contains("://")
        || word.contains('$')
        || FILE_SUFFIXES.iter().any(|suffix| lower.ends_with(suffix))
}

const INSTALLERS: &[Installer] = &[
    Installer {
        programs: &["apt-get", "apt"],
        installs: &["install"],
        value_options: APT_VALUE_OPTIONS,
        pinned: |word| word.contains('='),
        example: "curl=8.5.0-2",
    },
    Installer {
        programs: &["apk"],
        installs: &["add"],
        value_options: &["-t", "--virtual", "-X", "--repository", "-p", "--root"],
        pinned: |word| word.contains(['=', '<', '>']),
        example: "curl=8.9.1-r0",
    },
    Installer {
        programs: &["pip", "pip3"],
        installs: &["install"],
        value_options: PIP_VALUE_OPTIONS,
        pinned: |word| word.contains(['=', '<', '>', '~', '@', '!']),
        example: "flask==3.0.3",
    },
    Installer {
        programs: &["npm"],
        installs: &["install", "i", "add"],
        value_options: &["--prefix", "--registry", "-w", "--workspace"],
        pinned: |word| word.get(1..).is_some_and(|rest| rest.contains('@')) || word.contains(':'),
        example: "typescript@5.6.3",
    },
    Installer {
        programs: &["gem"],
        installs: &["install"],
        value_options: &["-v", "--version", "-i", "--install-dir", "-n", "--bindir", "--source"],
        pinned: |word| word.contains(':'),
        example: "bundler:2.5.22",
    },
    Installer {
        programs: &["yum", "dnf", "microdnf"],
        installs: &["install"],
        value_options: YUM_VALUE_OPTIONS,
        pinned: |word| word.split('-').skip(1).any(|part| part.starts_with(|c: char| c.is_ascii_digit())),
        example: "nginx-1.20.1",
    },
    Installer {
        programs: &["zypper"],
        installs: &["install", "in"],
        value_options: ZYPPER_VALUE_OPTIONS,
        pinned: |word| word.contains(['=', '<', '>']),
        example: "curl=8.6.0",
    },
    Installer {
        programs: &["go"],
        installs: &["install"],
        value_options: &[],
        pinned: |word| word.rsplit_once('@').is_some_and(|(_, version)| version != "latest"),
        example: "golang.org/x/tools/gopls@v0.16.2",
    },
];

/// The package words of an install command, or nothing when it is not one.
fn packages<'c>(installer: &Installer, command: &'c Command) -> Vec<&'c Word> {
    let args = read_arguments(command.args(), installer.value_options);
    let mut positional = args.iter().filter_map(|arg| arg.positional());
    if !positional.next().is_some_and(|sub| installer.installs.contains(&sub.value.as_str())) {
        return Vec::new();
    }
    // gem's `-v` pins every package of the command.
    if args.iter().any(|arg| {
        installer.programs.contains(&"gem")
            && matches!(arg, Arg::Short { letter: 'v', .. } | Arg::Long { name: "version", .. })
    }) {
        return Vec::new();
    }
    positional.filter(|word| installer.programs.contains(&"go") || !is_file_or_url(&word.value)).collect()
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        for (_, command) in run.commands() {
            let Some(program) = command.name() else { continue };
            let Some(installer) = INSTALLERS.iter().find(|installer| installer.programs.contains(&program)) else {
                continue;
            };
            for word in packages(installer, command) {
                if (installer.pinned)(&word.value) || word.value.contains('$') {
                    continue;
                }
                out.push(Diagnostic::new(
                    RULE.id,
                    word.span,
                    format!("`{program}` in {} installs `{}` without a version", run.place(), word.value),
                    format!("Pin the version, as in `{}`, and let a bot bump it.", installer.example),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::flagged_text;

    #[test]
    fn each_manager_reports_unpinned_words() {
        let text = "FROM debian:12\nRUN apt-get install -y curl git=1:2.39 ./local.deb && apk add --virtual .deps gcc musl-dev=1.2 \\\n && pip install -r req.txt flask 'requests>=2' && npm install -g typescript @types/node@20 \\\n && gem install rails && gem install -v 7 rack && dnf install -y nginx httpd-2.4.57 \\\n && zypper -n in vim && go install example.com/cmd@latest && go install example.com/x@v1.2.0\n";
        assert_eq!(
            flagged_text(RULE.id, text),
            ["curl", "gcc", "flask", "typescript", "rails", "nginx", "vim", "example.com/cmd@latest"]
        );
    }
}
