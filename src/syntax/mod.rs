//! Parsers. They know nothing of Azure; they never fail: each returns a tree and a list of
//! syntax errors, and recovers so that one mistake does not hide the rest of the document.

pub mod bicep;
pub mod jsonc;

use crate::text::TextRange;
use serde::Serialize;

/// A syntax error with its own code (`syntax-error` family) and a range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    pub code: &'static str,
    pub message: String,
    pub range: TextRange,
}
