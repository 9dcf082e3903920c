//! The YAML layer with the default limits: every node, problem and suppression span inside the source, and the
//! tree walkable to its leaves.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_core::config::Limits;
use policy_core::syntax::yaml::{Node, Value};

fuzz_target!(|data: &[u8]| {
    let text = seaworthy_fuzz::text(data);
    let stream = policy_core::syntax::yaml::parse_stream(&text, &Limits::default());
    let len = text.len();
    for problem in &stream.problems {
        assert!(problem.span.start <= problem.span.end && problem.span.end <= len, "problem {problem:?}");
    }
    for document in &stream.documents {
        assert!(document.span.end <= len, "document span {:?} outside 0..{len}", document.span);
        // Iterative, so that a deep tree tests the parser's depth limit rather than this walk's stack.
        let mut stack: Vec<&Node> = vec![&document.root];
        while let Some(node) = stack.pop() {
            assert!(
                node.span.start <= node.span.end && node.span.end <= len,
                "node span {:?} outside 0..{len}",
                node.span
            );
            match &node.value {
                Value::Null => {}
                Value::Scalar(_) => {
                    let _ = (node.as_str(), node.as_bool(), node.as_i64());
                    let _ = policy_core::syntax::yaml::item_span(&text, node);
                }
                Value::Sequence(items) => stack.extend(items),
                Value::Mapping(entries) => {
                    for entry in entries {
                        let _ = entry.span();
                        stack.push(&entry.key);
                        stack.push(&entry.value);
                    }
                }
            }
        }
    }
});
