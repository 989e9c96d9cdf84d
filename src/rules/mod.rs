//! The rule catalogue. One rule per file, declared with [`declare_rule!`]: its doc comment is
//! its documentation (`docs/rules/` is generated from it), its metadata is its registration.
//!
//! Rules read the model and the pull paths, never the text. A rule reports only what it can
//! prove: a value that is unknown never makes a rule fire.

use crate::analysis::PullPath;
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Fix, Severity, TextEdit};
use crate::document::{DocumentKind, DocumentSet, Location};
use crate::model::{Field, Model};
use serde::Serialize;

/// A rule's registration: everything but its logic.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RuleMeta {
    pub id: &'static str,
    pub default_severity: Severity,
    pub summary: &'static str,
    /// The rule's doc comment (markdown with the headings: what it checks, why, source,
    /// example, fix).
    pub docs: &'static str,
    pub has_fix: bool,
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, ctx: &mut RuleCtx);
}

/// Declare a rule: `declare_rule! { /// docs... pub Name { id: "...", severity: Error, summary:
/// "...", fix: false } }`. Implement [`Rule::check`] in a `impl Check for Name` block.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $name:ident {
            id: $id:literal,
            severity: $sev:ident,
            summary: $summary:literal,
            fix: $fix:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;
        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                id: $id,
                default_severity: $crate::diagnostic::Severity::$sev,
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
                has_fix: $fix,
            };
        }
        impl $crate::rules::Rule for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }
            fn check(&self, ctx: &mut $crate::rules::RuleCtx) {
                <Self as $crate::rules::Check>::run(ctx)
            }
        }
    };
}

/// The logic half of a rule.
pub trait Check {
    fn run(ctx: &mut RuleCtx);
}

/// What a rule sees, and where it reports.
pub struct RuleCtx<'a> {
    pub model: &'a Model,
    pub docs: &'a DocumentSet,
    pub paths: &'a [PullPath],
    meta: &'static RuleMeta,
    settings: &'a Settings,
    out: Vec<Diagnostic>,
}

static DEFAULT_SETTINGS: Settings = Settings {
    rules: std::collections::BTreeMap::new(),
    options: std::collections::BTreeMap::new(),
};

impl<'a> RuleCtx<'a> {
    pub fn new(
        model: &'a Model,
        docs: &'a DocumentSet,
        paths: &'a [PullPath],
        meta: &'static RuleMeta,
    ) -> Self {
        RuleCtx {
            model,
            docs,
            paths,
            meta,
            settings: &DEFAULT_SETTINGS,
            out: Vec::new(),
        }
    }

    /// The settings the rule's options come from (the defaults otherwise).
    pub fn with_settings(mut self, settings: &'a Settings) -> Self {
        self.settings = settings;
        self
    }

    /// The value of one of the rule's options ([`crate::config::RULE_OPTIONS`]): configured,
    /// else its default.
    pub fn option(&self, name: &str) -> Option<i64> {
        self.settings.option(self.meta.id, name)
    }

    /// Report at the rule's default severity; returns the diagnostic to add detail to.
    pub fn report(&mut self, loc: Location, message: impl Into<String>) -> &mut Diagnostic {
        let sev = self.meta.default_severity;
        self.report_as(sev, loc, message)
    }

    /// Report at a severity the rule decides (for rules whose catalogue severity depends on
    /// the case); configuration may still override it.
    pub fn report_as(
        &mut self,
        severity: Severity,
        loc: Location,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::new(self.meta.id, severity, loc, message));
        self.out.last_mut().unwrap()
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.out
    }

    /// A fix that replaces a scalar value with `value`, written in the document's own syntax
    /// (`"x"` in JSON, `'x'` in Bicep). `None` for documents we cannot write.
    pub fn replace_string(
        &self,
        loc: Location,
        value: &str,
        title: impl Into<String>,
    ) -> Option<Fix> {
        let text = match self.docs.get(loc.file).kind {
            k if k.is_json() => serde_json::to_string(value).ok()?,
            DocumentKind::Bicep => {
                format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
            }
            _ => return None,
        };
        Some(Fix {
            title: title.into(),
            edits: vec![TextEdit {
                file: loc.file,
                range: loc.range,
                new_text: text,
            }],
        })
    }
}

/// "(holds with the default of parameter `x`)" for findings that rest on parameter defaults.
pub fn default_note<T>(fields: &[Option<&Field<T>>]) -> Option<String> {
    let params: Vec<&str> = fields
        .iter()
        .flatten()
        .filter_map(|f| f.via_param.as_deref())
        .collect();
    params_note(params)
}

/// The same note for parameter names already collected (the pull paths keep them per step).
pub fn params_note(mut params: Vec<&str>) -> Option<String> {
    params.sort_unstable();
    params.dedup();
    match params.as_slice() {
        [] => None,
        [p] => Some(format!(
            "this holds with the default value of parameter `{p}`"
        )),
        ps => Some(format!(
            "this holds with the default values of parameters {}",
            ps.iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

mod aci_acr_mi_system_assigned;
mod aci_acr_no_credentials;
mod aci_dns_not_inherited;
mod aci_global_peering;
mod aci_subnet_not_delegated;
mod aci_subnet_shared;
mod aci_vnet_natgw;
mod aci_vnet_public_ip;
mod acr_abac_role_mismatch;
mod acr_admin_user_enabled;
mod acr_dns_records_missing;
mod acr_dns_regional_zone;
mod acr_dns_zone_name;
mod acr_georep_requires_premium;
mod acr_name_invalid;
mod acr_pe_groupid;
mod acr_pe_limit;
mod acr_pe_public_still_open;
mod acr_pe_requires_premium;
mod acr_pe_static_ip_georep;
mod acr_pe_subnet_capacity;
mod acr_public_disabled_requires_premium;
mod acr_service_endpoint_preview;
mod acr_trusted_bypass_off_aci;
mod aks_acrpull_on_control_plane;
mod aks_acrpull_via_group;
mod aks_kubelet_acrpull_missing;
mod app_acr_mi_creds;
mod app_integration_subnet;
mod app_no_vnet_integration;
mod app_vnet_pull_not_enabled;
mod appgw_backend_aci_ip;
mod appgw_subnet_dedicated;
mod dns_custom_server;
mod dns_duplicate_link;
pub(crate) mod dns_link_missing;
mod dns_peering_no_link;
mod dns_registration_privatelink;
mod georep_replica_routing;
mod occupants;
mod pe_delegated_subnet;
mod pe_location_vnet;
mod pe_manual_connection;
mod pe_multiple_same_zone;
mod pe_zonegroup_limits;
mod peering_one_sided;
mod peering_overlap;
mod peering_transitive;
mod pull_no_private_endpoint;
mod pull_step;
mod vnet_reserved_range;
mod vnet_subnet_outside_space;
mod vnet_subnet_size;

/// Every rule, in catalogue order.
pub static ALL: &[&dyn Rule] = &[
    &acr_name_invalid::AcrNameInvalid,
    &acr_pe_requires_premium::AcrPeRequiresPremium,
    &acr_georep_requires_premium::AcrGeorepRequiresPremium,
    &acr_public_disabled_requires_premium::AcrPublicDisabledRequiresPremium,
    &acr_pe_groupid::AcrPeGroupid,
    &acr_pe_public_still_open::AcrPePublicStillOpen,
    &acr_admin_user_enabled::AcrAdminUserEnabled,
    &acr_service_endpoint_preview::AcrServiceEndpointPreview,
    &acr_pe_limit::AcrPeLimit,
    &acr_dns_zone_name::AcrDnsZoneName,
    &acr_dns_regional_zone::AcrDnsRegionalZone,
    &acr_dns_records_missing::AcrDnsRecordsMissing,
    &acr_pe_subnet_capacity::AcrPeSubnetCapacity,
    &acr_pe_static_ip_georep::AcrPeStaticIpGeorep,
    &pe_delegated_subnet::PeDelegatedSubnet,
    &pe_location_vnet::PeLocationVnet,
    &pe_zonegroup_limits::PeZonegroupLimits,
    &pe_manual_connection::PeManualConnection,
    &pe_multiple_same_zone::PeMultipleSameZone,
    &dns_link_missing::DnsLinkMissing,
    &dns_peering_no_link::DnsPeeringNoLink,
    &dns_custom_server::DnsCustomServer,
    &dns_duplicate_link::DnsDuplicateLink,
    &dns_registration_privatelink::DnsRegistrationPrivatelink,
    &vnet_subnet_outside_space::VnetSubnetOutsideSpace,
    &vnet_subnet_size::VnetSubnetSize,
    &vnet_reserved_range::VnetReservedRange,
    &peering_overlap::PeeringOverlap,
    &peering_one_sided::PeeringOneSided,
    &peering_transitive::PeeringTransitive,
    &pull_no_private_endpoint::PullNoPrivateEndpoint,
    &aks_kubelet_acrpull_missing::AksKubeletAcrpullMissing,
    &aks_acrpull_on_control_plane::AksAcrpullOnControlPlane,
    &aks_acrpull_via_group::AksAcrpullViaGroup,
    &acr_abac_role_mismatch::AcrAbacRoleMismatch,
    &aci_subnet_not_delegated::AciSubnetNotDelegated,
    &aci_subnet_shared::AciSubnetShared,
    &aci_vnet_public_ip::AciVnetPublicIp,
    &aci_acr_no_credentials::AciAcrNoCredentials,
    &aci_acr_mi_system_assigned::AciAcrMiSystemAssigned,
    &acr_trusted_bypass_off_aci::AcrTrustedBypassOffAci,
    &aci_global_peering::AciGlobalPeering,
    &aci_dns_not_inherited::AciDnsNotInherited,
    &aci_vnet_natgw::AciVnetNatgw,
    &app_no_vnet_integration::AppNoVnetIntegration,
    &app_vnet_pull_not_enabled::AppVnetPullNotEnabled,
    &app_integration_subnet::AppIntegrationSubnet,
    &app_acr_mi_creds::AppAcrMiCreds,
    &georep_replica_routing::GeorepReplicaRouting,
    &appgw_subnet_dedicated::AppgwSubnetDedicated,
    &appgw_backend_aci_ip::AppgwBackendAciIp,
];

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.meta().id == id)
}
