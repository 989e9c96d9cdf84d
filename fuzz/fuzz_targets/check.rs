//! The whole pipeline, text in, diagnostics out: one to three documents (Bicep, ARM JSON,
//! parameters, topology JSON, detected as the CLI does) checked as one deployment, the pull
//! paths explained, every fix applied. No panic; every location in bounds of its file; applying
//! the fixes to a file that parsed keeps it parsing.
//!
//! Input: documents separated by the byte 0x1E (record separator); each is its file name, a
//! newline, then its text (`main.bicep\n...`); `scripts/fuzz` seeds the corpus this way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use topolint::{DocumentSet, Settings};

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let input = invariants::utf8_prefix(data);
    let mut set = DocumentSet::new();
    for part in input.split('\u{1e}').take(3) {
        let (name, text) = part.split_once('\n').unwrap_or(("main.bicep", part));
        set.add(name, text);
    }
    let result = topolint::check(&set, &Settings::default());
    std::hint::black_box(topolint::explain::explain(&result, &set));
    if let Err(e) = invariants::check(&set, &result) {
        panic!("{e}");
    }
});
