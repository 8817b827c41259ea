//! A JSON tree that keeps what `serde_json::Value` throws away: duplicate keys and key order.
//!
//! Documents are parsed from their stored bytes only to be *read*; they are never serialized again.
//! Digests are always computed over the stored bytes (see `digest`).

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
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

impl Node {
    /// Parse exact bytes. Errors carry serde_json's line/column text.
    pub fn parse(bytes: &[u8]) -> Result<Node, String> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let node = Node::deserialize(&mut de).map_err(|e| e.to_string())?;
        de.end().map_err(|e| e.to_string())?;
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
    /// Every key that occurs more than once in an object, anywhere in the tree, with the pointer
    /// of the object holding it.
    pub fn duplicate_keys(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.walk_duplicates(&mut String::new(), &mut out);
        out
    }
    fn walk_duplicates(&self, ptr: &mut String, out: &mut Vec<(String, String)>) {
        match self {
            Node::Obj(m) => {
                for (i, (k, v)) in m.iter().enumerate() {
                    if m[..i].iter().any(|(k2, _)| k2 == k) && !out.iter().any(|(p, k2)| p == ptr && k2 == k) {
                        out.push((ptr.clone(), k.clone()));
                    }
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&escape_pointer(k));
                    v.walk_duplicates(ptr, out);
                    ptr.truncate(len);
                }
            }
            Node::Arr(a) => {
                for (i, v) in a.iter().enumerate() {
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&i.to_string());
                    v.walk_duplicates(ptr, out);
                    ptr.truncate(len);
                }
            }
            _ => {}
        }
    }
}

/// RFC 6901 escaping of one reference token.
pub fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Join a pointer and a token: `ptr("/manifests", "0")` → `/manifests/0`.
pub fn ptr(base: &str, token: impl fmt::Display) -> String {
    format!("{base}/{}", escape_pointer(&token.to_string()))
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
    fn rejects_trailing_garbage_and_deep_nesting() {
        assert!(Node::parse(b"{} x").is_err());
        let deep = "[".repeat(100_000);
        assert!(Node::parse(deep.as_bytes()).is_err());
    }
}
