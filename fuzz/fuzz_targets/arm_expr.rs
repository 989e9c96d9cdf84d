//! The ARM template expression parser, on the expression as written in a template: the input is
//! the raw text between `"[` and `]"` (JSON escapes included), so the source map from decoded
//! to document offsets is fuzzed too. No panic; every node and error range in bounds of the
//! document and on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use topolint::arm::{expr, source_map::SourceMap};

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = format!("\"[{}]\"", invariants::utf8_prefix(data));
    let doc = topolint::syntax::jsonc::parse(&text);
    let Some(value) = &doc.root else { return };
    let (decoded, map) = SourceMap::of(value, &text);
    if !expr::is_expression(&decoded) {
        return;
    }
    let (e, errors) = expr::parse(&decoded, &map);
    if let Err(err) = invariants::arm_expr(&text, &e, &errors) {
        panic!("{err}");
    }
});
