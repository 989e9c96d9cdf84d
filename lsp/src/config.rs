//! Rule levels from the config file `topolint.json` and from the editor's settings.
//!
//! The config file's reader is kept behind [`parse_config_file`] so that the shared parser
//! (the `explain` work) can replace it without touching the server.

use serde::Deserialize;
use std::collections::BTreeMap;
use topolint::syntax::jsonc;
use topolint::Level;

/// The config file's name, looked up at the root of each workspace folder.
pub const CONFIG_FILE: &str = "topolint.json";

/// Read `{ "rules": { "<rule-id>": "off" | "info" | "warning" | "error" } }` (JSON with
/// comments). Problems are returned as messages beside the levels that could be read.
pub fn parse_config_file(text: &str) -> (BTreeMap<String, Level>, Vec<String>) {
    let doc = jsonc::parse(text);
    let mut problems: Vec<String> = doc
        .errors
        .iter()
        .map(|e| format!("{CONFIG_FILE}: {}", e.message))
        .collect();
    let mut rules = BTreeMap::new();
    let Some(root) = &doc.root else {
        return (rules, problems);
    };
    let Some(members) = root.get("rules").and_then(|r| r.as_object()) else {
        if root.get("rules").is_some() {
            problems.push(format!("{CONFIG_FILE}: `rules` must be an object"));
        }
        return (rules, problems);
    };
    for m in members {
        match m.value.as_str().and_then(level) {
            Some(l) => {
                rules.insert(m.key.name.clone(), l);
            }
            None => problems.push(format!(
                "{CONFIG_FILE}: rule `{}` needs a level: \"off\", \"info\", \"warning\" or \"error\"",
                m.key.name
            )),
        }
    }
    (rules, problems)
}

fn level(s: &str) -> Option<Level> {
    serde_json::from_value(serde_json::Value::String(s.to_ascii_lowercase())).ok()
}

/// The editor's settings (`topolint.*` in VS Code; `initializationOptions` or
/// `workspace/didChangeConfiguration` elsewhere).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EditorSettings {
    /// `false` clears every diagnostic and stops checking.
    pub enable: bool,
    /// Rule id → level; these win over the config file's.
    pub rules: BTreeMap<String, String>,
}

impl Default for EditorSettings {
    fn default() -> Self {
        EditorSettings {
            enable: true,
            rules: BTreeMap::new(),
        }
    }
}

impl EditorSettings {
    /// Accept `{ "topolint": { ... } }` (what VS Code sends) or the section itself; anything
    /// unreadable is reported and leaves the defaults.
    pub fn from_json(value: &serde_json::Value) -> Result<EditorSettings, String> {
        let section = value.get("topolint").unwrap_or(value);
        if section.is_null() {
            return Ok(EditorSettings::default());
        }
        serde_json::from_value(section.clone()).map_err(|e| format!("topolint settings: {e}"))
    }

    /// Levels that are valid, and messages for those that are not.
    pub fn levels(&self) -> (BTreeMap<String, Level>, Vec<String>) {
        let mut out = BTreeMap::new();
        let mut problems = Vec::new();
        for (id, l) in &self.rules {
            match level(l) {
                Some(l) => {
                    out.insert(id.clone(), l);
                }
                None => problems.push(format!(
                    "topolint.rules: `{id}` has level `{l}`; use off, info, warning or error"
                )),
            }
        }
        (out, problems)
    }
}

/// Rule ids no rule or code answers to (typos would otherwise be ignored silently).
pub fn unknown_ids<'a>(levels: impl Iterator<Item = &'a String>) -> Vec<String> {
    levels
        .filter(|id| {
            topolint::rules::find(id).is_none()
                && !topolint::codes::CODES.iter().any(|(c, _, _)| c == id)
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_levels_and_reports_bad_ones() {
        let (rules, problems) = parse_config_file(
            "// project rules\n{ \"rules\": { \"a\": \"off\", \"b\": \"Warning\", \"c\": 3, }, }",
        );
        assert_eq!(rules.get("a"), Some(&Level::Off));
        assert_eq!(rules.get("b"), Some(&Level::Warning));
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (_, problems) = parse_config_file("{ \"rules\": [");
        assert!(!problems.is_empty());
    }

    #[test]
    fn settings_accept_the_section_or_its_parent() {
        let v = serde_json::json!({ "topolint": { "enable": false } });
        assert!(!EditorSettings::from_json(&v).unwrap().enable);
        let v = serde_json::json!({ "rules": { "x": "error" } });
        assert_eq!(EditorSettings::from_json(&v).unwrap().rules.len(), 1);
        assert!(EditorSettings::from_json(&serde_json::json!({ "enable": 3 })).is_err());
    }
}
