//! `schema/config.schema.json` is generated from the catalogue (regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test --test config_schema`), names exactly the rules and document
//! codes, and accepts what `parse_config` accepts.

use std::path::Path;
use topolint::config::{json_schema, parse_config};
use topolint::FileId;

fn path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/config.schema.json")
}

#[test]
fn schema_file_is_generated_from_the_code() {
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(&json_schema()).expect("schema serialises")
    );
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path(), &text).expect("write schema");
        return;
    }
    let on_disk = std::fs::read_to_string(path()).unwrap_or_default();
    assert!(
        on_disk.replace("\r\n", "\n") == text,
        "schema/config.schema.json is stale; run `UPDATE_SNAPSHOTS=1 cargo test --test config_schema`"
    );
}

#[test]
fn rule_id_enum_is_the_catalogue_and_the_document_codes() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path()).expect("schema file")).unwrap();
    let listed: Vec<&str> = schema["properties"]["rules"]["propertyNames"]["enum"]
        .as_array()
        .expect("an enum of rule ids")
        .iter()
        .map(|v| v.as_str().expect("ids are strings"))
        .collect();
    let mut expected: Vec<&str> = topolint::rules::ALL.iter().map(|r| r.meta().id).collect();
    expected.extend(topolint::codes::CODES.iter().map(|c| c.0));
    assert_eq!(listed, expected);
    let props = schema["properties"]["rules"]["properties"]
        .as_object()
        .unwrap();
    assert_eq!(props.len(), expected.len());
}

#[test]
fn schema_and_parser_agree() {
    let schema = json_schema();
    let validator = jsonschema::validator_for(&schema).expect("a valid 2020-12 schema");
    let good = r#"{ "$schema": "x", "rules": { "peering-one-sided": "off",
        "acr-pe-subnet-capacity": ["warning", { "minPrefixGeoReplicated": 26 }] } }"#;
    let bad = [
        r#"{ "rules": { "no-such-rule": "off" } }"#,
        r#"{ "rules": { "peering-one-sided": "loud" } }"#,
        r#"{ "rules": { "acr-pe-subnet-capacity": ["warning", { "minPrefixGeoReplicated": 40 }] } }"#,
        r#"{ "rules": { "acr-pe-subnet-capacity": ["warning", { "other": 1 }] } }"#,
        r#"{ "extends": "base.json" }"#,
    ];
    let value: serde_json::Value = serde_json::from_str(good).unwrap();
    assert!(validator.is_valid(&value));
    assert!(parse_config(FileId(0), good).diagnostics.is_empty());
    for b in bad {
        let value: serde_json::Value = serde_json::from_str(b).unwrap();
        assert!(!validator.is_valid(&value), "schema accepts {b}");
        assert!(
            !parse_config(FileId(0), b).diagnostics.is_empty(),
            "parser accepts {b}"
        );
    }
}

/// An option and levels from a configuration file change what `check` reports.
#[test]
fn configuration_applies_end_to_end() {
    let doc = r#"{ "vnets": [ { "name": "hub", "region": "westeurope", "addressSpace": ["10.0.0.0/16"],
    "subnets": [ { "name": "pe", "addressPrefix": "10.0.2.0/27" } ] } ],
  "registries": [ { "name": "georepacr", "sku": "Premium", "region": "westeurope", "replicas": ["northeurope"], "publicNetworkAccess": "Disabled" } ],
  "privateEndpoints": [ { "name": "georep-pe", "subnet": "hub/pe", "registry": "georepacr" } ],
  "unknownKey": 1 }"#;
    let mut docs = topolint::DocumentSet::new();
    docs.add("a.topology.json", doc);
    let codes = |config: &str| {
        let parsed = parse_config(FileId(9), config);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        topolint::check(&docs, &parsed.settings)
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.severity.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes("{}"), ["schema-violation error"]);
    // A /27 is under a recommended /26: a warning, raised to an error.
    let strict =
        r#"{ "rules": { "acr-pe-subnet-capacity": ["error", { "minPrefixGeoReplicated": 26 }] } }"#;
    assert_eq!(
        codes(strict),
        ["acr-pe-subnet-capacity error", "schema-violation error"]
    );
    // Document codes take levels too.
    assert_eq!(
        codes(r#"{ "rules": { "schema-violation": "off" } }"#),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(r#"{ "rules": { "schema-violation": "info" } }"#),
        ["schema-violation info"]
    );
}
