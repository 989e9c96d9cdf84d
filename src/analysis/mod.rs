//! The pull-path analysis (DOMAIN.md §1): for every workload and every registry it pulls from,
//! can the workload resolve, reach and authenticate to the registry, as written?

use crate::diagnostic::Related;
use crate::document::Location;
use crate::model::{Model, RegistryId, WorkloadId};
use serde::Serialize;

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

/// Compute every pull path of the model.
pub fn pull_paths(model: &Model) -> Vec<PullPath> {
    let _ = model;
    Vec::new()
}
