//! Problems that stop topolint before it can check anything: exit code 2.

use std::fmt;
use std::path::Path;

/// One line for stderr saying what went wrong and what to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl UsageError {
    /// An I/O failure on `path`, with advice that fits its kind.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        let shown = path.display();
        let advice = match err.kind() {
            std::io::ErrorKind::NotFound => "check the path and run again",
            std::io::ErrorKind::PermissionDenied => "check its permissions and run again",
            _ => "check the path and run again",
        };
        // io::Error's text adds "(os error N)", which helps no one here.
        let reason = match err.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => err.to_string(),
        };
        UsageError(format!("cannot read '{shown}': {reason}; {advice}"))
    }
}
