//! Go's `strings` package.

/// Go's `strings.ToUpper`: simple (one-to-one) case
/// mapping, as Go's `unicode.ToUpper` does; Rust's `to_uppercase` would expand `ß` to `SS`.
pub fn to_upper(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}
