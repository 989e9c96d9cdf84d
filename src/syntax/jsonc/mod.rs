//! JSON with comments, as ARM templates and our topology documents are written: `//` and
//! `/* */` comments, trailing commas, raw newlines inside strings.
//!
//! [`parse`] never fails: it returns the tree and the syntax errors. The token list is lossless
//! (concatenating the tokens gives back the input) and every key and value has a range.

mod lexer;
mod parser;
mod tree;

pub use lexer::{lex, Token, TokenKind};
pub use parser::{parse, MAX_DEPTH};
pub use tree::{JsonDoc, Key, Member, Value, ValueKind};
