//! The Dockerfile parser and what rules ask of its tree: every span inside the source, variable scopes, shell
//! commands, flag options and word expansion.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_core::span::Span;

fn inside(span: Span, len: usize, what: &str) {
    assert!(span.start <= span.end && span.end <= len, "{what} span {span:?} outside 0..{len}");
}

fuzz_target!(|data: &[u8]| {
    let text = seaworthy_fuzz::text(data);
    let parsed = policy_core::syntax::dockerfile::parse(&text);
    let file = &parsed.file;
    let len = text.len();
    for problem in &parsed.problems {
        inside(problem.span, len, "problem");
    }
    for comment in &file.comments {
        inside(comment.span, len, "comment");
    }
    for (index, instruction) in file.instructions.iter().enumerate() {
        inside(instruction.span, len, "instruction");
        inside(instruction.keyword_span, len, "keyword");
        for flag in &instruction.flags {
            inside(flag.span, len, "flag");
            let _ = flag.options();
        }
        for command in instruction.commands() {
            inside(command.span, len, "command");
            for word in &command.words {
                inside(word.span, len, "command word");
            }
        }
        // Scopes walk the stage and its bases; a few per input keep an execution short on long files.
        if index < 64 {
            let vars = file.vars_at(index);
            if let Some(text) = instruction.shell_text() {
                let _ = vars.expand(text.as_str(), file.escape);
            }
        }
    }
    for stage in &file.stages {
        inside(stage.base.span, len, "stage base");
        let _ = file.stage_instructions(stage);
        let _ = stage.label();
        let _ = file.stage_ref(&stage.label());
    }
});
