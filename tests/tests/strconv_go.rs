//! core/src/go/strconv.rs against Go's own strconv (tests/go/strconv): `parse_int` must give
//! exactly Go's `strconv.ParseInt(s, 10, bitSize)` answer — the value, or which error (syntax or
//! range) — for every bit size from 0 to 64, at every bound and on generated number-shaped
//! strings; `parse_float_decimal` must never accept a string Go's `ParseFloat` refuses, must read
//! the same value, and may refuse only hexadecimal, `inf` and `nan` forms (documented as left out).
// Runs Go.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::cell::RefCell;
use zverify_core::go::strconv::{parse_float_decimal, parse_int, NumError};
use zverify_tests::gorun::GoOracle;

fn go_int(go: &mut GoOracle, s: &[u8], bits: u8) -> Result<i64, NumError> {
    let mut req = vec![b'i', bits];
    req.extend_from_slice(s);
    let a = go.ask(&req);
    match a["err"].as_str() {
        Some("") => Ok(a["value"].as_str().and_then(|v| v.parse().ok()).expect("Go's value")),
        Some("syntax") => Err(NumError::Syntax),
        Some("range") => Err(NumError::Range),
        _ => panic!("Go answered {a} for {s:?}"),
    }
}

fn same_int(go: &mut GoOracle, s: &[u8], bits: u8) -> Result<(), TestCaseError> {
    let want = go_int(go, s, bits);
    let got = parse_int(s, u32::from(bits));
    proptest::prop_assert_eq!(got, want, "ParseInt({:?}, 10, {})", String::from_utf8_lossy(s), bits);
    Ok(())
}

#[test]
fn parse_int_is_go_parse_int() {
    let go = RefCell::new(GoOracle::spawn("strconv"));
    let mut fixed: Vec<Vec<u8>> = [
        "",
        "+",
        "-",
        "0",
        "-0",
        "+0",
        "00",
        "1_0",
        " 1",
        "1 ",
        "0x10",
        "１",
        "++1",
        "+-1",
        "99999999999999999999999999999999999999999x",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    // Every bound of every bit size, and one past it (i128 so that 2^64 is written too).
    for b in 1..=64u32 {
        let max = (1i128 << (b - 1)) - 1;
        let min = -(1i128 << (b - 1));
        for v in [max, max + 1, min, min - 1, max * 10, 1i128 << 64, -(1i128 << 64)] {
            fixed.push(v.to_string().into_bytes());
            fixed.push(format!("+{v}").into_bytes());
        }
    }
    for s in &fixed {
        for bits in [0u8, 1, 7, 8, 16, 31, 32, 33, 63, 64] {
            same_int(&mut go.borrow_mut(), s, bits).unwrap();
        }
    }
    let mut runner = TestRunner::new(Config { cases: 3000, failure_persistence: None, ..Config::default() });
    runner
        .run(&("[-+]?[0-9_a ]{0,25}", 0u8..=64), |(s, bits)| same_int(&mut go.borrow_mut(), s.as_bytes(), bits))
        .unwrap();
}

fn check_float(go: &mut GoOracle, s: &str) -> Result<(), TestCaseError> {
    let mut req = vec![b'f'];
    req.extend_from_slice(s.as_bytes());
    let a = go.ask(&req);
    let err = a["err"].as_str().unwrap_or_else(|| panic!("Go answered {a} for {s:?}"));
    let bits: u64 = a["bits"].as_str().and_then(|v| v.parse().ok()).expect("Go's bits");
    match parse_float_decimal(s) {
        Some(f) => {
            proptest::prop_assert_eq!(err, "", "zverify reads {:?} as {}, Go's ParseFloat refuses it", s, f);
            proptest::prop_assert_eq!(f.to_bits(), bits, "{:?}: zverify {}, Go {}", s, f, f64::from_bits(bits));
        }
        None => {
            let left_out = s.to_ascii_lowercase().contains(['x', 'i', 'n']);
            proptest::prop_assert!(!err.is_empty() || left_out, "Go's ParseFloat reads {:?}, zverify refuses it", s);
        }
    }
    Ok(())
}

#[test]
fn parse_float_decimal_reads_what_go_reads() {
    let go = RefCell::new(GoOracle::spawn("strconv"));
    for s in [
        "5",
        "1_0",
        "-2.5e1",
        ".5",
        "1.",
        "0.",
        "1e400",
        "-1e400",
        "1e-400",
        "4.9e-324",
        "1.7976931348623157e308",
        "1_000.000_1",
        "1__0",
        "_1",
        "1_",
        "1e1_0",
        "0x1p4",
        "inf",
        "NaN",
        "",
        ".",
        "e5",
        "1e",
        "+.5e-3",
    ] {
        check_float(&mut go.borrow_mut(), s).unwrap();
    }
    let mut runner = TestRunner::new(Config { cases: 3000, failure_persistence: None, ..Config::default() });
    runner.run(&"[-+]?[0-9._eE+-]{0,14}", |s| check_float(&mut go.borrow_mut(), &s)).unwrap();
}
