//! Share links: the whole workspace (files, kinds, config, open tab) in the URL fragment, so that no server ever
//! sees it. The fragment is `#w=` then base64url (no padding) of raw-deflated JSON.
//!
//! Writing a link deflates with the browser's own `CompressionStream` (`SeaworthyShare.pack` in `boot.js`, given
//! [`payload`]): a deflater in the wasm module cost 11 KB of its gzip size. Reading one stays here, synchronous and
//! capped, so that a link opened in a new page is read before the first render and checked in it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use policy_core::{Kind, Source};
use serde::{Deserialize, Serialize};

/// The prefix of a share fragment, after `#`.
pub const PREFIX: &str = "w=";

/// Largest workspace a link may expand to. Inflating stops there, so a crafted link cannot exhaust memory.
pub const MAX_EXPANDED_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedFile {
    pub path: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
}

impl SharedFile {
    /// The file as a source to check, with its kind when the user chose one.
    pub fn into_source(self) -> Source {
        let source = Source::new(self.path, self.text);
        match self.kind {
            Some(kind) => source.with_kind(kind),
            None => source,
        }
    }
}

/// What a share link carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedWorkspace {
    pub files: Vec<SharedFile>,
    /// The `.seaworthy.yaml` text, as the config panel shows it.
    #[serde(default)]
    pub config: String,
    /// Index of the open tab.
    #[serde(default)]
    pub active: usize,
}

/// Why a fragment could not be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    NotAShareLink,
    Base64,
    Inflate,
    Json(String),
    Empty,
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAShareLink => f.write_str("the link has no shared workspace"),
            Self::Base64 => f.write_str("the shared workspace in the link is not valid base64url; was it cut short?"),
            Self::Inflate => f.write_str("the shared workspace in the link does not decompress; was it cut short?"),
            Self::Json(error) => write!(f, "the shared workspace in the link is not readable: {error}"),
            Self::Empty => f.write_str("the shared workspace in the link has no files"),
        }
    }
}

/// What a link carries before it is deflated: the workspace as JSON.
pub fn payload(workspace: &SharedWorkspace) -> String {
    serde_json::to_string(workspace).unwrap_or_default()
}

/// A fragment (without `#`) as `boot.js` writes one, for tests: the same deflate format and alphabet.
#[cfg(test)]
pub(crate) fn encode(workspace: &SharedWorkspace) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(payload(workspace).as_bytes(), 6);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// Reads a fragment, with or without its leading `#`.
pub fn decode(fragment: &str) -> Result<SharedWorkspace, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let payload = fragment.strip_prefix(PREFIX).ok_or(ShareError::NotAShareLink)?;
    let deflated = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).map_err(|_| ShareError::Base64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_EXPANDED_BYTES)
        .map_err(|_| ShareError::Inflate)?;
    let workspace: SharedWorkspace =
        serde_json::from_slice(&json).map_err(|error| ShareError::Json(error.to_string()))?;
    if workspace.files.is_empty() {
        return Err(ShareError::Empty);
    }
    Ok(workspace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SharedWorkspace {
        SharedWorkspace {
            files: vec![
                SharedFile { path: "Dockerfile".into(), text: "FROM alpine\nUSER root\n# é😀\n".into(), kind: None },
                SharedFile { path: "notes".into(), text: "kind: Pod\n".into(), kind: Some(Kind::Kubernetes) },
            ],
            config: "rules:\n  root-user: off\n".into(),
            active: 1,
        }
    }

    #[test]
    fn round_trips_through_url_safe_text() {
        let fragment = encode(&sample());
        assert!(fragment.starts_with("w="));
        assert!(fragment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)), "{fragment}");
        assert_eq!(decode(&fragment), Ok(sample()));
        assert_eq!(decode(&format!("#{fragment}")), Ok(sample()));
    }

    #[test]
    fn broken_links_are_errors_not_panics() {
        assert_eq!(decode(""), Err(ShareError::NotAShareLink));
        assert_eq!(decode("#x=1"), Err(ShareError::NotAShareLink));
        assert_eq!(decode("w=***"), Err(ShareError::Base64));
        assert_eq!(decode("w=AAAA"), Err(ShareError::Inflate));
        let truncated = encode(&sample());
        assert!(decode(truncated.get(..truncated.len() / 2).unwrap()).is_err());
        let no_files = SharedWorkspace { files: vec![], config: String::new(), active: 0 };
        assert_eq!(decode(&encode(&no_files)), Err(ShareError::Empty));
    }

    #[test]
    fn a_link_that_expands_past_the_limit_is_refused() {
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_EXPANDED_BYTES + 1], 9);
        assert_eq!(decode(&format!("w={}", URL_SAFE_NO_PAD.encode(bomb))), Err(ShareError::Inflate));
    }
}
