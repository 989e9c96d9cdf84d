//! Each edit applied to JSON and Bicep inputs: the expected text, and no syntax error after.

use super::text::{add_property, append_item, name_occurrences, replace_value, set_path};
use super::{Edit, FixValue, Syntax};
use crate::text::TextRange;

fn apply(text: &str, e: &Edit) -> String {
    let mut out = text.to_string();
    out.replace_range(e.range.start as usize..e.range.end as usize, &e.new_text);
    out
}

/// The range of the first `needle` in `text`.
fn at(text: &str, needle: &str) -> TextRange {
    let s = text.find(needle).expect("needle in text") as u32;
    TextRange::new(s, s + needle.len() as u32)
}

fn check(syntax: Syntax, before: &str, edit: Option<Edit>, expected: &str) {
    let edit = edit.expect("an edit");
    let after = apply(before, &edit);
    assert_eq!(
        after, expected,
        "\n--- got\n{after}\n--- expected\n{expected}"
    );
    let errors = match syntax {
        Syntax::Json => crate::syntax::jsonc::parse(&after).errors.len(),
        Syntax::Bicep => crate::syntax::bicep::parse(&after).errors.len(),
    };
    assert_eq!(errors, 0, "syntax errors after the edit:\n{after}");
}

fn link(vnet: &str) -> FixValue {
    FixValue::object([("vnet", FixValue::str(vnet))])
}

#[test]
fn json_append_to_single_line_array() {
    let t = r#"{ "zones": [ { "name": "z", "links": [ { "vnet": "hub" } ] } ] }"#;
    let e = append_item(
        t,
        Syntax::Json,
        at(t, r#"{ "name": "z""#),
        "links",
        &link("spoke"),
    );
    check(
        Syntax::Json,
        t,
        e,
        r#"{ "zones": [ { "name": "z", "links": [ { "vnet": "hub" }, { "vnet": "spoke" } ] } ] }"#,
    );
}

#[test]
fn json_append_creates_the_array_property() {
    let t = "{\n  \"dnsZones\": [ { \"name\": \"privatelink.azurecr.io\" } ]\n}";
    let target = at(t, "\"name\"");
    let e = append_item(t, Syntax::Json, target, "links", &link("apps"));
    check(
        Syntax::Json,
        t,
        e,
        "{\n  \"dnsZones\": [ { \"name\": \"privatelink.azurecr.io\", \"links\": [ { \"vnet\": \"apps\" } ] } ]\n}",
    );
}

#[test]
fn json_multiline_object_keeps_indentation_and_trailing_comma() {
    let t = "{\n    \"name\": \"spoke\",\n    \"addressSpace\": [\"10.1.0.0/16\"]\n}";
    let e = add_property(
        t,
        Syntax::Json,
        TextRange::new(0, t.len() as u32),
        "region",
        &FixValue::str("westeurope"),
    );
    check(
        Syntax::Json,
        t,
        e,
        "{\n    \"name\": \"spoke\",\n    \"addressSpace\": [\"10.1.0.0/16\"],\n    \"region\": \"westeurope\"\n}",
    );
    let t = "{\n  \"a\": 1,\n  // kept\n}";
    let e = add_property(
        t,
        Syntax::Json,
        TextRange::new(0, t.len() as u32),
        "b",
        &FixValue::Bool(true),
    );
    check(
        Syntax::Json,
        t,
        e,
        "{\n  \"a\": 1,\n  \"b\": true,\n  // kept\n}",
    );
}

#[test]
fn json_multiline_array_and_empty_containers() {
    let t = "{\n  \"peerings\": [\n    { \"remote\": \"a\" }\n  ]\n}";
    let e = append_item(
        t,
        Syntax::Json,
        TextRange::new(0, t.len() as u32),
        "peerings",
        &FixValue::object([("remote", FixValue::str("b"))]),
    );
    check(
        Syntax::Json,
        t,
        e,
        "{\n  \"peerings\": [\n    { \"remote\": \"a\" },\n    { \"remote\": \"b\" }\n  ]\n}",
    );
    let t = r#"{ "peerings": [] }"#;
    let e = append_item(
        t,
        Syntax::Json,
        TextRange::new(0, t.len() as u32),
        "peerings",
        &FixValue::object([("remote", FixValue::str("b"))]),
    );
    check(
        Syntax::Json,
        t,
        e,
        r#"{ "peerings": [ { "remote": "b" } ] }"#,
    );
    let t = "{}";
    let e = add_property(
        t,
        Syntax::Json,
        TextRange::new(0, 2),
        "a",
        &FixValue::Int(1),
    );
    check(Syntax::Json, t, e, r#"{ "a": 1 }"#);
}

#[test]
fn json_replace_value_and_refusals() {
    let t = r#"{ "sku": "Standard", "n": [1] }"#;
    let e = replace_value(
        t,
        Syntax::Json,
        at(t, "\"sku\""),
        "sku",
        &FixValue::str("Premium"),
    );
    check(Syntax::Json, t, e, r#"{ "sku": "Premium", "n": [1] }"#);
    // ARM property names are case-insensitive.
    let e = replace_value(
        t,
        Syntax::Json,
        at(t, "\"sku\""),
        "SKU",
        &FixValue::str("Premium"),
    );
    check(Syntax::Json, t, e, r#"{ "sku": "Premium", "n": [1] }"#);
    assert!(replace_value(
        t,
        Syntax::Json,
        at(t, "\"sku\""),
        "missing",
        &FixValue::Bool(true)
    )
    .is_none());
    assert!(add_property(
        t,
        Syntax::Json,
        at(t, "\"sku\""),
        "sku",
        &FixValue::Bool(true)
    )
    .is_none());
    assert!(append_item(
        t,
        Syntax::Json,
        at(t, "\"sku\""),
        "sku",
        &FixValue::Bool(true)
    )
    .is_none());
}

const BICEP: &str = "resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'privatelink.azurecr.io'
  location: 'global'
  resource hubLink 'virtualNetworkLinks' = {
    name: 'hub'
    properties: { virtualNetwork: { id: hub.id }, registrationEnabled: false }
  }
}
";

#[test]
fn bicep_add_property_to_resource_body_goes_after_the_last_property() {
    let decl = at(BICEP, BICEP.trim_end());
    let e = add_property(
        BICEP,
        Syntax::Bicep,
        decl,
        "tags",
        &FixValue::object([
            ("env", FixValue::str("prod")),
            ("team's", FixValue::str("${x}")),
        ]),
    );
    check(
        Syntax::Bicep,
        BICEP,
        e,
        "resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'privatelink.azurecr.io'
  location: 'global'
  tags: {
    env: 'prod'
    'team\\'s': '\\${x}'
  }
  resource hubLink 'virtualNetworkLinks' = {
    name: 'hub'
    properties: { virtualNetwork: { id: hub.id }, registrationEnabled: false }
  }
}
",
    );
}

#[test]
fn bicep_single_line_object_gets_a_comma_and_inline_values() {
    let target = at(BICEP, "{ virtualNetwork");
    let e = add_property(
        BICEP,
        Syntax::Bicep,
        target,
        "resolutionPolicy",
        &FixValue::object([("a", FixValue::Bool(true))]),
    );
    check(
        Syntax::Bicep,
        BICEP,
        e,
        &BICEP.replace(
            "registrationEnabled: false }",
            "registrationEnabled: false, resolutionPolicy: { a: true } }",
        ),
    );
    // A nested resource declaration is an object too.
    let start = at(BICEP, "resource hubLink").start;
    let child = TextRange::new(start, at(BICEP, "\n  }\n}").start + 4);
    let e = replace_value(BICEP, Syntax::Bicep, child, "name", &FixValue::str("hub2"));
    check(
        Syntax::Bicep,
        BICEP,
        e,
        &BICEP.replace("name: 'hub'", "name: 'hub2'"),
    );
}

#[test]
fn bicep_append_to_arrays() {
    let t = "var x = {\n  items: [\n    'a'\n  ]\n  one: [ 'a' ]\n  none: []\n}\n";
    let whole = at(t, "{\n  items");
    let e = append_item(
        t,
        Syntax::Bicep,
        whole,
        "items",
        &FixValue::object([("k", FixValue::expr("hub.id"))]),
    );
    check(Syntax::Bicep, t, e, "var x = {\n  items: [\n    'a'\n    {\n      k: hub.id\n    }\n  ]\n  one: [ 'a' ]\n  none: []\n}\n");
    let e = append_item(t, Syntax::Bicep, whole, "one", &FixValue::str("b"));
    check(Syntax::Bicep, t, e, &t.replace("[ 'a' ]", "[ 'a', 'b' ]"));
    let e = append_item(t, Syntax::Bicep, whole, "none", &FixValue::str("b"));
    check(
        Syntax::Bicep,
        t,
        e,
        &t.replace("none: []", "none: [\n    'b'\n  ]"),
    );
    let e = append_item(t, Syntax::Bicep, whole, "created", &FixValue::Int(3));
    check(
        Syntax::Bicep,
        t,
        e,
        &t.replace("  none: []\n", "  none: []\n  created: [\n    3\n  ]\n"),
    );
}

#[test]
fn bicep_empty_body_and_crlf() {
    let t = "resource a 'T@1' = {\r\n}\r\n";
    let e = add_property(
        t,
        Syntax::Bicep,
        at(t, t.trim_end()),
        "name",
        &FixValue::str("x"),
    );
    check(
        Syntax::Bicep,
        t,
        e,
        "resource a 'T@1' = {\r\n  name: 'x'\r\n}\r\n",
    );
}

#[test]
fn documents_and_verified_fixes() {
    let mut docs = crate::DocumentSet::new();
    let f = docs.add("main.bicep", BICEP);
    let decl = crate::Location::new(f, at(BICEP, BICEP.trim_end()));
    let d = super::bicep_declaration(&docs, decl).expect("declaration");
    assert_eq!(d.symbol, "zone");
    assert_eq!(d.api_version.as_deref(), Some("2024-06-01"));
    assert!(d.plain);
    assert_eq!(super::unique_symbol(&docs, f, "zone"), "zone2");
    assert_eq!(super::unique_symbol(&docs, f, "hubLink"), "hubLink2");
    assert_eq!(super::unique_symbol(&docs, f, "spokeLink"), "spokeLink");
    let body = FixValue::object([
        ("parent", FixValue::expr("zone")),
        ("name", FixValue::str("spoke")),
    ]);
    let decl_text = super::bicep_resource(
        "spokeLink",
        "Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01",
        &body,
    );
    let edit = super::insert_declaration_after(&docs, decl, &decl_text).expect("edit");
    let fix = super::fix(&docs, "link", vec![edit]).expect("a valid fix");
    let after = crate::diagnostic::apply_edits(BICEP, &fix.edits.iter().collect::<Vec<_>>());
    assert!(after.ends_with("}\n\nresource spokeLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {\n  parent: zone\n  name: 'spoke'\n}\n"), "{after}");
    // An edit that breaks the syntax is no fix.
    let bad = crate::TextEdit {
        file: f,
        range: TextRange::empty(0),
        new_text: "{".into(),
    };
    assert!(super::fix(&docs, "bad", vec![bad]).is_none());
}

#[test]
fn name_occurrences_are_whole_literals_expression_arguments_and_parent_names() {
    let t = r#"{ "name": "privatelink.azurecr.com", "x": "[resourceId('Microsoft.Network/privateDnsZones', 'PrivateLink.AzureCR.com')]",
  "child": "privatelink.azurecr.com/hub", "not": "a.privatelink.azurecr.com", "suffix": "privatelink.azurecr.company",
  "login": "contoso.privatelink.azurecr.com/api:1" }"#;
    let found: Vec<&str> = name_occurrences(t, "privatelink.azurecr.com")
        .into_iter()
        .map(|r| &t[r.start as usize..r.end as usize])
        .collect();
    assert_eq!(
        found,
        [
            "privatelink.azurecr.com",
            "PrivateLink.AzureCR.com",
            "privatelink.azurecr.com"
        ]
    );
    // Bicep: a literal, not the tail of an interpolated host name.
    let b = "name: 'azurecr.io'\nimage: '${acr.name}.azurecr.io/app:1'\n";
    assert_eq!(name_occurrences(b, "azurecr.io"), vec![at(b, "azurecr.io")]);
    assert!(name_occurrences("'x'", "").is_empty());
    assert!(name_occurrences("'", "longer than the text").is_empty());
}

#[test]
fn set_path_adds_the_first_missing_level_with_the_rest_nested() {
    // JSON, one-line object: the missing object is added inline.
    let t = r#"{ "type": "Microsoft.Web/sites", "properties": { "siteConfig": {} } }"#;
    let whole = TextRange::new(0, t.len() as u32);
    let path = ["properties", "outboundVnetRouting", "imagePullTraffic"];
    let e = set_path(t, Syntax::Json, whole, &path, &FixValue::Bool(true));
    check(
        Syntax::Json,
        t,
        e,
        r#"{ "type": "Microsoft.Web/sites", "properties": { "siteConfig": {}, "outboundVnetRouting": { "imagePullTraffic": true } } }"#,
    );
    // An existing intermediate object gets the member; an existing value is replaced.
    let t = "{\r\n  \"properties\": {\r\n    \"outboundVnetRouting\": { \"allTraffic\": false }\r\n  }\r\n}";
    let whole = TextRange::new(0, t.len() as u32);
    let e = set_path(t, Syntax::Json, whole, &path, &FixValue::Bool(true));
    check(
        Syntax::Json,
        t,
        e,
        "{\r\n  \"properties\": {\r\n    \"outboundVnetRouting\": { \"allTraffic\": false, \"imagePullTraffic\": true }\r\n  }\r\n}",
    );
    let t2 = r#"{ "properties": { "vnetImagePullEnabled": false } }"#;
    let whole = TextRange::new(0, t2.len() as u32);
    let e = set_path(
        t2,
        Syntax::Json,
        whole,
        &["properties", "vnetImagePullEnabled"],
        &FixValue::Bool(true),
    );
    check(
        Syntax::Json,
        t2,
        e,
        r#"{ "properties": { "vnetImagePullEnabled": true } }"#,
    );
    // A level written as an expression is not ours to edit.
    let t3 = r#"{ "properties": "[variables('props')]" }"#;
    let whole = TextRange::new(0, t3.len() as u32);
    assert!(set_path(t3, Syntax::Json, whole, &path, &FixValue::Bool(true)).is_none());
}

#[test]
fn bicep_set_path_in_a_resource_body_with_comments() {
    let t = "resource web 'Microsoft.Web/sites@2024-11-01' = {\n  name: 'web'\n  properties: {\n    // integrated\n    virtualNetworkSubnetId: subnetId // the web subnet\n  }\n}\n";
    let decl = at(t, t.trim_end());
    let e = set_path(
        t,
        Syntax::Bicep,
        decl,
        &["properties", "outboundVnetRouting", "imagePullTraffic"],
        &FixValue::Bool(true),
    );
    check(
        Syntax::Bicep,
        t,
        e,
        "resource web 'Microsoft.Web/sites@2024-11-01' = {\n  name: 'web'\n  properties: {\n    // integrated\n    virtualNetworkSubnetId: subnetId // the web subnet\n    outboundVnetRouting: {\n      imagePullTraffic: true\n    }\n  }\n}\n",
    );
    // No `properties` at all: the whole path is added.
    let t = "resource web 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'web'\n}\n";
    let e = set_path(
        t,
        Syntax::Bicep,
        at(t, t.trim_end()),
        &["properties", "vnetImagePullEnabled"],
        &FixValue::Bool(true),
    );
    check(
        Syntax::Bicep,
        t,
        e,
        "resource web 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'web'\n  properties: {\n    vnetImagePullEnabled: true\n  }\n}\n",
    );
}

#[test]
fn json_insertion_keeps_a_line_comment_on_its_line() {
    let t = "{\n  \"a\": 1 // one\n}";
    let e = add_property(
        t,
        Syntax::Json,
        TextRange::new(0, t.len() as u32),
        "b",
        &FixValue::Int(2),
    );
    check(Syntax::Json, t, e, "{\n  \"a\": 1, // one\n  \"b\": 2\n}");
    let t = "[\n  {\n    \"a\": 1, // one\n  }\n]";
    let e = add_property(t, Syntax::Json, at(t, "\"a\""), "b", &FixValue::Int(2));
    check(
        Syntax::Json,
        t,
        e,
        "[\n  {\n    \"a\": 1, // one\n    \"b\": 2,\n  }\n]",
    );
}

fn arm_docs(t: &str) -> (crate::DocumentSet, crate::document::FileId) {
    let mut docs = crate::DocumentSet::new();
    let f = docs.add("main.json", t);
    assert_eq!(docs.get(f).kind, crate::document::DocumentKind::Arm);
    (docs, f)
}

fn link_child(id: &str) -> super::arm::ArmChild<'static> {
    super::arm::ArmChild {
        child_type: "virtualNetworkLinks",
        name: "hub",
        location: Some("global"),
        depends_on: vec![],
        properties: FixValue::object([(
            "virtualNetwork",
            FixValue::object([("id", FixValue::str(id))]),
        )]),
    }
}

#[test]
fn arm_child_goes_to_the_top_level_or_nested_keeping_crlf() {
    let zone = r#"{ "type": "Microsoft.Network/privateDnsZones", "apiVersion": "2024-06-01", "name": "privatelink.azurecr.io" }"#;
    let t = format!("{{\r\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\r\n  \"resources\": [\r\n    {zone}\r\n  ]\r\n}}\r\n");
    let (docs, f) = arm_docs(&t);
    let decl = crate::Location::new(f, at(&t, zone));
    let d = super::arm::arm_declaration(&docs, decl).expect("a literal declaration");
    assert!(d.top_level && !d.has_children);
    assert_eq!(
        d.resource_id(),
        "[resourceId('Microsoft.Network/privateDnsZones', 'privatelink.azurecr.io')]"
    );
    let top = super::arm::add_child(&docs, decl, &link_child("x"), false).expect("top-level");
    let after = crate::diagnostic::apply_edits(&t, &[&top]);
    assert!(after.contains("\r\n    { \"type\": \"Microsoft.Network/privateDnsZones/virtualNetworkLinks\", \"apiVersion\": \"2024-06-01\", \"name\": \"privatelink.azurecr.io/hub\", \"location\": \"global\", \"dependsOn\": [ \"[resourceId('Microsoft.Network/privateDnsZones', 'privatelink.azurecr.io')]\" ]"), "{after}");
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "LF in a CRLF document:\n{after}"
    );
    let nested = super::arm::add_child(&docs, decl, &link_child("x"), true).expect("nested");
    let after = crate::diagnostic::apply_edits(&t, &[&nested]);
    assert!(after.contains("\"name\": \"privatelink.azurecr.io\", \"resources\": [ { \"type\": \"virtualNetworkLinks\", \"apiVersion\": \"2024-06-01\", \"name\": \"hub\""), "{after}");
    assert!(super::fix(&docs, "link", vec![nested]).is_some());
}

#[test]
fn arm_child_refuses_loops_expressions_and_nested_templates() {
    for zone in [
        // A copy loop declares several resources.
        r#"{ "type": "Microsoft.Network/privateDnsZones", "apiVersion": "2024-06-01", "name": "z", "copy": { "name": "c", "count": 2 } }"#,
        // A name from an expression cannot be written as a literal.
        r#"{ "type": "Microsoft.Network/privateDnsZones", "apiVersion": "2024-06-01", "name": "[parameters('zone')]" }"#,
    ] {
        let t = format!("{{ \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"resources\": [ {zone} ] }}");
        let (docs, f) = arm_docs(&t);
        let decl = crate::Location::new(f, at(&t, zone));
        assert!(super::arm::arm_declaration(&docs, decl).is_none(), "{zone}");
        assert!(super::arm::add_child(&docs, decl, &link_child("x"), false).is_none());
    }
    // Inside a nested deployment's template: not the top level of this document.
    let zone = r#"{ "type": "Microsoft.Network/privateDnsZones", "apiVersion": "2024-06-01", "name": "z" }"#;
    let t = format!("{{ \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"resources\": [ {{ \"type\": \"Microsoft.Resources/deployments\", \"apiVersion\": \"2022-09-01\", \"name\": \"inner\", \"properties\": {{ \"template\": {{ \"resources\": [ {zone} ] }} }} }} ] }}");
    let (docs, f) = arm_docs(&t);
    let decl = crate::Location::new(f, at(&t, zone));
    let d = super::arm::arm_declaration(&docs, decl).expect("literal");
    assert!(!d.top_level);
    assert!(super::arm::add_child(&docs, decl, &link_child("x"), false).is_none());
    assert!(super::arm::add_child(&docs, decl, &link_child("x"), true).is_some());
}

#[test]
fn json_expanded_neighbours_get_an_expanded_item_with_the_documents_line_breaks() {
    let t = "{\r\n  \"resources\": [\r\n    {\r\n      \"name\": \"hub\"\r\n    }\r\n  ]\r\n}\r\n";
    let item = FixValue::object([
        ("name", FixValue::str("spoke")),
        ("dependsOn", FixValue::Array(vec![FixValue::str("hub")])),
    ]);
    let e = append_item(t, Syntax::Json, at(t, t.trim_end()), "resources", &item);
    check(
        Syntax::Json,
        t,
        e,
        "{\r\n  \"resources\": [\r\n    {\r\n      \"name\": \"hub\"\r\n    },\r\n    {\r\n      \"name\": \"spoke\",\r\n      \"dependsOn\": [\r\n        \"hub\"\r\n      ]\r\n    }\r\n  ]\r\n}\r\n",
    );
    // A compact neighbour keeps the new item compact.
    let t =
        "{\n  \"resources\": [\n    { \"name\": \"hub\",\n      \"location\": \"x\" }\n  ]\n}\n";
    let e = append_item(t, Syntax::Json, at(t, t.trim_end()), "resources", &item);
    check(
        Syntax::Json,
        t,
        e,
        "{\n  \"resources\": [\n    { \"name\": \"hub\",\n      \"location\": \"x\" },\n    { \"name\": \"spoke\", \"dependsOn\": [ \"hub\" ] }\n  ]\n}\n",
    );
}

#[test]
fn bicep_multiline_values_follow_crlf() {
    let t = "resource a 'T@1' = {\r\n  name: 'x'\r\n}\r\n";
    let e = add_property(
        t,
        Syntax::Bicep,
        at(t, t.trim_end()),
        "properties",
        &FixValue::object([("enabled", FixValue::Bool(true))]),
    );
    check(
        Syntax::Bicep,
        t,
        e,
        "resource a 'T@1' = {\r\n  name: 'x'\r\n  properties: {\r\n    enabled: true\r\n  }\r\n}\r\n",
    );
}

#[test]
fn verified_fixes_reparse_only_the_part_edited() {
    let edit = |f, start: u32, end: u32, t: &str| crate::TextEdit {
        file: f,
        range: TextRange::new(start, end),
        new_text: t.into(),
    };
    // Bicep: an edit inside the second statement, at its end, and between statements.
    let mut docs = crate::DocumentSet::new();
    let f = docs.add("main.bicep", BICEP);
    let inside = at(BICEP, "location: 'global'").end;
    let ok = edit(f, inside, inside, "\n  tags: {}");
    assert!(super::fix(&docs, "ok", vec![ok]).is_some());
    for bad in ["\n  tags: {", "\n  tags: }", " 'x' 'y"] {
        let e = edit(f, inside, inside, bad);
        assert!(super::fix(&docs, "bad", vec![e]).is_none(), "{bad:?}");
    }
    let end = BICEP.trim_end().len() as u32;
    assert!(super::fix(
        &docs,
        "bad",
        vec![edit(f, end, end, "\n\n@sys.description(")]
    )
    .is_none());
    assert!(super::fix(&docs, "ok", vec![edit(f, end, end, "\n\nvar x = 1")]).is_some());

    // JSON: inside a nested object, and two edits in different objects.
    let json = "{\n  \"a\": { \"b\": [ 1, 2 ] },\n  \"c\": { \"d\": true }\n}\n";
    let j = docs.add("t.topology.json", json);
    let two = at(json, "2").end;
    let d = at(json, "true").end;
    assert!(super::fix(&docs, "ok", vec![edit(j, two, two, ", 3")]).is_some());
    assert!(super::fix(&docs, "bad", vec![edit(j, two, two, ", ]")]).is_none());
    assert!(super::fix(&docs, "bad", vec![edit(j, two, two, " 3")]).is_none());
    let both = vec![edit(j, two, two, ", 3"), edit(j, d, d, ", \"e\": 1")];
    assert!(super::fix(&docs, "ok", both).is_some());
    let both = vec![edit(j, two, two, ", 3"), edit(j, d, d, ", \"e\" 1")];
    assert!(super::fix(&docs, "bad", both).is_none());

    // A document with a syntax error elsewhere is parsed whole: the fix may not add one.
    let broken = "{\n  \"a\": { \"b\": [ 1, 2 ] },\n  \"c\": { \"d\": tru }\n}\n";
    let k = docs.add("u.topology.json", broken);
    let two = at(broken, "2").end;
    assert!(super::fix(&docs, "ok", vec![edit(k, two, two, ", 3")]).is_some());
    assert!(super::fix(&docs, "bad", vec![edit(k, two, two, ", ]")]).is_none());
}

#[test]
fn verified_fixes_in_long_json_arrays_and_objects() {
    let edit = |f, at: u32, t: &str| crate::TextEdit {
        file: f,
        range: TextRange::empty(at),
        new_text: t.into(),
    };
    let json = "{\n  \"links\": [\n    { \"vnet\": \"a\" },\n    { \"vnet\": \"b\" },\n    { \"vnet\": \"c\" }\n  ],\n  \"x\": 1,\n  \"y\": 2\n}\n";
    let mut docs = crate::DocumentSet::new();
    let f = docs.add("t.topology.json", json);
    // After the first, the middle and the last item; before the first.
    for item in [
        "{ \"vnet\": \"a\" }",
        "{ \"vnet\": \"b\" }",
        "{ \"vnet\": \"c\" }",
    ] {
        let end = at(json, item).end;
        assert!(super::fix(
            &docs,
            "ok",
            vec![edit(f, end, ",\n    { \"vnet\": \"d\" }")]
        )
        .is_some());
        assert!(super::fix(&docs, "bad", vec![edit(f, end, ",\n    { \"vnet\": }")]).is_none());
        assert!(super::fix(
            &docs,
            "bad",
            vec![edit(f, end, "\n    { \"vnet\": \"d\" }")]
        )
        .is_none());
    }
    let first = at(json, "{ \"vnet\": \"a\" }").start;
    assert!(super::fix(
        &docs,
        "ok",
        vec![edit(f, first, "{ \"vnet\": \"d\" },\n    ")]
    )
    .is_some());
    assert!(super::fix(
        &docs,
        "bad",
        vec![edit(f, first, "{ \"vnet\": \"d\" }\n    ")]
    )
    .is_none());
    // Between object members.
    let x = at(json, "\"x\": 1").end;
    assert!(super::fix(&docs, "ok", vec![edit(f, x, ",\n  \"z\": 3")]).is_some());
    assert!(super::fix(&docs, "bad", vec![edit(f, x, ",\n  \"z\" 3")]).is_none());
    assert!(super::fix(&docs, "bad", vec![edit(f, x, ",")]).is_none());
}
