//! Parser tests: exact spans (as source text and line numbers) for each BuildKit behaviour we follow.

use super::parse;

#[test]
fn stage_base_and_name() {
    let src = "FROM node:18 AS Build\nRUN make\n";
    let parsed = parse(src);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let stage = &parsed.file.stages[0];
    assert_eq!(stage.base.span.slice(src), "node:18");
    assert_eq!(stage.name.as_ref().map(|n| n.value.as_str()), Some("build"));
    assert_eq!(stage.instructions, 0..2);
}
