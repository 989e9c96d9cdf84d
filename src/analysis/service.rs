//! Step 7: what the workload's service needs besides the network (DOMAIN.md §1 step 7):
//! ACI (AZURE-FACTS §1.7, §5) and App Service (§1.8).

use super::path::{related, Cx};
use super::reach::{bypass_on, Access, Served};
use super::{Step, StepKind, Verdict};
use crate::model::{AciProps, WebAppProps, WorkloadProps};

const ACI_DELEGATION: &str = "Microsoft.ContainerInstance/containerGroups";

pub fn service(cx: &Cx, access: &Access, served: &[Served]) -> Step {
    match &cx.wl.props {
        WorkloadProps::Aks(_) => Step::new(
            StepKind::Service,
            Verdict::Skipped,
            "AKS nodes need nothing beyond identity, endpoint and DNS",
        ),
        WorkloadProps::Aci(p) => aci(cx, p, access, served),
        WorkloadProps::WebApp(p) => web_app(cx, p, access),
    }
}

/// The first broken requirement, else the first unknown, else ok.
struct Checks {
    broken: Option<Step>,
    unknown: Option<Step>,
    ok: Vec<String>,
}

impl Checks {
    fn add(&mut self, step: Step) {
        match step.verdict {
            Verdict::Broken if self.broken.is_none() => self.broken = Some(step),
            Verdict::Unknown if self.unknown.is_none() => self.unknown = Some(step),
            Verdict::Ok => self.ok.push(step.reason),
            _ => {}
        }
    }
    fn finish(self, none: &str) -> Step {
        self.broken.or(self.unknown).unwrap_or_else(|| {
            if self.ok.is_empty() {
                Step::new(StepKind::Service, Verdict::Skipped, none)
            } else {
                Step::new(StepKind::Service, Verdict::Ok, self.ok.join("; "))
            }
        })
    }
}

fn aci(cx: &Cx, p: &AciProps, access: &Access, served: &[Served]) -> Step {
    let mut c = Checks {
        broken: None,
        unknown: None,
        ok: Vec::new(),
    };
    let s = |v, reason: String| Step::new(StepKind::Service, v, reason);
    if access.restricted == Ok(true) {
        let mut step = match bypass_on(cx) {
            Ok(true) => s(
                Verdict::Ok,
                format!("registry {} lets trusted services through", cx.rname),
            ),
            Ok(false) => s(
                Verdict::Broken,
                format!(
                    "registry {} has `networkRuleBypassOptions: None`, so it refuses {} even with a managed identity",
                    cx.rname, cx.wname
                ),
            )
            .rule("acr-trusted-bypass-off-aci"),
            Err(e) => s(Verdict::Unknown, e),
        };
        step.push_loc(cx.reg.meta.loc, "the registry");
        if let Some(f) = &cx.reg.bypass {
            step.push_loc(f.loc, "the bypass setting");
            step = step.params(f.via_param.clone());
            if step.verdict == Verdict::Broken {
                step.at = Some(f.loc);
            }
        }
        c.add(step);
    }
    for sref in &cx.wl.subnets {
        let Some(sid) = sref.id() else { continue };
        let Some(sub) = cx.ix.subnet(sid) else {
            continue;
        };
        let name = sub.name.label();
        let mut step = match &sub.delegations {
            None => s(
                Verdict::Broken,
                format!(
                    "subnet `{name}` of {} is not delegated to `{ACI_DELEGATION}`",
                    cx.wname
                ),
            )
            .rule("aci-subnet-not-delegated"),
            Some(d)
                if d.known_items()
                    .any(|(x, _)| x.eq_ignore_ascii_case(ACI_DELEGATION)) =>
            {
                s(
                    Verdict::Ok,
                    format!("subnet `{name}` is delegated to container groups"),
                )
            }
            Some(d) if d.has_unknown() => s(
                Verdict::Unknown,
                format!("the delegations of subnet `{name}` are unknown"),
            ),
            Some(_) => s(
                Verdict::Broken,
                format!(
                    "subnet `{name}` of {} is not delegated to `{ACI_DELEGATION}`",
                    cx.wname
                ),
            )
            .rule("aci-subnet-not-delegated"),
        };
        step.push_loc(sub.meta.loc, "the container group's subnet");
        c.add(step);
        for sv in served {
            let Some(ep) = cx.ix.endpoint(sv.endpoint) else {
                continue;
            };
            if ep.subnet.as_ref().and_then(|r| r.id()) == Some(sid) {
                c.add(
                    s(
                        Verdict::Broken,
                        format!(
                            "the registry's endpoint is in subnet `{name}`, which is delegated to {}: container group subnets can hold nothing else",
                            cx.wname
                        ),
                    )
                    .rule("aci-subnet-shared")
                    .loc(ep.meta.loc, "the endpoint")
                    .loc(sub.meta.loc, "the container group's subnet"),
                );
            }
        }
    }
    if !cx.wl.subnets.is_empty() {
        let public = p
            .ip_type
            .as_ref()
            .and_then(|f| f.get())
            .is_some_and(|t| t.eq_ignore_ascii_case("Public"));
        if public || p.dns_name_label.is_some() {
            let loc = p
                .ip_type
                .as_ref()
                .filter(|_| public)
                .map(|f| f.loc)
                .or(p.dns_name_label.as_ref().map(|f| f.loc))
                .unwrap_or(cx.wl.meta.loc);
            c.add(
                s(
                    Verdict::Broken,
                    format!(
                        "{} is in a VNet but asks for a public IP or DNS label, which container groups in a VNet do not support",
                        cx.wname
                    ),
                )
                .rule("aci-vnet-public-ip")
                .loc(loc, "the public address"),
            );
        }
    }
    c.finish("no service-specific requirement applies")
}

fn web_app(cx: &Cx, p: &WebAppProps, access: &Access) -> Step {
    let s = |v, reason: String| Step::new(StepKind::Service, v, reason);
    if access.restricted == Ok(false) {
        return s(
            Verdict::Skipped,
            format!(
                "registry {} is public: image pull need not use the VNet",
                cx.rname
            ),
        );
    }
    if cx.wl.subnets.is_empty() {
        // Step 4 reports the missing VNet integration.
        return s(
            Verdict::Skipped,
            format!("{} has no VNet integration", cx.wname),
        );
    }
    let mut step = match p.vnet_image_pull.as_ref().map(|f| f.get().copied()) {
        Some(Some(true)) => s(Verdict::Ok, format!("{} pulls images over its VNet integration", cx.wname)),
        Some(None) => s(
            Verdict::Unknown,
            format!("whether {} pulls images over its VNet is unknown", cx.wname),
        ),
        None | Some(Some(false)) => s(
            Verdict::Broken,
            format!(
                "{} does not route image pulls over its VNet (`vnetImagePullEnabled`, `outboundVnetRouting.imagePullTraffic` or `WEBSITE_PULL_IMAGE_OVER_VNET`), and the trusted-services bypass does not apply to App Service",
                cx.wname
            ),
        )
        .rule("app-vnet-pull-not-enabled"),
    };
    if step.verdict == Verdict::Broken && access.restricted.is_err() {
        step.verdict = Verdict::Unknown;
        step.rule = None;
    }
    if let Some(f) = &p.vnet_image_pull {
        step.push_loc(f.loc, "image pull setting");
    }
    if step.verdict == Verdict::Broken {
        // On the setting that says no, else on the site that lacks one.
        step.at = Some(p.vnet_image_pull.as_ref().map_or(cx.wl.meta.loc, |f| f.loc));
    }
    step.locs([related(cx.wl.meta.loc, "the web app")])
}
