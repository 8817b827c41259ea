//! checksums.txt: `<sha256 lowercase hex><space><relative path>` per line, any order accepted.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    pub sha256: String,
    pub path: String,
}

/// Why a line of checksums.txt is not `<sha256> <path>` (read as "line N {error}").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    NotUtf8,
    Crlf,
    /// Not two space-separated fields: how many, and the line.
    Fields {
        count: usize,
        text: String,
    },
    NotSha256 {
        hex: String,
    },
    /// A path Zarf would not write: the path and why.
    Path {
        path: String,
        why: &'static str,
    },
    /// Longer than the streaming reader's line limit (bytes).
    TooLong {
        max: usize,
    },
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::NotUtf8 => f.write_str("is not UTF-8"),
            LineError::Crlf => f.write_str("ends with a carriage return (CRLF line endings)"),
            LineError::Fields { count, text } => {
                write!(f, "has {count} space-separated fields, not 2: \"{}\"", text.escape_debug())
            }
            LineError::NotSha256 { hex } => write!(f, "\"{hex}\" is not a lowercase 64-character sha256"),
            LineError::Path { path, why } => write!(f, "path \"{}\" {why}", path.escape_debug()),
            LineError::TooLong { max } => write!(f, "is longer than {max} bytes"),
        }
    }
}

impl std::error::Error for LineError {}

/// Parse every line; malformed lines come back as `(line number, reason)`.
pub fn parse(bytes: &[u8]) -> (Vec<Line>, Vec<(usize, LineError)>) {
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let number = i + 1;
        if raw.is_empty() {
            continue;
        }
        let Ok(text) = std::str::from_utf8(raw) else {
            bad.push((number, LineError::NotUtf8));
            continue;
        };
        if text.ends_with('\r') {
            bad.push((number, LineError::Crlf));
            continue;
        }
        let fields: Vec<&str> = text.split(' ').collect();
        if fields.len() != 2 {
            bad.push((number, LineError::Fields { count: fields.len(), text: text.to_owned() }));
            continue;
        }
        let (hex, path) = (fields[0], fields[1]);
        if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            bad.push((number, LineError::NotSha256 { hex: hex.to_owned() }));
            continue;
        }
        if let Some(why) = path_problem(path) {
            bad.push((number, LineError::Path { path: path.to_owned(), why }));
            // A `..` that stays inside the package: Zarf's filepath.Join resolves it and checks
            // the file it names, so the line still covers that file (it is not also unlisted).
            if let Some(inside) = path.contains("..").then(|| resolve_inside(path)).flatten() {
                lines.push(Line { number, sha256: hex.to_owned(), path: inside });
            }
            continue;
        }
        // Zarf joins the path onto the package directory (Go's filepath.Join cleans it), so
        // `a//b`, `a/./b` and `a/` name the file `a/b` / `a` for Zarf, and for zverify too.
        let cleaned: Vec<&str> = path.split('/').filter(|c| !c.is_empty() && *c != ".").collect();
        if cleaned.is_empty() {
            bad.push((number, LineError::Path { path: path.to_owned(), why: "names the package directory itself" }));
            continue;
        }
        lines.push(Line { number, sha256: hex.to_owned(), path: cleaned.join("/") });
    }
    (lines, bad)
}

/// `path` with `.`, empty and `..` components resolved, when it stays inside the package and is
/// not the package directory itself (no backslash, not absolute).
fn resolve_inside(path: &str) -> Option<String> {
    if path.starts_with('/') || path.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn path_problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        Some("is empty")
    } else if path.starts_with('/') {
        Some("is absolute")
    } else if path.contains('\\') {
        Some("contains a backslash")
    } else if path.split('/').any(|c| c == "..") {
        Some("contains `..`")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn lines() {
        let h = "a".repeat(64);
        let text = format!(
            "{h} zarf.yaml\n{h}  two-spaces\nABC x\n{h} ../up\n{h} /abs\n{h} ok/path\r\n\n{h} images/index.json"
        );
        let (ok, bad) = parse(text.as_bytes());
        assert_eq!(ok.iter().map(|l| l.path.as_str()).collect::<Vec<_>>(), ["zarf.yaml", "images/index.json"]);
        assert_eq!(bad.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [2, 3, 4, 5, 6]);
        assert_eq!(parse(b"\n"), (vec![], vec![]));
        // Cleaned as Go's filepath.Join cleans it before Zarf opens the file.
        let (ok, bad) = parse(format!("{h} images//a/./b/\n{h} ./\n").as_bytes());
        assert_eq!(ok.iter().map(|l| l.path.as_str()).collect::<Vec<_>>(), ["images/a/b"]);
        assert_eq!(bad.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [2]);
        // `..` staying inside: an error, and the line still covers the file Zarf resolves it to.
        let (ok, bad) = parse(format!("{h} images/../zarf.yaml\n{h} ../x\n").as_bytes());
        assert_eq!(ok.iter().map(|l| l.path.as_str()).collect::<Vec<_>>(), ["zarf.yaml"]);
        assert_eq!(bad.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 2]);
    }
}
