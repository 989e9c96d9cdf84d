use super::lexer::{lex, Token, TokenKind};
use super::tree::{JsonDoc, Key, Member, Value, ValueKind};
use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// Values nested deeper than this are skipped with one error, so that no input can overflow the
/// stack (here, in `to_serde`, or when the tree is dropped).
pub const MAX_DEPTH: usize = 200;

/// Parse JSON with comments. Never fails: errors are collected, and parsing recovers at the
/// next member, element or closing bracket.
pub fn parse(text: &str) -> JsonDoc {
    let tokens = lex(text);
    let significant: Vec<Token> = tokens
        .iter()
        .copied()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let mut p = Parser {
        text,
        toks: &significant,
        pos: 0,
        errors: Vec::new(),
    };
    for t in &tokens {
        if let TokenKind::BlockComment { terminated: false } = t.kind {
            p.error(
                "unterminated-comment",
                "this `/*` comment is never closed; add `*/`",
                t.range,
            );
        }
    }
    let root = if p.at_end() { None } else { Some(p.value(0)) };
    while !p.at_end() {
        let t = p.bump();
        p.error(
            "unexpected-token",
            format!(
                "unexpected `{}` after the end of the document",
                p.snippet(t.range)
            ),
            t.range,
        );
    }
    let mut errors = p.errors;
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    JsonDoc {
        root,
        errors,
        tokens,
    }
}

struct Parser<'a> {
    text: &'a str,
    toks: &'a [Token],
    pos: usize,
    errors: Vec<SyntaxError>,
}

impl<'a> Parser<'a> {
    fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }
    fn peek(&self) -> Option<TokenKind> {
        self.toks.get(self.pos).map(|t| t.kind)
    }
    fn bump(&mut self) -> Token {
        let t = self.toks[self.pos];
        self.pos += 1;
        t
    }
    fn eof_range(&self) -> TextRange {
        TextRange::empty(self.text.len() as u32)
    }
    fn here(&self) -> TextRange {
        self.toks
            .get(self.pos)
            .map_or(self.eof_range(), |t| t.range)
    }
    fn prev_end(&self) -> u32 {
        if self.pos == 0 {
            0
        } else {
            self.toks[self.pos - 1].range.end
        }
    }
    fn snippet(&self, r: TextRange) -> String {
        let s = r.slice(self.text);
        if s.chars().count() > 20 {
            format!("{}…", s.chars().take(20).collect::<String>())
        } else {
            s.to_string()
        }
    }
    fn error(&mut self, code: &'static str, message: impl Into<String>, range: TextRange) {
        // One error per position is enough; recovery can otherwise report the same spot twice.
        if self
            .errors
            .last()
            .is_some_and(|e| e.range.start == range.start && e.code == code)
        {
            return;
        }
        self.errors.push(SyntaxError {
            code,
            message: message.into(),
            range,
        });
    }

    fn value(&mut self, depth: usize) -> Value {
        let Some(kind) = self.peek() else {
            let r = self.eof_range();
            self.error(
                "expected-value",
                "expected a value, found the end of the document",
                r,
            );
            return Value {
                kind: ValueKind::Error,
                range: r,
            };
        };
        if depth >= MAX_DEPTH && matches!(kind, TokenKind::LBrace | TokenKind::LBracket) {
            return self.skip_deep();
        }
        match kind {
            TokenKind::LBrace => self.object(depth),
            TokenKind::LBracket => self.array(depth),
            TokenKind::String { terminated } => {
                let t = self.bump();
                if !terminated {
                    self.error(
                        "unterminated-string",
                        "this string is never closed; add a `\"`",
                        t.range,
                    );
                }
                let s = self.decode_string(t.range, terminated);
                Value {
                    kind: ValueKind::String(s),
                    range: t.range,
                }
            }
            TokenKind::SingleQuoted => {
                let t = self.bump();
                self.error(
                    "single-quoted-string",
                    "JSON strings need double quotes",
                    t.range,
                );
                let raw = t.range.slice(self.text);
                let s = raw
                    .get(1..raw.len().saturating_sub(1))
                    .unwrap_or("")
                    .to_string();
                Value {
                    kind: ValueKind::String(s),
                    range: t.range,
                }
            }
            TokenKind::Number => {
                let t = self.bump();
                let raw = t.range.slice(self.text).to_string();
                if serde_json::from_str::<serde_json::Number>(&raw).is_err() {
                    self.error(
                        "invalid-number",
                        format!("`{}` is not a valid JSON number", self.snippet(t.range)),
                        t.range,
                    );
                }
                Value {
                    kind: ValueKind::Number(raw),
                    range: t.range,
                }
            }
            TokenKind::True | TokenKind::False => {
                let t = self.bump();
                Value {
                    kind: ValueKind::Bool(kind == TokenKind::True),
                    range: t.range,
                }
            }
            TokenKind::Null => {
                let t = self.bump();
                Value {
                    kind: ValueKind::Null,
                    range: t.range,
                }
            }
            TokenKind::Word => {
                let t = self.bump();
                let w = self.snippet(t.range);
                self.error(
                    "expected-value",
                    format!("`{w}` is not a JSON value; strings need double quotes: \"{w}\""),
                    t.range,
                );
                Value {
                    kind: ValueKind::Error,
                    range: t.range,
                }
            }
            TokenKind::Junk => {
                let t = self.bump();
                self.error(
                    "unexpected-token",
                    format!("unexpected `{}`", self.snippet(t.range)),
                    t.range,
                );
                Value {
                    kind: ValueKind::Error,
                    range: t.range,
                }
            }
            _ => {
                // A closing bracket, comma or colon where a value should be: report, do not
                // consume (the caller recovers on it).
                let r = TextRange::empty(self.here().start);
                let found = self.snippet(self.here());
                self.error(
                    "expected-value",
                    format!("expected a value before `{found}`"),
                    r,
                );
                Value {
                    kind: ValueKind::Error,
                    range: r,
                }
            }
        }
    }

    /// Too deep: skip the whole bracketed value, counting brackets without recursion.
    fn skip_deep(&mut self) -> Value {
        let start = self.here().start;
        let mut depth = 0usize;
        while let Some(k) = self.peek() {
            self.bump();
            match k {
                TokenKind::LBrace | TokenKind::LBracket => depth += 1,
                TokenKind::RBrace | TokenKind::RBracket => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        let r = TextRange::new(start, self.prev_end());
        self.error(
            "too-deep",
            format!("nesting deeper than {MAX_DEPTH} levels is not read"),
            TextRange::new(start, start + 1),
        );
        Value {
            kind: ValueKind::Error,
            range: r,
        }
    }

    fn object(&mut self, depth: usize) -> Value {
        let open = self.bump();
        let mut members = Vec::new();
        loop {
            match self.peek() {
                None => {
                    self.error(
                        "unclosed-object",
                        "this `{` is never closed; add `}`",
                        open.range,
                    );
                    break;
                }
                Some(TokenKind::RBrace) => {
                    self.bump();
                    break;
                }
                Some(TokenKind::RBracket) => {
                    // `]` inside an object: the object was not closed.
                    self.error(
                        "unclosed-object",
                        "expected `}` to close this object",
                        open.range,
                    );
                    let r = self.here();
                    self.error("unexpected-token", "unexpected `]` inside an object", r);
                    break;
                }
                Some(TokenKind::Comma) => {
                    let t = self.bump();
                    self.error(
                        "unexpected-token",
                        "unexpected `,`: a member is missing",
                        t.range,
                    );
                    continue;
                }
                Some(TokenKind::String { .. })
                | Some(TokenKind::SingleQuoted)
                | Some(TokenKind::Word)
                | Some(TokenKind::Number) => {
                    let m = self.member(depth);
                    members.push(m);
                }
                Some(_) => {
                    let t = self.bump();
                    self.error(
                        "expected-key",
                        format!(
                            "expected a property name in double quotes, found `{}`",
                            self.snippet(t.range)
                        ),
                        t.range,
                    );
                    continue;
                }
            }
            // After a member: `,` or `}`; anything else is a missing comma.
            match self.peek() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::RBrace) | None => {}
                Some(TokenKind::String { .. }) | Some(TokenKind::Word) => {
                    let at = TextRange::empty(self.prev_end());
                    self.error("missing-comma", "missing `,` between properties", at);
                }
                Some(_) => {}
            }
        }
        Value {
            kind: ValueKind::Object(members),
            range: TextRange::new(open.range.start, self.prev_end()),
        }
    }

    fn member(&mut self, depth: usize) -> Member {
        let t = self.bump();
        let key = match t.kind {
            TokenKind::String { terminated } => {
                if !terminated {
                    self.error(
                        "unterminated-string",
                        "this property name is never closed; add a `\"`",
                        t.range,
                    );
                }
                Key {
                    name: self.decode_string(t.range, terminated),
                    range: t.range,
                }
            }
            TokenKind::SingleQuoted => {
                self.error(
                    "single-quoted-string",
                    "JSON property names need double quotes",
                    t.range,
                );
                let raw = t.range.slice(self.text);
                Key {
                    name: raw
                        .get(1..raw.len().saturating_sub(1))
                        .unwrap_or("")
                        .to_string(),
                    range: t.range,
                }
            }
            _ => {
                let w = self.snippet(t.range);
                self.error(
                    "expected-key",
                    format!("property names need double quotes: \"{w}\""),
                    t.range,
                );
                Key {
                    name: t.range.slice(self.text).to_string(),
                    range: t.range,
                }
            }
        };
        if self.peek() == Some(TokenKind::Colon) {
            self.bump();
        } else {
            let at = TextRange::empty(key.range.end);
            self.error(
                "missing-colon",
                format!("expected `:` after \"{}\"", key.name),
                at,
            );
            // `"a" "b"` reads as a missing colon only when a value follows on the same line.
            if !self.value_follows_on_line(key.range.end) {
                return Member {
                    key,
                    value: Value {
                        kind: ValueKind::Error,
                        range: at,
                    },
                };
            }
        }
        let value = self.value(depth + 1);
        Member { key, value }
    }

    fn value_follows_on_line(&self, from: u32) -> bool {
        let Some(t) = self.toks.get(self.pos) else {
            return false;
        };
        let gap = TextRange::new(from, t.range.start).slice(self.text);
        !gap.contains('\n')
            && matches!(
                t.kind,
                TokenKind::String { .. }
                    | TokenKind::Number
                    | TokenKind::True
                    | TokenKind::False
                    | TokenKind::Null
                    | TokenKind::LBrace
                    | TokenKind::LBracket
            )
    }

    fn array(&mut self, depth: usize) -> Value {
        let open = self.bump();
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None => {
                    self.error(
                        "unclosed-array",
                        "this `[` is never closed; add `]`",
                        open.range,
                    );
                    break;
                }
                Some(TokenKind::RBracket) => {
                    self.bump();
                    break;
                }
                Some(TokenKind::RBrace) => {
                    self.error(
                        "unclosed-array",
                        "expected `]` to close this array",
                        open.range,
                    );
                    break;
                }
                Some(TokenKind::Comma) => {
                    let t = self.bump();
                    self.error(
                        "unexpected-token",
                        "unexpected `,`: an element is missing",
                        t.range,
                    );
                    continue;
                }
                Some(TokenKind::Colon) => {
                    let t = self.bump();
                    self.error("unexpected-token", "unexpected `:` in an array", t.range);
                    continue;
                }
                Some(_) => items.push(self.value(depth + 1)),
            }
            match self.peek() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::RBracket) | Some(TokenKind::RBrace) | None => {}
                Some(_) => {
                    let at = TextRange::empty(self.prev_end());
                    self.error("missing-comma", "missing `,` between elements", at);
                }
            }
        }
        Value {
            kind: ValueKind::Array(items),
            range: TextRange::new(open.range.start, self.prev_end()),
        }
    }

    fn decode_string(&mut self, range: TextRange, terminated: bool) -> String {
        let raw = range.slice(self.text);
        let inner = if terminated && raw.len() >= 2 {
            &raw[1..raw.len() - 1]
        } else {
            raw.get(1..).unwrap_or("")
        };
        if !inner.contains('\\') {
            return inner.to_string();
        }
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.char_indices();
        let base = range.start + 1;
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, '/')) => out.push('/'),
                Some((_, 'b')) => out.push('\u{8}'),
                Some((_, 'f')) => out.push('\u{c}'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'u')) => {
                    let hex: String = chars.clone().take(4).map(|(_, c)| c).collect();
                    match u16::from_str_radix(&hex, 16) {
                        Ok(unit) if hex.len() == 4 => {
                            for _ in 0..4 {
                                chars.next();
                            }
                            let mut units = vec![unit];
                            // A high surrogate followed by `\uDCxx`.
                            if (0xD800..0xDC00).contains(&unit) {
                                let rest = chars.as_str();
                                // `get`, not indexing: the four bytes may end inside a
                                // character (`\uD83D\uDEFл`).
                                let hex = rest.strip_prefix("\\u").and_then(|r| r.get(..4));
                                if let Some(hex) = hex {
                                    if let Ok(lo) = u16::from_str_radix(hex, 16) {
                                        if (0xDC00..0xE000).contains(&lo) {
                                            units.push(lo);
                                            for _ in 0..6 {
                                                chars.next();
                                            }
                                        }
                                    }
                                }
                            }
                            out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')));
                        }
                        _ => {
                            let r = TextRange::new(base + i as u32, base + i as u32 + 2);
                            self.error("invalid-escape", "`\\u` needs four hex digits", r);
                        }
                    }
                }
                Some((j, other)) => {
                    let r = TextRange::new(base + i as u32, base + (j + other.len_utf8()) as u32);
                    self.error(
                        "invalid-escape",
                        format!("`\\{other}` is not a JSON escape"),
                        r,
                    );
                    out.push(other);
                }
                None => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        parse(text).errors.iter().map(|e| e.code).collect()
    }

    #[test]
    fn comments_trailing_commas_and_raw_newlines() {
        let doc = parse("// c\n{ /* x */ \"a\": [1, 2,], \"b\": \"x\ny\", }");
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        let root = doc.root.unwrap();
        assert_eq!(root.get("b").unwrap().as_str(), Some("x\ny"));
        assert_eq!(root.get("a").unwrap().as_array().unwrap().len(), 2);
        assert_eq!(
            doc.tokens
                .iter()
                .filter(|t| matches!(
                    t.kind,
                    TokenKind::LineComment | TokenKind::BlockComment { .. }
                ))
                .count(),
            2
        );
    }

    #[test]
    fn recovers_from_missing_comma_and_unterminated_string() {
        let text = "{\n \"a\": \"x\n \"b\": 1\n \"c\": tru,\n \"d\": {\"e\": [1 2]}\n}";
        let doc = parse(text);
        let root = doc.root.unwrap();
        assert_eq!(root.path(&["d", "e"]).unwrap().as_array().unwrap().len(), 2);
        assert_eq!(root.get("b").unwrap().as_f64(), Some(1.0));
        let c: Vec<_> = doc.errors.iter().map(|e| e.code).collect();
        assert!(c.contains(&"unterminated-string"), "{c:?}");
        assert!(c.contains(&"missing-comma"), "{c:?}");
        assert!(c.contains(&"expected-value"), "{c:?}");
    }

    #[test]
    fn escapes_decode() {
        let doc = parse(r#"["a\"b\\c\u00e9\ud83d\ude00\n"]"#);
        assert!(doc.errors.is_empty());
        assert_eq!(
            doc.root.unwrap().as_array().unwrap()[0].as_str(),
            Some("a\"b\\cé😀\n")
        );
        assert_eq!(
            codes(r#"["\q", "\u12"]"#),
            vec!["invalid-escape", "invalid-escape"]
        );
    }

    #[test]
    fn lone_high_surrogate_before_a_broken_escape() {
        // Found by fuzzing: the four bytes after the second `\u` end inside `л`.
        let doc = parse("\"\\uD83D\\uDEFл\"");
        let root = doc.root.expect("a string");
        assert!(root.as_str().unwrap().starts_with('\u{FFFD}'), "{root:?}");
        assert!(!doc.errors.is_empty());
        // A pair still decodes.
        let doc = parse("\"\\uD83D\\uDE00\"");
        assert_eq!(doc.root.unwrap().as_str(), Some("😀"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let doc = parse(&text);
        assert_eq!(
            doc.errors.iter().filter(|e| e.code == "too-deep").count(),
            1
        );
        let text = "{\"a\":".repeat(50_000);
        let doc = parse(&text);
        assert!(!doc.errors.is_empty());
    }

    #[test]
    fn lossless_tokens() {
        for text in [
            "",
            "{\"a\" : /*c*/ [1,2 ,]} // t\r\n",
            "{\"x\n",
            "é😀 {[",
            "\"\\",
        ] {
            let doc = parse(text);
            let joined: String = doc.tokens.iter().map(|t| t.range.slice(text)).collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn empty_and_junk() {
        assert!(parse("").root.is_none());
        assert!(parse("  // only\n").errors.is_empty());
        assert_eq!(codes("{} x"), vec!["unexpected-token"]);
        assert_eq!(codes("{'a': 1}"), vec!["single-quoted-string"]);
        let doc = parse("{\"a\": }");
        assert_eq!(doc.errors[0].code, "expected-value");
    }

    #[test]
    fn byte_order_mark_is_whitespace() {
        let doc = parse("\u{FEFF}{\"a\": 1}");
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        assert_eq!(doc.root.unwrap().get("a").unwrap().as_f64(), Some(1.0));
        assert!(crate::syntax::bicep::parse("\u{FEFF}param a string\n")
            .errors
            .is_empty());
    }

    #[test]
    fn pointer_lookup() {
        let doc = parse("{\"a\": [{\"b/c\": 1}]}");
        let root = doc.root.unwrap();
        assert_eq!(root.pointer("/a/0/b~1c").unwrap().as_f64(), Some(1.0));
        assert_eq!(root.pointer_member("/a/0/b~1c").unwrap().key.name, "b/c");
    }
}
