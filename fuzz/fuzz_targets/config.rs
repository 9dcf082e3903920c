//! The config loader: the same text read as `.seaworthy.yaml` and as JSON settings. Refusals carry 1-based
//! positions; an accepted config runs a small check, so limits and exemptions it sets are exercised too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_core::{Config, Source};

fuzz_target!(|data: &[u8]| {
    let text = seaworthy_fuzz::text(data);
    for read in [Config::from_yaml, Config::from_json] {
        match read(&text) {
            Ok(config) => {
                let sources = [
                    Source::new("Dockerfile", "FROM node:20\nUSER root\n"),
                    Source::new("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n"),
                ];
                let report = policy_core::check(&sources, &config);
                seaworthy_fuzz::assert_report(&sources, &report);
            }
            Err(error) => assert!(error.line >= 1 && error.column >= 1, "position not 1-based: {error:?}"),
        }
    }
});
