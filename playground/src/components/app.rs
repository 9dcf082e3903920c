//! The root component: owns the reducer and does the browser work around it: scheduling lints (debounced while
//! typing, at once after a paste, a fix or a load), timing them, restoring and writing share links, the theme, and
//! the `seaworthy:first-findings` performance mark that the budget script reads.

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use policy_core::report::Finding;
use policy_core::{Report, Severity};
use serde::Serialize;
use yew::prelude::*;

use super::code_editor::CodeEditor;
use super::config_panel::ConfigPanel;
use super::file_tabs::FileTabs;
use super::findings_panel::FindingsPanel;
use super::fix_preview::FixPreviewDialog;
use super::header::Header;
use super::plain_editor::PlainEditor;
use super::rules_view::RulesView;
use crate::positions::Utf16;
use crate::preview::Mark;
use crate::share;
use crate::state::{Action, File, LintPlace, Panel, State};
use crate::web;

/// Typing pauses this long before a lint; well under the 150 ms at which feedback stops feeling live.
const DEBOUNCE_MS: u32 = 120;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

fn lint_on_page(state: &State, generation: u64) -> Action {
    let start = web::now();
    let report = State::lint(&state.sources(), &state.config);
    Action::Linted { generation, report, elapsed_ms: web::now() - start, place: LintPlace::Page }
}

/// Lints in the worker; if the worker cannot (it failed to start), on the page instead.
fn lint_in_worker(state: &UseReducerHandle<State>, generation: u64, dispatch: UseReducerDispatcher<State>) {
    let json = state.lint_request();
    let state = state.clone();
    yew::platform::spawn_local(async move {
        match web::lint_in_worker(&json).await {
            Ok((report, elapsed_ms)) => {
                dispatch.dispatch(Action::Linted { generation, report, elapsed_ms, place: LintPlace::Worker });
            }
            Err(_) => dispatch.dispatch(lint_on_page(&state, generation)),
        }
    });
}

fn initial_state() -> State {
    let mut state = State::default();
    state.theme = web::saved_theme();
    let fragment = web::fragment();
    if fragment.starts_with(share::PREFIX) {
        match share::decode(&fragment) {
            Ok(shared) => state.apply(Action::LoadShared(shared)),
            Err(error) => state.notice = Some(error.to_string()),
        }
    }
    // The first check runs before the first render, so the first paint already shows the findings.
    let first = lint_on_page(&state, state.generation);
    state.apply(first);
    state
}

/// One diagnostic as the editor bundle takes it.
#[derive(Serialize)]
struct EditorDiagnostic<'a> {
    from: usize,
    to: usize,
    severity: Severity,
    message: String,
    source: &'a str,
}

/// The active file's findings as the editor takes them: its diagnostics JSON (UTF-16 offsets), and the marks of
/// the preview shown until the editor is built (byte spans).
fn editor_findings(report: &Report, file: Option<&File>) -> (Rc<String>, Rc<Vec<Mark>>) {
    let Some(file) = file else { return (Rc::new("[]".to_owned()), Rc::default()) };
    let utf16 = Utf16::new(&file.text);
    let findings: Vec<&Finding> = report.findings.iter().filter(|finding| finding.path == file.path).collect();
    let list: Vec<EditorDiagnostic<'_>> = findings
        .iter()
        .map(|finding| EditorDiagnostic {
            from: utf16.offset(finding.span.start),
            to: utf16.offset(finding.span.end),
            severity: finding.severity,
            message: format!("{}\n{}", finding.message, finding.help),
            source: &finding.rule,
        })
        .collect();
    let marks = findings
        .iter()
        .map(|finding| Mark { span: finding.span, severity: finding.severity, message: finding.message.clone() })
        .collect();
    (Rc::new(serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned())), Rc::new(marks))
}

fn announcement(report: &Report) -> String {
    let summary = &report.summary;
    let total = report.findings.len();
    format!(
        "{total} finding{}: {} error{}, {} warning{}, {} info",
        if total == 1 { "" } else { "s" },
        summary.error,
        if summary.error == 1 { "" } else { "s" },
        summary.warning,
        if summary.warning == 1 { "" } else { "s" },
        summary.info,
    )
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = state.dispatcher();

    // Lint whenever the generation moves: at once when asked, otherwise after the typing debounce. A newer
    // generation drops the pending timer (the effect's teardown), so only the last keystroke's text is checked.
    // Results carry their generation, so a worker reply that arrives late never replaces a newer report.
    {
        let state = state.clone();
        let dispatch = dispatch.clone();
        use_effect_with(state.generation, move |&generation| {
            let timer = if state.linted == generation {
                None
            } else {
                let lint_now = state.lint_now;
                let run = move || {
                    if state.lint_place == LintPlace::Worker {
                        lint_in_worker(&state, generation, dispatch);
                    } else {
                        dispatch.dispatch(lint_on_page(&state, generation));
                    }
                };
                if lint_now {
                    run();
                    None
                } else {
                    Some(Timeout::new(DEBOUNCE_MS, run))
                }
            };
            move || drop(timer)
        });
    }

    // The first lint's findings are on the page once this effect runs (effects run after the DOM is updated).
    let first_mark = use_mut_ref(|| false);
    use_effect_with(state.linted, move |&linted| {
        if linted > 0 && !*first_mark.borrow() {
            *first_mark.borrow_mut() = true;
            web::mark("seaworthy:first-findings");
        }
    });

    use_effect_with(state.theme, |&theme| web::apply_theme(theme));

    // A share link pasted into the address bar of an open playground.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    let fragment = web::fragment();
                    if fragment.starts_with(share::PREFIX) {
                        match share::decode(&fragment) {
                            Ok(shared) => dispatch.dispatch(Action::LoadShared(shared)),
                            Err(error) => dispatch.dispatch(Action::Notify(Some(error.to_string()))),
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    let on_share = {
        let state = state.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |()| {
            let payload = share::payload(&state.shared());
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                let url = match web::share_fragment(&payload).await {
                    Ok(fragment) => web::set_fragment(&fragment),
                    Err(_) => None,
                };
                let Some(url) = url else {
                    dispatch.dispatch(Action::Notify(Some("Could not write the link into the address bar".to_owned())));
                    return;
                };
                let length = url.len();
                web::copy(&url, move |copied| {
                    let notice = if copied {
                        format!("Link copied ({length} characters); it holds the whole workspace")
                    } else {
                        "The link is in the address bar; copy it from there".to_owned()
                    };
                    dispatch.dispatch(Action::Notify(Some(notice)));
                });
            });
        })
    };

    let (diagnostics, marks) = {
        let state = state.clone();
        let memo = use_memo((state.linted, state.active, state.report.findings.len()), move |_| {
            editor_findings(&state.report, state.active_file())
        });
        (memo.0.clone(), memo.1.clone())
    };

    let on_change = {
        let dispatch = dispatch.clone();
        let file = state.active;
        Callback::from(move |(text, paste): (String, bool)| dispatch.dispatch(Action::Edit { file, text, paste }))
    };
    let on_editor_failed = {
        let dispatch = dispatch.clone();
        Callback::from(move |()| {
            dispatch.dispatch(Action::SetPlainEditor(true));
            dispatch.dispatch(Action::Notify(Some("The code editor did not load; using the plain editor".to_owned())));
        })
    };

    let editor = state.active_file().map_or_else(Html::default, |file| {
        let reveal = state.reveal.filter(|reveal| reveal.file == file.id).map(|reveal| {
            let utf16 = Utf16::new(&file.text);
            (utf16.offset(reveal.span.start), utf16.offset(reveal.span.end), reveal.seq)
        });
        let label = "Contents of the open file".to_owned();
        if state.plain_editor {
            html! {
                <PlainEditor file={file.id} text={file.text.clone()} {label} {reveal}
                    on_change={on_change.clone()} />
            }
        } else {
            html! {
                <CodeEditor file={file.id} revision={file.revision} text={file.text.clone()} language={file.language()}
                    {label} diagnostics={diagnostics.clone()} marks={marks.clone()} {reveal} on_change={on_change.clone()}
                    on_failed={on_editor_failed.clone()} />
            }
        }
    });

    let panel_tab = |panel: Panel, label: String, id: &'static str| {
        let selected = state.panel == panel;
        let onclick = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::ShowPanel(panel)))
        };
        html! {
            <button role="tab" id={id} class={classes!("panel-tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()} aria-controls="side-panel" tabindex={if selected { "0" } else { "-1" }}
                {onclick}>{label}</button>
        }
    };
    let on_panel_keys = Callback::from(|event: KeyboardEvent| {
        let step = match event.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        event.prevent_default();
        if let Some(container) = event.current_target().and_then(|target| wasm_bindgen::JsCast::dyn_into(target).ok()) {
            web::move_focus(&container, "[role=tab]", step);
        }
    });

    let panel = match state.panel {
        Panel::Findings => html! {
            <FindingsPanel report={state.report.clone()} severities={state.severities}
                file_filter={state.file_filter.clone()} fresh={state.is_fresh()} lint_ms={state.lint_ms}
                in_worker={state.linted_in == LintPlace::Worker}
                paths={state.files.iter().map(|file| file.path.clone()).collect::<Vec<_>>()}
                dispatch={dispatch.clone()} />
        },
        Panel::Rules => html! { <RulesView selected={state.rule.clone()} dispatch={dispatch.clone()} /> },
        Panel::Config => html! {
            <ConfigPanel config={state.config.clone()} text={state.config_text.clone()}
                error={state.config_error.clone()} dispatch={dispatch.clone()} />
        },
    };
    let on_dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Notify(None)))
    };

    html! {
        <div class="app">
            <Header theme={state.theme} plain_editor={state.plain_editor} dispatch={dispatch.clone()} {on_share} />
            if let Some(notice) = &state.notice {
                <div class="notice" data-testid="notice">
                    <span>{notice}</span>
                    <button class="link" onclick={on_dismiss} aria-label="Dismiss">{"×"}</button>
                </div>
            }
            <main class="workspace">
                <section class="editor-pane" aria-label="Files">
                    <FileTabs files={state.files.clone()} active={state.active} dispatch={dispatch.clone()} />
                    <div class="editor-frame">{editor}</div>
                    <p class="hint">{"In the editor, Esc then Tab moves focus on. Ctrl+Shift+M opens the finding list of the editor."}</p>
                </section>
                <aside class="side-pane" aria-label="Findings, rules and configuration">
                    <div class="panel-tabs" role="tablist" aria-label="Panels" onkeydown={on_panel_keys}>
                        {panel_tab(Panel::Findings, format!("Findings ({})", state.report.findings.len()), "tab-findings")}
                        {panel_tab(Panel::Rules, "Rules".to_owned(), "tab-rules")}
                        {panel_tab(Panel::Config, "Config".to_owned(), "tab-config")}
                    </div>
                    <div id="side-panel" class="side-panel" role="tabpanel">{panel}</div>
                </aside>
            </main>
            if let Some(preview) = &state.preview {
                <FixPreviewDialog preview={preview.clone()} dispatch={dispatch.clone()} />
            }
            <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
                {announcement(&state.report)}
            </div>
        </div>
    }
}
