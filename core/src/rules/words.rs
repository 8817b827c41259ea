//! Words several rules share in their payloads: a JSON value's shape, where a check stopped, a
//! tar entry's name and offset, the tail of a per-line list. A leaf of `rules`: the rule files
//! use it, and it uses none of them.

use std::fmt;

/// What is wrong with the shape of a JSON value, as several rules word it (ZV206 schema-violation,
/// ZV401 config-invalid, ZV309 invalid-platform, ZV102 oci-layout-invalid): a value of the wrong
/// kind, or a key that is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// `{subject} must be {expected}`, then `, found {found}` when the value's kind is told.
    Type { subject: String, expected: &'static str, found: Option<String> },
    /// `{owner} has no "{key}"{what}`, e.g. `image index has no "manifests" array`.
    Missing { owner: &'static str, key: String, what: &'static str },
}

impl Shape {
    /// `{subject} must be {expected}, found {found}`.
    pub fn of(subject: impl Into<String>, expected: &'static str, found: impl Into<String>) -> Self {
        Shape::Type { subject: subject.into(), expected, found: Some(found.into()) }
    }
    /// `"{key}" must be {expected}, found {found}`.
    pub fn field(key: &str, expected: &'static str, found: impl Into<String>) -> Self {
        Shape::of(format!("\"{key}\""), expected, found)
    }
    /// `{subject} must be {expected}` (the value's kind untold).
    pub fn must_be(subject: impl Into<String>, expected: &'static str) -> Self {
        Shape::Type { subject: subject.into(), expected, found: None }
    }
    /// `{owner} has no "{key}"`.
    pub fn missing(owner: &'static str, key: impl Into<String>) -> Self {
        Shape::Missing { owner, key: key.into(), what: "" }
    }
}

/// Where verification stopped when the source failed (ZV001, ZV040): the entry cut short, if
/// any, and how far it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// The entry that was being read, and how many of its bytes were.
    pub cut: Option<(String, u64)>,
    /// Complete entries, and bytes hashed.
    pub entries: u64,
    pub bytes: u64,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((p, read)) = &self.cut {
            write!(f, "\"{p}\" was cut after {read} of its bytes and not verified; ")?;
        }
        write!(f, "verification stopped after {} complete entries and {} bytes", self.entries, self.bytes)
    }
}

/// A tar entry, as tar-reader findings name it: `tar entry "<name>" at byte <offset>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TarEntryAt {
    /// The name, shown (escaped, and clipped when long).
    pub name: String,
    /// Where its header starts.
    pub offset: u64,
}

impl fmt::Display for TarEntryAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tar entry \"{}\" at byte {}", self.name, self.offset)
    }
}

/// The last finding of a per-line checksums.txt rule: how many more lines had the same error than
/// were reported one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoreLines {
    pub more: u64,
    pub shown: u64,
}

impl fmt::Display for MoreLines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "and {} more lines of checksums.txt like the {} above (each one is this error)",
            self.more, self.shown
        )
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Type { subject, expected, found } => {
                write!(f, "{subject} must be {expected}")?;
                match found {
                    Some(found) => write!(f, ", found {found}"),
                    None => Ok(()),
                }
            }
            Shape::Missing { owner, key, what } => write!(f, "{owner} has no \"{key}\"{what}"),
        }
    }
}
