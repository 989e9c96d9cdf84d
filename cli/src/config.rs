//! Finding and reading `topolint.json`: for each checked file, the nearest one from its folder
//! upward. The search stops at the filesystem root, or after the folder that holds `.git` (the
//! repository root), so a configuration outside the repository never applies by accident.

use crate::error::UsageError;
use crate::load::{display_name, read_text};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use topolint::config::{parse_config, ParsedConfig};
use topolint::{CheckResult, DocumentKind, DocumentSet, FileId, Settings};

/// The names looked for in each folder, in this order.
pub const NAMES: [&str; 2] = ["topolint.json", ".topolint.json"];

/// The configuration file that applies to `file`, if any.
pub fn find(file: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let mut dir = abs.parent();
    while let Some(d) = dir {
        for name in NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

/// A configuration file as read: its name for reports, its text and what it says.
pub struct Config {
    pub name: String,
    pub text: String,
    pub parsed: ParsedConfig,
}

impl Config {
    /// The configuration file as a checked document, when it has problems to report.
    pub fn report(&self) -> Option<(DocumentSet, CheckResult)> {
        if self.parsed.diagnostics.is_empty() {
            return None;
        }
        let mut set = DocumentSet::new();
        set.add_with_kind(self.name.clone(), self.text.clone(), DocumentKind::Unknown);
        Some((
            set,
            CheckResult {
                diagnostics: self.parsed.diagnostics.clone(),
                model: Default::default(),
                paths: Vec::new(),
            },
        ))
    }
}

/// Configurations read so far, each once.
#[derive(Default)]
pub struct Configs {
    by_path: HashMap<PathBuf, usize>,
    pub read: Vec<Config>,
}

impl Configs {
    /// The settings for `file`: its configuration's, or the defaults when it has none.
    pub fn settings_for(&mut self, file: &Path) -> Result<Settings, UsageError> {
        let Some(path) = find(file) else {
            return Ok(Settings::default());
        };
        if let Some(&i) = self.by_path.get(&path) {
            return Ok(self.read[i].parsed.settings.clone());
        }
        let text = read_text(&path)?;
        let parsed = parse_config(FileId(0), &text);
        let settings = parsed.settings.clone();
        self.by_path.insert(path.clone(), self.read.len());
        self.read.push(Config {
            name: display_name(&shown(&path)),
            text,
            parsed,
        });
        Ok(settings)
    }
}

/// `path` relative to the working directory when it is below it, as the user would write it.
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}
