//! Go's `time` package.

/// A date Go's `time.Time.UnmarshalJSON` reads, by the exact rules of its RFC 3339 fast path
/// (`time/format_rfc3339.go` `parseRFC3339`): `YYYY-MM-DDTHH:MM:SS[.digits](Z|±HH:MM)` with an
/// upper-case `T` and `Z`, year 0000–9999, a real day of that month (leap years included), hour
/// ≤ 23, minute and second ≤ 59, zone hour ≤ 23 and minute ≤ 59. Go falls back to a laxer parser
/// for some other shapes; zverify does not, and reports them (stricter, never laxer).
pub fn rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let d = b.get(r)?;
        d.iter().all(u8::is_ascii_digit).then(|| d.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
    };
    let (Some(year), Some(month), Some(day), Some(hour), Some(min), Some(sec)) =
        (num(0..4), num(5..7), num(8..10), num(11..13), num(14..16), num(17..19))
    else {
        return false;
    };
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day < 1 || day > days || hour > 23 || min > 59 || sec > 59 {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    match &b[i..] {
        [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let two = |x: &u8, y: &u8| {
                (x.is_ascii_digit() && y.is_ascii_digit()).then(|| u32::from(x - b'0') * 10 + u32::from(y - b'0'))
            };
            matches!((two(h1, h2), two(m1, m2)), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        use super::rfc3339 as ok;
        assert!(ok("2015-10-31T22:22:56.015925234Z"));
        assert!(ok("2015-10-31T22:22:56+01:00"));
        assert!(ok("2024-02-29T00:00:00Z"));
        assert!(ok("0000-01-01T00:00:00.1234567890123Z"));
        for bad in [
            "yesterday",
            "2015-10-31T22:22:56.",
            "2015-10-31T22:22:56.Z",
            "2015-10-31t22:22:56Z",
            "2015-10-31 22:22:56Z",
            "2015-10-31T22:22:56z",
            "2023-02-29T00:00:00Z",
            "2015-04-31T00:00:00Z",
            "2015-10-31T24:00:00Z",
            "2015-10-31T23:60:00Z",
            "2015-10-31T23:00:60Z",
            "2015-10-31T23:00:00+24:00",
            "2015-10-31T23:00:00+01:60",
            "2015-10-31T23:00:00+0100",
            "2015-13-01T00:00:00Z",
            "2015-00-01T00:00:00Z",
            "2015-10-00T00:00:00Z",
        ] {
            assert!(!ok(bad), "{bad}");
        }
    }
}
