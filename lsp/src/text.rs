//! Positions on the wire ↔ byte offsets inside, in the encoding negotiated at `initialize`, and
//! applying `didChange` events to a document's text.

use lsp_types::{Position, TextDocumentContentChangeEvent};
use serde::{Deserialize, Serialize};
use topolint::{LineIndex, Utf16Pos};

/// How `Position.character` counts: UTF-16 code units (the LSP default) or UTF-8 bytes (when
/// the client offers `utf-8` in `general.positionEncodings`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf16 => "utf-16",
            Encoding::Utf8 => "utf-8",
        }
    }
}

/// Byte offset of a position; positions past a line's end or the text's end clamp to them, and
/// positions inside a character move back to its start (LSP asks servers to be lenient).
pub fn offset(text: &str, index: &LineIndex, pos: Position, enc: Encoding) -> u32 {
    match enc {
        Encoding::Utf16 => index.offset_of_utf16(
            text,
            Utf16Pos {
                line: pos.line,
                character: pos.character,
            },
        ),
        Encoding::Utf8 => {
            if pos.line as usize >= index.line_count() {
                return text.len() as u32;
            }
            let range = index.line_range(text, pos.line);
            let mut o = (range.start as usize + pos.character as usize).min(range.end as usize);
            while o > range.start as usize && !text.is_char_boundary(o) {
                o -= 1;
            }
            o as u32
        }
    }
}

/// The position of a byte offset (clamped to the text).
pub fn position(text: &str, index: &LineIndex, offset: u32, enc: Encoding) -> Position {
    let p = index.utf16(text, offset);
    match enc {
        Encoding::Utf16 => Position::new(p.line, p.character),
        Encoding::Utf8 => {
            let start = index.line_range(text, p.line).start;
            let mut o = (offset as usize).min(text.len());
            while o > 0 && !text.is_char_boundary(o) {
                o -= 1;
            }
            Position::new(p.line, (o as u32).saturating_sub(start))
        }
    }
}

/// Apply one content change: the whole text when it has no range, else the range's
/// replacement (a reversed range is taken in order).
pub fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let index = LineIndex::new(text);
            let a = offset(text, &index, range.start, enc) as usize;
            let b = offset(text, &index, range.end, enc) as usize;
            let (a, b) = (a.min(b), a.max(b));
            text.replace_range(a..b, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Range;

    fn change(l1: u32, c1: u32, l2: u32, c2: u32, t: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: t.into(),
        }
    }

    #[test]
    fn emoji_counts_two_utf16_units_and_four_utf8_bytes() {
        let mut t = String::from("a😀b\nxy");
        apply_change(&mut t, change(0, 3, 0, 4, "B"), Encoding::Utf16);
        assert_eq!(t, "a😀B\nxy");
        apply_change(&mut t, change(0, 5, 0, 6, "C"), Encoding::Utf8);
        assert_eq!(t, "a😀C\nxy");
        let idx = LineIndex::new(&t);
        assert_eq!(position(&t, &idx, 5, Encoding::Utf16), Position::new(0, 3));
        assert_eq!(position(&t, &idx, 5, Encoding::Utf8), Position::new(0, 5));
    }

    #[test]
    fn out_of_range_positions_clamp_instead_of_panicking() {
        let mut t = String::from("ab\ncd");
        apply_change(&mut t, change(9, 9, 0, 99, "Z"), Encoding::Utf16);
        assert_eq!(t, "abZ");
        apply_change(&mut t, change(0, 1, 0, 1, "é"), Encoding::Utf8);
        apply_change(&mut t, change(0, 2, 0, 2, "x"), Encoding::Utf8);
        assert_eq!(t, "axébZ");
        let full = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new".into(),
        };
        apply_change(&mut t, full, Encoding::Utf16);
        assert_eq!(t, "new");
    }
}
