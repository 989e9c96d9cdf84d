//! Reading files into the document sets the core checks.

use crate::error::UsageError;
use std::path::{Path, PathBuf};
use topolint::DocumentSet;

/// One deployment: an entry file and the documents checked with it.
///
/// Today the set holds the entry file alone. When the core reports the files a document
/// references (Bicep modules, ARM linked templates, parameter files), [`Deployment::load`] is
/// where they join the set, read through the same [`read_text`].
pub struct Deployment {
    pub entry: PathBuf,
    pub set: DocumentSet,
}

impl Deployment {
    pub fn load(entry: &Path) -> Result<Deployment, UsageError> {
        let mut set = DocumentSet::new();
        set.add(display_name(entry), read_text(entry)?);
        Ok(Deployment {
            entry: entry.to_path_buf(),
            set,
        })
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
