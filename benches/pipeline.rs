//! The benchmark suite (divan): each stage of a check, for each format, on generated documents
//! of 1,000, 10,000 and 100,000 lines (`benches/support/gen.rs`), plus the 2,000-line Bicep
//! file after a one-character edit.
//!
//!     cargo bench --bench pipeline                 # everything (a few minutes)
//!     cargo bench --bench pipeline -- bicep        # one format (divan filters by name)
//!
//! Stages: `parse` (text to syntax tree), `lower` (documents to the network model, parsing
//! included), `analyse` (pull paths, rules with their quick fixes, settings and suppressions,
//! on a lowered model), `total` (`api::check`: what the CLI and the npm package run, from
//! texts to positioned diagnostics). The allocation profiler's `max alloc` column is the peak
//! memory of one run; `input_bytes` prints the input sizes to compare it with.

#[path = "support/gen.rs"]
mod gen;

use divan::{black_box, Bencher};
use gen::Format;
use std::sync::OnceLock;
use topolint::api::{self, CheckOptions, FileInput};
use topolint::{DocumentSet, Settings};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

const LINES: &[usize] = &[1_000, 10_000, 100_000];

fn main() {
    for format in Format::ALL {
        for &lines in LINES {
            let text = doc(format, lines);
            eprintln!(
                "input {}: {} lines, {} bytes",
                format.file_name(lines),
                text.lines().count(),
                text.len()
            );
        }
    }
    divan::main();
}

/// Generated documents, made once per process.
fn doc(format: Format, lines: usize) -> &'static str {
    static DOCS: OnceLock<Vec<(Format, usize, String)>> = OnceLock::new();
    let docs = DOCS.get_or_init(|| {
        Format::ALL
            .iter()
            .flat_map(|&f| LINES.iter().map(move |&n| (f, n, f.generate(n))))
            .collect()
    });
    docs.iter()
        .find(|(f, n, _)| *f == format && *n == lines)
        .map(|(_, _, t)| t.as_str())
        .expect("a generated size")
}

fn set(format: Format, lines: usize) -> DocumentSet {
    let mut set = DocumentSet::new();
    set.add(format.file_name(lines), doc(format, lines));
    set
}

fn parse(bencher: Bencher, format: Format, lines: usize) {
    let text = doc(format, lines);
    match format {
        Format::Bicep => bencher.bench(|| topolint::syntax::bicep::parse(black_box(text))),
        _ => bencher.bench(|| topolint::syntax::jsonc::parse(black_box(text))),
    }
}

fn lower(bencher: Bencher, format: Format, lines: usize) {
    let docs = set(format, lines);
    bencher.bench(|| topolint::check::lower(black_box(&docs)));
}

fn analyse(bencher: Bencher, format: Format, lines: usize) {
    let docs = set(format, lines);
    let settings = Settings::default();
    bencher
        .with_inputs(|| topolint::check::lower(&docs))
        .bench_values(|(model, diags)| topolint::check::analyse(&docs, &settings, model, diags));
}

fn total(bencher: Bencher, format: Format, lines: usize) {
    let files = vec![FileInput {
        name: format.file_name(lines),
        text: doc(format, lines).to_string(),
    }];
    bencher
        .with_inputs(|| files.clone())
        .bench_values(|files| api::check(files, CheckOptions::default()));
}

macro_rules! format_benches {
    ($module:ident, $format:expr) => {
        mod $module {
            use super::*;

            #[divan::bench(args = LINES, sample_count = 20, max_time = 2)]
            fn parse(bencher: Bencher, lines: usize) {
                super::parse(bencher, $format, lines)
            }

            #[divan::bench(args = LINES, sample_count = 20, max_time = 2)]
            fn lower(bencher: Bencher, lines: usize) {
                super::lower(bencher, $format, lines)
            }

            #[divan::bench(args = LINES, sample_count = 20, max_time = 2)]
            fn analyse(bencher: Bencher, lines: usize) {
                super::analyse(bencher, $format, lines)
            }

            #[divan::bench(args = LINES, sample_count = 20, max_time = 2)]
            fn total(bencher: Bencher, lines: usize) {
                super::total(bencher, $format, lines)
            }
        }
    };
}

format_benches!(bicep, Format::Bicep);
format_benches!(arm, Format::Arm);
format_benches!(topology, Format::Topology);

/// The whole check of a 2,000-line Bicep file, alternating between the text before and after
/// a one-character edit (what an editor asks for at each keystroke).
#[divan::bench(sample_count = 100)]
fn bicep_2k_after_edit(bencher: Bencher) {
    let (before, after) = gen::bicep_edited(2000);
    let texts = [before, after];
    let next = std::sync::atomic::AtomicUsize::new(0);
    bencher
        .with_inputs(|| {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            vec![FileInput {
                name: "main.bicep".into(),
                text: texts[i % 2].clone(),
            }]
        })
        .bench_values(|files| api::check(files, CheckOptions::default()));
}
