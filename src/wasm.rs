//! The wasm-bindgen layer of the npm package: moves [`crate::api`] values across the boundary
//! and nothing else. Values cross as plain JavaScript objects (serde-wasm-bindgen, JSON
//! compatible: `null` for absent values, objects for maps); the TypeScript declarations of
//! those objects come from the `Tsify` derives in `api.rs`.

use crate::api;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Panics print their message and location through `console.error` before the module traps.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn from_js<T: DeserializeOwned>(what: &str, value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

fn api_error(e: api::ApiError) -> JsError {
    JsError::new(&e.0)
}

/// Check a set of named documents as one deployment.
#[wasm_bindgen(unchecked_return_type = "CheckOutput")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "FileInput[]")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let files: Vec<api::FileInput> = from_js("files", files)?;
    let options: api::CheckOptions = match options {
        Some(o) if !o.is_undefined() && !o.is_null() => from_js("options", o)?,
        _ => api::CheckOptions::default(),
    };
    to_js(&api::check(files, options).map_err(api_error)?)
}

/// The pull paths of a set of documents: every workload and registry it pulls from, step by
/// step.
#[wasm_bindgen(js_name = pullPaths, unchecked_return_type = "PullPathInfo[]")]
pub fn pull_paths(
    #[wasm_bindgen(unchecked_param_type = "FileInput[]")] files: JsValue,
) -> Result<JsValue, JsError> {
    let files: Vec<api::FileInput> = from_js("files", files)?;
    to_js(&api::pull_paths(files).map_err(api_error)?)
}

/// Every rule with its metadata, in catalogue order.
#[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
pub fn rules() -> Result<JsValue, JsError> {
    to_js(&api::rules())
}

/// The JSON Schema of topology JSON documents, as JSON text.
#[wasm_bindgen(js_name = topologySchema)]
pub fn topology_schema() -> String {
    api::topology_schema().to_string()
}

/// The version of topolint.
#[wasm_bindgen]
pub fn version() -> String {
    api::version().to_string()
}
