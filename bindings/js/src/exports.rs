//! The wasm-bindgen exports: JavaScript values in, JavaScript values out, errors thrown as `Error`.

use wasm_bindgen::prelude::*;

use crate::{check_json, default_config_json, rules_json};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

/// Checks the files and answers the report. `config` is optional; without it the defaults apply. Throws an
/// `Error` when `files` or `config` has the wrong shape.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "SourceFile[]")] files: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Config | null")] config: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    let files = stringify(files)?;
    let config = config.map(|config| stringify(&config)).transpose()?;
    let report = check_json(&files, config.as_deref()).map_err(|problem| JsError::new(&problem))?;
    parse(&report)
}

/// Every rule, in id order, with its docs as Markdown.
#[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
pub fn rules() -> Result<JsValue, JsError> {
    parse(&rules_json())
}

/// The `policy-core` version that produces the reports.
#[wasm_bindgen]
pub fn version() -> String {
    policy_core::VERSION.to_owned()
}

/// The configuration a check runs under when none is given.
#[wasm_bindgen(js_name = defaultConfig, unchecked_return_type = "Config")]
pub fn default_config() -> Result<JsValue, JsError> {
    parse(&default_config_json())
}

fn stringify(value: &JsValue) -> Result<String, JsError> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| JsError::new("seaworthy: the argument cannot be converted to JSON"))
}

fn parse(json: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(json).map_err(|_| JsError::new("seaworthy: internal error: the answer is not JSON"))
}
