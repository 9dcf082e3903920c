//! Seaworthy's playground: a Yew app that links `policy-core` directly and checks Dockerfiles and Kubernetes
//! manifests as they are typed, entirely in the page.
//!
//! The modules at the top are pure and build on every target, so their tests run natively: the state and its
//! reducer, fixes and "Ignore here", diffs, share links, exports, the config text, examples, the Markdown reader
//! for rule docs, the open file's preview, and both ends of the lint worker's protocol. Everything that touches the
//! browser (`components`, `web`) builds only for `wasm32`.

pub mod config_text;
pub mod diff;
pub mod docs;
pub mod examples;
pub mod export;
pub mod fixes;
pub mod markdown;
pub mod positions;
pub mod preview;
pub mod share;
pub mod state;
pub mod worker;

#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod web;

/// Mounts the app on the page's `<body>`. In the lint worker, which runs the same module, there is no page and
/// nothing to mount.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    if web_sys::window().is_some() {
        yew::Renderer::<components::app::App>::new().render();
    }
}
