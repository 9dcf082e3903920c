//! The playground's entry point: in the browser it mounts the app; natively there is nothing to run (the crate's
//! logic is tested through its library).

fn main() {
    #[cfg(target_arch = "wasm32")]
    playground::start();
}
