//! Settings from the config file (`topolint.json` or `.topolint.json`, read by the core's
//! [`topolint::config::parse_config`], so levels, rule options and `config-error` diagnostics
//! are the CLI's) and from the editor's settings.

use serde::Deserialize;
use std::collections::BTreeMap;
use topolint::Level;

/// The config file's names, looked for in this order in each folder from the checked
/// document's folder up to its workspace folder (the CLI's lookup, see `cli/src/config.rs`).
pub const CONFIG_NAMES: [&str; 2] = ["topolint.json", ".topolint.json"];

/// Whether a name is a config file's.
pub fn is_config(name: &str) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    CONFIG_NAMES.contains(&base)
}

/// The folders a config file for `name` may sit in, nearest first: its own folder, then each
/// parent up to and including `root` (when `name` is inside `root`), else only its own folder.
pub fn candidate_dirs(name: &str, root: Option<&str>) -> Vec<String> {
    let Some((dir, _)) = name.rsplit_once('/') else {
        return Vec::new();
    };
    let mut out = vec![dir.to_string()];
    let Some(root) = root.map(|r| r.trim_end_matches('/')) else {
        return out;
    };
    let inside = format!("{root}/");
    let mut d = dir;
    while d.starts_with(&inside) {
        match d.rsplit_once('/') {
            Some((parent, _)) => {
                d = parent;
                out.push(d.to_string());
            }
            None => break,
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_files_are_looked_for_from_the_folder_up_to_the_root() {
        assert_eq!(
            candidate_dirs("/ws/a/b/main.bicep", Some("/ws/")),
            ["/ws/a/b", "/ws/a", "/ws"]
        );
        assert_eq!(candidate_dirs("/ws/main.bicep", Some("/ws")), ["/ws"]);
        assert_eq!(candidate_dirs("/other/x.bicep", Some("/ws")), ["/other"]);
        assert_eq!(candidate_dirs("/wsx/x.bicep", Some("/ws")), ["/wsx"]);
        assert_eq!(candidate_dirs("untitled", None), Vec::<String>::new());
        assert!(is_config("/ws/.topolint.json") && is_config("/ws/topolint.json"));
        assert!(!is_config("/ws/my-topolint.json"));
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
