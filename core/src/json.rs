//! A loose JSON value, for host data that is checked entry by entry.
//!
//! The widget reads host JSON with the browser's `JSON.parse` and a small serde deserializer
//! (`deserialize_any`). Deserializing straight into strict types would refuse a whole list for
//! one bad entry; reading a [`Json`] first lets the caller skip only the entries that are wrong.
//! The code is kept small on purpose: it ships in the wasm.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// The deepest nesting of arrays and objects accepted. Deserializing recurses once per level, so
/// without a limit a hostile document could overflow the (small) wasm stack; real host data
/// needs three levels.
pub const MAX_DEPTH: u32 = 64;

/// Any JSON value. Numbers are `f64`, as in JavaScript; objects keep their keys in document
/// order, duplicates included.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value of `key` when this is an object. A repeated key gives its last value, as
    /// `JSON.parse` does.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(Level(0))
    }
}

/// The visitor, carrying the nesting depth of the value it reads.
#[derive(Clone, Copy)]
struct Level(u32);

impl Level {
    fn inner<E: de::Error>(self) -> Result<Level, E> {
        if self.0 >= MAX_DEPTH {
            Err(E::custom("JSON nested too deeply"))
        } else {
            Ok(Level(self.0.saturating_add(1)))
        }
    }
}

impl<'de> DeserializeSeed<'de> for Level {
    type Value = Json;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Level {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    // Beyond 2^53 the conversion rounds, exactly as JSON.parse would have.
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Number(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    // serde-wasm-bindgen reports both `null` and `undefined` through these.
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let inner = self.inner()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let inner = self.inner()?;
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(inner)?;
            fields.push((key, value));
        }
        Ok(Json::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Json, serde_json::Error> {
        serde_json::from_str(text)
    }

    #[test]
    fn reads_every_kind_of_value() {
        let v = parse(
            r#"{"b": true, "n": null, "i": -3, "u": 18446744073709551615,
            "f": 1.5, "s": "x\u00e9", "a": [1, [false]], "o": {}}"#,
        )
        .unwrap();
        assert_eq!(
            v,
            Json::Object(vec![
                ("b".into(), Json::Bool(true)),
                ("n".into(), Json::Null),
                ("i".into(), Json::Number(-3.0)),
                ("u".into(), Json::Number(u64::MAX as f64)),
                ("f".into(), Json::Number(1.5)),
                ("s".into(), Json::String("xé".into())),
                (
                    "a".into(),
                    Json::Array(vec![
                        Json::Number(1.0),
                        Json::Array(vec![Json::Bool(false)])
                    ])
                ),
                ("o".into(), Json::Object(vec![])),
            ])
        );
    }

    #[test]
    fn objects_keep_document_order_and_get_finds_the_last_duplicate() {
        let v = parse(r#"{"z": 1, "a": 2, "z": 3}"#).unwrap();
        let Json::Object(fields) = &v else {
            panic!("not an object: {v:?}")
        };
        let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["z", "a", "z"]);
        assert_eq!(v.get("z"), Some(&Json::Number(3.0)));
        assert_eq!(v.get("a"), Some(&Json::Number(2.0)));
        assert_eq!(v.get("missing"), None);
        assert_eq!(Json::Array(vec![]).get("z"), None);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let depth = MAX_DEPTH as usize;
        let ok = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(depth + 1), "]".repeat(depth + 1));
        assert!(parse(&deep).is_err());
        let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(depth + 1), "}".repeat(depth + 1));
        assert!(parse(&deep_objects).is_err());
    }
}
