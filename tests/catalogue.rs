//! The rule catalogue is complete and documented: every rule is registered once, its doc
//! comment has the fixed headings and cites a source, it has a firing and a quiet fixture in each
//! input format (topology JSON, Bicep, ARM JSON; the few a template cannot express are listed
//! with the reason), every firing fixture of a rule with a fix has its fixed text, and
//! `docs/rules/` is generated from the doc comments (regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test --test catalogue`).

use std::collections::BTreeMap;
use std::path::Path;
use topolint::rules::ALL;

const HEADINGS: &[&str] = &[
    "## What it checks",
    "## Why it matters",
    "## Source",
    "## Example",
    "## Fix",
];

/// Whether a fixture's file name is of a format.
type IsFormat = fn(&str) -> bool;

/// The input formats every rule has fixtures in: (name, is a file of it).
const FORMATS: [(&str, IsFormat); 3] = [
    ("topology JSON", |n| n.ends_with(".topology.json")),
    ("Bicep", |n| n.ends_with(".bicep")),
    ("ARM JSON", |n| {
        n.ends_with(".json") && !n.ends_with(".topology.json")
    }),
];

/// Fixtures a template cannot have: (rule, case, format, why).
const NOT_EXPRESSIBLE: &[(&str, &str, &str, &str)] = &[
    ("aks-acrpull-via-group", "fire", "Bicep", "group membership is not a template resource"),
    ("aks-acrpull-via-group", "fire", "ARM JSON", "group membership is not a template resource"),
    (
        "aks-kubelet-acrpull-missing",
        "fire",
        "Bicep",
        "a template shows an AKS pull only through a role, which the kubelet or a more specific rule holds",
    ),
    (
        "aks-kubelet-acrpull-missing",
        "fire",
        "ARM JSON",
        "a template shows an AKS pull only through a role, which the kubelet or a more specific rule holds",
    ),
];

/// Firing fixtures where the rule's fix must refuse: (rule, file, why).
const NO_FIX: &[(&str, &str, &str)] = &[
    (
        "acr-dns-zone-name",
        "fire-unsafe.bicep",
        "another resource has the zone's name",
    ),
    (
        "acr-dns-zone-name",
        "fire-unsafe.topology.json",
        "another resource has the zone's name",
    ),
    (
        "acr-dns-zone-name",
        "fire-records.bicep",
        "the zone holds hand-written records",
    ),
    (
        "peering-one-sided",
        "fire-inline-both.json",
        "the remote VNet lists its peerings inline",
    ),
];

#[test]
fn every_rule_is_documented_and_has_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut ids = Vec::new();
    for rule in ALL {
        let m = rule.meta();
        if ids.contains(&m.id) {
            problems.push(format!("{} is registered twice", m.id));
        }
        ids.push(m.id);
        if !m
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problems.push(format!("{} is not kebab-case", m.id));
        }
        for h in HEADINGS {
            if !m.docs.contains(h) {
                problems.push(format!("{}: doc comment lacks `{h}`", m.id));
            }
        }
        if !m.docs.contains("ms.date") && !m.docs.contains("AZURE-FACTS") {
            problems.push(format!(
                "{}: the Source section must cite a dated source",
                m.id
            ));
        }
        let dir = root.join("tests/fixtures/rules").join(m.id);
        let inputs: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .filter(|n| !n.ends_with(".snap") && !n.ends_with(".fixed"))
                    .collect()
            })
            .unwrap_or_default();
        for case in ["fire", "quiet"] {
            for (format, is_format) in FORMATS {
                let found = inputs.iter().any(|n| n.starts_with(case) && is_format(n));
                let excused = NOT_EXPRESSIBLE
                    .iter()
                    .any(|(id, c, f, _)| *id == m.id && *c == case && *f == format);
                if !found && !excused {
                    problems.push(format!(
                        "{}: no `{case}` fixture in {format} in {}",
                        m.id,
                        dir.display()
                    ));
                }
                if found && excused {
                    problems.push(format!(
                        "{}: has a `{case}` fixture in {format}: remove it from NOT_EXPRESSIBLE",
                        m.id
                    ));
                }
            }
        }
        // A rule with a fix shows it on every firing fixture, but where it must refuse.
        if m.has_fix {
            for n in inputs.iter().filter(|n| n.starts_with("fire")) {
                let refused = NO_FIX.iter().any(|(id, f, _)| *id == m.id && f == n);
                let fixed = dir.join(format!("{n}.fixed")).exists();
                if !fixed && !refused {
                    problems.push(format!("{}: has a fix but {n} has no `.fixed`", m.id));
                }
                if refused {
                    let snap =
                        std::fs::read_to_string(dir.join(format!("{n}.snap"))).unwrap_or_default();
                    if fixed || snap.contains("|   fix: ") {
                        problems.push(format!("{}: {n} must show no fix", m.id));
                    }
                }
            }
        }
        if let Ok(rd) = std::fs::read_dir(&dir) {
            for e in rd.filter_map(|e| e.ok()) {
                let name = e.file_name().to_string_lossy().to_string();
                if name.starts_with("fire") && name.ends_with(".snap") {
                    let snap = std::fs::read_to_string(e.path()).unwrap_or_default();
                    if !snap.contains(&format!(" {} ", m.id)) {
                        problems.push(format!("{}: {} does not show the rule firing", m.id, name));
                    }
                }
                if name.starts_with("quiet") && name.ends_with(".snap") {
                    let snap = std::fs::read_to_string(e.path()).unwrap_or_default();
                    if snap.contains(&format!(" {} ", m.id)) {
                        problems.push(format!("{}: {} shows the rule firing", m.id, name));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn render_pages() -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    let mut index = String::from("# topolint rules\n\nGenerated from the rules' doc comments by `UPDATE_SNAPSHOTS=1 cargo test --test catalogue`; do not edit.\n\n| id | default level | fix | summary |\n|---|---|---|---|\n");
    for rule in ALL {
        let m = rule.meta();
        index.push_str(&format!(
            "| [`{0}`]({0}.md) | {1} | {2} | {3} |\n",
            m.id,
            m.default_severity.as_str(),
            if m.has_fix { "yes" } else { "" },
            m.summary
        ));
        let docs = m
            .docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        pages.insert(
            format!("{}.md", m.id),
            format!(
                "# {}\n\n{}\n\nDefault level: **{}**. Quick fix: {}.\n\n{}\n",
                m.id,
                m.summary,
                m.default_severity.as_str(),
                if m.has_fix { "yes" } else { "no" },
                docs.trim_end()
            ),
        );
    }
    index.push_str("\n## Document problems\n\n| code | summary |\n|---|---|\n");
    for (code, summary, docs) in topolint::codes::CODES {
        index.push_str(&format!("| [`{code}`]({code}.md) | {summary} |\n"));
        pages.insert(
            format!("{code}.md"),
            format!("# {code}\n\n{summary}.\n\n{}", docs),
        );
    }
    pages.insert("README.md".into(), index);
    pages
}

#[test]
fn docs_are_generated_from_the_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let pages = render_pages();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &pages {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, text) in &pages {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let on_disk: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    for f in on_disk {
        if !pages.contains_key(&f) {
            stale.push(format!("{f} (no longer generated)"));
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is stale: {stale:?}; run `UPDATE_SNAPSHOTS=1 cargo test --test catalogue`"
    );
}
