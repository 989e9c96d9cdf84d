//! Settings the caller passes in, and the configuration file they come from.
//!
//! The core reads no files: the CLI finds `topolint.json` (the language server and the WASM
//! bindings have their own ways) and hands its text to [`parse_config`], which never fails:
//! problems in it are `config-error` diagnostics on the file, with ranges.
//!
//! ```jsonc
//! {
//!   "$schema": "./schema/config.schema.json",
//!   "rules": {
//!     "pe-manual-connection": "off",
//!     "acr-pe-subnet-capacity": ["warning", { "minPrefixGeoReplicated": 26 }]
//!   }
//! }
//! ```

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{FileId, Location};
use crate::syntax::jsonc::{self, Value, ValueKind};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// The code of every problem in a configuration file.
pub const CONFIG_ERROR: &str = "config-error";

/// A rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
    fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "off" => Level::Off,
            "info" => Level::Info,
            "warning" => Level::Warning,
            "error" => Level::Error,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Rule id (or document code such as `syntax-error`) → level; codes not named keep their
    /// default severity.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// Rule id → its options (see [`RULE_OPTIONS`]); options not given take their defaults.
    #[serde(default)]
    pub options: BTreeMap<String, BTreeMap<String, i64>>,
}

impl Settings {
    /// The value of a rule's option: configured, else its default; `None` for an option the
    /// rule does not declare.
    pub fn option(&self, rule: &str, name: &str) -> Option<i64> {
        let decl = RULE_OPTIONS
            .iter()
            .find(|o| o.rule == rule && o.name == name)?;
        Some(
            self.options
                .get(rule)
                .and_then(|o| o.get(name))
                .copied()
                .unwrap_or(decl.default),
        )
    }
}

/// A rule option: an integer with bounds and a default.
#[derive(Clone, Copy, Debug)]
pub struct RuleOption {
    pub rule: &'static str,
    pub name: &'static str,
    pub default: i64,
    pub min: i64,
    pub max: i64,
    pub description: &'static str,
}

/// Every rule option.
pub const RULE_OPTIONS: &[RuleOption] = &[RuleOption {
    rule: "acr-pe-subnet-capacity",
    name: "minPrefixGeoReplicated",
    default: 27,
    min: 2,
    max: 29,
    description: "The longest prefix length an endpoint subnet of a geo-replicated registry may have before the rule warns (27: warn below a /27, Microsoft's recommendation).",
}];

/// Every code a configuration may name: the rules, then the document codes.
pub fn configurable_codes() -> Vec<&'static str> {
    crate::rules::ALL
        .iter()
        .map(|r| r.meta().id)
        .chain(crate::codes::CODES.iter().map(|c| c.0))
        .collect()
}

/// What a configuration file says, and what is wrong with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedConfig {
    pub settings: Settings,
    /// `config-error` diagnostics located in `file`.
    pub diagnostics: Vec<Diagnostic>,
}

/// Read a `topolint.json` (JSON with comments). Never fails: what cannot be read is reported
/// and left out.
pub fn parse_config(file: FileId, text: &str) -> ParsedConfig {
    let doc = jsonc::parse(text);
    let mut out = ParsedConfig::default();
    let at = |r| Location::new(file, r);
    for e in &doc.errors {
        out.diagnostics.push(config_error(
            Severity::Error,
            at(e.range),
            e.message.clone(),
        ));
    }
    let Some(root) = &doc.root else {
        return out;
    };
    let Some(members) = root.as_object() else {
        out.diagnostics.push(config_error(
            Severity::Error,
            at(root.range),
            "a topolint configuration is an object: `{ \"rules\": { \"<rule id>\": \"off\" } }`",
        ));
        return out;
    };
    let codes = configurable_codes();
    for m in members {
        match m.key.name.as_str() {
            "$schema" => {}
            "rules" => match &m.value.kind {
                ValueKind::Object(rules) => {
                    for r in rules {
                        rule_entry(file, &codes, &r.key, &r.value, &mut out);
                    }
                }
                _ => out.diagnostics.push(config_error(
                    Severity::Error,
                    at(m.value.range),
                    "`rules` is an object: rule id → level",
                )),
            },
            other => out.diagnostics.push(config_error(
                Severity::Error,
                at(m.key.range),
                format!("unknown setting `{other}`; a topolint configuration has `rules` (and `$schema`)"),
            )),
        }
    }
    out
}

fn rule_entry(
    file: FileId,
    codes: &[&str],
    key: &jsonc::Key,
    value: &Value,
    out: &mut ParsedConfig,
) {
    let at = |r| Location::new(file, r);
    let id = key.name.as_str();
    if !codes.contains(&id) {
        let hint = closest(id, codes)
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        // A warning: a configuration written for a newer topolint names rules this one lacks.
        out.diagnostics.push(config_error(
            Severity::Warning,
            at(key.range),
            format!(
                "unknown rule `{id}`: {hint}`topolint rules` lists them; this entry is ignored"
            ),
        ));
        return;
    }
    let level_of = |v: &Value, out: &mut ParsedConfig| match v.as_str().and_then(Level::parse) {
        Some(l) => Some(l),
        None => {
            out.diagnostics.push(config_error(
                Severity::Error,
                at(v.range),
                format!("the level of `{id}` is one of \"off\", \"info\", \"warning\", \"error\""),
            ));
            None
        }
    };
    match &value.kind {
        ValueKind::Array(items) => {
            let (Some(level), Some(options), None) = (items.first(), items.get(1), items.get(2))
            else {
                out.diagnostics.push(config_error(
                    Severity::Error,
                    at(value.range),
                    format!("a rule with options is written `[\"<level>\", {{ options }}]`; see the options of `{id}` in its documentation"),
                ));
                return;
            };
            if let Some(l) = level_of(level, out) {
                out.settings.rules.insert(id.to_string(), l);
            }
            rule_options(file, id, options, out);
        }
        _ => {
            if let Some(l) = level_of(value, out) {
                out.settings.rules.insert(id.to_string(), l);
            }
        }
    }
}

fn rule_options(file: FileId, id: &str, options: &Value, out: &mut ParsedConfig) {
    let at = |r| Location::new(file, r);
    let Some(members) = options.as_object() else {
        out.diagnostics.push(config_error(
            Severity::Error,
            at(options.range),
            "rule options are an object",
        ));
        return;
    };
    let declared: Vec<&RuleOption> = RULE_OPTIONS.iter().filter(|o| o.rule == id).collect();
    for m in members {
        let Some(decl) = declared.iter().find(|o| o.name == m.key.name) else {
            let known = if declared.is_empty() {
                format!("`{id}` has no options")
            } else {
                format!(
                    "the options of `{id}` are {}",
                    declared
                        .iter()
                        .map(|o| format!("`{}`", o.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            out.diagnostics.push(config_error(
                Severity::Error,
                at(m.key.range),
                format!("unknown option `{}`: {known}", m.key.name),
            ));
            continue;
        };
        match m.value.as_f64() {
            Some(n) if n.fract() == 0.0 && (decl.min as f64..=decl.max as f64).contains(&n) => {
                out.settings
                    .options
                    .entry(id.to_string())
                    .or_default()
                    .insert(decl.name.to_string(), n as i64);
            }
            _ => out.diagnostics.push(config_error(
                Severity::Error,
                at(m.value.range),
                format!(
                    "`{}` is a whole number from {} to {} (default {})",
                    decl.name, decl.min, decl.max, decl.default
                ),
            )),
        }
    }
}

fn config_error(severity: Severity, at: Location, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(CONFIG_ERROR, severity, at, message)
}

/// The known code nearest to `id` by edit distance, when it is near enough to be a typo.
fn closest<'a>(id: &str, codes: &[&'a str]) -> Option<&'a str> {
    codes
        .iter()
        .map(|c| (distance(id, c), *c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 4))
        .min()
        .map(|(_, c)| c)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The JSON Schema (2020-12) of `topolint.json`, generated from the catalogue; the file
/// `schema/config.schema.json` is this, kept in step by a test.
pub fn json_schema() -> serde_json::Value {
    let level = json!({ "enum": ["off", "info", "warning", "error"] });
    let mut props = serde_json::Map::new();
    for code in configurable_codes() {
        let declared: Vec<&RuleOption> = RULE_OPTIONS.iter().filter(|o| o.rule == code).collect();
        let mut options = serde_json::Map::new();
        for o in &declared {
            options.insert(
                o.name.into(),
                json!({
                    "type": "integer",
                    "minimum": o.min,
                    "maximum": o.max,
                    "default": o.default,
                    "description": o.description,
                }),
            );
        }
        let summary = crate::rules::find(code).map_or_else(
            || {
                crate::codes::CODES
                    .iter()
                    .find(|c| c.0 == code)
                    .map_or("", |c| c.1)
            },
            |r| r.meta().summary,
        );
        props.insert(
            code.into(),
            json!({
                "description": summary,
                "oneOf": [
                    { "$ref": "#/$defs/level" },
                    {
                        "type": "array",
                        "prefixItems": [
                            { "$ref": "#/$defs/level" },
                            { "type": "object", "properties": options, "additionalProperties": false }
                        ],
                        "minItems": 2,
                        "maxItems": 2
                    }
                ]
            }),
        );
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/topolint/topolint/blob/main/schema/config.schema.json",
        "title": "topolint configuration (topolint.json)",
        "description": "Rule levels and options for topolint. Generated from the rule catalogue; see docs/configuration.md.",
        "type": "object",
        "properties": {
            "$schema": { "type": "string" },
            "rules": {
                "description": "Rule id (or document code) → \"off\" | \"info\" | \"warning\" | \"error\", or [level, { options }].",
                "type": "object",
                "properties": props,
                "propertyNames": { "enum": configurable_codes() },
                "additionalProperties": false
            }
        },
        "additionalProperties": false,
        "$defs": { "level": level }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ParsedConfig {
        parse_config(FileId(0), text)
    }

    #[test]
    fn levels_options_and_comments() {
        let c = parse(
            r#"{
  // comments are allowed
  "$schema": "./config.schema.json",
  "rules": {
    "peering-one-sided": "off",
    "syntax-error": "warning",
    "acr-pe-subnet-capacity": ["info", { "minPrefixGeoReplicated": 26 }],
  }
}"#,
        );
        assert_eq!(c.diagnostics, vec![]);
        assert_eq!(c.settings.rules["peering-one-sided"], Level::Off);
        assert_eq!(c.settings.rules["syntax-error"], Level::Warning);
        assert_eq!(c.settings.rules["acr-pe-subnet-capacity"], Level::Info);
        assert_eq!(
            c.settings
                .option("acr-pe-subnet-capacity", "minPrefixGeoReplicated"),
            Some(26)
        );
        assert_eq!(
            Settings::default().option("acr-pe-subnet-capacity", "minPrefixGeoReplicated"),
            Some(27)
        );
    }

    #[test]
    fn problems_are_diagnostics_with_ranges() {
        let text = r#"{ "rules": { "peering-one-side": "off", "dns-link-missing": "loud",
  "acr-pe-subnet-capacity": ["warning", { "minPrefixGeoReplicated": 40, "x": 1 }] }, "extends": "a" "#;
        let c = parse(text);
        let got: Vec<(String, &str, &str)> = c
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.location.range.slice(text).to_string(),
                    d.severity.as_str(),
                    d.message.as_str(),
                )
            })
            .collect();
        assert!(c.diagnostics.iter().all(|d| d.code == CONFIG_ERROR));
        let find = |s: &str| {
            got.iter()
                .find(|g| g.0 == s)
                .unwrap_or_else(|| panic!("{s}: {got:?}"))
        };
        assert!(find("\"peering-one-side\"")
            .2
            .contains("did you mean `peering-one-sided`"));
        assert_eq!(find("\"peering-one-side\"").1, "warning");
        assert!(find("\"loud\"").2.contains("\"off\", \"info\""));
        assert!(find("40").2.contains("from 2 to 29"));
        assert!(find("\"x\"").2.contains("`minPrefixGeoReplicated`"));
        assert!(find("\"extends\"").2.contains("unknown setting"));
        // The unclosed object is a syntax problem of the file.
        assert!(find("{").2.contains("never closed"));
        // What could be read still applies.
        assert_eq!(c.settings.rules["acr-pe-subnet-capacity"], Level::Warning);
        assert!(!c.settings.rules.contains_key("dns-link-missing"));
        assert!(parse("[1]").diagnostics[0].message.contains("is an object"));
        assert!(parse("").diagnostics.is_empty());
    }
}
