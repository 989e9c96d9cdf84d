//! Azure resource shapes: what Bicep and ARM templates declare, evaluated ([`value`],
//! [`resource`]), and the one mapping from those resources into the network model ([`map`]).

pub mod map;
pub mod resource;
pub mod value;

pub use resource::Resource;
pub use value::{EKind, EVal, ResId};
