//! The waPC guest side: registers the three operations Kubewarden calls. `wapc-guest` provides the
//! `__guest_call` export; `wapc_init` is the export a waPC host runs once after instantiating the module.

use wapc_guest::{register_function, CallResult};

// The exported name is what waPC hosts look up; the attribute is the only unsafe-code-lint item here.
#[allow(unsafe_code)]
#[no_mangle]
pub extern "C" fn wapc_init() {
    register_function("protocol_version", protocol_version);
    register_function("validate_settings", validate_settings);
    register_function("validate", validate);
}

// Every answer is a JSON document, including rejections and invalid settings, so no operation fails at the
// waPC level.
#[allow(clippy::unnecessary_wraps)]
fn protocol_version(_payload: &[u8]) -> CallResult {
    Ok(crate::protocol_version())
}

#[allow(clippy::unnecessary_wraps)]
fn validate_settings(payload: &[u8]) -> CallResult {
    Ok(crate::validate_settings(payload))
}

#[allow(clippy::unnecessary_wraps)]
fn validate(payload: &[u8]) -> CallResult {
    Ok(crate::validate(payload))
}
