//! part000's metadata: what it must hold, and why it is not that. A leaf: the rule that reports
//! it (ZV515) names [`MetaError`]; the parsing, which emits findings, is in `zarf::split`.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMeta {
    /// Lowercase hex sha256 of the whole archive.
    pub sha256: String,
    pub bytes: u64,
    pub count: u32,
}

/// Why part000 is not metadata Zarf reads (a ZV515 finding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaError {
    NotJson(crate::json::ParseError),
    /// part000 is the start of an archive (a tar or zstd-compressed tar), not metadata: the file
    /// was cut with plain `split`, whose first piece is `.part000`.
    ArchiveData(crate::archive::kind::ArchiveKind),
    /// Not an object: the JSON kind found.
    NotObject(&'static str),
    /// A key Go matches to `field` whose value has the wrong kind.
    WrongType {
        key: String,
        field: &'static str,
        expected: &'static str,
        found: &'static str,
    },
    /// Sha256Sum is not 64 lowercase hex characters.
    Sha256(String),
    NoSha256,
    NoBytes,
    NoCount,
}

impl std::fmt::Display for MetaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MetaError::NotJson(e) => write!(f, "part000 is not JSON: {e}"),
            MetaError::ArchiveData(kind) => write!(
                f,
                "part000 holds the start of the archive ({}), not Zarf's split metadata: the file was cut with plain `split` (or similar), whose first piece is part000. Zarf expects part000 to be JSON {{\"Sha256Sum\": <sha256 of the whole archive>, \"Bytes\": <its size>, \"Count\": <number of data parts>}} and the data in part001 onwards; it cannot load these parts. The parts were not verified",
                match kind {
                    crate::archive::kind::ArchiveKind::Tar => "tar data",
                    crate::archive::kind::ArchiveKind::TarZstd => "a zstd frame",
                }
            ),
            MetaError::NotObject(found) => write!(f, "part000 must be a JSON object, found {found}"),
            MetaError::WrongType { key, field, expected, found } => {
                write!(f, "part000's \"{}\" (read as {field}) must be {expected}, found {found}", key.escape_debug())
            }
            MetaError::Sha256(s) => {
                write!(f, "Sha256Sum must be 64 lowercase hex characters, found \"{}\"", s.escape_debug())
            }
            MetaError::NoSha256 => f.write_str("part000 has no Sha256Sum"),
            MetaError::NoBytes => f.write_str("part000 has no positive integer Bytes"),
            MetaError::NoCount => write!(f, "part000 has no Count between 1 and {MAX_PARTS}"),
        }
    }
}

impl std::error::Error for MetaError {}

/// Zarf writes at most 999 data parts.
pub const MAX_PARTS: u32 = 999;
