use crate::text::TextRange;

/// What a token is. Trivia (whitespace, comments, pragmas) is kept so that the tokens tile the
/// text; line breaks are *not* trivia because Bicep separates statements, properties and array
/// items with them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    // Trivia.
    /// Spaces and tabs.
    Whitespace,
    LineComment,
    /// `terminated` is false when `*/` is missing.
    BlockComment {
        terminated: bool,
    },
    /// `#disable-next-line code1 code2` (the codes are in [`super::BicepFile::pragmas`]).
    Pragma,

    /// One line break: `\n`, `\r\n` or a lone `\r`.
    Newline,
    /// `[A-Za-z_][A-Za-z0-9_]*`; keywords other than `true`, `false` and `null` are contextual
    /// and lexed as identifiers.
    Ident,
    /// Decimal digits.
    Integer,
    True,
    False,
    Null,
    /// `'text'` with no interpolation.
    StringComplete {
        terminated: bool,
    },
    /// `'text${`
    StringLeft,
    /// `}text${`
    StringMiddle,
    /// `}text'`
    StringRight {
        terminated: bool,
    },
    /// `'''text'''` (verbatim, no escapes, no interpolation).
    MultilineString {
        terminated: bool,
    },

    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    /// `...`
    Ellipsis,
    Question,
    /// `??`
    DoubleQuestion,
    Colon,
    /// `::`
    DoubleColon,
    Semicolon,
    At,
    /// `=`
    Assign,
    /// `=>`
    Arrow,
    /// `==`
    EqEq,
    /// `!=`
    NotEq,
    /// `=~`
    EqTilde,
    /// `!~`
    NotTilde,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    /// `&&`
    AndAnd,
    /// `||`
    OrOr,
    /// `|` (type unions)
    Pipe,
    /// `^` (index from the end)
    Caret,
    /// Any other character (one whole character), including `"`, `#`, a lone `&`.
    Junk,
}

impl TokenKind {
    /// Whitespace, comments and pragmas: skipped by the parser. Line breaks are not trivia.
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            TokenKind::Whitespace
                | TokenKind::LineComment
                | TokenKind::BlockComment { .. }
                | TokenKind::Pragma
        )
    }
    pub fn is_comment(self) -> bool {
        matches!(
            self,
            TokenKind::LineComment | TokenKind::BlockComment { .. }
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: TextRange,
}

/// A `#disable-next-line` pragma with the codes it lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pragma {
    /// From `#` to the end of the last code (the line break is not included).
    pub range: TextRange,
    /// Each listed code with its own range, e.g. `no-unused-params`, `BCP081`.
    pub codes: Vec<(String, TextRange)>,
}

/// What the lexer noticed: problems that belong to one token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LexError {
    pub code: &'static str,
    pub message: String,
    pub range: TextRange,
}

pub(crate) struct Lexed {
    pub tokens: Vec<Token>,
    pub pragmas: Vec<Pragma>,
    pub errors: Vec<LexError>,
}

/// What an open `{` or `${` inside an interpolation hole is waiting for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `${`: the next unmatched `}` resumes the string.
    Hole,
    /// `{` inside a hole: its `}` closes an object.
    Brace,
}

/// Split `text` into tokens, trivia included. Never fails; the ranges tile the text exactly.
pub fn lex(text: &str) -> Vec<Token> {
    lex_full(text).tokens
}

pub(crate) fn lex_full(text: &str) -> Lexed {
    Lexer {
        text,
        b: text.as_bytes(),
        i: 0,
        stack: Vec::new(),
        out: Lexed {
            tokens: Vec::with_capacity(text.len() / 3 + 1),
            pragmas: Vec::new(),
            errors: Vec::new(),
        },
    }
    .run()
}

struct Lexer<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    stack: Vec<Open>,
    out: Lexed,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}
fn is_ident_continue(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

impl Lexer<'_> {
    fn peek(&self, n: usize) -> Option<u8> {
        self.b.get(self.i + n).copied()
    }
    fn error(&mut self, code: &'static str, message: impl Into<String>, start: usize, end: usize) {
        self.out.errors.push(LexError {
            code,
            message: message.into(),
            range: TextRange::new(start as u32, end as u32),
        });
    }

    fn run(mut self) -> Lexed {
        while self.i < self.b.len() {
            let start = self.i;
            let kind = self.token();
            // Every branch consumes at least one byte; this guard keeps that true under edits.
            if self.i <= start {
                self.i = start + self.char_len(start);
            }
            self.out.tokens.push(Token {
                kind,
                range: TextRange::new(start as u32, self.i as u32),
            });
        }
        self.out
    }

    fn char_len(&self, at: usize) -> usize {
        self.text
            .get(at..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8)
    }

    /// True when only spaces and tabs stand between the start of the line and `pos`.
    fn only_blanks_before(&self, pos: usize) -> bool {
        let mut j = pos;
        while j > 0 {
            match self.b[j - 1] {
                b' ' | b'\t' => j -= 1,
                b'\n' | b'\r' => return true,
                _ => return false,
            }
        }
        true
    }

    fn token(&mut self) -> TokenKind {
        // A byte-order mark at the start (Windows editors write one) is whitespace.
        if self.i == 0 && self.text.starts_with('\u{FEFF}') {
            self.i = 3;
            return TokenKind::Whitespace;
        }
        let c = self.b[self.i];
        let start = self.i;
        self.i += 1;
        match c {
            b' ' | b'\t' => {
                while matches!(self.peek(0), Some(b' ' | b'\t')) {
                    self.i += 1;
                }
                TokenKind::Whitespace
            }
            b'\n' => self.newline(),
            b'\r' => {
                if self.peek(0) == Some(b'\n') {
                    self.i += 1;
                }
                self.newline()
            }
            b'/' if self.peek(0) == Some(b'/') => {
                while !matches!(self.peek(0), None | Some(b'\n' | b'\r')) {
                    self.i += 1;
                }
                TokenKind::LineComment
            }
            b'/' if self.peek(0) == Some(b'*') => {
                self.i += 1;
                loop {
                    match self.peek(0) {
                        None => {
                            self.error(
                                "unterminated-comment",
                                "this `/*` comment is never closed; add `*/`",
                                start,
                                self.b.len(),
                            );
                            return TokenKind::BlockComment { terminated: false };
                        }
                        Some(b'*') if self.peek(1) == Some(b'/') => {
                            self.i += 2;
                            return TokenKind::BlockComment { terminated: true };
                        }
                        _ => self.i += 1,
                    }
                }
            }
            b'#' if self.text[self.i..].starts_with("disable-next-line")
                && self.only_blanks_before(start) =>
            {
                self.pragma(start)
            }
            b'\'' if self.peek(0) == Some(b'\'') && self.peek(1) == Some(b'\'') => {
                self.i += 2;
                self.multiline_string(start)
            }
            b'\'' => {
                let (kind, _) = self.string_segment(start, true);
                kind
            }
            b'{' => {
                if !self.stack.is_empty() {
                    self.stack.push(Open::Brace);
                }
                TokenKind::LBrace
            }
            b'}' => match self.stack.last() {
                Some(Open::Hole) => {
                    let (kind, closed) = self.string_segment(start, false);
                    if closed {
                        self.stack.pop();
                    }
                    kind
                }
                Some(Open::Brace) => {
                    self.stack.pop();
                    TokenKind::RBrace
                }
                None => TokenKind::RBrace,
            },
            b'(' => TokenKind::LParen,
            b')' => TokenKind::RParen,
            b'[' => TokenKind::LBracket,
            b']' => TokenKind::RBracket,
            b',' => TokenKind::Comma,
            b';' => TokenKind::Semicolon,
            b'@' => TokenKind::At,
            b'^' => TokenKind::Caret,
            b'+' => TokenKind::Plus,
            b'-' => TokenKind::Minus,
            b'*' => TokenKind::Star,
            b'/' => TokenKind::Slash,
            b'%' => TokenKind::Percent,
            b'.' => {
                if self.peek(0) == Some(b'.') && self.peek(1) == Some(b'.') {
                    self.i += 2;
                    TokenKind::Ellipsis
                } else {
                    TokenKind::Dot
                }
            }
            b'?' => self.pick(b'?', TokenKind::DoubleQuestion, TokenKind::Question),
            b':' => self.pick(b':', TokenKind::DoubleColon, TokenKind::Colon),
            b'!' => match self.peek(0) {
                Some(b'=') => {
                    self.i += 1;
                    TokenKind::NotEq
                }
                Some(b'~') => {
                    self.i += 1;
                    TokenKind::NotTilde
                }
                _ => TokenKind::Bang,
            },
            b'=' => match self.peek(0) {
                Some(b'=') => {
                    self.i += 1;
                    TokenKind::EqEq
                }
                Some(b'~') => {
                    self.i += 1;
                    TokenKind::EqTilde
                }
                Some(b'>') => {
                    self.i += 1;
                    TokenKind::Arrow
                }
                _ => TokenKind::Assign,
            },
            b'<' => self.pick(b'=', TokenKind::Le, TokenKind::Lt),
            b'>' => self.pick(b'=', TokenKind::Ge, TokenKind::Gt),
            b'&' if self.peek(0) == Some(b'&') => {
                self.i += 1;
                TokenKind::AndAnd
            }
            b'|' => self.pick(b'|', TokenKind::OrOr, TokenKind::Pipe),
            b'0'..=b'9' => {
                while matches!(self.peek(0), Some(b'0'..=b'9')) {
                    self.i += 1;
                }
                TokenKind::Integer
            }
            c if is_ident_start(c) => {
                while self.peek(0).is_some_and(is_ident_continue) {
                    self.i += 1;
                }
                match &self.text[start..self.i] {
                    "true" => TokenKind::True,
                    "false" => TokenKind::False,
                    "null" => TokenKind::Null,
                    _ => TokenKind::Ident,
                }
            }
            _ => {
                // One whole character, so that ranges stay on character boundaries.
                self.i = start + self.char_len(start);
                let what = &self.text[start..self.i];
                let message = if what == "\"" {
                    "Bicep strings use single quotes: write `'text'`, not `\"text\"`".to_string()
                } else {
                    format!("unexpected character `{what}`")
                };
                self.error("unrecognized-character", message, start, self.i);
                TokenKind::Junk
            }
        }
    }

    fn pick(&mut self, second: u8, two: TokenKind, one: TokenKind) -> TokenKind {
        if self.peek(0) == Some(second) {
            self.i += 1;
            two
        } else {
            one
        }
    }

    fn newline(&mut self) -> TokenKind {
        // An interpolation hole cannot span lines: forget the open holes so that the next line
        // lexes normally (the parser reports the unterminated string).
        self.stack.clear();
        TokenKind::Newline
    }

    /// `#disable-next-line` and its codes, up to the end of the last code.
    fn pragma(&mut self, start: usize) -> TokenKind {
        self.i = start + 1 + "disable-next-line".len();
        let mut end = self.i;
        let mut codes = Vec::new();
        loop {
            while matches!(self.peek(0), Some(b' ' | b'\t')) {
                self.i += 1;
            }
            let code_start = self.i;
            while self
                .peek(0)
                .is_some_and(|c| is_ident_continue(c) || c == b'-')
            {
                self.i += 1;
            }
            if self.i == code_start {
                break;
            }
            codes.push((
                self.text[code_start..self.i].to_string(),
                TextRange::new(code_start as u32, self.i as u32),
            ));
            end = self.i;
        }
        self.i = end;
        if codes.is_empty() {
            self.error(
                "missing-pragma-codes",
                "`#disable-next-line` needs at least one diagnostic code after it",
                start,
                end,
            );
        }
        self.out.pragmas.push(Pragma {
            range: TextRange::new(start as u32, end as u32),
            codes,
        });
        TokenKind::Pragma
    }

    fn multiline_string(&mut self, start: usize) -> TokenKind {
        while self.i < self.b.len() {
            if self.b[self.i..].starts_with(b"'''") {
                self.i += 3;
                // A verbatim string may end with quotes of its own: `''''a''''` is `'a'`.
                while self.peek(0) == Some(b'\'') {
                    self.i += 1;
                }
                return TokenKind::MultilineString { terminated: true };
            }
            self.i += 1;
        }
        self.error(
            "unterminated-string",
            "this `'''` string is never closed; add `'''`",
            start,
            self.b.len(),
        );
        TokenKind::MultilineString { terminated: false }
    }

    /// A string segment after its opening `'` (first) or `}` (later). Returns the token kind and
    /// whether the string ended (closing quote, line break or end of text).
    fn string_segment(&mut self, start: usize, first: bool) -> (TokenKind, bool) {
        let end_kind = |terminated| {
            if first {
                TokenKind::StringComplete { terminated }
            } else {
                TokenKind::StringRight { terminated }
            }
        };
        loop {
            let Some(c) = self.peek(0) else {
                self.error(
                    "unterminated-string",
                    "this string is never closed; add `'`",
                    start,
                    self.b.len(),
                );
                return (end_kind(false), true);
            };
            match c {
                b'\n' | b'\r' => {
                    self.error(
                        "unterminated-string",
                        "this string is not closed before the end of the line; add `'`",
                        start,
                        self.i,
                    );
                    return (end_kind(false), true);
                }
                b'\'' => {
                    self.i += 1;
                    return (end_kind(true), true);
                }
                b'$' if self.peek(1) == Some(b'{') => {
                    self.i += 2;
                    if first {
                        self.stack.push(Open::Hole);
                        return (TokenKind::StringLeft, false);
                    }
                    return (TokenKind::StringMiddle, false);
                }
                b'\\' => {
                    let esc = self.i;
                    self.i += 1;
                    match self.peek(0) {
                        None | Some(b'\n' | b'\r') => {}
                        Some(b'n' | b'r' | b't' | b'\\' | b'\'' | b'$') => self.i += 1,
                        Some(b'u') => {
                            self.i += 1;
                            self.unicode_escape(esc);
                        }
                        Some(_) => {
                            let len = self.char_len(self.i);
                            self.i += len;
                            self.error(
                                "invalid-escape",
                                "unknown escape sequence; use one of \\n \\r \\t \\\\ \\' \\$ \\u{...}",
                                esc,
                                self.i,
                            );
                        }
                    }
                }
                _ => self.i += 1,
            }
        }
    }

    /// After `\u`: expects `{hex}` naming a Unicode code point.
    fn unicode_escape(&mut self, esc: usize) {
        let mut ok = false;
        if self.peek(0) == Some(b'{') {
            self.i += 1;
            let digits = self.i;
            while self.peek(0).is_some_and(|c| c.is_ascii_hexdigit()) {
                self.i += 1;
            }
            let hex = &self.text[digits..self.i];
            if self.peek(0) == Some(b'}') {
                self.i += 1;
                ok = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .is_some();
            }
        }
        if !ok {
            self.error(
                "invalid-escape",
                "a Unicode escape is `\\u{` hex digits `}` naming a valid code point",
                esc,
                self.i,
            );
        }
    }
}

/// Decode the body of a string segment (escapes resolved). Invalid escapes decode to themselves
/// (the lexer has reported them).
pub(crate) fn decode_segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, 't')) => out.push('\t'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, '\'')) => out.push('\''),
            Some((_, '$')) => out.push('$'),
            Some((_, 'u')) => {
                let rest = raw.get(i + 2..).unwrap_or("");
                let decoded = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .filter(|(hex, _)| {
                        !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit())
                    })
                    .and_then(|(hex, _)| {
                        let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                        Some((ch, hex.len() + 2))
                    });
                match decoded {
                    Some((ch, skip)) => {
                        out.push(ch);
                        for _ in 0..skip {
                            chars.next();
                        }
                    }
                    None => out.push_str("\\u"),
                }
            }
            Some((_, other)) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}
