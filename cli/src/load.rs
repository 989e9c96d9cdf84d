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
    /// Each document's file as the file system knows it (indexed by [`FileId`]), so that one
    /// file reached under two names (`a/../net.bicep`, `net.bicep`) or by two deployments is
    /// recognised as one.
    pub files: Vec<PathBuf>,
}

/// More module files than this in one deployment is not a real template; stop reading.
const MAX_MODULE_FILES: usize = 1000;

impl Deployment {
    pub fn load(entry: &Path) -> Result<Deployment, UsageError> {
        let mut set = DocumentSet::new();
        set.add(display_name(entry), read_text(entry)?);
        follow_modules(&mut set);
        Ok(Deployment::new(entry.to_path_buf(), set))
    }

    pub fn new(entry: PathBuf, set: DocumentSet) -> Deployment {
        let files = set
            .iter()
            .map(|(_, doc)| identity(Path::new(&doc.name)))
            .collect();
        Deployment { entry, set, files }
    }

    /// The file a document of the set was read from.
    pub fn file(&self, id: FileId) -> &Path {
        self.files
            .get(id.0 as usize)
            .map_or(Path::new(""), PathBuf::as_path)
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
            self.files.push(identity(Path::new(&f.name)));
        }
    }
}

/// The key that makes one file reached under two names count once.
pub fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Which deployments to check on their own, given which entries were named on the command line
/// (`explicit`, one flag per deployment).
///
/// A file the walk found that another deployment of the run reads as a local module is checked
/// through that deployment only: alone, its parameters are unknown, so its check would be less
/// precise and repeat the parents' findings. A file named explicitly is checked on its own too.
/// Files that only use each other (a module cycle) would have no parent left; the first of them
/// is then checked on its own, so no file found is silently left out.
pub fn checked_alone(deployments: &[&Deployment], explicit: &[bool]) -> Vec<bool> {
    let used: HashSet<&Path> = deployments
        .iter()
        .flat_map(|d| d.files.iter().skip(1).map(PathBuf::as_path))
        .collect();
    let mut alone: Vec<bool> = deployments
        .iter()
        .zip(explicit)
        .map(|(d, &explicit)| explicit || !used.contains(d.file(FileId(0))))
        .collect();
    let mut covered: HashSet<&Path> = HashSet::new();
    for (d, _) in deployments.iter().zip(&alone).filter(|(_, &a)| a) {
        covered.extend(d.files.iter().map(PathBuf::as_path));
    }
    for (d, alone) in deployments.iter().zip(alone.iter_mut()) {
        if !*alone && !covered.contains(d.file(FileId(0))) {
            *alone = true;
            covered.extend(d.files.iter().map(PathBuf::as_path));
        }
    }
    alone
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
