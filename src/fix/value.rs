//! The neutral value a fix writes, rendered in each syntax.

use super::Syntax;

/// A value to write, whatever the document's syntax.
#[derive(Clone, Debug, PartialEq)]
pub enum FixValue {
    Str(String),
    Bool(bool),
    Int(i64),
    Array(Vec<FixValue>),
    /// Properties in the order to write them.
    Object(Vec<(String, FixValue)>),
    /// An expression written as is (a Bicep `hub.id`, an ARM `"[resourceId(...)]"` already
    /// quoted): the caller makes it valid for the document's syntax.
    Expr(String),
}

impl FixValue {
    /// `{ key: value, ... }` from pairs.
    pub fn object<K: Into<String>>(pairs: impl IntoIterator<Item = (K, FixValue)>) -> Self {
        FixValue::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
    pub fn str(s: impl Into<String>) -> Self {
        FixValue::Str(s.into())
    }
    pub fn expr(s: impl Into<String>) -> Self {
        FixValue::Expr(s.into())
    }

    /// Render for `syntax`. `indent` is the indentation of the line the value starts on and
    /// `unit` one level more; `multiline` gives objects and arrays one line per item (Bicep's
    /// usual layout, and expanded JSON), else they are written on one line. Lines end in
    /// `\n`: the caller converts them to the document's line break.
    pub fn render(&self, syntax: Syntax, indent: &str, unit: &str, multiline: bool) -> String {
        match self {
            FixValue::Str(s) => match syntax {
                Syntax::Json => serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()),
                Syntax::Bicep => bicep_string(s),
            },
            FixValue::Bool(b) => b.to_string(),
            FixValue::Int(i) => i.to_string(),
            FixValue::Expr(e) => e.clone(),
            FixValue::Array(items) if items.is_empty() => "[]".into(),
            FixValue::Object(props) if props.is_empty() => "{}".into(),
            FixValue::Array(items) => {
                let inner = format!("{indent}{unit}");
                if multiline {
                    let lines: Vec<String> = items
                        .iter()
                        .map(|i| format!("{inner}{}", i.render(syntax, &inner, unit, true)))
                        .collect();
                    format!("[\n{}\n{indent}]", lines.join(separator(syntax)))
                } else {
                    let parts: Vec<String> = items
                        .iter()
                        .map(|i| i.render(syntax, indent, unit, false))
                        .collect();
                    format!("[ {} ]", parts.join(", "))
                }
            }
            FixValue::Object(props) => {
                let inner = format!("{indent}{unit}");
                if multiline {
                    let lines: Vec<String> = props
                        .iter()
                        .map(|(k, v)| {
                            format!("{inner}{}", member(syntax, k, v, &inner, unit, true))
                        })
                        .collect();
                    format!("{{\n{}\n{indent}}}", lines.join(separator(syntax)))
                } else {
                    let parts: Vec<String> = props
                        .iter()
                        .map(|(k, v)| member(syntax, k, v, indent, unit, false))
                        .collect();
                    format!("{{ {} }}", parts.join(", "))
                }
            }
        }
    }
}

/// Between items written one per line.
fn separator(syntax: Syntax) -> &'static str {
    match syntax {
        Syntax::Json => ",\n",
        Syntax::Bicep => "\n",
    }
}

/// `"key": value` (JSON) or `key: value` (Bicep; the key quoted when it is not an identifier).
pub fn member(
    syntax: Syntax,
    key: &str,
    value: &FixValue,
    indent: &str,
    unit: &str,
    multiline: bool,
) -> String {
    let k = match syntax {
        Syntax::Json => serde_json::to_string(key).unwrap_or_else(|_| "\"\"".into()),
        Syntax::Bicep if is_ident(key) => key.to_string(),
        Syntax::Bicep => bicep_string(key),
    };
    format!("{k}: {}", value.render(syntax, indent, unit, multiline))
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A Bicep string literal: `'` and `\` escaped, and `${` so that it is not interpolation.
pub fn bicep_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
