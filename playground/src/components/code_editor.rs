//! The code editor: a CodeMirror view (from the `SeaworthyEditor` bundle) kept in step with the open file.
//!
//! The first render shows the file as a static preview with its findings underlined (`crate::preview`), and the
//! view is built in the task after, with the text and findings of that moment: the page paints its findings before
//! CodeMirror's cold start (about 90 ms on the 2-core machine) instead of after it. A new file replaces the editor
//! state (so undo history never crosses files); a new revision of the same file (a fix, "Ignore here") goes in as
//! an undoable edit; the user's own typing comes back through `on_change` and is never pushed back in.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::preview::{self, Mark};
use crate::web::{self, EditorView};

/// Lines the preview shows: more than a screen holds, few enough that a long file does not slow the first render.
const PREVIEW_LINES: usize = 80;

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
    /// The same findings for the preview, with byte spans.
    pub marks: Rc<Vec<Mark>>,
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

/// What the view is built from when its turn comes: the props of the latest render.
struct Latest {
    file: u32,
    text: String,
    language: &'static str,
    label: String,
    diagnostics: Rc<String>,
    reveal: Option<(usize, usize, u32)>,
}

#[component]
pub fn CodeEditor(props: &Props) -> Html {
    // The closure handed to JavaScript calls whichever `on_change` is current.
    let on_change = use_mut_ref(|| props.on_change.clone());
    on_change.borrow_mut().clone_from(&props.on_change);
    let latest = use_mut_ref(|| None::<Latest>);
    *latest.borrow_mut() = Some(Latest {
        file: props.file,
        text: props.text.clone(),
        language: props.language,
        label: props.label.clone(),
        diagnostics: props.diagnostics.clone(),
        reveal: props.reveal,
    });
    let editor: Rc<RefCell<Option<Editor>>> = use_mut_ref(|| None);
    let built = use_state(|| false);
    // What the view shows, so that the effects below only call into the editor for a real change.
    let shown_file = use_mut_ref(|| props.file);
    let shown_language = use_mut_ref(|| props.language);
    let shown_diagnostics = use_mut_ref(|| props.diagnostics.clone());

    {
        let editor = editor.clone();
        let on_failed = props.on_failed.clone();
        let (shown_file, shown_language, shown_diagnostics) =
            (shown_file.clone(), shown_language.clone(), shown_diagnostics.clone());
        let built = built.clone();
        use_effect_with((), move |()| {
            // The view waits for a task of its own, after the first render's effects (the app's first-findings mark
            // among them), so that the browser can paint the preview and the findings before CodeMirror's cold start.
            let pending = {
                let editor = editor.clone();
                Timeout::new(0, move || {
                    let Some(latest) = latest.borrow_mut().take() else { return };
                    let forward = ChangeClosure::new(move |text: String, paste: bool| {
                        let callback = on_change.borrow().clone();
                        callback.emit((text, paste));
                    });
                    let created = web::create_editor(
                        &latest.text,
                        latest.language,
                        &latest.label,
                        &latest.diagnostics,
                        forward.as_ref().unchecked_ref(),
                    );
                    let Ok(view) = created else {
                        on_failed.emit(());
                        return;
                    };
                    let element = web::editor_element(&view);
                    element.set_class_name("code-editor");
                    // Setting a string attribute on a live element cannot fail.
                    let _ = element.set_attribute("data-testid", "editor");
                    if let Some((from, to, _)) = latest.reveal {
                        select(&view, from, to);
                    }
                    *shown_file.borrow_mut() = latest.file;
                    *shown_language.borrow_mut() = latest.language;
                    *shown_diagnostics.borrow_mut() = latest.diagnostics;
                    *editor.borrow_mut() = Some(Editor { view, element, _forward: forward });
                    web::mark("seaworthy:editor-ready");
                    built.set(true);
                })
            };
            move || {
                drop(pending);
                if let Some(editor) = editor.borrow_mut().take() {
                    web::destroy(&editor.view);
                }
            }
        });
    }

    {
        let editor = editor.clone();
        let text = props.text.clone();
        use_effect_with((props.file, props.revision, props.language), move |&(file, _, language)| {
            if let Some(Editor { view, .. }) = editor.borrow().as_ref() {
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
            if let Some(Editor { view, .. }) = editor.borrow().as_ref() {
                // The diagnostics of the moment the view was built went in with it.
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
            if let (Some(Editor { view, .. }), Some((from, to, _))) = (editor.borrow().as_ref(), reveal) {
                select(view, *from, *to);
            }
        });
    }

    let element = editor.borrow().as_ref().map(|editor| editor.element.clone());
    match element {
        Some(element) => Html::VRef(element.into()),
        None => preview_html(&props.text, &props.marks),
    }
}

fn select(view: &EditorView, from: usize, to: usize) {
    web::select(view, u32::try_from(from).unwrap_or(u32::MAX), u32::try_from(to).unwrap_or(u32::MAX));
}

/// The static preview: numbered lines, findings underlined by severity, their message on hover.
fn preview_html(text: &str, marks: &[Mark]) -> Html {
    let lines = preview::lines(text, marks, PREVIEW_LINES).into_iter().map(|line| {
        let pieces = line.pieces.into_iter().map(|piece| match piece.mark.and_then(|at| marks.get(at)) {
            Some(mark) => html! {
                <span class={classes!("preview-mark", format!("severity-{}", mark.severity.as_str()))}
                    title={mark.message.clone()}>{piece.text}</span>
            },
            None => html! { {piece.text} },
        });
        html! {
            <div class="preview-line"><span class="preview-number">{line.number}</span><span>{for pieces}</span></div>
        }
    });
    html! {
        <div class="code-editor code-preview" data-testid="editor-preview" aria-busy="true">{for lines}</div>
    }
}
