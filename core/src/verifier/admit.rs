//! Name admission: whether an entry is stored, and under which name. The entry-count limit, the
//! name-length limit, names Zarf refuses, names that escape the root, and paths that clash with a
//! file or directory already read — each refusal one finding.

use crate::diag::Finding;
use crate::path;
use crate::rules;
use crate::store::{Options, Store};

/// What an entry is, for admission and for the words its findings use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EntryKind {
    File,
    Directory,
    Link,
    Other,
}

impl EntryKind {
    fn noun(self) -> &'static str {
        match self {
            EntryKind::File => "entry",
            EntryKind::Directory => "directory entry",
            EntryKind::Link => "link",
            EntryKind::Other => "special entry",
        }
    }
}

/// A name as findings show it: escaped, and cut short when hostile input makes it huge.
pub(super) fn clip(raw: &str) -> String {
    let s = raw.escape_debug().to_string();
    if s.len() > 240 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s
    }
}

/// Entries offered so far: the count the entry limit is checked against.
#[derive(Debug, Default)]
pub(super) struct Admission {
    seen: u64,
}

impl Admission {
    /// Decide whether an entry is stored. Returns the normalized path, or `None` after one
    /// finding in `out` (the root directory itself needs no finding).
    pub(super) fn admit(
        &mut self,
        raw: &str,
        kind: EntryKind,
        opts: &Options,
        store: &Store,
        out: &mut Vec<Finding>,
    ) -> Option<String> {
        self.seen += 1;
        if self.seen > opts.max_entries {
            if self.seen == opts.max_entries + 1 {
                out.push(Finding::of(rules::TooManyEntries { max: opts.max_entries, first: clip(raw) }));
            }
            return None;
        }
        let noun = kind.noun();
        let p = match path::plain_normal(raw) {
            Some(normal) if raw.len() as u64 <= opts.max_name_length => normal.to_owned(),
            _ => check_name(raw, kind, opts, out)?,
        };
        let clash = if let Some(file) = path::ancestors(&p).find(|a| store.entries.contains_key(*a)) {
            Some(rules::Clash::UnderFile { file: file.to_owned() })
        } else if matches!(kind, EntryKind::Directory | EntryKind::Link) && store.entries.contains_key(&p) {
            // (Zarf writes special entries as files: over a file, that is a rewrite, not a clash.)
            Some(rules::Clash::AlreadyFile)
        } else if kind != EntryKind::Directory && is_dir(store, &p) {
            Some(rules::Clash::AlreadyDirectory)
        } else {
            None
        };
        if let Some(clash) = clash {
            let f = Finding::of(rules::PathTypeConflict { noun, path: p.clone(), clash });
            out.push(f.path(p));
            return None;
        }
        Some(p)
    }
}

/// The name checks of [`Admission::admit`] one by one, each with its finding: the name as
/// normalized, or `None` (reported).
fn check_name(raw: &str, kind: EntryKind, opts: &Options, out: &mut Vec<Finding>) -> Option<String> {
    // Escaped only when a finding names the entry.
    let noun = kind.noun();
    if let Some(why) = path::name_too_long(raw, opts.max_name_length) {
        let name = clip(raw);
        out.push(Finding::of(rules::EntryNameTooLong { noun, name: name.clone(), why }).path(name));
        return None;
    }
    if let Some(why) = path::zarf_refuses(raw) {
        let name = clip(raw);
        out.push(Finding::of(rules::EntryNameRefused { noun, name: name.clone(), why }).path(name));
        return None;
    }
    let p = match path::normalize(raw) {
        Ok(_) if !path::creatable(raw, kind == EntryKind::Directory) => Err(path::UnsafePath::NotAName),
        Ok(p) if p.is_empty() && kind == EntryKind::Directory => return None,
        other => other,
    };
    match p {
        Ok(p) => Some(p),
        Err(why) => {
            let name = clip(raw);
            out.push(Finding::of(rules::UnsafeEntryPath { noun, name: name.clone(), why }).path(name));
            None
        }
    }
}

/// Whether `p` is a directory: named by a directory entry, or a parent of any entry.
pub(super) fn is_dir(store: &Store, p: &str) -> bool {
    use std::ops::Bound::{Included, Unbounded};
    let mut prefix = String::with_capacity(p.len() + 1);
    prefix.push_str(p);
    prefix.push('/');
    let from = (Included(prefix.as_str()), Unbounded);
    let under = |k: &String| k.starts_with(&prefix);
    store.dirs.contains(p)
        || store.dirs.range::<str, _>(from).next().is_some_and(under)
        || store.entries.range::<str, _>(from).next().is_some_and(|(k, _)| under(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::digest::Hashes;
    use crate::store::Entry;

    fn file() -> Entry {
        Entry { size: 0, hashes: Hashes::default(), bytes: None, dropped: None, ticket: None }
    }

    fn admit(a: &mut Admission, store: &Store, raw: &str, kind: EntryKind) -> (Option<String>, Vec<Code>) {
        let opts = Options { max_entries: 4, max_name_length: 32, ..Options::default() };
        let mut out = Vec::new();
        let p = a.admit(raw, kind, &opts, store, &mut out);
        (p, out.iter().map(|f| f.code).collect())
    }

    #[test]
    fn plain_names_are_admitted_normalized_and_unsafe_ones_refused() {
        let store = Store::default();
        let mut a = Admission::default();
        assert_eq!(
            admit(&mut a, &store, "./blobs/sha256/ab", EntryKind::File),
            (Some("blobs/sha256/ab".into()), vec![])
        );
        assert_eq!(admit(&mut a, &store, "../escape", EntryKind::File).1, vec![Code::ZV002]);
        assert_eq!(admit(&mut a, &store, &"n".repeat(40), EntryKind::File).1, vec![Code::ZV021]);
        // The root directory is no entry, and needs no finding.
        assert_eq!(admit(&mut Admission::default(), &store, "./", EntryKind::Directory), (None, vec![]));
    }

    #[test]
    fn the_entry_limit_is_one_finding_then_silence() {
        let store = Store::default();
        let mut a = Admission::default();
        for i in 0..4 {
            assert!(admit(&mut a, &store, &format!("f{i}"), EntryKind::File).0.is_some());
        }
        assert_eq!(admit(&mut a, &store, "f4", EntryKind::File), (None, vec![Code::ZV020]));
        assert_eq!(admit(&mut a, &store, "f5", EntryKind::File), (None, vec![]));
    }

    #[test]
    fn a_path_that_clashes_with_a_file_or_directory_is_refused() {
        let mut store = Store::default();
        store.entries.insert("a".into(), file());
        store.entries.insert("d/x".into(), file());
        let mut a = Admission::default();
        // Under a file.
        assert_eq!(admit(&mut a, &store, "a/b", EntryKind::File).1, vec![Code::ZV019]);
        // A directory or link over a file.
        assert_eq!(admit(&mut a, &store, "a", EntryKind::Directory).1, vec![Code::ZV019]);
        // A file over a directory implied by an entry under it.
        assert_eq!(admit(&mut a, &store, "d", EntryKind::File).1, vec![Code::ZV019]);
        // A file written again is a rewrite, admitted (ZV004 is the verifier's, on close).
        assert_eq!(admit(&mut a, &store, "a", EntryKind::File), (Some("a".into()), vec![]));
    }

    #[test]
    fn directories_are_named_or_implied() {
        let mut store = Store::default();
        store.dirs.insert("blobs".into());
        store.entries.insert("images/index.json".into(), file());
        assert!(is_dir(&store, "blobs") && is_dir(&store, "images"));
        assert!(!is_dir(&store, "image") && !is_dir(&store, "images/index.json"));
    }

    #[test]
    fn long_names_are_clipped_in_findings() {
        let c = clip(&"x".repeat(1000));
        assert!(c.chars().count() == 201 && c.ends_with('…'));
        assert_eq!(clip("a\nb"), "a\\nb");
    }
}
