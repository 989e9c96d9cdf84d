//! The JSON-with-comments parser: no panic, the tokens give back the input, every range in
//! bounds and on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = invariants::utf8_prefix(data);
    let doc = topolint::syntax::jsonc::parse(text);
    if let Err(e) = invariants::jsonc(text, &doc) {
        panic!("{e}");
    }
});

