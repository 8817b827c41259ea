//! Entry names inside a package: normalized, and never allowed to leave the package root.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsafePath {
    Absolute,
    ParentDir,
    Nul,
    Backslash,
}

impl fmt::Display for UnsafePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnsafePath::Absolute => "it is an absolute path",
            UnsafePath::ParentDir => "it contains a `..` component",
            UnsafePath::Nul => "it contains a NUL byte",
            UnsafePath::Backslash => "it contains a backslash, a path separator on Windows",
        })
    }
}

/// Normalize an entry name: strip `./`, collapse `//` and `.`, drop a trailing `/`.
/// The root itself normalizes to `""`.
pub fn normalize(raw: &str) -> Result<String, UnsafePath> {
    if raw.contains('\0') {
        return Err(UnsafePath::Nul);
    }
    if raw.contains('\\') {
        return Err(UnsafePath::Backslash);
    }
    if raw.starts_with('/') {
        return Err(UnsafePath::Absolute);
    }
    let mut parts = Vec::new();
    for part in raw.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(UnsafePath::ParentDir),
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// `a/b/c` → `a/b/`; `c` → ``.
pub fn parent_prefix(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn cases() {
        assert_eq!(normalize("./images//blobs/./sha256/").unwrap(), "images/blobs/sha256");
        assert_eq!(normalize("./").unwrap(), "");
        assert_eq!(normalize("/etc/passwd"), Err(UnsafePath::Absolute));
        assert_eq!(normalize("a/../../x"), Err(UnsafePath::ParentDir));
        assert_eq!(normalize("a\\b"), Err(UnsafePath::Backslash));
        assert_eq!(parent_prefix("images/index.json"), "images/");
        assert_eq!(parent_prefix("index.json"), "");
    }
}
