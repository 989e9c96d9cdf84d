use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Colon,
    Comma,
    /// A string literal; `terminated` is false when the closing quote is missing.
    String {
        terminated: bool,
    },
    /// `'text'`: not JSON; read as a string with an error.
    SingleQuoted,
    Number,
    True,
    False,
    Null,
    /// A bare word that is not `true`, `false` or `null`.
    Word,
    Whitespace,
    LineComment,
    /// `terminated` is false when `*/` is missing.
    BlockComment {
        terminated: bool,
    },
    /// Any other character (or invalid UTF-8 replacement).
    Junk,
}

impl TokenKind {
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            TokenKind::Whitespace | TokenKind::LineComment | TokenKind::BlockComment { .. }
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: TextRange,
}

/// Split `text` into tokens, trivia included. Never fails; the ranges tile the text exactly.
pub fn lex(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut i = 0usize;
    // A byte-order mark at the start (Windows editors write one) is whitespace.
    if text.starts_with('\u{FEFF}') {
        out.push(Token {
            kind: TokenKind::Whitespace,
            range: TextRange::new(0, 3),
        });
        i = 3;
    }
    while i < b.len() {
        let start = i;
        let kind = match b[i] {
            b'{' => {
                i += 1;
                TokenKind::LBrace
            }
            b'}' => {
                i += 1;
                TokenKind::RBrace
            }
            b'[' => {
                i += 1;
                TokenKind::LBracket
            }
            b']' => {
                i += 1;
                TokenKind::RBracket
            }
            b':' => {
                i += 1;
                TokenKind::Colon
            }
            b',' => {
                i += 1;
                TokenKind::Comma
            }
            b' ' | b'\t' | b'\n' | b'\r' => {
                while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                TokenKind::Whitespace
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                TokenKind::LineComment
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                let mut terminated = false;
                while i < b.len() {
                    if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        i += 2;
                        terminated = true;
                        break;
                    }
                    i += 1;
                }
                TokenKind::BlockComment { terminated }
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                let mut terminated = false;
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 2,
                        c if c == q => {
                            i += 1;
                            terminated = true;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                // A string spanning lines that is not followed by what may follow a string is
                // more likely an unterminated string swallowing the next line's opening quote.
                if terminated && b[start..i].iter().any(|&c| c == b'\n' || c == b'\r') {
                    let next = b[i..].iter().find(|c| !c.is_ascii_whitespace());
                    if !matches!(next, None | Some(b',' | b'}' | b']' | b':' | b'/')) {
                        terminated = false;
                    }
                }
                if !terminated {
                    // Raw newlines are legal inside strings, so an unterminated string would eat
                    // the rest of the file; end it at its first line break instead so that the
                    // following lines are still parsed.
                    let nl = b[start + 1..]
                        .iter()
                        .position(|&c| c == b'\n' || c == b'\r');
                    i = match nl {
                        Some(p) => start + 1 + p,
                        None => b.len(),
                    };
                }
                i = i.min(b.len());
                if q == b'\'' {
                    TokenKind::SingleQuoted
                } else {
                    TokenKind::String { terminated }
                }
            }
            b'-' | b'+' | b'.' | b'0'..=b'9' => {
                i += 1;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'+' | b'-'))
                {
                    i += 1;
                }
                TokenKind::Number
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$')
                {
                    i += 1;
                }
                match &text[start..i] {
                    "true" => TokenKind::True,
                    "false" => TokenKind::False,
                    "null" => TokenKind::Null,
                    _ => TokenKind::Word,
                }
            }
            _ => {
                // One whole character, so ranges stay on character boundaries.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                TokenKind::Junk
            }
        };
        out.push(Token {
            kind,
            range: TextRange::new(start as u32, i as u32),
        });
    }
    out
}
