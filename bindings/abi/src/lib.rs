//! Seaworthy as a raw WebAssembly module that imports nothing, for any runtime: wasmtime, wasmer, wazero, Node,
//! Python, a browser without glue code. The contract is in `README.md` beside this crate.
//!
//! The module owns the five exports and the table of blocks it has handed out; everything about checking belongs
//! to `policy-core`. A request is UTF-8 JSON `{"files": [...], "config": {...}}`, an answer is the report as the
//! CLI's `--format json` prints it, or `{"error": {"code": ..., "message": ...}}`.

// The exports take and return addresses in linear memory, so reading the request and handing out blocks needs
// raw pointers. The unsafe is confined to `heap`, and every address a host passes is looked up in the table of
// live blocks before it is dereferenced, so a wrong address gives an error answer instead of a trap.
#![allow(unsafe_code)]

mod heap;

use policy_core::config::Limits;
use policy_core::span::LineIndex;
use policy_core::syntax::yaml;
use policy_core::{Config, Source};
use serde::Deserialize;

/// The version of the contract in `README.md`, answered by `seaworthy_abi_version`.
pub const ABI_VERSION: i32 = 1;

/// The largest request accepted, in bytes. Bounds the memory one call can make the module grow to.
pub const MAX_REQUEST_BYTES: usize = 32 * 1024 * 1024;

/// What a host sends, read by policy-core's own YAML reader (JSON is YAML), which the module links anyway: a JSON
/// deserializer beside it would add its code, and Rust's float printing for its error messages, to every module.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    files: Vec<Source>,
    /// Read by `Config::from_yaml`, the validation every host shares, not by serde: unknown rule ids are refused.
    #[serde(default, rename = "config")]
    _config: Option<serde::de::IgnoredAny>,
}

/// The answer to a request's bytes: the report's JSON, or the error JSON.
pub fn respond(request: &[u8]) -> String {
    if request.is_empty() {
        return error("empty-request", "the request is empty; send {\"files\": [...], \"config\": {...}}");
    }
    let Ok(text) = std::str::from_utf8(request) else {
        return error("invalid-utf8", "the request is not valid UTF-8");
    };
    let limits = Limits { max_file_bytes: MAX_REQUEST_BYTES, ..Limits::default() };
    let stream = yaml::parse_stream(text, &limits);
    if let Some(problem) = stream.problems.first() {
        let position = LineIndex::new(text).position(problem.span.start);
        return error(
            "invalid-request",
            &format!("{} at line {} column {}", problem.message, position.line, position.column),
        );
    }
    let [document] = stream.documents.as_slice() else {
        return error("invalid-request", "the request must be one JSON object");
    };
    if document.root.as_mapping().is_none() || !is_json(text, &document.root) {
        return error("invalid-request", "the request must be a JSON object with `files`, written as JSON");
    }
    let request: Request = match yaml::from_node(&document.root) {
        Ok(request) => request,
        Err(problem) => return error("invalid-request", &problem.message),
    };
    let config = match document.root.get("config").filter(|node| !node.is_null()) {
        Some(node) => match Config::from_yaml(node.span.slice(text)) {
            Ok(config) => config,
            Err(problem) => return error("invalid-config", &problem.message),
        },
        None => Config::default(),
    };
    policy_core::check(&request.files, &config).to_json()
}

/// Whether the YAML tree was written as JSON: flow collections, double-quoted strings and keys, and plain scalars
/// only for `true`, `false`, `null` and numbers. The YAML reader accepts more (unquoted keys, comments, anchors);
/// the contract is JSON, so the rest is refused as every JSON reader would.
fn is_json(text: &str, node: &yaml::Node) -> bool {
    let opens = |open: char| text.get(node.span.start..).is_some_and(|rest| rest.starts_with(open));
    match &node.value {
        yaml::Value::Null => node.span.slice(text) == "null",
        yaml::Value::Scalar(scalar) => match scalar.style {
            yaml::Style::DoubleQuoted => scalar.tag.is_none(),
            yaml::Style::Plain => {
                let literal = node.span.slice(text);
                matches!(literal, "true" | "false") || is_json_number(literal)
            }
            _ => false,
        },
        yaml::Value::Sequence(items) => opens('[') && items.iter().all(|item| is_json(text, item)),
        yaml::Value::Mapping(entries) => {
            opens('{')
                && entries.iter().all(|entry| {
                    entry.key.as_scalar().is_some_and(|key| key.style == yaml::Style::DoubleQuoted)
                        && is_json(text, &entry.value)
                })
        }
    }
}

/// RFC 8259's number: `-`, an integer without leading zeros, an optional fraction and exponent. Checked by hand so
/// that no float parser is linked into the module.
fn is_json_number(text: &str) -> bool {
    let mut rest = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let digits = |rest: &mut &[u8]| {
        let count = rest.iter().take_while(|byte| byte.is_ascii_digit()).count();
        *rest = rest.get(count..).unwrap_or_default();
        count
    };
    match rest.first() {
        Some(b'0') => rest = rest.get(1..).unwrap_or_default(),
        Some(b'1'..=b'9') => {
            digits(&mut rest);
        }
        _ => return false,
    }
    if let Some(fraction) = rest.strip_prefix(b".") {
        rest = fraction;
        if digits(&mut rest) == 0 {
            return false;
        }
    }
    if let Some(exponent) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        rest = exponent.strip_prefix(b"+").or_else(|| exponent.strip_prefix(b"-")).unwrap_or(exponent);
        if digits(&mut rest) == 0 {
            return false;
        }
    }
    rest.is_empty()
}

/// The one error helper: `{"error": {"code": ..., "message": ...}}`. Codes are stable; messages are for people.
pub fn error(code: &str, message: &str) -> String {
    let quote = |text: &str| serde_json::to_string(text).unwrap_or_default();
    format!("{{\"error\":{{\"code\":{},\"message\":{}}}}}", quote(code), quote(message))
}

/// `1`: lets a host refuse a module whose contract it does not know.
#[no_mangle]
pub extern "C" fn seaworthy_abi_version() -> i32 {
    ABI_VERSION
}

/// A zeroed block of `len` bytes for the request, or `0` when `len` is not positive, is over
/// [`MAX_REQUEST_BYTES`], or memory cannot grow.
#[no_mangle]
pub extern "C" fn seaworthy_alloc(len: i32) -> i32 {
    let Ok(len) = usize::try_from(len) else { return 0 };
    if len > MAX_REQUEST_BYTES {
        return 0;
    }
    heap::alloc(len).map_or(0, address_bits)
}

/// Frees a block from `seaworthy_alloc` or `seaworthy_check`. Anything else (a wrong length, a double free, a
/// made-up address) is ignored rather than corrupting the allocator.
#[no_mangle]
pub extern "C" fn seaworthy_free(ptr: i32, len: i32) {
    if let Ok(len) = usize::try_from(len) {
        heap::free(address_of(ptr), len);
    }
}

/// Checks the request in `[ptr, ptr + len)`, which must lie inside a block from `seaworthy_alloc`, and answers
/// `(out_ptr << 32) | out_len`. The host frees the answer with `seaworthy_free(out_ptr, out_len)`.
#[no_mangle]
pub extern "C" fn seaworthy_check(ptr: i32, len: i32) -> i64 {
    let answer = match usize::try_from(len) {
        Ok(len) if len > MAX_REQUEST_BYTES => {
            error("request-too-large", &format!("the request is {len} bytes, over the limit of {MAX_REQUEST_BYTES}"))
        }
        Ok(len) => match heap::with_input(address_of(ptr), len, respond) {
            Some(answer) => answer,
            None => {
                error("out-of-bounds", &format!("[{ptr}, {ptr} + {len}) is not inside a block from seaworthy_alloc"))
            }
        },
        Err(_) => error("out-of-bounds", &format!("the length {len} is negative")),
    };
    let (address, len) = heap::leak(answer);
    let high = u64::from(u32::from_ne_bytes(address_bits(address).to_ne_bytes()));
    let low = u64::try_from(len).unwrap_or(0);
    i64::from_ne_bytes(((high << 32) | low).to_ne_bytes())
}

/// A wasm32 address as the host sees it: an `i32` holding the unsigned 32-bit address. (The exports compile
/// natively too, so that clippy and the unit tests see them, but only wasm32 addresses fit; others become 0.)
fn address_bits(address: usize) -> i32 {
    i32::from_ne_bytes(u32::try_from(address).unwrap_or(0).to_ne_bytes())
}

/// The unsigned address an `i32` argument holds (wasm32 addresses above 2 GiB arrive negative).
fn address_of(ptr: i32) -> usize {
    usize::try_from(u32::from_ne_bytes(ptr.to_ne_bytes())).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn parse(answer: &str) -> serde_json::Value {
        serde_json::from_str(answer).expect("answers are JSON")
    }

    #[test]
    fn a_request_gets_the_same_report_as_the_core() {
        let content = "FROM alpine\nRUN echo hi\n";
        let request = serde_json::json!({ "files": [{ "path": "Dockerfile", "content": content }] });
        let answer = respond(request.to_string().as_bytes());
        let native = policy_core::check(&[Source::new("Dockerfile", content)], &Config::default());
        assert_eq!(answer, native.to_json());
    }

    #[test]
    fn config_is_read_and_unknown_keys_are_refused() {
        let request = r#"{"files": [], "config": {"rules": {"parse-error": "off"}}}"#;
        assert!(parse(&respond(request.as_bytes())).get("findings").is_some());
        let request = r#"{"files": [], "config": {"no-such-key": 1}}"#;
        let answer = parse(&respond(request.as_bytes()));
        assert_eq!(answer["error"]["code"], "invalid-config");
        assert!(answer["error"]["message"].as_str().unwrap().contains("no-such-key"));
    }

    #[test]
    fn bad_requests_get_error_codes() {
        for (request, code) in [
            (&b""[..], "empty-request"),
            (&b"\xff\xfe{}"[..], "invalid-utf8"),
            (&b"{\"files\": 3}"[..], "invalid-request"),
            (&b"{\"files\": []"[..], "invalid-request"),
            (&b"{\"files\": [], \"extra\": 1}"[..], "invalid-request"),
            (&b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["[..], "invalid-request"),
        ] {
            assert_eq!(parse(&respond(request))["error"]["code"], code, "{}", String::from_utf8_lossy(request));
        }
    }

    #[test]
    fn json_escapes_read_as_a_json_reader_reads_them() {
        let content = "FROM alpine:3.20\n# caf\u{e9} \u{1f600} \"q\" \\ /\nUSER 1000\n";
        let as_ascii = content.chars().fold(String::new(), |mut out, c| {
            let mut units = [0_u16; 2];
            for unit in c.encode_utf16(&mut units) {
                if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' {
                    out.push(c);
                } else {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            out
        });
        let request = format!("{{\"files\": [{{\"path\": \"Dockerfile\", \"content\": \"{as_ascii}\"}}]}}");
        let native = policy_core::check(&[Source::new("Dockerfile", content)], &Config::default());
        assert_eq!(respond(request.as_bytes()), native.to_json(), "{request}");
        for number in ["0", "-12", "1.5e-3", "2E+10"] {
            assert!(is_json_number(number), "{number}");
        }
        for not_number in ["01", "+1", ".5", "1.", "1e", "0x10", "1_000", "-"] {
            assert!(!is_json_number(not_number), "{not_number}");
        }
        for not_json in
            [&b"files: []"[..], &b"{files: [], config: {}}"[..], &b"{\"files\": [], \"config\": {'rules': {}}}"[..]]
        {
            assert_eq!(
                parse(&respond(not_json))["error"]["code"],
                "invalid-request",
                "{}",
                String::from_utf8_lossy(not_json)
            );
        }
    }

    #[test]
    fn addresses_round_trip_through_i32() {
        for address in [0_usize, 8, 0x7fff_ffff, 0x8000_0000, 0xffff_fff0] {
            assert_eq!(address_of(address_bits(address)), address);
        }
    }

    #[test]
    fn an_unknown_rule_id_in_the_config_is_refused_with_the_near_one() {
        let answer = respond(br#"{"files": [], "config": {"rules": {"root-usr": "off"}}}"#);
        let value: serde_json::Value = serde_json::from_str(&answer).expect("json");
        assert_eq!(value["error"]["code"], "invalid-config");
        assert_eq!(value["error"]["message"], "unknown rule `root-usr`; did you mean `root-user`?");
    }
}
