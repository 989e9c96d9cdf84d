//! The JavaScript-facing API, as plain serde types: what the npm package's `check`, `rules`,
//! `pullPaths`, `topologySchema` and `version` take and return.
//!
//! Target-independent on purpose: `src/wasm.rs` only moves these values across the boundary
//! (with `serde-wasm-bindgen`), so everything here is unit-tested natively. Positions are
//! converted here, once: every place carries byte offsets into the UTF-8 text (what Rust
//! slices) and a 0-based line / UTF-16 character range (what JavaScript strings, LSP and
//! Monaco use).
//!
//! On wasm32 each type also derives `Tsify`, which writes its TypeScript declaration into the
//! generated `.d.ts`; field names there are the serde names (camelCase). Absent values cross
//! as `null` (`missing_as_null`, matching the JSON-compatible serializer in `wasm.rs`).

use crate::analysis::{self, StepKind, Verdict};
use crate::config::{Level, Settings};
use crate::diagnostic::{self, Severity};
use crate::document::{DocumentKind, DocumentSet, FileId, Location};
use crate::model::{Model, WorkloadKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

/// The JSON Schema of topology JSON documents (`schema/topology.schema.json`).
pub const TOPOLOGY_SCHEMA: &str = crate::topology::SCHEMA;

/// A caller's mistake (bad input shape, duplicate names, unknown rule ids). The bindings
/// turn it into a thrown JavaScript `Error` with this message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError(pub String);

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ApiError {}

// ---------------------------------------------------------------------------------------------
// Input

/// One named document. The name decides how it is read (`.bicep`, ARM or topology `.json`)
/// and is how diagnostics refer to it. Other properties are ignored (an editor's document
/// object can be passed as it is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct FileInput {
    pub name: String,
    pub text: String,
}

/// Options of `check`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckOptions {
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub settings: Option<RuleSettings>,
    /// A configuration file (`topolint.json`) as the caller found it: its levels and rule
    /// options apply (`settings.rules` wins over its levels), and its problems are
    /// `config-error` diagnostics on it, after the documents' diagnostics.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub config: Option<FileInput>,
    /// Also return the documents' topology (what `topology()` returns) from the same analysis:
    /// an editor that shows both then analyses the documents once per change.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub topology: bool,
}

/// What the config file's settings hold: a level per rule id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleSettings {
    /// Rule id → level; rules not named keep their default severity.
    #[serde(default)]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "Record<string, RuleLevel>")
    )]
    pub rules: BTreeMap<String, RuleLevel>,
}

/// A rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Info,
    Warning,
    Error,
}

impl From<RuleLevel> for Level {
    fn from(l: RuleLevel) -> Level {
        match l {
            RuleLevel::Off => Level::Off,
            RuleLevel::Info => Level::Info,
            RuleLevel::Warning => Level::Warning,
            RuleLevel::Error => Level::Error,
        }
    }
}

impl RuleSettings {
    /// The core's settings; an unknown rule id is an error (a typo would otherwise be silently
    /// ignored).
    fn to_settings(&self) -> Result<Settings, ApiError> {
        let mut settings = Settings::default();
        for (id, level) in &self.rules {
            if !is_known_code(id) {
                let known: Vec<&str> = crate::rules::ALL.iter().map(|r| r.meta().id).collect();
                return Err(ApiError(format!(
                    "settings.rules: unknown rule `{id}` (known rules: {})",
                    if known.is_empty() {
                        "none yet".to_string()
                    } else {
                        known.join(", ")
                    }
                )));
            }
            settings.rules.insert(id.clone(), (*level).into());
        }
        Ok(settings)
    }
}

fn is_known_code(id: &str) -> bool {
    crate::rules::find(id).is_some()
}

// ---------------------------------------------------------------------------------------------
// Output

/// A 0-based line and a character offset in UTF-16 code units (an LSP `Position`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// A place in one document, in both encodings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Span {
    /// The document's name, as given to `check`.
    pub file: String,
    /// Byte offset of the start in the UTF-8 encoding of the text (inclusive).
    pub start: u32,
    /// Byte offset of the end in the UTF-8 encoding of the text (exclusive).
    pub end: u32,
    /// The same range as 0-based line / UTF-16 character positions (an LSP `Range`).
    pub range: PositionRange,
}

/// A start and end position (an LSP `Range`; the end is exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct PositionRange {
    pub start: Position,
    pub end: Position,
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    Error,
    Warning,
    Info,
}

impl From<Severity> for SeverityName {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Error => SeverityName::Error,
            Severity::Warning => SeverityName::Warning,
            Severity::Info => SeverityName::Info,
        }
    }
}

/// A secondary place that explains a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct RelatedInfo {
    pub span: Span,
    pub message: String,
}

/// One replacement: replace `span` (in `span.file`) by `newText`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// A quick fix: non-overlapping edits to apply together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct FixInfo {
    pub title: String,
    pub edits: Vec<Edit>,
}

/// A finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticInfo {
    /// The rule id (`dns-zone-not-linked`, ...) or `syntax-error`.
    pub code: String,
    pub severity: SeverityName,
    pub message: String,
    pub span: Span,
    pub related: Vec<RelatedInfo>,
    pub help: Option<String>,
    /// The documentation page of the code.
    pub url: String,
    pub fix: Option<FixInfo>,
}

/// What `check` returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CheckOutput {
    /// Sorted by file (in input order), then position.
    pub diagnostics: Vec<DiagnosticInfo>,
    pub error_count: u32,
    pub warning_count: u32,
    pub info_count: u32,
    /// The topology, when `options.topology` asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub topology: Option<TopologyInfo>,
}

/// A rule's registration, as `rules()` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    pub id: String,
    pub default_severity: SeverityName,
    pub summary: String,
    /// The rule's documentation (markdown).
    pub docs: String,
    pub has_fix: bool,
    pub url: String,
}

/// A step's or a path's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "lowercase")]
pub enum VerdictName {
    Ok,
    Broken,
    Unknown,
    Skipped,
}

impl From<Verdict> for VerdictName {
    fn from(v: Verdict) -> Self {
        match v {
            Verdict::Ok => VerdictName::Ok,
            Verdict::Broken => VerdictName::Broken,
            Verdict::Unknown => VerdictName::Unknown,
            Verdict::Skipped => VerdictName::Skipped,
        }
    }
}

/// The steps of a pull path, in order (DOMAIN.md §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "kebab-case")]
pub enum StepName {
    Who,
    Auth,
    Access,
    Endpoint,
    Dns,
    Room,
    Service,
}

impl From<StepKind> for StepName {
    fn from(k: StepKind) -> Self {
        match k {
            StepKind::Who => StepName::Who,
            StepKind::Auth => StepName::Auth,
            StepKind::Access => StepName::Access,
            StepKind::Endpoint => StepName::Endpoint,
            StepKind::Dns => StepName::Dns,
            StepKind::Room => StepName::Room,
            StepKind::Service => StepName::Service,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "lowercase")]
pub enum WorkloadKindName {
    Aks,
    Aci,
    WebApp,
}

impl From<WorkloadKind> for WorkloadKindName {
    fn from(k: WorkloadKind) -> Self {
        match k {
            WorkloadKind::Aks => WorkloadKindName::Aks,
            WorkloadKind::Aci => WorkloadKindName::Aci,
            WorkloadKind::WebApp => WorkloadKindName::WebApp,
        }
    }
}

/// One step of a pull path and why it has its verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct PullStep {
    pub kind: StepName,
    /// The step's title (`DNS`, `private endpoint`, ...).
    pub title: String,
    pub verdict: VerdictName,
    pub reason: String,
    /// The rule that reports this step when it is broken.
    pub rule: Option<String>,
    pub locations: Vec<RelatedInfo>,
}

/// The workload of a pull path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct WorkloadRef {
    /// `null` when the name is not known before deployment.
    pub name: Option<String>,
    pub kind: WorkloadKindName,
    pub span: Span,
}

/// The registry of a pull path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct RegistryRef {
    /// `null` when the name is not known before deployment.
    pub name: Option<String>,
    pub span: Span,
}

/// One workload pulling from one registry: can it resolve, reach and authenticate?
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct PullPathInfo {
    pub workload: WorkloadRef,
    pub registry: RegistryRef,
    /// Where the pull is stated.
    pub span: Span,
    /// `broken` if any step is broken, else `unknown` if any is unknown, else `ok`.
    pub verdict: VerdictName,
    pub steps: Vec<PullStep>,
}

/// A subnet of a VNet, for a picture of the network (`topology`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SubnetNode {
    /// Index in `TopologyInfo.subnets`.
    pub id: u32,
    /// The name, or the symbol naming it when the name is not known.
    pub name: String,
    pub prefixes: Vec<String>,
    pub span: Span,
}

/// A VNet and its subnets (ids into `TopologyInfo.subnets`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct VnetNode {
    pub name: String,
    pub address_prefixes: Vec<String>,
    pub subnets: Vec<u32>,
    pub span: Span,
}

/// One direction of a peering: `local` peers with `remote` (VNet indices; `remote` is `null`
/// when it is outside the documents).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct PeeringEdge {
    pub local: u32,
    pub remote: Option<u32>,
    pub span: Span,
}

/// A registry of the documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct RegistryNode {
    pub name: String,
    pub sku: Option<String>,
    pub span: Span,
}

/// A private endpoint: the subnet it sits in and the registries it connects to (indices;
/// `null`/absent when outside the documents).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct EndpointNode {
    pub name: String,
    pub subnet: Option<u32>,
    pub registries: Vec<u32>,
    pub zones: Vec<u32>,
    pub span: Span,
}

/// A private DNS zone and the VNets it is linked to (indices; `null` when outside).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct ZoneNode {
    pub name: String,
    pub links: Vec<ZoneLinkEdge>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(missing_as_null))]
pub struct ZoneLinkEdge {
    pub vnet: Option<u32>,
    pub span: Span,
}

/// A workload and the subnets it runs in (indices into `TopologyInfo.subnets`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct WorkloadNode {
    pub name: String,
    pub kind: WorkloadKindName,
    pub subnets: Vec<u32>,
    pub span: Span,
}

/// A pull path with the indices of its workload and registry in `TopologyInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct TopologyPath {
    pub workload: u32,
    pub registry: u32,
    pub path: PullPathInfo,
}

/// What the documents declare, as a graph to draw (the playground's topology view): every
/// list is indexed by position, and edges refer to those indices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TopologyInfo {
    pub vnets: Vec<VnetNode>,
    pub subnets: Vec<SubnetNode>,
    pub peerings: Vec<PeeringEdge>,
    pub registries: Vec<RegistryNode>,
    pub endpoints: Vec<EndpointNode>,
    pub zones: Vec<ZoneNode>,
    pub workloads: Vec<WorkloadNode>,
    pub pull_paths: Vec<TopologyPath>,
}

// ---------------------------------------------------------------------------------------------
// Functions

/// The version of topolint (the crate's and the npm package's).
pub fn version() -> &'static str {
    crate::VERSION
}

/// The JSON Schema of topology JSON, as text.
pub fn topology_schema() -> &'static str {
    TOPOLOGY_SCHEMA
}

/// Every rule, in catalogue order.
pub fn rules() -> Vec<RuleInfo> {
    crate::rules::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            RuleInfo {
                id: m.id.to_string(),
                default_severity: m.default_severity.into(),
                summary: m.summary.to_string(),
                docs: m.docs.to_string(),
                has_fix: m.has_fix,
                url: diagnostic::docs_url(m.id),
            }
        })
        .collect()
}

/// Check a set of documents as one deployment.
pub fn check(files: Vec<FileInput>, options: CheckOptions) -> Result<CheckOutput, ApiError> {
    let mut settings = Settings::default();
    let mut config_diagnostics = Vec::new();
    if let Some(config) = options.config {
        let parsed = crate::config::parse_config(FileId(0), &config.text);
        settings = parsed.settings;
        let mut config_docs = DocumentSet::new();
        config_docs.add_with_kind(config.name, config.text, DocumentKind::Unknown);
        config_diagnostics.extend(
            parsed
                .diagnostics
                .iter()
                .map(|d| diagnostic_info(&config_docs, d)),
        );
    }
    if let Some(s) = &options.settings {
        settings.rules.extend(s.to_settings()?.rules);
    }
    let docs = document_set(files)?;
    let result = crate::check(&docs, &settings);
    let mut diagnostics: Vec<DiagnosticInfo> = result
        .diagnostics
        .iter()
        .map(|d| diagnostic_info(&docs, d))
        .collect();
    diagnostics.extend(config_diagnostics);
    let count = |s: SeverityName| diagnostics.iter().filter(|d| d.severity == s).count() as u32;
    Ok(CheckOutput {
        topology: options.topology.then(|| topology_info(&docs, &result)),
        error_count: count(SeverityName::Error),
        warning_count: count(SeverityName::Warning),
        info_count: count(SeverityName::Info),
        diagnostics,
    })
}

/// The pull paths of a set of documents: every workload and registry it pulls from, step by
/// step.
pub fn pull_paths(files: Vec<FileInput>) -> Result<Vec<PullPathInfo>, ApiError> {
    let docs = document_set(files)?;
    let result = crate::check(&docs, &Settings::default());
    Ok(result
        .paths
        .iter()
        .map(|p| pull_path_info(&docs, &result.model, p))
        .collect())
}

/// The network the documents declare, with its pull paths, as a graph to draw.
pub fn topology(files: Vec<FileInput>) -> Result<TopologyInfo, ApiError> {
    let docs = document_set(files)?;
    let result = crate::check(&docs, &Settings::default());
    Ok(topology_info(&docs, &result))
}

/// The graph of a check's model and paths (levels do not change either).
fn topology_info(docs: &DocumentSet, result: &crate::CheckResult) -> TopologyInfo {
    let m = &result.model;
    let ips = |l: &Option<crate::model::ListField<ipnet::IpNet>>| -> Vec<String> {
        l.as_ref()
            .map(|l| l.known_items().map(|(v, _)| v.to_string()).collect())
            .unwrap_or_default()
    };
    TopologyInfo {
        vnets: m
            .vnets
            .iter()
            .map(|v| VnetNode {
                name: v.name.label(),
                address_prefixes: ips(&v.address_prefixes),
                subnets: v.subnets.iter().map(|s| s.0).collect(),
                span: span(docs, v.meta.loc),
            })
            .collect(),
        subnets: m
            .subnets
            .iter()
            .enumerate()
            .map(|(i, s)| SubnetNode {
                id: i as u32,
                name: s.name.label(),
                prefixes: ips(&s.prefixes),
                span: span(docs, s.meta.loc),
            })
            .collect(),
        peerings: m
            .peerings
            .iter()
            .map(|p| PeeringEdge {
                local: p.local.0,
                remote: p.remote.id().map(|v| v.0),
                span: span(docs, p.meta.loc),
            })
            .collect(),
        registries: m
            .registries
            .iter()
            .map(|r| RegistryNode {
                name: r.name.label(),
                sku: r.sku.as_ref().and_then(|s| s.get().cloned()),
                span: span(docs, r.meta.loc),
            })
            .collect(),
        endpoints: m
            .endpoints
            .iter()
            .map(|e| EndpointNode {
                name: e.name.label(),
                subnet: e.subnet.as_ref().and_then(|s| s.id()).map(|s| s.0),
                registries: e
                    .connections
                    .iter()
                    .filter_map(|c| c.target.id().map(|r| r.0))
                    .collect(),
                zones: e
                    .zone_groups
                    .iter()
                    .flat_map(|g| g.zones.iter().filter_map(|z| z.id().map(|z| z.0)))
                    .collect(),
                span: span(docs, e.meta.loc),
            })
            .collect(),
        zones: m
            .zones
            .iter()
            .map(|z| ZoneNode {
                name: z.name.label(),
                links: z
                    .links
                    .iter()
                    .map(|l| ZoneLinkEdge {
                        vnet: l.vnet.id().map(|v| v.0),
                        span: span(docs, l.meta.loc),
                    })
                    .collect(),
                span: span(docs, z.meta.loc),
            })
            .collect(),
        workloads: m
            .workloads
            .iter()
            .map(|w| WorkloadNode {
                name: w.name.label(),
                kind: w.kind().into(),
                subnets: w
                    .subnets
                    .iter()
                    .filter_map(|s| s.id().map(|s| s.0))
                    .collect(),
                span: span(docs, w.meta.loc),
            })
            .collect(),
        pull_paths: result
            .paths
            .iter()
            .map(|p| TopologyPath {
                workload: p.workload.0,
                registry: p.registry.0,
                path: pull_path_info(docs, m, p),
            })
            .collect(),
    }
}

fn document_set(files: Vec<FileInput>) -> Result<DocumentSet, ApiError> {
    let mut docs = DocumentSet::new();
    for f in files {
        if docs.find(&f.name).is_some() {
            return Err(ApiError(format!(
                "two documents are named `{}`; names must be unique",
                f.name
            )));
        }
        // Offsets are u32 inside topolint.
        if u32::try_from(f.text.len()).is_err() {
            return Err(ApiError(format!(
                "document `{}` is larger than 4 GiB",
                f.name
            )));
        }
        docs.add(f.name, f.text);
    }
    Ok(docs)
}

/// A location in both encodings. Locations never come from the caller, but a bad one must
/// not panic in WASM (that would trap): out-of-range files and offsets are clamped.
pub fn span(docs: &DocumentSet, loc: Location) -> Span {
    if loc.file.0 as usize >= docs.len() {
        let zero = Position {
            line: 0,
            character: 0,
        };
        return Span {
            file: String::new(),
            start: 0,
            end: 0,
            range: PositionRange {
                start: zero,
                end: zero,
            },
        };
    }
    let doc = docs.get(loc.file);
    let len = doc.text.len() as u32;
    let start = loc.range.start.min(len);
    let end = loc.range.end.clamp(start, len);
    let pos = |o: u32| {
        let p = doc.line_index.utf16(&doc.text, o);
        Position {
            line: p.line,
            character: p.character,
        }
    };
    Span {
        file: doc.name.clone(),
        start,
        end,
        range: PositionRange {
            start: pos(start),
            end: pos(end),
        },
    }
}

fn diagnostic_info(docs: &DocumentSet, d: &diagnostic::Diagnostic) -> DiagnosticInfo {
    DiagnosticInfo {
        code: d.code.clone(),
        severity: d.severity.into(),
        message: d.message.clone(),
        span: span(docs, d.location),
        related: d
            .related
            .iter()
            .map(|r| RelatedInfo {
                span: span(docs, r.location),
                message: r.message.clone(),
            })
            .collect(),
        help: d.help.clone(),
        url: d.url.clone(),
        fix: d.fix.as_ref().map(|f| FixInfo {
            title: f.title.clone(),
            edits: f
                .edits
                .iter()
                .map(|e| Edit {
                    span: span(docs, Location::new(e.file, e.range)),
                    new_text: e.new_text.clone(),
                })
                .collect(),
        }),
    }
}

fn pull_path_info(docs: &DocumentSet, model: &Model, p: &analysis::PullPath) -> PullPathInfo {
    let workload = model.workloads.get(p.workload.index());
    let registry = model.registries.get(p.registry.index());
    PullPathInfo {
        workload: WorkloadRef {
            name: workload.and_then(|w| w.name.get().cloned()),
            kind: workload.map_or(WorkloadKindName::Aks, |w| w.kind().into()),
            span: span(docs, workload.map_or(p.pull_loc, |w| w.meta.loc)),
        },
        registry: RegistryRef {
            name: registry.and_then(|r| r.name.get().cloned()),
            span: span(docs, registry.map_or(p.pull_loc, |r| r.meta.loc)),
        },
        span: span(docs, p.pull_loc),
        verdict: p.verdict.into(),
        steps: p
            .steps
            .iter()
            .map(|s| PullStep {
                kind: s.kind.into(),
                title: s.kind.title().to_string(),
                verdict: s.verdict.into(),
                reason: s.reason.clone(),
                rule: s.rule.map(str::to_string),
                locations: s
                    .locations
                    .iter()
                    .map(|r| RelatedInfo {
                        span: span(docs, r.location),
                        message: r.message.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    fn file(name: &str, text: &str) -> FileInput {
        FileInput {
            name: name.into(),
            text: text.into(),
        }
    }

    #[test]
    fn empty_set_has_no_diagnostics() {
        let out = check(vec![], CheckOptions::default()).unwrap();
        assert!(out.diagnostics.is_empty());
        assert_eq!(out.error_count, 0);
        assert!(pull_paths(vec![]).unwrap().is_empty());
    }

    #[test]
    fn a_config_file_sets_levels_and_options_and_reports_its_problems() {
        let doc = include_str!("../tests/fixtures/rules/acr-pe-subnet-capacity/fire.topology.json");
        let count = |out: &CheckOutput, code: &str| {
            out.diagnostics.iter().filter(|d| d.code == code).count()
        };
        let plain = check(vec![file("a.topology.json", doc)], CheckOptions::default()).unwrap();
        assert_eq!(count(&plain, "acr-pe-subnet-capacity"), 2);
        let config = "{ \"rules\": {\n  \"acr-pe-public-still-open\": \"off\",\n  \"acr-pe-subnet-capacity\": [\"error\", { \"minPrefixGeoReplicated\": 28 }],\n  \"nope\": \"off\" } }";
        let options = |settings: Option<RuleSettings>| CheckOptions {
            settings,
            config: Some(file("topolint.json", config)),
            topology: false,
        };
        let out = check(vec![file("a.topology.json", doc)], options(None)).unwrap();
        assert_eq!(
            count(&out, "acr-pe-subnet-capacity"),
            1,
            "the /28 is enough now"
        );
        assert_eq!(count(&out, "acr-pe-public-still-open"), 0);
        let problem = out.diagnostics.last().unwrap();
        assert_eq!(problem.code, "config-error");
        assert_eq!(problem.span.file, "topolint.json");
        assert_eq!(
            problem.span.range.start,
            Position {
                line: 3,
                character: 2
            }
        );
        // The call's own levels win over the file's.
        let levels = RuleSettings {
            rules: [("acr-pe-public-still-open".to_string(), RuleLevel::Info)].into(),
        };
        let out = check(vec![file("a.topology.json", doc)], options(Some(levels))).unwrap();
        assert_eq!(count(&out, "acr-pe-public-still-open"), 1);
    }

    #[test]
    fn check_returns_the_topology_when_asked() {
        let doc = include_str!("../examples/aks-hub-spoke-private-acr/broken.topology.json");
        let files = || vec![file("a.topology.json", doc)];
        let plain = check(files(), CheckOptions::default()).unwrap();
        assert!(plain.topology.is_none());
        let both = check(
            files(),
            CheckOptions {
                topology: true,
                ..CheckOptions::default()
            },
        )
        .unwrap();
        assert_eq!(both.diagnostics, plain.diagnostics);
        let topo = both.topology.expect("asked for");
        assert!(!topo.vnets.is_empty());
        assert_eq!(topo, topology(files()).unwrap());
    }

    #[test]
    fn syntax_error_positions_count_utf16_units() {
        // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
        let text = "{\n  \"name\": \"é😀\",\n  \"vnets\": [ ,]\n}\n";
        let out = check(vec![file("a.topology.json", text)], CheckOptions::default()).unwrap();
        let d = &out.diagnostics[0];
        assert_eq!(d.code, "syntax-error");
        assert_eq!(d.severity, SeverityName::Error);
        assert_eq!(out.error_count as usize, out.diagnostics.len());
        assert_eq!(d.span.file, "a.topology.json");
        let comma = text.find(',').unwrap() as u32;
        let comma2 = text[comma as usize + 1..].find(',').unwrap() as u32 + comma + 1;
        assert!(d.span.start == comma2, "{d:?}");
        // Line 2 (0-based) starts after two line breaks; the comma is at character 13 there.
        assert_eq!(
            d.span.range.start,
            Position {
                line: 2,
                character: 13
            }
        );
        assert!(d.url.ends_with("syntax-error.md"));
    }

    #[test]
    fn spans_convert_both_encodings_and_clamp() {
        let mut docs = DocumentSet::new();
        let f = docs.add("x.json", "a😀\nbé c");
        let c = "a😀\nbé ".len() as u32;
        let s = span(&docs, Location::new(f, TextRange::new(1, c)));
        assert_eq!((s.start, s.end), (1, c));
        assert_eq!(
            s.range.start,
            Position {
                line: 0,
                character: 1
            }
        );
        assert_eq!(
            s.range.end,
            Position {
                line: 1,
                character: 3
            }
        );
        // Out of range: clamped, never a panic.
        let s = span(&docs, Location::new(f, TextRange::new(999, 1000)));
        assert_eq!((s.start, s.end), (c + 1, c + 1));
        let s = span(&docs, Location::new(crate::FileId(7), TextRange::new(0, 1)));
        assert_eq!(s.file, "");
    }

    /// A registry whose SKU is a parameter without default, behind a private endpoint.
    fn arm_template(acr: &str) -> String {
        format!(
            r#"{{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {{ "sku": {{ "type": "string" }} }},
  "resources": [
    {{ "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01", "name": "hub", "location": "westeurope",
      "properties": {{ "addressSpace": {{ "addressPrefixes": ["10.0.0.0/16"] }},
        "subnets": [ {{ "name": "pe", "properties": {{ "addressPrefix": "10.0.1.0/24" }} }} ] }} }},
    {{ "type": "Microsoft.ContainerRegistry/registries", "apiVersion": "2025-11-01", "name": "{acr}", "location": "westeurope",
      "sku": {{ "name": "[parameters('sku')]" }} }},
    {{ "type": "Microsoft.Network/privateEndpoints", "apiVersion": "2024-05-01", "name": "{acr}-pe", "location": "westeurope",
      "properties": {{ "subnet": {{ "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'pe')]" }},
        "privateLinkServiceConnections": [ {{ "name": "acr", "properties": {{
          "privateLinkServiceId": "[resourceId('Microsoft.ContainerRegistry/registries', '{acr}')]", "groupIds": ["registry"] }} }} ] }} }}
  ] }}"#
        )
    }

    const BASIC: &str = r#"{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "parameters": { "sku": { "value": "Basic" } } }"#;

    fn premium_findings(files: Vec<FileInput>) -> Vec<String> {
        check(files, CheckOptions::default())
            .unwrap()
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "acr-pe-requires-premium")
            .map(|d| d.span.file)
            .collect()
    }

    #[test]
    fn arm_parameters_files_fix_parameter_values() {
        // Without the parameters file the SKU is unknown and the rule stays silent.
        assert!(premium_findings(vec![file("main.json", &arm_template("contosoacr"))]).is_empty());
        assert_eq!(
            premium_findings(vec![
                file("main.json", &arm_template("contosoacr")),
                file("prod.parameters.json", BASIC),
            ]),
            ["main.json"]
        );
        // With several templates, `x.parameters.json` belongs to `x.json` only.
        assert_eq!(
            premium_findings(vec![
                file("infra/a.json", &arm_template("registrya")),
                file("infra/b.json", &arm_template("registryb")),
                file("infra/b.parameters.json", BASIC),
            ]),
            ["infra/b.json"]
        );
    }

    #[test]
    fn duplicate_names_are_an_error() {
        let err = check(
            vec![file("a.json", "{}"), file("a.json", "{}")],
            CheckOptions::default(),
        )
        .unwrap_err();
        assert!(err.0.contains("`a.json`"), "{err}");
    }

    #[test]
    fn unknown_rule_in_settings_is_an_error() {
        let options: CheckOptions =
            serde_json::from_str(r#"{"settings":{"rules":{"no-such-rule":"off"}}}"#).unwrap();
        let err = check(vec![], options).unwrap_err();
        assert!(err.0.contains("no-such-rule"), "{err}");
    }

    #[test]
    fn known_rule_levels_are_accepted() {
        for r in rules() {
            let json = format!(r#"{{"settings":{{"rules":{{"{}":"warning"}}}}}}"#, r.id);
            let options: CheckOptions = serde_json::from_str(&json).unwrap();
            check(vec![file("a.json", "{}")], options).unwrap();
        }
    }

    #[test]
    fn options_reject_unknown_fields() {
        assert!(serde_json::from_str::<CheckOptions>(r#"{"setings":{}}"#).is_err());
        assert!(serde_json::from_str::<CheckOptions>("{}").is_ok());
    }

    #[test]
    fn rules_carry_their_metadata() {
        let all = rules();
        assert_eq!(all.len(), crate::rules::ALL.len());
        for r in &all {
            assert!(!r.id.is_empty());
            assert!(r.url.ends_with(&format!("{}.md", r.id)));
        }
    }

    #[test]
    fn schema_is_json() {
        let v: serde_json::Value = serde_json::from_str(topology_schema()).unwrap();
        assert!(v.is_object());
    }

    #[test]
    fn output_serialises_in_camel_case() {
        let out = check(vec![file("a.topology.json", "{")], CheckOptions::default()).unwrap();
        let json = serde_json::to_value(&out).unwrap();
        assert!(json.get("errorCount").is_some());
        let d = &json["diagnostics"][0];
        for key in [
            "code", "severity", "message", "span", "related", "help", "url", "fix",
        ] {
            assert!(d.get(key).is_some(), "missing {key} in {d}");
        }
        assert_eq!(d["span"]["range"]["start"]["line"], 0);
    }

    #[test]
    fn topology_indices_point_into_its_lists() {
        let mut seen_paths = 0;
        for dir in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")).unwrap() {
            let dir = dir.unwrap().path();
            for f in ["broken.topology.json", "fixed.topology.json"] {
                let Ok(text) = std::fs::read_to_string(dir.join(f)) else {
                    continue;
                };
                let t = topology(vec![file(f, &text)]).unwrap();
                seen_paths += t.pull_paths.len();
                for p in &t.pull_paths {
                    assert!((p.workload as usize) < t.workloads.len());
                    assert!((p.registry as usize) < t.registries.len());
                }
                for v in &t.vnets {
                    assert!(v.subnets.iter().all(|s| (*s as usize) < t.subnets.len()));
                }
                for e in &t.endpoints {
                    assert!(e
                        .registries
                        .iter()
                        .all(|r| (*r as usize) < t.registries.len()));
                    assert!(e.zones.iter().all(|z| (*z as usize) < t.zones.len()));
                }
            }
        }
        assert!(seen_paths > 0);
    }

    /// No input may panic (a panic traps in WASM): every prefix of a document with
    /// multi-byte characters, every single byte, and deterministic pseudo-random junk.
    #[test]
    fn junk_never_panics() {
        let sample = "{ \"vnets\": [ { \"name\": \"hub-é😀\", \"addressSpace\": [\"10.0.0.0/16\"] } ],\r\n \"registries\": [ /* c */ ] }";
        let mut inputs: Vec<String> = Vec::new();
        for (i, _) in sample.char_indices() {
            inputs.push(sample[..i].to_string());
            inputs.push(sample[i..].to_string());
        }
        for b in 0u8..128 {
            inputs.push((b as char).to_string());
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let alphabet: Vec<char> = "{}[]\",:0123456789.-+eEtrufalsn \n\r\t/*\\u😀é\u{0}"
            .chars()
            .collect();
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..(seed % 64) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            inputs.push(s);
        }
        for text in inputs {
            for name in ["a.topology.json", "main.bicep", "arm.json", "x.txt"] {
                let files = vec![file(name, &text)];
                check(files.clone(), CheckOptions::default()).unwrap();
                topology(files.clone()).unwrap();
                pull_paths(files).unwrap();
            }
        }
    }
}
