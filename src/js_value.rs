//! Reads a value the browser's `JSON.parse` produced into serde types.
//!
//! serde-wasm-bindgen's deserializer describes a value of the wrong type in its errors, and
//! describing a number links Rust's float printing (docs/performance.md), for a message nobody
//! sees (people get "couldn't be read"). This deserializer covers what JSON can hold and names
//! only what was expected. serde-wasm-bindgen serializes what the widget hands the page (the
//! `quote`, events' details, the kept plan).

use std::fmt;

use js_sys::{Array, Number, Object};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// Why a value did not fit the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }

    fn invalid_type(_: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Error(format!("expected {expected}"))
    }

    fn invalid_value(_: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Error(format!("expected {expected}"))
    }
}

/// Parses JSON text with the browser and reads it as `T`. `None` when the text is not JSON.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Option<Result<T, Error>> {
    let value = js_sys::JSON::parse(text).ok()?;
    Some(T::deserialize(Deserializer(value)))
}

/// A deserializer over one JSON-shaped JS value.
pub struct Deserializer(pub JsValue);

impl<'de> de::Deserializer<'de> for Deserializer {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // The inspection is done once, outside the generic code: this function is instantiated
        // for every type read, so what stays here is only the hand-off to the visitor.
        match Kind::of(self.0) {
            Kind::Unit => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::U64(n) => visitor.visit_u64(n),
            Kind::I64(n) => visitor.visit_i64(n),
            Kind::F64(n) => visitor.visit_f64(n),
            Kind::Str(s) => visitor.visit_string(s),
            Kind::Seq(items) => visitor.visit_seq(de::value::SeqDeserializer::new(
                items.into_iter().map(Deserializer),
            )),
            Kind::Map(pairs) => visitor.visit_map(de::value::MapDeserializer::new(
                pairs.into_iter().map(|(k, v)| (k, Deserializer(v))),
            )),
            Kind::Other => Err(Error("a value JSON can't hold".into())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier
    }

    /// A value nobody reads (an unknown field) is not walked: a hostile document nested a
    /// hundred thousand levels deep would otherwise recurse until the wasm stack overflows.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// What a JSON-shaped JS value is.
enum Kind {
    Unit,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(String),
    Seq(Vec<JsValue>),
    Map(Vec<(String, JsValue)>),
    Other,
}

impl Kind {
    fn of(v: JsValue) -> Kind {
        if v.is_null() || v.is_undefined() {
            Kind::Unit
        } else if let Some(b) = v.as_bool() {
            Kind::Bool(b)
        } else if let Some(n) = v.as_f64() {
            // Whole numbers a JS number holds exactly are integers; serde then range-checks them.
            if !Number::is_safe_integer(&v) {
                Kind::F64(n)
            } else if n >= 0.0 {
                Kind::U64(n as u64)
            } else {
                Kind::I64(n as i64)
            }
        } else if let Some(s) = v.as_string() {
            Kind::Str(s)
        } else if Array::is_array(&v) {
            Kind::Seq(v.unchecked_into::<Array>().iter().collect())
        } else if v.is_object() {
            let entries = Object::entries(v.unchecked_ref::<Object>());
            Kind::Map(
                entries
                    .iter()
                    .filter_map(|pair| {
                        let pair: Array = pair.unchecked_into();
                        Some((pair.get(0).as_string()?, pair.get(1)))
                    })
                    .collect(),
            )
        } else {
            Kind::Other
        }
    }
}

impl<'de> IntoDeserializer<'de, Error> for Deserializer {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}
