//! Run real ARM templates through the ARM front end and the whole check, for robustness:
//! `cargo run --release --example arm_corpus -- DIR`. Prints, per file, the resources found and
//! any syntax, expression or template problems; then totals, resource counts by type, and the
//! time taken for a generated 10,000-line template. Not a test: the corpus is not committed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use topolint::syntax::jsonc::{self, Value};
use topolint::{check, DocumentKind, DocumentSet, Settings};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// Resource declarations in the JSON itself, read without the ARM front end: top-level
/// `resources` (array or symbolic-name object), nested child `resources`, and the resources of
/// nested deployments' inline templates. Returns (declarations, those with a `condition`).
fn declared(resources: Option<&Value>, out: &mut (usize, usize)) {
    let Some(r) = resources else { return };
    let items: Vec<&Value> = match (r.as_array(), r.as_object()) {
        (Some(a), _) => a.iter().collect(),
        (_, Some(m)) => m.iter().map(|m| &m.value).collect(),
        _ => Vec::new(),
    };
    for v in items.into_iter().filter(|v| v.as_object().is_some()) {
        out.0 += 1;
        if v.get_ci("condition").is_some() {
            out.1 += 1;
        }
        declared(v.get_ci("resources"), out);
        let template = v.get_ci("properties").and_then(|p| p.get_ci("template"));
        declared(template.and_then(|t| t.get_ci("resources")), out);
    }
}

/// A template of about `lines` lines: VNets with subnets, registries, endpoints, zones and
/// role assignments built with the usual expressions, in a loop and one by one.
fn generated(lines: usize) -> String {
    let mut resources = Vec::new();
    let mut i = 0;
    let mut n = 0;
    while n < lines {
        let r = format!(
            r#"    {{
      "type": "Microsoft.Network/virtualNetworks",
      "apiVersion": "2024-05-01",
      "name": "[format('{{0}}-vnet{i}', parameters('prefix'))]",
      "location": "[parameters('location')]",
      "properties": {{
        "addressSpace": {{ "addressPrefixes": ["[format('10.{{0}}.0.0/16', mod({i}, 250))]"] }},
        "subnets": [
          {{ "name": "pe", "properties": {{ "addressPrefix": "[format('10.{{0}}.1.0/24', mod({i}, 250))]" }} }},
          {{ "name": "aci", "properties": {{ "addressPrefix": "[format('10.{{0}}.2.0/24', mod({i}, 250))]",
            "delegations": [ {{ "name": "aci", "properties": {{ "serviceName": "Microsoft.ContainerInstance/containerGroups" }} }} ] }} }}
        ]
      }}
    }},
    {{
      "type": "Microsoft.ContainerRegistry/registries",
      "apiVersion": "2025-11-01",
      "name": "[concat(parameters('prefix'), 'acr{i}')]",
      "location": "[parameters('location')]",
      "sku": {{ "name": "[if(equals(mod({i}, 2), 0), 'Premium', 'Basic')]" }},
      "properties": {{ "publicNetworkAccess": "Disabled" }}
    }},
    {{
      "type": "Microsoft.Network/privateEndpoints",
      "apiVersion": "2024-05-01",
      "name": "[format('pe{i}-{{0}}', copyIndex())]",
      "location": "[parameters('location')]",
      "copy": {{ "name": "pes{i}", "count": 2 }},
      "properties": {{
        "subnet": {{ "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', format('{{0}}-vnet{i}', parameters('prefix')), 'pe')]" }},
        "privateLinkServiceConnections": [ {{ "name": "acr", "properties": {{
          "privateLinkServiceId": "[resourceId('Microsoft.ContainerRegistry/registries', concat(parameters('prefix'), 'acr{i}'))]",
          "groupIds": ["registry"] }} }} ]
      }}
    }},
    {{
      "type": "Microsoft.Authorization/roleAssignments",
      "apiVersion": "2022-04-01",
      "name": "[guid(resourceGroup().id, 'acr{i}')]",
      "scope": "[format('Microsoft.ContainerRegistry/registries/{{0}}', concat(parameters('prefix'), 'acr{i}'))]",
      "properties": {{
        "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')]",
        "principalId": "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'pull')).principalId]"
      }}
    }}"#
        );
        n += r.lines().count();
        resources.push(r);
        i += 1;
    }
    format!(
        r#"{{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {{
    "prefix": {{ "type": "string", "defaultValue": "contoso" }},
    "location": {{ "type": "string", "defaultValue": "[resourceGroup().location]" }}
  }},
  "resources": [
    {{ "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "apiVersion": "2023-01-31", "name": "pull", "location": "[parameters('location')]" }},
{}
  ]
}}
"#,
        resources.join(",\n")
    )
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: cargo run --release --example arm_corpus -- DIR");
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    let (mut templates, mut skipped, mut panics, mut with_syntax) = (0, 0, 0, 0);
    let mut total_resources = 0;
    let mut mismatched = 0;
    let started = Instant::now();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let mut set = DocumentSet::new();
        set.add(name.clone(), text);
        if set.get(topolint::FileId(0)).kind != DocumentKind::Arm {
            skipped += 1;
            continue;
        }
        templates += 1;
        let result = std::panic::catch_unwind(|| {
            let arm = topolint::arm::evaluate(&set);
            let checked = check(&set, &Settings::default());
            (arm, checked)
        });
        let Ok((arm, checked)) = result else {
            panics += 1;
            println!("PANIC {}", f.display());
            continue;
        };
        total_resources += arm.resources.len();
        for r in &arm.resources {
            *by_type.entry(r.rtype.clone()).or_default() += 1;
        }
        let problems: Vec<_> = arm
            .diagnostics
            .iter()
            .filter(|d| d.code == "syntax-error" || d.code.starts_with("arm-"))
            .collect();
        if problems.iter().any(|d| d.code == "syntax-error") {
            with_syntax += 1;
        }
        for d in &checked.diagnostics {
            *by_code.entry(d.code.clone()).or_default() += 1;
        }
        println!("{:>4} resources  {}", arm.resources.len(), f.display());
        // Declarations per type (loop iterations counted once), to compare with the file.
        let mut decls: BTreeMap<String, std::collections::BTreeSet<u32>> = BTreeMap::new();
        for r in &arm.resources {
            decls
                .entry(r.rtype.to_ascii_lowercase())
                .or_default()
                .insert(r.decl.range.start);
        }
        let listed: Vec<String> = decls
            .iter()
            .map(|(t, d)| format!("{t}={}", d.len()))
            .collect();
        println!("       decls: {}", listed.join(" "));
        let doc = set.get(topolint::FileId(0));
        let json = jsonc::parse(&doc.text);
        let mut in_file = (0, 0);
        declared(
            json.root.as_ref().and_then(|r| r.get_ci("resources")),
            &mut in_file,
        );
        let in_model: usize = decls.values().map(|d| d.len()).sum();
        let verdict = if in_model == in_file.0 {
            "same"
        } else if in_model < in_file.0 && in_file.0 - in_model <= in_file.1 {
            "fewer, as many as have a `condition`"
        } else {
            mismatched += 1;
            "MISMATCH"
        };
        println!(
            "       declarations: {} in the file ({} with a condition), {in_model} in the model: {verdict}",
            in_file.0, in_file.1
        );
        let doc = set.get(topolint::FileId(0));
        for d in problems {
            let lc = doc.line_index.line_col(&doc.text, d.location.range.start);
            println!(
                "       {}:{} {} {}: {}",
                lc.line,
                lc.column,
                d.code,
                d.severity.as_str(),
                d.message
            );
        }
    }
    println!(
        "\n{} files, {} ARM templates ({} other JSON skipped), {} resources, {} with syntax errors, {} panics, {:.1?}",
        files.len(),
        templates,
        skipped,
        total_resources,
        with_syntax,
        panics,
        started.elapsed()
    );
    println!("declaration counts that differ beyond conditions: {mismatched}");
    println!("\nresources by type:");
    for (t, n) in &by_type {
        println!("  {n:>5}  {t}");
    }
    println!("\ndiagnostics of the whole check by code:");
    for (c, n) in &by_code {
        println!("  {n:>5}  {c}");
    }

    let text = generated(10_000);
    let lines = text.lines().count();
    let mut set = DocumentSet::new();
    set.add("generated.json", text);
    let t = Instant::now();
    let arm = topolint::arm::evaluate(&set);
    let eval = t.elapsed();
    let t = Instant::now();
    let checked = check(&set, &Settings::default());
    let whole = t.elapsed();
    println!(
        "\ngenerated template: {lines} lines, {} resources, {} ARM diagnostics; ARM evaluation {eval:.1?}, whole check {whole:.1?} ({} diagnostics)",
        arm.resources.len(),
        arm.diagnostics.len(),
        checked.diagnostics.len()
    );
}
