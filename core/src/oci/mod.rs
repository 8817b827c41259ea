//! Checks of single OCI documents (descriptor, index, manifest, config, oci-layout), over the JSON
//! tree parsed from their stored bytes. These functions never see the filesystem or other blobs;
//! the layout walker (`crate::reconcile::layout`) links documents together.

mod config;
mod descriptor;
mod doc;
mod manifest;
pub mod media;

pub use config::{check_config, ConfigDoc, Strictness};
pub use config::{ExecConfig, HistoryEntry};
pub use descriptor::{check_descriptor, check_platform, Desc, Platform};
pub use manifest::{check_index, check_layout_file, check_manifest, IndexDoc, ManifestDoc};

pub use doc::{fields, parse_document, DocCtx, DocKind, Limits};

use crate::json::Node;

/// Check one standalone document of a known kind.
pub fn check_kind(ctx: &mut DocCtx<'_>, node: &Node, kind: DocKind) {
    match kind {
        DocKind::Index => {
            check_index(ctx, node);
        }
        DocKind::Manifest => {
            check_manifest(ctx, node);
        }
        DocKind::Config => {
            check_config(ctx, node, Strictness::Schema);
        }
        DocKind::Descriptor => {
            check_descriptor(ctx, node, "");
        }
        DocKind::Layout => check_layout_file(ctx, node),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(kind: DocKind, doc: &str, limits: Limits) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut ctx = DocCtx::new("d", &mut out).with_limits(limits).with_source(doc.as_bytes());
        if let Some(node) = parse_document(&mut ctx, doc.as_bytes(), "d") {
            check_kind(&mut ctx, &node, kind);
        }
        out.iter().map(|f| (f.code.as_str(), f.pointer.clone().unwrap_or_default())).collect()
    }

    const D: &str = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    #[test]
    fn keys_go_would_fold_onto_a_field_are_errors() {
        let l = Limits::default();
        let clean = format!(r#"{{"mediaType":"a/b","digest":"{D}","size":2}}"#);
        assert_eq!(codes(DocKind::Descriptor, &clean, l), vec![]);
        // A second spelling of digest: Go reads the last one, zverify the exact one.
        let two = format!(r#"{{"mediaType":"a/b","digest":"{D}","size":2,"Digest":"sha256:{}"}}"#, "0".repeat(64));
        assert_eq!(codes(DocKind::Descriptor, &two, l), vec![("ZV210", "/Digest".into())]);
        // Long s folds to s in Go: "ſize" is "size".
        let long_s = format!(r#"{{"mediaType":"a/b","digest":"{D}","size":2,"\u017fize":3}}"#);
        assert_eq!(codes(DocKind::Descriptor, &long_s, l), vec![("ZV210", "/\u{17F}ize".into())]);
        // Nested known objects too; unknown keys are not findings.
        let index = format!(
            r#"{{"schemaVersion":2,"MANIFESTS":[],"manifests":[{{"mediaType":"a/b","digest":"{D}","size":2,"platform":{{"OS":"x","os":"linux","architecture":"amd64"}}}}],"x-other":1}}"#
        );
        assert_eq!(
            codes(DocKind::Index, &index, l),
            vec![("ZV210", "/MANIFESTS".into()), ("ZV210", "/manifests/0/platform/OS".into())]
        );
        let config = r#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","Diff_IDs":[],"diff_ids":[]},"config":{"env":["A=b"]},"history":[{"Created_By":"x"}]}"#;
        assert_eq!(
            codes(DocKind::Config, config, l),
            vec![
                ("ZV210", "/rootfs/Diff_IDs".into()),
                ("ZV210", "/config/env".into()),
                ("ZV210", "/history/0/Created_By".into())
            ]
        );
        assert_eq!(codes(DocKind::Layout, r#"{"imageLayoutVersion":"1.0.0","ImageLayoutVersion":"2"}"#, l).len(), 1);
    }

    #[test]
    fn depth_limit_is_an_error_not_a_skip() {
        let l = Limits { json_max_depth: 5, ..Limits::default() };
        // depth 5: the object and 4 arrays
        let ok = r#"{"schemaVersion":2,"manifests":[],"x":[[[[]]]]}"#;
        assert_eq!(codes(DocKind::Index, ok, l), vec![]);
        let deep = r#"{"schemaVersion":2,"manifests":[],"x":[[[[[]]]]]}"#;
        assert_eq!(codes(DocKind::Index, deep, l), vec![("ZV211", String::new())]);
        // Above the parser's ceiling the limit is the ceiling.
        let l = Limits { json_max_depth: 10_000, ..Limits::default() };
        let over = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert_eq!(codes(DocKind::Index, &over, l), vec![("ZV211", String::new())]);
    }

    #[test]
    fn descriptor_limit_is_an_error() {
        let l = Limits { max_descriptors: 2, ..Limits::default() };
        let d = format!(r#"{{"mediaType":"a/b","digest":"{D}","size":2}}"#);
        let index = format!(r#"{{"schemaVersion":2,"manifests":[{d},{d},{d}]}}"#);
        assert_eq!(codes(DocKind::Index, &index, l), vec![("ZV212", "/manifests".into())]);
        let index = format!(r#"{{"schemaVersion":2,"manifests":[{d},{d}]}}"#);
        assert_eq!(codes(DocKind::Index, &index, l), vec![]);
        let manifest = format!(
            r#"{{"schemaVersion":2,"config":{{"mediaType":"a/b","digest":"{D}","size":2}},"layers":[{d},{d},{d},{{}}]}}"#
        );
        // Only the first two layers are read: the bad fourth is not, and ZV212 says so.
        assert_eq!(codes(DocKind::Manifest, &manifest, l), vec![("ZV212", "/layers".into())]);
    }
}
