//! Zarf package semantics, on top of the layout walk: zarf.yaml, checksums.txt and the aggregate
//! checksum, image references against index.json, architecture, signatures. Pure: everything it
//! reads streamed through the verifier first. Split packages are checked by `split` with the
//! caller, which owns the part files.

pub mod checksums;
pub mod checksums_stream;
pub mod component;
pub mod reference;
pub mod requirements;
pub mod signature;
pub mod split;
pub mod version;
pub mod yaml;
pub mod yaml_types;

pub(crate) const ZARF_YAML: &str = "zarf.yaml";
pub(crate) const CHECKSUMS: &str = "checksums.txt";
pub(crate) const SIGNATURES: [&str; 2] = ["zarf.yaml.sig", "zarf.bundle.sig"];
