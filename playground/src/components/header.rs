//! The top bar: name and version, the Examples menu, Share, the plain-editor switch and the theme toggle.

use yew::prelude::*;

use super::examples_menu::ExamplesMenu;
use super::Dispatch;
use crate::state::{Action, Theme};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub theme: Theme,
    pub plain_editor: bool,
    pub dispatch: Dispatch,
    pub on_share: Callback<()>,
}

#[component]
pub fn Header(props: &Props) -> Html {
    let on_theme = {
        let (dispatch, next) = (props.dispatch.clone(), props.theme.next());
        Callback::from(move |_| dispatch.dispatch(Action::SetTheme(next)))
    };
    let on_plain = {
        let (dispatch, plain) = (props.dispatch.clone(), !props.plain_editor);
        Callback::from(move |_| dispatch.dispatch(Action::SetPlainEditor(plain)))
    };
    let on_share = props.on_share.reform(|_: MouseEvent| ());
    let theme_label = match props.theme {
        Theme::System => "Theme: system",
        Theme::Dark => "Theme: dark",
        Theme::Light => "Theme: light",
    };

    html! {
        <header class="topbar">
            <h1 class="brand">
                {"Seaworthy"}
                <span class="version" data-testid="version">{format!("v{}", policy_core::VERSION)}</span>
            </h1>
            <span class="tagline">{"Dockerfile and Kubernetes checks, entirely in your browser"}</span>
            <nav class="actions" aria-label="Playground">
                <ExamplesMenu dispatch={props.dispatch.clone()} />
                <button type="button" data-testid="share" onclick={on_share}
                    title="Put the whole workspace in the link and copy it">{"Share"}</button>
                <button type="button" aria-pressed={props.plain_editor.to_string()} onclick={on_plain}
                    title="A plain text area, for screen readers">{"Plain editor"}</button>
                <button type="button" data-testid="theme" onclick={on_theme}
                    title="Switch between the system theme, dark and light">{theme_label}</button>
            </nav>
        </header>
    }
}
