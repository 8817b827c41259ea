//! ZV303 `wrong-document-kind`: A manifest holds `manifests`, or an index holds `config`/`layers`.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV303,
    name: "wrong-document-kind",
    severity: Severity::Error,
    summary: "A manifest holds `manifests`, or an index holds `config`/`layers`",
    help: "A document must be either a manifest or an index, never both; rebuild it. When the document is an image zarf.yaml asks for, a deploy fails at the image push.",
    checks: "A manifest must not contain `manifests`; an index must not contain `config` or `layers` (also checked when the descriptor's media type disagrees with the body).",
    why: "Ambiguous documents were used to make containerd and other clients read different content than the registry verified (GHSA-77vh-xpmg-72qh).",
    example: "An image index that also has a `layers` array.",
    fix: "Rebuild the document with a conforming tool.",
};

/// A document that is not the kind it is read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WrongDocumentKind {
    /// Its own `mediaType` names another kind than the one it is read as (`read_as`: "an image
    /// index", …).
    OwnMediaType { read_as: String, media_type: String },
    /// It holds a key of the other kind (`doc`: "an image index" or "an image manifest").
    Contains { doc: &'static str, key: String },
    /// The descriptor that points at it names one kind, its own `mediaType` the other.
    DescriptorSays { descriptor: String, document: String },
}

impl Message for WrongDocumentKind {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            WrongDocumentKind::OwnMediaType { read_as, media_type } => {
                format!("this document is read as {read_as}, but its mediaType is \"{media_type}\"")
            }
            WrongDocumentKind::Contains { doc, key } => format!(
                "{doc} must not contain \"{key}\"; a document that is both an index and a manifest is read differently by different clients"
            ),
            WrongDocumentKind::DescriptorSays { descriptor, document } => {
                super::zv302_media_type_conflict::MediaTypeConflict { descriptor: descriptor.clone(), document: document.clone() }.message()
            }
        }
    }
}
