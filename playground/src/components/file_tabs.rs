//! The workspace's tabs: one per file, arrow keys move between them, and a bar for the open file's name and kind
//! (detected from the name, or set by hand).

use policy_core::Kind;
use yew::prelude::*;

use super::Dispatch;
use crate::state::{Action, File};
use crate::web;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub files: Vec<File>,
    pub active: u32,
    pub dispatch: Dispatch,
}

fn kind_label(kind: Option<Kind>) -> &'static str {
    match kind {
        Some(Kind::Dockerfile) => "Dockerfile",
        Some(Kind::Kubernetes) => "Kubernetes",
        Some(Kind::Shell) => "Shell script",
        Some(Kind::Ci) => "CI file",
        None => "unknown",
    }
}

#[component]
pub fn FileTabs(props: &Props) -> Html {
    let on_keys = Callback::from(|event: KeyboardEvent| {
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
    let tabs = props
        .files
        .iter()
        .map(|file| {
            let selected = file.id == props.active;
            let id = file.id;
            let on_open = {
                let dispatch = props.dispatch.clone();
                Callback::from(move |_| dispatch.dispatch(Action::Open(id)))
            };
            let on_close = {
                let dispatch = props.dispatch.clone();
                Callback::from(move |_| dispatch.dispatch(Action::CloseFile(id)))
            };
            html! {
                <span class={classes!("file-tab", selected.then_some("selected"))} key={id}>
                    <button type="button" role="tab" data-testid="tab" data-path={file.path.clone()}
                        aria-selected={selected.to_string()} tabindex={if selected { "0" } else { "-1" }}
                        onclick={on_open}>{&file.path}</button>
                    <button type="button" class="tab-close" aria-label={format!("Close {}", file.path)}
                        onclick={on_close}>{"×"}</button>
                </span>
            }
        })
        .collect::<Html>();
    let add = |kind: Kind, label: &'static str| {
        let dispatch = props.dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::AddFile(kind)));
        html! { <button type="button" class="add-file" {onclick}>{label}</button> }
    };

    let bar = props.files.iter().find(|file| file.id == props.active).map(|file| {
        let id = file.id;
        let on_rename = {
            let dispatch = props.dispatch.clone();
            Callback::from(move |event: Event| {
                if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                    dispatch.dispatch(Action::Rename { file: id, path: input.value() });
                }
            })
        };
        let on_kind = {
            let dispatch = props.dispatch.clone();
            Callback::from(move |event: Event| {
                if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                    dispatch.dispatch(Action::SetKind { file: id, kind: Kind::parse(&select.value()) });
                }
            })
        };
        let detected = Kind::detect(&file.path).or_else(|| Kind::detect_content(&file.text));
        let choice = file.kind.map_or("auto", Kind::as_str);
        html! {
            <div class="file-bar">
                <label>{"Name "}
                    <input type="text" data-testid="file-name" value={file.path.clone()} onchange={on_rename}
                        spellcheck="false" />
                </label>
                <label>{"Kind "}
                    <select data-testid="file-kind" onchange={on_kind}>
                        <option value="auto" selected={choice == "auto"}>
                            {format!("Detected: {}", kind_label(detected))}
                        </option>
                        {for Kind::ALL.into_iter().map(|kind| html! {
                            <option value={kind.as_str()} selected={choice == kind.as_str()}>
                                {kind_label(Some(kind))}
                            </option>
                        })}
                    </select>
                </label>
            </div>
        }
    });

    html! {
        <>
            <div class="file-tabs">
                <div class="tab-strip" role="tablist" aria-label="Open files" onkeydown={on_keys}>{tabs}</div>
                {add(Kind::Dockerfile, "+ Dockerfile")}
                {add(Kind::Kubernetes, "+ Manifest")}
                {add(Kind::Shell, "+ Script")}
            </div>
            {bar.unwrap_or_default()}
        </>
    }
}
