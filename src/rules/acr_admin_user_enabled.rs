use crate::diagnostic::{Fix, TextEdit};
use crate::model::Field;
use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A registry with `adminUserEnabled: true`. Registries declared `existing` are not
    /// checked.
    ///
    /// ## Why it matters
    /// The admin account is one shared user name and password with full permissions on the
    /// registry ("designed for a single user ... mainly for testing"). Anyone holding the
    /// password can push and pull; nothing ties a pull to a workload. Workloads should pull
    /// with a managed identity holding AcrPull.
    ///
    /// ## Source
    /// azure-management-docs `articles/container-registry/container-registry-authentication.md`
    /// (ms.date 2026-02-02): "disabled by default ... enable it only when necessary"; swagger
    /// 2025-11-01 default `adminUserEnabled: false`; AZURE-FACTS §1.5, §1.9.
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contosoacr", "sku": "Premium", "adminUserEnabled": true } ] }
    /// ```
    ///
    /// ## Fix
    /// Set `adminUserEnabled` to `false` (quick fix) and give each workload a managed identity
    /// with AcrPull. (Deploying to Container Instances from the portal still needs the admin
    /// account; templates do not.)
    pub AcrAdminUserEnabled {
        id: "acr-admin-user-enabled",
        severity: Warning,
        summary: "The registry's admin user is enabled",
        fix: true,
    }
}

/// A fix that turns a literal `true` into `false` (the same text in JSON and Bicep). `None`
/// when the value is written another way (an expression), which a blind edit could break.
pub(super) fn set_false(ctx: &RuleCtx, f: &Field<bool>, title: impl Into<String>) -> Option<Fix> {
    let doc = ctx.docs.get(f.loc.file);
    let text = doc
        .text
        .get(f.loc.range.start as usize..f.loc.range.end as usize)?;
    if text != "true" {
        return None;
    }
    Some(Fix {
        title: title.into(),
        edits: vec![TextEdit {
            file: f.loc.file,
            range: f.loc.range,
            new_text: "false".into(),
        }],
    })
}

impl Check for AcrAdminUserEnabled {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for r in &m.registries {
            if r.meta.existing {
                continue;
            }
            let Some(f) = r.admin_user_enabled.as_ref() else {
                continue;
            };
            if f.get() != Some(&true) {
                continue;
            }
            let rname = r.name.label();
            let fix = set_false(ctx, f, format!("Disable the admin user of `{rname}`"));
            let help = "Disable the admin user and pull with a managed identity that holds AcrPull on the registry.";
            let d = ctx.report(
                f.loc,
                format!("registry `{rname}` enables its admin user: one shared password with full push and pull rights"),
            );
            d.help = Some(match default_note(&[Some(f)]) {
                Some(n) => format!("{} ({n}).", help.trim_end_matches('.')),
                None => help.into(),
            });
            d.fix = fix;
        }
    }
}
