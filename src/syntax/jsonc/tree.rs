use super::lexer::Token;
use crate::syntax::SyntaxError;
use crate::text::TextRange;

/// A parsed JSON-with-comments document.
#[derive(Clone, Debug)]
pub struct JsonDoc {
    /// `None` only for a document with no value at all (empty or only comments).
    pub root: Option<Value>,
    pub errors: Vec<SyntaxError>,
    /// Every token, trivia included: concatenated, they give back the input.
    pub tokens: Vec<Token>,
}

impl JsonDoc {
    /// Comments (line and block) in document order.
    pub fn comments(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|t| {
            matches!(
                t.kind,
                super::TokenKind::LineComment | super::TokenKind::BlockComment { .. }
            )
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    /// For strings, the range includes the quotes.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    Object(Vec<Member>),
    Array(Vec<Value>),
    /// The decoded string.
    String(String),
    /// The number's source text (kept verbatim; JSON numbers may not fit f64).
    Number(String),
    Bool(bool),
    Null,
    /// Something that is not a value; a syntax error covers it.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: Key,
    /// `ValueKind::Error` with an empty range when the value is missing.
    pub value: Value,
}

impl Member {
    /// Key to end of value.
    pub fn range(&self) -> TextRange {
        self.key.range.cover(self.value.range)
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            ValueKind::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match &self.kind {
            ValueKind::Number(n) => n.parse().ok(),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.kind {
            ValueKind::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            ValueKind::Array(v) => Some(v),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self.kind, ValueKind::Null)
    }
    /// The first member with key `name` (JSON object keys compare exactly).
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.as_object()?.iter().find(|m| m.key.name == name)
    }
    /// The first member whose key equals `name` ignoring ASCII case (ARM property names are
    /// case-insensitive).
    pub fn member_ci(&self, name: &str) -> Option<&Member> {
        self.as_object()?
            .iter()
            .find(|m| m.key.name.eq_ignore_ascii_case(name))
    }
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.member(name).map(|m| &m.value)
    }
    pub fn get_ci(&self, name: &str) -> Option<&Value> {
        self.member_ci(name).map(|m| &m.value)
    }
    /// Follow a path of keys (case-sensitive).
    pub fn path(&self, keys: &[&str]) -> Option<&Value> {
        let mut v = self;
        for k in keys {
            v = v.get(k)?;
        }
        Some(v)
    }
    /// The range inside the quotes of a string, or the whole range otherwise.
    pub fn inner_range(&self) -> TextRange {
        match self.kind {
            ValueKind::String(_) if self.range.len() >= 2 => {
                TextRange::new(self.range.start + 1, self.range.end - 1)
            }
            _ => self.range,
        }
    }

    /// Convert to `serde_json::Value`, for schema validation. Error nodes become `null`.
    pub fn to_serde(&self) -> serde_json::Value {
        // Iterative over the depth-limited tree would be nicer, but the parser caps nesting at
        // MAX_DEPTH so recursion here is bounded.
        match &self.kind {
            ValueKind::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key.name.clone(), m.value.to_serde());
                }
                serde_json::Value::Object(map)
            }
            ValueKind::Array(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_serde).collect())
            }
            ValueKind::String(s) => serde_json::Value::String(s.clone()),
            ValueKind::Number(n) => serde_json::from_str::<serde_json::Number>(n)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            ValueKind::Bool(b) => serde_json::Value::Bool(*b),
            ValueKind::Null | ValueKind::Error => serde_json::Value::Null,
        }
    }

    /// The value at a JSON pointer (`/a/0/b`), as `jsonschema` reports instance locations.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut v = self;
        for raw in pointer.strip_prefix('/')?.split('/') {
            let seg = raw.replace("~1", "/").replace("~0", "~");
            v = match &v.kind {
                ValueKind::Object(m) => &m.iter().rev().find(|m| m.key.name == seg)?.value,
                ValueKind::Array(items) => items.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(v)
    }

    /// The member at a JSON pointer (its key), for errors about a property.
    pub fn pointer_member(&self, pointer: &str) -> Option<&Member> {
        let (parent, last) = pointer.rsplit_once('/')?;
        let seg = last.replace("~1", "/").replace("~0", "~");
        self.pointer(parent)?
            .as_object()?
            .iter()
            .rev()
            .find(|m| m.key.name == seg)
    }
}
