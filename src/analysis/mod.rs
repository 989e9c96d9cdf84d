//! The pull-path analysis (DOMAIN.md §1): for every workload and every registry it pulls from,
//! can the workload resolve, reach and authenticate to the registry, as written?

use crate::diagnostic::Related;
use crate::document::Location;
use crate::model::{Model, RegistryId, WorkloadId};
use serde::Serialize;

mod auth;
mod dns;
mod index;
mod path;
mod reach;
mod service;
#[cfg(test)]
mod tests;

/// A step's or a path's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    Broken,
    Unknown,
    /// The step does not apply (for example DNS for a registry reached publicly).
    Skipped,
}

/// The steps of DOMAIN.md §1, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// 1. Who pulls from what.
    Who,
    /// 2. Authentication: a pull-capable role for the pulling identity.
    Auth,
    /// 3. Public or private: must the registry be reached privately?
    Access,
    /// 4. A private endpoint in a VNet the workload can reach.
    Endpoint,
    /// 5. DNS: the workload's VNet resolves the registry to the endpoint.
    Dns,
    /// 6. Room: the endpoint's subnet has the IPs the registry needs.
    Room,
    /// 7. Service specifics (ACI, App Service).
    Service,
}

impl StepKind {
    pub fn title(self) -> &'static str {
        match self {
            StepKind::Who => "who pulls",
            StepKind::Auth => "authentication",
            StepKind::Access => "public or private",
            StepKind::Endpoint => "private endpoint",
            StepKind::Dns => "DNS",
            StepKind::Room => "room in the endpoint subnet",
            StepKind::Service => "service specifics",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub kind: StepKind,
    pub verdict: Verdict,
    /// Why, in one sentence.
    pub reason: String,
    /// The rule that reports this step when it is broken, if any.
    pub rule: Option<&'static str>,
    /// The places that decide the step.
    pub locations: Vec<Related>,
    /// Where the step's rule reports it (the zone for DNS, the workload's pull otherwise);
    /// `None` means the path's `pull_loc`.
    pub at: Option<Location>,
    /// Parameters whose default values decided the step (for "this holds with the default of
    /// parameter `x`").
    pub params: Vec<String>,
}

/// One workload pulling from one registry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PullPath {
    pub workload: WorkloadId,
    pub registry: RegistryId,
    /// Where the pull is stated.
    pub pull_loc: Location,
    pub steps: Vec<Step>,
    /// `Broken` if any step is broken, else `Unknown` if any is unknown, else `Ok`.
    pub verdict: Verdict,
    /// Whether the registry refuses public traffic (`publicNetworkAccess: Disabled` or
    /// `defaultAction: Deny`); `None` when that is unknown. Rules whose severity depends on it
    /// (DNS) read it here.
    pub restricted: Option<bool>,
}

impl PullPath {
    pub fn step(&self, kind: StepKind) -> Option<&Step> {
        self.steps.iter().find(|s| s.kind == kind)
    }
    /// The first broken step.
    pub fn first_broken(&self) -> Option<&Step> {
        self.steps.iter().find(|s| s.verdict == Verdict::Broken)
    }
}

/// Compute every pull path of the model: one per (workload, registry) pull whose registry
/// resolves to a registry of the model, in workload then pull order.
pub fn pull_paths(model: &Model) -> Vec<PullPath> {
    let ix = index::Index::new(model);
    let mut out = Vec::new();
    for (w, wl) in model.workloads.iter().enumerate() {
        let w = WorkloadId(w as u32);
        let mut seen: Vec<RegistryId> = Vec::new();
        for pull in &wl.pulls {
            let Some(r) = pull.registry.id() else {
                continue;
            };
            // One path per (workload, registry): an image named twice is one pull.
            if seen.contains(&r) || model.registries.get(r.index()).is_none() {
                continue;
            }
            seen.push(r);
            out.push(path::compute(model, &ix, w, wl, r, pull));
        }
    }
    out
}

impl Step {
    pub(crate) fn new(kind: StepKind, verdict: Verdict, reason: impl Into<String>) -> Self {
        Step {
            kind,
            verdict,
            reason: reason.into(),
            rule: None,
            locations: Vec::new(),
            at: None,
            params: Vec::new(),
        }
    }
    pub(crate) fn rule(mut self, rule: &'static str) -> Self {
        self.rule = Some(rule);
        self
    }
    pub(crate) fn loc(mut self, location: Location, message: impl Into<String>) -> Self {
        self.push_loc(location, message);
        self
    }
    pub(crate) fn push_loc(&mut self, location: Location, message: impl Into<String>) {
        let message = message.into();
        if !self
            .locations
            .iter()
            .any(|r| r.location == location && r.message == message)
        {
            self.locations.push(Related { location, message });
        }
    }
    pub(crate) fn locs(mut self, locs: impl IntoIterator<Item = Related>) -> Self {
        for r in locs {
            self.push_loc(r.location, r.message);
        }
        self
    }
    pub(crate) fn params(mut self, params: impl IntoIterator<Item = String>) -> Self {
        for p in params {
            if !self.params.contains(&p) {
                self.params.push(p);
            }
        }
        self
    }
}
