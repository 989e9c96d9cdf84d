//! ARM parameter files (`*.parameters.json`): their values fix the parameters of the template
//! they belong to, paired by name (`x.parameters.json` with `x.json` in the same folder) or,
//! when the set has one template, with that template.

use super::eval::literal;
use super::template::keyvault;
use crate::azure::EVal;
use crate::document::{DocumentKind, DocumentSet, FileId};
use crate::syntax::jsonc::JsonDoc;
use std::collections::HashMap;

/// The template a parameters file belongs to.
fn pair(docs: &DocumentSet, params: FileId) -> Option<FileId> {
    let name = docs.get(params).name.replace('\\', "/");
    let lower = name.to_ascii_lowercase();
    let templates: Vec<FileId> = docs
        .iter()
        .filter(|(_, d)| d.kind == DocumentKind::Arm)
        .map(|(id, _)| id)
        .collect();
    if let Some(stem) = lower.strip_suffix(".parameters.json") {
        let want = format!("{stem}.json");
        if let Some(t) = templates
            .iter()
            .find(|t| docs.get(**t).name.replace('\\', "/").to_ascii_lowercase() == want)
        {
            return Some(*t);
        }
    }
    match templates.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// Parameter values by template, then by lower-case parameter name.
pub fn values(
    docs: &DocumentSet,
    parsed: &[(FileId, JsonDoc)],
) -> HashMap<FileId, HashMap<String, EVal>> {
    let mut out: HashMap<FileId, HashMap<String, EVal>> = HashMap::new();
    for (id, json) in parsed {
        if docs.get(*id).kind != DocumentKind::ArmParameters {
            continue;
        }
        let Some(template) = pair(docs, *id) else {
            continue;
        };
        let Some(params) = json.root.as_ref().and_then(|r| r.get_ci("parameters")) else {
            continue;
        };
        let slot = out.entry(template).or_default();
        for m in params.as_object().unwrap_or(&[]) {
            let v = literal(*id, &m.value);
            let val = match (v.get("value"), v.get("reference")) {
                (Some(x), _) => x.clone(),
                (None, Some(r)) => keyvault(r, v.loc),
                (None, None) => continue,
            };
            slot.insert(m.key.name.to_ascii_lowercase(), val);
        }
    }
    out
}
