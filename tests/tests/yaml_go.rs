//! zarf.yaml scalars as Zarf's YAML decoder reads them: a differential against Go (tests/go/
//! yamlscalar: goccy/go-yaml v1.19.2's `token.toNumber` and its string-to-int conversion, copied
//! onto Go's own strconv). The invariants are one-sided, in the fail-closed direction:
//! - every plain scalar goccy reads as a number (or null, bool, inf, nan) zverify also takes for
//!   one, so a string value that might have been such a plain scalar is flagged, never trusted;
//! - every string zverify accepts for an int field, Zarf's decoder accepts too.
// Runs Go.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::cell::RefCell;
use zverify_core::zarf::yaml_types::{goccy_plain_scalar_is_not_string, string_accepted_for_int};
use zverify_tests::gorun::GoOracle;

const SEEDS: &[&str] = &[
    "",
    "0",
    "1",
    "-1",
    "+1",
    "017",
    "08",
    "0x1F",
    "-0x1F",
    "0o17",
    "0b101",
    "1_000",
    "_1",
    "1_",
    "1__0",
    "1.5",
    ".5",
    "1.",
    "-.5",
    "1.0e3",
    "1e3",
    "-1e3",
    "0.1.0",
    "1.5.6",
    ".inf",
    "-.inf",
    "+.inf",
    ".nan",
    "inf",
    "nan",
    "Infinity",
    "~",
    "null",
    "NULL",
    "Null",
    "nULL",
    "true",
    "True",
    "TRUE",
    "tRUE",
    "yes",
    "on",
    "0x",
    "0o",
    "0b",
    "0x1p4",
    "99999999999999999999",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "1.0e400",
    "0.000001",
    " 5",
    "5 ",
    "\"5\"",
    "1,000",
    "v1",
    "1e",
    "e5",
    ".",
    "-",
    "+",
    "0_1",
    "0x_1F",
    "1_000.5",
    "1e1_0",
    "2001-01-01",
    "12:30",
    "0.",
    "00",
    "-0",
    "+0x1",
];

fn ask(go: &mut GoOracle, kind: u8, s: &str) -> bool {
    let mut req = vec![kind];
    req.extend_from_slice(s.as_bytes());
    let a = go.ask(&req);
    let key = if kind == b'n' { "notString" } else { "accept" };
    a[key].as_bool().unwrap_or_else(|| panic!("Go answered {a} for {s:?}"))
}

fn check(go: &mut GoOracle, s: &str) -> Result<(), TestCaseError> {
    if ask(go, b'n', s) {
        prop_assert!(
            goccy_plain_scalar_is_not_string(s),
            "goccy reads the plain scalar {s:?} as a non-string, zverify would take it for the string"
        );
    }
    if string_accepted_for_int(s) {
        prop_assert!(ask(go, b'i', s), "zverify accepts {s:?} for an int field, Zarf's decoder refuses it");
    }
    Ok(())
}

#[test]
fn scalar_resolution_is_never_laxer_than_goccy() {
    let go = RefCell::new(GoOracle::spawn("yamlscalar"));
    for s in SEEDS {
        check(&mut go.borrow_mut(), s).unwrap();
    }
    // Number-shaped strings: digits, signs, dots, exponents, underscores, base prefixes, keywords.
    let mut runner = TestRunner::new(Config { cases: 3000, failure_persistence: None, ..Config::default() });
    runner.run(&"[-+]?[0-9._xobeEafInNul~]{0,10}", |s| check(&mut go.borrow_mut(), &s)).unwrap();
}
