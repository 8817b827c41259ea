//! checksums.txt read as it streams: complete lines are handed to the line parser
//! (`super::checksums::parse`) one at a time, so the file is never kept whole, whatever its size.
//! Only the parsed lines (hash and path) are kept, because the files they list may come later in
//! the archive.

use super::checksums::{self, Line, LineError};

/// Longest line kept while waiting for its end. A valid line is 64 hex characters, a space and a
/// path; no archive path is anywhere near this long.
pub const MAX_LINE: usize = 64 << 10;

#[derive(Debug, Clone, Default)]
pub struct ChecksumsStream {
    /// Bytes the kept lines may use (`Options::metadata_budget`): memory stays bounded whatever
    /// the file's size.
    budget: u64,
    used: u64,
    /// The first line not kept because the budget ran out; lines from there on were not checked.
    pub cut_at: Option<usize>,
    /// The current, unfinished line.
    pending: Vec<u8>,
    /// 1-based number of the current line.
    number: usize,
    /// The current line is over `MAX_LINE`: its bytes are dropped until its end.
    overlong: bool,
    pub lines: Vec<Line>,
    /// Malformed lines: (line number, reason).
    pub bad: Vec<(usize, LineError)>,
}

impl ChecksumsStream {
    pub fn new(budget: u64) -> Self {
        ChecksumsStream { number: 1, budget, ..Self::default() }
    }

    pub fn feed(&mut self, mut chunk: &[u8]) {
        while let Some(i) = chunk.iter().position(|b| *b == b'\n') {
            self.push(&chunk[..i]);
            self.end_line();
            chunk = &chunk[i + 1..];
        }
        self.push(chunk);
    }

    /// The file ended: a last line without `\n` is still a line.
    pub fn finish(&mut self) {
        if !self.pending.is_empty() || self.overlong {
            self.end_line();
        }
    }

    fn push(&mut self, bytes: &[u8]) {
        if self.overlong {
            return;
        }
        if self.pending.len() + bytes.len() > MAX_LINE {
            self.overlong = true;
            self.pending = Vec::new();
        } else {
            self.pending.extend_from_slice(bytes);
        }
    }

    fn end_line(&mut self) {
        let number = self.number;
        self.number += 1;
        if std::mem::take(&mut self.overlong) {
            self.bad.push((number, LineError::TooLong { max: MAX_LINE }));
            return;
        }
        let line = std::mem::take(&mut self.pending);
        if self.cut_at.is_some() {
            return;
        }
        // What a kept line costs: its text and the bookkeeping around it.
        let cost = line.len() as u64 + 64;
        if self.used + cost > self.budget {
            self.cut_at = Some(number);
            return;
        }
        self.used += cost;
        let (ok, bad) = checksums::parse(&line);
        self.lines.extend(ok.into_iter().map(|l| Line { number, ..l }));
        self.bad.extend(bad.into_iter().map(|(_, why)| (number, why)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the chunking, the stream gives what the whole-file parser gives.
    #[test]
    fn any_chunking_equals_the_whole_file_parse() {
        let h = "a".repeat(64);
        let text = format!(
            "{h} zarf.yaml\n{h}  two-spaces\nABC x\n{h} ../up\n{h} /abs\n{h} ok/path\r\n\n{h} images/index.json"
        );
        let whole = checksums::parse(text.as_bytes());
        for size in [1, 2, 3, 7, 64, 65, 66, 1000] {
            let mut s = ChecksumsStream::new(u64::MAX);
            for c in text.as_bytes().chunks(size) {
                s.feed(c);
            }
            s.finish();
            assert_eq!((s.lines.clone(), s.bad.clone()), whole, "chunks of {size}");
        }
    }

    #[test]
    fn kept_lines_stay_within_the_budget() {
        let h = "c".repeat(64);
        let mut s = ChecksumsStream::new(3 * (67 + 64));
        for i in 0..10 {
            s.feed(format!("{h} f{i}\n").as_bytes());
        }
        s.finish();
        assert_eq!(s.lines.len(), 3);
        assert_eq!(s.cut_at, Some(4));
    }

    #[test]
    fn an_endless_line_is_bounded_and_reported() {
        let mut s = ChecksumsStream::new(u64::MAX);
        let junk = vec![b'x'; 4096];
        for _ in 0..(MAX_LINE / 4096 + 4) {
            s.feed(&junk);
        }
        assert!(s.pending.len() <= MAX_LINE);
        let h = "b".repeat(64);
        s.feed(format!("\n{h} next\n").as_bytes());
        s.finish();
        assert_eq!(s.bad, [(1, LineError::TooLong { max: MAX_LINE })]);
        assert_eq!(s.lines.len(), 1);
        assert_eq!((s.lines[0].number, s.lines[0].path.as_str()), (2, "next"));
    }
}
