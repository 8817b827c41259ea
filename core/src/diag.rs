//! Findings, severities and the rule metadata they point at.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule: a stable code, its default severity, and its documentation.
#[derive(Debug)]
pub struct Rule {
    /// `ZV` + three digits; never reused, never renumbered.
    pub code: crate::code::Code,
    /// kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Default help line attached to each finding.
    pub help: &'static str,
    /// What it checks.
    pub checks: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// An example of input that triggers it.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

impl Rule {
    /// The rule's documentation as Markdown (what `zverify explain` prints).
    pub fn markdown(&self) -> String {
        format!(
            "# {} {}\n\nDefault severity: {}\n\n{}\n\n## What it checks\n{}\n\n## Why it matters\n{}\n\n## Example\n{}\n\n## Fix\n{}\n",
            self.code, self.name, self.severity, self.summary, self.checks, self.why, self.example, self.fix
        )
    }
}

/// A finding's typed payload: the data its message needs, and the one place that message is
/// worded. Each rule file (`rules/zvNNN_*.rs`) defines its payload type(s); a [`Finding`] is made
/// only from one ([`Finding::of`]), so a rule is worded the same wherever it is reported.
pub trait Message {
    /// The rule the finding is filed under (its code, default severity and default help).
    const RULE: &'static Rule;
    /// The finding's message.
    fn message(&self) -> String;
}

/// Marks a [`Finding`] as made by [`Finding::of`]: a private field, so that no code outside this
/// module can build one with a struct literal (and a free-text message).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Made;

/// One finding. Absent values serialize as `null`.
///
/// Made only from a payload ([`Finding::of`]); there is no constructor that takes a free-text
/// message, and a struct literal does not compile outside this module:
///
/// ```compile_fail
/// let f = zverify_core::Finding::new(&zverify_core::rules::ARCHIVE_CORRUPT, "free text");
/// ```
///
/// ```compile_fail
/// let f = zverify_core::Finding {
///     code: "ZV001",
///     severity: zverify_core::Severity::Error,
///     message: "free text".into(),
///     path: None,
///     pointer: None,
///     digest: None,
///     help: String::new(),
/// };
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: crate::code::Code,
    pub severity: Severity,
    pub message: String,
    /// Path inside the package, `/`-separated, e.g. `images/index.json`.
    pub path: Option<String>,
    /// RFC 6901 pointer inside the JSON document at `path`.
    pub pointer: Option<String>,
    pub digest: Option<String>,
    pub help: String,
    #[serde(skip)]
    made: Made,
}

impl Finding {
    /// The finding a payload describes, under its rule's code, severity and help.
    pub fn of<M: Message>(payload: M) -> Self {
        Finding {
            code: M::RULE.code,
            severity: M::RULE.severity,
            message: payload.message(),
            path: None,
            pointer: None,
            digest: None,
            help: M::RULE.help.to_owned(),
            made: Made,
        }
    }
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }
    pub fn digest(mut self, digest: impl Into<String>) -> Self {
        self.digest = Some(digest.into());
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }
    /// Sort key that makes report order deterministic whatever the input's entry order.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.path.as_deref().unwrap_or(""),
            self.pointer.as_deref().unwrap_or(""),
            self.code,
            self.digest.as_deref().unwrap_or(""),
            self.message.as_str(),
        )
    }
}
