//! A JSON tree that keeps what `serde_json::Value` throws away: duplicate keys and key order.
//!
//! Documents are parsed from their stored bytes only to be *read*; they are never serialized again.
//! Digests are always computed over the stored bytes (see `digest`).

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    Int(i64),
    UInt(u64),
    Float(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Num(Num),
    Str(String),
    Arr(Vec<Node>),
    /// Members in document order, duplicates included.
    Obj(Vec<(String, Node)>),
}

/// Why bytes are not one JSON value: serde_json's reason, with the line and column it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not JSON text, or more than one value.
    Syntax(String),
    /// The input ended inside a value.
    Eof(String),
    /// JSON text, but not a value the tree holds (e.g. nesting past the parser's ceiling).
    Data(String),
}

impl From<serde_json::Error> for ParseError {
    fn from(e: serde_json::Error) -> Self {
        use serde_json::error::Category;
        match e.classify() {
            Category::Eof => ParseError::Eof(e.to_string()),
            Category::Data => ParseError::Data(e.to_string()),
            Category::Syntax | Category::Io => ParseError::Syntax(e.to_string()),
        }
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Syntax(m) | ParseError::Eof(m) | ParseError::Data(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ParseError {}

impl Node {
    /// Parse exact bytes. Errors carry serde_json's line/column text.
    pub fn parse(bytes: &[u8]) -> Result<Node, ParseError> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let node = Node::deserialize(&mut de)?;
        de.end()?;
        Ok(node)
    }

    /// The *last* member with this key (what serde and Go do with duplicates).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Obj(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Node]> {
        match self {
            Node::Arr(a) => Some(a),
            _ => None,
        }
    }
    pub fn members(&self) -> Option<&[(String, Node)]> {
        match self {
            Node::Obj(m) => Some(m),
            _ => None,
        }
    }
    pub fn is_object(&self) -> bool {
        matches!(self, Node::Obj(_))
    }
    pub fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }
    /// Name of the JSON type, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Num(_) => "a number",
            Node::Str(_) => "a string",
            Node::Arr(_) => "an array",
            Node::Obj(_) => "an object",
        }
    }
    /// How many arrays and objects nest here (a scalar: 0; `[]`: 1), as [`nesting_depth`] counts
    /// them in the text.
    pub fn depth(&self) -> u32 {
        match self {
            Node::Arr(a) => 1 + a.iter().map(Node::depth).max().unwrap_or(0),
            Node::Obj(m) => 1 + m.iter().map(|(_, v)| v.depth()).max().unwrap_or(0),
            _ => 0,
        }
    }

    /// Every key that occurs more than once in an object, anywhere in the tree, with the pointer
    /// of the object holding it: each (object, key) once, in the order of the first repeat.
    /// Linear in the size of the tree (a hash map for an object of more than 16 members).
    pub fn duplicate_keys(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.walk_duplicates(&mut String::new(), &mut out);
        out
    }
    fn walk_duplicates(&self, ptr: &mut String, out: &mut Vec<(String, String)>) {
        match self {
            Node::Obj(m) => {
                // A repeated key is reported at its second occurrence, once, in document order
                // (interleaved with what nested members report). Objects of a few members
                // (descriptors, platforms) are searched in place: no map per object.
                // key -> already reported
                let mut seen: HashMap<&str, bool> = HashMap::new();
                for (i, (k, v)) in m.iter().enumerate() {
                    let second = if m.len() <= 16 {
                        let mut earlier = m[..i].iter().filter(|(e, _)| e == k);
                        earlier.next().is_some() && earlier.next().is_none()
                    } else {
                        match seen.get_mut(k.as_str()) {
                            None => {
                                seen.insert(k, false);
                                false
                            }
                            Some(reported @ false) => {
                                *reported = true;
                                true
                            }
                            Some(true) => false,
                        }
                    };
                    if second {
                        out.push((ptr.clone(), k.clone()));
                    }
                    if !matches!(v, Node::Obj(_) | Node::Arr(_)) {
                        continue;
                    }
                    let len = ptr.len();
                    ptr.push('/');
                    push_escaped(ptr, k);
                    v.walk_duplicates(ptr, out);
                    ptr.truncate(len);
                }
            }
            Node::Arr(a) => {
                for (i, v) in a.iter().enumerate() {
                    if !matches!(v, Node::Obj(_) | Node::Arr(_)) {
                        continue;
                    }
                    let len = ptr.len();
                    ptr.push('/');
                    i.push_onto(ptr);
                    v.walk_duplicates(ptr, out);
                    ptr.truncate(len);
                }
            }
            _ => {}
        }
    }
}

fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// How deeply arrays and objects nest in `bytes`, read as JSON text: the largest number of `[`/`{`
/// open at once outside strings, and the byte offset where that depth was first reached. One pass,
/// no allocation; it does not validate (the parser does), so it runs before the parser to say
/// "too deep" rather than "invalid".
pub fn nesting_depth(bytes: &[u8]) -> (u32, usize) {
    let (mut depth, mut max, mut at) = (0u32, 0u32, 0usize);
    let (mut in_str, mut escaped) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_str {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    max = depth;
                    at = i;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (max, at)
}

/// The deepest nesting serde_json (the parser under [`Node::parse`]) can read: it stops at its
/// 128th open array/object. Go's `encoding/json` reads up to 10000, so a deeper document that Go
/// reads is one zverify cannot; that is reported as an error, never skipped.
pub const PARSER_MAX_DEPTH: u32 = 127;

/// RFC 6901 escaping of one reference token.
pub fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Join a pointer and a token: `ptr("/manifests", "0")` → `/manifests/0`.
pub fn ptr(base: &str, token: impl Token) -> String {
    // One allocation for the usual token (an index, a plain key); escaped only when it must be.
    let mut s = String::with_capacity(base.len() + 12);
    s.push_str(base);
    s.push('/');
    let start = s.len();
    token.push_onto(&mut s);
    if s[start..].contains(['~', '/']) {
        let escaped = escape_pointer(&s[start..]);
        s.truncate(start);
        s.push_str(&escaped);
    }
    s
}

/// A JSON pointer's reference token: a member name or an array index ([`ptr`] builds one per
/// descriptor, so without the formatting machinery).
pub trait Token {
    fn push_onto(&self, s: &mut String);
}
impl Token for str {
    fn push_onto(&self, s: &mut String) {
        s.push_str(self);
    }
}
impl Token for String {
    fn push_onto(&self, s: &mut String) {
        s.push_str(self);
    }
}
impl Token for usize {
    fn push_onto(&self, s: &mut String) {
        let (mut digits, mut n, mut len) = ([0u8; 20], *self, 0);
        loop {
            digits[19 - len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        s.extend(digits[20 - len..].iter().map(|&d| char::from(d)));
    }
}
impl<T: Token + ?Sized> Token for &T {
    fn push_onto(&self, s: &mut String) {
        (**self).push_onto(s);
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Num(Num::Int(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(match i64::try_from(v) {
            Ok(i) => Node::Num(Num::Int(i)),
            Err(_) => Node::Num(Num::UInt(v)),
        })
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Num(Num::Float(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Node::Arr(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Node>()? {
            out.push((k, v));
        }
        Ok(Node::Obj(out))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_duplicates_and_order() {
        let n = Node::parse(br#"{"a":1,"b":{"x":1,"x":2},"a":3}"#).unwrap();
        assert_eq!(n.get("a"), Some(&Node::Num(Num::Int(3))));
        // In document order of the repeated occurrence.
        assert_eq!(n.duplicate_keys(), vec![("/b".to_string(), "x".to_string()), ("".to_string(), "a".to_string())]);
    }

    #[test]
    fn duplicates_reported_once_per_object_and_key() {
        let n = Node::parse(br#"{"a":1,"a":2,"a":3,"b":[{"c":1,"c":2}],"d/~":1,"d/~":2}"#).unwrap();
        assert_eq!(
            n.duplicate_keys(),
            vec![
                ("".to_string(), "a".to_string()),
                ("/b/0".to_string(), "c".to_string()),
                ("".to_string(), "d/~".to_string())
            ]
        );
    }

    /// 300,000 keys in one object (3.5 MB, under the default 4 MiB document cap), every other one
    /// a repeat: the old pairwise scan did ~10^10 comparisons here (minutes); this is bounded by
    /// the number of keys.
    #[test]
    fn three_hundred_thousand_keys_in_one_object() {
        let mut doc = String::from("{");
        for i in 0..300_000u32 {
            if i > 0 {
                doc.push(',');
            }
            // keys k0..k149999, each twice
            doc.push_str(&format!("\"k{}\":0", i % 150_000));
        }
        doc.push('}');
        assert!(doc.len() < 4 << 20);
        let n = Node::parse(doc.as_bytes()).unwrap();
        let d = n.duplicate_keys();
        assert_eq!(d.len(), 150_000);
        assert_eq!(d[0], (String::new(), "k0".to_string()));
        assert_eq!(d[149_999], (String::new(), "k149999".to_string()));
    }

    #[test]
    fn depth_scan() {
        // For valid JSON the tree's depth is the text's (parse_document relies on it).
        for text in
            [&br#"1"#[..], br#"[]"#, br#"{"a":[{"b":"[[[[{{"}]}"#, br#"["\"[[", [[]]]"#, br#"[{},[[{}]],{"a":{}}]"#]
        {
            assert_eq!(Node::parse(text).unwrap().depth(), nesting_depth(text).0, "{}", String::from_utf8_lossy(text));
        }
        assert_eq!(nesting_depth(b"1"), (0, 0));
        for i in [0usize, 7, 10, 99, 100, 12345, usize::MAX] {
            assert_eq!(ptr("/layers", i), format!("/layers/{i}"));
        }
        assert_eq!(ptr("", "a/~b"), "/a~1~0b");
        assert_eq!(nesting_depth(br#"{"a":[{"b":"[[[[{{"}]}"#), (3, 6));
        assert_eq!(nesting_depth(br#"["\"[[", [[]]]"#), (3, 10));
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(nesting_depth(deep.as_bytes()), (200, 199));
        // serde_json's own limit, which PARSER_MAX_DEPTH names.
        let ok = format!("{}{}", "[".repeat(PARSER_MAX_DEPTH as usize), "]".repeat(PARSER_MAX_DEPTH as usize));
        assert!(Node::parse(ok.as_bytes()).is_ok());
        let over =
            format!("{}{}", "[".repeat(PARSER_MAX_DEPTH as usize + 1), "]".repeat(PARSER_MAX_DEPTH as usize + 1));
        assert!(Node::parse(over.as_bytes()).is_err());
    }

    #[test]
    fn rejects_trailing_garbage_and_deep_nesting() {
        assert!(Node::parse(b"{} x").is_err());
        let deep = "[".repeat(100_000);
        assert!(Node::parse(deep.as_bytes()).is_err());
    }
}
