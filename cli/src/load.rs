//! Reading files into the document sets the core checks.

use crate::error::UsageError;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use topolint::{DocumentKind, DocumentSet, FileId};

/// One deployment: an entry file and the documents checked with it.
///
/// The set holds the entry file and, for a `.bicep` entry, the local Bicep modules it uses,
/// recursively (the core names them: [`topolint::bicep::local_modules`]), each read once through
/// the same [`read_text`]. Names stay relative as the entry's name is, so the core resolves
/// module paths against them.
pub struct Deployment {
    pub entry: PathBuf,
    pub set: DocumentSet,
}

/// More module files than this in one deployment is not a real template; stop reading.
const MAX_MODULE_FILES: usize = 1000;

impl Deployment {
    pub fn load(entry: &Path) -> Result<Deployment, UsageError> {
        let mut set = DocumentSet::new();
        set.add(display_name(entry), read_text(entry)?);
        follow_modules(&mut set);
        Ok(Deployment {
            entry: entry.to_path_buf(),
            set,
        })
    }

    /// Whether the entry file is an ARM template (the deployments `--parameters` applies to).
    pub fn is_arm(&self) -> bool {
        !self.set.is_empty() && self.set.get(FileId(0)).kind == DocumentKind::Arm
    }

    /// Add ARM parameters files to the set; the core pairs them with its one template, later
    /// files winning for a parameter given twice.
    pub fn add_parameters(&mut self, files: &[ParametersFile]) {
        for f in files {
            self.set.add(f.name.clone(), f.text.clone());
        }
    }
}

/// A file given with `--parameters`, read once for every template it applies to.
pub struct ParametersFile {
    pub name: String,
    pub text: String,
}

impl ParametersFile {
    /// Read `path` and make sure it is an ARM parameters file.
    pub fn load(path: &Path) -> Result<ParametersFile, UsageError> {
        let name = display_name(path);
        let text = read_text(path)?;
        if DocumentKind::detect(&name, &text) != DocumentKind::ArmParameters {
            return Err(UsageError(format!(
                "'{name}' is not an ARM parameters file: `--parameters` takes a .json file \
                 whose `$schema` names deploymentParameters.json"
            )));
        }
        Ok(ParametersFile { name, text })
    }
}

/// Add the local modules of every Bicep document of the set, breadth first. A module file that
/// cannot be read is left out: the core then reports the deployment as incomplete and treats
/// that module's outputs as unknown, which is the honest answer, not a usage error.
fn follow_modules(set: &mut DocumentSet) {
    let mut tried: HashSet<String> = set.iter().map(|(_, d)| d.name.clone()).collect();
    let mut next = 0;
    while next < set.len() && set.len() < MAX_MODULE_FILES {
        let doc = set.get(FileId(next as u32));
        next += 1;
        if doc.kind != DocumentKind::Bicep {
            continue;
        }
        for name in topolint::bicep::local_modules(&doc.name, &doc.text) {
            if !tried.insert(name.clone()) {
                continue;
            }
            if let Ok(text) = read_text(Path::new(&name)) {
                set.add(name, text);
            }
        }
    }
}

/// The name a document carries: the path as the user wrote it (or as the walk built it).
pub fn display_name(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Read a file as UTF-8. The text is kept exactly as it is on disk (byte order mark included),
/// so every byte offset the core reports is an offset into the file.
pub fn read_text(path: &Path) -> Result<String, UsageError> {
    let bytes = std::fs::read(path).map_err(|e| UsageError::io(path, &e))?;
    String::from_utf8(bytes).map_err(|err| {
        let bytes = err.as_bytes();
        let offset = err.utf8_error().valid_up_to();
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        let hint = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            " (it looks like UTF-16)"
        } else {
            ""
        };
        UsageError(format!(
            "'{}' is not valid UTF-8{hint}: invalid byte at offset {offset} (line {line}); \
             save it as UTF-8 and run again",
            path.display()
        ))
    })
}
