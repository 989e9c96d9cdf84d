//! Values that may be unknown, each with the place it came from.

use crate::document::Location;
use serde::Serialize;

/// Why a value cannot be known from the documents, and what it is (so that two uses of the same
/// unknown value still compare equal).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Unknown {
    /// Shown to the user: "parameter `acrName` has no default", "`reference()` of a resource
    /// outside the document".
    pub reason: String,
    /// A stable identity for the unknown value (for example `param:acrName` or
    /// `uniqueString(resourceGroup().id)`): equal identities mean the same value.
    pub identity: Option<String>,
    /// How to name the value in messages when it is a resource name (the Bicep symbol or ARM
    /// symbolic name of the resource).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Unknown {
    pub fn new(reason: impl Into<String>) -> Self {
        Unknown {
            reason: reason.into(),
            identity: None,
            label: None,
        }
    }
    pub fn with_identity(reason: impl Into<String>, identity: impl Into<String>) -> Self {
        Unknown {
            reason: reason.into(),
            identity: Some(identity.into()),
            label: None,
        }
    }
}

/// A value or the reason it is unknown.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Val<T> {
    Known(T),
    Unknown(Unknown),
}

/// A model field: its value (maybe unknown), where it came from, and the parameter whose default
/// decided it (so a finding that rests on a default can say so).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field<T> {
    pub val: Val<T>,
    pub loc: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_param: Option<String>,
}

impl<T> Field<T> {
    pub fn known(value: T, loc: Location) -> Self {
        Field {
            val: Val::Known(value),
            loc,
            via_param: None,
        }
    }
    pub fn unknown(why: Unknown, loc: Location) -> Self {
        Field {
            val: Val::Unknown(why),
            loc,
            via_param: None,
        }
    }
    pub fn get(&self) -> Option<&T> {
        match &self.val {
            Val::Known(v) => Some(v),
            Val::Unknown(_) => None,
        }
    }
    pub fn unknown_reason(&self) -> Option<&Unknown> {
        match &self.val {
            Val::Known(_) => None,
            Val::Unknown(u) => Some(u),
        }
    }
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        Field {
            val: match self.val {
                Val::Known(v) => Val::Known(f(v)),
                Val::Unknown(u) => Val::Unknown(u),
            },
            loc: self.loc,
            via_param: self.via_param,
        }
    }
}

impl Field<String> {
    /// The value for messages: the name when known, else the symbol the document gives the
    /// resource, else `?`.
    pub fn label(&self) -> String {
        match &self.val {
            Val::Known(v) => v.clone(),
            Val::Unknown(u) => u.label.clone().unwrap_or_else(|| "?".into()),
        }
    }
}

/// A list field: the list itself may be unknown, and so may each element.
pub type ListField<T> = Field<Vec<Field<T>>>;

impl<T> Field<Vec<Field<T>>> {
    /// Every element, when the list and all its elements are known.
    pub fn all_known(&self) -> Option<Vec<(&T, Location)>> {
        self.get()?
            .iter()
            .map(|f| f.get().map(|v| (v, f.loc)))
            .collect()
    }
    /// The known elements (ignoring unknown ones).
    pub fn known_items(&self) -> impl Iterator<Item = (&T, &Field<T>)> {
        self.get()
            .into_iter()
            .flatten()
            .filter_map(|f| f.get().map(|v| (v, f)))
    }
    /// True when the list or any element is unknown.
    pub fn has_unknown(&self) -> bool {
        match self.get() {
            None => true,
            Some(items) => items.iter().any(|f| f.get().is_none()),
        }
    }
}

/// Helpers for `Option<Field<T>>`: absent (None) is different from unknown.
pub trait OptFieldExt<T> {
    /// Known value, or `default` when the property is absent; `None` when unknown.
    fn or_default_val<'a>(&'a self, default: &'a T) -> Option<&'a T>;
}

impl<T> OptFieldExt<T> for Option<Field<T>> {
    fn or_default_val<'a>(&'a self, default: &'a T) -> Option<&'a T> {
        match self {
            None => Some(default),
            Some(f) => f.get(),
        }
    }
}

/// A reference to another resource: resolved to one in the model, or pointing outside the
/// documents (a full resource id or a name we cannot find).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target<I> {
    Resolved(I),
    External(String),
}

impl<I: Copy> Target<I> {
    pub fn resolved(&self) -> Option<I> {
        match self {
            Target::Resolved(i) => Some(*i),
            Target::External(_) => None,
        }
    }
}

/// A reference field.
pub type RefField<I> = Field<Target<I>>;

impl<I: Copy> Field<Target<I>> {
    /// The model id when the reference is known and resolved.
    pub fn id(&self) -> Option<I> {
        self.get().and_then(Target::resolved)
    }
}
