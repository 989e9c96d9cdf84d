//! Bicep parser tests.
//!
//! - Snapshots: every `tests/bicep/*.bicep` is parsed and its tree and errors compared with
//!   `<file>.tree` next to it. Regenerate: `UPDATE_SNAPSHOTS=1 cargo test --test bicep_syntax`.
//! - Invariants on every fixture and on generated nasty inputs: the tokens give back the
//!   input, every range is in bounds and on character boundaries, no panic.
//! - Opt-in, driven by environment variables (they print figures, they assert nothing about
//!   time):
//!   - `BICEP_CORPUS=<dir>`: parse every `.bicep` below `dir`, report files with syntax errors
//!     (fails when any has one).
//!   - `BICEP_BENCH=1`: parse time of a generated ~2,000-line file.
//!   - `BICEP_FUZZ_SECS=<n>`: mutate the fixtures for `n` seconds checking the invariants (see
//!     `scripts/fuzz-bicep`).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::invariants::bicep as invariants;
use topolint::syntax::bicep::{self, *};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bicep");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/bicep exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "bicep"))
        .collect();
    v.sort();
    v
}

#[test]
fn snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let file = bicep::parse(&text);
        let actual = dump::dump(&file, &text);
        let snap = path.with_extension("bicep.tree");
        if update {
            std::fs::write(&snap, &actual).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&snap).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{} differs from its snapshot:\n{}",
                path.display(),
                first_difference(&expected, &actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(regenerate with UPDATE_SNAPSHOTS=1)",
        failures.join("\n")
    );
}

fn first_difference(expected: &str, actual: &str) -> String {
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            return format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1);
        }
    }
    format!(
        "line counts differ: expected {}, actual {}",
        expected.lines().count(),
        actual.lines().count()
    )
}

#[test]
fn valid_fixtures_have_no_errors() {
    for path in fixtures() {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("recovery-") || name == "pragmas.bicep" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let file = bicep::parse(&text);
        assert!(file.errors.is_empty(), "{name}: {:?}", file.errors.first());
    }
}

#[test]
fn fixtures_keep_invariants() {
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let file = bicep::parse(&text);
        if let Err(e) = invariants(&text, &file) {
            panic!("{}: {e}", path.display());
        }
        // Every prefix is half-typed input: it must keep the invariants too.
        for (i, _) in text.char_indices().step_by(7) {
            let prefix = &text[..i];
            if let Err(e) = invariants(prefix, &bicep::parse(prefix)) {
                panic!("{} cut at {i}: {e}", path.display());
            }
        }
    }
}

#[test]
fn deep_nesting_is_bounded() {
    let n = 50_000;
    let cases = [
        "[".repeat(n),
        format!("var x = {}1{}", "[".repeat(n), "]".repeat(n)),
        format!("var x = {}1{}", "(".repeat(n), ")".repeat(n)),
        format!("var x = {}", "{a:".repeat(n)),
        format!("var x = {}", "!".repeat(n)),
        format!("var x = {}", "-".repeat(n)),
        format!("var x = a{}", ".b".repeat(n)),
        format!("var x = a{}", "!".repeat(n)),
        format!("var x = a{}", "[0]".repeat(n)),
        format!("var x = 1{}", " + 1".repeat(n)),
        format!("var x = 1{}", " ? 1 : 1".repeat(n)),
        format!("var x = {}", "'${".repeat(n)),
        format!("var x = {}", "x => ".repeat(n)),
        format!("type t = {}", "{a:".repeat(n)),
        format!("type t = string{}", "[]".repeat(n)),
        format!("type t = string{}", "?".repeat(n)),
        format!("type t = {}", "(".repeat(n)),
        format!("type t = a{}", "<a".repeat(n)),
        format!("type t = 'a'{}", " | 'a'".repeat(n)),
        format!("resource a 'T' = {}", "{\nresource b 'T' = ".repeat(n)),
        "@a\n".repeat(n),
    ];
    for text in cases {
        // The default test-thread stack: what the playground and the CLI give the parser.
        let file = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let f = bicep::parse(&text);
                let ok = invariants(&text, &f);
                drop(f);
                ok
            })
            .expect("spawn")
            .join();
        match file {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("{e}"),
            Err(_) => panic!("parser panicked or overflowed on deep nesting"),
        }
    }
}

#[test]
fn api_finds_what_the_evaluator_needs() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bicep/resources.bicep"),
    )
    .expect("fixture");
    let file = bicep::parse(&text);
    let all = file.resources();
    let names: Vec<_> = all
        .iter()
        .map(|(chain, r)| {
            let parents: Vec<_> = chain
                .iter()
                .filter_map(|p| p.name.as_ref().map(|n| n.name.as_str()))
                .collect();
            (parents, r.name.as_ref().map(|n| n.name.clone()))
        })
        .collect();
    assert_eq!(names[0], (vec![], Some("vnet".to_string())));
    assert_eq!(names[1], (vec!["vnet"], Some("snet".to_string())));
    let (_, vnet) = all[0];
    let ty = vnet.resource_type().expect("type");
    assert_eq!(ty.type_name, "Microsoft.Network/virtualNetworks");
    assert_eq!(ty.api_version, Some("2024-05-01"));
    let prefixes = vnet
        .property("properties")
        .and_then(|p| p.path(&["addressSpace", "addressPrefixes"]))
        .and_then(Expr::as_array)
        .expect("prefixes");
    assert_eq!(prefixes[0].as_str(), Some("10.0.0.0/16"));
    let zone = file.declaration("existingZone").expect("zone");
    let StatementKind::Resource(zone) = &zone.kind else {
        panic!("not a resource")
    };
    assert!(zone.is_existing());
    assert!(zone.property("scope").is_some());
    let StatementKind::Resource(link) = &file.declaration("link").expect("link").kind else {
        panic!()
    };
    assert_eq!(
        link.condition()
            .and_then(Expr::as_ident)
            .map(|i| i.name.as_str()),
        Some("deploy")
    );
    assert_eq!(
        link.property("parent")
            .and_then(Expr::as_ident)
            .map(|i| i.name.as_str()),
        Some("existingZone")
    );
    let StatementKind::Resource(pes) = &file.declaration("pes").expect("pes").kind else {
        panic!()
    };
    assert!(pes.for_loop().is_some() && pes.condition().is_some());
    assert!(pes.body_object().is_some());
    let sources: Vec<_> = file.modules().filter_map(|m| m.source()).collect();
    assert_eq!(sources[0], ModuleSource::Local("./modules/vnet.bicep"));
    assert_eq!(
        sources[2],
        ModuleSource::Registry {
            alias: Some("public"),
            reference: "avm/res/network/virtual-network:0.5.1"
        }
    );
    let pragmas = bicep::parse("#disable-next-line a b-c\nparam x string\n");
    let p = pragmas.pragma_for("#disable-next-line a b-c\nparam x string\n", 27);
    assert_eq!(
        p.map(|p| p.codes.iter().map(|c| c.0.as_str()).collect::<Vec<_>>()),
        Some(vec!["a", "b-c"])
    );
}

// ---- opt-in: corpus, benchmark, fuzzing ---------------------------------------------------

fn bicep_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            bicep_files(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "bicep" || x == "bicepparam")
        {
            out.push(p);
        }
    }
}

#[test]
fn corpus() {
    let Some(dir) = std::env::var_os("BICEP_CORPUS") else {
        return;
    };
    let mut files = Vec::new();
    bicep_files(Path::new(&dir), &mut files);
    files.sort();
    let (mut lines, mut bytes, mut failed) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        lines += text.lines().count();
        bytes += text.len();
        let file = bicep::parse(&text);
        if let Err(e) = invariants(&text, &file) {
            panic!("{}: {e}", f.display());
        }
        if !file.errors.is_empty() {
            failed += 1;
            let index = topolint::text::LineIndex::new(&text);
            for e in file.errors.iter().take(3) {
                let lc = index.line_col(&text, e.range.start);
                println!(
                    "{}:{}:{}: [{}] {}",
                    f.display(),
                    lc.line,
                    lc.column,
                    e.code,
                    e.message
                );
            }
        }
    }
    println!(
        "corpus: {} files, {lines} lines, {bytes} bytes, {failed} with syntax errors, parsed in {:?}",
        files.len(),
        started.elapsed()
    );
    assert_eq!(failed, 0, "files with syntax errors");
}

fn generated(lines: usize) -> String {
    let mut s = String::from("param location string = resourceGroup().location\n\n");
    let mut i = 0;
    while s.lines().count() < lines {
        s.push_str(&format!(
            "@description('Network {i}')\nresource vnet{i} 'Microsoft.Network/virtualNetworks@2024-05-01' = {{\n  name: 'vnet-${{location}}-{i}'\n  location: location\n  tags: {{\n    env: i > 3 ? 'prod' : 'dev' // comment\n  }}\n  properties: {{\n    addressSpace: {{\n      addressPrefixes: [\n        '10.{i}.0.0/16'\n      ]\n    }}\n    subnets: [for (s, j) in range(0, 3): {{\n      name: 'snet-${{j}}'\n      properties: {{\n        addressPrefix: cidrSubnet('10.{i}.0.0/16', 24, j)\n        privateEndpointNetworkPolicies: 'Disabled'\n      }}\n    }}]\n  }}\n}}\n\n"
        ));
        i += 1;
    }
    s
}

#[test]
fn bench() {
    if std::env::var_os("BICEP_BENCH").is_none() {
        return;
    }
    let text = generated(2000);
    let runs = 50;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(bicep::parse(std::hint::black_box(&text)));
    }
    let per = started.elapsed() / runs;
    println!(
        "bench: {} lines, {} bytes: {:?} per parse ({:.1} MB/s)",
        text.lines().count(),
        text.len(),
        per,
        text.len() as f64 / per.as_secs_f64() / 1e6
    );
}

/// A small deterministic generator (xorshift), so that a failing seed can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "'",
    "${",
    "'''",
    "\n",
    "\r\n",
    "\r",
    ",",
    ":",
    "::",
    ".",
    ".?",
    "?",
    "??",
    "!",
    "=",
    "=>",
    "@",
    "...",
    "/*",
    "*/",
    "//",
    "#disable-next-line ",
    "resource ",
    "param ",
    "var ",
    "if ",
    "for ",
    " in ",
    "existing ",
    "module ",
    "output ",
    "type ",
    "func ",
    "import ",
    "\\",
    "\\u{",
    "é",
    "😀",
    "\"",
    "|",
    "<",
    ">",
    "x",
    " ",
    "1",
    "-",
];

fn mutate(rng: &mut Rng, base: &str, other: &str) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(6) {
            0 => {
                let end = (at + rng.below(20)).min(chars.len());
                chars.drain(at..end);
            }
            1 | 2 => {
                let piece = PIECES[rng.below(PIECES.len())];
                chars.splice(at..at, piece.chars());
            }
            3 => {
                let o: Vec<char> = other.chars().collect();
                let s = rng.below(o.len() + 1);
                let e = (s + rng.below(200)).min(o.len());
                chars.splice(at..at, o[s..e].iter().copied());
            }
            4 => {
                let end = (at + rng.below(40)).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, copy);
            }
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn fuzz() {
    let Some(secs) = std::env::var("BICEP_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    else {
        return;
    };
    let seed = std::env::var("BICEP_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15u64);
    let mut corpus: Vec<String> = fixtures()
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    // The evaluator and rule fixtures seed the pipeline with meaningful resources.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = Vec::new();
    bicep_files(&root.join("tests/bicep-eval"), &mut seeds);
    bicep_files(&root.join("tests/fixtures"), &mut seeds);
    if let Some(dir) = std::env::var_os("BICEP_CORPUS") {
        bicep_files(Path::new(&dir), &mut seeds);
    }
    seeds.sort();
    corpus.extend(seeds.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut runs, mut bytes, mut slowest) = (0u64, 0u64, (Duration::ZERO, 0usize));
    while Instant::now() < deadline {
        let base = &corpus[rng.below(corpus.len())];
        let other = &corpus[rng.below(corpus.len())];
        let mut input = mutate(&mut rng, base, other);
        // Now and then, mutate a mutant: errors on top of errors.
        if rng.below(4) == 0 {
            input = mutate(&mut rng, &input, other);
        }
        let t = Instant::now();
        // The whole pipeline too (evaluate, map, analyse, rules), now and then with a second
        // file the mutant may use as a module.
        let module = (rng.below(2) == 0).then(|| other.clone());
        // Written before the run: a stack overflow aborts the process before any handler.
        let _ = std::fs::write("/tmp/bicep-fuzz-current.bicep", &input);
        let _ = std::fs::write(
            "/tmp/bicep-fuzz-current-mod.bicep",
            module.as_deref().unwrap_or(""),
        );
        let result = std::panic::catch_unwind(|| {
            let f = bicep::parse(&input);
            invariants(&input, &f)?;
            let mut set = topolint::DocumentSet::new();
            set.add("main.bicep", input.as_str());
            if let Some(m) = &module {
                set.add("mod.bicep", m.as_str());
            }
            std::hint::black_box(topolint::check(&set, &topolint::Settings::default()));
            Ok::<(), String>(())
        });
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, input.len());
        }
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                let _ = std::fs::write("/tmp/bicep-fuzz-failure.bicep", &input);
                panic!("invariant broken ({e}); input saved to /tmp/bicep-fuzz-failure.bicep");
            }
            Err(_) => {
                let _ = std::fs::write("/tmp/bicep-fuzz-failure.bicep", &input);
                if let Some(m) = &module {
                    let _ = std::fs::write("/tmp/bicep-fuzz-failure-mod.bicep", m);
                }
                panic!("panic; input saved to /tmp/bicep-fuzz-failure.bicep (module: /tmp/bicep-fuzz-failure-mod.bicep)");
            }
        }
        runs += 1;
        bytes += input.len() as u64;
        // Keep interesting mutants as seeds, within bounds.
        if rng.below(50) == 0 && input.len() < 20_000 {
            if corpus.len() < 2_000 {
                corpus.push(input);
            } else {
                let i = rng.below(corpus.len());
                corpus[i] = input;
            }
        }
    }
    println!(
        "fuzz: {runs} inputs ({:.1} MB, {:.0} inputs/s) in {secs}s, seed {seed}, slowest {:?} for {} bytes: no panic, lossless, ranges in bounds, full check ran",
        bytes as f64 / 1e6,
        runs as f64 / secs.max(1) as f64,
        slowest.0,
        slowest.1
    );
}
