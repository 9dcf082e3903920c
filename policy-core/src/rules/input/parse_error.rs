use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports input that the parser cannot read as its author meant it: an unknown instruction, an unterminated
    /// heredoc, a broken YAML document. The rest of the input is still checked.
    ///
    /// ## Why it matters
    /// BuildKit rejects an unknown instruction and `kubectl apply` rejects a broken document, so the file would
    /// fail at build or deploy time; finding it in the editor is cheaper.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUNN echo hi
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hi
    /// USER 10001
    /// ```
    pub static RULE = {
        id: "parse-error",
        severity: Error,
        category: Syntax,
        summary: "input the parser cannot read",
        peers: [],
        checks: [],
    }
}
