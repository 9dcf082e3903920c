//! The whole check over a bundle of 1 to 3 sources named as Dockerfiles or manifests (see
//! `seaworthy_fuzz::bundle`), under the default configuration, then the report's invariants and its JSON and
//! SARIF forms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_core::Config;

fuzz_target!(|data: &[u8]| {
    let sources = seaworthy_fuzz::bundle(data);
    let report = policy_core::check(&sources, &Config::default());
    seaworthy_fuzz::assert_report(&sources, &report);
});
