//! The Go types every zarf.yaml field decodes into, and a checker that refuses what Zarf's decoder
//! refuses.
//!
//! Zarf (zarf-dev/zarf `src/internal/pkgcfg`, 2026-08) decodes zarf.yaml with goccy/go-yaml v1.19.2
//! (`NodeToValue`, no options: unknown keys are ignored, keys match the `json` tag exactly) into the
//! structs of `src/api/v1alpha1` or `src/api/v1beta1`. One field of the wrong type anywhere in the
//! tree makes the whole decode fail, so Zarf refuses to load the package. The tables below are those
//! structs, types only (embedded `json:",inline"` structs flattened into their parent; none of them
//! has a custom unmarshaler). The rules, from goccy's `decode.go` and checked against it:
//! - **string**: any scalar is accepted (numbers and booleans are converted to text; null is "");
//!   a mapping or a list is refused.
//! - **bool**: only a YAML boolean (`true`/`True`/`TRUE`/`false`/`False`/`FALSE`; goccy is YAML 1.2:
//!   `yes`, `on`, `"true"`, `1` are refused) or null.
//! - **int / int32**: an integer in range; a float (truncated: `1.7` is 1); a string Go's
//!   `strconv.ParseFloat` reads as a number from 0 up (`"5"`, `"1_0"`, `1e3` which goccy scans as a
//!   string; `"-5"` is refused as an overflow); null. Booleans are refused.
//! - **list**: a sequence or null (a scalar or mapping is refused); **map[string]T**: a mapping or null;
//!   **struct**: a mapping or null. **any** (v1alpha1 `setValues[].value`): anything.
//! - A mapping decoded into a struct whose keys are not all strings (`1:`, `true:`, `~:`) is decoded
//!   by goccy as an *empty* struct, silently (`keyToNodeMap` returns no error): Zarf would then read
//!   none of its fields. zverify cannot read that as Zarf does, so it is an error here.
//!
//! Where serde_norway's view of a scalar cannot tell what goccy sees, zverify errs on the side of an
//! error (fail closed), never of a pass: for the fields zverify itself reads (names, versions,
//! architecture, checksums, images) only a string or boolean is accepted — Zarf would render `version: 1.0` as
//! "1", which zverify does not reproduce; a negative float in an int field (goccy accepts `-1.5` but
//! refuses `-1e3`, both floats to serde); a plain string goccy would scan as a number (`1_000`);
//! YAML tags; numbers as map keys. A package Zarf built never has any of these: Zarf writes zarf.yaml
//! with goccy's encoder, which quotes every string that could be read as anything else.

use serde_norway::Value;

/// A Go type, as far as decoding cares.
#[derive(Debug)]
pub(crate) enum Ty {
    /// `string` (and named string types).
    Str,
    /// A `string` zverify reads itself: only a YAML string (or null) is accepted.
    ReadStr,
    /// `bool` / `*bool`.
    Bool,
    /// `int` / `*int` (64-bit, as Zarf is built for 64-bit platforms).
    Int,
    /// `int32` / `*int32`.
    Int32,
    /// `any`.
    Any,
    /// `[]T`.
    List(&'static Ty),
    /// `map[string]T`.
    Map(&'static Ty),
    /// A struct (or a pointer to one): its fields by `json` tag name.
    Struct(&'static [(&'static str, Ty)]),
}

use Ty::{Any, Bool, Int, Int32, List, Map, ReadStr, Str, Struct};

// ---- zarf.dev/v1alpha1 (src/api/v1alpha1/package.go, component.go) ----

/// `Variable` (inlined into `InteractiveVariable`).
const A_VARIABLE: Ty =
    Struct(&[("name", Str), ("sensitive", Bool), ("autoIndent", Bool), ("pattern", Str), ("type", Str)]);
const A_ACTION: Ty = Struct(&[
    ("mute", Bool),
    ("maxTotalSeconds", Int),
    ("maxRetries", Int),
    ("dir", Str),
    ("env", List(&Str)),
    ("cmd", Str),
    ("shell", Struct(SHELL_FIELDS)),
    ("setVariable", Str),
    ("setVariables", List(&A_VARIABLE)),
    ("setValues", List(&Struct(&[("key", Str), ("value", Any), ("type", Str)]))),
    ("description", Str),
    (
        "wait",
        Struct(&[
            ("cluster", Struct(WAIT_CLUSTER_FIELDS)),
            ("network", Struct(&[("protocol", Str), ("address", Str), ("code", Int)])),
        ]),
    ),
    ("template", Bool),
]);
const A_ACTION_SET: Ty = Struct(&[
    (
        "defaults",
        Struct(&[
            ("mute", Bool),
            ("maxTotalSeconds", Int),
            ("maxRetries", Int),
            ("dir", Str),
            ("env", List(&Str)),
            ("shell", Struct(SHELL_FIELDS)),
        ]),
    ),
    ("before", List(&A_ACTION)),
    ("after", List(&A_ACTION)),
    ("onSuccess", List(&A_ACTION)),
    ("onFailure", List(&A_ACTION)),
]);
const A_COMPONENT: Ty = Struct(&[
    ("name", ReadStr),
    ("description", Str),
    ("default", Bool),
    ("required", Bool),
    (
        "only",
        Struct(&[
            ("localOS", Str),
            ("cluster", Struct(&[("architecture", Str), ("distros", List(&Str))])),
            ("flavor", Str),
        ]),
    ),
    ("group", Str),
    ("import", Struct(&[("name", Str), ("path", Str), ("url", Str)])),
    (
        "manifests",
        List(&Struct(&[
            ("name", Str),
            ("namespace", Str),
            ("files", List(&Str)),
            ("kustomizeAllowAnyDirectory", Bool),
            ("kustomizations", List(&Str)),
            ("enableKustomizePlugins", Bool),
            ("noWait", Bool),
            ("serverSideApply", Str),
            ("template", Bool),
        ])),
    ),
    (
        "charts",
        List(&Struct(&[
            ("name", Str),
            ("version", Str),
            ("url", Str),
            ("repoName", Str),
            ("gitPath", Str),
            ("localPath", Str),
            ("namespace", Str),
            ("releaseName", Str),
            ("noWait", Bool),
            ("valuesFiles", List(&Str)),
            ("templatedValuesFiles", List(&Str)),
            ("variables", List(&Struct(&[("name", Str), ("description", Str), ("path", Str)]))),
            ("values", List(&Struct(CHART_VALUE_FIELDS))),
            ("schemaValidation", Bool),
            ("serverSideApply", Str),
        ])),
    ),
    (
        "dataInjections",
        List(&Struct(&[
            ("source", Str),
            ("target", Struct(&[("namespace", Str), ("selector", Str), ("container", Str), ("path", Str)])),
            ("compress", Bool),
        ])),
    ),
    (
        "files",
        List(&Struct(&[
            ("source", Str),
            ("shasum", Str),
            ("target", Str),
            ("executable", Bool),
            ("symlinks", List(&Str)),
            ("extractPath", Str),
            ("template", Bool),
        ])),
    ),
    ("images", List(&ReadStr)),
    ("imageArchives", List(&Struct(IMAGE_ARCHIVE_FIELDS))),
    ("repos", List(&Str)),
    (
        "scripts",
        Struct(&[
            ("showOutput", Bool),
            ("timeoutSeconds", Int),
            ("retry", Bool),
            ("prepare", List(&Str)),
            ("before", List(&Str)),
            ("after", List(&Str)),
        ]),
    ),
    ("actions", Struct(&[("onCreate", A_ACTION_SET), ("onDeploy", A_ACTION_SET), ("onRemove", A_ACTION_SET)])),
    ("healthChecks", List(&Struct(&[("apiVersion", Str), ("kind", Str), ("namespace", Str), ("name", Str)]))),
    ("stateAccess", List(&Str)),
]);

/// `v1alpha1.ZarfPackage`.
pub(crate) static V1ALPHA1: Ty = Struct(&[
    ("apiVersion", ReadStr),
    ("kind", ReadStr),
    (
        "metadata",
        Struct(&[
            ("name", ReadStr),
            ("description", Str),
            ("version", ReadStr),
            ("url", Str),
            ("image", Str),
            ("uncompressed", Bool),
            ("architecture", ReadStr),
            ("yolo", Bool),
            ("authors", Str),
            ("documentation", Str),
            ("source", Str),
            ("vendor", Str),
            ("aggregateChecksum", ReadStr),
            ("annotations", Map(&Str)),
            ("allowNamespaceOverride", Bool),
        ]),
    ),
    (
        "build",
        Struct(&[
            ("terminal", Str),
            ("user", Str),
            ("architecture", ReadStr),
            ("timestamp", Str),
            ("version", ReadStr),
            ("migrations", List(&Str)),
            ("registryOverrides", Map(&Str)),
            ("differential", Bool),
            ("differentialPackageVersion", Str),
            ("differentialMissing", List(&Str)),
            ("flavor", ReadStr),
            ("signed", Bool),
            ("versionRequirements", List(&Struct(VERSION_REQUIREMENT_FIELDS))),
            ("provenanceFiles", List(&ReadStr)),
        ]),
    ),
    ("components", List(&A_COMPONENT)),
    (
        "constants",
        List(&Struct(&[("name", Str), ("value", Str), ("description", Str), ("autoIndent", Bool), ("pattern", Str)])),
    ),
    (
        "variables",
        // `InteractiveVariable`: `Variable` inlined, then its own fields.
        List(&Struct(&[
            ("name", Str),
            ("sensitive", Bool),
            ("autoIndent", Bool),
            ("pattern", Str),
            ("type", Str),
            ("description", Str),
            ("default", Str),
            ("prompt", Bool),
        ])),
    ),
    ("values", Struct(VALUES_FIELDS)),
    ("documentation", Map(&Str)),
]);

// ---- zarf.dev/v1beta1 (src/api/v1beta1/package.go, component.go, component_config.go) ----

const B_ACTION: Ty = Struct(&[
    ("silent", Bool),
    ("maxTotalSeconds", Int32),
    ("retries", Int32),
    ("dir", Str),
    ("env", List(&Str)),
    ("cmd", Str),
    ("shell", Struct(SHELL_FIELDS)),
    ("setValues", List(&Struct(&[("key", Str), ("type", Str)]))),
    ("description", Str),
    (
        "wait",
        Struct(&[
            ("cluster", Struct(WAIT_CLUSTER_FIELDS)),
            ("network", Struct(&[("protocol", Str), ("address", Str), ("code", Int32)])),
        ]),
    ),
    ("enableTemplating", Bool),
]);
const B_ACTION_SET: Ty = Struct(&[
    (
        "defaults",
        Struct(&[
            ("silent", Bool),
            ("maxTotalSeconds", Int32),
            ("retries", Int32),
            ("dir", Str),
            ("env", List(&Str)),
            ("shell", Struct(SHELL_FIELDS)),
        ]),
    ),
    ("before", List(&B_ACTION)),
    ("onSuccess", List(&B_ACTION)),
    ("onFailure", List(&B_ACTION)),
]);
/// `v1beta1.Component`: its own fields, then `ComponentSpec` inlined.
const B_COMPONENT: Ty = Struct(&[
    ("name", ReadStr),
    ("description", Str),
    ("optional", Bool),
    ("import", Struct(&[("local", List(&Struct(&[("path", Str)]))), ("remote", List(&Struct(&[("url", Str)])))])),
    ("target", Struct(&[("os", Str)])),
    ("selector", Struct(&[("architecture", Str), ("flavor", Str)])),
    (
        "manifests",
        List(&Struct(&[
            ("name", Str),
            ("namespace", Str),
            ("files", List(&Str)),
            ("kustomize", Struct(&[("files", List(&Str)), ("allowAnyDirectory", Bool), ("enablePlugins", Bool)])),
            ("skipWait", Bool),
            ("serverSideApply", Str),
            ("enableTemplating", Bool),
        ])),
    ),
    (
        "charts",
        List(&Struct(&[
            ("name", Str),
            ("helmRepository", Struct(&[("name", Str), ("url", Str), ("version", Str)])),
            ("git", Struct(&[("url", Str), ("path", Str), ("ref", Struct(GIT_REF_FIELDS))])),
            ("local", Struct(&[("path", Str)])),
            ("oci", Struct(&[("url", Str), ("ref", Struct(&[("tag", Str), ("digest", Str)]))])),
            ("namespace", Str),
            ("releaseName", Str),
            ("skipWait", Bool),
            ("valuesFiles", List(&Struct(&[("path", Str), ("enableTemplating", Bool)]))),
            ("values", List(&Struct(CHART_VALUE_FIELDS))),
            ("skipSchemaValidation", Bool),
            ("serverSideApply", Str),
        ])),
    ),
    (
        "files",
        List(&Struct(&[
            ("source", Str),
            ("checksum", Str),
            ("destination", Str),
            ("executable", Bool),
            ("symlinks", List(&Str)),
            ("extractPath", Str),
            ("enableTemplating", Bool),
        ])),
    ),
    ("images", List(&Struct(&[("name", ReadStr), ("source", Str)]))),
    ("imageArchives", List(&Struct(IMAGE_ARCHIVE_FIELDS))),
    ("repositories", List(&Struct(&[("url", Str), ("ref", Struct(GIT_REF_FIELDS))]))),
    ("actions", Struct(&[("onCreate", B_ACTION_SET), ("onDeploy", B_ACTION_SET), ("onRemove", B_ACTION_SET)])),
    ("service", Str),
    ("stateAccess", List(&Str)),
]);

/// `v1beta1.Package`.
pub(crate) static V1BETA1: Ty = Struct(&[
    ("apiVersion", ReadStr),
    ("kind", ReadStr),
    (
        "metadata",
        Struct(&[
            ("name", ReadStr),
            ("description", Str),
            ("version", ReadStr),
            ("uncompressed", Bool),
            ("architecture", ReadStr),
            ("annotations", Map(&Str)),
            ("preventNamespaceOverride", Bool),
        ]),
    ),
    (
        "build",
        Struct(&[
            ("hostname", Str),
            ("user", Str),
            ("timestamp", Str),
            ("architecture", ReadStr),
            ("version", ReadStr),
            ("migrations", List(&Str)),
            ("registryOverrides", Map(&Str)),
            ("differential", Bool),
            ("differentialPackageVersion", Str),
            ("flavor", ReadStr),
            ("signed", Bool),
            ("versionRequirements", List(&Struct(VERSION_REQUIREMENT_FIELDS))),
            ("provenanceFiles", List(&ReadStr)),
            ("aggregateChecksum", ReadStr),
        ]),
    ),
    ("components", List(&B_COMPONENT)),
    ("values", Struct(VALUES_FIELDS)),
    ("documentation", Map(&Str)),
]);

/// What Zarf decodes from *every* document, whatever its apiVersion, to choose one
/// (`pkgcfg.apiVersionFromNode`: a struct with one string field).
pub(crate) static PROBE: Ty = Struct(&[("apiVersion", ReadStr)]);

// Field lists shared by several structs.
const SHELL_FIELDS: &[(&str, Ty)] = &[("windows", Str), ("linux", Str), ("darwin", Str)];
const WAIT_CLUSTER_FIELDS: &[(&str, Ty)] = &[("kind", Str), ("name", Str), ("namespace", Str), ("condition", Str)];
const CHART_VALUE_FIELDS: &[(&str, Ty)] = &[("sourcePath", Str), ("targetPath", Str), ("excludePaths", List(&Str))];
const IMAGE_ARCHIVE_FIELDS: &[(&str, Ty)] = &[("path", Str), ("images", List(&ReadStr))];
const VERSION_REQUIREMENT_FIELDS: &[(&str, Ty)] = &[("version", Str), ("reason", Str)];
const VALUES_FIELDS: &[(&str, Ty)] = &[("files", List(&Str)), ("schema", Str)];
const GIT_REF_FIELDS: &[(&str, Ty)] = &[("tag", Str), ("branch", Str), ("commit", Str)];

/// Whether goccy/go-yaml reads `s`, written as a plain (unquoted) scalar, as anything but a string
/// (for the Go differential test).
pub fn goccy_plain_scalar_is_not_string(s: &str) -> bool {
    goccy_plain_is_not_string(s)
}

/// Whether zverify accepts the string `s` for an `int` field (for the Go differential test: Zarf's
/// decoder must accept every one of these).
pub fn string_accepted_for_int(s: &str) -> bool {
    int_ok(&Value::String(s.to_owned()), i64::MIN, i64::MAX)
}

/// How many mismatches one report lists.
const MAX_REPORTED: usize = 8;
/// Deeper than any Zarf struct; bounds the walk (the merged tree is already bounded).
const MAX_DEPTH: usize = 64;

/// One field zverify refuses, as `path: expected …, found …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub message: String,
    /// Zarf's decoder refuses it too (else zverify is stricter: it cannot read the value exactly
    /// as Zarf does, though Zarf may load the package).
    pub zarf_refuses: bool,
}

/// Check one document against a type table.
pub(crate) fn check(doc: &Value, ty: &Ty) -> Vec<Mismatch> {
    let mut out = Out(Vec::new());
    walk(doc, ty, &mut String::new(), &mut out, 0);
    out.0
}

struct Out(Vec<Mismatch>);

impl Out {
    /// Zarf's decoder refuses this too.
    fn refused(&mut self, message: String) {
        self.0.push(Mismatch { message, zarf_refuses: true });
    }
    /// zverify cannot read this as Zarf does.
    fn unreadable(&mut self, message: String) {
        self.0.push(Mismatch { message, zarf_refuses: false });
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

fn found(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => format!("a value tagged {}", t.tag),
    }
}

fn at(path: &str) -> &str {
    if path.is_empty() {
        "(document)"
    } else {
        path
    }
}

fn walk(v: &Value, ty: &Ty, path: &mut String, out: &mut Out, depth: usize) {
    if out.len() >= MAX_REPORTED {
        return;
    }
    if depth > MAX_DEPTH {
        out.unreadable(format!("{}: nested deeper than any Zarf field", at(path)));
        return;
    }
    if let Value::Tagged(_) = v {
        // goccy interprets the standard tags (`!!int 12abc` is 0, `!!binary` is decoded) and ignores
        // others; serde_norway keeps non-standard ones. zverify does not interpret tags.
        if !matches!(ty, Any) {
            out.unreadable(format!(
                "{}: {} (zverify does not read YAML tags; Zarf never writes them)",
                at(path),
                found(v)
            ));
        }
        return;
    }
    // Null decodes to the zero value of every type (goccy skips null nodes).
    if matches!(v, Value::Null) {
        return;
    }
    let mismatch =
        |what: &str, out: &mut Out| out.refused(format!("{}: expected {what}, found {}", at(path), found(v)));
    match ty {
        Any => {}
        Str => {
            if !matches!(v, Value::String(_) | Value::Bool(_) | Value::Number(_)) {
                mismatch("a string", out);
            }
        }
        ReadStr => match v {
            Value::String(s) if plain_reads_differently(s) => out.unreadable(format!(
                "{}: the string {s:?} is read by Zarf's YAML decoder as a number or keyword when it is not quoted, and zverify cannot tell whether it was; quote it",
                at(path)
            )),
            // goccy reads the same six words as booleans as serde_norway does, and renders them
            // "true" / "false", as zverify does.
            Value::String(_) | Value::Bool(_) => {}
            Value::Number(_) => out.unreadable(format!(
                "{}: expected a string, found {} (Zarf would read it as text in Go's formatting, which zverify does not reproduce for a field it checks; quote it)",
                at(path),
                found(v)
            )),
            _ => mismatch("a string", out),
        },
        Bool => {
            if !matches!(v, Value::Bool(_)) {
                mismatch("a boolean (true or false)", out);
            }
        }
        Int | Int32 => {
            let (min, max) = if matches!(ty, Int32) { (i32::MIN as i64, i32::MAX as i64) } else { (i64::MIN, i64::MAX) };
            let negative_float = matches!(v, Value::Number(n) if n.as_i64().is_none() && n.as_u64().is_none() && n.as_f64().is_some_and(|f| f < 0.0 && f.is_finite()));
            if negative_float {
                // goccy accepts `-1.5` (as -1) but refuses `-1e3`; serde_norway reads both as floats.
                out.unreadable(format!(
                    "{}: expected an integer, found {} (Zarf's decoder accepts some negative floats and refuses others that zverify cannot tell apart; write an integer)",
                    at(path),
                    found(v)
                ));
            } else if !int_ok(v, min, max) {
                let bits = if matches!(ty, Int32) { "32" } else { "64" };
                mismatch(&format!("an integer that fits in {bits} bits"), out);
            }
        }
        List(item) => match v {
            Value::Sequence(items) => {
                for (i, x) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(x, item, path, out, depth + 1);
                    path.truncate(len);
                }
            }
            _ => mismatch("a list", out),
        },
        Map(value_ty) => match v {
            Value::Mapping(m) => {
                let mut keys = std::collections::BTreeSet::new();
                for (k, x) in m {
                    let key = match k {
                        Value::String(s) => s.clone(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        other => {
                            out.unreadable(format!(
                                "{}: the key {} is not a string (zverify does not reproduce how Zarf converts it)",
                                at(path),
                                found(other)
                            ));
                            continue;
                        }
                    };
                    if !keys.insert(key.clone()) {
                        out.refused(format!(
                            "{}: the key {key:?} is given twice once keys are read as strings; Zarf's decoder refuses that",
                            at(path)
                        ));
                    }
                    let len = path.len();
                    path.push_str(&format!("[{key:?}]"));
                    walk(x, value_ty, path, out, depth + 1);
                    path.truncate(len);
                }
            }
            _ => mismatch("a mapping", out),
        },
        Struct(fields) => match v {
            Value::Mapping(m) => {
                for k in m.keys() {
                    let bad = match k {
                        Value::String(s) => plain_reads_differently(s),
                        _ => true,
                    };
                    if bad {
                        out.unreadable(format!(
                            "{}: the key {} is not a plain string; Zarf's YAML decoder then silently ignores every field of this mapping, so zverify cannot read it as Zarf does",
                            at(path),
                            found(k)
                        ));
                        return;
                    }
                }
                for (k, x) in m {
                    let Value::String(k) = k else { continue };
                    // Unknown keys are ignored, as Zarf ignores them.
                    if let Some((_, field_ty)) = fields.iter().find(|(name, _)| name == k) {
                        let len = path.len();
                        if !path.is_empty() {
                            path.push('.');
                        }
                        path.push_str(k);
                        walk(x, field_ty, path, out, depth + 1);
                        path.truncate(len);
                    }
                }
            }
            _ => mismatch("a mapping", out),
        },
    }
}

/// Whether goccy accepts this value for an `int` of the given range (see the module docs).
fn int_ok(v: &Value, min: i64, max: i64) -> bool {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                (min..=max).contains(&i)
            } else if n.as_u64().is_some() {
                false // above i64::MAX: goccy reports an overflow
            } else {
                // A float: goccy truncates it (negative ones are handled by the caller).
                n.as_f64().is_some_and(|f| f.is_finite() && f >= 0.0 && f.trunc() <= max as f64)
            }
        }
        // goccy: strconv.ParseFloat, then 0 <= x and no overflow of the target.
        Value::String(s) => {
            crate::go::strconv::parse_float_decimal(s).is_some_and(|f| f >= 0.0 && f.trunc() <= max as f64)
        }
        _ => false,
    }
}

/// Whether `s`, written without quotes, is a scalar goccy reads as something other than this
/// string (a null, boolean, infinity, NaN or number: goccy `token.New`) while serde_norway reads it
/// as this very string — so a string value cannot tell zverify whether it was quoted.
pub(crate) fn plain_reads_differently(s: &str) -> bool {
    goccy_plain_is_not_string(s) && matches!(serde_norway::from_str::<Value>(s), Ok(Value::String(ref t)) if t == s)
}

/// goccy/go-yaml v1.19.2 `token.New`: reserved keywords, then `token.ToNumber`.
fn goccy_plain_is_not_string(s: &str) -> bool {
    const RESERVED: [&str; 19] = [
        "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE", ".inf", ".Inf", ".INF",
        "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
    ];
    RESERVED.contains(&s) || goccy_number(s)
}

/// goccy `token.toNumber`: `_` anywhere but first is dropped, a sign, then `0x`/`0o`/`0b`/leading-0
/// octal integers, one `.` makes a float, else decimal; out-of-range values are strings.
fn goccy_number(s: &str) -> bool {
    if s.is_empty() || s.starts_with('_') {
        return false;
    }
    let dots = s.matches('.').count();
    if dots > 1 {
        return false;
    }
    let negative = s.starts_with('-');
    let unsigned = s.strip_prefix('+').unwrap_or(s);
    let unsigned = unsigned.strip_prefix('-').unwrap_or(unsigned);
    let n: String = unsigned.chars().filter(|&c| c != '_').collect();
    let (digits, radix) = if let Some(h) = n.strip_prefix("0x") {
        (h.to_owned(), 16)
    } else if let Some(o) = n.strip_prefix("0o") {
        (o.to_owned(), 8)
    } else if let Some(b) = n.strip_prefix("0b") {
        (b.to_owned(), 2)
    } else if n.starts_with('0') && n.len() > 1 && dots == 0 {
        (n.clone(), 8)
    } else if dots == 1 {
        // Go ParseFloat; Rust's grammar is close (both read "1.", ".5", "1.5e3"); treating a
        // near-miss as a number only makes zverify stricter.
        let text = if negative { format!("-{n}") } else { n };
        return text.parse::<f64>().is_ok_and(f64::is_finite);
    } else {
        (n.clone(), 10)
    };
    // Go's ParseInt/ParseUint take an optional sign we already removed; digits only.
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return false;
    }
    if negative {
        i64::from_str_radix(&format!("-{digits}"), radix).is_ok()
    } else {
        u64::from_str_radix(&digits, radix).is_ok()
    }
}

/// Where the text uses a YAML tag (`!!int 7`, `!foo x`, `!<…>`), as a line and column, or None.
///
/// serde_norway resolves the standard tags silently (`!!int 7` is the number 7), while goccy gives
/// them its own meaning: `!!int` yields a Go `int` that no int field accepts, a tag on a list panics
/// the decoder, `!!int 12abc` is 0. zverify does not interpret tags, so any tag is an error. A tag is
/// a `!` where a node starts; plain scalars cannot start with `!`, so outside quoted scalars,
/// comments and block scalars this finds exactly the tags (a `!` opening a continuation line of a
/// multi-line plain scalar is taken for one too: stricter, and never written by Zarf).
pub(crate) fn find_tag(text: &str) -> Option<(usize, usize)> {
    let mut quote: Option<u8> = None;
    // While inside a block scalar (`|`, `>`): the indentation of the line that opened it.
    let mut block: Option<usize> = None;
    // Depth of flow collections (`[`, `{`), where `,` separates nodes.
    let mut flow = 0usize;
    for (n, line) in text.lines().enumerate() {
        let b = line.as_bytes();
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        if let Some(parent) = block {
            if indent == b.len() || indent > parent {
                continue;
            }
            block = None;
        }
        let mut i = 0;
        let mut token_start = quote.is_none();
        // A document marker: the document's root node may follow it on the same line.
        if quote.is_none()
            && (b.starts_with(b"---") || b.starts_with(b"..."))
            && matches!(b.get(3), None | Some(b' ' | b'\t'))
        {
            i = 3;
        }
        while i < b.len() {
            let c = b[i];
            if let Some(q) = quote {
                if q == b'"' && c == b'\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                }
                i += 1;
                continue;
            }
            if c == b' ' || c == b'\t' {
                i += 1;
                continue;
            }
            if c == b'#' && (i == 0 || matches!(b[i - 1], b' ' | b'\t')) {
                break;
            }
            if token_start {
                match c {
                    b'!' => return Some((n + 1, i + 1)),
                    b'"' | b'\'' => {
                        quote = Some(c);
                        token_start = false;
                        i += 1;
                        continue;
                    }
                    b'|' | b'>' => {
                        block = Some(indent);
                        break;
                    }
                    b'-' | b'?' | b':' if matches!(b.get(i + 1), None | Some(b' ' | b'\t')) => {
                        i += 1;
                        continue;
                    }
                    b'[' | b'{' => {
                        flow += 1;
                        i += 1;
                        continue;
                    }
                    b',' if flow > 0 => {
                        i += 1;
                        continue;
                    }
                    b'&' => {
                        // An anchor; the node follows it.
                        while i < b.len() && !matches!(b[i], b' ' | b'\t') {
                            i += 1;
                        }
                        continue;
                    }
                    _ => token_start = false,
                }
            }
            // Inside a plain scalar or after a node: the next node starts after an indicator.
            match c {
                b':' if matches!(b.get(i + 1), None | Some(b' ' | b'\t')) => token_start = true,
                b',' if flow > 0 => token_start = true,
                b']' | b'}' if flow > 0 => flow -= 1,
                _ => {}
            }
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    //! Each verdict below was first observed with goccy/go-yaml v1.19.2 decoding into Zarf's own
    //! structs (zarf-dev/zarf 97a1b4d, `pkgcfg.ParseMultiDoc`'s steps); the ones marked "oracle"
    //! were also confirmed with the real Zarf oracle on an edited real package. "Zarf accepts" next
    //! to an error marks where zverify is deliberately stricter.
    use super::*;
    use crate::zarf::yaml::parse;

    const ALPHA: &str = "kind: ZarfPackageConfig\nmetadata:\n  name: a\n";
    const BETA: &str = "apiVersion: zarf.dev/v1beta1\nkind: ZarfPackageConfig\nmetadata:\n  name: a\n";

    fn verdict(head: &str, body: &str) -> Result<(), String> {
        parse(format!("{head}{body}\n").as_bytes()).map(|_| ()).map_err(|e| e.to_string())
    }

    fn accepts(head: &str, body: &str) {
        if let Err(e) = verdict(head, body) {
            panic!("{body:?} must be accepted: {e}");
        }
    }

    fn refuses(head: &str, body: &str, needle: &str) {
        match verdict(head, body) {
            Ok(()) => panic!("{body:?} must be refused"),
            Err(e) => assert!(e.to_string().contains(needle), "{body:?}: {e:?} lacks {needle:?}"),
        }
    }

    #[test]
    fn bool_fields_take_only_yaml_booleans() {
        for ok in ["True", "FALSE", "false", "~", "null", ""] {
            accepts(ALPHA, &format!("build: {{signed: {ok}}}"));
        }
        // oracle: `{}` is "cannot unmarshal map[string]interface {} into ... of type bool".
        refuses(ALPHA, "build:\n  signed: {}", "build.signed: expected a boolean (true or false), found a mapping");
        // oracle: `yes` and `"true"` are strings to goccy (YAML 1.2), refused for a bool.
        for bad in ["yes", "\"true\"", "on", "1", "[true]"] {
            refuses(ALPHA, &format!("build: {{signed: {bad}}}"), "build.signed: expected a boolean");
        }
        refuses(ALPHA, "components:\n- name: c\n  required: 1", "components[0].required: expected a boolean");
        refuses(BETA, "metadata:\n  preventNamespaceOverride: no", "");
    }

    #[test]
    fn string_fields_take_any_scalar_but_not_collections() {
        // goccy converts numbers and booleans to text (1.5 -> "1.5", 1.0 -> "1", true -> "true").
        for ok in ["1.5", "1.0", "true", "-3", "1e3", "~", "0x10", "\"x\"", "2001-01-01"] {
            accepts(ALPHA, &format!("build: {{timestamp: {ok}}}"));
        }
        refuses(ALPHA, "build: {timestamp: [a]}", "build.timestamp: expected a string, found a list");
        refuses(ALPHA, "build: {timestamp: {a: b}}", "build.timestamp: expected a string, found a mapping");
        refuses(ALPHA, "documentation: {readme: [a]}", "documentation[\"readme\"]: expected a string");
    }

    #[test]
    fn strings_zverify_reads_must_be_strings_it_can_read_as_zarf_does() {
        // oracle: `version: 0.1.0` (two dots) is a string to goccy; `"1.0"` is quoted.
        accepts(ALPHA, "  version: 0.1.0");
        accepts(ALPHA, "  version: \"1.0\"");
        accepts(ALPHA, "  version: true"); // "true" both ways
                                           // Zarf accepts and reads "1": zverify does not reproduce Go's float formatting.
        refuses(ALPHA, "  version: 1.0", "metadata.version: expected a string, found the number 1.0");
        // `1_000` and `017` are numbers to goccy when plain ("1000", "15"), strings to serde_norway.
        refuses(
            ALPHA,
            "  version: 1_000",
            "metadata.version: the string \"1_000\" is read by Zarf's YAML decoder as a number",
        );
        refuses(ALPHA, "  version: 017", "as a number or keyword");
        // A checksum of zeros written plain is the octal number 0 to goccy: Zarf reads "0".
        refuses(ALPHA, &format!("  aggregateChecksum: {}", "0".repeat(64)), "metadata.aggregateChecksum: the string");
        // Hex with a letter, or more digits than a u64 holds, stays a string for goccy.
        accepts(ALPHA, &format!("  aggregateChecksum: {}", "0".repeat(63) + "a"));
        refuses(ALPHA, "components:\n- name: c\n  images: [nginx, 5]", "components[0].images[1]: expected a string");
    }

    #[test]
    fn int_fields_follow_goccy() {
        let action = |v: &str| {
            format!("components:\n- name: c\n  actions:\n    onDeploy:\n      defaults:\n        maxRetries: {v}")
        };
        // Integers, floats (truncated), strings ParseFloat reads from 0 up, null.
        for ok in ["5", "-1", "1.7", "1e3", "\"5\"", "\"1_0\"", "\"2.5e1\"", "3000000000", "~"] {
            accepts(ALPHA, &action(ok));
        }
        // "-5" is an overflow to goccy (strings must be >= 0); booleans never convert; " 5" and
        // "0x10" are not numbers to ParseFloat.
        for bad in ["\"-5\"", "true", "\" 5\"", "\"0x10\"", "[1]", "{a: 1}", "9223372036854775808", ".nan"] {
            refuses(ALPHA, &action(bad), "components[0].actions.onDeploy.defaults.maxRetries: expected an integer");
        }
        // Zarf accepts -1.5 (as -1); serde_norway cannot tell it from `-1e3`, which Zarf refuses.
        refuses(ALPHA, &action("-1.5"), "expected an integer");
        // v1beta1 counts are int32.
        let beta = |v: &str| {
            format!("components:\n- name: c\n  actions:\n    onDeploy:\n      defaults:\n        retries: {v}")
        };
        accepts(BETA, &beta("2147483647"));
        refuses(BETA, &beta("3000000000"), "expected an integer that fits in 32 bits");
    }

    #[test]
    fn lists_maps_and_structs() {
        // oracle (mut-yaml-021): a string where a versionRequirement mapping is expected.
        refuses(
            ALPHA,
            "build:\n  versionRequirements:\n  - version: v1\n  - checksums.txt",
            "build.versionRequirements[1]: expected a mapping, found the string \"checksums.txt\"",
        );
        refuses(ALPHA, "components: x", "components: expected a list");
        refuses(ALPHA, "components:\n- name: c\n  images: {a: b}", "components[0].images: expected a list");
        // v1alpha1 images are strings, v1beta1 images are {name, source} mappings.
        refuses(
            ALPHA,
            "components:\n- name: c\n  images: [{name: nginx}]",
            "components[0].images[0]: expected a string",
        );
        refuses(BETA, "components:\n- name: c\n  images: [nginx]", "components[0].images[0]: expected a mapping");
        accepts(BETA, "components:\n- name: c\n  images: [{name: nginx, source: registry}]");
        accepts(ALPHA, "metadata2: [whatever]\ncomponents:\n- name: c\n  unknownField: {a: [1]}");
        refuses(ALPHA, "  annotations: [a]", "metadata.annotations: expected a mapping");
        refuses(ALPHA, "  annotations: {a: {b: c}}", "metadata.annotations[\"a\"]: expected a string");
        // goccy: `{1: a, 1.0: b}` is a duplicate key "1"; zverify refuses number keys outright.
        refuses(ALPHA, "  annotations: {1: a}", "the key the number 1 is not a string");
        accepts(ALPHA, "  annotations: {yes: a, ~: b}");
        // `any` (v1alpha1 setValues[].value) takes anything.
        accepts(
            ALPHA,
            "components:\n- name: c\n  actions:\n    onDeploy:\n      before:\n      - cmd: x\n        setValues:\n        - {key: k, value: [1, {a: b}]}",
        );
        // Inlined structs: v1alpha1 variables (Variable inlined), v1beta1 components (ComponentSpec).
        refuses(ALPHA, "variables:\n- name: V\n  sensitive: 1", "variables[0].sensitive: expected a boolean");
        refuses(BETA, "components:\n- name: c\n  target: linux", "components[0].target: expected a mapping");
    }

    #[test]
    fn a_mapping_with_a_key_that_is_not_a_string_is_an_error() {
        // goccy decodes such a mapping into a struct as an empty struct, silently: Zarf would read
        // `build` (or the whole document) as if it had no fields.
        refuses(ALPHA, "build: {1: x, version: v1}", "build: the key the number 1 is not a plain string");
        refuses(ALPHA, "build: {~: x}", "build: the key null is not a plain string");
        refuses(ALPHA, "build: {1_0: x}", "build: the key the string \"1_0\" is not a plain string");
        refuses(ALPHA, "1: x", "(document): the key the number 1");
        accepts(ALPHA, "build: {yes: x}");
    }

    #[test]
    fn every_document_is_decoded_for_its_api_version() {
        // Zarf reads apiVersion from every document (a struct with one string field) before it
        // chooses one: a document that is not a mapping fails the load, whatever its apiVersion.
        refuses(ALPHA, "---\n- a", "a document's apiVersion of a type Zarf's decoder cannot decode into its Go struct, so Zarf refuses to load the package: (document): expected a mapping, found a list");
        refuses(ALPHA, "---\nhello", "expected a mapping");
        refuses(ALPHA, "---\napiVersion: [x]", "apiVersion: expected a string");
        // Only the apiVersion of an unknown document is decoded.
        accepts(ALPHA, "---\napiVersion: zarf.dev/v9\nkind: [x]");
        // Both known documents are checked in full: current Zarf decodes the v1beta1 one, older
        // versions the v1alpha1 one.
        let beta = "---\napiVersion: zarf.dev/v1beta1\nkind: ZarfPackageConfig\nmetadata:\n  name: a\n";
        refuses(ALPHA, &format!("build: {{signed: yes}}\n{beta}"), "(in the zarf.dev/v1alpha1 document)");
        refuses(ALPHA, &format!("{beta}build: {{signed: yes}}"), "(in the zarf.dev/v1beta1 document)");
    }

    #[test]
    fn tags_are_errors_wherever_they_are() {
        // goccy: `!!int 7` is a Go int no int field accepts; a tag on a list panics its decoder.
        for bad in [
            "build: {signed: !!bool true}",
            "build:\n  migrations: !!seq [a]",
            "build: {version: !foo x}",
            "x: [a, !!str b]",
            "x: &a !!str b",
        ] {
            refuses(ALPHA, bad, "uses a YAML tag");
        }
        // A `!` inside scalars, quotes, comments and block scalars is no tag.
        accepts(
            ALPHA,
            "components:\n- name: c\n  actions:\n    onDeploy:\n      before:\n      - cmd: |\n          echo !x\n          !y\n        description: \"hi !x\" # !z\n      - cmd: echo a!b, !c\n        dir: 'it''s !'\n",
        );
        assert_eq!(find_tag("a: b\nc: [d, !e]\n"), Some((2, 8)));
        assert_eq!(find_tag("a: >\n  !b\nc: !d\n"), Some((3, 4)));
        assert_eq!(find_tag("--- !!map\nkind: x\n"), Some((1, 5)));
        assert_eq!(find_tag("---\n- a\n...\n"), None);
    }

    #[test]
    fn goccy_scalar_resolution() {
        for n in ["1", "-1", "+5", "0x1F", "-0x1F", "0o17", "017", "0b101", "1_000", "1.5", ".5", "1.", "-0.0"] {
            assert!(goccy_number(n), "{n}");
        }
        // Two dots, a leading `_`, bad octal, out of range (strings to goccy), exponent without a dot.
        for s in ["0.1.0", "_1", "08", "99999999999999999999", "1e3", "1.0e400", "0x", "1.5.6", "v1", ""] {
            assert!(!goccy_number(s), "{s}");
        }
        assert!(
            goccy_plain_is_not_string("~") && goccy_plain_is_not_string("TRUE") && goccy_plain_is_not_string("-.inf")
        );
        assert!(!goccy_plain_is_not_string("yes") && !goccy_plain_is_not_string("on"));
        // Ambiguous only where serde_norway would read the plain text as this same string.
        assert!(plain_reads_differently("1_000") && plain_reads_differently("017"));
        assert!(
            !plain_reads_differently("1.0") && !plain_reads_differently("true") && !plain_reads_differently("nginx")
        );
    }

    #[test]
    fn zarf_built_documents_pass() {
        // The shapes real Zarf writes (from the vectors), both apiVersions.
        let alpha = "kind: ZarfPackageConfig\nmetadata:\n  name: real-create\n  version: 0.1.0\n  architecture: amd64\n  aggregateChecksum: 79f54db97f73595f1ffccd0f7f573850d9c555b4bb34594d637331e19167481a\nbuild:\n  architecture: amd64\n  timestamp: Fri, 27 Nov 2026 23:46:27 +0000\n  version: unset-development-only\n  migrations:\n  - scripts-to-actions\n  signed: false\n  versionRequirements:\n  - version: v0.77.0\n    reason: This package contains multi-platform images preserved by index digest, which require v0.77.0+\n  provenanceFiles:\n  - checksums.txt\ncomponents:\n- name: app\n  required: true\n  images:\n  - 127.0.0.1:5055/acme/single:1.0\n";
        let doc: Value = serde_norway::from_str(alpha).unwrap();
        assert_eq!(check(&doc, &V1ALPHA1), Vec::new());
        assert_eq!(find_tag(alpha), None);
        parse(alpha.as_bytes()).unwrap();
    }
}
