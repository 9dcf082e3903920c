//! policy-core's layers, checked from its sources: every module imports only from its own layer and the layers
//! below it (`docs/architecture.md`), and no import circle joins two folders. Test code is left out: a rule's
//! inline tests run it through the real engine, which is the point of them.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Bottom to top. A module in layer `n` may import from layers `0..=n`.
const LAYERS: [&str; 8] = ["base", "syntax", "model", "config", "lint", "rules", "report", "engine"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).expect("readable").map(|entry| entry.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The file's code without comments and test code: test-only files, the inline `mod tests` that closes a
/// file, and single `#[cfg(test)]` items.
fn production_text(relative: &str, text: &str) -> String {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    if name == "tests.rs" || name == "test_support.rs" || name.ends_with("_tests.rs") {
        return String::new();
    }
    let mut kept = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            if lines.peek().is_some_and(|next| next.trim().starts_with("mod tests")) {
                break;
            }
            lines.next();
            continue;
        }
        // Comments may name any module; only code imports.
        if !line.trim_start().starts_with("//") {
            kept.push_str(line);
        }
        kept.push('\n');
    }
    kept
}

/// The module path of a file: `syntax/yaml/mod.rs` is `syntax::yaml`, `syntax/yaml/node.rs` `syntax::yaml::node`.
fn module_of(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|last| last == "mod" || last == "lib") {
        parts.pop();
    }
    parts
}

/// The module paths a file's code names: `crate::a::b`, and `super::...` resolved against its own module.
fn imports(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
        let mut segments: Vec<&str> = word.split("::").filter(|segment| !segment.is_empty()).collect();
        if segments.len() < 2 {
            continue;
        }
        let mut path: Vec<String> = match segments.first().copied() {
            Some("crate") => Vec::new(),
            Some("super") => {
                let mut here = module.to_vec();
                while segments.first() == Some(&"super") {
                    segments.remove(0);
                    here.pop();
                }
                segments.insert(0, "super");
                here
            }
            _ => continue,
        };
        path.extend(segments.iter().skip(1).map(|segment| (*segment).to_owned()));
        found.push(path);
    }
    found
}

/// The folder of `src/` a module path points into: its longest prefix that is a folder.
fn folder_of(path: &[String]) -> String {
    let mut folder = String::new();
    let mut dir = src();
    for segment in path {
        dir = dir.join(segment);
        if !dir.is_dir() {
            break;
        }
        folder = if folder.is_empty() { segment.clone() } else { format!("{folder}/{segment}") };
    }
    folder
}

fn layer_of(folder: &str) -> Option<usize> {
    let top = folder.split('/').next().unwrap_or(folder);
    LAYERS.iter().position(|layer| *layer == top)
}

struct Graph {
    /// folder -> folders it imports from, with one import as evidence for each.
    edges: BTreeMap<String, BTreeMap<String, String>>,
    upward: Vec<String>,
}

fn graph() -> Graph {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let mut graph = Graph { edges: BTreeMap::new(), upward: Vec::new() };
    for file in files {
        let relative = file.strip_prefix(src()).expect("under src").to_string_lossy().replace('\\', "/");
        let text = production_text(&relative, &fs::read_to_string(&file).expect("readable"));
        let module = module_of(&relative);
        let own_folder = match relative.rsplit_once('/') {
            Some((folder, _)) => folder.to_owned(),
            None => String::new(),
        };
        for import in imports(&module, &text) {
            let target = folder_of(&import);
            if target.is_empty() || own_folder.is_empty() {
                continue;
            }
            let evidence = format!("{relative}: {}", import.join("::"));
            if let (Some(from), Some(to)) = (layer_of(&own_folder), layer_of(&target)) {
                if to > from {
                    graph.upward.push(format!("{evidence} ({} imports from {})", LAYERS[from], LAYERS[to]));
                }
            }
            if target != own_folder {
                graph.edges.entry(own_folder.clone()).or_default().entry(target).or_insert(evidence);
            }
        }
    }
    graph
}

#[test]
fn every_folder_of_src_is_a_layer() {
    let mut tops: Vec<String> = fs::read_dir(src())
        .expect("src")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .map(|path| path.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    tops.sort();
    let mut layers: Vec<String> = LAYERS.iter().map(|layer| (*layer).to_owned()).collect();
    layers.sort();
    assert_eq!(tops, layers, "add a new folder to LAYERS (and docs/architecture.md) at its place");
}

#[test]
fn no_import_points_up_a_layer() {
    let graph = graph();
    assert!(graph.upward.is_empty(), "imports that point up a layer:\n{}", graph.upward.join("\n"));
}

fn visit(node: &str, graph: &Graph, stack: &mut Vec<String>, done: &mut BTreeSet<String>, circles: &mut Vec<String>) {
    if let Some(at) = stack.iter().position(|seen| seen == node) {
        let mut circle: Vec<String> = stack[at..].to_vec();
        circle.push(node.to_owned());
        let evidence: Vec<String> = circle
            .windows(2)
            .filter_map(|pair| graph.edges.get(&pair[0]).and_then(|targets| targets.get(&pair[1])).cloned())
            .collect();
        circles.push(format!("{}\n  {}", circle.join(" -> "), evidence.join("\n  ")));
        return;
    }
    if done.contains(node) {
        return;
    }
    stack.push(node.to_owned());
    for target in graph.edges.get(node).into_iter().flat_map(BTreeMap::keys) {
        visit(target, graph, stack, done, circles);
    }
    stack.pop();
    done.insert(node.to_owned());
}

#[test]
fn no_import_circle_joins_two_folders() {
    let graph = graph();
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.edges.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(circles.is_empty(), "import circles across folders:\n{}", circles.join("\n"));
}

#[test]
fn the_checker_resolves_crate_and_super_paths() {
    let module = module_of("syntax/yaml/node.rs");
    let found = imports(&module, "use crate::rules::REGISTRY;\nuse super::parser::Parser;\nuse super::super::shell;\n");
    let folders: Vec<String> = found.iter().map(|path| folder_of(path)).collect();
    assert_eq!(folders, ["rules", "syntax/yaml", "syntax"]);
    assert!(layer_of("rules") > layer_of("syntax/yaml"));
    assert_eq!(
        production_text(
            "a/b.rs",
            "use crate::x::y;\n// crate::engine\n#[cfg(test)]\nmod tests {\nuse crate::engine::check;\n}\n"
        ),
        "use crate::x::y;\n\n"
    );
}
