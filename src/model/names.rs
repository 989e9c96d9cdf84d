//! Azure names and identifiers the rules compare: regions, login servers, role definitions.

/// Normalise a region for comparison: `West Europe` and `westeurope` are one region.
pub fn region(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The zone every ACR private endpoint must use (AZURE-FACTS §1.3).
pub const ACR_ZONE: &str = "privatelink.azurecr.io";

/// The registry name in a login server or image reference: `myreg.azurecr.io/app:1` →
/// `myreg`. `None` for images that are not in an Azure container registry.
pub fn registry_of_image(image: &str) -> Option<&str> {
    let image = image.trim();
    let image = image
        .strip_prefix("DOCKER|")
        .or_else(|| image.strip_prefix("docker|"))
        .unwrap_or(image);
    let host = image.split('/').next()?;
    let host = host.split(':').next()?;
    let lower_ok = host.len() > ".azurecr.io".len()
        && host[host.len() - ".azurecr.io".len()..].eq_ignore_ascii_case(".azurecr.io");
    if !lower_ok {
        return None;
    }
    let name = &host[..host.len() - ".azurecr.io".len()];
    // `myreg.westeurope.data.azurecr.io` is a data endpoint of `myreg`.
    name.split('.').next().filter(|n| !n.is_empty())
}

/// What a role lets its holder do with a registry's images.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RolePull {
    /// Pulls on registries in legacy (RBAC registry permissions) mode only: AcrPull, AcrPush,
    /// Owner, Contributor, Reader.
    Legacy,
    /// Pulls on ABAC-mode registries only: Container Registry Repository Reader/Writer/
    /// Contributor.
    Abac,
    /// Grants no pull.
    None,
}

/// Built-in role definition GUIDs (AZURE-FACTS §6.1; azure-docs built-in-roles).
pub const ROLES: &[(&str, &str, RolePull)] = &[
    (
        "AcrPull",
        "7f951dda-4ed3-4680-a7ca-43fe172d538d",
        RolePull::Legacy,
    ),
    (
        "AcrPush",
        "8311e382-0749-4cb8-b61a-304f252e45ec",
        RolePull::Legacy,
    ),
    (
        "Owner",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        RolePull::Legacy,
    ),
    (
        "Contributor",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        RolePull::Legacy,
    ),
    (
        "Reader",
        "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        RolePull::Legacy,
    ),
    (
        "Container Registry Repository Reader",
        "b93aa761-3e63-49ed-ac28-beffa264f7ac",
        RolePull::Abac,
    ),
    (
        "Container Registry Repository Writer",
        "2a1e307c-b015-4ebd-883e-5b7698a07328",
        RolePull::Abac,
    ),
    (
        "Container Registry Repository Contributor",
        "2efddaa5-3f1f-4df3-97df-af3f13818f4c",
        RolePull::Abac,
    ),
    (
        "AcrDelete",
        "c2f4ef07-c644-48eb-af81-4b1b4947fb11",
        RolePull::None,
    ),
    (
        "AcrImageSigner",
        "6cef56e8-d556-48e5-a04f-b8e64114680f",
        RolePull::None,
    ),
];

/// Classify a role given by name (`AcrPull`), by GUID, or by a role definition id ending in
/// the GUID. Unknown roles grant no pull that we can prove: `None`.
pub fn role_pull(role: &str) -> RolePull {
    let r = role.trim();
    let tail = r.rsplit('/').next().unwrap_or(r);
    for (name, guid, pull) in ROLES {
        if tail.eq_ignore_ascii_case(guid) || r.eq_ignore_ascii_case(name) {
            return *pull;
        }
    }
    RolePull::None
}

/// A role's display name, for messages.
pub fn role_name(role: &str) -> String {
    let tail = role.rsplit('/').next().unwrap_or(role);
    ROLES
        .iter()
        .find(|(_, g, _)| tail.eq_ignore_ascii_case(g))
        .map_or_else(|| role.to_string(), |(n, _, _)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_roles() {
        assert_eq!(registry_of_image("myreg.azurecr.io/app:1"), Some("myreg"));
        assert_eq!(
            registry_of_image("DOCKER|MyReg.AzureCR.io/app"),
            Some("MyReg")
        );
        assert_eq!(registry_of_image("mcr.microsoft.com/nginx"), None);
        assert_eq!(registry_of_image("nginx"), None);
        assert_eq!(role_pull("/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d"), RolePull::Legacy);
        assert_eq!(
            role_pull("Container Registry Repository Reader"),
            RolePull::Abac
        );
        assert_eq!(role_pull("AcrDelete"), RolePull::None);
        assert_eq!(
            role_name("b93aa761-3e63-49ed-ac28-beffa264f7ac"),
            "Container Registry Repository Reader"
        );
        assert_eq!(region("West Europe"), "westeurope");
    }
}
