//! ARM templates: a new child resource written the way the template declares its resources.

use super::FixValue;
use crate::document::{DocumentKind, DocumentSet, Location};
use crate::syntax::jsonc::Value;
use crate::text::TextRange;

/// A resource declared with literals only, as a fix can refer to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmDecl {
    /// `Microsoft.Network/virtualNetworks`.
    pub type_name: String,
    pub api_version: String,
    /// `hub` (`zone/link` for a child declared by its full name).
    pub name: String,
    /// A member of the template's top-level `resources` array.
    pub top_level: bool,
    /// It has its own `resources` array of nested children.
    pub has_children: bool,
}

impl ArmDecl {
    /// `[resourceId('<type>', '<name>', ...)]`.
    pub fn resource_id(&self) -> String {
        let names: Vec<String> = self.name.split('/').map(|n| format!(", '{n}'")).collect();
        format!("[resourceId('{}'{})]", self.type_name, names.concat())
    }
}

/// The ARM resource declared at `decl` (a model `Meta::decl`), when its type, API version and
/// name are literals and it has no `copy` loop (one declaration, one resource).
pub fn arm_declaration(docs: &DocumentSet, decl: Location) -> Option<ArmDecl> {
    let doc = docs.get(decl.file);
    if doc.kind != DocumentKind::Arm {
        return None;
    }
    let root = doc.json_tree().root.as_ref()?;
    let v = find(root, decl.range)?;
    let literal = |key: &str| {
        let s = v.get_ci(key)?.as_str()?;
        (!s.starts_with('[')).then(|| s.to_string())
    };
    if v.get_ci("copy").is_some() {
        return None;
    }
    let type_name = literal("type")?;
    let name = literal("name")?;
    // A full type (namespace included) with one name per type segment after the namespace.
    if type_name.split('/').count() != name.split('/').count() + 1 {
        return None;
    }
    let top = in_top_level(root, v.range);
    Some(ArmDecl {
        type_name,
        api_version: literal("apiVersion")?,
        name,
        top_level: top,
        has_children: v.get_ci("resources").and_then(Value::as_array).is_some(),
    })
}

/// A child resource to add under a parent.
pub struct ArmChild<'a> {
    /// `virtualNetworkLinks`.
    pub child_type: &'a str,
    /// The child's own name (without the parent's).
    pub name: &'a str,
    pub location: Option<&'a str>,
    /// Other resources it must wait for (ARM expressions); the parent is added first.
    pub depends_on: Vec<String>,
    pub properties: FixValue,
}

/// Add `child` under the parent declared at `decl`: nested in the parent's `resources` when
/// `nested` (type and name relative to the parent), else as a top-level resource with the
/// full type and `parent/child` name. Both wait for the parent through `dependsOn`. `None`
/// when the parent is not a literal declaration or (top-level) not at the template's top
/// level.
pub fn add_child(
    docs: &DocumentSet,
    decl: Location,
    child: &ArmChild,
    nested: bool,
) -> Option<crate::diagnostic::TextEdit> {
    let parent = arm_declaration(docs, decl)?;
    let mut depends = vec![FixValue::str(parent.resource_id())];
    depends.extend(child.depends_on.iter().map(FixValue::str));
    let (ty, name) = if nested {
        (child.child_type.to_string(), child.name.to_string())
    } else if parent.top_level {
        (
            format!("{}/{}", parent.type_name, child.child_type),
            format!("{}/{}", parent.name, child.name),
        )
    } else {
        return None;
    };
    let mut item = vec![
        ("type".to_string(), FixValue::Str(ty)),
        ("apiVersion".into(), FixValue::str(&parent.api_version)),
        ("name".into(), FixValue::Str(name)),
    ];
    if let Some(l) = child.location {
        item.push(("location".into(), FixValue::str(l)));
    }
    item.push(("dependsOn".into(), FixValue::Array(depends)));
    item.push(("properties".into(), child.properties.clone()));
    let item = FixValue::Object(item);
    let target = if nested {
        decl.range
    } else {
        // The template itself: the root object.
        docs.get(decl.file).json_tree().root.as_ref()?.range
    };
    super::append_item(docs, Location::new(decl.file, target), "resources", &item)
}

/// `f` of the template's root and the object at `decl`, when there is one.
fn at_decl<T>(
    docs: &DocumentSet,
    decl: Location,
    f: impl FnOnce(&Value, &Value) -> Option<T>,
) -> Option<T> {
    let root = docs.get(decl.file).json_tree().root.as_ref()?;
    f(root, find(root, decl.range)?)
}

/// The object at `decl` has a value at `path` (`["properties", "virtualNetworkPeerings"]`).
pub fn has_path(docs: &DocumentSet, decl: Location, path: &[&str]) -> bool {
    at_decl(docs, decl, |_, v| {
        path.iter().try_fold(v, |v, k| v.get_ci(k)).map(|_| ())
    })
    .is_some()
}

/// The object at `decl` is a resource declaration (it has a `type`), not an inline object.
pub fn declares_resource(docs: &DocumentSet, decl: Location) -> bool {
    at_decl(docs, decl, |_, v| v.get_ci("type").map(|_| ())).is_some()
}

/// The declaration at `decl` is an item of the template's top-level `resources` array.
pub fn is_top_level(docs: &DocumentSet, decl: Location) -> bool {
    at_decl(docs, decl, |root, v| {
        in_top_level(root, v.range).then_some(())
    })
    .is_some()
}

fn in_top_level(root: &Value, range: TextRange) -> bool {
    root.get_ci("resources")
        .and_then(Value::as_array)
        .is_some_and(|items| items.iter().any(|i| i.range == range))
}

/// The object whose range is `range`.
fn find(v: &Value, range: TextRange) -> Option<&Value> {
    if v.range == range && v.as_object().is_some() {
        return Some(v);
    }
    if !v.range.contains_range(range) {
        return None;
    }
    if let Some(members) = v.as_object() {
        return members.iter().find_map(|m| find(&m.value, range));
    }
    v.as_array()?.iter().find_map(|i| find(i, range))
}
