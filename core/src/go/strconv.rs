//! Go's `strconv`: integers and decimal floats as Zarf's readers parse them.

use std::fmt;

/// Why [`parse_int`] refuses a string: Go's `strconv.ErrSyntax` or `strconv.ErrRange`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumError {
    /// Not an optional sign followed by one or more decimal digits.
    Syntax,
    /// Well formed, but outside the range of a signed `bit_size`-bit integer.
    Range,
    /// A `bit_size` over 64.
    BitSize,
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumError::Syntax => "invalid syntax",
            NumError::Range => "value out of range",
            NumError::BitSize => "invalid bit size",
        })
    }
}

/// Go's `strconv.ParseInt(s, 10, bit_size)`: an optional `+` or `-`, then one or more ASCII
/// decimal digits (no `_`: Go allows it only in base 0), in `[-2^(bit_size-1), 2^(bit_size-1)-1]`.
/// `bit_size` 0 means 64, as in Go; over 64 is Go's bit-size error.
///
/// Which answer, exactly as Go decides it: `ParseUint` scans left to right; a non-digit is a syntax
/// error, unless the digits before it already overflowed an unsigned `bit_size`-bit integer, where
/// it stops with that integer's maximum; then `ParseInt` checks its signed bounds on that value. Hand-written: Rust's `i64::from_str`
/// agrees on which strings are numbers for 64 bits only, and has neither `bit_size` nor Go's order
/// of errors.
pub fn parse_int(s: &[u8], bit_size: u32) -> Result<i64, NumError> {
    let bits = match bit_size {
        0 => 64,
        1..=64 => bit_size,
        _ => return Err(NumError::BitSize),
    };
    let (neg, digits) = match s.first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    // ParseUint(digits, 10, bits)
    if digits.is_empty() {
        return Err(NumError::Syntax);
    }
    let max_val: u64 = if bits == 64 { u64::MAX } else { (1 << bits) - 1 };
    let cutoff = u64::MAX / 10 + 1;
    let mut n: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return Err(NumError::Syntax);
        }
        // ParseUint's range error returns maxVal, and ParseInt goes on with that value: its own
        // bounds then decide (so Go's ParseInt("-2", 10, 1) is -1 without an error).
        if n >= cutoff {
            n = max_val;
            break;
        }
        n *= 10;
        match n.checked_add(u64::from(c - b'0')) {
            Some(n1) if n1 <= max_val => n = n1,
            _ => {
                n = max_val;
                break;
            }
        }
    }
    // ParseInt's signed bounds.
    let cutoff = 1u64 << (bits - 1);
    if (!neg && n >= cutoff) || (neg && n > cutoff) {
        return Err(NumError::Range);
    }
    let v = if neg { -i128::from(n) } else { i128::from(n) };
    Ok(v as i64)
}

/// A decimal number as Go's `strconv.ParseFloat` reads it: optional sign, digits with optional
/// single `_` between them, optional fraction, optional exponent. Hexadecimal floats, `inf` and
/// `nan` (which ParseFloat also reads) are left out: goccy refuses the last two for an int, and the
/// first is refused here too (stricter; Zarf never writes it).
pub fn parse_float_decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize, allow_underscore: bool| {
        let start = *i;
        while *i < b.len() && (b[*i].is_ascii_digit() || (allow_underscore && b[*i] == b'_')) {
            *i += 1;
        }
        let run = &b[start..*i];
        let ok = !run.is_empty()
            && run.first() != Some(&b'_')
            && run.last() != Some(&b'_')
            && !run.windows(2).any(|w| w == b"__");
        (run.len(), ok || run.is_empty())
    };
    let (int_len, ok1) = digits(&mut i, true);
    let mut frac_len = 0;
    let mut ok2 = true;
    if b.get(i) == Some(&b'.') {
        i += 1;
        (frac_len, ok2) = digits(&mut i, true);
    }
    if int_len + frac_len == 0 || !ok1 || !ok2 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let (exp_len, ok3) = digits(&mut i, true);
        if exp_len == 0 || !ok3 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.replace('_', "").parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(parse_int(b"+12", 64), Ok(12));
        assert_eq!(parse_int(b"-9223372036854775808", 64), Ok(i64::MIN));
        assert_eq!(parse_int(b"9223372036854775808", 64), Err(NumError::Range));
        assert_eq!(parse_int(b"1_0", 64), Err(NumError::Syntax));
        assert_eq!(parse_int(b"2147483648", 32), Err(NumError::Range));
        assert_eq!(parse_int(b"-2147483648", 32), Ok(-2147483648));
        // Go's order: the overflow is found before the `x`.
        assert_eq!(parse_int(b"99999999999999999999999x", 64), Err(NumError::Range));
        assert_eq!(parse_int(b"300x", 8), Err(NumError::Range));
        assert_eq!(parse_int(b"30x", 8), Err(NumError::Syntax));
        assert_eq!(parse_int(b"1", 65), Err(NumError::BitSize));
        // Go's quirk at bit size 1: the unsigned overflow is clamped to 1, which -1 fits.
        assert_eq!(parse_int(b"-2", 1), Ok(-1));
        assert_eq!(parse_int(b"-2x", 1), Ok(-1));
        assert_eq!(parse_int(b"2", 1), Err(NumError::Range));
        assert_eq!(parse_int(b"-", 8), Err(NumError::Syntax));
        assert_eq!(parse_int(b"127", 0), Ok(127));
    }

    #[test]
    fn float_decimal_subset() {
        assert_eq!(parse_float_decimal("5"), Some(5.0));
        assert_eq!(parse_float_decimal("1_0"), Some(10.0));
        assert_eq!(parse_float_decimal("-2.5e1"), Some(-25.0));
        assert_eq!(parse_float_decimal(".5"), Some(0.5));
        for bad in ["", " 5", "5 ", "_1", "1_", "1__0", "0x10", "inf", "nan", "1e", "e5", "."] {
            assert_eq!(parse_float_decimal(bad), None, "{bad}");
        }
    }
}
