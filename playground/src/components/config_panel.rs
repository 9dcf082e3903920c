//! The config panel: each rule on, off or at another severity, and the required labels, shown as the equivalent
//! `.seaworthy.yaml` text, which can also be edited directly. A text that does not parse shows its error and
//! leaves the last good config in force.

use policy_core::config::RuleSetting;
use policy_core::rules::REGISTRY;
use policy_core::Config;
use yew::prelude::*;

use super::Dispatch;
use crate::config_text::setting_name;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub config: Config,
    pub text: String,
    pub error: Option<String>,
    pub dispatch: Dispatch,
}

const SETTINGS: [RuleSetting; 4] = [RuleSetting::Off, RuleSetting::Info, RuleSetting::Warning, RuleSetting::Error];

#[component]
pub fn ConfigPanel(props: &Props) -> Html {
    let rows = REGISTRY
        .iter()
        .map(|rule| {
            let id = rule.id;
            let current = props.config.rules.get(id).copied();
            let onchange = {
                let dispatch = props.dispatch.clone();
                Callback::from(move |event: Event| {
                    if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                        let value = select.value();
                        let setting = SETTINGS.into_iter().find(|setting| setting_name(*setting) == value);
                        dispatch.dispatch(Action::SetRule { rule: id.to_owned(), setting });
                    }
                })
            };
            html! {
                <tr key={id}>
                    <th scope="row"><label for={format!("rule-setting-{id}")}>{id}</label></th>
                    <td>
                        <select id={format!("rule-setting-{id}")} data-testid="rule-setting" data-rule={id} {onchange}>
                            <option value="default" selected={current.is_none()}>
                                {format!("default ({})", rule.default_severity)}
                            </option>
                            {for SETTINGS.iter().map(|setting| html! {
                                <option value={setting_name(*setting)} selected={current == Some(*setting)}>
                                    {setting_name(*setting)}
                                </option>
                            })}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect::<Html>();
    let on_labels = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                dispatch.dispatch(Action::SetRequiredLabels(input.value()));
            }
        })
    };
    let on_text = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                dispatch.dispatch(Action::EditConfig(area.value()));
            }
        })
    };

    html! {
        <section class="config-panel" aria-label="Configuration">
            <label class="labels">{"Required labels "}
                <input type="text" data-testid="required-labels" value={props.config.required_labels.join(", ")}
                    onchange={on_labels} spellcheck="false" />
            </label>
            <label for="config-text" class="config-text-label">{".seaworthy.yaml"}</label>
            <textarea id="config-text" class="config-text" data-testid="config-text" spellcheck="false"
                aria-invalid={props.error.is_some().to_string()} aria-describedby="config-error"
                value={props.text.clone()} oninput={on_text} />
            <p id="config-error" class="config-error" role="alert" data-testid="config-error">
                {props.error.clone().unwrap_or_default()}
            </p>
            <table class="rule-settings">
                <thead><tr><th scope="col">{"Rule"}</th><th scope="col">{"Setting"}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
