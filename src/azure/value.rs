//! Evaluated values: what the Bicep and ARM evaluators compute from expressions, with the place
//! each came from. A value the documents cannot determine is `Unknown`, keeping an identity so
//! that two uses of one unknown (the same parameter, the same `uniqueString(...)`) still compare
//! equal.

use crate::document::Location;
use crate::model::Unknown;

/// An evaluated value and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct EVal {
    pub kind: EKind,
    pub loc: Location,
    /// The parameter whose default value this came from (transitively), if any.
    pub via_param: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EKind {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    /// A string with unknown parts (`'${prefix}-acr'` with `prefix` unknown): the parts in
    /// order, each a `Str`, an `Unknown` or another value rendered into the string.
    Interp(Vec<EVal>),
    Array(Vec<EVal>),
    /// Properties in source order: (key, key location, value).
    Object(Vec<(String, Location, EVal)>),
    /// A resource id: `resourceId(...)`, `x.id`, `'${vnet.id}/subnets/a'`, or a literal
    /// `/subscriptions/.../providers/...` string.
    ResourceId(ResId),
    /// A runtime property of a resource declared in the documents (`aks.properties.
    /// identityProfile.kubeletidentity.objectId`, `reference(...)`): unknown as a value, but we
    /// know what it is.
    Property {
        of: ResId,
        path: Vec<String>,
    },
    Unknown(Unknown),
}

/// A resource id by type and names: `Microsoft.Network/virtualNetworks/subnets` with names
/// `[hub, pe]` (one name per type segment after the namespace).
#[derive(Clone, Debug, PartialEq)]
pub struct ResId {
    pub rtype: String,
    pub names: Vec<EVal>,
}

impl EVal {
    pub fn new(kind: EKind, loc: Location) -> Self {
        EVal {
            kind,
            loc,
            via_param: None,
        }
    }
    pub fn unknown(reason: Unknown, loc: Location) -> Self {
        EVal::new(EKind::Unknown(reason), loc)
    }
    pub fn str(s: impl Into<String>, loc: Location) -> Self {
        EVal::new(EKind::Str(s.into()), loc)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            EKind::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            EKind::Bool(b) => Some(*b),
            EKind::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            EKind::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[EVal]> {
        match &self.kind {
            EKind::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, EKind::Unknown(_))
    }
    /// Property `key` of an object (ARM property names are case-insensitive).
    pub fn get(&self, key: &str) -> Option<&EVal> {
        match &self.kind {
            EKind::Object(props) => props
                .iter()
                .find(|(k, _, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, _, v)| v),
            _ => None,
        }
    }
    /// The location of property `key`'s name, for findings about a property.
    pub fn key_loc(&self, key: &str) -> Option<Location> {
        match &self.kind {
            EKind::Object(props) => props
                .iter()
                .find(|(k, _, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, l, _)| *l),
            _ => None,
        }
    }
    /// Follow a path of property names.
    pub fn path(&self, keys: &[&str]) -> Option<&EVal> {
        let mut v = self;
        for k in keys {
            v = v.get(k)?;
        }
        Some(v)
    }
    /// Whether this value (an object) is unknown as a whole, so that absent properties may
    /// exist: `properties: someParam`.
    pub fn opaque(&self) -> bool {
        !matches!(self.kind, EKind::Object(_))
    }

    /// A stable text for an unknown or interpolated value, used to compare identities.
    pub fn identity(&self) -> Option<String> {
        match &self.kind {
            EKind::Str(s) => Some(s.to_ascii_lowercase()),
            EKind::Unknown(u) => u.identity.clone(),
            EKind::Interp(parts) => parts
                .iter()
                .map(EVal::identity)
                .collect::<Option<Vec<_>>>()
                .map(|v| v.concat()),
            EKind::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }
}

/// The text an evaluator uses for an object key that is a resource id (`'${uami.id}': {}` in
/// `identity.userAssignedIdentities`): `resid:<type>|<name identity>|...`. Parse it back with
/// [`parse_resid_key`].
pub fn resid_key(id: &ResId) -> String {
    let mut s = format!("resid:{}", id.rtype);
    for n in &id.names {
        s.push('|');
        s.push_str(&n.identity().unwrap_or_else(|| "?".into()));
    }
    s
}

/// The type and name identities of a key made by [`resid_key`].
pub fn parse_resid_key(key: &str) -> Option<(String, Vec<String>)> {
    let rest = key.strip_prefix("resid:")?;
    let mut parts = rest.split('|');
    let rtype = parts.next()?.to_string();
    Some((rtype, parts.map(str::to_string).collect()))
}

/// Parse a literal resource id string (`/subscriptions/s/resourceGroups/g/providers/
/// Microsoft.Network/virtualNetworks/hub/subnets/pe`) into its type and names.
pub fn parse_resource_id(s: &str) -> Option<(String, Vec<String>)> {
    let lower = s.to_ascii_lowercase();
    let at = lower.rfind("/providers/")?;
    let tail = &s[at + "/providers/".len()..];
    let mut segs = tail.split('/').filter(|x| !x.is_empty());
    let namespace = segs.next()?;
    let rest: Vec<&str> = segs.collect();
    if rest.len() < 2 || rest.len() % 2 != 0 {
        return None;
    }
    let mut rtype = namespace.to_string();
    let mut names = Vec::new();
    for pair in rest.chunks(2) {
        rtype.push('/');
        rtype.push_str(pair[0]);
        names.push(pair[1].to_string());
    }
    Some((rtype, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_id_strings() {
        let (t, n) = parse_resource_id("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe").unwrap();
        assert_eq!(t, "Microsoft.Network/virtualNetworks/subnets");
        assert_eq!(n, vec!["hub", "pe"]);
        assert!(parse_resource_id("/subscriptions/x").is_none());
        assert!(parse_resource_id("/providers/Microsoft.Network/virtualNetworks").is_none());
        let id = ResId {
            rtype: "A/b".into(),
            names: vec![EVal::str("X", Location::default())],
        };
        assert_eq!(
            parse_resid_key(&resid_key(&id)),
            Some(("A/b".to_string(), vec!["x".to_string()]))
        );
    }
}
