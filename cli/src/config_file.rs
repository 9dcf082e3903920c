//! Finds and loads the configuration of one check: `--config FILE`, else the nearest `.seaworthy.yaml` (or
//! `.seaworthy.yml`) upward from the paths in command-line order (the first path that has one decides), else the
//! defaults. One check has one configuration, because all its files are checked together.

use std::path::{Path, PathBuf};

use policy_core::Config;

use crate::discover::STDIN;
use crate::error::CliError;

/// File names looked for in each folder, in order of preference.
const NAMES: [&str; 2] = [".seaworthy.yaml", ".seaworthy.yml"];

/// The configuration and the file it came from (`None`: the defaults).
pub fn load(
    explicit: Option<&Path>,
    paths: &[PathBuf],
    stdin_filename: Option<&str>,
) -> Result<(Config, Option<PathBuf>), CliError> {
    let Some(file) = explicit.map(Path::to_path_buf).or_else(|| discover(paths, stdin_filename)) else {
        return Ok((Config::default(), None));
    };
    let text = std::fs::read_to_string(&file).map_err(|error| CliError::Io { path: file.clone(), error })?;
    let config = Config::from_yaml(&text).map_err(|error| CliError::Config { path: file.clone(), error })?;
    Ok((config, Some(file)))
}

fn discover(paths: &[PathBuf], stdin_filename: Option<&str>) -> Option<PathBuf> {
    paths.iter().find_map(|path| {
        let start = start_folder(path, stdin_filename)?;
        start.ancestors().find_map(|folder| NAMES.iter().map(|name| folder.join(name)).find(|file| file.is_file()))
    })
}

/// The folder the search starts in: a folder itself, a file's parent, standard input's claimed name's parent
/// (else the working directory). Absolute, so that the search can climb above a relative path.
fn start_folder(path: &Path, stdin_filename: Option<&str>) -> Option<PathBuf> {
    let path = if path.as_os_str() == STDIN { Path::new(stdin_filename.unwrap_or(STDIN)) } else { path };
    let folder = if path.is_dir() { path } else { path.parent().unwrap_or(Path::new("")) };
    let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
    std::path::absolute(folder).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_starts_at_a_files_parent_or_the_working_directory() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(start_folder(Path::new("-"), None), Some(cwd.clone()));
        assert_eq!(start_folder(Path::new("Dockerfile"), None), Some(cwd.clone()));
        assert_eq!(start_folder(Path::new("-"), Some("deploy/app.yaml")), Some(cwd.join("deploy")));
        assert_eq!(start_folder(Path::new("src"), None), Some(cwd.join("src")));
    }
}
