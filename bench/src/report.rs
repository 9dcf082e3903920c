//! `seaworthy-bench report`: every figure of one run on one machine, printed and written to `docs/benchmarks.md`
//! with the machine it ran on. The figures come from the benchmarks of this crate, from `bench/js/node-check.mjs`
//! (the npm package in Node) and `bench/js/browser-relint.mjs` (the built playground in headless Chromium, driven
//! with the browser tests' helpers), and from gzip of the built modules. Missing artifacts are reported, not built:
//! `scripts/bench.sh` builds them first.

use std::fmt::Write as _;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::parity::Comparison;
use crate::{ms, ratio, BundleFigures, CheckovFigures, CorpusFigures, DockerfileFigures};

/// Goals from issue 6: how many times faster than each peer, and how fast a relint in the browser.
const HADOLINT_GOAL: f64 = 100.0;
const CHECKOV_GOAL: f64 = 1000.0;
const RELINT_GOAL_MS: f64 = 5.0;

/// Size budgets of the modules, as `scripts/test-bindings.sh` and `playground/e2e/budget.mjs` check them (bytes,
/// gzip -9).
const ABI_BUDGET: u64 = 250_000;
const KUBEWARDEN_BUDGET: u64 = 350_000;
const DIST_BUDGET: u64 = 500_000;

/// Checks of the 1,000-line manifest in Node, and keystrokes in the browser.
const NODE_RUNS: &str = "300";
const KEYSTROKES: &str = "15";
/// Keystrokes before those measured, while V8 tiers the worker's hot functions up (the Node checks warm up too).
const WARMUP_KEYSTROKES: &str = "10";

/// The wasm module in Node: the median time of one check of the 1,000-line manifest.
#[derive(Debug)]
struct NodeFigures {
    lines: u64,
    median_ms: f64,
    p10_ms: f64,
    p90_ms: f64,
    runs: u64,
    node: String,
}

/// The playground in Chromium: the median lint time after a keystroke in the 1,000-line manifest.
#[derive(Debug)]
struct BrowserFigures {
    lines: u64,
    median_ms: f64,
    min_ms: f64,
    max_ms: f64,
    paste_ms: f64,
    keystrokes: u64,
    in_worker: u64,
    warmup: u64,
    warmup_median_ms: f64,
    chromium: String,
}

/// A built artifact's gzip size.
#[derive(Debug)]
struct Size {
    what: &'static str,
    path: &'static str,
    gzip: Option<u64>,
    raw: u64,
    budget: u64,
    built: String,
}

/// Runs everything, prints the table and writes `docs/benchmarks.md`. Returns the process's exit code.
pub fn run(work: &Path) -> i32 {
    let root = crate::repo_root();
    let load_before = load_average();
    let started = Instant::now();
    let date = command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
    let dockerfiles = crate::dockerfiles(work);
    let checkov = crate::checkov();
    let bundles = crate::bundles();
    let corpus = crate::corpus();
    let node = node_check(&root);
    let browser = browser_relint(&root);
    let sizes = sizes(&root);
    let parity = crate::parity::run(work, None);
    let machine = machine(&date, &load_before, &load_average(), started.elapsed());
    let figures = Figures { dockerfiles, checkov, bundles, corpus, node, browser, sizes, parity };
    let markdown = render(&figures, &machine);
    println!("\n{markdown}");
    let path = root.join("docs/benchmarks.md");
    match std::fs::write(&path, markdown) {
        Ok(()) => {
            println!("written to {}", path.display());
            0
        }
        Err(error) => {
            eprintln!("cannot write {}: {error}", path.display());
            1
        }
    }
}

struct Figures {
    dockerfiles: DockerfileFigures,
    checkov: CheckovFigures,
    bundles: Vec<BundleFigures>,
    corpus: Vec<CorpusFigures>,
    node: Result<NodeFigures, String>,
    browser: Result<BrowserFigures, String>,
    sizes: Vec<Size>,
    parity: Vec<Comparison>,
}

/// The stdout of a command, trimmed; empty when it cannot run.
fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default()
}

/// The last line of a node script's stdout, as JSON.
fn node_json(root: &Path, script: &str, args: &[&str], env: &[(&str, &str)]) -> Result<Value, String> {
    let out = Command::new("node")
        .arg(root.join(script))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .output()
        .map_err(|error| format!("node did not start: {error}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).map_err(|_| {
        let stderr = String::from_utf8_lossy(&out.stderr);
        format!("{script} failed: {}", stderr.lines().find(|line| !line.trim().is_empty()).unwrap_or("no output"))
    })
}

fn number(value: &Value, key: &str) -> f64 {
    value.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

fn count(value: &Value, key: &str) -> u64 {
    value.get(key).and_then(Value::as_u64).unwrap_or_default()
}

fn text(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn node_check(root: &Path) -> Result<NodeFigures, String> {
    if !root.join("target/npm/seaworthy-policy/node/policy_js.cjs").exists() {
        return Err("no npm package in target/npm/seaworthy-policy (scripts/test-bindings.sh builds it)".to_owned());
    }
    println!("npm package in Node: checking the 1,000-line manifest {NODE_RUNS} times");
    let value = node_json(root, "bench/js/node-check.mjs", &[NODE_RUNS], &[])?;
    let figures = NodeFigures {
        lines: count(&value, "lines"),
        median_ms: number(&value, "median_ms"),
        p10_ms: number(&value, "p10_ms"),
        p90_ms: number(&value, "p90_ms"),
        runs: count(&value, "runs"),
        node: text(&value, "node"),
    };
    println!("  median {:.3} ms per check (p10 {:.3}, p90 {:.3})", figures.median_ms, figures.p10_ms, figures.p90_ms);
    Ok(figures)
}

/// Serves `dist/` on 127.0.0.1 (as `scripts/test-playground.sh` does) while the browser script runs.
fn browser_relint(root: &Path) -> Result<BrowserFigures, String> {
    let dist = root.join("dist");
    if !dist.join("index.html").exists() {
        return Err("no dist/ (trunk build --release builds it)".to_owned());
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|error| format!("no free port: {error}"))?
        .port();
    let mut server = Command::new("python3")
        .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
        .arg(&dist)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("python3 -m http.server did not start: {error}"))?;
    let address = format!("127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(&address).is_err() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "playground in headless Chromium: {WARMUP_KEYSTROKES} warm-up and {KEYSTROKES} measured keystrokes in the \
         1,000-line manifest"
    );
    let url = format!("http://{address}/");
    let result =
        node_json(root, "bench/js/browser-relint.mjs", &[KEYSTROKES, WARMUP_KEYSTROKES], &[("PLAYGROUND_URL", &url)]);
    let _ = server.kill();
    let _ = server.wait();
    let value = result?;
    let figures = BrowserFigures {
        lines: count(&value, "lines"),
        median_ms: number(&value, "median_ms"),
        min_ms: number(&value, "min_ms"),
        max_ms: number(&value, "max_ms"),
        paste_ms: number(&value, "paste_ms"),
        keystrokes: count(&value, "keystrokes"),
        in_worker: count(&value, "in_worker"),
        warmup: count(&value, "warmup"),
        warmup_median_ms: number(&value, "warmup_median_ms"),
        chromium: text(&value, "chromium"),
    };
    println!(
        "  median {:.2} ms per relint ({} of {} in the worker), {:.2} ms after the paste",
        figures.median_ms, figures.in_worker, figures.keystrokes, figures.paste_ms
    );
    Ok(figures)
}

/// `gzip -9` of a file, in bytes.
fn gzip_size(path: &Path) -> Option<u64> {
    let out = Command::new("gzip").args(["-9", "-c"]).arg(path).output().ok()?;
    out.status.success().then(|| u64::try_from(out.stdout.len()).unwrap_or(u64::MAX))
}

fn built(path: &Path) -> String {
    command_line("date", &["-u", "-r", &path.to_string_lossy(), "+%Y-%m-%d %H:%M UTC"])
}

fn sizes(root: &Path) -> Vec<Size> {
    let file = |what, path: &'static str, budget| {
        let full = root.join(path);
        Size {
            what,
            path,
            gzip: gzip_size(&full),
            raw: std::fs::metadata(&full).map(|meta| meta.len()).unwrap_or_default(),
            budget,
            built: built(&full),
        }
    };
    let mut out = vec![
        file("raw ABI module", "target/wasm/policy_abi.wasm", ABI_BUDGET),
        file("Kubewarden module", "target/wasm/policy_kubewarden.wasm", KUBEWARDEN_BUDGET),
    ];
    // The rules' docs (rules.json) are fetched when a rule's docs are opened, not by the first load; the budget
    // script checks that no load fetches them.
    let dist: Vec<_> = crate::files_under(&root.join("dist"))
        .into_iter()
        .filter(|path| path.file_name().is_none_or(|name| name != "rules.json"))
        .collect();
    let gzip: Option<u64> = dist.iter().map(|path| gzip_size(path)).sum();
    out.push(Size {
        what: "playground's first load (dist/ but the on-demand rules.json)",
        path: "dist/",
        gzip: gzip.filter(|_| !dist.is_empty()),
        raw: dist.iter().filter_map(|path| std::fs::metadata(path).ok()).map(|meta| meta.len()).sum(),
        budget: DIST_BUDGET,
        built: built(&root.join("dist/index.html")),
    });
    for size in &out {
        match size.gzip {
            Some(gzip) => println!("{:<40} {:>9} B gzip ({} B raw)", size.path, gzip, size.raw),
            None => println!("{:<40} missing", size.path),
        }
    }
    out
}

fn machine(date: &str, load_before: &str, load_after: &str, took: Duration) -> Vec<(&'static str, String)> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name").and_then(|rest| rest.split(':').nth(1)))
        .map_or_else(|| "unknown".to_owned(), |model| model.trim().to_owned());
    let cores = cpuinfo.lines().filter(|line| line.starts_with("processor")).count();
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("PRETTY_NAME=").map(|name| name.trim_matches('"').to_owned()))
        })
        .unwrap_or_default();
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines().find_map(|line| {
                line.strip_prefix("MemTotal:").and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            })
        })
        .map_or_else(String::new, |kib| format!("{:.1} GiB", float(kib) / 1024.0 / 1024.0));
    vec![
        ("date", date.to_owned()),
        ("CPU", cpu),
        ("cores", cores.to_string()),
        ("memory", memory),
        ("OS", format!("{os}, Linux {}", kernel.trim())),
        ("rustc", command_line("rustc", &["--version"])),
        ("hadolint", crate::tool_version("hadolint")),
        ("checkov", crate::tool_version("checkov")),
        ("node", command_line("node", &["--version"])),
        ("load average (1 min)", format!("{load_before} at the start, {load_after} at the end")),
        ("run took", format!("{:.0} s", took.as_secs_f64())),
    ]
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "not met"
    }
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", float(bytes) / 1000.0)
}

/// Sizes in bytes and KiB stay far below 2^52, where `f64` starts to round integers.
#[allow(clippy::cast_precision_loss)]
fn float(n: u64) -> f64 {
    n as f64
}

fn render(figures: &Figures, machine: &[(&'static str, String)]) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Benchmarks\n\nOne run of `scripts/bench.sh` (`cargo run --release -p seaworthy-bench -- report`), which \
         wrote this file. Every ratio compares runs over the same files in the same run on the same machine; rerun \
         the script to refresh the figures.\n"
    );
    let _ = writeln!(md, "| measure | Seaworthy | peer | ratio | goal |\n|---|---|---|---|---|");
    peer_rows(&mut md, figures);
    scaling_rows(&mut md, &figures.bundles);
    wasm_rows(&mut md, figures);
    size_rows(&mut md, &figures.sizes);
    notes(&mut md, figures, machine);
    md
}

/// Seaworthy against hadolint and checkov.
fn peer_rows(md: &mut String, figures: &Figures) {
    let docker = &figures.dockerfiles;
    let per_second = |files: usize, time: Duration| crate::files_per_second(files, time);
    match &docker.hadolint {
        Some(peer) => {
            let x = ratio(peer.time, docker.ours);
            let _ = writeln!(
                md,
                "| {} generated Dockerfiles ({} lines), one run | {:.2} ms, {:.0} files/s | hadolint {}: {:.0} ms, \
                 {:.0} files/s | **{x:.0}x** | ≥ {HADOLINT_GOAL:.0}x: {} |",
                docker.files,
                docker.lines,
                ms(docker.ours),
                per_second(docker.files, docker.ours),
                peer.version,
                ms(peer.time),
                per_second(docker.files, peer.time),
                verdict(x >= HADOLINT_GOAL)
            );
        }
        None => {
            let _ = writeln!(md, "| Dockerfiles | {:.2} ms | hadolint not installed | | |", ms(docker.ours));
        }
    }
    let ck = &figures.checkov;
    let runs = [("in process", Some(ck.ours)), ("as the CLI's process", ck.cli)];
    for (how, time) in runs {
        let Some(time) = time else {
            let _ = writeln!(md, "| kubernetes/examples, {how} | not measured (no release CLI) | | | |");
            continue;
        };
        let ours = format!("{:.2} ms, {:.0} manifests/s", ms(time), per_second(ck.manifests, time));
        match &ck.checkov {
            Some(peer) => {
                let x = ratio(peer.time, time);
                let _ = writeln!(
                    md,
                    "| kubernetes/examples ({} manifests, {} documents), {how} | {ours} | checkov {}: {:.0} ms, {:.0} \
                     manifests/s | **{x:.0}x** | ≥ {CHECKOV_GOAL:.0}x: {} |",
                    ck.manifests,
                    ck.documents,
                    peer.version,
                    ms(peer.time),
                    per_second(ck.manifests, peer.time),
                    verdict(x >= CHECKOV_GOAL)
                );
            }
            None => {
                let _ = writeln!(md, "| kubernetes/examples, {how} | {ours} | checkov not installed | | |");
            }
        }
    }
}

/// The cross-document rules over 1k, 10k and 100k objects. Linear means the work per object stays flat: counted in
/// instructions when callgrind could count them (time per object also grows with the caches a bundle outgrows), in
/// time otherwise.
fn scaling_rows(md: &mut String, bundles: &[BundleFigures]) {
    let first = bundles.first();
    for bundle in bundles {
        let time_growth = first.map_or(f64::NAN, |first| bundle.micros_per_object() / first.micros_per_object());
        let counted = bundle.instructions_per_object().zip(first.and_then(BundleFigures::instructions_per_object));
        let (figures, growth, linear) = match counted {
            Some((per_object, first)) => (
                format!("{:.2} µs/object, {per_object:.0} instructions/object", bundle.micros_per_object()),
                format!("{:.2}x the 1k instructions per object ({time_growth:.2}x the time)", per_object / first),
                per_object / first < 1.25,
            ),
            None => (
                format!("{:.2} µs/object", bundle.micros_per_object()),
                format!("{time_growth:.2}x the 1k time per object"),
                time_growth < 1.5,
            ),
        };
        let _ = writeln!(
            md,
            "| cross-document rules, {} generated objects ({} files, {} findings) | {:.1} ms, {figures} | | {growth} | \
             linear: {} |",
            bundle.objects,
            bundle.files,
            bundle.findings,
            ms(bundle.time),
            verdict(linear)
        );
    }
}

/// The npm package in Node and the playground in Chromium.
fn wasm_rows(md: &mut String, figures: &Figures) {
    match &figures.node {
        Ok(node) => {
            let _ = writeln!(
                md,
                "| npm package (wasm) in Node {}, {}-line manifest | median {:.2} ms per check (p10 {:.2}, p90 {:.2}; \
                 {} checks) | | | |",
                node.node, node.lines, node.median_ms, node.p10_ms, node.p90_ms, node.runs
            );
        }
        Err(why) => {
            let _ = writeln!(md, "| npm package in Node | not measured: {why} | | | |");
        }
    }
    match &figures.browser {
        Ok(browser) => {
            let where_ = if browser.in_worker == browser.keystrokes {
                "in the lint worker".to_owned()
            } else if browser.in_worker == 0 {
                "on the page".to_owned()
            } else {
                format!("{} of {} in the lint worker", browser.in_worker, browser.keystrokes)
            };
            let _ = writeln!(
                md,
                "| playground in headless Chromium {}, relint of a {}-line manifest after a keystroke | median {:.2} \
                 ms (min {:.2}, max {:.2}; {} keystrokes, {where_}, after {} warm-up keystrokes whose median was {:.2} \
                 ms); {:.2} ms after the paste | | | < {RELINT_GOAL_MS:.0} ms: {} |",
                browser.chromium,
                browser.lines,
                browser.median_ms,
                browser.min_ms,
                browser.max_ms,
                browser.keystrokes,
                browser.warmup,
                browser.warmup_median_ms,
                browser.paste_ms,
                verdict(browser.median_ms < RELINT_GOAL_MS)
            );
        }
        Err(why) => {
            let _ = writeln!(md, "| playground in headless Chromium | not measured: {why} | | | < 5 ms |");
        }
    }
}

fn size_rows(md: &mut String, sizes: &[Size]) {
    for size in sizes {
        match size.gzip {
            Some(gzip) => {
                let _ = writeln!(
                    md,
                    "| gzip -9 size of the {} (`{}`, built {}) | {} ({} raw) | | | budget {}: {} |",
                    size.what,
                    size.path,
                    size.built,
                    kb(gzip),
                    kb(size.raw),
                    kb(size.budget),
                    verdict(gzip <= size.budget)
                );
            }
            None => {
                let _ = writeln!(md, "| gzip size of the {} | missing: `{}` | | | |", size.what, size.path);
            }
        }
    }
}

/// How the figures were taken, the corpus, the parity totals and the machine.
fn notes(md: &mut String, figures: &Figures, machine: &[(&'static str, String)]) {
    let per_second = |files: usize, time: Duration| crate::files_per_second(files, time);
    let _ = writeln!(
        md,
        "\nEvery time is the median of at least three runs after a warm-up run. hadolint and checkov run as one \
         process over all the files, as a CI job runs them; Seaworthy runs in the benchmark's process (in process) \
         or as the release CLI started on the folder (as the CLI's process). Node and Chromium time the check alone (`performance.now()` around the call; in the \
         browser, the app's own lint time, in its worker once a lint was slower than its 8 ms budget on the page).\n"
    );
    let _ = writeln!(
        md,
        "## Corpus\n\n| folder | files | documents | findings | time | documents/s |\n|---|---|---|---|---|---|"
    );
    for folder in &figures.corpus {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:.2} ms | {:.0} |",
            folder.name,
            folder.files,
            folder.documents,
            folder.findings,
            ms(folder.time),
            per_second(folder.documents, folder.time)
        );
    }
    if !figures.parity.is_empty() {
        let total = |pick: fn(&Comparison) -> usize| figures.parity.iter().map(pick).sum::<usize>();
        let _ = writeln!(
            md,
            "\n## Parity\n\nOver the same files, for the {} rule-to-peer mappings: {} places where Seaworthy and the \
             peer agree, {} only the peer reports, {} only Seaworthy reports, {} without a reason in \
             [parity.md](parity.md).",
            figures.parity.len(),
            total(|c| c.agree),
            total(|c| c.only_peer),
            total(|c| c.only_ours),
            total(|c| c.unexplained)
        );
    }
    let _ = writeln!(md, "\n## Machine\n\n| | |\n|---|---|");
    for (key, value) in machine {
        let _ = writeln!(md, "| {key} | {value} |");
    }
    // A load average of half a core or more before or after the run means other processes shared the machine.
    let busy = machine
        .iter()
        .filter(|(key, _)| *key == "load average (1 min)")
        .flat_map(|(_, value)| value.split([' ', ',']).filter_map(|word| word.parse::<f64>().ok()).collect::<Vec<_>>())
        .any(|load| load >= 0.5);
    if busy {
        let _ = writeln!(
            md,
            "\nThe machine was not idle: other processes (builds, fuzzing) shared its cores during the run, as the \
             load average shows, so every figure, Seaworthy's and the peers', is slower than on a quiet machine; \
             each ratio compares runs made under the same load."
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PeerTime;

    fn figures() -> Figures {
        let peer =
            |version: &str, millis| Some(PeerTime { version: version.to_owned(), time: Duration::from_millis(millis) });
        Figures {
            dockerfiles: DockerfileFigures {
                files: 200,
                lines: 2000,
                findings: 900,
                ours: Duration::from_millis(10),
                hadolint: peer("2.15.1", 1500),
            },
            checkov: CheckovFigures {
                manifests: 248,
                documents: 335,
                ours: Duration::from_millis(5),
                cli: Some(Duration::from_millis(20)),
                checkov: peer("3.3.30", 6000),
            },
            bundles: [(1_000, 10), (10_000, 100), (100_000, 2000)]
                .map(|(objects, millis)| BundleFigures {
                    objects,
                    files: objects / 1000,
                    findings: 0,
                    time: Duration::from_millis(millis),
                    instructions: None,
                })
                .into(),
            corpus: Vec::new(),
            node: Err("no npm package".to_owned()),
            browser: Ok(BrowserFigures {
                lines: 1011,
                median_ms: 4.2,
                min_ms: 3.0,
                max_ms: 9.0,
                paste_ms: 20.0,
                keystrokes: 15,
                in_worker: 15,
                warmup: 10,
                warmup_median_ms: 7.5,
                chromium: "156".to_owned(),
            }),
            sizes: Vec::new(),
            parity: Vec::new(),
        }
    }

    #[test]
    fn the_table_gives_each_ratio_against_its_goal() {
        let md = render(&figures(), &[("load average (1 min)", "0.10 at the start, 0.20 at the end".to_owned())]);
        // 1500 ms against 10 ms: 150x hadolint, over the 100x goal.
        assert!(md.contains("**150x** | ≥ 100x: met"), "{md}");
        // 6000 ms against 5 ms in process (1200x, met) and 20 ms as a process (300x, not met).
        assert!(md.contains("**1200x** | ≥ 1000x: met"), "{md}");
        assert!(md.contains("**300x** | ≥ 1000x: not met"), "{md}");
        // Uncounted, 100k objects take 2.00x the 1k time per object: not linear.
        assert!(md.contains("2.00x the 1k time per object | linear: not met"), "{md}");
        assert!(md.contains("1.00x the 1k time per object | linear: met"), "{md}");
        // Counted, the same times with flat instructions per object are linear, and growing ones are not.
        let mut counted = figures();
        for (bundle, instructions) in counted.bundles.iter_mut().zip([100_000_000, 950_000_000, 20_000_000_000]) {
            bundle.instructions = Some(instructions);
        }
        let md = render(&counted, &[]);
        assert!(
            md.contains(
                "95000 instructions/object | | 0.95x the 1k instructions per object (1.00x the time) | linear: met"
            ),
            "{md}"
        );
        assert!(md.contains("2.00x the 1k instructions per object (2.00x the time) | linear: not met"), "{md}");
        assert!(md.contains("median 4.20 ms") && md.contains("in the lint worker") && md.contains("< 5 ms: met"));
        assert!(md.contains("after 10 warm-up keystrokes whose median was 7.50 ms"), "{md}");
        assert!(md.contains("not measured: no npm package"));
        assert!(!md.contains("was not idle"), "a load of 0.2 is an idle machine");
    }

    #[test]
    fn a_busy_machine_is_said_so() {
        let md = render(&figures(), &[("load average (1 min)", "0.10 at the start, 2.50 at the end".to_owned())]);
        assert!(md.contains("was not idle"));
    }
}
