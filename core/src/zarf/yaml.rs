//! zarf.yaml, read tolerantly across versions: v1alpha1 (one document, `apiVersion` absent),
//! multi-document files (v0.75.1+: v1alpha1 then v1beta1), and v1beta1 alone.
//!
//! Read as Zarf reads it (zarf-dev/zarf `src/internal/pkgcfg`: goccy/go-yaml `NodeToValue` into
//! structs whose fields carry `json` tags):
//! - YAML merge keys (`<<`) are applied before anything is read, as goccy applies them when it
//!   decodes a mapping: the merged mapping's keys join the surrounding ones, and a key present
//!   twice (explicitly and through a merge, or through two merges) is a duplicate-key error; a
//!   list of mappings as a merge value is refused for struct fields. serde_norway leaves `<<` as a
//!   plain key, so without this the images a component lists through a merge would go unchecked.
//! - Keys match struct fields exactly (the tag name, case-sensitively): `Images:` is an unknown
//!   field that Zarf ignores, and so does zverify.
//! - Fields zverify reads must have the type Zarf decodes them into (a list of strings, …): a value
//!   of another type makes Zarf's decode fail, so it is an error here, never an empty list.
//! - Documents: Zarf reads each known apiVersion (absent = `zarf.dev/v1alpha1`; `zarf.dev/v1beta1`)
//!   at most once (a duplicate is refused) and skips unknown ones; current Zarf decodes v1beta1 when
//!   present, older versions v1alpha1. When both are present they must agree on what is checked.

use serde::Deserialize;
use serde_norway::{Mapping, Value};
use std::fmt;

use super::yaml_types;

/// Why zarf.yaml cannot be read as Zarf reads it (each is a ZV501 finding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlError {
    NotUtf8(std::str::Utf8Error),
    /// Not YAML: the parser's message.
    Syntax(String),
    /// Nesting past `MAX_MERGE_DEPTH` while applying merge keys.
    TooDeep,
    /// Merges nested past `MAX_MERGE_DEPTH`.
    MergesTooDeep,
    /// A key twice in one mapping once merges are applied.
    DuplicateKey {
        key: String,
    },
    /// `<<: [*a, *b]`.
    MergeList,
    /// `<<` with a value that is not a mapping (its kind).
    MergeNotMapping {
        found: &'static str,
    },
    /// Two documents of one apiVersion.
    DuplicateApiVersion {
        api: String,
    },
    /// No document of a known apiVersion and kind, out of `documents`.
    NoPackageDocument {
        documents: usize,
    },
    /// A field of the wrong type: `field` is e.g. `components[0].images`, `expected` "a list".
    WrongType {
        field: String,
        found: &'static str,
        expected: &'static str,
    },
    /// A v1beta1 image mapping without a string `name`.
    ImageWithoutName {
        field: String,
    },
    NoName,
    /// A YAML tag (`!!str`, `!x`) at this line and column.
    Tag {
        line: usize,
        column: usize,
    },
    /// A directive (`%YAML`, `%TAG`) at this line: goccy/go-yaml makes it a document of its own.
    Directive {
        line: usize,
    },
    /// A document separator at `line` that goccy/go-yaml's document grouping mishandles: `---`
    /// right after another `---` (it drops the rest of the file), or `...` right after `---`
    /// with more after it (a syntax error).
    Separators {
        line: usize,
        end_marker: bool,
    },
    /// An empty sequence entry (`-` and nothing else) at this line, followed by a mapping key at
    /// the dash's own indentation: goccy/go-yaml makes that mapping the entry's value.
    EmptyEntryTakesMapping {
        line: usize,
    },
    /// Document `index` (1-based) is an explicit null (`~`, `null`).
    NullDocument {
        index: usize,
    },
    /// Fields of the wrong type for Zarf's Go structs; `what` says which ("a field").
    Types {
        what: &'static str,
        mismatches: Vec<yaml_types::Mismatch>,
    },
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            YamlError::NotUtf8(e) => write!(f, "zarf.yaml is not UTF-8: {e}"),
            YamlError::Syntax(e) => write!(f, "zarf.yaml is not valid YAML: {e}"),
            YamlError::TooDeep => write!(f, "zarf.yaml nests more than {MAX_MERGE_DEPTH} levels"),
            YamlError::MergesTooDeep => write!(f, "zarf.yaml merges more than {MAX_MERGE_DEPTH} levels deep"),
            YamlError::DuplicateKey { key } => write!(
                f,
                "zarf.yaml has the key \"{key}\" twice in one mapping once merge keys (`<<`) are applied; Zarf's YAML decoder refuses duplicate keys"
            ),
            YamlError::MergeList => f.write_str("zarf.yaml merges a list of mappings (`<<: [*a, *b]`); Zarf's YAML decoder refuses that for the package's fields"),
            YamlError::MergeNotMapping { found } => write!(f, "zarf.yaml merges {found} (`<<` needs a mapping)"),
            YamlError::DuplicateApiVersion { api } => write!(
                f,
                "zarf.yaml has two {api} documents; Zarf refuses a package definition with a duplicate apiVersion"
            ),
            YamlError::NoPackageDocument { documents } => write!(
                f,
                "zarf.yaml has no zarf.dev/v1alpha1 or zarf.dev/v1beta1 document with kind {} (found {documents} document(s))",
                KINDS.join(" or ")
            ),
            YamlError::WrongType { field, found, expected } => {
                write!(f, "zarf.yaml {field} is {found}, not {expected}")
            }
            YamlError::ImageWithoutName { field } => {
                write!(f, "zarf.yaml {field} is a mapping without a string `name`")
            }
            YamlError::NoName => f.write_str("zarf.yaml has no metadata.name"),
            YamlError::Tag { line, column } => write!(
                f,
                "zarf.yaml uses a YAML tag at line {line}, column {column}; Zarf's YAML decoder gives tags its own meaning (a tagged list makes it crash, `!!int` fits no int field) and zverify does not interpret them; Zarf never writes them"
            ),
            YamlError::Directive { line } => write!(
                f,
                "zarf.yaml has a YAML directive at line {line}; Zarf's YAML parser (goccy/go-yaml) reads it as a document of its own and refuses to load the package (\"directive was used where mapping is expected\")"
            ),
            YamlError::Separators { line, end_marker: false } => write!(
                f,
                "zarf.yaml has a second document separator `---` right after another at line {line}; Zarf's YAML parser (goccy/go-yaml) drops everything from there on, so Zarf reads another package definition than other YAML readers (none at all when nothing came before: \"no package definition found\")"
            ),
            YamlError::Separators { line, end_marker: true } => write!(
                f,
                "zarf.yaml has a document end `...` right after a separator `---` at line {line}, with more after it; Zarf's YAML parser (goccy/go-yaml) refuses that and Zarf does not load the package"
            ),
            YamlError::EmptyEntryTakesMapping { line } => write!(
                f,
                "zarf.yaml has an empty list entry `-` at line {line} followed by a key at the same indentation; Zarf's YAML parser (goccy/go-yaml) reads the keys after it as the entry's value, not as the enclosing mapping's (real Zarf then fails to decode the package: \"cannot unmarshal map … into Go struct field\"), other YAML readers as an empty entry"
            ),
            YamlError::NullDocument { index } => write!(
                f,
                "zarf.yaml document {index} is an explicit null; Zarf's decoder refuses it (null was used where a mapping is expected)"
            ),
            // Whether Zarf refuses the file too, or zverify only cannot read it exactly as Zarf does.
            YamlError::Types { what, mismatches } => {
                let list = mismatches.iter().map(|m| m.message.as_str()).collect::<Vec<_>>().join("; ");
                if mismatches.iter().any(|m| m.zarf_refuses) {
                    write!(f, "zarf.yaml has {what} of a type Zarf's decoder cannot decode into its Go struct, so Zarf refuses to load the package: {list}")
                } else {
                    write!(f, "zarf.yaml has {what} that zverify cannot read exactly as Zarf's decoder (goccy/go-yaml into Zarf's Go structs) does: {list}")
                }
            }
        }
    }
}

impl std::error::Error for YamlError {}

/// The v1alpha1 and v1beta1 documents of one zarf.yaml disagree on `fields` (a ZV501 finding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub fields: Vec<&'static str>,
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the zarf.dev/v1alpha1 and zarf.dev/v1beta1 documents of zarf.yaml disagree on {}: current Zarf reads the v1beta1 document, older versions the v1alpha1 one, so they would deploy different packages (zverify checked the v1alpha1 one)",
            self.fields.join(", ")
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Component {
    pub name: String,
    /// Image references as written.
    pub images: Vec<String>,
    /// What its tarball must hold.
    pub content: super::component::promises::Promises,
}

/// A zarf.yaml value that Zarf refuses as a path component when it loads the package
/// (zarf-dev/zarf `src/pkg/packager/layout/package.go`, `validatePackagePaths`: the value is `..`
/// or holds `/` or `\`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPath {
    /// Zarf's words for the field: `package metadata name`, `chart version`, ….
    pub field: &'static str,
    pub value: String,
    /// The component, for chart and manifest names (a component's own name is `value`).
    pub component: Option<String>,
    /// `zarf.dev/v1alpha1` or `zarf.dev/v1beta1`.
    pub document: &'static str,
}

impl InvalidPath {
    /// Zarf's own error message for it.
    pub fn zarf_message(&self) -> String {
        let value = go_quote(&self.value);
        match &self.component {
            Some(c) => format!("{} {value} in component {} would result in an invalid path", self.field, go_quote(c)),
            None => format!("{} {value} would result in an invalid path", self.field),
        }
    }
}

/// Go's `%q` for the characters these values hold in practice (backslash, quote, control
/// characters escaped; other characters as they are).
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Zarf's `isCleanPath`: not `..`, and no `/` or `\`.
pub fn is_clean_path(s: &str) -> bool {
    s != ".." && !s.contains(['/', '\\'])
}

#[derive(Debug, Clone, Default)]
pub struct ZarfYaml {
    pub api_version: Option<String>,
    /// `ZarfPackageConfig` or `ZarfInitConfig`.
    pub kind: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub architecture: Option<String>,
    pub flavor: Option<String>,
    /// `build.architecture` alone (Zarf names a joined split package by it), `None` when empty;
    /// with two known documents, `None` unless both set it.
    pub build_architecture: Option<String>,
    /// The name Zarf gives the package's file (`PackageLayout.FileName`): where a deploy of a
    /// split package writes the joined parts. `None` without `build.architecture`.
    pub file_name: Option<String>,
    pub aggregate_checksum: Option<String>,
    /// `build.version`: the Zarf CLI that built the package.
    pub build_version: Option<String>,
    pub signed: Option<bool>,
    pub provenance_files: Vec<String>,
    /// `build.signed` and `build.provenanceFiles` of the other known document (v1beta1 beside
    /// v1alpha1), when there is one: current Zarf decodes that one, older versions this one.
    pub other_signing: Option<(Option<bool>, Vec<String>)>,
    /// `build.versionRequirements`: (version, reason).
    pub version_requirements: Vec<(String, String)>,
    pub components: Vec<Component>,
    /// Values Zarf uses as path components and refuses on load (`validatePackagePaths`), from
    /// every known document.
    pub invalid_paths: Vec<InvalidPath>,
    /// Where the v1alpha1 and v1beta1 documents of one file disagree on what zverify checks: Zarf
    /// versions that read different documents would deploy different packages.
    pub disagreements: Vec<Disagreement>,
}

const KINDS: [&str; 2] = ["ZarfPackageConfig", "ZarfInitConfig"];

fn get<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |cur, k| cur.get(*k))
}

fn string(v: &Value, path: &[&str]) -> Option<String> {
    match get(v, path)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of strings, or of `{name: …}` mappings (v1beta1 images), as Zarf decodes it: absent or
/// null is empty; anything else of another type is an error (Zarf's decode fails on it).
fn strings(v: Option<&Value>, what: &str) -> Result<Vec<String>, YamlError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Sequence(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s.clone()),
                // v1beta1 image objects: {name, source}
                Value::Mapping(_) => match item.get("name") {
                    Some(Value::String(s)) => Ok(s.clone()),
                    _ => Err(YamlError::ImageWithoutName { field: format!("{what}[{i}]") }),
                },
                other => Err(YamlError::WrongType {
                    field: format!("{what}[{i}]"),
                    found: kind(other),
                    expected: "a string",
                }),
            })
            .collect(),
        Some(other) => Err(YamlError::WrongType { field: what.to_owned(), found: kind(other), expected: "a list" }),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// How deep merged mappings are followed (serde_norway has already bounded alias expansion; this
/// bounds the recursion).
const MAX_MERGE_DEPTH: usize = 128;

/// Apply merge keys (`<<`) everywhere, as goccy/go-yaml does when Zarf decodes zarf.yaml.
fn apply_merges(v: &mut Value, depth: usize) -> Result<(), YamlError> {
    if depth > MAX_MERGE_DEPTH {
        return Err(YamlError::TooDeep);
    }
    match v {
        Value::Mapping(m) => {
            if m.keys().any(is_merge_key) {
                *m = merged(m, depth)?;
            }
            for (_, child) in m.iter_mut() {
                apply_merges(child, depth + 1)?;
            }
        }
        Value::Sequence(items) => {
            for item in items {
                apply_merges(item, depth + 1)?;
            }
        }
        Value::Tagged(t) => apply_merges(&mut t.value, depth + 1)?,
        _ => {}
    }
    Ok(())
}

fn is_merge_key(k: &Value) -> bool {
    matches!(k, Value::String(s) if s == "<<")
}

fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        other => serde_norway::to_string(other).map(|t| t.trim_end().to_owned()).unwrap_or_default(),
    }
}

/// One mapping with its merge keys resolved (goccy `keyToNodeMap`): keys in order, merged ones at
/// the merge key's place; any key seen twice is an error.
fn merged(m: &Mapping, depth: usize) -> Result<Mapping, YamlError> {
    if depth > MAX_MERGE_DEPTH {
        return Err(YamlError::MergesTooDeep);
    }
    let mut out = Mapping::new();
    let put = |out: &mut Mapping, k: Value, v: Value| {
        if out.contains_key(&k) {
            return Err(YamlError::DuplicateKey { key: key_text(&k) });
        }
        out.insert(k, v);
        Ok(())
    };
    for (k, v) in m {
        if !is_merge_key(k) {
            put(&mut out, k.clone(), v.clone())?;
            continue;
        }
        let v = match v {
            Value::Tagged(t) => &t.value,
            v => v,
        };
        let source = match v {
            Value::Mapping(src) => src,
            Value::Sequence(_) => return Err(YamlError::MergeList),
            other => return Err(YamlError::MergeNotMapping { found: kind(other) }),
        };
        for (k2, v2) in merged(source, depth + 1)? {
            put(&mut out, k2, v2)?;
        }
    }
    Ok(out)
}

/// Document markers as goccy/go-yaml v1.19 (Zarf's YAML parser) groups them
/// (`parser/token.go`, `createDocumentTokens` and `createDirectiveTokenGroups`), line by line:
/// comments and blank lines are dropped before grouping there too. Three shapes are read
/// differently from serde_norway: a directive (goccy makes it a document, whose apiVersion Zarf
/// then cannot read); `---` right after `---` (goccy returns the documents so far and drops the
/// rest of the file); `---` then `...` with anything after (a goccy syntax error). Column-0 markers
/// only: a marker inside a block scalar is indented.
fn goccy_documents(text: &str) -> Result<(), YamlError> {
    #[derive(PartialEq)]
    enum Tok {
        Header,
        End,
        Other,
    }
    let marker =
        |l: &str, m: &str| l.strip_prefix(m).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']));
    let mut toks: Vec<(Tok, usize)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        let trimmed = line.trim_start_matches([' ', '\t', '\r']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line.starts_with('%') {
            return Err(YamlError::Directive { line: i + 1 });
        }
        if marker(line, "---") {
            toks.push((Tok::Header, i + 1));
            // Content after the marker on its line (`--- {a: 1}`) is a token of its own.
            let rest = line[3..].trim_start_matches([' ', '\t', '\r']);
            if !rest.is_empty() && !rest.starts_with('#') {
                toks.push((Tok::Other, i + 1));
            }
        } else if marker(line, "...") {
            toks.push((Tok::End, i + 1));
        } else {
            toks.push((Tok::Other, i + 1));
        }
    }
    empty_entries(text)?;
    for w in toks.windows(2) {
        if w[0].0 != Tok::Header {
            continue;
        }
        let after = toks.iter().any(|(_, l)| *l > w[1].1);
        match w[1].0 {
            Tok::Header if after => return Err(YamlError::Separators { line: w[1].1, end_marker: false }),
            Tok::End if after => return Err(YamlError::Separators { line: w[1].1, end_marker: true }),
            _ => {}
        }
    }
    Ok(())
}

/// An empty sequence entry (`-`, perhaps a comment after it) whose next content line is a
/// mapping key at the dash's own column: goccy/go-yaml v1.19 takes that mapping as the entry's
/// value (checked with real Zarf), YAML 1.2 readers an empty entry and a key of the parent.
fn empty_entries(text: &str) -> Result<(), YamlError> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let content = |l: &str| {
        let t = l.trim_start_matches([' ', '\t']);
        !t.is_empty() && !t.starts_with('#')
    };
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start_matches(' ');
        let Some(rest) = t.strip_prefix('-') else { continue };
        let rest = rest.trim_start_matches([' ', '\t']);
        if !(rest.is_empty() || rest.starts_with('#')) || l.starts_with("---") {
            continue;
        }
        let Some(next) = lines[i + 1..].iter().find(|n| content(n)) else { continue };
        let nt = next.trim_start_matches(' ');
        if indent(next) == indent(l) && !nt.starts_with('-') && !nt.starts_with("...") {
            return Err(YamlError::EmptyEntryTakesMapping { line: i + 1 });
        }
    }
    Ok(())
}

/// Parse zarf.yaml bytes. Errors are ZV501 findings.
pub fn parse(bytes: &[u8]) -> Result<ZarfYaml, YamlError> {
    let text = std::str::from_utf8(bytes).map_err(YamlError::NotUtf8)?;
    goccy_documents(text)?;
    if let Some((line, column)) = yaml_types::find_tag(text) {
        return Err(YamlError::Tag { line, column });
    }
    let mut docs = Vec::new();
    let mut null_docs = Vec::new();
    for (i, de) in serde_norway::Deserializer::from_str(text).enumerate() {
        let mut v = Value::deserialize(de).map_err(|e| YamlError::Syntax(e.to_string()))?;
        if matches!(v, Value::Null) {
            null_docs.push(i);
        } else {
            apply_merges(&mut v, 0)?;
            docs.push(v);
        }
    }
    // Zarf skips a document with no content, but decodes one that is an explicit null (`~`,
    // `null`) for its apiVersion, and refuses it ("null was used where mapping is expected").
    // serde_norway reads both as null; the scalar's text tells them apart ("" when empty).
    if !null_docs.is_empty() {
        for (i, de) in serde_norway::Deserializer::from_str(text).enumerate() {
            if null_docs.contains(&i) && !String::deserialize(de).unwrap_or_default().is_empty() {
                return Err(YamlError::NullDocument { index: i + 1 });
            }
        }
    }
    // Zarf decodes every document's apiVersion (a struct of one string field) before it chooses.
    let probe: Vec<yaml_types::Mismatch> = docs.iter().flat_map(|v| yaml_types::check(v, &yaml_types::PROBE)).collect();
    if !probe.is_empty() {
        return Err(YamlError::Types { what: "a document's apiVersion", mismatches: probe });
    }
    // Known apiVersions, as Zarf selects documents: absent, null or "" means v1alpha1 (Zarf's
    // normalizeAPIVersion sees the Go string, "" for all three); unknown ones are skipped.
    let mut alpha = None;
    let mut beta = None;
    for v in &docs {
        let api = string(v, &["apiVersion"]).filter(|a| !a.is_empty()).unwrap_or_else(|| "zarf.dev/v1alpha1".into());
        let slot = match api.as_str() {
            "zarf.dev/v1alpha1" => &mut alpha,
            "zarf.dev/v1beta1" => &mut beta,
            _ => continue,
        };
        if slot.replace(v).is_some() {
            return Err(YamlError::DuplicateApiVersion { api });
        }
    }
    // Every field's type, as Zarf's decoder (goccy/go-yaml into Zarf's structs) requires it: every
    // document is first decoded for its apiVersion, the chosen one in full. zverify checks both
    // known documents in full (older Zarf versions read the v1alpha1 one).
    let mut mismatches = Vec::new();
    for (doc, table, what) in
        [(alpha, &yaml_types::V1ALPHA1, "zarf.dev/v1alpha1"), (beta, &yaml_types::V1BETA1, "zarf.dev/v1beta1")]
    {
        if let Some(v) = doc {
            mismatches.extend(yaml_types::check(v, table).into_iter().map(|mut m| {
                m.message = format!("{} (in the {what} document)", m.message);
                m
            }));
        }
    }
    if !mismatches.is_empty() {
        return Err(YamlError::Types { what: "a field", mismatches });
    }
    let is_pkg = |v: &Value| string(v, &["kind"]).is_some_and(|k| KINDS.contains(&k.as_str()));
    let known: Vec<&Value> = alpha.into_iter().chain(beta).collect();
    // v1alpha1 first: what every Zarf version before v1beta1 reads; a v1beta1 beside it must agree.
    let primary =
        known.iter().copied().find(|v| is_pkg(v)).ok_or(YamlError::NoPackageDocument { documents: docs.len() })?;
    let mut z = read(primary)?;
    if let Some(other) = known.iter().copied().find(|v| !std::ptr::eq(*v, primary)) {
        let b = read(other)?;
        // Current Zarf checks the v1beta1 document's names, older ones none; both are checked
        // (a name only one document spells is a disagreement between them anyway).
        z.invalid_paths.extend(b.invalid_paths.iter().cloned());
        z.other_signing = Some((b.signed, b.provenance_files.clone()));
        if b.build_architecture.is_none() {
            z.build_architecture = None;
        }
        let images = |z: &ZarfYaml| {
            let mut all: Vec<(String, Vec<String>)> =
                z.components.iter().map(|c| (c.name.clone(), c.images.clone())).collect();
            all.sort();
            all
        };
        let mut differ = Vec::new();
        if z.name != b.name {
            differ.push("metadata.name");
        }
        if z.kind != b.kind {
            differ.push("kind");
        }
        if z.architecture.is_some() && b.architecture.is_some() && z.architecture != b.architecture {
            differ.push("the architecture");
        }
        if z.aggregate_checksum != b.aggregate_checksum {
            differ.push("the aggregate checksum");
        }
        if images(&z) != images(&b) {
            differ.push("the components' images");
        }
        // What each component's tarball must hold, under the names each document gives it (the
        // v1beta1 one as Zarf converts it): current Zarf's deploy looks for the v1beta1 names.
        fn contents(z: &ZarfYaml) -> Vec<(&str, &super::component::promises::Promises)> {
            let mut all: Vec<_> = z.components.iter().map(|c| (c.name.as_str(), &c.content)).collect();
            all.sort_by_key(|(n, _)| *n);
            all
        }
        let (ca, cb) = (contents(&z), contents(&b));
        if ca.len() != cb.len() || ca.iter().zip(&cb).any(|((na, pa), (nb, pb))| na != nb || !pa.same_content(pb)) {
            differ.push("the components' contents");
        }
        if !differ.is_empty() {
            z.disagreements.push(Disagreement { fields: differ });
        }
    }
    Ok(z)
}

/// Zarf's `PackageLayout.FileName`, as it builds it from the package (as v1alpha1): `None` when
/// `build.architecture` is empty (Zarf's error "package must include a build architecture").
fn file_name(v: &Value) -> Option<String> {
    let arch = string(v, &["build", "architecture"]).filter(|a| !a.is_empty())?;
    let text = |path: &[&str]| string(v, path).unwrap_or_default();
    let kind = text(&["kind"]);
    let mut name = match kind.as_str() {
        "ZarfInitConfig" => format!("zarf-init-{arch}"),
        "ZarfPackageConfig" => format!("zarf-package-{}-{arch}", text(&["metadata", "name"])),
        other => format!("zarf-{}-{arch}", other.to_lowercase()),
    };
    let version = text(&["metadata", "version"]);
    if matches!(get(v, &["build", "differential"]), Some(Value::Bool(true))) {
        name = format!("{name}-{}-differential-{version}", text(&["build", "differentialPackageVersion"]));
    } else if !version.is_empty() {
        name = format!("{name}-{version}");
    }
    let flavor = text(&["build", "flavor"]);
    if !flavor.is_empty() {
        name = format!("{name}-{flavor}");
    }
    let name = crate::go::filepath::base(&name);
    let uncompressed = matches!(get(v, &["metadata", "uncompressed"]), Some(Value::Bool(true)));
    Some(format!("{name}{}", if uncompressed { ".tar" } else { ".tar.zst" }))
}

/// The fields zverify checks, from one document.
fn read(v: &Value) -> Result<ZarfYaml, YamlError> {
    let mut z = ZarfYaml {
        api_version: string(v, &["apiVersion"]),
        kind: string(v, &["kind"]).unwrap_or_default(),
        name: string(v, &["metadata", "name"]),
        version: string(v, &["metadata", "version"]),
        architecture: string(v, &["metadata", "architecture"]).or_else(|| string(v, &["build", "architecture"])),
        build_architecture: string(v, &["build", "architecture"]).filter(|a| !a.is_empty()),
        file_name: file_name(v),
        // Only the fields each apiVersion's struct has (Zarf ignores the others): `flavor` is a
        // build field in both; the aggregate checksum moved from `metadata` to `build` in v1beta1.
        flavor: string(v, &["build", "flavor"]),
        aggregate_checksum: if string(v, &["apiVersion"]).as_deref() == Some("zarf.dev/v1beta1") {
            string(v, &["build", "aggregateChecksum"])
        } else {
            string(v, &["metadata", "aggregateChecksum"])
        },
        build_version: string(v, &["build", "version"]),
        signed: match get(v, &["build", "signed"]) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        },
        provenance_files: strings(get(v, &["build", "provenanceFiles"]), "build.provenanceFiles")?,
        other_signing: None,
        version_requirements: match get(v, &["build", "versionRequirements"]) {
            Some(Value::Sequence(items)) => items
                .iter()
                .map(|r| (string(r, &["version"]).unwrap_or_default(), string(r, &["reason"]).unwrap_or_default()))
                .collect(),
            _ => Vec::new(),
        },
        components: Vec::new(),
        invalid_paths: Vec::new(),
        disagreements: Vec::new(),
    };
    let beta = string(v, &["apiVersion"]).as_deref() == Some("zarf.dev/v1beta1");
    let document = if beta { "zarf.dev/v1beta1" } else { "zarf.dev/v1alpha1" };
    // validatePackagePaths, in its order, on the package as Zarf converts it to v1alpha1.
    let mut names: Vec<(&'static str, Option<String>, Option<String>)> = vec![
        ("package metadata name", z.name.clone(), None),
        ("package metadata version", z.version.clone(), None),
        ("package build flavor", z.flavor.clone(), None),
        ("package build differential package version", string(v, &["build", "differentialPackageVersion"]), None),
    ];
    let components = match v.get("components") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Sequence(c)) => &c[..],
        Some(other) => {
            return Err(YamlError::WrongType { field: "components".into(), found: kind(other), expected: "a list" })
        }
    };
    for (ci, c) in components.iter().enumerate() {
        if !matches!(c, Value::Mapping(_)) {
            return Err(YamlError::WrongType {
                field: format!("components[{ci}]"),
                found: kind(c),
                expected: "a mapping",
            });
        }
        let mut images = strings(c.get("images"), &format!("components[{ci}].images"))?;
        match c.get("imageArchives") {
            None | Some(Value::Null) => {}
            Some(Value::Sequence(archives)) => {
                for (ai, a) in archives.iter().enumerate() {
                    images.extend(strings(a.get("images"), &format!("components[{ci}].imageArchives[{ai}].images"))?);
                }
            }
            Some(other) => {
                return Err(YamlError::WrongType {
                    field: format!("components[{ci}].imageArchives"),
                    found: kind(other),
                    expected: "a list",
                })
            }
        }
        let cname = string(c, &["name"]).unwrap_or_default();
        names.push(("component name", Some(cname.clone()), None));
        if let Some(Value::Sequence(charts)) = c.get("charts") {
            for ch in charts {
                names.push(("chart name", string(ch, &["name"]), Some(cname.clone())));
                let version =
                    if beta { super::component::promises::beta_chart_version(ch) } else { string(ch, &["version"]) };
                names.push(("chart version", version, Some(cname.clone())));
            }
        }
        if let Some(Value::Sequence(manifests)) = c.get("manifests") {
            for m in manifests {
                names.push(("manifest name", string(m, &["name"]), Some(cname.clone())));
            }
        }
        let content = if beta {
            super::component::promises::Promises::read_v1beta1(c)
        } else {
            super::component::promises::Promises::read(c)
        };
        z.components.push(Component { name: cname, images, content });
    }
    for (field, value, component) in names {
        if let Some(value) = value.filter(|s| !is_clean_path(s)) {
            z.invalid_paths.push(InvalidPath { field, value, component, document });
        }
    }
    if z.name.as_deref().is_none_or(str::is_empty) {
        return Err(YamlError::NoName);
    }
    Ok(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1alpha1_and_multi_document() {
        let one = b"kind: ZarfPackageConfig\nmetadata:\n  name: a\n  architecture: amd64\n  aggregateChecksum: abc\nbuild:\n  version: v0.48.0\ncomponents:\n- name: c\n  images:\n  - nginx:1.25\n  imageArchives:\n  - path: x.tar\n    images: [busybox]\n";
        let z = parse(one).unwrap();
        assert_eq!(z.name.as_deref(), Some("a"));
        assert_eq!(z.components[0].images, ["nginx:1.25", "busybox"]);
        assert_eq!(z.aggregate_checksum.as_deref(), Some("abc"));

        let multi = b"kind: ZarfPackageConfig\nmetadata:\n  name: a\n  aggregateChecksum: def\ncomponents:\n- name: c\n  images: [nginx]\n---\napiVersion: zarf.dev/v1beta1\nkind: ZarfPackageConfig\nmetadata:\n  name: a\nbuild:\n  aggregateChecksum: def\ncomponents:\n- name: c\n  images:\n  - name: nginx\n    source: docker.io/library/nginx\n";
        let z = parse(multi).unwrap();
        assert_eq!(z.api_version, None);
        assert_eq!(z.components[0].images, ["nginx"]);
        assert!(z.disagreements.is_empty(), "{:?}", z.disagreements);

        let beta = b"apiVersion: zarf.dev/v1beta1\nkind: ZarfInitConfig\nmetadata:\n  name: init\nbuild:\n  aggregateChecksum: def\ncomponents:\n- name: c\n  images:\n  - name: registry:2\n";
        let z = parse(beta).unwrap();
        assert_eq!((z.kind.as_str(), z.aggregate_checksum.as_deref()), ("ZarfInitConfig", Some("def")));
        assert_eq!(z.components[0].images, ["registry:2"]);
    }

    const HEAD: &str = "kind: ZarfPackageConfig\nmetadata:\n  name: a\n";

    fn images(yaml: &str) -> Result<Vec<Vec<String>>, YamlError> {
        parse(format!("{HEAD}{yaml}").as_bytes()).map(|z| z.components.into_iter().map(|c| c.images).collect())
    }

    #[test]
    fn merge_keys_are_applied_before_the_images_are_read() {
        // The images a component lists through a merge are the images Zarf deploys.
        let y = "x-base: &base\n  required: true\n  images:\n  - nginx:1.25\n  - registry:2\ncomponents:\n- name: c\n  <<: *base\n- <<: {name: d, images: [busybox]}\n";
        assert_eq!(images(y).unwrap(), [vec!["nginx:1.25", "registry:2"], vec!["busybox"]]);
        // Nested: a merged mapping that itself merges.
        let y = "x-a: &a {images: [alpine]}\nx-b: &b {<<: *a, required: true}\ncomponents:\n- name: c\n  <<: *b\n";
        assert_eq!(images(y).unwrap(), [vec!["alpine"]]);
        // Merged metadata is read too.
        let z = parse(b"kind: ZarfPackageConfig\nx: &m {name: merged, architecture: arm64}\nmetadata:\n  <<: *m\n")
            .unwrap();
        assert_eq!((z.name.as_deref(), z.architecture.as_deref()), (Some("merged"), Some("arm64")));
    }

    #[test]
    fn merges_that_zarf_refuses_are_errors() {
        // goccy/go-yaml: a key both explicit and merged (or merged twice) is a duplicate key.
        let e = images("x: &b {images: [nginx]}\ncomponents:\n- name: c\n  images: [redis]\n  <<: *b\n").unwrap_err();
        assert_eq!(e, YamlError::DuplicateKey { key: "images".into() });
        let e =
            images("x: &b {images: [nginx]}\ny: &c {images: [redis]}\ncomponents:\n- name: c\n  <<: *b\n  <<: *c\n");
        assert!(e.is_err());
        // A list of mappings as a merge value is refused for struct fields.
        let e = images("x: &b {images: [nginx]}\ny: &c {required: true}\ncomponents:\n- name: c\n  <<: [*b, *c]\n")
            .unwrap_err();
        assert_eq!(e, YamlError::MergeList);
        assert!(images("components:\n- name: c\n  <<: nginx\n").is_err());
        // Plain duplicate keys stay errors (goccy's parser refuses them too).
        assert!(images("components:\n- name: c\n  images: [a]\n  images: [b]\n").is_err());
    }

    #[test]
    fn keys_match_case_sensitively_as_zarf_does_and_types_must_be_right() {
        // Zarf's structs carry `json:\"images\"` tags, matched exactly: `Images` is an unknown
        // field, ignored by Zarf, so no image is deployed and none is checked.
        assert_eq!(images("components:\n- name: c\n  Images: [nginx]\n").unwrap(), [Vec::<String>::new()]);
        let z = parse(b"kind: ZarfPackageConfig\nMetadata:\n  name: a\n");
        assert!(z.is_err(), "metadata.name is only read from `metadata`");
        // A value Zarf cannot decode into its field is an error, not an empty list.
        for bad in [
            "components:\n- name: c\n  images: nginx\n",
            "components:\n- name: c\n  images: [[nginx]]\n",
            "components:\n- name: c\n  images: [1.5]\n",
            "components: {name: c}\n",
            "components:\n- name: c\n  imageArchives: {images: [a]}\n",
        ] {
            assert!(images(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn documents_are_selected_as_zarf_selects_them() {
        let alpha = "kind: ZarfPackageConfig\nmetadata:\n  name: a\n  aggregateChecksum: abc\ncomponents:\n- name: c\n  images: [nginx]\n";
        let beta = |img: &str| {
            format!("---\napiVersion: zarf.dev/v1beta1\nkind: ZarfPackageConfig\nmetadata:\n  name: a\nbuild:\n  aggregateChecksum: abc\ncomponents:\n- name: c\n  images:\n  - name: {img}\n")
        };
        let z = parse(format!("{alpha}{}", beta("nginx")).as_bytes()).unwrap();
        assert!(z.disagreements.is_empty(), "{:?}", z.disagreements);
        // Current Zarf reads v1beta1, older Zarf v1alpha1: they must list the same images.
        let z = parse(format!("{alpha}{}", beta("evil/nginx")).as_bytes()).unwrap();
        assert_eq!(z.disagreements.len(), 1);
        assert!(z.disagreements[0].fields.contains(&"the components' images"), "{:?}", z.disagreements);
        // Two documents of one apiVersion: Zarf refuses the file.
        let e = parse(format!("{alpha}---\n{alpha}").as_bytes()).unwrap_err();
        assert!(matches!(e, YamlError::DuplicateApiVersion { .. }), "{e}");
        // An empty or null apiVersion is v1alpha1 too (scripts/oracle-fuzz, seed 909: real Zarf,
        // "duplicate apiVersion \"zarf.dev/v1alpha1\" in package definition").
        for empty in ["apiVersion: \"\"\n", "apiVersion: ''\n", "apiVersion: ~\n", "apiVersion:\n"] {
            let e = parse(format!("{alpha}---\n{empty}{alpha}").as_bytes()).unwrap_err();
            assert!(
                matches!(&e, YamlError::DuplicateApiVersion { api } if api == "zarf.dev/v1alpha1"),
                "{empty:?}: {e}"
            );
        }
        // Unknown apiVersions are skipped, as Zarf skips them.
        let z = parse(
            format!("apiVersion: zarf.dev/v9\nkind: ZarfPackageConfig\nmetadata:\n  name: zz\n---\n{alpha}").as_bytes(),
        )
        .unwrap();
        assert_eq!(z.name.as_deref(), Some("a"));
    }

    #[test]
    fn an_explicit_null_document_is_refused_an_empty_one_skipped() {
        // goccy/go-yaml (as Zarf runs it): `---\n~` fails the apiVersion probe; `---\n` and a
        // comment-only document have no body and are skipped.
        let doc = "kind: ZarfPackageConfig\nmetadata:\n  name: a\n";
        for null in ["---\n~\n", "---\nnull\n", "--- ~\n", "---\nNULL\n"] {
            let e = parse(format!("{doc}{null}").as_bytes()).unwrap_err();
            assert_eq!(e, YamlError::NullDocument { index: 2 }, "{null:?}: {e}");
        }
        assert_eq!(parse(format!("~\n---\n{doc}").as_bytes()).unwrap_err(), YamlError::NullDocument { index: 1 });
        for empty in ["---\n", "---\n# c\n", "---\n...\n", ""] {
            parse(format!("{doc}{empty}").as_bytes()).unwrap_or_else(|e| panic!("{empty:?}: {e}"));
        }
    }

    #[test]
    fn hostile_and_wrong_inputs_are_errors_not_panics() {
        let mut bomb =
            String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let mut prev = "a".to_string();
        for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            bomb.push_str(&format!(
                "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = n.to_string();
        }
        assert!(parse(bomb.as_bytes()).is_err());
        assert!(parse("[".repeat(100_000).as_bytes()).is_err());
        assert!(parse(b"kind: Deployment\n").is_err());
        assert!(parse(b"kind: ZarfPackageConfig\n").is_err());
        assert!(parse(b"\xff\xfe").is_err());
    }

    #[test]
    fn names_zarf_refuses_as_path_components() {
        // Each refused by real Zarf: "… would result in an invalid path" (validatePackagePaths).
        let z = parse(b"kind: ZarfPackageConfig\nmetadata:\n  name: a/b\n  version: '..'\nbuild:\n  flavor: 'x\\y'\n  differentialPackageVersion: ok\ncomponents:\n- name: ../c\n  charts:\n  - name: ch/x\n    version: 1.0/2\n  manifests:\n  - name: '..'\n").unwrap();
        let got: Vec<String> = z.invalid_paths.iter().map(InvalidPath::zarf_message).collect();
        assert_eq!(
            got,
            [
                r#"package metadata name "a/b" would result in an invalid path"#,
                r#"package metadata version ".." would result in an invalid path"#,
                r#"package build flavor "x\\y" would result in an invalid path"#,
                r#"component name "../c" would result in an invalid path"#,
                r#"chart name "ch/x" in component "../c" would result in an invalid path"#,
                r#"chart version "1.0/2" in component "../c" would result in an invalid path"#,
                r#"manifest name ".." in component "../c" would result in an invalid path"#,
            ]
        );
        // `.`, empty, unicode and other punctuation pass Zarf's check.
        let z = parse(
            "kind: ZarfPackageConfig\nmetadata:\n  name: '.'\ncomponents:\n- name: ''\n- name: 'é:*?'\n".as_bytes(),
        )
        .unwrap();
        assert!(z.invalid_paths.is_empty(), "{:?}", z.invalid_paths);
        // v1beta1: the chart version Zarf derives from the chart's source.
        let beta = |chart: &str| {
            let y = format!("apiVersion: zarf.dev/v1beta1\nkind: ZarfPackageConfig\nmetadata:\n  name: a\ncomponents:\n- name: c\n  charts:\n  - name: ch\n    {chart}\n");
            parse(y.as_bytes()).unwrap().invalid_paths.into_iter().map(|p| p.value).collect::<Vec<_>>()
        };
        assert_eq!(beta("helmRepository: {url: 'https://x', version: 'a/b'}"), ["a/b"]);
        assert_eq!(beta("oci: {url: 'oci://x', ref: {tag: '..'}}"), [".."]);
        assert_eq!(beta("git: {url: 'https://x', ref: {commit: 'a\\b'}}"), ["a\\b"]);
        // A branch becomes `refs/heads/…`, kept in the URL: not a version.
        assert!(beta("git: {url: 'https://x', ref: {branch: 'feature/x'}}").is_empty());
        assert!(beta("helmRepository: {url: '', version: 'a/b'}").is_empty());
    }

    #[test]
    fn document_markers_as_goccy_groups_them() {
        let doc = "kind: ZarfPackageConfig\nmetadata:\n  name: a\n";
        // Each refused by real Zarf (no package definition found; directive; syntax error).
        for bad in [
            format!("---\n---\n{doc}"),
            format!("---\n# c\n\n--- \n{doc}"),
            format!("%YAML 1.2\n---\n{doc}"),
            format!("%TAG ! tag:x,2000:\n---\n{doc}"),
            format!("---\n...\n---\n{doc}"),
        ] {
            let e = parse(bad.as_bytes()).unwrap_err();
            assert!(matches!(e, YamlError::Directive { .. } | YamlError::Separators { .. }), "{bad:?}: {e}");
        }
        // An empty entry followed by a key at its column: real Zarf fails to decode the package.
        let e = parse(format!("{doc}build:\n  migrations:\n  - a\n  -\n  signed: false\n").as_bytes()).unwrap_err();
        assert_eq!(e, YamlError::EmptyEntryTakesMapping { line: 7 });
        let e = parse(format!("{doc}build:\n  migrations:\n  - # c\n  signed: false\n").as_bytes()).unwrap_err();
        assert_eq!(e, YamlError::EmptyEntryTakesMapping { line: 6 });
        // Each loaded by real Zarf.
        for good in [
            format!("{doc}build:\n  migrations:\n  -\n  - a\n  signed: false\n"),
            format!("---\n{doc}"),
            format!("--- # c\n{doc}"),
            format!("{doc}---\n"),
            format!("{doc}---\n---\n"),
            format!("{doc}...\n"),
            format!("# c\n---\n{doc}"),
            format!("{doc}x: |\n  ---\n  ---\n  kind: y\n"),
        ] {
            parse(good.as_bytes()).unwrap_or_else(|e| panic!("{good:?}: {e}"));
        }
    }
}
