//! Two Go decoders the signature path depends on, reproduced because their leniency decides what
//! Zarf accepts and no Rust crate has the same rules:
//!
//! - `encoding/base64` (non-strict) as protojson uses it for `bytes` fields: `\r` and `\n` are
//!   skipped anywhere, trailing bits are ignored, and the alphabet and padding are chosen from the
//!   string itself (`-`/`_` anywhere → URL alphabet; a length that is not a multiple of 4 → no
//!   padding allowed);
//! - `encoding/asn1.Unmarshal` into `struct{ R, S *big.Int }`, which sigstore's ECDSA verifier uses
//!   only to decide whether a signature is ASN.1 (then strictly verified as DER) or IEEE P1363
//!   (`r || s`). It allows bytes after the SEQUENCE and after the two INTEGERs inside it.

/// protojson's `unmarshalBytes`.
pub fn protojson_bytes(s: &str) -> Option<Vec<u8>> {
    let url = s.contains(['-', '_']);
    let padded = s.len() % 4 == 0;
    go_base64(s.as_bytes(), url, padded)
}

fn sextet(c: u8, url: bool) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' if !url => Some(62),
        b'/' if !url => Some(63),
        b'-' if url => Some(62),
        b'_' if url => Some(63),
        _ => None,
    }
}

/// `Encoding.DecodeString` of Go's StdEncoding/URLEncoding, with or without padding (`decodeQuantum`).
pub fn go_base64(src: &[u8], url: bool, padded: bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(src.len() / 4 * 3 + 3);
    let mut si = 0;
    while si < src.len() {
        let mut dbuf = [0u8; 4];
        let mut dlen = 4;
        let mut j = 0;
        let mut done = false;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Some(out);
                }
                if j == 1 || padded {
                    return None;
                }
                dlen = j;
                done = true;
                break;
            }
            let c = src[si];
            si += 1;
            if let Some(v) = sextet(c, url) {
                dbuf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if !padded || c != b'=' {
                return None;
            }
            // Padding.
            match j {
                0 | 1 => return None,
                2 => {
                    while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                        si += 1;
                    }
                    if si == src.len() || src[si] != b'=' {
                        return None;
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                si += 1;
            }
            if si < src.len() {
                return None; // trailing garbage
            }
            dlen = j;
            done = true;
            break;
        }
        let val = u32::from(dbuf[0]) << 18 | u32::from(dbuf[1]) << 12 | u32::from(dbuf[2]) << 6 | u32::from(dbuf[3]);
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if done {
            return Some(out);
        }
    }
    Some(out)
}

/// `parseTagAndLength` from `offset`: (tag byte, content start, content length), DER lengths only.
/// A high-tag-number tag never matches what is expected here, so it is refused outright.
fn tag_and_length(b: &[u8], offset: usize) -> Option<(u8, usize, usize)> {
    let tag = *b.get(offset)?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let mut i = offset + 1;
    let first = *b.get(i)?;
    i += 1;
    let len = if first & 0x80 == 0 {
        usize::from(first & 0x7f)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 {
            return None; // indefinite length
        }
        let mut len: usize = 0;
        for _ in 0..n {
            let c = *b.get(i)?;
            i += 1;
            if len >= 1 << 23 {
                return None;
            }
            len = len << 8 | usize::from(c);
            if len == 0 {
                return None; // superfluous leading zeros
            }
        }
        if len < 0x80 {
            return None; // non-minimal length
        }
        len
    };
    (i.checked_add(len)? <= b.len()).then_some((tag, i, len))
}

/// Does `asn1.Unmarshal(sig, &struct{ R, S *big.Int }{})` succeed?
pub fn go_asn1_two_integers(sig: &[u8]) -> bool {
    let Some((0x30, start, len)) = tag_and_length(sig, 0) else { return false };
    let inner = &sig[start..start + len];
    let mut off = 0;
    for _ in 0..2 {
        if off == inner.len() {
            return false; // sequence truncated
        }
        let Some((0x02, s, l)) = tag_and_length(inner, off) else { return false };
        let int = &inner[s..s + l];
        // checkInteger: not empty, minimally encoded.
        if int.is_empty()
            || (int.len() > 1 && ((int[0] == 0 && int[1] & 0x80 == 0) || (int[0] == 0xff && int[1] & 0x80 != 0)))
        {
            return false;
        }
        off = s + l;
    }
    true
}
