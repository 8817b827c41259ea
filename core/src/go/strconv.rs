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

/// Go's `strconv.Quote` of bytes (what `%q` prints for a byte slice or string): double quotes,
/// `\"` and `\\`, the C escapes, `\xHH` for a byte that is not UTF-8 and for ASCII controls,
/// `\uHHHH`/`\UHHHHHHHH` for other characters that are not printable. Only used in messages;
/// printable outside ASCII is approximated as "not a control or white-space character" (Go's
/// `unicode.IsPrint` also refuses unassigned code points, which Rust's `char` cannot tell).
pub fn quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_escaped(&mut out, c, '"');
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
    out
}

/// Go's `strconv.QuoteRune` (what `%q` prints for a rune).
pub fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    push_escaped(&mut out, c, '\'');
    out.push('\'');
    out
}

fn push_escaped(out: &mut String, c: char, quote: char) {
    match c {
        _ if c == quote || c == '\\' => {
            out.push('\\');
            out.push(c);
        }
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ if c.is_ascii_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
        _ if c.is_ascii() || !(c.is_control() || c.is_whitespace()) => out.push(c),
        _ if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        _ => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
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
    fn quoting() {
        assert_eq!(quote(br#"\x"#), r#""\\x""#);
        assert_eq!(quote(br#""}},"m"#), r#""\"}},\"m""#);
        assert_eq!(quote(b"a\xffb\x01\n\xc3\xa9\x7f"), r#""a\xffb\x01\né\x7f""#);
        assert_eq!(quote_rune('\u{1}'), r"'\x01'");
        assert_eq!(quote_rune('\''), r"'\''");
        assert_eq!(quote_rune('\t'), r"'\t'");
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
