//! The code editor: a CodeMirror view (from the `SeaworthyEditor` bundle) kept in step with the open file.
//!
//! The view is created once, during the component's first render and with the file's findings already in it, and
//! its element goes into the page as part of that render: the first paint shows the editor and its findings, with no
//! second layout for the diagnostics. A new file replaces the editor state (so undo history never crosses files); a
//! new revision of the same file (a fix, "Ignore here") goes in as an undoable edit; the user's own typing comes back
//! through `on_change` and is never pushed back in.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::web::{self, EditorView};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub file: u32,
    pub revision: u32,
    pub text: String,
    /// `dockerfile`, `yaml` or `text`.
    pub language: &'static str,
    /// The accessible name of the editing area.
    pub label: String,
    /// The file's findings, as the bundle's diagnostics JSON.
    pub diagnostics: Rc<String>,
    /// UTF-16 `from`, `to` and a sequence number: select this span (again, when the number changes).
    pub reveal: Option<(usize, usize, u32)>,
    /// `(text, is_paste)` after each edit the user makes.
    pub on_change: Callback<(String, bool)>,
    /// The bundle is missing or failed: the app falls back to the plain editor.
    pub on_failed: Callback<()>,
}

type ChangeClosure = Closure<dyn FnMut(String, bool)>;

/// A live view and the closure it calls on each edit, which must live as long as the view.
struct Editor {
    view: EditorView,
    element: web_sys::Element,
    _forward: ChangeClosure,
}

#[component]
pub fn CodeEditor(props: &Props) -> Html {
    // The closure handed to JavaScript calls whichever `on_change` is current.
    let on_change = use_mut_ref(|| props.on_change.clone());
    on_change.borrow_mut().clone_from(&props.on_change);
    let editor: Rc<Option<Editor>> = {
        let on_change = on_change.clone();
        let (text, language, label, diagnostics) =
            (props.text.clone(), props.language, props.label.clone(), props.diagnostics.clone());
        use_memo((), move |()| {
            let forward = ChangeClosure::new(move |text: String, paste: bool| {
                let callback = on_change.borrow().clone();
                callback.emit((text, paste));
            });
            let view =
                web::create_editor(&text, language, &label, &diagnostics, forward.as_ref().unchecked_ref()).ok()?;
            let element = web::editor_element(&view);
            element.set_class_name("code-editor");
            // Setting a string attribute on a live element cannot fail.
            let _ = element.set_attribute("data-testid", "editor");
            Some(Editor { view, element, _forward: forward })
        })
    };
    // What the view shows, so that the effects below only call into the editor for a real change.
    let shown_file = use_mut_ref(|| props.file);
    let shown_language = use_mut_ref(|| props.language);
    let shown_diagnostics = use_mut_ref(|| props.diagnostics.clone());

    {
        let editor = editor.clone();
        let on_failed = props.on_failed.clone();
        use_effect_with((), move |()| {
            if editor.is_none() {
                on_failed.emit(());
            }
            move || {
                if let Some(editor) = editor.as_ref() {
                    web::destroy(&editor.view);
                }
            }
        });
    }

    {
        let editor = editor.clone();
        let text = props.text.clone();
        use_effect_with((props.file, props.revision, props.language), move |&(file, _, language)| {
            if let Some(Editor { view, .. }) = editor.as_ref() {
                if *shown_file.borrow() != file {
                    *shown_file.borrow_mut() = file;
                    *shown_language.borrow_mut() = language;
                    web::load(view, &text, language);
                    return;
                }
                web::set_text(view, &text);
                if *shown_language.borrow() != language {
                    *shown_language.borrow_mut() = language;
                    web::set_language(view, language);
                }
            }
        });
    }

    {
        let editor = editor.clone();
        use_effect_with((props.file, props.diagnostics.clone()), move |(_, diagnostics)| {
            if let Some(Editor { view, .. }) = editor.as_ref() {
                // The first diagnostics went in when the view was created.
                if !Rc::ptr_eq(&shown_diagnostics.borrow(), diagnostics) {
                    *shown_diagnostics.borrow_mut() = diagnostics.clone();
                    web::set_diagnostics(view, diagnostics);
                }
            }
        });
    }

    {
        let editor = editor.clone();
        use_effect_with(props.reveal, move |reveal| {
            if let (Some(Editor { view, .. }), Some((from, to, _))) = (editor.as_ref(), reveal) {
                web::select(view, u32::try_from(*from).unwrap_or(u32::MAX), u32::try_from(*to).unwrap_or(u32::MAX));
            }
        });
    }

    match editor.as_ref() {
        Some(editor) => Html::VRef(editor.element.clone().into()),
        None => html! { <div class="code-editor" data-testid="editor"></div> },
    }
}
