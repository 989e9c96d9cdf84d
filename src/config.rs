//! Settings the caller passes in (the core reads no files: the CLI, language server and WASM
//! bindings find and parse the config file).

use crate::diagnostic::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Rule id → level; rules not named keep their default severity.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
}
