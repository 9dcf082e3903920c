//! Browser glue: the narrow binding to the CodeMirror bundle (`js/editor.js`, loaded as the global
//! `SeaworthyEditor`), the lint worker (`SeaworthyLint`, from `boot.js`), and the few page services the app uses: a clock, downloads, the clipboard, the URL fragment
//! and the saved theme.

use gloo::storage::{LocalStorage, Storage};
use policy_core::Report;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::docs::Docs;
use crate::state::Theme;

#[wasm_bindgen]
extern "C" {
    /// A CodeMirror `EditorView`, opaque to Rust.
    pub type EditorView;

    /// A new editor in a new element (see `editor_element`), with `diagnostics` (as for `set_diagnostics`) shown.
    #[wasm_bindgen(catch, js_namespace = SeaworthyEditor, js_name = create)]
    pub fn create_editor(
        text: &str,
        language: &str,
        label: &str,
        diagnostics: &str,
        on_change: &js_sys::Function,
    ) -> Result<EditorView, JsValue>;

    /// The element to put into the page for `view`.
    #[wasm_bindgen(js_namespace = SeaworthyEditor, js_name = element)]
    pub fn editor_element(view: &EditorView) -> web_sys::Element;

    /// Shows another file, with a fresh undo history.
    #[wasm_bindgen(js_namespace = SeaworthyEditor, js_name = load)]
    pub fn load(view: &EditorView, text: &str, language: &str);

    /// Replaces the text as one undoable edit.
    #[wasm_bindgen(js_namespace = SeaworthyEditor, js_name = setText)]
    pub fn set_text(view: &EditorView, text: &str);

    #[wasm_bindgen(js_namespace = SeaworthyEditor, js_name = setLanguage)]
    pub fn set_language(view: &EditorView, language: &str);

    /// `json`: an array of `{from, to, severity, message, source}`, offsets in UTF-16 code units.
    #[wasm_bindgen(js_namespace = SeaworthyEditor, js_name = setDiagnostics)]
    pub fn set_diagnostics(view: &EditorView, json: &str);

    #[wasm_bindgen(js_namespace = SeaworthyEditor, js_name = select)]
    pub fn select(view: &EditorView, from: u32, to: u32);

    #[wasm_bindgen(js_namespace = SeaworthyEditor, js_name = destroy)]
    pub fn destroy(view: &EditorView);

    /// The share fragment (`w=...`, without `#`) for a workspace's JSON: deflated by the browser, base64url.
    #[wasm_bindgen(catch, js_namespace = SeaworthyShare, js_name = pack)]
    fn pack_share(json: &str) -> Result<js_sys::Promise, JsValue>;

    /// Posts a lint request (JSON) to the worker that `boot.js` starts on first use; resolves to `{ms, report}`.
    #[wasm_bindgen(catch, js_namespace = SeaworthyLint, js_name = lint)]
    fn post_lint(request: &str) -> Result<js_sys::Promise, JsValue>;
}

/// The share fragment for a workspace's JSON (see `share::payload`).
pub async fn share_fragment(json: &str) -> Result<String, JsValue> {
    let fragment = wasm_bindgen_futures::JsFuture::from(pack_share(json)?).await?;
    fragment.as_string().ok_or_else(|| JsValue::from_str("no fragment"))
}

/// Lints in the worker: the report and the milliseconds the worker spent on it.
pub async fn lint_in_worker(request: &str) -> Result<(Report, f64), JsValue> {
    let reply = wasm_bindgen_futures::JsFuture::from(post_lint(request)?).await?;
    let elapsed_ms = js_sys::Reflect::get(&reply, &JsValue::from_str("ms"))?.as_f64().unwrap_or_default();
    let report = js_sys::Reflect::get(&reply, &JsValue::from_str("report"))?.as_string().ok_or("no report")?;
    let report = crate::worker::read_report(&report).map_err(|error| JsValue::from_str(&error))?;
    Ok((report, elapsed_ms))
}

const THEME_KEY: &str = "seaworthy-theme";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Milliseconds since navigation started.
pub fn now() -> f64 {
    window().and_then(|window| window.performance()).map_or(0.0, |performance| performance.now())
}

/// A `performance.mark`, so that tests and the budget script can read when something happened.
pub fn mark(name: &str) {
    if let Some(performance) = window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
}

/// Offers `text` as a file download; the data goes from memory to disk through a `blob:` URL, not the network.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let document = window().and_then(|window| window.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}

/// Copies `text` to the clipboard; `done` receives whether it worked.
pub fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(clipboard) = window().map(|window| window.navigator().clipboard()) else {
        done(false);
        return;
    };
    let promise = clipboard.write_text(text);
    yew::platform::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// The URL fragment without `#`.
pub fn fragment() -> String {
    window()
        .and_then(|window| window.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// Replaces the URL fragment without a navigation or a history entry, and returns the full URL.
pub fn set_fragment(fragment: &str) -> Option<String> {
    let window = window()?;
    let location = window.location();
    let url = format!("{}{}#{fragment}", location.origin().ok()?, location.pathname().ok()?);
    window.history().ok()?.replace_state_with_url(&JsValue::NULL, "", Some(&url)).ok()?;
    Some(url)
}

pub fn saved_theme() -> Theme {
    LocalStorage::get::<String>(THEME_KEY).ok().as_deref().and_then(Theme::parse).unwrap_or(Theme::System)
}

/// Applies the theme to the page (`<html data-theme>`; `system` follows `prefers-color-scheme`) and saves it.
pub fn apply_theme(theme: Theme) {
    if let Some(root) = window().and_then(|window| window.document()).and_then(|document| document.document_element()) {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
    let _ = LocalStorage::set(THEME_KEY, theme.as_str());
}

/// Moves keyboard focus to the element matching `selector` inside `container`, `step` places from the focused one
/// (wrapping). Used for arrow-key navigation in lists and tab strips.
pub fn move_focus(container: &web_sys::Element, selector: &str, step: isize) {
    let Ok(nodes) = container.query_selector_all(selector) else { return };
    let elements: Vec<web_sys::HtmlElement> =
        (0..nodes.length()).filter_map(|at| nodes.get(at)).filter_map(|node| node.dyn_into().ok()).collect();
    if elements.is_empty() {
        return;
    }
    let active = window().and_then(|window| window.document()).and_then(|document| document.active_element());
    let current = elements.iter().position(|element| active.as_ref().is_some_and(|active| active == element.as_ref()));
    let count = isize::try_from(elements.len()).unwrap_or(isize::MAX);
    let next = current.map_or(0, |at| (isize::try_from(at).unwrap_or(0) + step).rem_euclid(count));
    if let Some(element) = usize::try_from(next).ok().and_then(|next| elements.get(next)) {
        let _ = element.focus();
    }
}

thread_local! {
    /// The rules' docs once `rules.json` has been read; the page reads it at most once.
    static DOCS: std::cell::RefCell<Option<std::rc::Rc<Docs>>> = const { std::cell::RefCell::new(None) };
}

/// Calls `done` with the rules' docs, loading `rules.json` (next to the page) the first time.
pub fn with_docs(done: impl FnOnce(Result<std::rc::Rc<Docs>, String>) + 'static) {
    if let Some(docs) = DOCS.with(|cell| cell.borrow().clone()) {
        done(Ok(docs));
        return;
    }
    yew::platform::spawn_local(async move {
        let loaded = load_docs().await.map(std::rc::Rc::new);
        if let Ok(docs) = &loaded {
            DOCS.with(|cell| *cell.borrow_mut() = Some(docs.clone()));
        }
        done(loaded);
    });
}

async fn load_docs() -> Result<Docs, String> {
    let describe = |error: JsValue| error.as_string().unwrap_or_else(|| format!("{error:?}"));
    let window = window().ok_or("no window")?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str("rules.json")).await.map_err(describe)?;
    let response: web_sys::Response = response.dyn_into().map_err(describe)?;
    if !response.ok() {
        return Err(format!("rules.json could not be loaded (HTTP {})", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(describe)?).await.map_err(describe)?;
    Docs::parse(&text.as_string().unwrap_or_default())
}
