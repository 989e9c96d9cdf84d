//! Native timing of `api::check` (what the npm package's `check` runs, minus the JavaScript
//! boundary), for `pkg-tests/bench.mjs` to print next to the Node figure.
//!
//! `cargo bench --bench check -- FILE...` checks the files as one set, repeatedly, and prints
//! one JSON line: `{"runs":N,"medianMs":M,"minMs":m,"diagnostics":D}`. Without files it
//! checks every `examples/large/*.json`.

use std::time::{Duration, Instant};
use topolint::api::{self, CheckOptions, FileInput};

fn main() {
    let mut paths: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if paths.is_empty() {
        if let Ok(dir) = std::fs::read_dir("examples/large") {
            paths = dir
                .filter_map(|e| e.ok())
                .map(|e| e.path().to_string_lossy().into_owned())
                .filter(|p| p.ends_with(".json"))
                .collect();
            paths.sort();
        }
    }
    if paths.is_empty() {
        eprintln!("usage: cargo bench --bench check -- FILE... (no examples/large/*.json found)");
        return;
    }
    let files: Vec<FileInput> = paths
        .iter()
        .map(|p| FileInput {
            name: p.clone(),
            text: std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}")),
        })
        .collect();

    let run = || api::check(files.clone(), CheckOptions::default()).expect("check");
    let mut diagnostics = 0;
    for _ in 0..3 {
        diagnostics = run().diagnostics.len();
    }
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < 10 || (started.elapsed() < Duration::from_secs(2) && times.len() < 1000) {
        let t = Instant::now();
        std::hint::black_box(run());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"runs\":{},\"medianMs\":{:.4},\"minMs\":{:.4},\"diagnostics\":{}}}",
        times.len(),
        times[times.len() / 2],
        times[0],
        diagnostics
    );
}
