//! Finding codes, and the rule table they are generated from.
//!
//! `rule_table!` is the one list of rules: each row is a code, the file under `rules/` that
//! defines the rule (named `zvNNN_<rule-name>.rs`), and what that file exports. The same rows make
//! the [`Code`] enum here and, in `rules/mod.rs`, the module declarations, their exports and
//! `rules::ALL`; so a code cannot exist without its rule, or a rule without its code. This module
//! depends on nothing, so every other module (the rule files, `diag`) can name a code.

/// Calls `$then!` with the rule table: `CODE module { exports };` rows, in code order.
macro_rules! rule_table {
    ($then:ident) => {
        $then! {
            ZV001 zv001_archive_corrupt { detected_in, ArchiveCorrupt, RULE as ARCHIVE_CORRUPT }
            ZV002 zv002_unsafe_path { UnsafeEntryPath, RULE as UNSAFE_PATH }
            ZV003 zv003_link_entry { LinkEntry, LinkOutcome, RULE as LINK_ENTRY }
            ZV004 zv004_duplicate_entry { DuplicateEntry, RULE as DUPLICATE_ENTRY }
            ZV005 zv005_document_not_inspected { DocumentNotInspected, RULE as DOCUMENT_NOT_INSPECTED }
            ZV006 zv006_unsupported_entry { SpecialKind, UnsupportedEntry, RULE as UNSUPPORTED_ENTRY }
            ZV007 zv007_legacy_format { LegacyFormat, RULE as LEGACY_FORMAT }
            ZV008 zv008_archive_end_missing { ArchiveEndMissing, RULE as ARCHIVE_END_MISSING }
            ZV009 zv009_entry_data_on_headeronly { EntryDataOnHeaderonly, RULE as ENTRY_DATA_ON_HEADERONLY }
            ZV010 zv010_entry_name_trailing_slash { EntryNameTrailingSlash, RULE as ENTRY_NAME_TRAILING_SLASH }
            ZV011 zv011_entry_type_mode_conflict { EntryTypeModeConflict, RULE as ENTRY_TYPE_MODE_CONFLICT }
            ZV012 zv012_tar_name_records_conflict { RecordConflict, TarNameRecordsConflict, RULE as TAR_NAME_RECORDS_CONFLICT }
            ZV013 zv013_tar_sparse_entry { TarSparseEntry, RULE as TAR_SPARSE_ENTRY }
            ZV014 zv014_pax_size_override { PaxSizeOverride, RULE as PAX_SIZE_OVERRIDE }
            ZV015 zv015_pax_global_header { PaxGlobalHeader, RULE as PAX_GLOBAL_HEADER }
            ZV016 zv016_tar_header_ambiguous { Ambiguity, TarHeaderAmbiguous, RULE as TAR_HEADER_AMBIGUOUS }
            ZV017 zv017_entry_name_refused { EntryNameRefused, RULE as ENTRY_NAME_REFUSED }
            ZV018 zv018_entry_name_not_utf8 { EntryNameNotUtf8, RULE as ENTRY_NAME_NOT_UTF8 }
            ZV019 zv019_path_type_conflict { Clash, PathTypeConflict, RULE as PATH_TYPE_CONFLICT }
            ZV020 zv020_too_many_entries { TooManyEntries, RULE as TOO_MANY_ENTRIES }
            ZV021 zv021_entry_name_too_long { EntryNameTooLong, RULE as ENTRY_NAME_TOO_LONG }
            ZV030 zv030_zarf_yaml_missing { ZarfYamlMissing, RULE as ZARF_YAML_MISSING }
            ZV040 zv040_zstd_window_too_large { ZstdWindowTooLarge, RULE as ZSTD_WINDOW_TOO_LARGE }
            ZV045 zv045_entry_unreadable { EntryUnreadable, RULE as ENTRY_UNREADABLE }
            ZV046 zv046_archive_digest_mismatch { ArchiveDigestMismatch, RULE as ARCHIVE_DIGEST_MISMATCH }
            ZV101 zv101_oci_layout_missing { OciLayoutMissing, RULE as OCI_LAYOUT_MISSING }
            ZV102 zv102_oci_layout_invalid { OciLayoutInvalid, RULE as OCI_LAYOUT_INVALID }
            ZV103 zv103_index_missing { IndexMissing, RULE as INDEX_MISSING }
            ZV104 zv104_blobs_dir_missing { BlobsDirMissing, RULE as BLOBS_DIR_MISSING }
            ZV105 zv105_invalid_blob_path { BlobNameError, InvalidBlobPath, RULE as INVALID_BLOB_PATH }
            ZV106 zv106_blob_digest_mismatch { BlobDigestMismatch, RULE as BLOB_DIGEST_MISMATCH }
            ZV107 zv107_blob_missing { BlobMissing, RULE as BLOB_MISSING }
            ZV108 zv108_blob_size_mismatch { BlobSizeMismatch, RULE as BLOB_SIZE_MISMATCH }
            ZV109 zv109_blob_unreferenced { BlobUnreferenced, RULE as BLOB_UNREFERENCED }
            ZV110 zv110_digest_unverifiable { DigestUnverifiable, RULE as DIGEST_UNVERIFIABLE }
            ZV111 zv111_blob_not_walked { BlobNotWalked, RULE as BLOB_NOT_WALKED }
            ZV201 zv201_invalid_json { InvalidJson, RULE as INVALID_JSON }
            ZV202 zv202_duplicate_key { DuplicateKey, RULE as DUPLICATE_KEY }
            ZV203 zv203_invalid_digest { InvalidDigest, RULE as INVALID_DIGEST }
            ZV204 zv204_invalid_media_type { InvalidMediaType, RULE as INVALID_MEDIA_TYPE }
            ZV205 zv205_invalid_size { InvalidSize, RULE as INVALID_SIZE }
            ZV206 zv206_schema_violation { SchemaViolation, RULE as SCHEMA_VIOLATION }
            ZV207 zv207_invalid_data { InvalidData, RULE as INVALID_DATA }
            ZV208 zv208_invalid_url { InvalidUrl, RULE as INVALID_URL }
            ZV209 zv209_invalid_ref_name { InvalidRefName, RULE as INVALID_REF_NAME }
            ZV210 zv210_key_case_mismatch { KeyCaseMismatch, RULE as KEY_CASE_MISMATCH }
            ZV211 zv211_json_too_deep { JsonTooDeep, RULE as JSON_TOO_DEEP }
            ZV212 zv212_too_many_descriptors { TooManyDescriptors, RULE as TOO_MANY_DESCRIPTORS }
            ZV301 zv301_schema_version { SchemaVersion, RULE as SCHEMA_VERSION }
            ZV302 zv302_media_type_conflict { MediaTypeConflict, RULE as MEDIA_TYPE_CONFLICT }
            ZV303 zv303_wrong_document_kind { WrongDocumentKind, RULE as WRONG_DOCUMENT_KIND }
            ZV304 zv304_manifests_not_array { ManifestsNotArray, RULE as MANIFESTS_NOT_ARRAY }
            ZV305 zv305_empty_layers { EmptyLayers, RULE as EMPTY_LAYERS }
            ZV306 zv306_missing_artifact_type { MissingArtifactType, RULE as MISSING_ARTIFACT_TYPE }
            ZV307 zv307_platform_mismatch { PlatformMismatch, RULE as PLATFORM_MISMATCH }
            ZV308 zv308_ref_pin_mismatch { RefPinMismatch, RULE as REF_PIN_MISMATCH }
            ZV309 zv309_invalid_platform { InvalidPlatform, RULE as INVALID_PLATFORM }
            ZV310 zv310_nesting_too_deep { NestingTooDeep, RULE as NESTING_TOO_DEEP }
            ZV311 zv311_index_digest_stored_as_platform_manifest { IndexDigestStoredAsPlatformManifest, RULE as INDEX_DIGEST_STORED_AS_PLATFORM_MANIFEST }
            ZV312 zv312_pinned_bytes_rewritten { PinnedBytesRewritten, RULE as PINNED_BYTES_REWRITTEN }
            ZV401 zv401_config_invalid { ConfigInvalid, RULE as CONFIG_INVALID }
            ZV402 zv402_diff_ids_count { DiffIdsCount, RULE as DIFF_IDS_COUNT }
            ZV501 zv501_zarf_yaml_invalid { ZarfYamlInvalid, RULE as ZARF_YAML_INVALID }
            ZV502 zv502_checksums_missing { ChecksumsMissing, RULE as CHECKSUMS_MISSING }
            ZV503 zv503_checksums_missing_legacy { ChecksumsMissingLegacy, RULE as CHECKSUMS_MISSING_LEGACY }
            ZV504 zv504_checksums_line_invalid { ChecksumsLineInvalid, RULE as CHECKSUMS_LINE_INVALID }
            ZV505 zv505_checksum_mismatch { ChecksumMismatch, RULE as CHECKSUM_MISMATCH }
            ZV506 zv506_checksums_listed_missing { ChecksumsListedMissing, RULE as CHECKSUMS_LISTED_MISSING }
            ZV507 zv507_checksums_unlisted_file { ChecksumsUnlistedFile, RULE as CHECKSUMS_UNLISTED_FILE }
            ZV508 zv508_checksums_duplicate { ChecksumsDuplicate, RULE as CHECKSUMS_DUPLICATE }
            ZV509 zv509_aggregate_checksum_mismatch { AggregateChecksumMismatch, RULE as AGGREGATE_CHECKSUM_MISMATCH }
            ZV510 zv510_image_not_in_index { ImageNotInIndex, RULE as IMAGE_NOT_IN_INDEX }
            ZV511 zv511_index_entry_unrequested { IndexEntryUnrequested, RULE as INDEX_ENTRY_UNREQUESTED }
            ZV512 zv512_image_reference_invalid { ImageReferenceInvalid, RULE as IMAGE_REFERENCE_INVALID }
            ZV513 zv513_architecture_mismatch { ArchitectureMismatch, RULE as ARCHITECTURE_MISMATCH }
            ZV514 zv514_skeleton_has_images { SkeletonHasImages, RULE as SKELETON_HAS_IMAGES }
            ZV515 zv515_split_metadata_invalid { SplitMetadataInvalid, RULE as SPLIT_METADATA_INVALID }
            ZV516 zv516_split_parts_mismatch { SplitPartsMismatch, RULE as SPLIT_PARTS_MISMATCH }
            ZV517 zv517_split_digest_mismatch { SplitDigestMismatch, RULE as SPLIT_DIGEST_MISMATCH }
            ZV518 zv518_signature_invalid { SignatureInvalid, RULE as SIGNATURE_INVALID }
            ZV519 zv519_signature_missing { SignatureMissing, RULE as SIGNATURE_MISSING }
            ZV520 zv520_signature_keyless { SignatureKeyless, RULE as SIGNATURE_KEYLESS }
            ZV521 zv521_signature_not_verified { SignatureNotVerified, RULE as SIGNATURE_NOT_VERIFIED }
            ZV522 zv522_signature_expected { SignatureExpected, RULE as SIGNATURE_EXPECTED }
            ZV523 zv523_split_too_many_parts { SplitTooManyParts, TooManyParts, RULE as SPLIT_TOO_MANY_PARTS }
            ZV524 zv524_zarf_name_invalid_path { ZarfNameInvalidPath, RULE as ZARF_NAME_INVALID_PATH }
            ZV525 zv525_image_not_pushable { ImageNotPushable, RULE as IMAGE_NOT_PUSHABLE }
            ZV526 zv526_checksums_lists_exempt_file { ChecksumsListsExemptFile, RULE as CHECKSUMS_LISTS_EXEMPT_FILE }
            ZV527 zv527_split_not_deployable { SplitNotDeployable, RULE as SPLIT_NOT_DEPLOYABLE }
            ZV550 zv550_signature_keyless_invalid { SignatureKeylessInvalid, RULE as SIGNATURE_KEYLESS_INVALID }
            ZV600 zv600_component_tarball_missing { ComponentTarballMissing, RULE as COMPONENT_TARBALL_MISSING }
            ZV601 zv601_component_entry_unaccounted { ComponentEntryUnaccounted, RULE as COMPONENT_ENTRY_UNACCOUNTED }
            ZV602 zv602_component_file_missing { ComponentFileMissing, RULE as COMPONENT_FILE_MISSING }
            ZV603 zv603_component_file_shasum_mismatch { ComponentFileShasumMismatch, RULE as COMPONENT_FILE_SHASUM_MISMATCH }
            ZV604 zv604_component_chart_missing { ComponentChartMissing, RULE as COMPONENT_CHART_MISSING }
            ZV605 zv605_component_chart_invalid { ComponentChartInvalid, RULE as COMPONENT_CHART_INVALID }
            ZV606 zv606_component_values_missing { ComponentValuesMissing, RULE as COMPONENT_VALUES_MISSING }
            ZV607 zv607_component_manifest_missing { ComponentManifestMissing, RULE as COMPONENT_MANIFEST_MISSING }
            ZV608 zv608_component_manifest_invalid { ComponentManifestInvalid, RULE as COMPONENT_MANIFEST_INVALID }
            ZV609 zv609_component_data_missing { ComponentDataMissing, RULE as COMPONENT_DATA_MISSING }
            ZV610 zv610_component_repos_missing { ComponentReposMissing, RULE as COMPONENT_REPOS_MISSING }
            ZV611 zv611_manifest_image_not_carried { ManifestImageNotCarried, RULE as MANIFEST_IMAGE_NOT_CARRIED }
            ZV612 zv612_component_charts_not_rendered { ComponentChartsNotRendered, RULE as COMPONENT_CHARTS_NOT_RENDERED }
            ZV620 zv620_sbom_missing { SbomMissing, RULE as SBOM_MISSING }
            ZV621 zv621_sbom_mismatch { SbomMismatch, RULE as SBOM_MISMATCH }
            ZV622 zv622_sbom_unexpected_entry { SbomUnexpectedEntry, RULE as SBOM_UNEXPECTED_ENTRY }
            ZV630 zv630_version_requirements_inconsistent { VersionRequirementsInconsistent, RULE as VERSION_REQUIREMENTS_INCONSISTENT }
            ZV631 zv631_zarf_version_cannot_deploy { ZarfVersionCannotDeploy, RULE as ZARF_VERSION_CANNOT_DEPLOY }
            ZV701 zv701_layer_digest_mismatch { LayerDigestMismatch, RULE as LAYER_DIGEST_MISMATCH }
            ZV702 zv702_layer_size_mismatch { LayerSizeMismatch, RULE as LAYER_SIZE_MISMATCH }
            ZV703 zv703_published_package_invalid { PublishedPackageInvalid, RULE as PUBLISHED_PACKAGE_INVALID }
            ZV710 zv710_registry_digest_not_served { RegistryDigestNotServed, RULE as REGISTRY_DIGEST_NOT_SERVED }
            ZV711 zv711_registry_tag_moved { RegistryTagMoved, RULE as REGISTRY_TAG_MOVED }
            ZV712 zv712_registry_index_digest_confirmed { RegistryIndexDigestConfirmed, RULE as REGISTRY_INDEX_DIGEST_CONFIRMED }
            ZV713 zv713_registry_unreachable { RegistryUnreachable, RULE as REGISTRY_UNREACHABLE }
        }
    };
}
pub(crate) use rule_table;

macro_rules! define_codes {
    ($($code:ident $module:ident { $($export:tt)* })*) => {
        /// A finding's code: `ZV` and three digits, stable (never reused, never renumbered).
        /// Serialized (and shown) as its name, e.g. `"ZV311"`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($code,)*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// `"ZV311"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }

            /// The name of the file under `rules/` that defines this code's rule, without `.rs`.
            pub const fn module(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($module),)*
                }
            }
        }
    };
}
rule_table!(define_codes);

impl Code {
    /// The code written `s`, in any letter case (`zv311` is `ZV311`).
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(s))
    }
    /// The code's hundred: `ZV311` is in family 3 (image index and manifest structure).
    pub fn family(self) -> u8 {
        self.as_str().as_bytes()[2] - b'0'
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A code compared with its written form, as tests and callers holding text do.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_in_order_well_formed_and_name_their_file() {
        let mut last = None;
        for &c in Code::ALL {
            let s = c.as_str();
            assert!(s.len() == 5 && s.starts_with("ZV") && s[2..].bytes().all(|b| b.is_ascii_digit()), "{s}");
            assert!(
                c.module().starts_with(&format!("{}_", s.to_ascii_lowercase())),
                "{s} is defined in {}",
                c.module()
            );
            assert!(last < Some(c) && last.map(Code::as_str) < Some(s), "the table must stay in code order at {s}");
            last = Some(c);
        }
        assert_eq!(Code::parse("zv311"), Some(Code::ZV311));
        assert_eq!(Code::parse("ZV999"), None);
        assert_eq!(Code::ZV311.family(), 3);
        assert_eq!(serde_json::to_string(&Code::ZV001).unwrap(), "\"ZV001\"");
    }
}
