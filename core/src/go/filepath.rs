//! Go's `path/filepath`, on Unix (the separator is `/`).

/// Go's `filepath.Base`: the last element of `path`, trailing slashes removed; `"."` for an empty
/// path and `"/"` for one made only of slashes.
pub fn base(path: &str) -> &str {
    if path.is_empty() {
        return ".";
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/";
    }
    match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::base;

    /// Go's own table for `filepath.Base` on Unix (path/filepath/path_test.go, `basetests`).
    #[test]
    fn go_basetests() {
        for (path, want) in [
            ("", "."),
            (".", "."),
            ("/.", "."),
            ("/", "/"),
            ("////", "/"),
            ("x/", "x"),
            ("abc", "abc"),
            ("abc/def", "def"),
            ("a/b/.x", ".x"),
            ("a/b/c.", "c."),
            ("a/b/c.x", "c.x"),
        ] {
            assert_eq!(base(path), want, "Base({path:?})");
        }
    }
}
