//! Bicep: a lossless, error-tolerant lexer and parser.
//!
//! [`parse`] never fails: it returns a [`BicepFile`] with the typed tree, the syntax errors,
//! every token (trivia included: concatenated, they give back the input) and the
//! `#disable-next-line` pragmas. Line breaks are significant in Bicep (they end declarations and
//! separate object properties and array items), so they are tokens, not trivia.
//!
//! The grammar follows the Bicep compiler (`Bicep.Core/Parsing`): declarations
//! (`targetScope`, `metadata`, `import`, `extension`, `using`, `param`, `var`, `type`, `func`,
//! `resource`, `module`, `output`, `assert`) with decorators, expressions with the compiler's
//! operator precedence, interpolated and multi-line strings, loops, conditions, lambdas and
//! user-defined types.

mod lexer;
mod parser;
mod tree;

pub mod dump;

pub use lexer::{lex, Pragma, Token, TokenKind};
pub use parser::{parse, MAX_DEPTH};
pub use tree::*;
