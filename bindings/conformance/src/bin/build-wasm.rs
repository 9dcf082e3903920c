//! `cargo run -p policy-bindings-conformance --bin build-wasm`: builds and finishes the raw ABI and the
//! Kubewarden module into `target/wasm/`, as `scripts/test-bindings.sh` and the conformance tests do.

use std::process::ExitCode;

use policy_bindings_conformance::{build, Module};

fn main() -> ExitCode {
    for module in [Module::Abi, Module::Kubewarden] {
        match build(module) {
            Ok(path) => println!("{}", path.display()),
            Err(problem) => {
                eprintln!("build-wasm: {problem}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
