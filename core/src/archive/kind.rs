//! What an archive is. A leaf, so that what names a kind (split metadata that is archive data,
//! ZV515) needs none of the readers.

/// A package archive's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    Tar,
    TarZstd,
}
