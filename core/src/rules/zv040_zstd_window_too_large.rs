//! ZV040 `zstd-window-too-large`: A zstd frame needs a larger window than the limit allows.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV040,
    name: "zstd-window-too-large",
    severity: Severity::Error,
    summary: "A zstd frame needs a larger decompression window than the limit allows",
    help: "The frame is not damaged: decoding it needs as much memory as its window. If you trust the source, raise the limit with --zstd-window-max (up to 2GiB); otherwise recompress with a smaller window.",
    checks: "Every zstd frame header declares the window its decoder must keep in memory (Window_Descriptor, or for a single-segment frame its whole content size). zverify reads each frame header before decompressing and refuses a frame whose window is over `--zstd-window-max` (default 512 MiB, what Zarf's own decoder, klauspost/compress with its defaults, accepts; at most 2 GiB, what libzstd can decode). The message gives the window the frame needs and the limit. Nothing after that frame is read, so nothing after it is verified.",
    why: "The window is allocated by the decoder: a frame's header can ask for up to 2 GiB (or, single-segment, its whole content) on a few bytes of input. zverify bounds its memory by this limit, and the default matches what Zarf accepts, so a package Zarf can decompress verifies by default. Zarf's decoder refuses windows over 512 MiB; for single-segment frames it allows content up to 64 GiB, which zverify accepts only up to the limit (deliberately stricter: memory stays bounded).",
    example: "A package recompressed with `zstd --long=30` (1 GiB window): `the zstd frame at compressed byte 0 needs a 1 GiB window to decompress, over the 512 MiB limit`.",
    fix: "If the source is trusted and the memory is available, pass `--zstd-window-max 1GiB` (or the size the message names). Better: recompress without long-distance matching (`zstd -19` rather than `--long=30`), or with Zarf itself, whose frames use an 8 MiB window.",
};

/// A zstd frame whose window is over the limit: decompression stopped there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZstdWindowTooLarge {
    /// The decoder's error.
    pub reason: String,
    pub stop: super::words::Stop,
}

impl Message for ZstdWindowTooLarge {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("{}; {}", self.reason, self.stop)
    }
}
