//! The rule table: one file per rule, one code each. Codes are stable: never reuse or renumber one.
//!
//! Rules only describe; the checks that emit them live with the walkers (`layout`, `oci`), and
//! severity overrides happen in one place, the report sink (`Report::apply_overrides`).

use crate::diag::Rule;
use std::fmt;

/// What is wrong with the shape of a JSON value, as several rules word it (ZV206 schema-violation,
/// ZV401 config-invalid, ZV309 invalid-platform, ZV102 oci-layout-invalid): a value of the wrong
/// kind, or a key that is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// `{subject} must be {expected}`, then `, found {found}` when the value's kind is told.
    Type { subject: String, expected: &'static str, found: Option<String> },
    /// `{owner} has no "{key}"{what}`, e.g. `image index has no "manifests" array`.
    Missing { owner: &'static str, key: String, what: &'static str },
}

impl Shape {
    /// `{subject} must be {expected}, found {found}`.
    pub fn of(subject: impl Into<String>, expected: &'static str, found: impl Into<String>) -> Self {
        Shape::Type { subject: subject.into(), expected, found: Some(found.into()) }
    }
    /// `"{key}" must be {expected}, found {found}`.
    pub fn field(key: &str, expected: &'static str, found: impl Into<String>) -> Self {
        Shape::of(format!("\"{key}\""), expected, found)
    }
    /// `{subject} must be {expected}` (the value's kind untold).
    pub fn must_be(subject: impl Into<String>, expected: &'static str) -> Self {
        Shape::Type { subject: subject.into(), expected, found: None }
    }
    /// `{owner} has no "{key}"`.
    pub fn missing(owner: &'static str, key: impl Into<String>) -> Self {
        Shape::Missing { owner, key: key.into(), what: "" }
    }
}

/// Where verification stopped when the source failed (ZV001, ZV040): the entry cut short, if
/// any, and how far it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// The entry that was being read, and how many of its bytes were.
    pub cut: Option<(String, u64)>,
    /// Complete entries, and bytes hashed.
    pub entries: u64,
    pub bytes: u64,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((p, read)) = &self.cut {
            write!(f, "\"{p}\" was cut after {read} of its bytes and not verified; ")?;
        }
        write!(f, "verification stopped after {} complete entries and {} bytes", self.entries, self.bytes)
    }
}

/// A tar entry, as tar-reader findings name it: `tar entry "<name>" at byte <offset>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TarEntryAt {
    /// The name, shown (escaped, and clipped when long).
    pub name: String,
    /// Where its header starts.
    pub offset: u64,
}

impl fmt::Display for TarEntryAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tar entry \"{}\" at byte {}", self.name, self.offset)
    }
}

/// The rule a source failure is filed under ([`crate::Verifier::abort_with`]): a zstd window over
/// the limit is ZV040 (raise the limit); anything else is ZV001 (the archive is corrupt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    ArchiveCorrupt,
    ZstdWindowTooLarge,
}

impl Fault {
    /// The rule a report files a zstd fault under: a window over the limit is ZV040 (raise the
    /// limit), anything else ZV001 (the archive is corrupt). The decoder knows no rule; this is
    /// where its faults meet them.
    pub fn of_zstd(e: &crate::zstd::ZstdError) -> Fault {
        match e.fault {
            crate::zstd::ZstdFault::WindowTooLarge { .. } => Fault::ZstdWindowTooLarge,
            _ => Fault::ArchiveCorrupt,
        }
    }
    /// The rule a report files an archive reader's error under.
    pub fn of_archive(e: &crate::archive::ArchiveError) -> Fault {
        match e {
            crate::archive::ArchiveError::Zstd(z) => Fault::of_zstd(z),
            _ => Fault::ArchiveCorrupt,
        }
    }
    pub fn rule(self) -> &'static Rule {
        match self {
            Fault::ArchiveCorrupt => &ARCHIVE_CORRUPT,
            Fault::ZstdWindowTooLarge => &ZSTD_WINDOW_TOO_LARGE,
        }
    }
    /// The finding: the reader's `reason`, and where verification stopped.
    pub(crate) fn finding(self, reason: &str, stop: Stop) -> crate::Finding {
        let reason = reason.to_owned();
        match self {
            Fault::ArchiveCorrupt => crate::Finding::of(ArchiveCorrupt::Stopped { reason, stop }),
            Fault::ZstdWindowTooLarge => crate::Finding::of(ZstdWindowTooLarge { reason, stop }),
        }
    }
}

/// The last finding of a per-line checksums.txt rule: how many more lines had the same error than
/// were reported one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoreLines {
    pub more: u64,
    pub shown: u64,
}

impl fmt::Display for MoreLines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "and {} more lines of checksums.txt like the {} above (each one is this error)",
            self.more, self.shown
        )
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Type { subject, expected, found } => {
                write!(f, "{subject} must be {expected}")?;
                match found {
                    Some(found) => write!(f, ", found {found}"),
                    None => Ok(()),
                }
            }
            Shape::Missing { owner, key, what } => write!(f, "{owner} has no \"{key}\"{what}"),
        }
    }
}

mod zv001_archive_corrupt;
mod zv002_unsafe_path;
mod zv003_link_entry;
mod zv004_duplicate_entry;
mod zv005_document_not_inspected;
mod zv006_unsupported_entry;
mod zv007_legacy_format;
mod zv008_archive_end_missing;
mod zv009_entry_data_on_headeronly;
mod zv010_entry_name_trailing_slash;
mod zv011_entry_type_mode_conflict;
mod zv012_tar_name_records_conflict;
mod zv013_tar_sparse_entry;
mod zv014_pax_size_override;
mod zv015_pax_global_header;
mod zv016_tar_header_ambiguous;
mod zv017_entry_name_refused;
mod zv018_entry_name_not_utf8;
mod zv019_path_type_conflict;
mod zv020_too_many_entries;
mod zv021_entry_name_too_long;
mod zv030_zarf_yaml_missing;
mod zv040_zstd_window_too_large;
mod zv045_entry_unreadable;
mod zv046_archive_digest_mismatch;
mod zv101_oci_layout_missing;
mod zv102_oci_layout_invalid;
mod zv103_index_missing;
mod zv104_blobs_dir_missing;
mod zv105_invalid_blob_path;
mod zv106_blob_digest_mismatch;
mod zv107_blob_missing;
mod zv108_blob_size_mismatch;
mod zv109_blob_unreferenced;
mod zv110_digest_unverifiable;
mod zv111_blob_not_walked;
mod zv201_invalid_json;
mod zv202_duplicate_key;
mod zv203_invalid_digest;
mod zv204_invalid_media_type;
mod zv205_invalid_size;
mod zv206_schema_violation;
mod zv207_invalid_data;
mod zv208_invalid_url;
mod zv209_invalid_ref_name;
mod zv210_key_case_mismatch;
mod zv211_json_too_deep;
mod zv212_too_many_descriptors;
mod zv301_schema_version;
mod zv302_media_type_conflict;
mod zv303_wrong_document_kind;
mod zv304_manifests_not_array;
mod zv305_empty_layers;
mod zv306_missing_artifact_type;
mod zv307_platform_mismatch;
mod zv308_ref_pin_mismatch;
mod zv309_invalid_platform;
mod zv310_nesting_too_deep;
mod zv311_index_digest_stored_as_platform_manifest;
mod zv312_pinned_bytes_rewritten;
mod zv401_config_invalid;
mod zv402_diff_ids_count;
mod zv501_zarf_yaml_invalid;
mod zv502_checksums_missing;
mod zv503_checksums_missing_legacy;
mod zv504_checksums_line_invalid;
mod zv505_checksum_mismatch;
mod zv506_checksums_listed_missing;
mod zv507_checksums_unlisted_file;
mod zv508_checksums_duplicate;
mod zv509_aggregate_checksum_mismatch;
mod zv510_image_not_in_index;
mod zv511_index_entry_unrequested;
mod zv512_image_reference_invalid;
mod zv513_architecture_mismatch;
mod zv514_skeleton_has_images;
mod zv515_split_metadata_invalid;
mod zv516_split_parts_mismatch;
mod zv517_split_digest_mismatch;
mod zv518_signature_invalid;
mod zv519_signature_missing;
mod zv520_signature_keyless;
mod zv521_signature_not_verified;
mod zv522_signature_expected;
mod zv523_split_too_many_parts;
mod zv524_zarf_name_invalid_path;
mod zv525_image_not_pushable;
mod zv526_checksums_lists_exempt_file;
mod zv527_split_not_deployable;
mod zv550_signature_keyless_invalid;
mod zv600_component_tarball_missing;
mod zv601_component_entry_unaccounted;
mod zv602_component_file_missing;
mod zv603_component_file_shasum_mismatch;
mod zv604_component_chart_missing;
mod zv605_component_chart_invalid;
mod zv606_component_values_missing;
mod zv607_component_manifest_missing;
mod zv608_component_manifest_invalid;
mod zv609_component_data_missing;
mod zv610_component_repos_missing;
mod zv611_manifest_image_not_carried;
mod zv612_component_charts_not_rendered;
mod zv620_sbom_missing;
mod zv621_sbom_mismatch;
mod zv622_sbom_unexpected_entry;
mod zv630_version_requirements_inconsistent;
mod zv631_zarf_version_cannot_deploy;
mod zv701_layer_digest_mismatch;
mod zv702_layer_size_mismatch;
mod zv703_published_package_invalid;
mod zv710_registry_digest_not_served;
mod zv711_registry_tag_moved;
mod zv712_registry_index_digest_confirmed;
mod zv713_registry_unreachable;

pub use zv001_archive_corrupt::{detected_in, ArchiveCorrupt, RULE as ARCHIVE_CORRUPT};
pub use zv002_unsafe_path::{UnsafeEntryPath, RULE as UNSAFE_PATH};
pub use zv003_link_entry::{LinkEntry, LinkOutcome, RULE as LINK_ENTRY};
pub use zv004_duplicate_entry::{DuplicateEntry, RULE as DUPLICATE_ENTRY};
pub use zv005_document_not_inspected::{DocumentNotInspected, RULE as DOCUMENT_NOT_INSPECTED};
pub use zv006_unsupported_entry::{SpecialKind, UnsupportedEntry, RULE as UNSUPPORTED_ENTRY};
pub use zv007_legacy_format::{LegacyFormat, RULE as LEGACY_FORMAT};
pub use zv008_archive_end_missing::{ArchiveEndMissing, RULE as ARCHIVE_END_MISSING};
pub use zv009_entry_data_on_headeronly::{EntryDataOnHeaderonly, RULE as ENTRY_DATA_ON_HEADERONLY};
pub use zv010_entry_name_trailing_slash::{EntryNameTrailingSlash, RULE as ENTRY_NAME_TRAILING_SLASH};
pub use zv011_entry_type_mode_conflict::{EntryTypeModeConflict, RULE as ENTRY_TYPE_MODE_CONFLICT};
pub use zv012_tar_name_records_conflict::{RecordConflict, TarNameRecordsConflict, RULE as TAR_NAME_RECORDS_CONFLICT};
pub use zv013_tar_sparse_entry::{TarSparseEntry, RULE as TAR_SPARSE_ENTRY};
pub use zv014_pax_size_override::{PaxSizeOverride, RULE as PAX_SIZE_OVERRIDE};
pub use zv015_pax_global_header::{PaxGlobalHeader, RULE as PAX_GLOBAL_HEADER};
pub use zv016_tar_header_ambiguous::{Ambiguity, TarHeaderAmbiguous, RULE as TAR_HEADER_AMBIGUOUS};
pub use zv017_entry_name_refused::{EntryNameRefused, RULE as ENTRY_NAME_REFUSED};
pub use zv018_entry_name_not_utf8::{EntryNameNotUtf8, RULE as ENTRY_NAME_NOT_UTF8};
pub use zv019_path_type_conflict::{Clash, PathTypeConflict, RULE as PATH_TYPE_CONFLICT};
pub use zv020_too_many_entries::{TooManyEntries, RULE as TOO_MANY_ENTRIES};
pub use zv021_entry_name_too_long::{EntryNameTooLong, RULE as ENTRY_NAME_TOO_LONG};
pub use zv030_zarf_yaml_missing::{ZarfYamlMissing, RULE as ZARF_YAML_MISSING};
pub use zv040_zstd_window_too_large::{ZstdWindowTooLarge, RULE as ZSTD_WINDOW_TOO_LARGE};
pub use zv045_entry_unreadable::{EntryUnreadable, RULE as ENTRY_UNREADABLE};
pub use zv046_archive_digest_mismatch::{ArchiveDigestMismatch, RULE as ARCHIVE_DIGEST_MISMATCH};
pub use zv101_oci_layout_missing::{OciLayoutMissing, RULE as OCI_LAYOUT_MISSING};
pub use zv102_oci_layout_invalid::{OciLayoutInvalid, RULE as OCI_LAYOUT_INVALID};
pub use zv103_index_missing::{IndexMissing, RULE as INDEX_MISSING};
pub use zv104_blobs_dir_missing::{BlobsDirMissing, RULE as BLOBS_DIR_MISSING};
pub use zv105_invalid_blob_path::{BlobNameError, InvalidBlobPath, RULE as INVALID_BLOB_PATH};
pub use zv106_blob_digest_mismatch::{BlobDigestMismatch, RULE as BLOB_DIGEST_MISMATCH};
pub use zv107_blob_missing::{BlobMissing, RULE as BLOB_MISSING};
pub use zv108_blob_size_mismatch::{BlobSizeMismatch, RULE as BLOB_SIZE_MISMATCH};
pub use zv109_blob_unreferenced::{BlobUnreferenced, RULE as BLOB_UNREFERENCED};
pub use zv110_digest_unverifiable::{DigestUnverifiable, RULE as DIGEST_UNVERIFIABLE};
pub use zv111_blob_not_walked::{BlobNotWalked, RULE as BLOB_NOT_WALKED};
pub use zv201_invalid_json::{InvalidJson, RULE as INVALID_JSON};
pub use zv202_duplicate_key::{DuplicateKey, RULE as DUPLICATE_KEY};
pub use zv203_invalid_digest::{InvalidDigest, RULE as INVALID_DIGEST};
pub use zv204_invalid_media_type::{InvalidMediaType, RULE as INVALID_MEDIA_TYPE};
pub use zv205_invalid_size::{InvalidSize, RULE as INVALID_SIZE};
pub use zv206_schema_violation::{SchemaViolation, RULE as SCHEMA_VIOLATION};
pub use zv207_invalid_data::{InvalidData, RULE as INVALID_DATA};
pub use zv208_invalid_url::{InvalidUrl, RULE as INVALID_URL};
pub use zv209_invalid_ref_name::{InvalidRefName, RULE as INVALID_REF_NAME};
pub use zv210_key_case_mismatch::{KeyCaseMismatch, RULE as KEY_CASE_MISMATCH};
pub use zv211_json_too_deep::{JsonTooDeep, RULE as JSON_TOO_DEEP};
pub use zv212_too_many_descriptors::{TooManyDescriptors, RULE as TOO_MANY_DESCRIPTORS};
pub use zv301_schema_version::{SchemaVersion, RULE as SCHEMA_VERSION};
pub use zv302_media_type_conflict::{MediaTypeConflict, RULE as MEDIA_TYPE_CONFLICT};
pub use zv303_wrong_document_kind::{WrongDocumentKind, RULE as WRONG_DOCUMENT_KIND};
pub use zv304_manifests_not_array::{ManifestsNotArray, RULE as MANIFESTS_NOT_ARRAY};
pub use zv305_empty_layers::{EmptyLayers, RULE as EMPTY_LAYERS};
pub use zv306_missing_artifact_type::{MissingArtifactType, RULE as MISSING_ARTIFACT_TYPE};
pub use zv307_platform_mismatch::{PlatformMismatch, RULE as PLATFORM_MISMATCH};
pub use zv308_ref_pin_mismatch::{RefPinMismatch, RULE as REF_PIN_MISMATCH};
pub use zv309_invalid_platform::{InvalidPlatform, RULE as INVALID_PLATFORM};
pub use zv310_nesting_too_deep::{NestingTooDeep, RULE as NESTING_TOO_DEEP};
pub use zv311_index_digest_stored_as_platform_manifest::{
    IndexDigestStoredAsPlatformManifest, RULE as INDEX_DIGEST_STORED_AS_PLATFORM_MANIFEST,
};
pub use zv312_pinned_bytes_rewritten::{PinnedBytesRewritten, RULE as PINNED_BYTES_REWRITTEN};
pub use zv401_config_invalid::{ConfigInvalid, RULE as CONFIG_INVALID};
pub use zv402_diff_ids_count::{DiffIdsCount, RULE as DIFF_IDS_COUNT};
pub use zv501_zarf_yaml_invalid::{ZarfYamlInvalid, RULE as ZARF_YAML_INVALID};
pub use zv502_checksums_missing::{ChecksumsMissing, RULE as CHECKSUMS_MISSING};
pub use zv503_checksums_missing_legacy::{ChecksumsMissingLegacy, RULE as CHECKSUMS_MISSING_LEGACY};
pub use zv504_checksums_line_invalid::{ChecksumsLineInvalid, RULE as CHECKSUMS_LINE_INVALID};
pub use zv505_checksum_mismatch::{ChecksumMismatch, RULE as CHECKSUM_MISMATCH};
pub use zv506_checksums_listed_missing::{ChecksumsListedMissing, RULE as CHECKSUMS_LISTED_MISSING};
pub use zv507_checksums_unlisted_file::{ChecksumsUnlistedFile, RULE as CHECKSUMS_UNLISTED_FILE};
pub use zv508_checksums_duplicate::{ChecksumsDuplicate, RULE as CHECKSUMS_DUPLICATE};
pub use zv509_aggregate_checksum_mismatch::{AggregateChecksumMismatch, RULE as AGGREGATE_CHECKSUM_MISMATCH};
pub use zv510_image_not_in_index::{ImageNotInIndex, RULE as IMAGE_NOT_IN_INDEX};
pub use zv511_index_entry_unrequested::{IndexEntryUnrequested, RULE as INDEX_ENTRY_UNREQUESTED};
pub use zv512_image_reference_invalid::{ImageReferenceInvalid, RULE as IMAGE_REFERENCE_INVALID};
pub use zv513_architecture_mismatch::{ArchitectureMismatch, RULE as ARCHITECTURE_MISMATCH};
pub use zv514_skeleton_has_images::{SkeletonHasImages, RULE as SKELETON_HAS_IMAGES};
pub use zv515_split_metadata_invalid::{SplitMetadataInvalid, RULE as SPLIT_METADATA_INVALID};
pub use zv516_split_parts_mismatch::{SplitPartsMismatch, RULE as SPLIT_PARTS_MISMATCH};
pub use zv517_split_digest_mismatch::{SplitDigestMismatch, RULE as SPLIT_DIGEST_MISMATCH};
pub use zv518_signature_invalid::{SignatureInvalid, RULE as SIGNATURE_INVALID};
pub use zv519_signature_missing::{SignatureMissing, RULE as SIGNATURE_MISSING};
pub use zv520_signature_keyless::{SignatureKeyless, RULE as SIGNATURE_KEYLESS};
pub use zv521_signature_not_verified::{SignatureNotVerified, RULE as SIGNATURE_NOT_VERIFIED};
pub use zv522_signature_expected::{SignatureExpected, RULE as SIGNATURE_EXPECTED};
pub use zv523_split_too_many_parts::{SplitTooManyParts, TooManyParts, RULE as SPLIT_TOO_MANY_PARTS};
pub use zv524_zarf_name_invalid_path::{ZarfNameInvalidPath, RULE as ZARF_NAME_INVALID_PATH};
pub use zv525_image_not_pushable::{ImageNotPushable, RULE as IMAGE_NOT_PUSHABLE};
pub use zv526_checksums_lists_exempt_file::{ChecksumsListsExemptFile, RULE as CHECKSUMS_LISTS_EXEMPT_FILE};
pub use zv527_split_not_deployable::{SplitNotDeployable, RULE as SPLIT_NOT_DEPLOYABLE};
pub use zv550_signature_keyless_invalid::{SignatureKeylessInvalid, RULE as SIGNATURE_KEYLESS_INVALID};
pub use zv600_component_tarball_missing::{ComponentTarballMissing, RULE as COMPONENT_TARBALL_MISSING};
pub use zv601_component_entry_unaccounted::{ComponentEntryUnaccounted, RULE as COMPONENT_ENTRY_UNACCOUNTED};
pub use zv602_component_file_missing::{ComponentFileMissing, RULE as COMPONENT_FILE_MISSING};
pub use zv603_component_file_shasum_mismatch::{ComponentFileShasumMismatch, RULE as COMPONENT_FILE_SHASUM_MISMATCH};
pub use zv604_component_chart_missing::{ComponentChartMissing, RULE as COMPONENT_CHART_MISSING};
pub use zv605_component_chart_invalid::{ComponentChartInvalid, RULE as COMPONENT_CHART_INVALID};
pub use zv606_component_values_missing::{ComponentValuesMissing, RULE as COMPONENT_VALUES_MISSING};
pub use zv607_component_manifest_missing::{ComponentManifestMissing, RULE as COMPONENT_MANIFEST_MISSING};
pub use zv608_component_manifest_invalid::{ComponentManifestInvalid, RULE as COMPONENT_MANIFEST_INVALID};
pub use zv609_component_data_missing::{ComponentDataMissing, RULE as COMPONENT_DATA_MISSING};
pub use zv610_component_repos_missing::{ComponentReposMissing, RULE as COMPONENT_REPOS_MISSING};
pub use zv611_manifest_image_not_carried::{ManifestImageNotCarried, RULE as MANIFEST_IMAGE_NOT_CARRIED};
pub use zv612_component_charts_not_rendered::{ComponentChartsNotRendered, RULE as COMPONENT_CHARTS_NOT_RENDERED};
pub use zv620_sbom_missing::{SbomMissing, RULE as SBOM_MISSING};
pub use zv621_sbom_mismatch::{SbomMismatch, RULE as SBOM_MISMATCH};
pub use zv622_sbom_unexpected_entry::{SbomUnexpectedEntry, RULE as SBOM_UNEXPECTED_ENTRY};
pub use zv630_version_requirements_inconsistent::{
    VersionRequirementsInconsistent, RULE as VERSION_REQUIREMENTS_INCONSISTENT,
};
pub use zv631_zarf_version_cannot_deploy::{ZarfVersionCannotDeploy, RULE as ZARF_VERSION_CANNOT_DEPLOY};
pub use zv701_layer_digest_mismatch::{LayerDigestMismatch, RULE as LAYER_DIGEST_MISMATCH};
pub use zv702_layer_size_mismatch::{LayerSizeMismatch, RULE as LAYER_SIZE_MISMATCH};
pub use zv703_published_package_invalid::{PublishedPackageInvalid, RULE as PUBLISHED_PACKAGE_INVALID};
pub use zv710_registry_digest_not_served::{RegistryDigestNotServed, RULE as REGISTRY_DIGEST_NOT_SERVED};
pub use zv711_registry_tag_moved::{RegistryTagMoved, RULE as REGISTRY_TAG_MOVED};
pub use zv712_registry_index_digest_confirmed::{
    RegistryIndexDigestConfirmed, RULE as REGISTRY_INDEX_DIGEST_CONFIRMED,
};
pub use zv713_registry_unreachable::{RegistryUnreachable, RULE as REGISTRY_UNREACHABLE};

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &ARCHIVE_CORRUPT,
    &UNSAFE_PATH,
    &LINK_ENTRY,
    &DUPLICATE_ENTRY,
    &DOCUMENT_NOT_INSPECTED,
    &UNSUPPORTED_ENTRY,
    &LEGACY_FORMAT,
    &ARCHIVE_END_MISSING,
    &ENTRY_DATA_ON_HEADERONLY,
    &ENTRY_NAME_TRAILING_SLASH,
    &ENTRY_TYPE_MODE_CONFLICT,
    &TAR_NAME_RECORDS_CONFLICT,
    &TAR_SPARSE_ENTRY,
    &PAX_SIZE_OVERRIDE,
    &PAX_GLOBAL_HEADER,
    &TAR_HEADER_AMBIGUOUS,
    &ENTRY_NAME_REFUSED,
    &ENTRY_NAME_NOT_UTF8,
    &PATH_TYPE_CONFLICT,
    &TOO_MANY_ENTRIES,
    &ENTRY_NAME_TOO_LONG,
    &ZARF_YAML_MISSING,
    &ZSTD_WINDOW_TOO_LARGE,
    &ENTRY_UNREADABLE,
    &ARCHIVE_DIGEST_MISMATCH,
    &OCI_LAYOUT_MISSING,
    &OCI_LAYOUT_INVALID,
    &INDEX_MISSING,
    &BLOBS_DIR_MISSING,
    &INVALID_BLOB_PATH,
    &BLOB_DIGEST_MISMATCH,
    &BLOB_MISSING,
    &BLOB_SIZE_MISMATCH,
    &BLOB_UNREFERENCED,
    &DIGEST_UNVERIFIABLE,
    &BLOB_NOT_WALKED,
    &INVALID_JSON,
    &DUPLICATE_KEY,
    &INVALID_DIGEST,
    &INVALID_MEDIA_TYPE,
    &INVALID_SIZE,
    &SCHEMA_VIOLATION,
    &INVALID_DATA,
    &INVALID_URL,
    &INVALID_REF_NAME,
    &KEY_CASE_MISMATCH,
    &JSON_TOO_DEEP,
    &TOO_MANY_DESCRIPTORS,
    &SCHEMA_VERSION,
    &MEDIA_TYPE_CONFLICT,
    &WRONG_DOCUMENT_KIND,
    &MANIFESTS_NOT_ARRAY,
    &EMPTY_LAYERS,
    &MISSING_ARTIFACT_TYPE,
    &PLATFORM_MISMATCH,
    &REF_PIN_MISMATCH,
    &INVALID_PLATFORM,
    &NESTING_TOO_DEEP,
    &INDEX_DIGEST_STORED_AS_PLATFORM_MANIFEST,
    &PINNED_BYTES_REWRITTEN,
    &CONFIG_INVALID,
    &DIFF_IDS_COUNT,
    &ZARF_YAML_INVALID,
    &CHECKSUMS_MISSING,
    &CHECKSUMS_MISSING_LEGACY,
    &CHECKSUMS_LINE_INVALID,
    &CHECKSUM_MISMATCH,
    &CHECKSUMS_LISTED_MISSING,
    &CHECKSUMS_UNLISTED_FILE,
    &CHECKSUMS_DUPLICATE,
    &AGGREGATE_CHECKSUM_MISMATCH,
    &IMAGE_NOT_IN_INDEX,
    &INDEX_ENTRY_UNREQUESTED,
    &IMAGE_REFERENCE_INVALID,
    &ARCHITECTURE_MISMATCH,
    &SKELETON_HAS_IMAGES,
    &SPLIT_METADATA_INVALID,
    &SPLIT_PARTS_MISMATCH,
    &SPLIT_DIGEST_MISMATCH,
    &SIGNATURE_INVALID,
    &SIGNATURE_MISSING,
    &SIGNATURE_KEYLESS,
    &SIGNATURE_NOT_VERIFIED,
    &SIGNATURE_EXPECTED,
    &SPLIT_TOO_MANY_PARTS,
    &ZARF_NAME_INVALID_PATH,
    &IMAGE_NOT_PUSHABLE,
    &CHECKSUMS_LISTS_EXEMPT_FILE,
    &SPLIT_NOT_DEPLOYABLE,
    &SIGNATURE_KEYLESS_INVALID,
    &COMPONENT_TARBALL_MISSING,
    &COMPONENT_ENTRY_UNACCOUNTED,
    &COMPONENT_FILE_MISSING,
    &COMPONENT_FILE_SHASUM_MISMATCH,
    &COMPONENT_CHART_MISSING,
    &COMPONENT_CHART_INVALID,
    &COMPONENT_VALUES_MISSING,
    &COMPONENT_MANIFEST_MISSING,
    &COMPONENT_MANIFEST_INVALID,
    &COMPONENT_DATA_MISSING,
    &COMPONENT_REPOS_MISSING,
    &MANIFEST_IMAGE_NOT_CARRIED,
    &COMPONENT_CHARTS_NOT_RENDERED,
    &SBOM_MISSING,
    &SBOM_MISMATCH,
    &SBOM_UNEXPECTED_ENTRY,
    &VERSION_REQUIREMENTS_INCONSISTENT,
    &ZARF_VERSION_CANNOT_DEPLOY,
    &LAYER_DIGEST_MISMATCH,
    &LAYER_SIZE_MISMATCH,
    &PUBLISHED_PACKAGE_INVALID,
    &REGISTRY_DIGEST_NOT_SERVED,
    &REGISTRY_TAG_MOVED,
    &REGISTRY_INDEX_DIGEST_CONFIRMED,
    &REGISTRY_UNREACHABLE,
];

/// Every rule's documentation as one Markdown document (`docs/rules.md`).
pub fn markdown_all() -> String {
    let mut out = String::from(
        "# zverify rules\n\nGenerated from the rule table by `zverify rules --markdown`; do not edit by hand.\n\n\
         | code | name | default severity | summary |\n|---|---|---|---|\n",
    );
    for r in ALL {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity,
            r.summary
        ));
    }
    for r in ALL {
        out.push('\n');
        out.push_str(
            &r.markdown()
                .replacen("# ", "## ", 1)
                .replace("\n## What", "\n### What")
                .replace("\n## Why", "\n### Why")
                .replace("\n## Example", "\n### Example")
                .replace("\n## Fix", "\n### Fix"),
        );
    }
    out
}

/// Look a rule up by code (case-insensitive).
pub fn lookup(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// A rule by its code (`ZV308`) or its name (`ref-pin-mismatch`), case-insensitively.
pub fn lookup_code_or_name(key: &str) -> Option<&'static Rule> {
    let key = key.trim();
    lookup(key).or_else(|| ALL.iter().copied().find(|r| r.name.eq_ignore_ascii_case(key)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Message;
    use std::collections::BTreeSet;

    /// Wordings that were wrong before each rule had one payload and one `message()`.
    #[test]
    fn corrected_wordings() {
        // ZV107: the missing thing is the blob itself, not the document that points at it.
        let missing = BlobMissing::Descriptor {
            kind: "layer",
            digest: "sha256:fd002b6a59f2…".into(),
            path: "blobs/sha256/fd00".into(),
        };
        assert_eq!(missing.message(), "the layer sha256:fd002b6a59f2… (blobs/sha256/fd00) is not in the package");
        // ZV109: plural only when it is one.
        assert!(BlobUnreferenced { size: 1 }.message().ends_with("it wastes 1 byte"));
        assert!(BlobUnreferenced { size: 2 }.message().ends_with("it wastes 2 bytes"));
        assert!(BlobUnreferenced { size: 0 }.message().ends_with("it wastes 0 bytes"));
        // ZV006: "an entry of unknown type", "a character device".
        let kind = SpecialKind::UnknownType { flag: 'Z', size: 3 };
        let unknown = UnsupportedEntry { name: "x".into(), kind, checked_as_file: true };
        assert_eq!(
            unknown.message(),
            "\"x\" is an entry of unknown type 'Z'; Zarf writes its 3 bytes as a regular file, other readers skip it; zverify checks it as the file Zarf writes"
        );
        let kind = SpecialKind::Device { what: "character device" };
        let device = UnsupportedEntry { name: "x".into(), kind, checked_as_file: true };
        assert!(device.message().starts_with("\"x\" is a character device, which Zarf writes"), "{}", device.message());
    }

    /// A payload files its finding under its own rule, with that rule's severity and help.
    #[test]
    fn findings_take_code_severity_and_help_from_the_payload_rule() {
        let f = crate::Finding::of(BlobUnreferenced { size: 3 });
        assert_eq!(
            (f.code, f.severity, f.help.as_str()),
            (BLOB_UNREFERENCED.code, BLOB_UNREFERENCED.severity, BLOB_UNREFERENCED.help)
        );
        let f = crate::Finding::of(MediaTypeConflict { descriptor: "a/b".into(), document: "c/d".into() });
        assert_eq!(f.code, MEDIA_TYPE_CONFLICT.code);
        // ZV303 and ZV302 word a descriptor/document disagreement the same way.
        let g =
            crate::Finding::of(WrongDocumentKind::DescriptorSays { descriptor: "a/b".into(), document: "c/d".into() });
        assert_eq!((g.code, g.message.as_str()), (WRONG_DOCUMENT_KIND.code, f.message.as_str()));
        assert_eq!(Fault::ZstdWindowTooLarge.rule().code, ZSTD_WINDOW_TOO_LARGE.code);
        assert_eq!(Fault::ArchiveCorrupt.rule().code, ARCHIVE_CORRUPT.code);
    }

    #[test]
    fn codes_unique_well_formed_and_documented() {
        let mut codes = BTreeSet::new();
        let mut names = BTreeSet::new();
        for r in ALL {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(
                r.code.len() == 5 && r.code.starts_with("ZV") && r.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                r.code
            );
            for (what, text) in [
                ("summary", r.summary),
                ("help", r.help),
                ("checks", r.checks),
                ("why", r.why),
                ("example", r.example),
                ("fix", r.fix),
            ] {
                assert!(text.trim().len() >= 10, "{} has no real {what}", r.code);
            }
        }
        let sorted: Vec<_> = ALL.iter().map(|r| r.code).collect();
        let mut again = sorted.clone();
        again.sort();
        assert_eq!(sorted, again, "ALL must stay in code order");
    }
}
