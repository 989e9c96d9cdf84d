//! Inputs no one writes on purpose, through the whole check (`topolint::check`): 10,000 levels
//! of nesting and binary junk give diagnostics, never a panic, a stack overflow or a hang; every
//! location stays in bounds (tests/support/invariants.rs). The command line's side (50 MB,
//! invalid UTF-8, junk files) is in cli/tests/cli.rs; the fuzz targets are in fuzz/.

mod support;

use topolint::{check, CheckResult, DocumentSet, Settings};

const DEPTH: usize = 10_000;

/// Check one document on a thread with the default 2 MiB stack (what the CLI's main thread
/// and the playground's worker give the core), asserting the invariants; returns its codes
/// and messages.
fn check_one(name: &str, text: String) -> Vec<(String, String)> {
    let name = name.to_string();
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let mut set = DocumentSet::new();
            set.add(name.as_str(), text);
            let result: CheckResult = check(&set, &Settings::default());
            if let Err(e) = support::invariants::check(&set, &result) {
                panic!("{name}: {e}");
            }
            result
                .diagnostics
                .into_iter()
                .map(|d| (d.code, d.message))
                .collect()
        })
        .unwrap()
        .join()
        .unwrap_or_else(|_| panic!("check panicked or overflowed its stack"))
}

fn has(diags: &[(String, String)], code: &str, needle: &str) -> bool {
    diags.iter().any(|(c, m)| c == code && m.contains(needle))
}

const ARM_HEAD: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
"#;

#[test]
fn ten_thousand_levels_of_jsonc() {
    let deep = format!("{}1{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let topology = format!("{{\"workloads\": {deep}}}");
    let d = check_one("deep.topology.json", topology);
    assert!(has(&d, "syntax-error", "nesting deeper than"), "{d:?}");

    let objects = format!("{}{}", r#"{"a":"#.repeat(DEPTH), "}".repeat(DEPTH));
    let d = check_one("objects.topology.json", objects);
    assert!(has(&d, "syntax-error", "nesting deeper than"), "{d:?}");

    let arm = format!("{ARM_HEAD}  \"variables\": {{ \"v\": {deep} }}, \"resources\": []\n}}");
    let d = check_one("deep.json", arm);
    assert!(has(&d, "syntax-error", "nesting deeper than"), "{d:?}");
}

#[test]
fn ten_thousand_levels_of_an_arm_expression() {
    let expr = format!("[{}'a'{}]", "concat(".repeat(DEPTH), ", 'b')".repeat(DEPTH));
    let arm = format!(
        "{ARM_HEAD}  \"variables\": {{ \"v\": \"{expr}\" }},\n  \"resources\": [\n    {{ \"type\": \"Microsoft.ContainerRegistry/registries\", \"apiVersion\": \"2023-07-01\", \"name\": \"{expr}\", \"location\": \"westeurope\" }}\n  ]\n}}"
    );
    let d = check_one("expr.json", arm);
    assert!(
        d.iter().any(|(_, m)| m.contains("nested more than")),
        "{d:?}"
    );
    // Member accesses and indexes nest too.
    let chain = format!("[variables('v'){}]", ".a[0]".repeat(DEPTH));
    let arm = format!(
        "{ARM_HEAD}  \"variables\": {{ \"v\": {{}} }},\n  \"resources\": [\n    {{ \"type\": \"Microsoft.ContainerRegistry/registries\", \"apiVersion\": \"2023-07-01\", \"name\": \"{chain}\", \"location\": \"westeurope\" }}\n  ]\n}}"
    );
    let d = check_one("chain.json", arm);
    assert!(
        d.iter().any(|(_, m)| m.contains("nested more than")),
        "{d:?}"
    );
}

#[test]
fn ten_thousand_levels_of_bicep() {
    let arrays = format!("var x = {}1{}\n", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let calls = format!(
        "var y = {}'a'{}\n",
        "concat(".repeat(DEPTH),
        ")".repeat(DEPTH)
    );
    let body = format!(
        "resource r 'Microsoft.ContainerRegistry/registries@2023-07-01' = {{\n  name: 'r'\n  properties: {}\n}}\n",
        "{ a: ".repeat(DEPTH)
    );
    for (name, text) in [("arrays", arrays), ("calls", calls), ("body", body)] {
        let d = check_one(&format!("{name}.bicep"), text);
        assert!(
            d.iter()
                .any(|(c, _)| c.starts_with("syntax") || c == "too-deep"),
            "{name}: {d:?}"
        );
    }
}

/// Random bytes (decoded lossily, as a reader that replaces invalid UTF-8 would), NULs and
/// control characters, as every kind of document: syntax diagnostics, nothing else breaks.
#[test]
fn binary_junk_gives_syntax_errors() {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut bytes = Vec::with_capacity(64 * 1024);
    for _ in 0..64 * 1024 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.push(state as u8);
    }
    let random = String::from_utf8_lossy(&bytes).into_owned();
    let nuls = "\0".repeat(64 * 1024);
    let controls: String = (0u8..32).map(char::from).cycle().take(4096).collect();
    for (what, junk) in [
        ("random", &random),
        ("nuls", &nuls),
        ("controls", &controls),
    ] {
        for name in ["junk.bicep", "junk.json", "junk.topology.json"] {
            let d = check_one(name, junk.clone());
            assert!(!d.is_empty(), "{what} as {name}: no diagnostic");
            assert!(
                d.iter().all(|(c, _)| !c.starts_with("internal")),
                "{what} as {name}: {d:?}"
            );
        }
    }
    // Junk after a valid ARM head: read as a template, still only syntax errors.
    let d = check_one("junk-arm.json", format!("{ARM_HEAD}{nuls}"));
    assert!(!d.is_empty());
}

/// Thousands of unknown keys (found by fuzzing: each used to parse the schema again for its
/// "did you mean"): one diagnostic on each key, with its suggestion.
#[test]
fn thousands_of_unknown_keys_each_get_a_diagnostic() {
    let n = 3_000;
    let keys: Vec<String> = (0..n).map(|i| format!("\"regoin{i}\": 1")).collect();
    let text = format!(
        "{{ \"vnets\": [ {{ \"name\": \"app\", \"region\": \"westeurope\", \"addressSpace\": [\"10.0.0.0/16\"], \"regoin\": 1, {} }} ] }}",
        keys.join(", ")
    );
    let d = check_one("many.topology.json", text);
    let unknown = d
        .iter()
        .filter(|(c, m)| c == "schema-violation" && m.starts_with("unknown property `regoin"))
        .count();
    assert_eq!(unknown, n + 1, "{:?}", &d[..d.len().min(5)]);
    assert!(
        has(
            &d,
            "schema-violation",
            "unknown property `regoin`; did you mean `region`?"
        ),
        "{:?}",
        &d[..d.len().min(5)]
    );
}
