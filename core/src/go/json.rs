//! Go's `encoding/json`: how it matches an object key to a struct field.

/// Go's `encoding/json` matches an object key to a struct field's name by exact match first, then
/// by `foldName` equality (fold.go: ASCII letters to upper case, every other rune to the smallest
/// rune of its `unicode.SimpleFold` orbit). `fold_eq(key, name)` says whether Go would match
/// `key` to the field called `name`, for the ASCII field names of the OCI and Zarf structs.
///
/// Only two non-ASCII runes fold into ASCII: U+212A KELVIN SIGN (to `K`) and U+017F LATIN SMALL
/// LETTER LONG S (to `S`); the Go differential test checks this table against Go's own
/// `unicode.SimpleFold` over every rune.
pub fn fold_eq(key: &str, name: &str) -> bool {
    debug_assert!(name.is_ascii());
    let mut k = key.chars();
    for n in name.bytes() {
        match k.next().and_then(fold_ascii) {
            Some(f) if f == n.to_ascii_uppercase() => {}
            _ => return false,
        }
    }
    k.next().is_none()
}

/// The runes outside ASCII whose Go `foldRune` is an ASCII byte, with that byte.
pub const FOLDS_TO_ASCII: &[(char, u8)] = &[('\u{17F}', b'S'), ('\u{212A}', b'K')];

/// Go's fold of one rune, when it is ASCII.
fn fold_ascii(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some((c as u8).to_ascii_uppercase());
    }
    FOLDS_TO_ASCII.iter().find(|(r, _)| *r == c).map(|(_, b)| *b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        for (key, name) in
            [("digest", "digest"), ("Digest", "digest"), ("DIGEST", "digest"), ("mediatype", "mediaType")]
        {
            assert!(fold_eq(key, name), "{key}");
        }
        // Kelvin sign and long s fold to K and S in Go.
        assert!(fold_eq("\u{212A}ey", "key"));
        assert!(fold_eq("\u{17F}ize", "size"));
        assert!(fold_eq("o\u{17F}.ver\u{17F}ion", "os.version"));
        for (key, name) in
            [("digests", "digest"), ("diges", "digest"), ("dıgest", "digest"), ("os_version", "os.version"), ("", "os")]
        {
            assert!(!fold_eq(key, name), "{key}");
        }
    }
}
