//! Step 2: the identity that pulls has a pull-capable role covering the registry
//! (DOMAIN.md §1 step 2; AZURE-FACTS §5.3, §6.1).

use super::path::{quoted, related, Cx, Know};
use super::reach::Access;
use super::{Step, StepKind, Verdict};
use crate::diagnostic::Related;
use crate::model::names::{registry_of_image, role_name, role_pull, RolePull};
use crate::model::{
    AciProps, CredIdentity, IdentityId, Principal, RoleAssignmentId, Scope, Target, WorkloadProps,
};

/// What later steps need from step 2.
pub struct AuthInfo {
    /// A container group pulls from this registry with a user-assigned identity it holds (the
    /// only way through the trusted-services bypass); `Ok(false)` for other workloads.
    pub uami: Know<bool>,
}

/// Who pulls.
struct Puller {
    principal: Principal,
    /// Another name for the same principal: a cluster's `identityProfile.kubeletidentity.objectId`
    /// is its bring-your-own kubelet identity's object id (AZURE-FACTS §6.1).
    alias: Option<Principal>,
    /// "the kubelet identity of AKS cluster `aks`".
    label: String,
    /// Its principal id cannot be known from the documents (an `existing` or outside identity):
    /// an assignment to a bare principal id may be for it.
    opaque: bool,
}

enum Grant {
    Yes(String, Vec<Related>, Granted),
    Maybe(String, Vec<Related>),
    /// No role pulls; notes explain near misses (a role of the wrong registry mode), and the
    /// first such role assigned on the registry itself is named.
    No(Vec<Related>, Option<RoleAssignmentId>),
}

/// How a grant was found.
struct Granted {
    assignment: RoleAssignmentId,
    /// The group the role is assigned to, when the principal has it only through one.
    via_group: Option<IdentityId>,
    /// No direct assignment could grant it either, as far as the documents can say (none is
    /// unknown, none may be outside them).
    sole: bool,
}

enum Mode {
    Legacy,
    Abac,
}

fn mode(cx: &Cx) -> Know<Mode> {
    if cx.reg.meta.existing {
        return Err(format!(
            "registry {} is declared `existing`: its role assignment mode is unknown",
            cx.rname
        ));
    }
    match &cx.reg.role_assignment_mode {
        None => Ok(Mode::Legacy),
        Some(f) => match f.get() {
            Some(m) if m.eq_ignore_ascii_case("AbacRepositoryPermissions") => Ok(Mode::Abac),
            Some(_) => Ok(Mode::Legacy),
            None => Err(format!(
                "the role assignment mode of registry {} is unknown",
                cx.rname
            )),
        },
    }
}

enum Eval {
    Grants(String),
    Maybe(String),
    No(Option<String>),
}

fn scope_text(s: &Scope) -> &'static str {
    match s {
        Scope::Registry(_) => "on the registry",
        Scope::ResourceGroup => "on the resource group",
        Scope::Subscription => "on the subscription",
        Scope::Other(_) => "on another scope",
    }
}

/// Does this assignment let its principal pull from the registry?
fn eval(cx: &Cx, a: RoleAssignmentId) -> Eval {
    let Some(ra) = cx.m.role_assignments.get(a.index()) else {
        return Eval::No(None);
    };
    let Some(role) = ra.role.get() else {
        return Eval::Maybe("its role is unknown".into());
    };
    let pull = role_pull(role);
    if pull == RolePull::None {
        return Eval::No(None);
    }
    let rn = role_name(role);
    let Some(scope) = ra.scope.get() else {
        return Eval::Maybe(format!("the scope of its {rn} role is unknown"));
    };
    match scope {
        Scope::Registry(r) if *r == cx.r => {}
        Scope::Registry(_) => return Eval::No(None),
        Scope::ResourceGroup | Scope::Subscription if cx.reg.meta.existing => {
            return Eval::Maybe(format!(
                "registry {} is declared `existing` and may lie outside the scope of its {rn} role",
                cx.rname
            ))
        }
        Scope::ResourceGroup | Scope::Subscription => {}
        Scope::Other(s) => {
            return Eval::Maybe(format!(
                "the scope `{s}` of its {rn} role may cover registry {}",
                cx.rname
            ))
        }
    }
    let grants = match (pull, mode(cx)) {
        (_, Err(e)) => return Eval::Maybe(e),
        (RolePull::Legacy, Ok(Mode::Legacy)) | (RolePull::Abac, Ok(Mode::Abac)) => true,
        (RolePull::Legacy, Ok(Mode::Abac)) => {
            return Eval::No(Some(format!(
                "{rn} grants no pull on registry {}, which uses ABAC repository permissions",
                cx.rname
            )))
        }
        (RolePull::Abac, Ok(Mode::Legacy)) => {
            return Eval::No(Some(format!(
                "{rn} grants pull only on registries in ABAC mode; registry {} uses legacy registry permissions",
                cx.rname
            )))
        }
        (RolePull::None, _) => false,
    };
    if !grants {
        return Eval::No(None);
    }
    if ra.meta.maybe {
        return Eval::Maybe(format!(
            "its {rn} role may not be deployed (unknown condition)"
        ));
    }
    Eval::Grants(format!("{rn} {}", scope_text(scope)))
}

/// Groups that hold the principal, directly or through other groups (known membership).
fn groups_holding(cx: &Cx, p: &Principal) -> Vec<IdentityId> {
    let mut out: Vec<IdentityId> = Vec::new();
    let mut todo = vec![p.clone()];
    while let Some(p) = todo.pop() {
        for &g in cx.ix.groups_of.get(&p).into_iter().flatten() {
            if !out.contains(&g) {
                out.push(g);
                todo.push(Principal::Identity(g));
            }
        }
    }
    out
}

fn identity_name(cx: &Cx, id: IdentityId) -> String {
    cx.m.identities
        .get(id.index())
        .map_or("`?`".into(), |i| quoted(&i.name))
}

fn grant(cx: &Cx, who: &Puller) -> Grant {
    let ix = cx.ix;
    let mut maybe: Option<(String, Vec<Related>)> = None;
    let mut notes: Vec<Related> = Vec::new();
    let ra_loc = |a: RoleAssignmentId| cx.m.role_assignments.get(a.index()).map(|r| r.meta.loc);

    // (assignment, through group, membership known)
    let mut candidates: Vec<(RoleAssignmentId, Option<IdentityId>, bool)> = Vec::new();
    let names = || std::iter::once(&who.principal).chain(who.alias.as_ref());
    for p in names() {
        for &a in ix.role_by_principal.get(p).into_iter().flatten() {
            candidates.push((a, None, true));
        }
    }
    let mut groups = groups_holding(cx, &who.principal);
    for g in who.alias.iter().flat_map(|p| groups_holding(cx, p)) {
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    for g in groups {
        for &a in ix
            .role_by_principal
            .get(&Principal::Identity(g))
            .into_iter()
            .flatten()
        {
            candidates.push((a, Some(g), true));
        }
    }
    for &g in &ix.groups_with_unknown_members {
        for &a in ix
            .role_by_principal
            .get(&Principal::Identity(g))
            .into_iter()
            .flatten()
        {
            candidates.push((a, Some(g), false));
        }
    }
    for &a in &ix.roles_unknown_principal {
        candidates.push((a, None, false));
    }
    // A bare principal id may be the puller itself (an identity that already exists) or an
    // Entra group outside the documents that holds it.
    for (p, ids) in &ix.role_by_principal {
        if matches!(p, Principal::External(_)) && *p != who.principal {
            candidates.extend(ids.iter().map(|&a| (a, None, false)));
        }
    }

    let mut via_group: Option<(String, Vec<Related>, Granted)> = None;
    let mut direct_maybe = false;
    let mut mismatch: Option<RoleAssignmentId> = None;
    for (a, group, member) in candidates {
        let loc = ra_loc(a);
        let ev = eval(cx, a);
        if group.is_none() && matches!(ev, Eval::Maybe(_) | Eval::Grants(_)) {
            direct_maybe = true;
        }
        match ev {
            Eval::Grants(what) if member => {
                let mut locs: Vec<Related> = loc
                    .map(|l| related(l, "the role assignment"))
                    .into_iter()
                    .collect();
                let via = match group {
                    Some(g) => {
                        if let Some(i) = cx.m.identities.get(g.index()) {
                            locs.push(related(i.meta.loc, "the group"));
                        }
                        format!(" through group {}", identity_name(cx, g))
                    }
                    None => String::new(),
                };
                let granted = Granted {
                    assignment: a,
                    via_group: group,
                    sole: false,
                };
                let yes = (format!("{} has {what}{via}", who.label), locs, granted);
                if group.is_none() {
                    return Grant::Yes(yes.0, yes.1, yes.2);
                }
                // A direct assignment later in the list would be the better answer.
                via_group.get_or_insert(yes);
            }
            Eval::Grants(what) => {
                let why = match group {
                    Some(g) => format!(
                        "group {} has {what}, and its members are not all known",
                        identity_name(cx, g)
                    ),
                    None => format!(
                        "a role assignment with {what} is for a principal the documents do not name"
                    ),
                };
                maybe.get_or_insert((
                    why,
                    loc.map(|l| related(l, "the role assignment"))
                        .into_iter()
                        .collect(),
                ));
            }
            Eval::Maybe(why) if member => {
                maybe.get_or_insert((
                    format!("a role assignment for {}: {why}", who.label),
                    loc.map(|l| related(l, "the role assignment"))
                        .into_iter()
                        .collect(),
                ));
            }
            Eval::Maybe(why) => {
                maybe.get_or_insert((
                    format!("a role assignment for a principal the documents do not tie to it may grant pull: {why}"),
                    loc.map(|l| related(l, "the role assignment")).into_iter().collect(),
                ));
            }
            Eval::No(Some(note)) if member => {
                // A role of the wrong mode on the registry itself is the mode rule's finding;
                // on a wider scope it is just no role for this registry.
                let on_registry =
                    cx.m.role_assignments
                        .get(a.index())
                        .is_some_and(|r| r.scope.get() == Some(&Scope::Registry(cx.r)));
                if on_registry {
                    mismatch.get_or_insert(a);
                }
                if let Some(l) = loc {
                    notes.push(related(l, note));
                }
            }
            Eval::No(_) => {}
        }
    }
    if let Some((why, locs, mut granted)) = via_group {
        granted.sole = !direct_maybe && !who.opaque && cx.m.incomplete.is_none();
        return Grant::Yes(why, locs, granted);
    }
    if let Some((why, locs)) = maybe {
        return Grant::Maybe(why, locs);
    }
    if let Some(inc) = &cx.m.incomplete {
        return Grant::Maybe(
            format!(
                "no role in the documents, but one may be assigned outside them: {}",
                inc.reason
            ),
            notes,
        );
    }
    Grant::No(notes, mismatch)
}

fn step_from(cx: &Cx, who: &Puller, g: Grant, rule: Option<&'static str>) -> Step {
    let base = Step::new(StepKind::Auth, Verdict::Ok, "");
    match g {
        Grant::Yes(why, locs, _) => Step {
            reason: format!("{why} covering registry {}", cx.rname),
            ..base
        }
        .locs(locs),
        Grant::Maybe(why, locs) => Step {
            verdict: Verdict::Unknown,
            reason: format!(
                "whether {} may pull from registry {} is unknown: {why}",
                who.label, cx.rname
            ),
            ..base
        }
        .locs(locs),
        Grant::No(notes, _) => {
            let mut s = Step {
                verdict: Verdict::Broken,
                reason: format!(
                    "{} has no role that pulls from registry {} (on the registry, its resource group or subscription)",
                    who.label, cx.rname
                ),
                rule,
                ..base
            }
            .loc(cx.reg.meta.loc, "the registry")
            .locs(notes);
            if let Some(f) = &cx.reg.role_assignment_mode {
                s = s.params(f.via_param.clone());
            }
            s
        }
    }
}

pub fn auth(cx: &Cx, access: &Access) -> (Step, AuthInfo) {
    match &cx.wl.props {
        WorkloadProps::Aks(p) => (aks(cx, p), AuthInfo { uami: Ok(false) }),
        WorkloadProps::Aci(p) => aci(cx, p, access),
        WorkloadProps::WebApp(p) => {
            let base = Step::new(StepKind::Auth, Verdict::Ok, "");
            let mi = p.acr_use_managed_identity_creds.as_ref();
            let step = match mi.map(|f| f.get().copied()) {
                Some(Some(true)) => {
                    let who = Puller {
                        principal: Principal::SystemAssigned(cx.w),
                        alias: None,
                        label: format!("the system-assigned identity of {}", cx.wname),
                        opaque: cx.wl.meta.existing,
                    };
                    match grant(cx, &who) {
                        g @ Grant::Yes(..) => step_from(cx, &who, g, None),
                        _ => Step {
                            verdict: Verdict::Unknown,
                            reason: format!(
                                "{} pulls with a managed identity, but which one (system-assigned or `acrUserManagedIdentityID`) and its role on registry {} are not in the documents",
                                cx.wname, cx.rname
                            ),
                            ..base
                        },
                    }
                }
                Some(None) => Step {
                    verdict: Verdict::Unknown,
                    reason: format!("whether {} pulls with a managed identity is unknown", cx.wname),
                    ..base
                },
                _ if p.has_registry_credentials => Step {
                    reason: format!("{} pulls with registry credentials", cx.wname),
                    ..base
                },
                _ => Step {
                    verdict: Verdict::Broken,
                    rule: Some("app-acr-mi-creds"),
                    // On `acrUseManagedIdentityCreds: false`, else on the site.
                    at: Some(mi.map_or(cx.wl.meta.loc, |f| f.loc)),
                    reason: format!(
                        "{} pulls from registry {} without `acrUseManagedIdentityCreds` or registry credentials",
                        cx.wname, cx.rname
                    ),
                    ..base
                },
            };
            (
                step.loc(cx.wl.meta.loc, "the web app"),
                AuthInfo { uami: Ok(false) },
            )
        }
    }
}

fn aks(cx: &Cx, p: &crate::model::AksProps) -> Step {
    let who = match &p.kubelet_identity {
        None => Puller {
            principal: Principal::Kubelet(cx.w),
            alias: None,
            label: format!("the kubelet identity of {}", cx.wname),
            opaque: cx.wl.meta.existing,
        },
        Some(f) => match f.get() {
            Some(Target::Resolved(id)) => Puller {
                principal: Principal::Identity(*id),
                alias: Some(Principal::Kubelet(cx.w)),
                label: format!(
                    "kubelet identity {} of {}",
                    identity_name(cx, *id),
                    cx.wname
                ),
                opaque: cx
                    .m
                    .identities
                    .get(id.index())
                    .is_none_or(|i| i.meta.existing),
            },
            Some(Target::External(s)) => Puller {
                principal: Principal::External(s.clone()),
                alias: Some(Principal::Kubelet(cx.w)),
                label: format!("kubelet identity `{s}` of {}", cx.wname),
                opaque: true,
            },
            None => {
                return Step::new(
                    StepKind::Auth,
                    Verdict::Unknown,
                    format!(
                        "the kubelet identity of {} is unknown: {}",
                        cx.wname,
                        f.unknown_reason().map_or("", |u| u.reason.as_str())
                    ),
                )
                .loc(f.loc, "the kubelet identity");
            }
        },
    };
    let g = grant(cx, &who);
    // One problem, one rule: the most specific rule names the step (each rule's
    // documentation says so). A role of the wrong registry mode on the right identity is
    // `acr-abac-role-mismatch`; a pull role on the wrong (control-plane) identity is
    // `aks-acrpull-on-control-plane`; nothing at all is `aks-kubelet-acrpull-missing`. A
    // role held only through an Entra group works, with a caveat (`aks-acrpull-via-group`).
    let mismatch = match &g {
        Grant::No(_, m) => *m,
        _ => None,
    };
    let via_group = match &g {
        Grant::Yes(_, _, gr) if gr.via_group.is_some() && gr.sole => Some(gr.assignment),
        _ => None,
    };
    let mut step = step_from(cx, &who, g, Some("aks-kubelet-acrpull-missing"));
    if let Some(a) = via_group {
        step.rule = Some("aks-acrpull-via-group");
        step.at =
            cx.m.role_assignments
                .get(a.index())
                .map(|r| r.principal.loc);
    }
    if step.verdict == Verdict::Broken {
        // The classic mistake: the role went to the control plane's identity, which does not
        // pull (AZURE-FACTS §6.1).
        // A user-assigned control-plane identity is named by its own principal id.
        let cp = Puller {
            principal: Principal::SystemAssigned(cx.w),
            alias: p
                .control_plane_identity
                .as_ref()
                .and_then(|f| f.id())
                .map(Principal::Identity),
            label: format!("the control-plane identity of {}", cx.wname),
            opaque: false,
        };
        let cp_grant = grant(cx, &cp);
        if let Grant::Yes(_, locs, _) = &cp_grant {
            for l in locs {
                step.push_loc(
                    l.location,
                    "this role is for the cluster's control-plane identity, which does not pull images",
                );
            }
        }
        if let Some(a) = mismatch {
            step.rule = Some("acr-abac-role-mismatch");
            step.at = cx.m.role_assignments.get(a.index()).map(|r| r.role.loc);
        } else if let Grant::Yes(what, _, gr) = cp_grant {
            step.rule = Some("aks-acrpull-on-control-plane");
            step.reason = format!(
                "{what}, but nodes pull with the kubelet identity, which has no role that pulls from registry {}",
                cx.rname
            );
            step.at =
                cx.m.role_assignments
                    .get(gr.assignment.index())
                    .map(|r| r.principal.loc);
        }
        if who.opaque {
            step.verdict = Verdict::Unknown;
            step.rule = None;
            step.at = None;
            step.reason.push_str(
                ", as far as the documents say: the identity is outside them, so its roles may be too",
            );
        }
    }
    step.loc(cx.wl.meta.loc, "the cluster")
}

/// The credential entries of a container group for this registry's login server: (known
/// match, entries whose server is unknown).
fn credentials_for<'a>(cx: &Cx, p: &'a AciProps) -> (Vec<&'a crate::model::AciCredential>, bool) {
    let name = cx.reg.name.get();
    let mut matching = Vec::new();
    let mut unknown = false;
    for c in &p.credentials {
        match (c.server.get(), name) {
            (Some(server), Some(name)) => {
                if registry_of_image(server).is_some_and(|r| r.eq_ignore_ascii_case(name)) {
                    matching.push(c);
                }
            }
            _ => unknown = true,
        }
    }
    (matching, unknown)
}

fn aci(cx: &Cx, p: &AciProps, access: &Access) -> (Step, AuthInfo) {
    let server = cx
        .reg
        .name
        .get()
        .map_or("the registry's login server".to_string(), |n| {
            format!("`{}.azurecr.io`", n.to_ascii_lowercase())
        });
    let base =
        Step::new(StepKind::Auth, Verdict::Ok, "").loc(cx.wl.meta.loc, "the container group");
    let (matching, unknown_server) = credentials_for(cx, p);
    let with_identity = matching
        .iter()
        .find_map(|c| c.identity.as_ref().map(|i| (c, i)));

    if let Some((c, idf)) = with_identity {
        let base = base.loc(c.loc, "the registry credential");
        let Some(ident) = idf.get() else {
            let step = Step {
                verdict: Verdict::Unknown,
                reason: format!(
                    "the identity {} pulls from {server} with is unknown",
                    cx.wname
                ),
                ..base
            };
            let why = step.reason.clone();
            return (step, AuthInfo { uami: Err(why) });
        };
        let target = match ident {
            CredIdentity::SystemAssigned => {
                let step = Step {
                    verdict: Verdict::Broken,
                    rule: Some("aci-acr-mi-system-assigned"),
                    reason: format!(
                        "{} pulls from {server} with its system-assigned identity, which container groups cannot use for image pulls",
                        cx.wname
                    ),
                    at: Some(idf.loc),
                    ..base
                };
                return (step, AuthInfo { uami: Ok(false) });
            }
            CredIdentity::UserAssigned(t) => t,
        };
        let held = p.user_assigned.iter().any(|u| u.get() == Some(target));
        let maybe_held = p.user_assigned.iter().any(|u| u.get().is_none());
        let label = match target {
            Target::Resolved(id) => format!("user-assigned identity {}", identity_name(cx, *id)),
            Target::External(s) => format!("user-assigned identity `{s}`"),
        };
        if !held {
            let (verdict, rule) = if maybe_held {
                (Verdict::Unknown, None)
            } else {
                (Verdict::Broken, Some("aci-acr-mi-system-assigned"))
            };
            let step = Step {
                verdict,
                rule,
                reason: format!(
                    "{} pulls from {server} with {label}, which is not among its user-assigned identities",
                    cx.wname
                ),
                at: Some(idf.loc),
                ..base
            };
            let uami = if maybe_held {
                Err(step.reason.clone())
            } else {
                Ok(false)
            };
            return (step, AuthInfo { uami });
        }
        let who = Puller {
            principal: match target {
                Target::Resolved(id) => Principal::Identity(*id),
                Target::External(s) => Principal::External(s.clone()),
            },
            alias: None,
            opaque: match target {
                Target::Resolved(id) => {
                    cx.m.identities
                        .get(id.index())
                        .is_none_or(|i| i.meta.existing)
                }
                Target::External(_) => true,
            },
            label: format!("{label} of {}", cx.wname),
        };
        let g = grant(cx, &who);
        let mut step = step_from(cx, &who, g, None).locs(base.locations);
        if step.verdict == Verdict::Broken && who.opaque {
            step.verdict = Verdict::Unknown;
            step.reason.push_str(
                ", as far as the documents say: the identity is outside them, so its roles may be too",
            );
        }
        return (step, AuthInfo { uami: Ok(true) });
    }

    let restricted = &access.restricted;
    if unknown_server && matching.is_empty() {
        let step = Step {
            verdict: Verdict::Unknown,
            reason: format!(
                "{} has registry credentials whose server is unknown; one may be for {server}",
                cx.wname
            ),
            ..base
        };
        let why = step.reason.clone();
        return (step, AuthInfo { uami: Err(why) });
    }
    let has_password = !matching.is_empty();
    let step = match (restricted, has_password) {
        (Ok(true), _) => Step {
            verdict: Verdict::Broken,
            rule: Some("aci-acr-no-credentials"),
            reason: if has_password {
                format!(
                    "{} has only username/password credentials for {server}; restricted registry {} admits container groups only through the trusted-services bypass, with a user-assigned identity",
                    cx.wname, cx.rname
                )
            } else {
                format!(
                    "{} has no `registryCredentials` entry for {server}; restricted registry {} admits container groups only through the trusted-services bypass, with a user-assigned identity",
                    cx.wname, cx.rname
                )
            },
            ..base
        }
        .locs(access.step.locations.iter().skip(1).cloned())
        .params(access.step.params.clone()),
        (Ok(false), true) => Step {
            reason: format!("{} pulls from {server} with username/password credentials", cx.wname),
            ..base
        },
        (Ok(false), false) => Step {
            verdict: Verdict::Unknown,
            reason: format!(
                "{} has no credentials for {server}: the pull works only if the registry allows anonymous pull, which the documents do not say",
                cx.wname
            ),
            ..base
        },
        (Err(e), _) => Step {
            verdict: Verdict::Unknown,
            reason: format!(
                "{} has no identity-based credentials for {server}, which it needs if the registry is restricted: {e}",
                cx.wname
            ),
            ..base
        },
    };
    (step, AuthInfo { uami: Ok(false) })
}
