//! Validate topology documents against `schema/topology.schema.json`; every violation becomes
//! a `schema-violation` diagnostic on the key or value it concerns.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{FileId, Location};
use crate::syntax::jsonc::Value;
use crate::text::TextRange;
use jsonschema::error::ValidationErrorKind;
use std::sync::OnceLock;

/// The topology JSON schema's text.
pub const SCHEMA: &str = include_str!("../../schema/topology.schema.json");

fn validator() -> Option<&'static jsonschema::Validator> {
    static V: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
    V.get_or_init(|| {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).ok()?;
        jsonschema::draft202012::new(&schema).ok()
    })
    .as_ref()
}

/// Report schema violations of `root`.
pub fn validate(file: FileId, root: &Value, out: &mut Vec<Diagnostic>) {
    let Some(v) = validator() else { return };
    let instance = root.to_serde();
    let mut seen: Vec<(TextRange, String)> = Vec::new();
    for err in v.iter_errors(&instance) {
        let pointer = err.instance_path().as_str().to_string();
        let (range, message) = match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                // One diagnostic per unexpected key, on the key.
                let allowed = allowed_keys(&pointer);
                for key in unexpected {
                    let p = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    let range = root
                        .pointer_member(&p)
                        .map_or_else(|| value_range(root, &pointer), |m| m.key.range);
                    let msg = match suggest(key, &allowed) {
                        Some(s) => format!("unknown property `{key}`; did you mean `{s}`?"),
                        None => format!("unknown property `{key}`"),
                    };
                    push(out, &mut seen, file, range, msg);
                }
                continue;
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or("?");
                // On the key that holds the object when there is one, else on its `{`.
                // On the key that holds the object, else on the entry's name, else its `{`.
                let object = root.pointer(&pointer);
                let entry = object
                    .and_then(|o| o.get("name"))
                    .and_then(|n| n.as_str().map(|s| (s, n.range)));
                let range = root
                    .pointer_member(&pointer)
                    .map(|m| m.key.range)
                    .or(entry.map(|e| e.1))
                    .unwrap_or_else(|| {
                        let r = value_range(root, &pointer);
                        TextRange::new(r.start, r.start + 1.min(r.len()))
                    });
                match entry {
                    Some((n, _)) => (
                        range,
                        format!("`{n}` is missing required property `{name}`"),
                    ),
                    None => (range, format!("missing required property `{name}`")),
                }
            }
            ValidationErrorKind::Enum { options } => {
                let opts: Vec<String> = options
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|o| o.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                let got = root
                    .pointer(&pointer)
                    .and_then(|v| v.as_str())
                    .unwrap_or("");
                let list = opts
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let msg = match suggest(got, &opts) {
                    Some(s) => {
                        format!("`{got}` is not allowed here; did you mean `{s}`? (one of {list})")
                    }
                    None => format!("expected one of {list}"),
                };
                (value_range(root, &pointer), msg)
            }
            _ => (value_range(root, &pointer), err.to_string()),
        };
        push(out, &mut seen, file, range, message);
    }
}

fn push(
    out: &mut Vec<Diagnostic>,
    seen: &mut Vec<(TextRange, String)>,
    file: FileId,
    range: TextRange,
    message: String,
) {
    if seen.iter().any(|(r, m)| *r == range && *m == message) {
        return;
    }
    seen.push((range, message.clone()));
    out.push(
        Diagnostic::new(
            "schema-violation",
            Severity::Error,
            Location::new(file, range),
            message,
        )
        .with_help("see schema/topology.schema.json for the topology format"),
    );
}

fn value_range(root: &Value, pointer: &str) -> TextRange {
    root.pointer(pointer).map_or(root.range, |v| v.range)
}

/// Property names the schema allows at a pointer, for "did you mean" (looked up through the
/// schema's `$defs` by following the pointer's keys). Runs only when a violation is reported.
fn allowed_keys(pointer: &str) -> Vec<String> {
    // Parsed once: a document with many unknown keys asks for each.
    static PARSED: OnceLock<Option<serde_json::Value>> = OnceLock::new();
    let Some(schema) = PARSED
        .get_or_init(|| serde_json::from_str(SCHEMA).ok())
        .as_ref()
    else {
        return Vec::new();
    };
    let deref = |n: &serde_json::Value| -> serde_json::Value {
        n.get("$ref")
            .and_then(|r| r.as_str())
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|r| schema.get("$defs")?.get(r))
            .unwrap_or(n)
            .clone()
    };
    let mut node = deref(schema);
    for seg in pointer.split('/').skip(1) {
        let next = if seg.parse::<usize>().is_ok() {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(seg))
        };
        match next {
            Some(n) => node = deref(n),
            None => return Vec::new(),
        }
    }
    node.get("properties")
        .and_then(|p| p.as_object())
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// The closest allowed key by edit distance, when close enough to be a typo.
fn suggest(key: &str, allowed: &[String]) -> Option<String> {
    allowed
        .iter()
        .map(|a| (edit_distance(&key.to_lowercase(), &a.to_lowercase()), a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
