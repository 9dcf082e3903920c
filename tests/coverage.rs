//! `docs/coverage.md` against the registry: every hadolint rule has a row, every row names a rule or gives the
//! reason it is declined, the rules named exist, and every hadolint or checkov id in a rule's `peers` is in the
//! table under that rule. A practice in the shared table is checked by at least two of the peers.

use policy_core::rules::{find, REGISTRY};
use seaworthy_tests::root;

/// Every rule of hadolint 2.15.1, the version `scripts/install-peers.sh` installs (its `src/Hadolint/Rule/`).
const HADOLINT: &[&str] = &[
    "DL1000", "DL1001", "DL3000", "DL3001", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007", "DL3008", "DL3009",
    "DL3010", "DL3011", "DL3012", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018", "DL3019", "DL3020", "DL3021",
    "DL3022", "DL3023", "DL3024", "DL3025", "DL3026", "DL3027", "DL3028", "DL3029", "DL3030", "DL3032", "DL3033",
    "DL3034", "DL3035", "DL3036", "DL3037", "DL3038", "DL3040", "DL3041", "DL3042", "DL3043", "DL3044", "DL3045",
    "DL3046", "DL3047", "DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056",
    "DL3057", "DL3058", "DL3059", "DL3060", "DL3061", "DL3062", "DL3063", "DL3064", "DL3065", "DL3066", "DL3067",
    "DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006",
];

/// The rows of the table under `heading`: cells trimmed, header and separator left out.
fn table(text: &str, heading: &str) -> Vec<Vec<String>> {
    let section = text.split(heading).nth(1).unwrap_or_else(|| panic!("no `{heading}` in docs/coverage.md"));
    let section = section.split("\n## ").next().unwrap_or_default();
    section
        .lines()
        .filter(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| line.trim_matches('|').split(" | ").map(|cell| cell.trim().to_owned()).collect())
        .collect()
}

/// The rule ids a cell names in backticks; `—` names none.
fn rules_in(cell: &str) -> Vec<String> {
    cell.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

fn ids_in(cell: &str) -> Vec<String> {
    cell.split(", ").filter(|id| *id != "—").map(str::to_owned).collect()
}

fn coverage() -> String {
    std::fs::read_to_string(root().join("docs/coverage.md")).expect("docs/coverage.md")
}

#[test]
fn every_hadolint_rule_is_covered_or_declined_with_a_reason() {
    let rows = table(&coverage(), "## Dockerfiles: hadolint's rules");
    let mut problems = Vec::new();
    let listed: Vec<&str> = rows.iter().filter_map(|row| row.first().map(String::as_str)).collect();
    for id in HADOLINT {
        if listed.iter().filter(|listed| *listed == id).count() != 1 {
            problems.push(format!("{id}: needs exactly one row"));
        }
    }
    for row in &rows {
        let [id, _, rules, reason] = row.as_slice() else {
            problems.push(format!("malformed row {row:?}"));
            continue;
        };
        let named = rules_in(rules);
        for rule in &named {
            if find(rule).is_none() {
                problems.push(format!("{id}: no rule `{rule}`"));
            }
        }
        let mapped = named
            .iter()
            .filter_map(|rule| find(rule))
            .any(|rule| rule.peers.iter().any(|peer| peer.tool == "hadolint" && peer.id == id));
        if !mapped && reason.is_empty() {
            problems.push(format!("{id}: neither a rule that maps it nor a reason"));
        }
        if mapped && !reason.is_empty() {
            problems.push(format!("{id}: mapped, yet the row gives a reason for declining it"));
        }
    }
    for rule in REGISTRY {
        for peer in rule.peers.iter().filter(|peer| peer.tool == "hadolint") {
            let shown = rows.iter().any(|row| {
                row.first() == Some(&peer.id.to_owned())
                    && row.get(2).is_some_and(|cell| rules_in(cell).iter().any(|named| named == rule.id))
            });
            if !shown {
                problems.push(format!("{} maps {} but the table does not say so", rule.id, peer.id));
            }
        }
    }
    assert!(problems.is_empty(), "docs/coverage.md:\n{}", problems.join("\n"));
}

#[test]
fn every_shared_practice_has_a_rule_or_a_reason() {
    let rows = table(&coverage(), "## Dockerfiles: practices two of hadolint, checkov and trivy share");
    assert!(rows.len() >= 20, "the shared table lost its rows");
    let mut problems = Vec::new();
    for row in &rows {
        let [practice, hadolint, checkov, trivy, rules, reason] = row.as_slice() else {
            problems.push(format!("malformed row {row:?}"));
            continue;
        };
        let peers = [hadolint, checkov, trivy].iter().filter(|cell| cell.as_str() != "—").count();
        if peers < 2 {
            problems.push(format!("{practice}: fewer than two peers check it"));
        }
        let named: Vec<_> = rules_in(rules).iter().filter_map(|rule| find(rule)).collect();
        if named.len() != rules_in(rules).len() {
            problems.push(format!("{practice}: names a rule that does not exist"));
        }
        if named.is_empty() && reason.is_empty() {
            problems.push(format!("{practice}: neither a rule nor a reason"));
        }
        for (tool, cell) in [("hadolint", hadolint), ("checkov", checkov)] {
            for id in ids_in(cell) {
                let mapped = named.iter().any(|rule| rule.peers.iter().any(|peer| peer.tool == tool && peer.id == id));
                if !named.is_empty() && !mapped && reason.is_empty() {
                    problems.push(format!("{practice}: {tool} {id} is not in the peers of {rules}"));
                }
            }
        }
    }
    for rule in REGISTRY {
        for peer in rule.peers.iter().filter(|peer| peer.tool == "checkov" && peer.id.starts_with("CKV_DOCKER")) {
            let shown =
                rows.iter().any(|row| row.get(2).is_some_and(|cell| ids_in(cell).contains(&peer.id.to_owned())));
            if !shown {
                problems.push(format!("{} maps {} but the shared table does not show it", rule.id, peer.id));
            }
        }
    }
    assert!(problems.is_empty(), "docs/coverage.md:\n{}", problems.join("\n"));
}
