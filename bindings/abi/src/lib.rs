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

use policy_core::{Config, Source};
use serde::Deserialize;

/// The version of the contract in `README.md`, answered by `seaworthy_abi_version`.
pub const ABI_VERSION: i32 = 1;

/// The largest request accepted, in bytes. Bounds the memory one call can make the module grow to.
pub const MAX_REQUEST_BYTES: usize = 32 * 1024 * 1024;

/// What a host sends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    files: Vec<Source>,
    /// Read by `Config::from_json`, the validation every host shares, not by serde: unknown rule ids are refused.
    #[serde(default)]
    config: Option<serde_json::Value>,
}

/// The answer to a request's bytes: the report's JSON, or the error JSON.
pub fn respond(request: &[u8]) -> String {
    if request.is_empty() {
        return error("empty-request", "the request is empty; send {\"files\": [...], \"config\": {...}}");
    }
    let Ok(text) = std::str::from_utf8(request) else {
        return error("invalid-utf8", "the request is not valid UTF-8");
    };
    match serde_json::from_str::<Request>(text) {
        Ok(request) => {
            let config = match &request.config {
                Some(value) => match Config::from_json(&value.to_string()) {
                    Ok(config) => config,
                    Err(problem) => return error("invalid-config", &problem.message),
                },
                None => Config::default(),
            };
            policy_core::check(&request.files, &config).to_json()
        }
        Err(problem) => error("invalid-request", &problem.to_string()),
    }
}

/// The one error helper: `{"error": {"code": ..., "message": ...}}`. Codes are stable; messages are for people.
pub fn error(code: &str, message: &str) -> String {
    serde_json::json!({ "error": { "code": code, "message": message } }).to_string()
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
