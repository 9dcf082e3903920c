//! The raw ABI's request decoding (`policy_abi::respond`, what `seaworthy_check` runs over the bytes a host
//! wrote): every answer is JSON, either a report or `{"error": {"code", "message"}}`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let answer = policy_abi::respond(data);
    let value: serde_json::Value = serde_json::from_str(&answer).expect("every answer is JSON");
    let is_report = value.get("findings").is_some_and(serde_json::Value::is_array);
    let is_error = value.pointer("/error/code").is_some_and(serde_json::Value::is_string);
    assert!(is_report != is_error, "neither a report nor an error: {answer}");
});
