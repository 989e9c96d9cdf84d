//! Which files a list of paths names: explicit files as they are, directories walked.

use crate::error::UsageError;
use crate::load::identity;
use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use topolint::DocumentKind;

/// Directories never searched: version control, dependencies, build output. Hidden directories
/// (a name starting with `.`) are skipped too.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target"];

/// Bytes read to decide whether a `*.json` found in a directory is an ARM document; ARM puts
/// `$schema` first, and the core's detection reads as much.
const HEAD_BYTES: u64 = 4096;

/// What the paths on the command line name.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Files to check, in command-line order, each directory's files sorted; no duplicates.
    pub files: Vec<PathBuf>,
    /// The files named on the command line (as [`identity`] gives them), as opposed to found by
    /// a walk: those are checked on their own even when another file uses them as a module.
    pub explicit: HashSet<PathBuf>,
    /// Explicit files topolint does not read, skipped with a note.
    pub skipped: Vec<PathBuf>,
    pub errors: Vec<UsageError>,
}

pub fn discover(paths: &[PathBuf]) -> Discovered {
    let mut out = Discovered::default();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(err) => {
                out.errors.push(UsageError::io(path, &err));
                continue;
            }
        };
        if meta.is_dir() {
            let before = out.files.len();
            if let Err(err) = walk(path, &mut out.files, &mut seen) {
                out.errors.push(err);
            } else if out.files.len() == before && !already_covered(path, &seen) {
                out.errors.push(UsageError(format!(
                    "nothing to check in '{}': it holds no *.bicep, *.topology.json or ARM template \
                     (*.json, *.jsonc); pass files or another directory",
                    path.display()
                )));
            }
        } else if DocumentKind::detect(&path.to_string_lossy(), "") == DocumentKind::Unknown {
            out.skipped.push(path.clone());
        } else {
            let id = identity(path);
            out.explicit.insert(id.clone());
            if seen.insert(id) {
                out.files.push(path.clone());
            }
        }
    }
    out
}

/// A directory whose files were all named already (`topolint check a.bicep .`) is not empty.
fn already_covered(dir: &Path, seen: &HashSet<PathBuf>) -> bool {
    let dir = identity(dir);
    seen.iter().any(|p| p.starts_with(&dir))
}

/// Walk `dir` depth first in name order. Symbolic links to directories are not followed, so a
/// link cycle cannot trap the walk.
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    seen: &mut HashSet<PathBuf>,
) -> Result<(), UsageError> {
    let entries = fs::read_dir(dir).map_err(|e| UsageError::io(dir, &e))?;
    let mut entries: Vec<_> = entries
        .collect::<Result<_, _>>()
        .map_err(|e| UsageError::io(dir, &e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let file_type = entry.file_type().map_err(|e| UsageError::io(&path, &e))?;
        if file_type.is_dir() {
            if !name.starts_with('.') && !SKIPPED_DIRS.contains(&name.as_ref()) {
                walk(&path, files, seen)?;
            }
            continue;
        }
        // A link to a file counts as the file; a broken link or a link to a directory does not.
        let is_file = file_type.is_file()
            || (file_type.is_symlink() && fs::metadata(&path).is_ok_and(|m| m.is_file()));
        if is_file && wanted(&path, &name)? && seen.insert(identity(&path)) {
            files.push(path);
        }
    }
    Ok(())
}

/// Whether a file found in a directory is one topolint checks. Explicit files are read whatever
/// their name; here a random `package.json` must not be linted, so plain JSON counts only when
/// its head names an ARM schema.
fn wanted(path: &Path, name: &str) -> Result<bool, UsageError> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".bicep") || lower.ends_with(".topology.json") {
        return Ok(true);
    }
    if !(lower.ends_with(".json") || lower.ends_with(".jsonc")) {
        return Ok(false);
    }
    let mut head = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head))
        .map_err(|e| UsageError::io(path, &e))?;
    let kind = DocumentKind::detect(name, &String::from_utf8_lossy(&head));
    Ok(matches!(
        kind,
        DocumentKind::Arm | DocumentKind::ArmParameters
    ))
}
