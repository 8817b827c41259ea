//! The rule table: one file per rule, one code each. Codes are stable: never reuse or renumber one.
//!
//! Rules only describe; the checks that emit them live with the walkers (`layout`, `oci`), and
//! severity overrides happen in one place, the report sink (`Report::apply_overrides`).

pub use crate::code::Code;
use crate::diag::Rule;

mod words;
pub use words::{MoreLines, Shape, Stop, TarEntryAt};

/// Declares each rule file, re-exports what it exports, and lists its rule in [`ALL`]: the same
/// rows as [`Code`] (see [`crate::code`]).
macro_rules! define_rules {
    ($($code:ident $module:ident { $($export:tt)* })*) => {
        $(mod $module;)*
        $(pub use $module::{$($export)*};)*

        /// Every rule, in code order.
        pub static ALL: &[&Rule] = &[$(&$module::RULE,)*];

        impl Code {
            /// The rule this code files findings under.
            pub fn rule(self) -> &'static Rule {
                match self {
                    $(Code::$code => &$module::RULE,)*
                }
            }
        }
    };
}
crate::code::rule_table!(define_rules);

/// Every rule's documentation as one Markdown document (`docs/rules.md`).
pub fn markdown_all() -> String {
    let mut out = String::from(
        "# zverify rules\n\nGenerated from the rule table by `zverify rules --markdown`; do not edit by hand.\n\n\
         | code | name | default severity | summary |\n|---|---|---|---|\n",
    );
    for r in ALL {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            r.code,
            r.code.as_str().to_lowercase(),
            r.name,
            r.severity,
            r.summary
        ));
    }
    for r in ALL {
        out.push('\n');
        out.push_str(
            &r.markdown()
                .replacen("# ", "## ", 1)
                .replace("\n## What", "\n### What")
                .replace("\n## Why", "\n### Why")
                .replace("\n## Example", "\n### Example")
                .replace("\n## Fix", "\n### Fix"),
        );
    }
    out
}

/// Look a rule up by code (case-insensitive).
pub fn lookup(code: &str) -> Option<&'static Rule> {
    Code::parse(code).map(Code::rule)
}

/// A rule by its code (`ZV308`) or its name (`ref-pin-mismatch`), case-insensitively.
pub fn lookup_code_or_name(key: &str) -> Option<&'static Rule> {
    let key = key.trim();
    lookup(key).or_else(|| ALL.iter().copied().find(|r| r.name.eq_ignore_ascii_case(key)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Message;
    use std::collections::BTreeSet;

    /// Wordings that were wrong before each rule had one payload and one `message()`.
    #[test]
    fn corrected_wordings() {
        // ZV107: the missing thing is the blob itself, not the document that points at it.
        let missing = BlobMissing::Descriptor {
            kind: "layer",
            digest: "sha256:fd002b6a59f2…".into(),
            path: "blobs/sha256/fd00".into(),
        };
        assert_eq!(missing.message(), "the layer sha256:fd002b6a59f2… (blobs/sha256/fd00) is not in the package");
        // ZV109: plural only when it is one.
        assert!(BlobUnreferenced { size: 1 }.message().ends_with("it wastes 1 byte"));
        assert!(BlobUnreferenced { size: 2 }.message().ends_with("it wastes 2 bytes"));
        assert!(BlobUnreferenced { size: 0 }.message().ends_with("it wastes 0 bytes"));
        // ZV006: "an entry of unknown type", "a character device".
        let kind = SpecialKind::UnknownType { flag: 'Z', size: 3 };
        let unknown = UnsupportedEntry { name: "x".into(), kind, checked_as_file: true };
        assert_eq!(
            unknown.message(),
            "\"x\" is an entry of unknown type 'Z'; Zarf writes its 3 bytes as a regular file, other readers skip it; zverify checks it as the file Zarf writes"
        );
        let kind = SpecialKind::Device { what: "character device" };
        let device = UnsupportedEntry { name: "x".into(), kind, checked_as_file: true };
        assert!(device.message().starts_with("\"x\" is a character device, which Zarf writes"), "{}", device.message());
    }

    /// A payload files its finding under its own rule, with that rule's severity and help.
    #[test]
    fn findings_take_code_severity_and_help_from_the_payload_rule() {
        let f = crate::Finding::of(BlobUnreferenced { size: 3 });
        assert_eq!(
            (f.code, f.severity, f.help.as_str()),
            (BLOB_UNREFERENCED.code, BLOB_UNREFERENCED.severity, BLOB_UNREFERENCED.help)
        );
        let f = crate::Finding::of(MediaTypeConflict { descriptor: "a/b".into(), document: "c/d".into() });
        assert_eq!(f.code, MEDIA_TYPE_CONFLICT.code);
        // ZV303 and ZV302 word a descriptor/document disagreement the same way.
        let g =
            crate::Finding::of(WrongDocumentKind::DescriptorSays { descriptor: "a/b".into(), document: "c/d".into() });
        assert_eq!((g.code, g.message.as_str()), (WRONG_DOCUMENT_KIND.code, f.message.as_str()));
    }

    #[test]
    fn codes_unique_well_formed_and_documented() {
        let mut codes = BTreeSet::new();
        let mut names = BTreeSet::new();
        for r in ALL {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert_eq!(r.code.rule().code, r.code, "{} is filed under the wrong row of the table", r.code);
            for (what, text) in [
                ("summary", r.summary),
                ("help", r.help),
                ("checks", r.checks),
                ("why", r.why),
                ("example", r.example),
                ("fix", r.fix),
            ] {
                assert!(text.trim().len() >= 10, "{} has no real {what}", r.code);
            }
        }
        let sorted: Vec<_> = ALL.iter().map(|r| r.code).collect();
        let mut again = sorted.clone();
        again.sort();
        assert_eq!(sorted, again, "ALL must stay in code order");
    }
}
