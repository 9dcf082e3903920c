//! The playground's entry point: in the browser it mounts the app; natively there is nothing to run (the crate's
//! logic is tested through its library). The same module also serves the lint worker, through `lintJson`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::{wasm_bindgen, JsValue};

fn main() {
    #[cfg(target_arch = "wasm32")]
    playground::start();
}

/// The lint worker's entry point (`playground/lint-worker.js` instantiates this same module in a worker): a lint
/// request as JSON in, the report as JSON out.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = lintJson)]
pub fn lint_json(request: &str) -> Result<String, JsValue> {
    playground::worker::lint_json(request).map_err(|error| JsValue::from_str(&error))
}
