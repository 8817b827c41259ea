//! Go compatibility: functions that behave exactly like the Go standard-library function they are
//! named after, because Zarf (Go) reads packages with it and zverify must read them the same way.
//! Each is tested against Go itself (`tests/go/*`, driven by `tests/src/gorun.rs`): the numbers in
//! `tests/tests/strconv_go.rs`, folding in `tests/tests/json_go.rs`, `strconv.Quote` in the
//! protojson messages compared word for word in `tests/tests/protojson_oracle.rs`.
//!
//! Behaviour of third-party Go libraries (goccy/go-yaml's scalars, protobuf's JSON tokens) stays
//! with the reader that imitates them; this module is only Go's own `strconv`, `strings`, `time`
//! `path/filepath` and `encoding/json`.

pub mod filepath;
pub mod json;
pub mod strconv;
pub mod strings;
pub mod time;
