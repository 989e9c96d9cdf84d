//! Pull-path explanations: every workload/registry pair of a check, each step of DOMAIN.md §1
//! with its verdict, reason and the places that decide it, ready to serialise (the CLI's
//! `explain`, the playground and the language server show it).
//!
//! This is a presentation of [`crate::analysis::PullPath`]: nothing is decided here. Places
//! carry 1-based lines and columns (columns count Unicode scalar values, as the CLI prints
//! them) next to byte offsets, so that every consumer can show them without the text.

use crate::analysis::{PullPath, StepKind, Verdict};
use crate::check::CheckResult;
use crate::document::{DocumentSet, Location};
use crate::model::{Model, WorkloadKind};
use serde::Serialize;

/// Every pull path of one check.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub paths: Vec<PathExplanation>,
}

/// One workload pulling from one registry.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PathExplanation {
    pub workload: Subject,
    pub registry: Subject,
    /// `ok`, `broken` (a step is broken) or `unknown` (a step is unknown, none broken).
    pub verdict: Verdict,
    /// Where the pull is stated.
    pub pull: Place,
    /// The steps of DOMAIN.md §1, in order.
    pub steps: Vec<StepExplanation>,
}

/// A workload or registry: its name (`?` when unknown), kind and where it is declared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Subject {
    pub name: String,
    /// `aks`, `aci` or `webapp` for workloads; `registry` for registries.
    pub kind: &'static str,
    /// "AKS cluster", "container group", "web app", "registry".
    pub label: &'static str,
    pub place: Place,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepExplanation {
    pub kind: StepKind,
    /// "DNS", "private endpoint", ...
    pub title: &'static str,
    pub verdict: Verdict,
    /// Why, in one sentence.
    pub reason: String,
    /// The rule that reports the step when it is broken.
    pub rule: Option<&'static str>,
    /// Whether the check reported the step's rule at the step's place (false when the rule is
    /// turned off, suppressed, or does not report this case).
    pub reported: bool,
    /// Where the step's rule reports it; the pull when the step names no place of its own.
    pub place: Place,
    /// The places that decide the step, each with what it is.
    pub locations: Vec<NotedPlace>,
    /// Parameters whose default values decided the step.
    pub params: Vec<String>,
}

/// A range of one document as people count, next to its byte offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    /// The document's name in the set.
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in Unicode scalar values.
    pub column: u32,
    pub end_line: u32,
    /// Just after the range.
    pub end_column: u32,
    /// Byte offsets, `end` exclusive.
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotedPlace {
    #[serde(flatten)]
    pub place: Place,
    pub message: String,
}

impl Place {
    pub fn of(docs: &DocumentSet, loc: Location) -> Place {
        let doc = docs.get(loc.file);
        let start = doc.line_index.line_col(&doc.text, loc.range.start);
        let end = doc.line_index.line_col(&doc.text, loc.range.end);
        Place {
            file: doc.name.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            start: loc.range.start,
            end: loc.range.end,
        }
    }
}

/// Explain every pull path of `result`; `docs` is the set it was checked from.
pub fn explain(result: &CheckResult, docs: &DocumentSet) -> Explanation {
    Explanation {
        paths: result
            .paths
            .iter()
            .map(|p| explain_path(result, docs, p))
            .collect(),
    }
}

fn explain_path(result: &CheckResult, docs: &DocumentSet, path: &PullPath) -> PathExplanation {
    let m: &Model = &result.model;
    let wl = m.workload(path.workload);
    let reg = m.registry(path.registry);
    let kind = wl.kind();
    let steps = path
        .steps
        .iter()
        .map(|s| {
            let at = s.at.unwrap_or(path.pull_loc);
            StepExplanation {
                kind: s.kind,
                title: s.kind.title(),
                verdict: s.verdict,
                reason: s.reason.clone(),
                rule: s.rule,
                reported: s.rule.is_some_and(|id| {
                    result
                        .diagnostics
                        .iter()
                        .any(|d| d.code == id && d.location == at)
                }),
                place: Place::of(docs, at),
                locations: s
                    .locations
                    .iter()
                    .map(|r| NotedPlace {
                        place: Place::of(docs, r.location),
                        message: r.message.clone(),
                    })
                    .collect(),
                params: s.params.clone(),
            }
        })
        .collect();
    PathExplanation {
        workload: Subject {
            name: wl.name.label(),
            kind: match kind {
                WorkloadKind::Aks => "aks",
                WorkloadKind::Aci => "aci",
                WorkloadKind::WebApp => "webapp",
            },
            label: kind.label(),
            place: Place::of(docs, wl.meta.loc),
        },
        registry: Subject {
            name: reg.name.label(),
            kind: "registry",
            label: "registry",
            place: Place::of(docs, reg.meta.loc),
        },
        verdict: path.verdict,
        pull: Place::of(docs, path.pull_loc),
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HUB_SPOKE: &str = r#"{
  "vnets": [
    { "name": "hub", "region": "westeurope", "addressSpace": ["10.0.0.0/16"],
      "subnets": [ { "name": "endpoints", "addressPrefix": "10.0.1.0/24" } ],
      "peerings": [ { "remote": "spoke" } ] },
    { "name": "spoke", "region": "westeurope", "addressSpace": ["10.1.0.0/16"],
      "subnets": [ { "name": "nodes", "addressPrefix": "10.1.0.0/22" } ],
      "peerings": [ { "remote": "hub" } ] }
  ],
  "registries": [ { "name": "contosoacr", "sku": "Premium", "region": "westeurope", "publicNetworkAccess": "Disabled" } ],
  "privateEndpoints": [ { "name": "pe", "subnet": "hub/endpoints", "registry": "contosoacr",
      "zoneGroups": [ { "zones": ["privatelink.azurecr.io"] } ] } ],
  "dnsZones": [ { "name": "privatelink.azurecr.io", "links": [ { "vnet": "hub" } ] } ],
  "roleAssignments": [ { "principal": { "kubeletOf": "aks" }, "role": "AcrPull", "registry": "contosoacr" } ],
  "workloads": [ { "name": "aks", "kind": "aks", "subnets": ["spoke/nodes"], "pullsFrom": ["contosoacr"] } ]
}"#;

    #[test]
    fn every_step_with_verdict_reason_and_places() {
        let mut docs = DocumentSet::new();
        docs.add("a.topology.json", HUB_SPOKE);
        let result = crate::check(&docs, &crate::Settings::default());
        let ex = explain(&result, &docs);
        assert_eq!(ex.paths.len(), 1);
        let p = &ex.paths[0];
        assert_eq!((p.workload.name.as_str(), p.workload.kind), ("aks", "aks"));
        assert_eq!(p.registry.name, "contosoacr");
        assert_eq!(p.verdict, Verdict::Broken);
        assert_eq!(p.steps.len(), 7);
        let dns = p.steps.iter().find(|s| s.kind == StepKind::Dns).unwrap();
        assert_eq!(dns.verdict, Verdict::Broken);
        assert_eq!(dns.rule, Some("dns-peering-no-link"));
        assert!(dns.reported);
        // The zone's name on line 13.
        assert_eq!(
            (dns.place.file.as_str(), dns.place.line),
            ("a.topology.json", 13)
        );
        assert_eq!(
            &HUB_SPOKE[dns.place.start as usize..dns.place.end as usize],
            "\"privatelink.azurecr.io\""
        );
        assert!(dns
            .locations
            .iter()
            .any(|l| l.message == "the workload's VNet"));
        let json = serde_json::to_value(&ex).unwrap();
        assert_eq!(json["paths"][0]["steps"][4]["kind"], "dns");
        assert_eq!(json["paths"][0]["steps"][4]["place"]["endColumn"], 51);
        assert!(json["paths"][0]["steps"][4]["locations"][0]["message"].is_string());
    }

    #[test]
    fn a_step_turned_off_is_explained_but_not_reported() {
        let mut docs = DocumentSet::new();
        docs.add("a.topology.json", HUB_SPOKE);
        let mut settings = crate::Settings::default();
        settings
            .rules
            .insert("dns-peering-no-link".into(), crate::Level::Off);
        let result = crate::check(&docs, &settings);
        let ex = explain(&result, &docs);
        let dns = &ex.paths[0].steps[4];
        assert_eq!(dns.verdict, Verdict::Broken);
        assert!(!dns.reported);
    }
}
