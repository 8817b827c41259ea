//! Report renderers, one file per format. They live in the core so that the CLI and the web page
//! emit the same bytes. The JSON contract itself is `Report::to_json`.

pub mod github;
pub mod junit;
pub mod sarif;
pub mod text;

/// The file name of a target path (fingerprints and categories must not depend on where the
/// package was when it was checked).
pub(crate) fn target_name(target: &str) -> &str {
    target.trim_end_matches('/').rsplit('/').next().unwrap_or(target)
}
