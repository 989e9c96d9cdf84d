//! A deployable resource as the Bicep and ARM evaluators see it: type, API version, names and
//! evaluated body, each with its source location. The mapper in [`super::map`] turns a list of
//! these into the network model, whichever language declared them.

use super::value::{EVal, ResId};
use crate::document::Location;

#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// Full type, child segments included: `Microsoft.Network/virtualNetworks/subnets`.
    pub rtype: String,
    pub api_version: Option<String>,
    /// One name per type segment after the namespace (`[hub, pe]` for a subnet), from the
    /// parent chain, a `parent/child` name, or nesting.
    pub names: Vec<EVal>,
    /// The resource's body (`location`, `sku`, `identity`, `properties`, ... as one object).
    pub body: EVal,
    /// Declared `existing` (Bicep) / `existing: true` (ARM languageVersion 2.0): a reference.
    pub existing: bool,
    /// `Some(true)` when the deployment condition is unknown, `false` when it is known true.
    /// Resources whose condition is known false are not emitted at all.
    pub maybe: bool,
    /// Extension scope (`scope:` in Bicep, `scope` in ARM): the resource this one applies to,
    /// for role assignments and other extension resources.
    pub scope: Option<EVal>,
    /// Where to report findings about the resource as a whole: the Bicep symbol, the ARM
    /// resource's `type`.
    pub loc: Location,
    /// The whole declaration.
    pub decl: Location,
    /// The symbolic name (Bicep symbol, ARM 2.0 key), for messages.
    pub symbol: Option<String>,
}

impl Resource {
    pub fn id(&self) -> ResId {
        ResId {
            rtype: self.rtype.clone(),
            names: self.names.clone(),
        }
    }
    /// The last name segment (the resource's own name).
    pub fn name(&self) -> Option<&EVal> {
        self.names.last()
    }
    pub fn prop(&self, keys: &[&str]) -> Option<&EVal> {
        self.body.path(keys)
    }
    pub fn is_type(&self, t: &str) -> bool {
        self.rtype.eq_ignore_ascii_case(t)
    }
}
