//! Tokens of a template expression, lexed on the decoded string.

use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Ident(String),
    /// A string literal, decoded; `terminated` is false when the closing quote is missing.
    Str {
        value: String,
        terminated: bool,
    },
    /// An integer literal's text (may not fit `i64`).
    Int(String),
    /// A character that starts no token.
    Junk(char),
}

/// Split `s` into tokens with decoded ranges (offsets from `base`), whitespace dropped.
pub fn lex(s: &str, base: u32) -> Vec<(Tok, TextRange)> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    let r = |a: usize, b: usize| TextRange::new(base + a as u32, base + b as u32);
    while let Some((i, c)) = it.next() {
        let tok = match c {
            c if c.is_whitespace() => continue,
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            '[' => Tok::LBracket,
            ']' => Tok::RBracket,
            ',' => Tok::Comma,
            '.' => Tok::Dot,
            '\'' => {
                let mut value = String::new();
                let mut terminated = false;
                let mut end = s.len();
                while let Some((j, ch)) = it.next() {
                    if ch == '\'' {
                        if let Some(&(_, '\'')) = it.peek() {
                            it.next();
                            value.push('\'');
                            continue;
                        }
                        terminated = true;
                        end = j + 1;
                        break;
                    }
                    value.push(ch);
                }
                out.push((Tok::Str { value, terminated }, r(i, end)));
                continue;
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' => {
                let mut end = i + 1;
                let mut text = String::from(c);
                while let Some(&(j, d)) = it.peek() {
                    if !d.is_ascii_digit() {
                        break;
                    }
                    text.push(d);
                    end = j + 1;
                    it.next();
                }
                out.push((Tok::Int(text), r(i, end)));
                continue;
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let mut end = i + c.len_utf8();
                let mut text = String::from(c);
                while let Some(&(j, d)) = it.peek() {
                    if !(d.is_alphanumeric() || d == '_' || d == '$') {
                        break;
                    }
                    text.push(d);
                    end = j + d.len_utf8();
                    it.next();
                }
                out.push((Tok::Ident(text), r(i, end)));
                continue;
            }
            other => Tok::Junk(other),
        };
        out.push((tok, r(i, i + c.len_utf8())));
    }
    out
}
