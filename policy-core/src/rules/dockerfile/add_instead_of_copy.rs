use crate::declare_rule;
use crate::lint::dockerfile::Context;
use crate::lint::Check;
use crate::lint::{Diagnostic, Fix};
use crate::model::dockerfile::describe;
use crate::syntax::dockerfile::ast::{Instruction, Keyword, Token};

declare_rule! {
    /// ## What it does
    /// Reports `ADD` where `COPY` would do, and `ADD` downloads that are not pinned:
    /// - `ADD` of local files or folders (heredocs included): the fix replaces the keyword with `COPY` when every
    ///   flag is one `COPY` also takes. Local archives (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`, `.gz`, `.zst`, ...)
    ///   are left alone, since `ADD` unpacks them and that is the reason to use it; an `ADD` that mixes archives
    ///   and plain files is reported without a fix.
    /// - `ADD https://...` without `--checksum`.
    /// - `ADD` of a Git repository (`git@host:repo.git`, `https://host/repo.git#ref`) at a ref that is not a
    ///   40-character commit id and without `--checksum`.
    ///
    /// Sources that depend on a variable without a known value are skipped.
    ///
    /// ## Why it matters
    /// `ADD` fetches URLs and unpacks archives on its own: a plain copy written with `ADD` changes meaning the day
    /// someone adds a `.tar.gz`, and an unpinned download changes content whenever the server does. CIS Docker
    /// Benchmark 4.9: use `COPY` instead of `ADD` in Dockerfiles. The Dockerfile reference recommends
    /// `--checksum` for remote `ADD` sources. The article's Go example writes `ADD . /app`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:alpine AS build-env
    /// WORKDIR /app
    /// ADD . /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:alpine AS build-env
    /// WORKDIR /app
    /// COPY . /app
    /// ADD vendor.tar.gz /app/vendor/
    /// ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tgz /tmp/
    /// ```
    ///
    /// ## Peers
    /// hadolint `DL3020` (local files); checkov `CKV_DOCKER_4` (any `ADD`).
    pub static RULE = {
        id: "add-instead-of-copy",
        severity: Warning,
        category: Build,
        summary: "ADD of local files, or an unpinned ADD download",
        peers: [("hadolint", "DL3020"), ("checkov", "CKV_DOCKER_4")],
        checks: [Check::Dockerfile(check)],
    }
}

/// Flags that `COPY` accepts too, so the keyword can change without touching them.
const COPY_FLAGS: &[&str] = &["chown", "chmod", "link", "parents", "exclude"];

/// Endings of files that `ADD` may unpack: tar archives, plain or compressed, and compressed files whose content
/// may be a tar archive.
const ARCHIVE_ENDINGS: &[&str] = &[
    ".tar", ".tgz", ".tbz", ".tbz2", ".tb2", ".txz", ".tzst", ".tlz", ".taz", ".gz", ".bz2", ".xz", ".zst", ".lz",
    ".lzma", ".z",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Local,
    Archive,
    Url,
    Git,
}

fn classify(value: &str) -> Source {
    let lower = value.to_ascii_lowercase();
    let without_ref = lower.split('#').next().unwrap_or(&lower);
    if lower.starts_with("git@") || lower.starts_with("git://") || lower.starts_with("ssh://") {
        Source::Git
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        if std::path::Path::new(without_ref).extension().is_some_and(|extension| extension == "git") {
            Source::Git
        } else {
            Source::Url
        }
    } else if ARCHIVE_ENDINGS.iter().any(|ending| lower.ends_with(ending)) {
        Source::Archive
    } else {
        Source::Local
    }
}

/// A Git source pinned to a full commit id: `...repo.git#<40 hex>` (optionally `:subdir`).
fn pinned_commit(value: &str) -> bool {
    let Some((_, reference)) = value.split_once('#') else { return false };
    let commit = reference.split(':').next().unwrap_or(reference);
    commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit())
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let adds = ctx.file.instructions.iter().chain(ctx.file.instructions.iter().filter_map(Instruction::onbuild));
    for add in adds.filter(|i| i.keyword == Keyword::Add) {
        let Some(copy) = add.copy() else { continue };
        let place = match add.stage.and_then(|index| ctx.file.stages.get(index)) {
            Some(stage) => describe(stage),
            None => "the file".to_owned(),
        };
        let sources: Vec<(&Token, Source)> =
            copy.sources.iter().filter(|token| token.known).map(|token| (token, classify(&token.value))).collect();
        let checksum = add.flag("checksum").is_some();
        for (token, kind) in &sources {
            match kind {
                Source::Url if !checksum => out.push(Diagnostic::new(
                    RULE.id,
                    token.span,
                    format!("ADD in {place} downloads `{}` without `--checksum`", token.value),
                    "Pin the download with `ADD --checksum=sha256:<digest>`, or fetch and verify it in a RUN.",
                )),
                Source::Git if !checksum && !pinned_commit(&token.value) => out.push(Diagnostic::new(
                    RULE.id,
                    token.span,
                    format!("ADD in {place} clones `{}` at a ref that can move", token.value),
                    "Pin a commit: append `#<40-character commit id>` to the URL, or add `--checksum=<commit id>`.",
                )),
                _ => {}
            }
        }
        let local = sources.iter().filter(|(_, kind)| *kind == Source::Local).count();
        let archives = sources.iter().filter(|(_, kind)| *kind == Source::Archive).count();
        let remote = sources.len() - local - archives;
        if local == 0 || remote > 0 {
            continue;
        }
        let keyword = add.keyword_span.slice(ctx.source);
        if archives > 0 {
            out.push(Diagnostic::new(
                RULE.id,
                add.keyword_span,
                format!("ADD in {place} copies plain files along with an archive it unpacks"),
                "Split it: COPY the plain files, and keep ADD for the archive alone.",
            ));
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            RULE.id,
            add.keyword_span,
            format!("ADD in {place} copies local files, which is what COPY does without surprises"),
            "Use COPY for local files and folders; keep ADD for archives to unpack and pinned downloads.",
        );
        if add.flags.iter().all(|flag| COPY_FLAGS.contains(&flag.name.as_str())) {
            let replacement = if keyword.bytes().all(|b| b.is_ascii_lowercase()) { "copy" } else { "COPY" };
            diagnostic = diagnostic.with_fix(Fix::replace("Replace ADD with COPY", add.keyword_span, replacement));
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::{classify, pinned_commit, Source, RULE};
    use crate::rules::test_support::{findings, fixed, flagged_text, positions};

    #[test]
    fn classifies_sources() {
        assert_eq!(classify("."), Source::Local);
        assert_eq!(classify("src/*.py"), Source::Local);
        assert_eq!(classify("vendor.TAR.GZ"), Source::Archive);
        assert_eq!(classify("https://example.com/a.tgz"), Source::Url);
        assert_eq!(classify("https://github.com/moby/buildkit.git#v0.13.0"), Source::Git);
        assert_eq!(classify("git@github.com:moby/buildkit.git"), Source::Git);
        assert!(pinned_commit("https://github.com/a/b.git#0123456789abcdef0123456789abcdef01234567:docs"));
        assert!(!pinned_commit("https://github.com/a/b.git#main"));
    }

    #[test]
    fn local_add_points_at_the_keyword_and_fixes_it() {
        let text = "FROM alpine:3.20\nADD . /app\nadd --chown=1:1 <<EOF /etc/motd\nhi\nEOF\n";
        assert_eq!(positions(RULE.id, text), [(2, 1), (3, 1)]);
        assert_eq!(
            fixed(RULE.id, "FROM alpine:3.20\nadd --chown=1:1 src /app\n"),
            "FROM alpine:3.20\ncopy --chown=1:1 src /app\n"
        );
    }

    #[test]
    fn archives_alone_are_fine_mixed_are_reported_without_fix() {
        assert_eq!(positions(RULE.id, "FROM alpine:3.20\nADD rootfs.tar.xz /\n"), []);
        let found = findings(RULE.id, "FROM alpine:3.20\nADD app.tgz config.yml /app/\n");
        assert_eq!(found.iter().map(|f| (f.line, f.column)).collect::<Vec<_>>(), [(2, 1)]);
        assert!(found.iter().all(|f| f.fix.is_none()));
    }

    #[test]
    fn downloads_need_a_checksum_and_clones_a_commit() {
        let text = "FROM alpine:3.20\nADD https://example.com/tool.tgz \\\n    https://github.com/a/b.git#main /opt/\n\
                    ADD --checksum=sha256:abc https://example.com/tool.tgz /opt/\n\
                    ADD https://github.com/a/b.git#0123456789abcdef0123456789abcdef01234567 /src\n";
        assert_eq!(positions(RULE.id, text), [(2, 5), (3, 5)]);
        assert_eq!(flagged_text(RULE.id, text), ["https://example.com/tool.tgz", "https://github.com/a/b.git#main"]);
    }

    #[test]
    fn resolves_arguments_and_skips_unknown_ones() {
        let text = "FROM alpine:3.20\nARG URL=https://example.com/x.sh\nADD ${URL} /x.sh\nARG SRC\nADD $SRC /x\n";
        assert_eq!(positions(RULE.id, text), [(3, 5)]);
    }

    #[test]
    fn onbuild_triggers_are_checked() {
        assert_eq!(fixed(RULE.id, "FROM alpine:3.20\nONBUILD ADD . /src\n"), "FROM alpine:3.20\nONBUILD COPY . /src\n");
    }

    #[test]
    fn add_specific_flags_block_the_fix() {
        let found = findings(RULE.id, "FROM alpine:3.20\nADD --keep-git-dir=true src /app\n");
        assert_eq!(found.len(), 1);
        assert!(found.iter().all(|f| f.fix.is_none()));
    }
}
