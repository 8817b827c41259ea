//! Push-style zstd decompression: compressed bytes in (chunks of any size), decompressed bytes out
//! through a callback. Several frames and skippable frames are handled (`zstd -T0` and pzstd write
//! them; Zarf writes one); a stream cut inside a frame is an error at `finish`.
//!
//! Two backends behind one type: libzstd's streaming decoder where C builds (native), and ruzstd
//! where it cannot (wasm32). ruzstd's `FrameDecoder` pulls from a `Read` and cannot resume inside a
//! block, so this module reads just enough of the frame format (RFC 8878 §3.1: frame header and
//! block headers) to hand it only complete units — a header, or one whole block — and never more
//! than one block (≤ 128 KiB) is buffered.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZstdError {
    /// Compressed bytes consumed when the error was found.
    pub offset: u64,
    pub reason: String,
}

impl fmt::Display for ZstdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "zstd stream is damaged at compressed byte {}: {}", self.offset, self.reason)
    }
}

impl std::error::Error for ZstdError {}

pub struct ZstdStream {
    backend: Backend,
    consumed: u64,
    produced: u64,
}

enum Backend {
    #[cfg(not(target_arch = "wasm32"))]
    C(c::CStream),
    Rust(Box<rust::RustStream>),
}

impl Default for ZstdStream {
    fn default() -> Self {
        Self::new()
    }
}

impl ZstdStream {
    /// The fastest backend for this target: libzstd natively, ruzstd on wasm32.
    pub fn new() -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        {
            if let Some(c) = c::CStream::new() {
                return ZstdStream { backend: Backend::C(c), consumed: 0, produced: 0 };
            }
        }
        Self::pure_rust()
    }

    /// The pure-Rust backend (what wasm32 uses), available everywhere so it can be tested natively.
    pub fn pure_rust() -> Self {
        ZstdStream { backend: Backend::Rust(Box::new(rust::RustStream::new())), consumed: 0, produced: 0 }
    }

    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            #[cfg(not(target_arch = "wasm32"))]
            Backend::C(_) => "libzstd",
            Backend::Rust(_) => "ruzstd",
        }
    }

    /// Compressed bytes consumed so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }
    /// Decompressed bytes produced so far.
    pub fn produced(&self) -> u64 {
        self.produced
    }

    /// Feed compressed bytes; decompressed bytes go to `sink` as they become available.
    pub fn feed(&mut self, input: &[u8], sink: &mut dyn FnMut(&[u8])) -> Result<(), ZstdError> {
        let mut produced = 0u64;
        let mut counting = |b: &[u8]| {
            produced += b.len() as u64;
            sink(b)
        };
        let res = match &mut self.backend {
            #[cfg(not(target_arch = "wasm32"))]
            Backend::C(c) => c.feed(input, &mut counting),
            Backend::Rust(r) => r.feed(input, &mut counting),
        };
        self.produced += produced;
        match res {
            Ok(()) => {
                self.consumed += input.len() as u64;
                Ok(())
            }
            Err((used, reason)) => Err(ZstdError { offset: self.consumed + used, reason }),
        }
    }

    /// The compressed stream ended: an error if it ended inside a frame or held no frame at all.
    pub fn finish(&mut self) -> Result<(), ZstdError> {
        let (mid_frame, frames) = match &self.backend {
            #[cfg(not(target_arch = "wasm32"))]
            Backend::C(c) => (c.in_frame, c.frames),
            Backend::Rust(r) => (r.mid_frame(), r.frames),
        };
        if mid_frame {
            return Err(ZstdError {
                offset: self.consumed,
                reason: format!(
                    "the stream ends inside a zstd frame (truncated?) after {} decompressed bytes",
                    self.produced
                ),
            });
        }
        if frames == 0 {
            return Err(ZstdError { offset: self.consumed, reason: "no zstd frame found".into() });
        }
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod c {
    use zstd::stream::raw::{Decoder, Operation};

    const OUT: usize = 256 << 10;

    pub struct CStream {
        dec: Decoder<'static>,
        out: Vec<u8>,
        pub in_frame: bool,
        pub frames: u64,
    }

    impl CStream {
        pub fn new() -> Option<Self> {
            Some(CStream { dec: Decoder::new().ok()?, out: vec![0; OUT], in_frame: false, frames: 0 })
        }

        pub fn feed(&mut self, input: &[u8], sink: &mut dyn FnMut(&[u8])) -> Result<(), (u64, String)> {
            let mut pos = 0;
            loop {
                let st =
                    self.dec.run_on_buffers(&input[pos..], &mut self.out).map_err(|e| (pos as u64, e.to_string()))?;
                pos += st.bytes_read;
                if st.bytes_written > 0 {
                    sink(&self.out[..st.bytes_written]);
                }
                if st.bytes_read > 0 || st.bytes_written > 0 {
                    // libzstd returns 0 exactly when a frame has been fully decoded and flushed.
                    let was = self.in_frame;
                    self.in_frame = st.remaining != 0;
                    if !self.in_frame && (was || st.bytes_read > 0) {
                        self.frames += 1;
                    }
                }
                if pos == input.len() && st.bytes_written < self.out.len() {
                    return Ok(());
                }
            }
        }
    }
}

mod rust {
    use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};

    const MAGIC: u32 = 0xFD2F_B528;
    /// Largest block content (RFC 8878: Block_Maximum_Size).
    const MAX_BLOCK: usize = 128 << 10;

    enum State {
        /// Expecting a frame's magic number.
        FrameStart,
        /// Inside a zstd frame, expecting a block header; `checksum` = the frame has one.
        Blocks { checksum: bool },
        /// Skipping the body of a skippable frame.
        Skip(u64),
    }

    pub struct RustStream {
        dec: FrameDecoder,
        state: State,
        buf: Vec<u8>,
        pub frames: u64,
    }

    impl RustStream {
        pub fn new() -> Self {
            RustStream { dec: FrameDecoder::new(), state: State::FrameStart, buf: Vec::new(), frames: 0 }
        }

        pub fn mid_frame(&self) -> bool {
            !matches!(self.state, State::FrameStart) || !self.buf.is_empty()
        }

        pub fn feed(&mut self, mut input: &[u8], sink: &mut dyn FnMut(&[u8])) -> Result<(), (u64, String)> {
            let total = input.len();
            let used = |rest: &[u8]| (total - rest.len()) as u64;
            loop {
                // Skippable frame bodies are dropped as they arrive, never buffered.
                if let State::Skip(left) = &mut self.state {
                    let n = (*left).min(input.len() as u64) as usize;
                    *left -= n as u64;
                    input = &input[n..];
                    if *left > 0 {
                        return Ok(());
                    }
                    self.state = State::FrameStart;
                    self.frames += 1;
                }
                let need = self.needed().map_err(|e| (used(input), e))?;
                if self.buf.len() < need {
                    let take = (need - self.buf.len()).min(input.len());
                    self.buf.extend_from_slice(&input[..take]);
                    input = &input[take..];
                    if self.buf.len() < need {
                        return Ok(());
                    }
                    // `needed` may grow once more bytes of a header are known.
                    if self.needed().map_err(|e| (used(input), e))? > self.buf.len() {
                        continue;
                    }
                }
                self.step(sink).map_err(|e| (used(input), e))?;
            }
        }

        /// Bytes that must be buffered before the next step can run.
        fn needed(&self) -> Result<usize, String> {
            let b = &self.buf;
            match self.state {
                State::Skip(_) => Ok(0),
                State::FrameStart => {
                    if b.len() < 4 {
                        return Ok(4);
                    }
                    let magic = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                    if (0x184D_2A50..=0x184D_2A5F).contains(&magic) {
                        return Ok(8);
                    }
                    if magic != MAGIC {
                        return Err(format!("not a zstd frame (magic {magic:#010x})"));
                    }
                    if b.len() < 5 {
                        return Ok(5);
                    }
                    let fhd = b[4];
                    let single_segment = fhd & 0x20 != 0;
                    let dict = [0, 1, 2, 4][usize::from(fhd & 3)];
                    let fcs = match fhd >> 6 {
                        0 if single_segment => 1,
                        0 => 0,
                        1 => 2,
                        2 => 4,
                        _ => 8,
                    };
                    Ok(5 + usize::from(!single_segment) + dict + fcs)
                }
                State::Blocks { checksum } => {
                    if b.len() < 3 {
                        return Ok(3);
                    }
                    let h = u32::from_le_bytes([b[0], b[1], b[2], 0]);
                    let last = h & 1 != 0;
                    let size = (h >> 3) as usize;
                    let content = match (h >> 1) & 3 {
                        0 | 2 => size,
                        1 => 1,
                        _ => return Err("reserved block type".into()),
                    };
                    if content > MAX_BLOCK {
                        return Err(format!("block of {content} bytes is over the 128 KiB maximum"));
                    }
                    Ok(3 + content + if last && checksum { 4 } else { 0 })
                }
            }
        }

        /// Run one complete unit that is now in `buf`.
        fn step(&mut self, sink: &mut dyn FnMut(&[u8])) -> Result<(), String> {
            match self.state {
                State::Skip(_) => Ok(()),
                State::FrameStart => {
                    let b = &self.buf;
                    let magic = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                    if magic != MAGIC {
                        let len = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
                        self.buf.clear();
                        self.state = State::Skip(u64::from(len));
                        return Ok(());
                    }
                    let checksum = self.buf[4] & 0x04 != 0;
                    self.dec.reset(&self.buf[..]).map_err(|e| e.to_string())?;
                    self.buf.clear();
                    self.state = State::Blocks { checksum };
                    Ok(())
                }
                State::Blocks { .. } => {
                    let finished = self
                        .dec
                        .decode_blocks(&self.buf[..], BlockDecodingStrategy::UptoBlocks(1))
                        .map_err(|e| e.to_string())?;
                    self.buf.clear();
                    if let Some(out) = self.dec.collect() {
                        if !out.is_empty() {
                            sink(&out);
                        }
                    }
                    if finished {
                        if let (Some(stored), Some(computed)) =
                            (self.dec.get_checksum_from_data(), self.dec.get_calculated_checksum())
                        {
                            if stored != computed {
                                return Err(format!(
                                    "frame checksum {stored:#010x} does not match the content ({computed:#010x})"
                                ));
                            }
                        }
                        self.state = State::FrameStart;
                        self.frames += 1;
                    }
                    Ok(())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(mut s: ZstdStream, input: &[u8], chunk: usize) -> Result<Vec<u8>, ZstdError> {
        let mut out = Vec::new();
        for c in input.chunks(chunk.max(1)) {
            s.feed(c, &mut |b| out.extend_from_slice(b))?;
        }
        s.finish()?;
        Ok(out)
    }

    fn sample() -> Vec<u8> {
        (0..300_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect()
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn both_backends_agree_on_frames_and_chunkings() {
        let data = sample();
        let mut two = zstd::encode_all(&data[..100_000], 3).unwrap();
        // A skippable frame between two frames.
        two.extend_from_slice(&0x184D_2A50u32.to_le_bytes());
        two.extend_from_slice(&5u32.to_le_bytes());
        two.extend_from_slice(b"hello");
        two.extend(zstd::encode_all(&data[100_000..], 19).unwrap());
        for chunk in [1, 7, 4096, 1 << 20] {
            assert_eq!(decode(ZstdStream::new(), &two, chunk).unwrap(), data, "libzstd chunk {chunk}");
            assert_eq!(decode(ZstdStream::pure_rust(), &two, chunk).unwrap(), data, "ruzstd chunk {chunk}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn truncation_and_garbage_are_errors() {
        let z = zstd::encode_all(&sample()[..], 3).unwrap();
        for make in [ZstdStream::new as fn() -> ZstdStream, ZstdStream::pure_rust] {
            let e = decode(make(), &z[..z.len() - 3], 1000).unwrap_err();
            assert!(e.reason.contains("ends inside"), "{e}");
            assert!(decode(make(), b"definitely not zstd", 5).is_err());
            assert!(decode(make(), b"", 5).is_err());
            // Without a content checksum a damaged literal can decode "successfully" (the hashes
            // above the decoder catch it); with one, both backends must refuse the frame.
            let mut enc = zstd::Encoder::new(Vec::new(), 3).unwrap();
            enc.include_checksum(true).unwrap();
            std::io::Write::write_all(&mut enc, &sample()).unwrap();
            let mut bad = enc.finish().unwrap();
            let mid = bad.len() / 2;
            bad[mid] ^= 0xff;
            assert!(decode(make(), &bad, 999).is_err(), "{} accepted a damaged frame", make().backend_name());
        }
    }
}
