//! ARM front-end snapshots: every template under `tests/arm/` (or directory `*.set`, one
//! document set, for parameter files and multi-file cases) is evaluated and the resources it
//! yields are dumped next to it in `<file>.resources`: type, API version, names, flags, every
//! body value with its path and line:col, then the diagnostics and suppressions.
//!
//! Regenerate after an intended change: `UPDATE_SNAPSHOTS=1 cargo test --test arm_resources`.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use topolint::azure::{EKind, EVal};
use topolint::{DocumentSet, Location};

struct Dump<'a> {
    set: &'a DocumentSet,
    multi: bool,
}

impl Dump<'_> {
    fn at(&self, l: Location) -> String {
        let doc = self.set.get(l.file);
        let lc = doc.line_index.line_col(&doc.text, l.range.start);
        if self.multi {
            format!("{}:{}:{}", doc.name, lc.line, lc.column)
        } else {
            format!("{}:{}", lc.line, lc.column)
        }
    }

    fn short(&self, v: &EVal) -> String {
        let via = v
            .via_param
            .as_ref()
            .map(|p| format!(" (via {p})"))
            .unwrap_or_default();
        let body = match &v.kind {
            EKind::Null => "null".into(),
            EKind::Bool(b) => b.to_string(),
            EKind::Int(i) => i.to_string(),
            EKind::Str(s) => format!("'{}'", s.replace('\n', "\\n").replace('\r', "\\r")),
            EKind::Interp(parts) => {
                let mut s = String::from("\"");
                for p in parts {
                    match &p.kind {
                        EKind::Str(t) => s.push_str(t),
                        _ => write!(s, "{{{}}}", self.short(p)).unwrap(),
                    }
                }
                s.push('"');
                s
            }
            EKind::Array(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|i| self.short(i))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            EKind::Object(props) => format!(
                "{{{}}}",
                props
                    .iter()
                    .map(|(k, _, v)| format!("{k}: {}", self.short(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            EKind::ResourceId(id) => format!(
                "id({}, {})",
                id.rtype,
                id.names
                    .iter()
                    .map(|n| format!("{}@{}", self.short(n), self.at(n.loc)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            EKind::Property { of, path } => format!(
                "ref({}, {}).{}",
                of.rtype,
                of.names
                    .iter()
                    .map(|n| self.short(n))
                    .collect::<Vec<_>>()
                    .join(", "),
                path.join(".")
            ),
            EKind::Unknown(u) => format!("?{} «{}»", u.identity.as_deref().unwrap_or(""), u.reason),
        };
        format!("{body}{via}")
    }

    /// One line per leaf (scalars, empty containers, ids, unknowns).
    fn leaves(&self, path: &str, v: &EVal, out: &mut String) {
        match &v.kind {
            EKind::Object(props) if !props.is_empty() => {
                for (k, _, p) in props {
                    let sub = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    self.leaves(&sub, p, out);
                }
            }
            EKind::Array(items) if !items.is_empty() => {
                for (i, p) in items.iter().enumerate() {
                    self.leaves(&format!("{path}[{i}]"), p, out);
                }
            }
            _ => writeln!(
                out,
                "    {} = {} @{}",
                if path.is_empty() { "(body)" } else { path },
                self.short(v),
                self.at(v.loc)
            )
            .unwrap(),
        }
    }
}

fn render(set: &DocumentSet) -> String {
    let r = topolint::arm::evaluate(set);
    let d = Dump {
        set,
        multi: set.len() > 1,
    };
    let mut out = String::new();
    for res in &r.resources {
        let mut flags = String::new();
        if res.existing {
            flags.push_str(" existing");
        }
        if res.maybe {
            flags.push_str(" maybe");
        }
        if let Some(s) = &res.symbol {
            write!(flags, " symbol={s}").unwrap();
        }
        writeln!(
            out,
            "{} @{}{} at {} decl {}",
            res.rtype,
            res.api_version.as_deref().unwrap_or("?"),
            flags,
            d.at(res.loc),
            d.at(res.decl),
        )
        .unwrap();
        let names: Vec<String> = res
            .names
            .iter()
            .map(|n| format!("{} @{}", d.short(n), d.at(n.loc)))
            .collect();
        writeln!(out, "  names: {}", names.join(" / ")).unwrap();
        if let Some(s) = &res.scope {
            writeln!(out, "  scope: {}", d.short(s)).unwrap();
        }
        d.leaves("", &res.body, &mut out);
    }
    if r.resources.is_empty() {
        writeln!(out, "(no resources)").unwrap();
    }
    for diag in &r.diagnostics {
        let doc = set.get(diag.location.file);
        writeln!(
            out,
            "{} {} {} `{}`: {}",
            d.at(diag.location),
            diag.code,
            diag.severity.as_str(),
            diag.location.range.slice(&doc.text),
            diag.message
        )
        .unwrap();
    }
    for s in &r.suppressions {
        writeln!(out, "suppress {:?} at {}", s.rules, d.at(s.scope)).unwrap();
    }
    out
}

fn is_template(name: &str) -> bool {
    name.ends_with(".json") && !name.ends_with(".parameters.json")
}

/// A template alone, or a `.set` directory's templates and parameter files.
fn load(path: &Path) -> DocumentSet {
    support::load(path, &|name: &str| name.ends_with(".json"))
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/arm");
    let cases = support::cases(&root, &is_template);
    assert!(!cases.is_empty(), "no templates under {}", root.display());
    cases
}

#[test]
fn arm_resources() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let set = load(&case);
        let actual = render(&set);
        let snap = PathBuf::from(format!("{}.resources", case.display()));
        if update {
            std::fs::write(&snap, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&snap) {
            Ok(expected) if expected.replace("\r\n", "\n") == actual => {}
            Ok(expected) => failures.push(format!(
                "{} differs:\n--- expected\n{expected}\n--- actual\n{actual}",
                snap.display()
            )),
            Err(_) => failures.push(format!(
                "{} is missing; run UPDATE_SNAPSHOTS=1 cargo test --test arm_resources",
                snap.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every prefix of every fixture (a document being typed) evaluates without panicking, and
/// every diagnostic range lies inside its document on character boundaries.
#[test]
fn truncated_templates_never_panic() {
    for case in cases() {
        let full = load(&case);
        for (_, doc) in full.iter() {
            let text = &doc.text;
            let step = (text.len() / 150).max(1);
            let mut cut = 0;
            while cut <= text.len() {
                if text.is_char_boundary(cut) {
                    let mut set = DocumentSet::new();
                    set.add_with_kind(doc.name.clone(), &text[..cut], doc.kind);
                    let r = topolint::arm::evaluate(&set);
                    for d in &r.diagnostics {
                        let (s, e) = (
                            d.location.range.start as usize,
                            d.location.range.end as usize,
                        );
                        assert!(
                            e <= cut && text.is_char_boundary(s) && text.is_char_boundary(e),
                            "{}: cut at {cut}: bad range {s}..{e} for {}",
                            case.display(),
                            d.message
                        );
                    }
                }
                cut += step;
            }
        }
    }
}

#[test]
fn a_linked_template_makes_the_model_incomplete() {
    let template = |props: &str| {
        format!(
            r#"{{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [ {{ "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01",
    "name": "network", "properties": {{ "mode": "Incremental", {props} }} }} ] }}"#
        )
    };
    let check = |text: String| {
        let mut set = DocumentSet::new();
        set.add("main.json", text);
        topolint::check(&set, &topolint::Settings::default()).model
    };
    let linked = check(template(
        r#""templateLink": { "relativePath": "network.json" }"#,
    ));
    let why = linked.incomplete.expect("a linked template is not read");
    assert!(why.reason.contains("`network`"), "{}", why.reason);
    assert!(why.reason.contains("templateLink"), "{}", why.reason);
    let inline = check(template(
        r#""template": { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": [] }"#,
    ));
    assert!(inline.incomplete.is_none());
}
