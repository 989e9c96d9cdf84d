//! Bicep evaluator tests as data: every `tests/bicep-eval/*.bicep` (or `*.set/` directory, one
//! document set) is evaluated, and the resources it yields, the model they map to and the
//! diagnostics of a full check are compared with `<case>.model` next to it.
//!
//! Regenerate after an intended change: `UPDATE_SNAPSHOTS=1 cargo test --test bicep_model`.
//!
//! Opt-in: `BICEP_CORPUS=<dir>` evaluates every `.bicep` below `dir` (each file with the local
//! modules it references, as the CLI loads them), prints per-file counts of what the model
//! holds, and fails on a panic.

mod support;

use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use topolint::azure::{EKind, EVal, Resource};
use topolint::model::Model;
use topolint::{check, DocumentSet, Location, Settings};

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/bicep-eval exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            (p.is_dir() && name.ends_with(".set")) || name.ends_with(".bicep")
        })
        .collect();
    v.sort();
    v
}

fn is_bicep(name: &str) -> bool {
    name.ends_with(".bicep")
}

fn load(path: &Path) -> DocumentSet {
    support::load(path, &is_bicep)
}

/// Renders locations as `line:col` (prefixed by the file name in a multi-file set).
struct Render<'a> {
    set: &'a DocumentSet,
}

impl Render<'_> {
    fn at(&self, loc: Location) -> String {
        if loc.file.0 as usize >= self.set.len() {
            return "?".into();
        }
        let doc = self.set.get(loc.file);
        let lc = doc.line_index.line_col(&doc.text, loc.range.start);
        if self.set.len() > 1 {
            format!("{}:{}:{}", doc.name, lc.line, lc.column)
        } else {
            format!("{}:{}", lc.line, lc.column)
        }
    }

    /// A value on one line: `'text'`, `?(reason)[identity]`, `id(Type|a|b)`, ...
    fn value(&self, v: &EVal) -> String {
        let mut s = match &v.kind {
            EKind::Null => "null".into(),
            EKind::Bool(b) => b.to_string(),
            EKind::Int(i) => i.to_string(),
            EKind::Str(s) => format!("'{s}'"),
            EKind::Interp(parts) => {
                let mut s = String::from("'");
                for p in parts {
                    match &p.kind {
                        EKind::Str(x) => s.push_str(x),
                        _ => write!(s, "${{{}}}", self.value(p)).unwrap(),
                    }
                }
                s.push('\'');
                s
            }
            EKind::Array(items) if items.is_empty() => "[]".into(),
            EKind::Array(items) => format!("[{} items]", items.len()),
            EKind::Object(props) => format!("{{{} props}}", props.len()),
            EKind::ResourceId(id) => format!(
                "id({}|{})",
                id.rtype,
                id.names
                    .iter()
                    .map(|n| self.value(n))
                    .collect::<Vec<_>>()
                    .join("|")
            ),
            EKind::Property { of, path } => format!(
                "prop({}|{}).{}",
                of.rtype,
                of.names
                    .iter()
                    .map(|n| self.value(n))
                    .collect::<Vec<_>>()
                    .join("|"),
                path.join(".")
            ),
            EKind::Unknown(u) => match &u.identity {
                Some(i) => format!("?[{i}]({})", u.reason),
                None => format!("?({})", u.reason),
            },
        };
        if let Some(p) = &v.via_param {
            write!(s, " via {p}").unwrap();
        }
        s
    }

    /// Every leaf of a body, one per line: `properties.subnets[0].name = 'a' @12:15`.
    fn leaves(&self, prefix: &str, v: &EVal, out: &mut String) {
        match &v.kind {
            EKind::Object(props) if !props.is_empty() => {
                for (k, _, x) in props {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    self.leaves(&p, x, out);
                }
            }
            EKind::Array(items) if !items.is_empty() => {
                for (n, x) in items.iter().enumerate() {
                    self.leaves(&format!("{prefix}[{n}]"), x, out);
                }
            }
            _ => {
                let p = if prefix.is_empty() { "(body)" } else { prefix };
                writeln!(out, "    {p} = {} @{}", self.value(v), self.at(v.loc)).unwrap();
            }
        }
    }

    fn resource(&self, r: &Resource, out: &mut String) {
        let names: Vec<String> = r.names.iter().map(|n| self.value(n)).collect();
        write!(
            out,
            "  {} {} @{}",
            r.rtype,
            names.join(" / "),
            self.at(r.loc)
        )
        .unwrap();
        if let Some(s) = &r.symbol {
            write!(out, " symbol={s}").unwrap();
        }
        if let Some(api) = &r.api_version {
            write!(out, " api={api}").unwrap();
        }
        if r.existing {
            out.push_str(" existing");
        }
        if r.maybe {
            out.push_str(" maybe");
        }
        out.push('\n');
        if let Some(scope) = &r.scope {
            writeln!(
                out,
                "    (scope) = {} @{}",
                self.value(scope),
                self.at(scope.loc)
            )
            .unwrap();
        }
        self.leaves("", &r.body, out);
    }

    /// The model through its serialised form: fields as `value @line:col`, unknowns as
    /// `?[identity](reason)`, false/empty/absent parts left out.
    fn model(&self, m: &Model, out: &mut String) {
        let v = serde_json::to_value(m).unwrap();
        let Value::Object(top) = v else { return };
        for (k, x) in top {
            if skip(&x) || k == "suppressions" {
                continue;
            }
            match &x {
                Value::Array(items) => {
                    writeln!(out, "{k}:").unwrap();
                    for (n, it) in items.iter().enumerate() {
                        writeln!(out, "  [{n}]").unwrap();
                        self.json(it, 4, out);
                    }
                }
                _ => writeln!(out, "{k}: {}", self.inline(&x).unwrap_or_default()).unwrap(),
            }
        }
        for s in &m.suppressions {
            writeln!(
                out,
                "suppression: {} @{}",
                s.rules.join(","),
                self.at(s.scope)
            )
            .unwrap();
        }
    }

    fn json(&self, v: &Value, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    if skip(x) || k == "decl" {
                        continue;
                    }
                    match self.inline(x) {
                        Some(s) => writeln!(out, "{pad}{k}: {s}").unwrap(),
                        None => {
                            writeln!(out, "{pad}{k}:").unwrap();
                            self.json(x, indent + 2, out);
                        }
                    }
                }
            }
            Value::Array(items) => {
                for it in items {
                    match self.inline(it) {
                        Some(s) => writeln!(out, "{pad}- {s}").unwrap(),
                        None => {
                            writeln!(out, "{pad}-").unwrap();
                            self.json(it, indent + 2, out);
                        }
                    }
                }
            }
            _ => writeln!(out, "{pad}{}", self.inline(v).unwrap_or_default()).unwrap(),
        }
    }

    /// A one-line form for scalars, locations, fields of scalars and short lists of them.
    fn inline(&self, v: &Value) -> Option<String> {
        match v {
            Value::Null => Some("null".into()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(format!("'{s}'")),
            Value::Array(items) => {
                let parts: Option<Vec<String>> = items.iter().map(|x| self.inline(x)).collect();
                let s = format!("[{}]", parts?.join(", "));
                (s.len() <= 100).then_some(s)
            }
            Value::Object(o) => {
                if let (Some(file), Some(range)) = (o.get("file"), o.get("range")) {
                    let loc: Location = Location::new(
                        topolint::FileId(file.as_u64()? as u32),
                        topolint::TextRange {
                            start: range.get("start")?.as_u64()? as u32,
                            end: range.get("end")?.as_u64()? as u32,
                        },
                    );
                    return Some(format!("@{}", self.at(loc)));
                }
                if let (Some(val), Some(loc)) = (o.get("val"), o.get("loc")) {
                    let mut s = format!("{} {}", self.inline(val)?, self.inline(loc)?);
                    if let Some(Value::String(p)) = o.get("via_param") {
                        write!(s, " via {p}").unwrap();
                    }
                    return Some(s);
                }
                if let Some(Value::String(reason)) = o.get("reason") {
                    return Some(match o.get("identity").and_then(Value::as_str) {
                        Some(i) => format!("?[{i}]({reason})"),
                        None => format!("?({reason})"),
                    });
                }
                if o.len() == 1 {
                    let (k, x) = o.iter().next()?;
                    return match k.as_str() {
                        "known" => self.inline(x),
                        "unknown" => {
                            let reason = x.get("reason")?.as_str()?;
                            Some(match x.get("identity").and_then(Value::as_str) {
                                Some(i) => format!("?[{i}]({reason})"),
                                None => format!("?({reason})"),
                            })
                        }
                        "resolved" => Some(format!("#{}", self.inline(x)?)),
                        "external" => Some(format!("external {}", self.inline(x)?)),
                        _ => None,
                    };
                }
                if let (Some(Value::String(kind)), 2) = (o.get("kind"), o.len()) {
                    let (_, x) = o.iter().find(|(k, _)| *k != "kind")?;
                    return Some(format!("{kind} {}", self.inline(x)?));
                }
                if let (Some(Value::String(kind)), 1) = (o.get("kind"), o.len()) {
                    return Some(kind.clone());
                }
                None
            }
        }
    }
}

fn skip(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn snapshot(set: &DocumentSet) -> String {
    let r = Render { set };
    let mut model = Model::default();
    let mut resources = Vec::new();
    let mut diags = Vec::new();
    topolint::bicep::lower_all(set, &mut model, &mut resources, &mut diags);
    let mut out = String::from("== resources\n");
    for res in &resources {
        r.resource(res, &mut out);
    }
    let result = check(set, &Settings::default());
    out.push_str("== model\n");
    r.model(&result.model, &mut out);
    out.push_str("== diagnostics\n");
    for d in &result.diagnostics {
        writeln!(
            out,
            "  {} {} @{}: {}",
            d.code,
            d.severity.as_str(),
            r.at(d.location),
            d.message
        )
        .unwrap();
        for rel in &d.related {
            writeln!(out, "    related @{}: {}", r.at(rel.location), rel.message).unwrap();
        }
        if let Some(h) = &d.help {
            writeln!(out, "    help: {h}").unwrap();
        }
    }
    out
}

#[test]
fn evaluator_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bicep-eval");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    let all = cases(&dir);
    assert!(!all.is_empty(), "no cases under {}", dir.display());
    for case in all {
        let actual = snapshot(&load(&case));
        let snap = PathBuf::from(format!("{}.model", case.display()));
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
                "{} is missing; run UPDATE_SNAPSHOTS=1 cargo test --test bicep_model",
                snap.display()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} snapshot failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// `BICEP_CORPUS=<dir>`: evaluate real files, each with the local modules it uses (read as the
/// CLI reads them), and print what the model holds. Fails on a panic; counts are for reading.
#[test]
fn corpus() {
    let Some(dir) = std::env::var_os("BICEP_CORPUS") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let files = support::files_below(&dir, &is_bicep);
    let (mut lines, mut panics, mut with_errors) = (0usize, Vec::new(), 0usize);
    let started = std::time::Instant::now();
    println!("file: lines | resources | vnets subnets peerings endpoints zones links roles registries workloads | syntax errors | incomplete");
    for (rel, full) in &files {
        let text = std::fs::read_to_string(full).unwrap();
        lines += text.lines().count();
        let mut set = DocumentSet::new();
        set.add(rel.clone(), text);
        // Local modules, recursively, each once (as `cli/src/load.rs` does).
        let mut next = 0;
        while next < set.len() {
            let doc = set.get(topolint::FileId(next as u32));
            next += 1;
            for m in topolint::bicep::local_modules(&doc.name, &doc.text) {
                if set.find(&m).is_none() {
                    if let Ok(t) = std::fs::read_to_string(dir.join(&m)) {
                        set.add(m, t);
                    }
                }
            }
        }
        let outcome = std::panic::catch_unwind(|| {
            let mut model = Model::default();
            let mut resources = Vec::new();
            let mut diags = Vec::new();
            topolint::bicep::lower_all(&set, &mut model, &mut resources, &mut diags);
            (resources.len(), check(&set, &Settings::default()))
        });
        let Ok((resources, result)) = outcome else {
            panics.push(rel.clone());
            continue;
        };
        let m = &result.model;
        let syntax = result
            .diagnostics
            .iter()
            .filter(|d| d.code == "syntax-error")
            .count();
        if syntax > 0 {
            with_errors += 1;
        }
        println!(
            "{rel}: {} | {resources} | {} {} {} {} {} {} {} {} {} | {syntax} | {}",
            set.get(topolint::FileId(0)).text.lines().count(),
            m.vnets.len(),
            m.subnets.len(),
            m.peerings.len(),
            m.endpoints.len(),
            m.zones.len(),
            m.zones.iter().map(|z| z.links.len()).sum::<usize>(),
            m.role_assignments.len(),
            m.registries.len(),
            m.workloads.len(),
            m.incomplete.as_ref().map_or("-", |u| u.reason.as_str()),
        );
    }
    println!(
        "corpus model: {} files, {lines} lines, {with_errors} with syntax errors, {} panics, in {:?}",
        files.len(),
        panics.len(),
        started.elapsed()
    );
    assert!(panics.is_empty(), "panicked on: {panics:?}");
}
