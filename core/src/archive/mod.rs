//! The package archive reader every front end shares: sniff the format from the first bytes, then
//! zstd frames (if any) into the push tar reader into the verifier. Push-style, no IO.

use crate::tar::{EntrySink, TarError, TarReader};
use crate::zstd::{ZstdDecoder, ZstdError, ZstdStream, DEFAULT_WINDOW_MAX};
use std::fmt;

pub mod kind;
pub use kind::ArchiveKind;

/// Bytes needed to tell a tar from anything else (one header block).
pub const SNIFF_LEN: usize = 512;

/// Identify an archive from its first bytes (up to [`SNIFF_LEN`]); `None` if it is neither.
pub fn sniff(head: &[u8]) -> Option<ArchiveKind> {
    if head.len() >= 4 {
        let magic = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        // A zstd frame, or a skippable frame first (pzstd writes one).
        if magic == 0xFD2F_B528 || (0x184D_2A50..=0x184D_2A5F).contains(&magic) {
            return Some(ArchiveKind::TarZstd);
        }
    }
    if head.len() >= SNIFF_LEN && (&head[257..262] == b"ustar" || tar_checksum_ok(&head[..SNIFF_LEN])) {
        return Some(ArchiveKind::Tar);
    }
    None
}

/// A pre-POSIX tar header has no magic; its checksum is the only signature, checked as Go's
/// `archive/tar` checks it (octal as Go trims it; the unsigned or the signed byte sum).
fn tar_checksum_ok(h: &[u8]) -> bool {
    h.iter().any(|b| *b != 0) && crate::tar::checksum_ok(h)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveError {
    NotAnArchive,
    Zstd(ZstdError),
    Tar(TarError),
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveError::NotAnArchive => f.write_str("not a tar or zstd-compressed tar archive"),
            ArchiveError::Zstd(e) => e.fmt(f),
            ArchiveError::Tar(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ArchiveError {}

/// `.tar` or `.tar.zst` bytes in, entries out into an [`EntrySink`] (the verifier).
pub struct ArchiveReader {
    head: Vec<u8>,
    kind: Option<ArchiveKind>,
    /// Given by the caller, or made when a zstd stream is sniffed, with `window_max`.
    zstd: Option<ZstdStream>,
    window_max: u64,
    decoder: ZstdDecoder,
    tar: TarReader,
    failed: Option<ArchiveError>,
}

impl Default for ArchiveReader {
    fn default() -> Self {
        Self::new()
    }
}

impl ArchiveReader {
    /// The target's default zstd backend, with the default window limit.
    pub fn new() -> Self {
        Self::with_window_max(DEFAULT_WINDOW_MAX)
    }

    /// The target's default zstd backend, refusing frames whose window is over `window_max`
    /// (the verifier's [`crate::Options::zstd_window_max`]).
    pub fn with_window_max(window_max: u64) -> Self {
        Self::with_decoder(window_max, ZstdDecoder::Fastest)
    }

    /// The zstd `decoder` a check asks for ([`crate::Options::zstd_decoder`]), refusing frames
    /// whose window is over `window_max`.
    pub fn with_decoder(window_max: u64, decoder: ZstdDecoder) -> Self {
        ArchiveReader {
            head: Vec::new(),
            kind: None,
            zstd: None,
            window_max,
            decoder,
            tar: TarReader::new(),
            failed: None,
        }
    }

    /// Use a specific zstd stream, as configured (tests run the wasm backend natively with
    /// `ZstdStream::pure_rust`); its own window limit applies.
    pub fn with_zstd(zstd: ZstdStream) -> Self {
        ArchiveReader { zstd: Some(zstd), ..Self::new() }
    }

    pub fn kind(&self) -> Option<ArchiveKind> {
        self.kind
    }
    pub fn tar(&self) -> &TarReader {
        &self.tar
    }

    /// Feed the next chunk. After an error, further input is ignored and the error is returned again.
    pub fn feed<S: EntrySink>(&mut self, chunk: &[u8], v: &mut S) -> Result<(), ArchiveError> {
        self.feed_draining(chunk, v, &mut |_| {})
    }

    /// [`ArchiveReader::feed`] for a verifier in push mode (`Verifier::hand_out`): `drain` is
    /// called after every piece the tar reader consumed (at most one zstd block's output), so the
    /// handed-out bytes waiting in the verifier stay small however much one input chunk expands.
    pub fn feed_draining<S: EntrySink>(
        &mut self,
        chunk: &[u8],
        v: &mut S,
        drain: &mut dyn FnMut(&mut S),
    ) -> Result<(), ArchiveError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.kind.is_none() {
            self.head.extend_from_slice(chunk);
            if self.head.len() < SNIFF_LEN && sniff(&self.head) != Some(ArchiveKind::TarZstd) {
                return Ok(());
            }
            let head = std::mem::take(&mut self.head);
            self.kind = Some(sniff(&head).ok_or(ArchiveError::NotAnArchive)?);
            return self.route(&head, v, drain);
        }
        self.route(chunk, v, drain)
    }

    fn route<S: EntrySink>(
        &mut self,
        chunk: &[u8],
        v: &mut S,
        drain: &mut dyn FnMut(&mut S),
    ) -> Result<(), ArchiveError> {
        let res = match self.kind {
            Some(ArchiveKind::TarZstd) => {
                let (tar, zstd) = (
                    &mut self.tar,
                    self.zstd.get_or_insert_with(|| ZstdStream::of(self.decoder).with_window_max(self.window_max)),
                );
                let mut tar_err = None;
                let z = zstd.feed(chunk, &mut |out| {
                    if tar_err.is_none() {
                        tar_err = tar.feed(out, v).err();
                        drain(v);
                    }
                });
                match (tar_err, z) {
                    (Some(t), _) => Err(ArchiveError::Tar(t)),
                    (None, Err(z)) => Err(ArchiveError::Zstd(z)),
                    (None, Ok(())) => Ok(()),
                }
            }
            _ => {
                let r = self.tar.feed(chunk, v).map_err(ArchiveError::Tar);
                drain(v);
                r
            }
        };
        if let Err(e) = &res {
            self.failed = Some(e.clone());
        }
        res
    }

    /// The input ended.
    pub fn finish<S: EntrySink>(&mut self, v: &mut S) -> Result<(), ArchiveError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.kind.is_none() {
            let head = std::mem::take(&mut self.head);
            self.kind = Some(sniff(&head).ok_or(ArchiveError::NotAnArchive)?);
            self.route(&head, v, &mut |_| {})?;
        }
        if self.kind == Some(ArchiveKind::TarZstd) {
            let zstd = self.zstd.get_or_insert_with(|| ZstdStream::of(self.decoder).with_window_max(self.window_max));
            zstd.finish().map_err(ArchiveError::Zstd)?;
        }
        self.tar.finish(v).map_err(ArchiveError::Tar)
    }
}
