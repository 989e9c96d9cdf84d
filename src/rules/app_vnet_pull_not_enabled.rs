use crate::analysis::{StepKind, Verdict};
use crate::diagnostic::Severity;
use crate::diagnostic::{Fix, TextEdit};
use crate::document::DocumentKind;
use crate::fix::{self, FixValue};
use crate::model::{VnetPullShape, WebAppProps, Workload, WorkloadId, WorkloadProps};
use crate::rules::pull_step::{registry_name, report_step};
use crate::rules::{Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A web app running a container, integrated with a VNet, pulls from a registry that
    /// refuses public traffic, but does not route image pulls over the VNet: none of
    /// `vnetImagePullEnabled: true` (Microsoft.Web API 2022-03-01 to 2024-04-01),
    /// `outboundVnetRouting.imagePullTraffic: true` or `.allTraffic: true` (API 2024-11-01
    /// and later), or app setting `WEBSITE_PULL_IMAGE_OVER_VNET=true`. Reported on the
    /// setting that says `false`, else on the site. Not reported when a setting or the
    /// registry's network settings are unknown.
    ///
    /// ## Why it matters
    /// Without it App Service pulls images over the public internet even when the app is
    /// integrated with a VNet, and "enabling the `allow trusted services` setting doesn't
    /// apply to App Service": the registry refuses the pull and the container never starts.
    ///
    /// ## Source
    /// azure-docs `articles/app-service/configure-vnet-integration-routing.md` (ms.date
    /// 2021-10-20); Azure/bicep-types-az `generated/web/microsoft.web/2025-03-01/types.md`
    /// (`OutboundVnetRouting`: "imagePullTraffic ... Previously called VnetImagePullEnabled",
    /// snapshot 2026-08-20); AZURE-FACTS §1.8.
    ///
    /// ## Example
    /// ```bicep
    /// resource web 'Microsoft.Web/sites@2024-11-01' = {
    ///   name: 'web'
    ///   location: location
    ///   properties: {
    ///     virtualNetworkSubnetId: '${vnet.id}/subnets/web'
    ///     outboundVnetRouting: { imagePullTraffic: false }
    ///     siteConfig: { linuxFxVersion: 'DOCKER|contosoacr.azurecr.io/web:1' }
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix
    /// Route image pulls over the VNet in the shape the site's API version expects:
    /// `vnetImagePullEnabled: true` (2022-03-01 to 2024-04-01) or
    /// `outboundVnetRouting: { imagePullTraffic: true }` (2024-11-01 and later); in topology
    /// JSON `"vnetImagePull": true`. The quick fix turns an explicit `false` of the right shape
    /// (or of the app setting) into `true`, and when no image-pull setting is written (or only
    /// `outboundVnetRouting.allTraffic: false`) inserts the property of the site's API version
    /// (none before 2022-03-01: use the app setting).
    pub AppVnetPullNotEnabled {
        id: "app-vnet-pull-not-enabled",
        severity: Error,
        summary: "A web app pulls from a private registry without routing image pulls over its VNet",
        fix: true,
    }
}

/// The property that enables image pull over the VNet for the site's API version.
fn shape_for(api: Option<&str>) -> Option<&'static str> {
    let date = api?.get(..10)?;
    if date >= "2024-11-01" {
        Some("outboundVnetRouting: { imagePullTraffic: true }")
    } else if date >= "2022-03-01" {
        Some("vnetImagePullEnabled: true")
    } else {
        None
    }
}

/// Where the setting goes for the site's API version, under the resource (Bicep, ARM).
fn path_for(api: Option<&str>) -> Option<&'static [&'static str]> {
    let date = api?.get(..10)?;
    if date >= "2024-11-01" {
        Some(&["properties", "outboundVnetRouting", "imagePullTraffic"])
    } else if date >= "2022-03-01" {
        Some(&["properties", "vnetImagePullEnabled"])
    } else {
        None
    }
}

/// A value replacement `false` -> `true` where the property found is the one the API version
/// expects; when no image-pull setting is written at all, the property of the API version's
/// shape is inserted.
fn fix(ctx: &RuleCtx, w: &Workload, p: &WebAppProps, wname: &str) -> Option<Fix> {
    let title = format!("Pull images over the VNet for `{wname}`");
    let insert = || {
        let path = match ctx.docs.get(w.meta.decl.file).kind {
            DocumentKind::Topology => &["vnetImagePull"][..],
            _ => path_for(p.api_version.as_deref())?,
        };
        let edit = fix::set_path(ctx.docs, w.meta.decl, path, &FixValue::Bool(true))?;
        fix::fix(ctx.docs, title.clone(), vec![edit])
    };
    let Some(f) = p.vnet_image_pull.as_ref() else {
        return insert();
    };
    if f.get() != Some(&false) {
        return None;
    }
    let api = p.api_version.as_deref().and_then(|a| a.get(..10));
    let literal = |text: &str| Fix {
        title: title.clone(),
        edits: vec![TextEdit {
            file: f.loc.file,
            range: f.loc.range,
            new_text: text.to_string(),
        }],
    };
    match p.vnet_image_pull_shape? {
        VnetPullShape::Topology => Some(literal("true")),
        VnetPullShape::VnetImagePullEnabled
            if api.is_some_and(|a| ("2022-03-01"..="2024-04-01").contains(&a)) =>
        {
            Some(literal("true"))
        }
        // `allTraffic: false` alone: add `imagePullTraffic: true` next to it rather than
        // route every kind of traffic.
        VnetPullShape::AllTraffic if api.is_some_and(|a| a >= "2024-11-01") => insert(),
        VnetPullShape::ImagePullTraffic if api.is_some_and(|a| a >= "2024-11-01") => {
            Some(literal("true"))
        }
        VnetPullShape::AppSetting => ctx.replace_string(f.loc, "true", title),
        _ => None,
    }
}

impl Check for AppVnetPullNotEnabled {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        let mut seen: Vec<WorkloadId> = Vec::new();
        for path in ctx.paths {
            let Some(step) = path.step(StepKind::Service) else {
                continue;
            };
            if step.verdict != Verdict::Broken || step.rule != Some(AppVnetPullNotEnabled::META.id)
            {
                continue;
            }
            // One finding per site, whichever registries it pulls from.
            if seen.contains(&path.workload) {
                continue;
            }
            seen.push(path.workload);
            let w = m.workload(path.workload);
            let WorkloadProps::WebApp(p) = &w.props else {
                continue;
            };
            let wname = w.name.label();
            let fix = fix(ctx, w, p, &wname);
            let topology = ctx.docs.get(w.meta.loc.file).kind == DocumentKind::Topology;
            let help = match shape_for(p.api_version.as_deref()) {
                _ if topology => format!(
                    "Set `\"vnetImagePull\": true` so that the site pulls from registry `{}` through its VNet integration",
                    registry_name(m, path)
                ),
                Some(shape) => format!(
                    "Set `{shape}` on the site (API {}), or app setting `WEBSITE_PULL_IMAGE_OVER_VNET=true`, so that it pulls from registry `{}` through its VNet integration",
                    p.api_version.as_deref().unwrap_or("?"),
                    registry_name(m, path)
                ),
                None => format!(
                    "Set app setting `WEBSITE_PULL_IMAGE_OVER_VNET=true` (or use Microsoft.Web API 2022-03-01 or later and its image-pull property) so that the site reaches registry `{}` through its VNet integration",
                    registry_name(m, path)
                ),
            };
            let d = report_step(ctx, Severity::Error, path, step, step.reason.clone(), help);
            d.fix = fix;
        }
    }
}
