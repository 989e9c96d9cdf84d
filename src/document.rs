//! The set of documents checked together (a main file and the files it refers to).

use crate::syntax::{bicep::BicepFile, jsonc::JsonDoc};
use crate::text::{LineIndex, TextRange};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Index of a document in a [`DocumentSet`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// A place in one document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: FileId,
    pub range: TextRange,
}

impl Location {
    pub fn new(file: FileId, range: TextRange) -> Self {
        Location { file, range }
    }
}

/// Which front end reads a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// topolint's own topology JSON (`*.topology.json`, or JSON with a `vnets`/`registries`
    /// top level and no ARM `$schema`).
    Topology,
    /// An ARM JSON template (`$schema` naming deploymentTemplate).
    Arm,
    /// An ARM parameters file (`$schema` naming deploymentParameters).
    ArmParameters,
    Bicep,
    /// A file we do not read (reported once, never guessed at).
    Unknown,
}

impl DocumentKind {
    /// Choose by file name, then by content: `.bicep`; JSON whose `$schema` names an ARM
    /// deployment template or parameters file; other JSON is topology JSON.
    pub fn detect(name: &str, text: &str) -> DocumentKind {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".bicep") {
            return DocumentKind::Bicep;
        }
        if lower.ends_with(".bicepparam") {
            return DocumentKind::Unknown;
        }
        if lower.ends_with(".json") || lower.ends_with(".jsonc") {
            // Only the head of the file is looked at: `$schema` comes first in real templates.
            let head: String = text
                .chars()
                .take(4096)
                .collect::<String>()
                .to_ascii_lowercase();
            if head.contains("deploymentparameters.json") {
                return DocumentKind::ArmParameters;
            }
            if head.contains("deploymenttemplate.json") {
                return DocumentKind::Arm;
            }
            return DocumentKind::Topology;
        }
        DocumentKind::Unknown
    }

    pub fn is_json(self) -> bool {
        matches!(
            self,
            DocumentKind::Topology | DocumentKind::Arm | DocumentKind::ArmParameters
        )
    }
}

/// One named document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The caller's name for it (a path, a URI or a tab name); relative module paths resolve
    /// against it.
    pub name: String,
    pub text: String,
    pub kind: DocumentKind,
    pub line_index: LineIndex,
    /// Syntax trees of `text`, parsed on first use (quick fixes look things up in them).
    trees: Trees,
}

#[derive(Clone, Debug, Default)]
struct Trees {
    bicep: OnceLock<BicepFile>,
    json: OnceLock<JsonDoc>,
    newline: OnceLock<&'static str>,
    bicep_symbols: OnceLock<HashSet<String>>,
}

impl Document {
    /// `text` parsed as Bicep, once.
    pub fn bicep_tree(&self) -> &BicepFile {
        self.trees
            .bicep
            .get_or_init(|| crate::syntax::bicep::parse(&self.text))
    }

    /// The names the Bicep text declares (top-level declarations and every resource symbol,
    /// nested ones included), collected once.
    pub fn bicep_symbols(&self) -> &HashSet<String> {
        self.trees.bicep_symbols.get_or_init(|| {
            let file = self.bicep_tree();
            let top = file.statements.iter().flat_map(|s| s.declared_names());
            let nested = file
                .resources()
                .into_iter()
                .filter_map(|(_, r)| r.name.as_ref());
            top.chain(nested).map(|i| i.name.clone()).collect()
        })
    }

    /// The line break edits use (`\r\n` when the text has one), found once.
    pub fn newline(&self) -> &'static str {
        self.trees
            .newline
            .get_or_init(|| crate::fix::newline(&self.text))
    }

    /// `text` parsed as JSON with comments, once.
    pub fn json_tree(&self) -> &JsonDoc {
        self.trees
            .json
            .get_or_init(|| crate::syntax::jsonc::parse(&self.text))
    }
}

/// Documents checked as one deployment.
#[derive(Clone, Debug, Default)]
pub struct DocumentSet {
    docs: Vec<Document>,
}

impl DocumentSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a document; its kind is detected from its name and text.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let name = name.into();
        let text = text.into();
        let kind = DocumentKind::detect(&name, &text);
        self.add_with_kind(name, text, kind)
    }

    pub fn add_with_kind(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
        kind: DocumentKind,
    ) -> FileId {
        let text: String = text.into();
        let id = FileId(self.docs.len() as u32);
        let line_index = LineIndex::new(&text);
        self.docs.push(Document {
            name: name.into(),
            text,
            kind,
            line_index,
            trees: Trees::default(),
        });
        id
    }

    pub fn get(&self, id: FileId) -> &Document {
        &self.docs[id.0 as usize]
    }

    pub fn ids(&self) -> impl Iterator<Item = FileId> + '_ {
        (0..self.docs.len() as u32).map(FileId)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Document)> {
        self.docs
            .iter()
            .enumerate()
            .map(|(i, d)| (FileId(i as u32), d))
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Find a document by its exact name.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.docs
            .iter()
            .position(|d| d.name == name)
            .map(|i| FileId(i as u32))
    }
}
