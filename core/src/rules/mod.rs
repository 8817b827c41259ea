//! The rule table: one file per rule, one code each. Codes are stable: never reuse or renumber one.
//!
//! Rules only describe; the checks that emit them live with the walkers (`layout`, `oci`), and
//! severity overrides happen in one place, the report sink (`Report::apply_overrides`).

use crate::diag::Rule;

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

pub use zv001_archive_corrupt::RULE as ARCHIVE_CORRUPT;
pub use zv002_unsafe_path::RULE as UNSAFE_PATH;
pub use zv003_link_entry::RULE as LINK_ENTRY;
pub use zv004_duplicate_entry::RULE as DUPLICATE_ENTRY;
pub use zv005_document_not_inspected::RULE as DOCUMENT_NOT_INSPECTED;
pub use zv006_unsupported_entry::RULE as UNSUPPORTED_ENTRY;
pub use zv007_legacy_format::RULE as LEGACY_FORMAT;
pub use zv008_archive_end_missing::RULE as ARCHIVE_END_MISSING;
pub use zv009_entry_data_on_headeronly::RULE as ENTRY_DATA_ON_HEADERONLY;
pub use zv010_entry_name_trailing_slash::RULE as ENTRY_NAME_TRAILING_SLASH;
pub use zv011_entry_type_mode_conflict::RULE as ENTRY_TYPE_MODE_CONFLICT;
pub use zv012_tar_name_records_conflict::RULE as TAR_NAME_RECORDS_CONFLICT;
pub use zv013_tar_sparse_entry::RULE as TAR_SPARSE_ENTRY;
pub use zv014_pax_size_override::RULE as PAX_SIZE_OVERRIDE;
pub use zv015_pax_global_header::RULE as PAX_GLOBAL_HEADER;
pub use zv016_tar_header_ambiguous::RULE as TAR_HEADER_AMBIGUOUS;
pub use zv017_entry_name_refused::RULE as ENTRY_NAME_REFUSED;
pub use zv018_entry_name_not_utf8::RULE as ENTRY_NAME_NOT_UTF8;
pub use zv019_path_type_conflict::RULE as PATH_TYPE_CONFLICT;
pub use zv020_too_many_entries::RULE as TOO_MANY_ENTRIES;
pub use zv021_entry_name_too_long::RULE as ENTRY_NAME_TOO_LONG;
pub use zv030_zarf_yaml_missing::RULE as ZARF_YAML_MISSING;
pub use zv040_zstd_window_too_large::RULE as ZSTD_WINDOW_TOO_LARGE;
pub use zv045_entry_unreadable::RULE as ENTRY_UNREADABLE;
pub use zv101_oci_layout_missing::RULE as OCI_LAYOUT_MISSING;
pub use zv102_oci_layout_invalid::RULE as OCI_LAYOUT_INVALID;
pub use zv103_index_missing::RULE as INDEX_MISSING;
pub use zv104_blobs_dir_missing::RULE as BLOBS_DIR_MISSING;
pub use zv105_invalid_blob_path::RULE as INVALID_BLOB_PATH;
pub use zv106_blob_digest_mismatch::RULE as BLOB_DIGEST_MISMATCH;
pub use zv107_blob_missing::RULE as BLOB_MISSING;
pub use zv108_blob_size_mismatch::RULE as BLOB_SIZE_MISMATCH;
pub use zv109_blob_unreferenced::RULE as BLOB_UNREFERENCED;
pub use zv110_digest_unverifiable::RULE as DIGEST_UNVERIFIABLE;
pub use zv111_blob_not_walked::RULE as BLOB_NOT_WALKED;
pub use zv201_invalid_json::RULE as INVALID_JSON;
pub use zv202_duplicate_key::RULE as DUPLICATE_KEY;
pub use zv203_invalid_digest::RULE as INVALID_DIGEST;
pub use zv204_invalid_media_type::RULE as INVALID_MEDIA_TYPE;
pub use zv205_invalid_size::RULE as INVALID_SIZE;
pub use zv206_schema_violation::RULE as SCHEMA_VIOLATION;
pub use zv207_invalid_data::RULE as INVALID_DATA;
pub use zv208_invalid_url::RULE as INVALID_URL;
pub use zv209_invalid_ref_name::RULE as INVALID_REF_NAME;
pub use zv210_key_case_mismatch::RULE as KEY_CASE_MISMATCH;
pub use zv211_json_too_deep::RULE as JSON_TOO_DEEP;
pub use zv212_too_many_descriptors::RULE as TOO_MANY_DESCRIPTORS;
pub use zv301_schema_version::RULE as SCHEMA_VERSION;
pub use zv302_media_type_conflict::RULE as MEDIA_TYPE_CONFLICT;
pub use zv303_wrong_document_kind::RULE as WRONG_DOCUMENT_KIND;
pub use zv304_manifests_not_array::RULE as MANIFESTS_NOT_ARRAY;
pub use zv305_empty_layers::RULE as EMPTY_LAYERS;
pub use zv306_missing_artifact_type::RULE as MISSING_ARTIFACT_TYPE;
pub use zv307_platform_mismatch::RULE as PLATFORM_MISMATCH;
pub use zv308_ref_pin_mismatch::RULE as REF_PIN_MISMATCH;
pub use zv309_invalid_platform::RULE as INVALID_PLATFORM;
pub use zv310_nesting_too_deep::RULE as NESTING_TOO_DEEP;
pub use zv311_index_digest_stored_as_platform_manifest::RULE as INDEX_DIGEST_STORED_AS_PLATFORM_MANIFEST;
pub use zv312_pinned_bytes_rewritten::RULE as PINNED_BYTES_REWRITTEN;
pub use zv401_config_invalid::RULE as CONFIG_INVALID;
pub use zv402_diff_ids_count::RULE as DIFF_IDS_COUNT;
pub use zv501_zarf_yaml_invalid::RULE as ZARF_YAML_INVALID;
pub use zv502_checksums_missing::RULE as CHECKSUMS_MISSING;
pub use zv503_checksums_missing_legacy::RULE as CHECKSUMS_MISSING_LEGACY;
pub use zv504_checksums_line_invalid::RULE as CHECKSUMS_LINE_INVALID;
pub use zv505_checksum_mismatch::RULE as CHECKSUM_MISMATCH;
pub use zv506_checksums_listed_missing::RULE as CHECKSUMS_LISTED_MISSING;
pub use zv507_checksums_unlisted_file::RULE as CHECKSUMS_UNLISTED_FILE;
pub use zv508_checksums_duplicate::RULE as CHECKSUMS_DUPLICATE;
pub use zv509_aggregate_checksum_mismatch::RULE as AGGREGATE_CHECKSUM_MISMATCH;
pub use zv510_image_not_in_index::RULE as IMAGE_NOT_IN_INDEX;
pub use zv511_index_entry_unrequested::RULE as INDEX_ENTRY_UNREQUESTED;
pub use zv512_image_reference_invalid::RULE as IMAGE_REFERENCE_INVALID;
pub use zv513_architecture_mismatch::RULE as ARCHITECTURE_MISMATCH;
pub use zv514_skeleton_has_images::RULE as SKELETON_HAS_IMAGES;
pub use zv515_split_metadata_invalid::RULE as SPLIT_METADATA_INVALID;
pub use zv516_split_parts_mismatch::RULE as SPLIT_PARTS_MISMATCH;
pub use zv517_split_digest_mismatch::RULE as SPLIT_DIGEST_MISMATCH;
pub use zv518_signature_invalid::RULE as SIGNATURE_INVALID;
pub use zv519_signature_missing::RULE as SIGNATURE_MISSING;
pub use zv520_signature_keyless::RULE as SIGNATURE_KEYLESS;
pub use zv521_signature_not_verified::RULE as SIGNATURE_NOT_VERIFIED;
pub use zv522_signature_expected::RULE as SIGNATURE_EXPECTED;
pub use zv523_split_too_many_parts::RULE as SPLIT_TOO_MANY_PARTS;

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

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
