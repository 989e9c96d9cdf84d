//! The renderers on diagnostics no rule produces yet: related places, multi-line ranges, fixes,
//! ranges at the very end or past it. Nothing may panic, every format must stay well-formed.

use super::{human, json, sarif, Checked, Report};
use crate::load::Deployment;
use std::path::PathBuf;
use topolint::{
    CheckResult, Diagnostic, DocumentSet, Fix, Location, Severity, TextEdit, TextRange,
};

const TEXT: &str =
    "{\n  \"vnets\": [\n    { \"name\": \"hub\", \"addressSpace\": [\"10.0.0.0/16\"] }\r\n  ]\r}";

fn report(diagnostics: Vec<Diagnostic>, text: &str) -> Report {
    let mut set = DocumentSet::new();
    set.add("infra/a b.topology.json", text);
    let result = CheckResult {
        diagnostics,
        model: Default::default(),
        paths: Vec::new(),
    };
    Report {
        checked: vec![Checked {
            deployment: Deployment::new(PathBuf::from("infra/a b.topology.json"), set),
            result,
        }],
    }
}

fn at(start: u32, end: u32) -> Location {
    Location::new(topolint::FileId(0), TextRange { start, end })
}

fn rich() -> Vec<Diagnostic> {
    let hub = TEXT.find("\"hub\"").unwrap() as u32;
    let space = TEXT.find("\"10.").unwrap() as u32;
    vec![
        Diagnostic::new(
            "peering-overlap",
            Severity::Error,
            at(hub, hub + 5),
            "overlap",
        )
        .with_related(at(space, space + 13), "this address space")
        .with_related(at(0, TEXT.len() as u32), "the whole document")
        .with_help("renumber one VNet")
        .with_fix(Fix {
            title: "rename".into(),
            edits: vec![
                TextEdit {
                    file: topolint::FileId(0),
                    range: TextRange {
                        start: hub,
                        end: hub + 5,
                    },
                    new_text: "\"spoke\"".into(),
                },
                TextEdit {
                    file: topolint::FileId(0),
                    range: TextRange::empty(TEXT.len() as u32),
                    new_text: "\n".into(),
                },
            ],
        }),
        Diagnostic::new("made-up", Severity::Warning, at(2, 40), "spans lines"),
        Diagnostic::new("made-up", Severity::Info, at(999, 1200), "past the end"),
    ]
}

#[test]
fn human_shows_everything() {
    let out = human::render(&report(rich(), TEXT), false, false);
    for needle in [
        "error[peering-overlap]: overlap",
        "--> infra/a b.topology.json:3:15",
        "this address space",
        "the whole document",
        "help: renumber one VNet",
        "fix available: rename",
        "\"spoke\"",
        "warning[made-up]: spans lines",
        "info[made-up]: past the end",
        "1 error, 1 warning, 1 info in 1 file",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    assert!(
        !out.contains('\u{1b}'),
        "colour when asked for none:\n{out}"
    );
}

#[test]
fn odd_texts_render() {
    for text in ["", "\n", "\r", "é", "a\r\n", "\u{feff}{"] {
        let ds = vec![
            Diagnostic::new("x", Severity::Error, at(0, 0), "start"),
            Diagnostic::new("x", Severity::Error, at(1, 2), "inside a character"),
            Diagnostic::new("x", Severity::Error, at(0, 100), "past the end"),
            Diagnostic::new("x", Severity::Error, at(50, 60), "all past the end"),
        ];
        let r = report(ds, text);
        assert!(human::render(&r, true, true).contains("4 errors"));
        serde_json::from_str::<serde_json::Value>(&json::render(&r)).unwrap();
        serde_json::from_str::<serde_json::Value>(&sarif::render(&r)).unwrap();
    }
}

#[test]
fn json_and_sarif_carry_related_and_fixes() {
    let r = report(rich(), TEXT);
    let j: serde_json::Value = serde_json::from_str(&json::render(&r)).unwrap();
    let d = &j["diagnostics"][0];
    assert_eq!(d["line"], 3);
    assert_eq!(d["related"][0]["message"], "this address space");
    assert_eq!(d["fix"]["edits"][0]["newText"], "\"spoke\"");
    assert_eq!(d["fix"]["edits"][1]["line"], 5);

    let s: serde_json::Value = serde_json::from_str(&sarif::render(&r)).unwrap();
    let run = &s["runs"][0];
    let result = &run["results"][0];
    assert_eq!(result["relatedLocations"].as_array().unwrap().len(), 2);
    let change = &result["fixes"][0]["artifactChanges"][0];
    assert_eq!(
        change["artifactLocation"]["uri"],
        "infra/a%20b.topology.json"
    );
    assert_eq!(change["replacements"].as_array().unwrap().len(), 2);
    // `made-up` is not in the catalogue but must still have a rule entry.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let i = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], result["ruleId"]);
    }
    assert_eq!(run["results"][2]["level"], "note");
}

#[test]
fn long_lines_are_cut_around_the_range() {
    let text: String = (0..2000)
        .map(|i| format!("{{\"name\": \"v{i}\" \"x\": 1}},"))
        .collect();
    let pos = text.find("\"v1500\"").unwrap() as u32;
    let column = pos + 1; // ASCII: the column is the offset plus one
    let ds = vec![
        Diagnostic::new("x", Severity::Error, at(pos, pos + 7), "far along")
            .with_related(at(pos + 9, pos + 12), "next to it"),
    ];
    for color in [false, true] {
        let out = human::render(&report(ds.clone(), &text), color, false);
        let plain = if color {
            assert!(out.contains('\u{1b}'));
            out.lines()
                .map(human::without_escapes)
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            out.clone()
        };
        assert!(
            plain.contains(&format!(
                "--> infra/a b.topology.json:1:{column}\n  |\n1 | "
            )),
            "{plain}"
        );
        assert!(plain.contains("\"v1500\""), "{plain}");
        assert!(plain.contains("next to it"), "{plain}");
        assert!(!plain.contains(":::"), "{plain}");
        assert!(plain.len() < 2_000, "not cut: {} bytes", plain.len());
    }
}
