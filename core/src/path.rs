//! Entry names inside a package: normalized, and never allowed to leave the package root.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsafePath {
    Absolute,
    ParentDir,
    Nul,
    /// Not a name Zarf can create a file under: its last component is `.`, `..` or empty, or it
    /// still ends in `/` after Zarf trims one.
    NotAName,
}

impl fmt::Display for UnsafePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnsafePath::Absolute => "it is an absolute path",
            UnsafePath::ParentDir => "it contains a `..` component",
            UnsafePath::Nul => "it contains a NUL byte",
            UnsafePath::NotAName => {
                "Zarf cannot create a file by this name: after trimming one trailing '/', it ends in '/', '.' or '..' (a directory, not a file name)"
            }
        })
    }
}

/// Normalize an entry name: strip `./`, collapse `//` and `.`, drop a trailing `/`.
/// The root itself normalizes to `""`.
pub fn normalize(raw: &str) -> Result<String, UnsafePath> {
    if raw.contains('\0') {
        return Err(UnsafePath::Nul);
    }
    if raw.starts_with('/') {
        return Err(UnsafePath::Absolute);
    }
    // Already normal (no empty, `.` or `..` component): the usual entry name, copied as it is.
    if raw.split('/').all(|p| !matches!(p, "" | "." | "..")) {
        return Ok(raw.to_owned());
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

/// Why Zarf refuses to extract an entry name (`validateEntryName` in zarf-dev/zarf
/// `src/pkg/archive/archive.go`, applied on every platform to entry names and link targets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    Empty,
    Backslash,
    /// The path component holding the `:`.
    Colon(String),
    TrailingDotOrSpace(String),
    DeviceName(String),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Empty => f.write_str("the name is empty"),
            Refused::Backslash => f.write_str("it contains a backslash"),
            Refused::Colon(p) => write!(f, "its component \"{}\" contains ':'", p.escape_debug()),
            Refused::TrailingDotOrSpace(p) => {
                write!(f, "its component \"{}\" ends in a dot or a space", p.escape_debug())
            }
            Refused::DeviceName(p) => write!(f, "its component \"{}\" is a Windows device name", p.escape_debug()),
        }
    }
}

/// Windows device names Zarf refuses as a path component, alone or before an extension.
/// (All of three or four letters: [`zarf_refuses`] looks no further at a stem of another length.)
const DEVICE_NAMES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT0",
    "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// The name Zarf's extractor refuses, and why; `None` when Zarf extracts it. Mirrors Zarf's
/// `validateEntryName` check for check, in its order, on the raw (unnormalized) name.
pub fn zarf_refuses(name: &str) -> Option<Refused> {
    if name.is_empty() {
        return Some(Refused::Empty);
    }
    if name.contains('\\') {
        return Some(Refused::Backslash);
    }
    for part in name.split('/') {
        if part.contains(':') {
            return Some(Refused::Colon(part.to_owned()));
        }
        if part != "." && part != ".." && part.ends_with(['.', ' ']) {
            return Some(Refused::TrailingDotOrSpace(part.to_owned()));
        }
        // Device names are ASCII: an ASCII stem of another length cannot be one (non-ASCII names
        // take the slow path, since Go upper-cases some of them to ASCII letters).
        let ascii_stem = part.split('.').next().unwrap_or(part);
        if part.is_ascii() && !matches!(ascii_stem.len(), 3 | 4) && !ascii_stem.is_empty() {
            continue;
        }
        let upper = crate::go::strings::to_upper(part);
        let stem = match upper.find('.') {
            Some(dot) if dot > 0 => &upper[..dot],
            _ => upper.as_str(),
        };
        if DEVICE_NAMES.contains(&stem) {
            return Some(Refused::DeviceName(part.to_owned()));
        }
    }
    None
}

/// Longest path component Linux file systems accept (`NAME_MAX`): Zarf cannot extract a longer one.
pub const MAX_COMPONENT: usize = 255;

/// Why a name is too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLong {
    /// Over `limit` bytes in all (`--max-name-length`).
    Name { len: usize, limit: u64 },
    /// A component over [`MAX_COMPONENT`]: its first 32 characters, and its length.
    Component { start: String, len: usize },
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TooLong::Name { len, limit } => {
                write!(f, "it is {len} bytes long, over the limit of {limit} bytes")
            }
            TooLong::Component { start, len } => write!(
                f,
                "its component \"{}…\" is {len} bytes long; file systems allow {MAX_COMPONENT}, so it cannot be extracted",
                start.escape_debug()
            ),
        }
    }
}

/// Why a name is too long: over `limit` bytes in all, or a component over [`MAX_COMPONENT`].
pub fn name_too_long(name: &str, limit: u64) -> Option<TooLong> {
    if name.len() as u64 > limit {
        return Some(TooLong::Name { len: name.len(), limit });
    }
    let long = name.split('/').find(|p| p.len() > MAX_COMPONENT)?;
    Some(TooLong::Component { start: long.chars().take(32).collect(), len: long.len() })
}

/// [`plain`], allowing the one leading `./` that `tar -C dir .` writes: the normalized name.
pub fn plain_normal(raw: &str) -> Option<&str> {
    let rest = raw.strip_prefix("./").unwrap_or(raw);
    plain(rest).then_some(rest)
}

/// Whether `raw` is a plain entry name, in one pass over its bytes: ASCII, already normal (no
/// empty, `.` or `..` component, no leading or trailing `/`), and clear of everything
/// [`name_too_long`] (components) and [`zarf_refuses`] look for. For such a name those return
/// `None`, [`normalize`] returns it unchanged and [`creatable`] is true (a test checks this), so
/// the verifier skips them; any other name takes them one by one.
pub fn plain(raw: &str) -> bool {
    let b = raw.as_bytes();
    if b.is_empty() || b[0] == b'/' || b[b.len() - 1] == b'/' {
        return false;
    }
    b.split(|&c| c == b'/').all(|part| {
        let stem = part.iter().position(|&c| c == b'.').unwrap_or(part.len());
        part.len() <= MAX_COMPONENT
            && !matches!(stem, 0 | 3 | 4)
            && !matches!(part.last(), Some(b'.' | b' '))
            && part.iter().all(|&c| c.is_ascii() && !matches!(c, b'\0' | b'\\' | b':'))
    })
}

/// The proper ancestors of a normalized path, nearest last: `a/b/c` → `a`, `a/b`.
pub fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// Resolve a link target against `base` (`""` for the root, else a directory prefix ending in
/// `/`) into a normalized path; `None` if it is absolute, escapes the root or names the root.
pub fn resolve(base: &str, target: &str) -> Option<String> {
    if target.starts_with('/') || target.contains('\0') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in base.split('/').chain(target.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Whether Zarf can create `raw` as a non-directory under its root: it trims one trailing `/` and
/// opens the rest, which must end in a file name (not `.`, `..` or a further `/`). Directories
/// (`MkdirAll`) take any of these; Go's differential shows it.
pub fn creatable(raw: &str, dir: bool) -> bool {
    let rel = raw.strip_suffix('/').unwrap_or(raw);
    dir || !(rel.ends_with('/') || matches!(rel.rsplit('/').next(), Some("" | "." | "..")))
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
    /// `plain` says yes only where the checks it stands for all pass and change nothing: every
    /// name of up to six characters from an alphabet of the characters they look at.
    #[test]
    fn plain_implies_every_check_passes() {
        let alphabet = ["a", ".", "/", ":", " ", "\\", "\0", "c", "o", "n", "é"];
        let mut names = vec![String::new()];
        let mut plain_seen = 0;
        for _ in 0..6 {
            names = names.iter().flat_map(|n| alphabet.iter().map(move |c| format!("{n}{c}"))).collect();
            for n in &names {
                for raw in [n.clone(), format!("./{n}")] {
                    if let Some(normal) = plain_normal(&raw) {
                        plain_seen += 1;
                        assert_eq!(zarf_refuses(&raw), None, "{raw:?}");
                        assert!(name_too_long(&raw, u64::MAX).is_none(), "{raw:?}");
                        assert_eq!(normalize(&raw).as_deref(), Ok(normal), "{raw:?}");
                        assert!(creatable(&raw, false), "{raw:?}");
                    }
                }
            }
        }
        assert!(plain_seen > 1000, "{plain_seen}");
        let long = "x".repeat(MAX_COMPONENT + 1);
        assert!(!plain(&long) && name_too_long(&long, u64::MAX).is_some());
        assert!(plain(&"x".repeat(MAX_COMPONENT)));
        assert!(plain("images/blobs/sha256/0123abcd") && !plain("images/con.tar") && !plain("a/.b"));
    }

    #[test]
    fn cases() {
        assert!(DEVICE_NAMES.iter().all(|d| matches!(d.len(), 3 | 4)));
        assert_eq!(normalize("./images//blobs/./sha256/").unwrap(), "images/blobs/sha256");
        assert_eq!(normalize("./").unwrap(), "");
        assert_eq!(normalize("/etc/passwd"), Err(UnsafePath::Absolute));
        assert_eq!(normalize("a/../../x"), Err(UnsafePath::ParentDir));
        assert_eq!(zarf_refuses("a\\b"), Some(Refused::Backslash));
        assert_eq!(zarf_refuses(""), Some(Refused::Empty));
        assert_eq!(zarf_refuses("images/blobs/sha256:ab"), Some(Refused::Colon("sha256:ab".into())));
        assert_eq!(zarf_refuses("a./b"), Some(Refused::TrailingDotOrSpace("a.".into())));
        assert_eq!(zarf_refuses("a/b "), Some(Refused::TrailingDotOrSpace("b ".into())));
        assert_eq!(zarf_refuses("a/.../b"), Some(Refused::TrailingDotOrSpace("...".into())));
        assert_eq!(zarf_refuses("x/nul.tar.gz"), Some(Refused::DeviceName("nul.tar.gz".into())));
        assert_eq!(zarf_refuses("Com1"), Some(Refused::DeviceName("Com1".into())));
        assert_eq!(zarf_refuses("lpt0.x"), Some(Refused::DeviceName("lpt0.x".into())));
        assert_eq!(zarf_refuses(".nul"), None, "a leading dot is no extension");
        assert_eq!(zarf_refuses("./a/../b/"), None);
        assert_eq!(zarf_refuses("console"), None);
        assert_eq!(zarf_refuses("COM10"), None);
        assert_eq!(name_too_long("a/b", 3), None);
        assert!(name_too_long("a/b", 2).is_some());
        assert!(name_too_long(&format!("d/{}", "x".repeat(256)), 4096).is_some());
        assert_eq!(name_too_long(&format!("d/{}", "x".repeat(255)), 4096), None);
        assert!(creatable("a/", false) && creatable("a/./", true) && creatable("./", true) && creatable("a//", true));
        assert!(!creatable("b/.", false) && !creatable("a//", false) && !creatable("./", false));
        assert_eq!(ancestors("a/b/c").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(resolve("blobs/sha256/", "../../index.json").as_deref(), Some("index.json"));
        assert_eq!(resolve("a/", "../../x"), None);
        assert_eq!(resolve("", "/etc/shadow"), None);
        assert_eq!(parent_prefix("images/index.json"), "images/");
        assert_eq!(parent_prefix("index.json"), "");
    }
}
