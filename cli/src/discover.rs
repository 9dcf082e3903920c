//! Turns the command line's paths into the sources of one check: folders walked with ripgrep's `ignore` walker
//! (`.gitignore`, `.ignore` and hidden files honoured, even outside a Git repository), explicit files taken as
//! they are, `-` read from standard input.
//!
//! Two hidden places are walked all the same, for their CI files: `.github/` (where only the workflows under
//! `.github/workflows/` are taken, not `dependabot.yml` and the like) and `.gitlab-ci.yml`. A file without an
//! extension is opened to look for a shell shebang on its first line.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};

use policy_core::{Kind, Source};

use crate::error::CliError;

/// How the command line names standard input.
pub const STDIN: &str = "-";

/// What is read of a file without an extension to find a shebang.
const SNIFF_BYTES: u64 = 256;

/// What a usage error lists as the kinds `--kind` takes.
const KINDS: &str = "dockerfile|kubernetes|shell|ci";

/// What to read and how to call it.
#[derive(Debug)]
pub struct Request<'a> {
    pub paths: &'a [PathBuf],
    /// `--kind`: the kind of explicit files and standard input, and the only kind a walk picks.
    pub kind: Option<Kind>,
    /// `--stdin-filename`: the name reported for standard input, which also tells its kind.
    pub stdin_filename: Option<&'a str>,
}

/// Reads every source the request names, in command-line order, folders sorted by name. Each file is read
/// once even when several paths reach it. Unreadable paths are gathered and reported together.
pub fn sources(request: &Request<'_>) -> Result<Vec<Source>, CliError> {
    let mut sources = Vec::new();
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    for path in request.paths {
        let outcome = if path.as_os_str() == STDIN {
            if seen.insert(Identity::Stdin) {
                read_stdin(request).map(|source| sources.push(source))
            } else {
                Ok(())
            }
        } else {
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => {
                    walk(path, request.kind, &mut seen, &mut sources, &mut errors);
                    Ok(())
                }
                Ok(_) => explicit_file(path, request.kind, &mut seen).map(|source| sources.extend(source)),
                Err(error) => Err(CliError::Io { path: path.clone(), error }),
            }
        };
        if let Err(error) = outcome {
            errors.push(error);
        }
    }
    match errors.len() {
        0 => Ok(sources),
        1 => Err(errors.remove(0)),
        _ => Err(CliError::Many(errors)),
    }
}

fn read_stdin(request: &Request<'_>) -> Result<Source, CliError> {
    let name = request.stdin_filename.unwrap_or(STDIN);
    let kind = request.kind.or_else(|| request.stdin_filename.and_then(Kind::detect)).ok_or_else(|| {
        CliError::Usage(format!(
            "cannot tell whether standard input (`{name}`) is a Dockerfile, a Kubernetes manifest, a shell script or a \
             CI file; pass `--kind {KINDS}` or `--stdin-filename NAME`"
        ))
    })?;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|error| CliError::Io { path: PathBuf::from(STDIN), error })?;
    Ok(Source::new(name, text(bytes)).with_kind(kind))
}

/// An explicit file is always checked, whatever its name, as long as its kind is known (from `--kind`, its name,
/// or a shell shebang).
fn explicit_file(path: &Path, kind: Option<Kind>, seen: &mut HashSet<Identity>) -> Result<Option<Source>, CliError> {
    let name = display(path);
    let kind = kind.or_else(|| Kind::detect(&name)).or_else(|| sniff(path)).ok_or_else(|| {
        CliError::Usage(format!(
            "cannot tell whether `{name}` is a Dockerfile, a Kubernetes manifest, a shell script or a CI file; pass \
             `--kind {KINDS}`"
        ))
    })?;
    if !seen.insert(identity(path)) {
        return Ok(None);
    }
    read_file(path, &name, kind).map(Some)
}

/// The kind a file's first line tells (a shell shebang), for files whose name tells nothing.
fn sniff(path: &Path) -> Option<Kind> {
    let mut head = Vec::new();
    std::fs::File::open(path).ok()?.take(SNIFF_BYTES).read_to_end(&mut head).ok()?;
    Kind::detect_content(&String::from_utf8_lossy(&head))
}

/// Hidden entries a walk still enters: `.github` (for its workflows) and GitLab CI files.
fn walked_even_if_hidden(name: &OsStr) -> bool {
    let name = name.to_string_lossy().to_ascii_lowercase();
    name == ".github" || name.ends_with(".gitlab-ci.yml") || name.ends_with(".gitlab-ci.yaml")
}

/// The kind of a file met in a walk: by name, or by shebang for a name without an extension. Under `.github/`
/// only CI workflows and the scripts they call count, not `dependabot.yml` or issue templates.
fn walked_kind(path: &Path, name: &str) -> Option<Kind> {
    let kind = Kind::detect(name).or_else(|| {
        let file_name = path.file_name()?.to_string_lossy();
        (!file_name.contains('.')).then(|| sniff(path)).flatten()
    })?;
    let in_github = path.components().any(|component| component.as_os_str() == ".github");
    (matches!(kind, Kind::Ci | Kind::Shell) || !in_github).then_some(kind)
}

fn walk(
    root: &Path,
    only: Option<Kind>,
    seen: &mut HashSet<Identity>,
    sources: &mut Vec<Source>,
    errors: &mut Vec<CliError>,
) {
    let walker = ignore::WalkBuilder::new(root)
        // Honour .gitignore in folders that are not (or not yet) Git repositories too, as users expect.
        .require_git(false)
        .hidden(false)
        .filter_entry(|entry| {
            let name = entry.file_name();
            entry.depth() == 0 || !name.to_string_lossy().starts_with('.') || walked_even_if_hidden(name)
        })
        .sort_by_file_name(std::cmp::Ord::cmp)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = walk_error_path(&error).unwrap_or_else(|| root.to_path_buf());
                errors.push(CliError::Io { path, error: std::io::Error::other(error.to_string()) });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let name = display(entry.path());
        let Some(kind) = walked_kind(entry.path(), &name) else { continue };
        if only.is_some_and(|only| only != kind) || !seen.insert(identity(entry.path())) {
            continue;
        }
        match read_file(entry.path(), &name, kind) {
            Ok(source) => sources.push(source),
            Err(error) => errors.push(error),
        }
    }
}

fn walk_error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => walk_error_path(err),
        _ => None,
    }
}

fn read_file(path: &Path, name: &str, kind: Kind) -> Result<Source, CliError> {
    let bytes = std::fs::read(path).map_err(|error| CliError::Io { path: path.to_path_buf(), error })?;
    Ok(Source::new(name, text(bytes)).with_kind(kind))
}

/// Invalid UTF-8 is replaced rather than refused, so a stray Latin-1 byte in a comment does not stop the check;
/// byte offsets after a replaced byte then count the replacement character's three bytes.
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// The path as reported: as the user spelled it, without a leading `./`.
fn display(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut rest: &str = &text;
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped.trim_start_matches('/');
    }
    if rest.is_empty() {
        text.into_owned()
    } else {
        rest.to_owned()
    }
}

/// What makes two paths the same file, so that the same file reached twice (`a/Dockerfile` and `./a`, or through
/// a symbolic link) is read once.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Identity {
    Stdin,
    /// Device and inode: one `stat` per file, where resolving the path costs a `readlink` per component.
    #[cfg(unix)]
    Inode(u64, u64),
    /// A path that could not be resolved (the read that follows reports why), or any path off Unix.
    Path(PathBuf),
}

#[cfg(unix)]
fn identity(path: &Path) -> Identity {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .map_or_else(|_| Identity::Path(path.to_path_buf()), |meta| Identity::Inode(meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Identity {
    Identity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_drops_leading_dot_slashes_only() {
        assert_eq!(display(Path::new("./Dockerfile")), "Dockerfile");
        assert_eq!(display(Path::new(".//k8s/./a.yaml")), "k8s/./a.yaml");
        assert_eq!(display(Path::new("../x/Dockerfile")), "../x/Dockerfile");
        assert_eq!(display(Path::new(".hidden/Dockerfile")), ".hidden/Dockerfile");
    }

    #[test]
    fn invalid_utf8_is_replaced_not_refused() {
        assert_eq!(text(b"FROM a\n# caf\xe9\n".to_vec()), "FROM a\n# caf\u{fffd}\n");
    }
}
