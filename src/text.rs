//! Byte-offset ranges and the conversions done at the edges.
//!
//! Everything inside topolint speaks byte offsets (`u32`). Only adapters convert: the CLI to
//! 1-based line/column (columns count Unicode scalar values), LSP and the browser to 0-based
//! UTF-16 line/character.

use serde::Serialize;

/// A half-open byte range `[start, end)` into one document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: u32, end: u32) -> Self {
        debug_assert!(start <= end, "range {start}..{end} is reversed");
        TextRange {
            start,
            end: end.max(start),
        }
    }
    pub fn empty(at: u32) -> Self {
        TextRange { start: at, end: at }
    }
    pub fn len(self) -> u32 {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The text this range covers; empty when the range does not fit `text`.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// A 1-based line and column, columns counted in Unicode scalar values (what the CLI prints).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// A 0-based line and UTF-16 code-unit character (what LSP and JavaScript want).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Utf16Pos {
    pub line: u32,
    pub character: u32,
}

/// Line starts of one text, for converting byte offsets to positions and back.
///
/// `\n`, `\r\n` and a lone `\r` all end a line, as in LSP.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0u32];
        if !bytes.contains(&b'\r') {
            // Only `\n` ends lines: test 16 bytes at a time (the compiler turns the comparisons
            // into one vector compare and a bit mask), then visit the mask's set bits.
            let chunks = bytes.chunks_exact(16);
            let tail = chunks.remainder();
            for (c, chunk) in chunks.enumerate() {
                let mut mask: u32 = 0;
                for (k, &b) in chunk.iter().enumerate() {
                    mask |= u32::from(b == b'\n') << k;
                }
                while mask != 0 {
                    line_starts.push((c * 16) as u32 + mask.trailing_zeros() + 1);
                    mask &= mask - 1;
                }
            }
            let base = bytes.len() - tail.len();
            for (k, &b) in tail.iter().enumerate() {
                if b == b'\n' {
                    line_starts.push((base + k) as u32 + 1);
                }
            }
            return LineIndex {
                line_starts,
                len: text.len() as u32,
            };
        }
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            line_starts,
            len: text.len() as u32,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: u32) -> u32 {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line as u32,
            Err(next) => next as u32 - 1,
        }
    }

    /// Byte range of 0-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: u32) -> TextRange {
        let start = self
            .line_starts
            .get(line as usize)
            .copied()
            .unwrap_or(self.len);
        let mut end = self
            .line_starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end as usize - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        TextRange::new(start, end)
    }

    /// Clamp an offset into the text and back onto a character boundary.
    fn clamp(text: &str, offset: u32) -> u32 {
        let mut o = (offset as usize).min(text.len());
        while o > 0 && !text.is_char_boundary(o) {
            o -= 1;
        }
        o as u32
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = Self::clamp(text, offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize];
        let column = text[start as usize..offset as usize].chars().count() as u32;
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// 0-based line and UTF-16 character of a byte offset.
    pub fn utf16(&self, text: &str, offset: u32) -> Utf16Pos {
        let offset = Self::clamp(text, offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize];
        let character = text[start as usize..offset as usize].encode_utf16().count() as u32;
        Utf16Pos { line, character }
    }

    /// Byte offset of a 0-based line and UTF-16 character; positions past the end of a line or
    /// inside a surrogate pair land on the nearest character boundary before them.
    pub fn offset_of_utf16(&self, text: &str, pos: Utf16Pos) -> u32 {
        if pos.line as usize >= self.line_starts.len() {
            return self.len;
        }
        let range = self.line_range(text, pos.line);
        let mut units = 0u32;
        for (i, ch) in range.slice(text).char_indices() {
            let w = ch.len_utf16() as u32;
            if units + w > pos.character {
                return range.start + i as u32;
            }
            units += w;
        }
        range.end
    }

    /// Byte offset of a 1-based line and column (in Unicode scalar values).
    pub fn offset_of_line_col(&self, text: &str, pos: LineCol) -> u32 {
        let line = pos.line.saturating_sub(1);
        if line as usize >= self.line_starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let col = pos.column.saturating_sub(1) as usize;
        match range.slice(text).char_indices().nth(col) {
            Some((i, _)) => range.start + i as u32,
            None => range.end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_alike_with_and_without_carriage_returns() {
        // A text with no `\r` takes the `\n`-only search; the same text with `\r\n` does not.
        for (text, eol) in [("a\nbc\n\nd😀\n", 1), ("a\r\nbc\r\n\r\nd😀\r\n", 2)] {
            let idx = LineIndex::new(text);
            assert_eq!(idx.line_count(), 5, "{text:?}");
            let d = text.find('d').unwrap() as u32;
            assert_eq!(idx.line_of(d), 3, "{text:?}");
            assert_eq!(idx.line_of(d - 1), 2, "{text:?}");
            assert_eq!(idx.line_of(text.len() as u32), 4, "{text:?}");
            assert_eq!(idx.line_range(text, 1).slice(text), "bc", "{text:?}");
            assert_eq!(idx.line_of(1 + eol), 1, "{text:?}");
        }
        assert_eq!(LineIndex::new("").line_count(), 1);
        // Lines of every length across the 16-byte blocks the `\n`-only search reads.
        let text: String = (0..60).map(|n| "y".repeat(n % 37) + "\n").collect();
        let expected: Vec<u32> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1))
            .collect();
        assert_eq!(LineIndex::new(&text).line_starts, expected);
    }

    #[test]
    fn positions_in_ascii_crlf_and_emoji() {
        let text = "ab\r\nc😀d\né\rz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let d = text.find('d').unwrap() as u32;
        assert_eq!(idx.line_col(text, d), LineCol { line: 2, column: 3 });
        assert_eq!(
            idx.utf16(text, d),
            Utf16Pos {
                line: 1,
                character: 3
            }
        );
        assert_eq!(
            idx.offset_of_utf16(
                text,
                Utf16Pos {
                    line: 1,
                    character: 3
                }
            ),
            d
        );
        assert_eq!(
            idx.offset_of_line_col(text, LineCol { line: 2, column: 3 }),
            d
        );
        let z = text.find('z').unwrap() as u32;
        assert_eq!(
            idx.utf16(text, z),
            Utf16Pos {
                line: 3,
                character: 0
            }
        );
        // Inside the surrogate pair: back to the emoji's start.
        let emoji = text.find('😀').unwrap() as u32;
        assert_eq!(
            idx.offset_of_utf16(
                text,
                Utf16Pos {
                    line: 1,
                    character: 2
                }
            ),
            emoji
        );
        // Offsets inside a multi-byte character clamp back to its start.
        assert_eq!(
            idx.utf16(text, emoji + 1),
            Utf16Pos {
                line: 1,
                character: 1
            }
        );
        // Past the end clamps.
        assert_eq!(idx.line_col(text, 999), LineCol { line: 4, column: 2 });
        assert_eq!(idx.line_range(text, 0).slice(text), "ab");
    }
}
