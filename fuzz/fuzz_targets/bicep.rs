//! The Bicep parser: no panic, the tokens give back the input, every range of the tree in
//! bounds and on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = invariants::utf8_prefix(data);
    let file = topolint::syntax::bicep::parse(text);
    if let Err(e) = invariants::bicep(text, &file) {
        panic!("{e}");
    }
});
