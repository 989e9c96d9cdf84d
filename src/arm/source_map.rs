//! Offsets inside a JSON string: a template expression is lexed on the decoded string, but its
//! diagnostics and values point into the document, so every decoded offset is mapped back
//! through the JSON escapes (`\"`, `\\`, `\u00e9`, ...) to the raw text.

use crate::syntax::jsonc::{Value, ValueKind};
use crate::text::TextRange;

/// Decoded string offsets to document offsets for one JSON string value.
#[derive(Clone, Debug)]
pub struct SourceMap {
    /// Document offset of the first decoded byte.
    base: u32,
    /// Per decoded byte, its raw offset relative to `base`, plus one entry for the end; `None`
    /// when the string has no escapes (the mapping is the identity).
    offsets: Option<Vec<u32>>,
    /// Decoded length.
    len: u32,
    /// The whole value, for when the raw text could not be matched with the decoded string.
    whole: Option<TextRange>,
}

impl SourceMap {
    /// The map for a JSON string `value` of the document `text`. When the raw text does not
    /// decode to the value's string (a broken string), every offset maps to the whole value.
    pub fn of(value: &Value, text: &str) -> (String, SourceMap) {
        let decoded = match &value.kind {
            ValueKind::String(s) => s.as_str(),
            _ => "",
        };
        SourceMap::of_string(decoded, value.range, text)
    }

    /// The map for a JSON string (a value or an object key) decoded as `decoded`, whose range
    /// (quotes included) is `range`.
    pub fn of_string(decoded: &str, range: TextRange, text: &str) -> (String, SourceMap) {
        let decoded = decoded.to_string();
        let raw = range.slice(text);
        let candidates = [
            raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')),
            raw.strip_prefix('"'),
        ];
        for inner in candidates.into_iter().flatten() {
            let (s, map) = SourceMap::decode(inner, range.start + 1);
            if s == decoded {
                return (s, map);
            }
        }
        let len = decoded.len() as u32;
        (
            decoded,
            SourceMap {
                base: range.start,
                offsets: None,
                len,
                whole: Some(range),
            },
        )
    }

    /// The identity map for text that is not escaped (tests, and values built from source).
    pub fn identity(base: u32, len: u32) -> SourceMap {
        SourceMap {
            base,
            offsets: None,
            len,
            whole: None,
        }
    }

    /// Decode a JSON string's inner raw text the way the JSONC parser does, keeping for each
    /// decoded byte the raw offset it came from.
    fn decode(inner: &str, base: u32) -> (String, SourceMap) {
        if !inner.contains('\\') {
            let len = inner.len() as u32;
            return (inner.to_string(), SourceMap::identity(base, len));
        }
        let mut out = String::with_capacity(inner.len());
        let mut offsets = Vec::with_capacity(inner.len() + 1);
        let mut chars = inner.char_indices().peekable();
        let push = |out: &mut String, offsets: &mut Vec<u32>, c: char, at: usize| {
            out.push(c);
            for _ in 0..c.len_utf8() {
                offsets.push(at as u32);
            }
        };
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                push(&mut out, &mut offsets, c, i);
                continue;
            }
            let Some((_, e)) = chars.next() else { break };
            let simple = match e {
                '"' => Some('"'),
                '\\' => Some('\\'),
                '/' => Some('/'),
                'b' => Some('\u{8}'),
                'f' => Some('\u{c}'),
                'n' => Some('\n'),
                'r' => Some('\r'),
                't' => Some('\t'),
                _ => None,
            };
            if let Some(s) = simple {
                push(&mut out, &mut offsets, s, i);
                continue;
            }
            if e != 'u' {
                push(&mut out, &mut offsets, e, i);
                continue;
            }
            let rest = &inner[(i + 2).min(inner.len())..];
            let hex = rest.get(..4).and_then(|h| u16::from_str_radix(h, 16).ok());
            let Some(unit) = hex.filter(|_| rest.get(..4).is_some_and(|h| h.len() == 4)) else {
                // The parser reports the bad escape and keeps the following characters.
                continue;
            };
            for _ in 0..4 {
                chars.next();
            }
            let mut units = vec![unit];
            if (0xD800..0xDC00).contains(&unit) {
                let after = &rest[4..];
                if after.len() >= 6 && after.starts_with("\\u") {
                    if let Some(lo) = after
                        .get(2..6)
                        .and_then(|h| u16::from_str_radix(h, 16).ok())
                    {
                        if (0xDC00..0xE000).contains(&lo) {
                            units.push(lo);
                            for _ in 0..6 {
                                chars.next();
                            }
                        }
                    }
                }
            }
            for ch in char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')) {
                push(&mut out, &mut offsets, ch, i);
            }
        }
        offsets.push(inner.len() as u32);
        let len = out.len() as u32;
        (
            out,
            SourceMap {
                base,
                offsets: Some(offsets),
                len,
                whole: None,
            },
        )
    }

    /// The document offset of decoded offset `at` (clamped to the string).
    pub fn offset(&self, at: u32) -> u32 {
        if let Some(w) = self.whole {
            return w.start;
        }
        let at = at.min(self.len);
        match &self.offsets {
            None => self.base + at,
            Some(o) => self.base + o.get(at as usize).copied().unwrap_or(0),
        }
    }

    /// The document range of the decoded range `r`.
    pub fn range(&self, r: TextRange) -> TextRange {
        if let Some(w) = self.whole {
            return w;
        }
        let start = self.offset(r.start);
        TextRange::new(start, self.offset(r.end).max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::jsonc;

    fn map(text: &str) -> (String, SourceMap) {
        let doc = jsonc::parse(text);
        let root = doc.root.unwrap();
        SourceMap::of(&root, text)
    }

    #[test]
    fn identity_without_escapes() {
        let (s, m) = map(r#"  "[concat('a')]""#);
        assert_eq!(s, "[concat('a')]");
        assert_eq!(m.offset(1), 4);
    }

    #[test]
    fn escapes_shift_offsets() {
        let text = r#""[concat('\u00e9', '\"x')]""#;
        let (s, m) = map(text);
        assert_eq!(s, "[concat('é', '\"x')]");
        let x = s.find('x').unwrap() as u32;
        assert_eq!(&text[m.offset(x) as usize..][..1], "x");
        let e = s.find('é').unwrap() as u32;
        assert_eq!(&text[m.offset(e) as usize..][..6], "\\u00e9");
        assert_eq!(m.offset(s.len() as u32) as usize, text.len() - 1);
    }
}
