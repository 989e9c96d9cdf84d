//! topolint: checks, before deployment, that Azure workloads can resolve, reach and
//! authenticate to their container registry.
//!
//! The core is a pure function of (documents, settings): no I/O, no threads, no clock, so it
//! runs unchanged natively, in WASM and in tests.
//!
//! ```text
//! text ──parse──▶ tree + syntax errors ──lower──▶ model ──analyse──▶ pull paths ──rules──▶ diagnostics
//! ```

pub mod analysis;
pub mod api;
pub mod arm;
pub mod azure;
pub mod bicep;
pub mod check;
pub mod codes;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod model;
pub mod rules;
pub mod syntax;
pub mod text;
pub mod topology;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use check::{check, CheckResult};
pub use config::{Level, Settings};
pub use diagnostic::{Diagnostic, Fix, Related, Severity, TextEdit};
pub use document::{Document, DocumentKind, DocumentSet, FileId, Location};
pub use text::{LineCol, LineIndex, TextRange, Utf16Pos};

/// The crate version, as the CLI and the npm package report it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
