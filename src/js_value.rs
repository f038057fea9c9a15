//! Serde types to and from JSON-shaped JS values: what the browser's `JSON.parse` produced, and
//! what the widget hands the page (the `quote`, events' details, the kept plan).
//!
//! serde-wasm-bindgen's deserializer describes a value of the wrong type in its errors, and
//! describing a number links Rust's float printing (docs/performance.md), for a message nobody
//! sees (people get "couldn't be read"); its serializer handles maps, bytes, enums with data
//! and 64-bit integers as BigInt, which nothing here has, and cost the first download 1.7 KB.
//! These two cover what JSON can hold: the deserializer names only what was expected, the
//! serializer refuses what JSON can't hold exactly.

use std::fmt;

use js_sys::{Array, Number, Object};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{self, Impossible, Serialize};
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

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

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

/// `value` as the plain JS value its JSON would parse to: objects with the fields' names,
/// arrays, numbers, strings, `null` for `None`, a unit variant's name.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value.serialize(Serializer)
}

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE: u64 = (1 << 53) - 1;

/// A serializer to one JSON-shaped JS value.
pub struct Serializer;

/// What JSON can't hold, or not exactly.
fn unsupported(what: &str) -> Error {
    Error(format!("{what} has no JSON form here"))
}

impl ser::Serializer for Serializer {
    type Ok = JsValue;
    type Error = Error;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Impossible<JsValue, Error>;
    type SerializeMap = Impossible<JsValue, Error>;
    type SerializeStruct = Struct;
    type SerializeStructVariant = Impossible<JsValue, Error>;

    fn serialize_bool(self, v: bool) -> Result<JsValue, Error> {
        Ok(JsValue::from_bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<JsValue, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<JsValue, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<JsValue, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<JsValue, Error> {
        if v.unsigned_abs() <= MAX_SAFE {
            Ok(JsValue::from_f64(v as f64))
        } else {
            Err(unsupported("an integer beyond 2^53"))
        }
    }
    fn serialize_u8(self, v: u8) -> Result<JsValue, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<JsValue, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<JsValue, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<JsValue, Error> {
        if v <= MAX_SAFE {
            Ok(JsValue::from_f64(v as f64))
        } else {
            Err(unsupported("an integer beyond 2^53"))
        }
    }
    fn serialize_f32(self, v: f32) -> Result<JsValue, Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<JsValue, Error> {
        Ok(JsValue::from_f64(v))
    }
    fn serialize_char(self, v: char) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(v))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<JsValue, Error> {
        Err(unsupported("bytes"))
    }
    fn serialize_none(self) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<JsValue, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<JsValue, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<JsValue, Error> {
        Err(unsupported("an enum with data"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq, Error> {
        Ok(Seq(Array::new()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Seq, Error> {
        Ok(Seq(Array::new()))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Seq, Error> {
        Ok(Seq(Array::new()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Impossible<JsValue, Error>, Error> {
        Err(unsupported("an enum with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Impossible<JsValue, Error>, Error> {
        Err(unsupported("a map"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Struct, Error> {
        Ok(Struct(Object::new()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Impossible<JsValue, Error>, Error> {
        Err(unsupported("an enum with data"))
    }
}

/// An array being filled.
pub struct Seq(Array);

impl Seq {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.0.push(&value.serialize(Serializer)?);
        Ok(())
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}

/// An object being filled, field by field.
pub struct Struct(Object);

impl ser::SerializeStruct for Struct {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let value = value.serialize(Serializer)?;
        // A fresh plain object: defining a property on it can't throw.
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(key), &value);
        Ok(())
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}
