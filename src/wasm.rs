//! The wasm-bindgen layer of the npm package: moves [`crate::api`] values across the boundary
//! and nothing else. Values cross as plain JavaScript objects (serde-wasm-bindgen, JSON
//! compatible: `null` for absent values, objects for maps); the TypeScript declarations of
//! those objects come from the `Tsify` derives in `api.rs`.

use crate::api;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Panics print their message and location through `console.error` before the module traps.
/// Installed on each call (it is a no-op after the first) rather than from a `start` function,
/// which wasm-bindgen would export and declare.
fn hook() {
    console_error_panic_hook::set_once();
}

// wasm-bindgen cannot declare an optional parameter whose type is given as text.
#[wasm_bindgen(typescript_custom_section)]
const CHECK_DECL: &str = r#"
/**
 * Check a set of named documents as one deployment. Throws an `Error` for invalid input
 * (duplicate names, an unknown rule id in the settings); malformed documents are not errors but
 * `syntax-error` diagnostics.
 */
export function check(files: FileInput[], options?: CheckOptions | null): CheckOutput;
"#;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn from_js<T: DeserializeOwned>(what: &str, value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

fn files_from_js(files: JsValue) -> Result<Vec<api::FileInput>, JsError> {
    serde_wasm_bindgen::from_value(files).map_err(|e| {
        JsError::new(&format!(
            "files: expected an array of {{ name: string, text: string }} ({e})"
        ))
    })
}

fn api_error(e: api::ApiError) -> JsError {
    JsError::new(&e.0)
}

/// Check a set of named documents as one deployment (declared in `CHECK_DECL`).
#[wasm_bindgen(skip_typescript)]
pub fn check(files: JsValue, options: Option<JsValue>) -> Result<JsValue, JsError> {
    hook();
    let files = files_from_js(files)?;
    let options: api::CheckOptions = match options {
        Some(o) if !o.is_undefined() && !o.is_null() => {
            // Through serde_json::Value: serde-wasm-bindgen reads only a struct's declared
            // fields, so a misspelt option would pass silently; serde_json honours
            // `deny_unknown_fields`. Options are small.
            let value: serde_json::Value = from_js("options", o)?;
            serde_json::from_value(value).map_err(|e| JsError::new(&format!("options: {e}")))?
        }
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
    hook();
    let files = files_from_js(files)?;
    to_js(&api::pull_paths(files).map_err(api_error)?)
}

/// The network the documents declare (VNets, subnets, peerings, registries, endpoints, DNS
/// zones, workloads) with their pull paths, as a graph to draw.
#[wasm_bindgen(unchecked_return_type = "TopologyInfo")]
pub fn topology(
    #[wasm_bindgen(unchecked_param_type = "FileInput[]")] files: JsValue,
) -> Result<JsValue, JsError> {
    hook();
    let files = files_from_js(files)?;
    to_js(&api::topology(files).map_err(api_error)?)
}

/// Every rule with its metadata, in catalogue order.
#[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
pub fn rules() -> Result<JsValue, JsError> {
    hook();
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
