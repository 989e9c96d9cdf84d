use crate::rules::{default_note, Check, RuleCtx};

crate::declare_rule! {
    /// ## What it checks
    /// A registry whose name is not 5 to 50 letters and digits (a dash, an underscore, a dot,
    /// or too short or too long). Names built from values not known before deployment (for
    /// example `'acr${uniqueString(resourceGroup().id)}'`) and registries declared `existing`
    /// are not checked.
    ///
    /// ## Why it matters
    /// Azure rejects the deployment: the name becomes the login server `<name>.azurecr.io`, and
    /// must "contain 5-50 alphanumeric characters, excluding dash characters (`-`)". Upper case
    /// is allowed (names are case-insensitive; the login server is lower case).
    ///
    /// ## Source
    /// azure-rest-api-specs `Microsoft.ContainerRegistry` stable 2025-11-01
    /// `RegistryNameCheckRequest.name` (`minLength: 5, maxLength: 50, pattern: ^[a-zA-Z0-9]*$`);
    /// azure-management-docs `container-registry-get-started-portal.md`; AZURE-FACTS §1.1
    /// (snapshot 2026-08-20).
    ///
    /// ## Example
    /// ```json
    /// { "registries": [ { "name": "contoso-acr", "sku": "Premium" } ] }
    /// ```
    ///
    /// ## Fix
    /// Rename the registry with letters and digits only, 5 to 50 of them (`contosoacr`).
    pub AcrNameInvalid {
        id: "acr-name-invalid",
        severity: Error,
        summary: "A registry name is not 5-50 letters and digits",
        fix: false,
    }
}

/// Why `name` is not a valid registry name, if it is not.
fn problem(name: &str) -> Option<String> {
    let len = name.chars().count();
    if let Some(c) = name.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Some(format!(
            "contains `{c}`: only letters and digits are allowed"
        ));
    }
    if len < 5 {
        return Some(format!("has {len} characters; at least 5 are needed"));
    }
    if len > 50 {
        return Some(format!("has {len} characters; at most 50 are allowed"));
    }
    None
}

impl Check for AcrNameInvalid {
    fn run(ctx: &mut RuleCtx) {
        let m = ctx.model;
        for r in &m.registries {
            // An `existing` registry is looked up, not created: its name is not ours to judge.
            if r.meta.existing {
                continue;
            }
            let Some(name) = r.name.get() else { continue };
            let Some(why) = problem(name) else { continue };
            let suggestion: String = name
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(50)
                .collect();
            let mut help = if suggestion.chars().count() >= 5 {
                format!("Use 5-50 letters and digits, for example `{suggestion}`.")
            } else {
                "Use 5-50 letters and digits.".to_string()
            };
            if let Some(n) = default_note(&[Some(&r.name)]) {
                help = format!("{} ({n}).", help.trim_end_matches('.'));
            }
            ctx.report(
                r.name.loc,
                format!("registry name `{name}` {why}; Azure rejects it (the name becomes the login server `<name>.azurecr.io`)"),
            )
            .help = Some(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn names() {
        assert!(problem("contosoacr").is_none());
        assert!(problem("ContosoACR01").is_none());
        assert!(problem("contoso-acr").is_some());
        assert!(problem("acr1").is_some());
        assert!(problem(&"a".repeat(51)).is_some());
        assert!(problem(&"a".repeat(50)).is_none());
        assert!(problem("régistre1").is_some());
    }
}
