//! The ARM template expression language inside `"[...]"` strings: a lexer and a parser that
//! never fail. Ranges are document ranges (mapped through the JSON string's escapes), so that
//! errors and values point inside the string.

mod lex;
mod parse;

pub use parse::{parse, MAX_DEPTH};

use crate::text::TextRange;

/// A parsed expression node.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `'text'` (`''` is a quote).
    Str(String),
    Int(i64),
    /// Bare `true`, `false`, `null` (ARM also has the functions `true()` etc.).
    Bool(bool),
    Null,
    /// `name(args)`, or `namespace.name(args)` for a user-defined function.
    Call {
        namespace: Option<String>,
        name: String,
        name_range: TextRange,
        args: Vec<Expr>,
    },
    /// `target.name`
    Member {
        target: Box<Expr>,
        name: String,
        name_range: TextRange,
    },
    /// `target[index]`
    Index {
        target: Box<Expr>,
        index: Box<Expr>,
    },
    /// Something that is not an expression; an error covers it.
    Error,
}

/// An expression error, with its range in the document.
#[derive(Clone, Debug, PartialEq)]
pub struct ExprError {
    pub message: String,
    pub range: TextRange,
}

/// Whether a JSON string is a template expression: `[...]`, but not `[[...` (an escaped `[`).
pub fn is_expression(s: &str) -> bool {
    s.len() >= 2 && s.starts_with('[') && s.ends_with(']') && !s.starts_with("[[")
}

/// The literal value of a string that is not an expression: `[[x]` stands for `[x]`.
pub fn unescape_literal(s: &str) -> &str {
    if s.starts_with("[[") && s.ends_with(']') {
        &s[1..]
    } else {
        s
    }
}
