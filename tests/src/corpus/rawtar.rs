//! Tar at the level of 512-byte records, so the corpus can keep Zarf's own headers byte for byte
//! where it changes nothing, and write exactly the hostile header it means where it does. The `tar`
//! crate's builder normalises headers (and refuses many of the shapes we need), hence this.

/// One record: a header block and the data that follows it (unpadded). Extension records (PAX `x`,
/// GNU `L`/`K`) are records of their own, placed before the entry they describe, as on disk.
#[derive(Clone, Debug)]
pub struct Record {
    pub header: [u8; 512],
    pub data: Vec<u8>,
}

fn octal(field: &mut [u8], value: u64) {
    // Go's ustar writer: zero-padded octal digits, then a NUL.
    let digits = field.len() - 1;
    let s = format!("{value:0digits$o}");
    assert!(s.len() <= digits, "{value} does not fit an octal field of {digits} digits");
    field[..digits].copy_from_slice(s.as_bytes());
    field[digits] = 0;
}

impl Record {
    /// A ustar header as Go's `archive/tar` writes it (Zarf's writer): mode, zero ids and times.
    pub fn new(name: &[u8], typeflag: u8, mode: u64, data: &[u8]) -> Record {
        let mut h = [0u8; 512];
        assert!(name.len() <= 100, "use a long-name record for names over 100 bytes");
        h[..name.len()].copy_from_slice(name);
        octal(&mut h[100..108], mode);
        octal(&mut h[108..116], 0);
        octal(&mut h[116..124], 0);
        octal(&mut h[124..136], data.len() as u64);
        octal(&mut h[136..148], 0);
        h[156] = typeflag;
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        octal(&mut h[329..337], 0);
        octal(&mut h[337..345], 0);
        let mut r = Record { header: h, data: data.to_vec() };
        r.fix_cksum();
        r
    }

    pub fn file(name: &str, data: &[u8]) -> Record {
        Record::new(name.as_bytes(), b'0', 0o644, data)
    }

    pub fn dir(name: &str) -> Record {
        Record::new(name.as_bytes(), b'5', 0o755, b"")
    }

    /// A link (`1` hard, `2` symbolic) to `target`.
    pub fn link(name: &str, typeflag: u8, target: &str) -> Record {
        let mut r = Record::new(name.as_bytes(), typeflag, 0o777, b"");
        r.header[157..157 + target.len()].copy_from_slice(target.as_bytes());
        r.fix_cksum();
        r
    }

    /// A PAX extended header (`x`) with the given records.
    pub fn pax(records: &[(&str, &[u8])]) -> Record {
        let mut body = Vec::new();
        for (k, v) in records {
            // "%d %s=%s\n" where the length counts itself.
            let rest = k.len() + v.len() + 3;
            let mut n = rest + 1;
            while n.to_string().len() + rest != n {
                n += 1;
            }
            body.extend_from_slice(format!("{n} {k}=").as_bytes());
            body.extend_from_slice(v);
            body.push(b'\n');
        }
        Record::new(b"PaxHeaders.0/entry", b'x', 0o644, &body)
    }

    /// A GNU long-name (`L`) or long-link (`K`) record: the name, NUL-terminated.
    pub fn gnu_long(typeflag: u8, name: &[u8]) -> Record {
        let mut body = name.to_vec();
        body.push(0);
        let mut r = Record::new(b"././@LongLink", typeflag, 0o644, &body);
        r.header[257..265].copy_from_slice(b"ustar  \0");
        r.fix_cksum();
        r
    }

    pub fn name(&self) -> String {
        let field = |r: std::ops::Range<usize>| {
            let f = &self.header[r];
            let end = f.iter().position(|b| *b == 0).unwrap_or(f.len());
            String::from_utf8_lossy(&f[..end]).into_owned()
        };
        let name = field(0..100);
        let prefix = if &self.header[257..263] == b"ustar\0" { field(345..500) } else { String::new() };
        if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        }
    }

    pub fn typeflag(&self) -> u8 {
        self.header[156]
    }

    pub fn is_file(&self) -> bool {
        matches!(self.typeflag(), b'0' | 0)
    }

    /// The size field as written (octal).
    pub fn size_field(&self) -> u64 {
        let f = &self.header[124..136];
        let s: String = f.iter().take_while(|b| **b != 0 && **b != b' ').map(|b| *b as char).collect();
        u64::from_str_radix(s.trim(), 8).unwrap_or(0)
    }

    pub fn set_name(&mut self, name: &[u8]) {
        assert!(name.len() <= 100);
        self.header[..100].fill(0);
        self.header[..name.len()].copy_from_slice(name);
        self.fix_cksum();
    }

    /// New data with a size field that says so.
    pub fn set_data(&mut self, data: Vec<u8>) {
        octal(&mut self.header[124..136], data.len() as u64);
        self.data = data;
        self.fix_cksum();
    }

    /// Overwrite the size field only (a size lie), keeping the data.
    pub fn set_size_field(&mut self, size: u64) {
        octal(&mut self.header[124..136], size);
        self.fix_cksum();
    }

    pub fn fix_cksum(&mut self) {
        self.header[148..156].fill(b' ');
        let sum: u64 = self.header.iter().map(|b| u64::from(*b)).sum();
        let s = format!("{sum:06o}\0 ");
        self.header[148..156].copy_from_slice(s.as_bytes());
    }

    /// Header, data, and zero padding to the next 512-byte boundary.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.header);
        out.extend_from_slice(&self.data);
        out.resize(out.len().next_multiple_of(512), 0);
    }
}

/// A whole archive: records, then whatever followed them (normally the 1024-byte end marker).
#[derive(Clone, Debug)]
pub struct RawTar {
    pub records: Vec<Record>,
    pub trailer: Vec<u8>,
}

impl RawTar {
    /// Parse a well-formed tar (the real packages): each header's size field says how much data follows.
    pub fn parse(bytes: &[u8]) -> RawTar {
        let mut records = Vec::new();
        let mut off = 0;
        while off + 512 <= bytes.len() && bytes[off..off + 512].iter().any(|b| *b != 0) {
            let mut header = [0u8; 512];
            header.copy_from_slice(&bytes[off..off + 512]);
            let mut r = Record { header, data: Vec::new() };
            let size = r.size_field() as usize;
            r.data = bytes[off + 512..off + 512 + size].to_vec();
            off += 512 + size.next_multiple_of(512);
            records.push(r);
        }
        RawTar { records, trailer: bytes[off..].to_vec() }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for r in &self.records {
            r.write_to(&mut out);
        }
        out.extend_from_slice(&self.trailer);
        out
    }

    /// Offsets where each record's header starts in `to_bytes()`, and where the trailer starts.
    pub fn offsets(&self) -> (Vec<usize>, usize) {
        let mut offs = Vec::new();
        let mut off = 0;
        for r in &self.records {
            offs.push(off);
            off += 512 + r.data.len().next_multiple_of(512);
        }
        (offs, off)
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.records.iter().position(|r| r.name() == name)
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.position(name).map(|i| &self.records[i].data[..])
    }

    pub fn set(&mut self, name: &str, data: Vec<u8>) {
        let i = self.position(name).unwrap_or_else(|| panic!("no entry {name}"));
        self.records[i].set_data(data);
    }

    pub fn remove(&mut self, name: &str) -> Record {
        let i = self.position(name).unwrap_or_else(|| panic!("no entry {name}"));
        self.records.remove(i)
    }

    /// Insert a record where Zarf's writer would have put it (entries sorted by name).
    pub fn insert_sorted(&mut self, r: Record) {
        let name = r.name();
        let i = self.records.iter().position(|x| x.name() > name).unwrap_or(self.records.len());
        self.records.insert(i, r);
    }
}
