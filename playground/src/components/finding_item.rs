//! One finding: severity, location, message and help; clicking it moves the editor to its span. Its rule id opens
//! the rule's docs, and it offers the fix (with a preview) and "Ignore here".

use std::rc::Rc;

use policy_core::report::Finding;
use yew::prelude::*;

use super::Dispatch;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Index in the report, which is what actions refer to.
    pub index: usize,
    pub finding: Rc<Finding>,
    /// Whether the text is unchanged since the check, so that the fix's spans still apply.
    pub fresh: bool,
    pub dispatch: Dispatch,
}

#[component]
pub fn FindingItem(props: &Props) -> Html {
    let finding = &props.finding;
    let index = props.index;
    let action = |make: fn(usize) -> Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(make(index)))
    };
    let on_rule = {
        let (dispatch, rule) = (props.dispatch.clone(), finding.rule.clone());
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::ShowRule(Some(rule.clone()))))
    };
    let severity = finding.severity.as_str();
    let location = format!("{}:{}:{}", finding.path, finding.line, finding.column);

    html! {
        <li class={classes!("finding", format!("severity-{severity}"))} data-testid="finding"
            data-rule={finding.rule.clone()} data-line={finding.line.to_string()} data-severity={severity}
            data-path={finding.path.clone()}>
            <button type="button" class="finding-main" onclick={action(Action::GoTo)}
                title="Show in the editor">
                <span class="severity-badge">{severity}</span>
                <span class="location">{location}</span>
                <span class="message">{&finding.message}</span>
            </button>
            <p class="help">{&finding.help}</p>
            <div class="finding-actions">
                <button type="button" class="link rule-link" data-testid="rule-link" onclick={on_rule}
                    title="Open the rule's documentation">{&finding.rule}</button>
                if let Some(fix) = &finding.fix {
                    <button type="button" data-testid="apply-fix" disabled={!props.fresh}
                        onclick={action(Action::PreviewFix)} title={fix.title.clone()}>
                        {format!("Apply fix: {}", fix.title)}
                    </button>
                }
                <button type="button" data-testid="ignore-here" disabled={!props.fresh}
                    onclick={action(Action::IgnoreHere)}
                    title={format!("Insert `# seaworthy ignore={}` above this line", finding.rule)}>
                    {"Ignore here"}
                </button>
            </div>
        </li>
    }
}
