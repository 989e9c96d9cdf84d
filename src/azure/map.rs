//! Map evaluated Azure resources into the network model.

use super::resource::Resource;
use crate::diagnostic::Diagnostic;
use crate::model::Model;

/// Add the model's view of `resources` (from any number of Bicep/ARM documents of one
/// deployment) to `model`.
pub fn lower_resources(resources: &[Resource], model: &mut Model, out: &mut Vec<Diagnostic>) {
    let _ = (resources, model, out);
}
