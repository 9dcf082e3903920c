//! A serde deserializer over a [`Node`] tree, so typed views (the configuration above all) come from serde
//! derives while every error keeps the span of the key or value it is about.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use crate::base::span::Span;

use super::node::{Entry, Node, Value};

/// A deserialization error and, when known, the span of the key or value that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeError {
    pub message: String,
    pub span: Option<Span>,
}

impl DeError {
    /// Attaches `span` unless an inner node already did: the innermost node is the most precise.
    fn at(mut self, span: Span) -> Self {
        self.span.get_or_insert(span);
        self
    }
}

impl std::fmt::Display for DeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        Self { message: message.to_string(), span: None }
    }
}

/// Deserializes `T` from `node`.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, DeError> {
    T::deserialize(NodeDeserializer(node))
}

struct NodeDeserializer<'de>(&'de Node);

impl<'de> NodeDeserializer<'de> {
    fn unexpected(&self) -> de::Unexpected<'de> {
        match &self.0.value {
            Value::Null => de::Unexpected::Unit,
            Value::Scalar(scalar) => de::Unexpected::Str(&scalar.text),
            Value::Sequence(_) => de::Unexpected::Seq,
            Value::Mapping(_) => de::Unexpected::Map,
        }
    }
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.0;
        let result = match &node.value {
            Value::Null => visitor.visit_unit(),
            Value::Scalar(scalar) => {
                if let Some(flag) = scalar.as_bool() {
                    visitor.visit_bool(flag)
                } else if let Some(number) = scalar.as_i64() {
                    visitor.visit_i64(number)
                } else if scalar.is_float() {
                    // No setting takes a float, so a float is always of the wrong type. Refusing it by name, rather
                    // than parsing it for `visit_f64`, keeps float parsing and printing out of the wasm modules
                    // (14 KB of the playground's gzip size).
                    let found = format!("floating point `{}`", scalar.text);
                    Err(de::Error::invalid_type(de::Unexpected::Other(&found), &visitor))
                } else {
                    visitor.visit_borrowed_str(&scalar.text)
                }
            }
            Value::Sequence(items) => visitor.visit_seq(Items { items: items.iter() }),
            Value::Mapping(entries) => visitor.visit_map(Entries { entries: entries.iter(), value: None }),
        };
        result.map_err(|error| error.at(node.span))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.0.span;
        if self.0.is_null() { visitor.visit_none() } else { visitor.visit_some(self) }.map_err(|error| error.at(span))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.0;
        match &node.value {
            Value::Scalar(scalar) => visitor.visit_borrowed_str(&scalar.text),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
        .map_err(|error: DeError| error.at(node.span))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let node = self.0;
        match &node.value {
            Value::Scalar(scalar) => visitor.visit_enum(scalar.text.as_str().into_deserializer()),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
        .map_err(|error: DeError| error.at(node.span))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct newtype_struct
        seq tuple tuple_struct map struct
    }
}

struct Items<'de> {
    items: std::slice::Iter<'de, Node>,
}

impl<'de> de::SeqAccess<'de> for Items<'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        self.items.next().map(|item| seed.deserialize(NodeDeserializer(item))).transpose()
    }
}

struct Entries<'de> {
    entries: std::slice::Iter<'de, Entry>,
    value: Option<&'de Node>,
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some(entry) = self.entries.next() else { return Ok(None) };
        self.value = Some(&entry.value);
        seed.deserialize(NodeDeserializer(&entry.key)).map(Some).map_err(|error| error.at(entry.key.span))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some(value) = self.value.take() else {
            return Err(de::Error::custom("a mapping value was asked for before its key"));
        };
        seed.deserialize(NodeDeserializer(value))
    }
}
