//! The spanned YAML tree and how its scalars are typed.
//!
//! Scalars keep their text and style; typing happens on request, with the rules that Kubernetes applies when it
//! reads a manifest: `sigs.k8s.io/yaml` decodes with a YAML 1.1 resolver (go-yaml v2), so `yes`, `on` and `y` are
//! booleans and `0x1F`, `0o17` and `017` are integers, but only when the scalar is plain and untagged.

use crate::base::span::Span;

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

impl Style {
    /// Quoted and block scalars are always strings, whatever their text looks like.
    pub const fn is_plain(self) -> bool {
        matches!(self, Self::Plain)
    }
}

/// A scalar: its text after YAML's escapes and folding, its style, and its tag when one was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    pub text: String,
    pub style: Style,
    /// The resolved tag, e.g. `tag:yaml.org,2002:str` for `!!str`, or `!custom`.
    pub tag: Option<String>,
}

const CORE: &str = "tag:yaml.org,2002:";

impl Scalar {
    fn core_tag(&self) -> Option<&str> {
        self.tag.as_deref().and_then(|tag| tag.strip_prefix(CORE))
    }

    /// Whether the typing rules apply: plain and untagged, or tagged with the core type asked for.
    fn typed_as(&self, core: &str) -> bool {
        match self.core_tag() {
            Some(tag) => tag == core,
            None => self.tag.is_none() && self.style.is_plain(),
        }
    }

    /// The boolean a YAML 1.1 resolver reads, as Kubernetes does (`yes`, `on`, `y`, `true`, and their
    /// negatives, in the three casings go-yaml v2 accepts).
    pub fn as_bool(&self) -> Option<bool> {
        if !self.typed_as("bool") {
            return None;
        }
        match self.text.as_str() {
            "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(true),
            "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Some(false),
            _ => None,
        }
    }

    /// The integer a YAML 1.1 resolver reads: decimal with optional sign and `_` separators, `0x`, `0o`, `0b`,
    /// and a leading `0` for octal. Floats and out-of-range values are `None`.
    pub fn as_i64(&self) -> Option<i64> {
        if !self.typed_as("int") {
            return None;
        }
        parse_int(&self.text)
    }

    /// Whether a YAML 1.1 resolver reads a float, as go-yaml v2 under Kubernetes does: tagged `!!float`, or a plain
    /// untagged scalar in float syntax (`is_float_text`) that is not an int.
    pub fn is_float(&self) -> bool {
        self.typed_as("float") && (self.tag.is_some() || (self.as_i64().is_none() && is_float_text(&self.text)))
    }

    /// Whether a plain untagged scalar reads as null (`null`, `Null`, `NULL`, `~` or nothing).
    pub fn is_null_text(text: &str) -> bool {
        matches!(text, "" | "~" | "null" | "Null" | "NULL")
    }
}

/// go-yaml v2's float syntax, `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` after removing `_`, plus
/// the infinities and NaNs. Digit strings too long for an int land here as well, as they do in go-yaml.
fn is_float_text(text: &str) -> bool {
    let unsigned_text = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned_text, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    let unsigned = plain.strip_prefix(['-', '+']).unwrap_or(&plain);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty()),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|exponent| {
        let unsigned = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
        !unsigned.is_empty() && digits(unsigned)
    });
    mantissa_ok && exponent_ok
}

fn parse_int(text: &str) -> Option<i64> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(rest) = unsigned.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = unsigned.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = unsigned.strip_prefix("0b") {
        (2, rest)
    } else if unsigned.len() > 1 && unsigned.starts_with('0') {
        (8, unsigned.get(1..)?)
    } else {
        (10, unsigned)
    };
    let cleaned: String = digits.chars().filter(|&c| c != '_').collect();
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(&cleaned, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Entry {
    /// The key's text when it is a scalar.
    pub fn key_str(&self) -> Option<&str> {
        self.key.as_str()
    }

    /// From the key to the end of the value: what a finding about the whole entry points at.
    pub fn span(&self) -> Span {
        self.key.span.cover(self.value.span)
    }
}

/// What a node holds. Aliases are replaced by copies of what they name, and `<<` merge keys by the entries they
/// bring in, so consumers never see either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`, `~`, or nothing (`key:`), when plain and untagged.
    Null,
    Scalar(Scalar),
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
}

/// A YAML node with the byte span of its text in the source (after any BOM).
///
/// Spans of scalars cover the value without its anchor or tag (quotes included); spans of block collections run
/// from their first key or `-` to the end of their last value; flow collections include their brackets. Copies
/// made for aliases and merge keys keep the spans of the text they were copied from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Node {
    pub const fn new(value: Value, span: Span) -> Self {
        Self { value, span }
    }

    pub const fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    pub const fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The scalar's text, whatever its type (`1`, `true` and `"x"` all give their text). `None` for null and
    /// collections.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|scalar| scalar.text.as_str())
    }

    pub fn as_bool(&self) -> Option<bool> {
        self.as_scalar().and_then(Scalar::as_bool)
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_scalar().and_then(Scalar::as_i64)
    }

    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The entry whose key is the scalar `key`. With duplicate keys (a `duplicate-key` finding) the last wins,
    /// as it does in the API server when validation is off.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        // Rules look keys up all the time. Comparing the length and the first byte before the text keeps most
        // comparisons away from `memcmp`, which builds for size (the playground's) call rather than inline.
        let first = key.as_bytes().first();
        self.as_mapping()?.iter().rev().find(|entry| {
            entry
                .key_str()
                .is_some_and(|text| text.len() == key.len() && text.as_bytes().first() == first && text == key)
        })
    }

    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// The entry at the end of a path of keys, e.g. `["spec", "template", "spec"]`.
    pub fn entry_at(&self, path: &[&str]) -> Option<&Entry> {
        let (last, parents) = path.split_last()?;
        let mut node = self;
        for key in parents {
            node = node.get(key)?;
        }
        node.entry(last)
    }

    /// The value at the end of a path of keys.
    pub fn get_at(&self, path: &[&str]) -> Option<&Node> {
        self.entry_at(path).map(|entry| &entry.value)
    }

    /// The items when this is a sequence, else nothing (null, a scalar or a mapping give no items).
    pub fn items(&self) -> impl Iterator<Item = &Node> {
        self.as_sequence().unwrap_or_default().iter()
    }

    /// The entries when this is a mapping, else nothing.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.as_mapping().unwrap_or_default().iter()
    }

    /// A short name for the node's type, for messages.
    pub const fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Scalar(_) => "scalar",
            Value::Sequence(_) => "sequence",
            Value::Mapping(_) => "mapping",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Scalar {
        Scalar { text: text.into(), style: Style::Plain, tag: None }
    }

    #[test]
    fn floats_as_go_yaml_reads_them() {
        for float in
            ["1.0", "1.", ".5", "-1.5e3", "1e3", "+2E-2", "1_000.5", ".inf", "-.Inf", ".NaN", "99999999999999999999"]
        {
            assert!(plain(float).is_float(), "{float}");
        }
        for text in ["v1.0", "1.0.0", ".", "e3", "1e", "1.5e+", "-", "", "--1.0", ".nan1", "-.nan", "1:30", "1", "0x1F"]
        {
            assert!(!plain(text).is_float(), "{text}");
        }
        let quoted = Scalar { text: "1.5".into(), style: Style::DoubleQuoted, tag: None };
        let tagged = Scalar { text: "1".into(), style: Style::Plain, tag: Some(format!("{CORE}float")) };
        let as_string = Scalar { text: "1.5".into(), style: Style::Plain, tag: Some(format!("{CORE}str")) };
        assert_eq!((quoted.is_float(), tagged.is_float(), as_string.is_float()), (false, true, false));
    }

    #[test]
    fn booleans_follow_yaml_1_1_for_plain_scalars_only() {
        for (text, want) in [("yes", Some(true)), ("On", Some(true)), ("n", Some(false)), ("FALSE", Some(false))] {
            assert_eq!(plain(text).as_bool(), want, "{text}");
        }
        assert_eq!(plain("yEs").as_bool(), None);
        let quoted = Scalar { text: "true".into(), style: Style::DoubleQuoted, tag: None };
        assert_eq!(quoted.as_bool(), None);
        let tagged = Scalar { text: "true".into(), style: Style::Plain, tag: Some("tag:yaml.org,2002:str".into()) };
        assert_eq!(tagged.as_bool(), None);
        let forced =
            Scalar { text: "true".into(), style: Style::SingleQuoted, tag: Some("tag:yaml.org,2002:bool".into()) };
        assert_eq!(forced.as_bool(), Some(true));
    }

    #[test]
    fn integers_in_every_radix_and_out_of_range() {
        for (text, want) in [
            ("0", Some(0)),
            ("-12", Some(-12)),
            ("+7", Some(7)),
            ("1_000", Some(1000)),
            ("0x1F", Some(31)),
            ("0o17", Some(15)),
            ("017", Some(15)),
            ("0b101", Some(5)),
            ("9223372036854775807", Some(i64::MAX)),
            ("-9223372036854775808", Some(i64::MIN)),
            ("9223372036854775808", None),
            ("1.5", None),
            ("08", None),
            ("", None),
            ("-", None),
            ("0x", None),
            ("１", None),
        ] {
            assert_eq!(plain(text).as_i64(), want, "{text:?}");
        }
        assert_eq!(Scalar { text: "5".into(), style: Style::DoubleQuoted, tag: None }.as_i64(), None);
    }
}
