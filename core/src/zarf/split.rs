//! Split packages (`<file>.part000` … `.partNNN`, Zarf `src/internal/split`). part000 is JSON
//! `{"Sha256Sum", "Bytes", "Count"}` (v0.56+) or `{"sha256Sum", "bytes", "count"}` (older).
//! The caller (which owns the files) streams the data parts; this module checks the metadata,
//! the part sizes and the whole-archive digest, and names the part at fault when it can.

use crate::diag::Finding;
use crate::json::{Node, Num};
use crate::rules;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMeta {
    /// Lowercase hex sha256 of the whole archive.
    pub sha256: String,
    pub bytes: u64,
    pub count: u32,
}

/// Zarf writes at most 999 data parts.
pub const MAX_PARTS: u32 = 999;

pub fn parse_meta(bytes: &[u8]) -> Result<SplitMeta, String> {
    let node = Node::parse(bytes).map_err(|e| format!("part000 is not JSON: {e}"))?;
    let field = |a: &str, b: &str| node.get(a).or_else(|| node.get(b));
    let sha256 = match field("Sha256Sum", "sha256Sum") {
        Some(Node::Str(s)) if s.len() == 64 && s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) => s.clone(),
        Some(other) => return Err(format!("Sha256Sum must be 64 lowercase hex characters, found {}", other.kind())),
        None => return Err("part000 has no Sha256Sum".into()),
    };
    let bytes = match field("Bytes", "bytes") {
        Some(Node::Num(Num::Int(i))) if *i > 0 => *i as u64,
        _ => return Err("part000 has no positive integer Bytes".into()),
    };
    let count = match field("Count", "count") {
        Some(Node::Num(Num::Int(i))) if (1..=i64::from(MAX_PARTS)).contains(i) => *i as u32,
        _ => return Err(format!("part000 has no Count between 1 and {MAX_PARTS}")),
    };
    Ok(SplitMeta { sha256, bytes, count })
}

/// `name.partNNN`
pub fn part_name(stem: &str, n: u32) -> String {
    format!("{stem}.part{n:03}")
}

/// Check the data parts that exist (`sizes[i]` = size of part i+1, `None` if missing) against
/// the metadata. Returns findings; an empty list means the parts can be joined.
pub fn check_parts(stem: &str, meta: &SplitMeta, sizes: &[Option<u64>], extra: &[String]) -> Vec<Finding> {
    let mut out = Vec::new();
    let here = sizes.iter().filter(|s| s.is_some()).count();
    for (i, s) in sizes.iter().enumerate() {
        if s.is_none() {
            out.push(
                Finding::new(&rules::SPLIT_PARTS_MISMATCH, format!("part {} of {} is missing", i + 1, meta.count))
                    .path(part_name(stem, i as u32 + 1)),
            );
        }
    }
    for e in extra {
        out.push(
            Finding::new(
                &rules::SPLIT_PARTS_MISMATCH,
                format!("{e} is beyond the {} parts part000 announces", meta.count),
            )
            .path(e.clone()),
        );
    }
    let total: u64 = sizes.iter().flatten().sum();
    if here == sizes.len() && total != meta.bytes {
        out.push(
            Finding::new(
                &rules::SPLIT_PARTS_MISMATCH,
                format!("the parts hold {total} bytes but part000 says the package is {} bytes", meta.bytes),
            )
            .path(part_name(stem, 0)),
        );
    }
    // Every part but the last has the same size (Zarf cuts at --max-package-size).
    if sizes.len() > 2 {
        if let Some(Some(first)) = sizes.first() {
            for (i, s) in sizes[..sizes.len() - 1].iter().enumerate() {
                if let Some(s) = s {
                    if s != first {
                        out.push(
                            Finding::new(
                                &rules::SPLIT_PARTS_MISMATCH,
                                format!(
                                    "this part is {s} bytes where the others are {first}: it was cut short or padded"
                                ),
                            )
                            .path(part_name(stem, i as u32 + 1)),
                        );
                    }
                }
            }
        }
    }
    out
}

/// The whole-archive digest against part000.
pub fn check_digest(stem: &str, meta: &SplitMeta, actual_hex: &str) -> Option<Finding> {
    (actual_hex != meta.sha256).then(|| {
        Finding::new(
            &rules::SPLIT_DIGEST_MISMATCH,
            format!(
                "the {} parts joined hash to sha256:{actual_hex}, but part000 says sha256:{}; a part was damaged in transit (where the damage broke the stream, the archive-corrupt finding says in which part it was detected)",
                meta.count, meta.sha256
            ),
        )
        .path(part_name(stem, 0))
        .digest(format!("sha256:{}", meta.sha256))
    })
}

/// Which data part holds byte `offset` of the joined archive.
pub fn part_at(sizes: &[u64], offset: u64) -> Option<u32> {
    let mut end = 0;
    for (i, s) in sizes.iter().enumerate() {
        end += s;
        if offset < end {
            return Some(i as u32 + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn meta_both_casings() {
        let h = "b".repeat(64);
        let new = format!(r#"{{"Sha256Sum":"{h}","Bytes":2500000,"Count":3}}"#);
        let old = format!(r#"{{"sha256Sum":"{h}","bytes":2500000,"count":3}}"#);
        for m in [new, old] {
            assert_eq!(parse_meta(m.as_bytes()).unwrap(), SplitMeta { sha256: h.clone(), bytes: 2_500_000, count: 3 });
        }
        assert!(parse_meta(br#"{"Sha256Sum":"x","Bytes":1,"Count":1}"#).is_err());
        assert!(parse_meta(format!(r#"{{"Sha256Sum":"{h}","Bytes":1,"Count":1000}}"#).as_bytes()).is_err());
        assert!(parse_meta(b"nope").is_err());
    }

    #[test]
    fn parts() {
        let meta = SplitMeta { sha256: "0".repeat(64), bytes: 25, count: 3 };
        assert!(check_parts("p", &meta, &[Some(10), Some(10), Some(5)], &[]).is_empty());
        let f = check_parts("p", &meta, &[Some(10), None, Some(5)], &[]);
        assert_eq!(f[0].path.as_deref(), Some("p.part002"));
        let f = check_parts("p", &meta, &[Some(10), Some(9), Some(5)], &[]);
        assert!(f.iter().any(|f| f.path.as_deref() == Some("p.part002")));
        assert_eq!(part_at(&[10, 10, 5], 0), Some(1));
        assert_eq!(part_at(&[10, 10, 5], 19), Some(2));
        assert_eq!(part_at(&[10, 10, 5], 25), None);
    }
}
