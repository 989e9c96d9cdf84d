//! Native timing of `api::check` (what the npm package's `check` runs, minus the JavaScript
//! boundary), for `pkg-tests/bench.mjs` and `scripts/budgets` to print next to the Node figure.
//! The detailed suite (parse / lower / check per format and size) is `benches/pipeline.rs`.
//!
//! - `cargo bench --bench check -- FILE...` checks the files as one set, repeatedly, and prints
//!   one JSON line: `{"runs":N,"medianMs":M,"minMs":m,"diagnostics":D,"peakBytes":P}`.
//!   Without files it checks every `examples/large/*.json`.
//! - `-- --once FILE...` checks the files once (for profilers such as callgrind).
//! - `-- --each FILE...` does that for each file alone, one JSON line per file (with `"file"`).
//! - `-- --generate DIR` writes the generated documents (`benches/support/gen.rs`: each format
//!   at 1k, 10k and 100k lines, and the 2,000-line Bicep file before and after a
//!   one-character edit) into DIR and prints their paths, one a line.
//! - `-- --figures` prints, as one JSON object, the figures `budgets.json` limits, each
//!   measured side by side in this one process: the 2,000-line Bicep edit's check time over a
//!   fixed reference workload's, the 100k/10k and 10k/1k time ratios per format, and peak
//!   memory over input size per format at 10k lines.

#[path = "support/gen.rs"]
mod gen;

use gen::Format;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};
use topolint::api::{self, CheckOptions, FileInput};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now =
                    IN_USE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Bytes allocated at the peak of `f`, beyond what was in use before it.
fn peak_bytes<T>(f: impl FnOnce() -> T) -> usize {
    let base = IN_USE.load(Relaxed);
    PEAK.store(base, Relaxed);
    std::hint::black_box(f());
    PEAK.load(Relaxed) - base
}

struct Timing {
    runs: usize,
    median_ms: f64,
    min_ms: f64,
}

/// Run `f` 3 times to warm up, then at least `min_runs` times and for up to `budget`.
fn time(min_runs: usize, budget: Duration, mut f: impl FnMut()) -> Timing {
    for _ in 0..3.min(min_runs) {
        f();
    }
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < min_runs || (started.elapsed() < budget && times.len() < 1000) {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    Timing {
        runs: times.len(),
        median_ms: times[times.len() / 2],
        min_ms: times[0],
    }
}

fn check(files: &[FileInput]) -> usize {
    api::check(files.to_vec(), CheckOptions::default())
        .expect("check")
        .diagnostics
        .len()
}

fn read(paths: &[String]) -> Vec<FileInput> {
    paths
        .iter()
        .map(|p| FileInput {
            name: p.clone(),
            text: std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}")),
        })
        .collect()
}

fn report(files: &[FileInput], file: Option<&str>) {
    let diagnostics = check(files);
    let peak = peak_bytes(|| check(files));
    let t = time(10, Duration::from_secs(2), || {
        std::hint::black_box(check(files));
    });
    let file = file.map_or(String::new(), |f| format!("\"file\":{f:?},"));
    println!(
        "{{{file}\"runs\":{},\"medianMs\":{:.4},\"minMs\":{:.4},\"diagnostics\":{diagnostics},\"peakBytes\":{peak}}}",
        t.runs, t.median_ms, t.min_ms
    );
}

/// A fixed workload that does not depend on topolint's code, to express times relative to it
/// (the machine's speed and load cancel out): sort and format 20,000 pseudo-random numbers.
fn reference() {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut v: Vec<u64> = (0..20_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        })
        .collect();
    v.sort_unstable();
    let s: String = v.iter().map(|n| format!("{n:x}")).collect();
    std::hint::black_box(s);
}

fn figures() {
    let mut out = Vec::new();
    // The 2k-line edit against the reference workload, interleaved so load hits both alike.
    let (before, after) = gen::bicep_edited(2000);
    let docs = [before, after].map(|text| {
        vec![FileInput {
            name: "main.bicep".into(),
            text,
        }]
    });
    let (mut edit, mut refer) = (Vec::new(), Vec::new());
    for i in 0..200 {
        let t = Instant::now();
        std::hint::black_box(check(&docs[i % 2]));
        edit.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        reference();
        refer.push(t.elapsed().as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (edit, refer) = (median(&mut edit), median(&mut refer));
    out.push(format!("\"bicep2kEditMs\":{:.4}", edit * 1e3));
    out.push(format!("\"referenceMs\":{:.4}", refer * 1e3));
    out.push(format!("\"bicep2kEditOverReference\":{:.3}", edit / refer));
    for format in Format::ALL {
        let mut ms = Vec::new();
        for lines in [1_000, 10_000, 100_000] {
            let files = vec![FileInput {
                name: format.file_name(lines),
                text: format.generate(lines),
            }];
            let runs = if lines >= 100_000 { 3 } else { 10 };
            let t = time(runs, Duration::from_millis(500), || {
                std::hint::black_box(check(&files));
            });
            ms.push(t.median_ms);
            if lines == 10_000 {
                let peak = peak_bytes(|| check(&files));
                let ratio = peak as f64 / files[0].text.len() as f64;
                out.push(format!("\"{}10kPeakOverInput\":{ratio:.2}", format.name()));
            }
        }
        let name = format.name();
        out.push(format!("\"{name}1kMs\":{:.4}", ms[0]));
        out.push(format!("\"{name}10kMs\":{:.4}", ms[1]));
        out.push(format!("\"{name}100kMs\":{:.4}", ms[2]));
        out.push(format!("\"{name}10kOver1k\":{:.2}", ms[1] / ms[0]));
        out.push(format!("\"{name}100kOver10k\":{:.2}", ms[2] / ms[1]));
    }
    println!("{{{}}}", out.join(","));
}

fn generate(dir: &str) {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
    let write = |name: String, text: &str| {
        let path = format!("{dir}/{name}");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{path}: {e}"));
        println!("{path}");
    };
    for format in Format::ALL {
        for lines in [1_000, 10_000, 100_000] {
            write(format.file_name(lines), &format.generate(lines));
        }
    }
    let (before, after) = gen::bicep_edited(2000);
    write("edit-2000-before.bicep".into(), &before);
    write("edit-2000-after.bicep".into(), &after);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; other flags are ours.
    let flag = |f: &str| args.iter().any(|a| a == f);
    let mut paths: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .cloned()
        .collect();
    if flag("--figures") {
        return figures();
    }
    if flag("--generate") {
        let Some(dir) = paths.first() else {
            eprintln!("usage: cargo bench --bench check -- --generate DIR");
            std::process::exit(2);
        };
        return generate(dir);
    }
    if flag("--once") {
        // One check and nothing else, for profilers (`valgrind --tool=callgrind`).
        println!("{} diagnostics", check(&read(&paths)));
        return;
    }
    if flag("--each") {
        for p in &paths {
            report(&read(std::slice::from_ref(p)), Some(p));
        }
        return;
    }
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
    report(&read(&paths), None);
}
