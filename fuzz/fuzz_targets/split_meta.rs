//! A split package's part000 metadata (JSON, any key case), then the part checks with sizes and a
//! digest taken from the input. Invariant: no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zverify_core::zarf::split;

fuzz_target!(|data: &[u8]| {
    let Ok(meta) = split::parse_meta(data) else { return };
    // Parts as the metadata announces them, one of them a byte short, and one extra.
    let count = meta.count.min(16);
    let each = meta.bytes / u64::from(count.max(1));
    let mut sizes: Vec<Option<u64>> = (0..count).map(|_| Some(each)).collect();
    if let Some(last) = sizes.last_mut() {
        *last = Some(each.saturating_sub(1));
    }
    let _ = split::check_parts("fuzz.tar.zst", &meta, &sizes, &["fuzz.tar.zst.part999".to_owned()]);
    let _ = split::check_digest("fuzz.tar.zst", &meta, &meta.sha256);
    let _ = split::check_digest("fuzz.tar.zst", &meta, &"0".repeat(64));
    let plain: Vec<u64> = sizes.iter().flatten().copied().collect();
    for off in [0, each, meta.bytes, u64::MAX] {
        let _ = split::part_at(&plain, off);
    }
});
