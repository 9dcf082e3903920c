//! The findings panel: counts that double as severity filters, a file filter, the lint time, Fix all, exports, and
//! the list (arrow keys move between findings).

use std::rc::Rc;

use policy_core::{Report, Severity};
use yew::prelude::*;

use super::finding_item::FindingItem;
use super::Dispatch;
use crate::export;
use crate::state::{Action, SeverityFilter};
use crate::web;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
    pub severities: SeverityFilter,
    pub file_filter: Option<String>,
    pub fresh: bool,
    pub lint_ms: Option<f64>,
    /// Whether that lint ran in the worker.
    pub in_worker: bool,
    pub paths: Vec<String>,
    pub dispatch: Dispatch,
}

#[component]
pub fn FindingsPanel(props: &Props) -> Html {
    let report = &props.report;
    // Findings are shared with their items by `Rc`, so re-rendering the list copies no strings.
    let findings = use_memo(report.clone(), |report| report.findings.iter().cloned().map(Rc::new).collect::<Vec<_>>());

    let chip = |severity: Severity, count: usize| {
        let dispatch = props.dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::ToggleSeverity(severity)));
        let shown = props.severities.shows(severity);
        let name = severity.as_str();
        html! {
            <button type="button" class={classes!("chip", format!("severity-{name}"))} data-testid={format!("count-{name}")}
                aria-pressed={shown.to_string()} title={format!("Show or hide {name} findings")} {onclick}>
                {format!("{count} {name}")}
            </button>
        }
    };
    let on_file = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let value = select.value();
                dispatch.dispatch(Action::FilterFile((!value.is_empty()).then_some(value)));
            }
        })
    };
    let on_fix_all = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::PreviewFixAll))
    };
    let export_to = |name: &'static str, mime: &'static str, make: fn(&Report) -> String| {
        let (report, dispatch) = (report.clone(), props.dispatch.clone());
        Callback::from(move |_| {
            if web::download(name, mime, &make(&report)).is_err() {
                dispatch.dispatch(Action::Notify(Some(format!("Could not save {name}"))));
            }
        })
    };
    let on_markdown = {
        let (report, dispatch) = (report.clone(), props.dispatch.clone());
        Callback::from(move |_| {
            let dispatch = dispatch.clone();
            web::copy(&export::markdown(&report), move |copied| {
                let notice = if copied { "Findings copied as Markdown" } else { "The clipboard is not available here" };
                dispatch.dispatch(Action::Notify(Some(notice.to_owned())));
            });
        })
    };
    let on_keys = Callback::from(|event: KeyboardEvent| {
        let step = match event.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        event.prevent_default();
        if let Some(container) = event.current_target().and_then(|target| wasm_bindgen::JsCast::dyn_into(target).ok()) {
            web::move_focus(&container, ".finding-main", step);
        }
    });

    let visible: Vec<usize> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, finding)| {
            props.severities.shows(finding.severity)
                && props.file_filter.as_ref().is_none_or(|path| *path == finding.path)
        })
        .map(|(index, _)| index)
        .collect();
    let items = visible
        .iter()
        .filter_map(|&index| findings.get(index).map(|finding| (index, finding.clone())))
        .map(|(index, finding)| {
            html! {
                <FindingItem key={index} {index} {finding} fresh={props.fresh} dispatch={props.dispatch.clone()} />
            }
        })
        .collect::<Html>();
    let any_fix = report.findings.iter().any(|finding| finding.fix.is_some());
    let lint_time = props.lint_ms.map_or_else(String::new, |ms| {
        format!("checked in {ms:.1} ms{}", if props.in_worker { " (in a worker)" } else { "" })
    });
    let empty = if report.findings.is_empty() {
        Some("No findings. Seaworthy has nothing to say about these files.")
    } else if visible.is_empty() {
        Some("Every finding is hidden by the filters.")
    } else {
        None
    };

    html! {
        <section class="findings-panel" aria-label="Findings" data-testid="findings-panel"
            data-fresh={props.fresh.to_string()}>
            <div class="findings-summary">
                {chip(Severity::Error, report.summary.error)}
                {chip(Severity::Warning, report.summary.warning)}
                {chip(Severity::Info, report.summary.info)}
                <select class="file-filter" data-testid="file-filter" aria-label="Show findings of" onchange={on_file}>
                    <option value="" selected={props.file_filter.is_none()}>{"All files"}</option>
                    {for props.paths.iter().map(|path| html! {
                        <option value={path.clone()} selected={props.file_filter.as_ref() == Some(path)}>{path}</option>
                    })}
                </select>
                <span class="lint-time" data-testid="lint-time"
                    data-ms={props.lint_ms.map(|ms| format!("{ms:.3}"))} data-worker={props.in_worker.to_string()}>{lint_time}</span>
            </div>
            <div class="findings-actions">
                <button type="button" data-testid="fix-all" disabled={!props.fresh || !any_fix} onclick={on_fix_all}>
                    {"Fix all…"}
                </button>
                <button type="button" data-testid="export-json"
                    onclick={export_to("seaworthy.json", "application/json", export::json)}>{"JSON"}</button>
                <button type="button" data-testid="export-sarif"
                    onclick={export_to("seaworthy.sarif", "application/sarif+json", export::sarif)}>{"SARIF"}</button>
                <button type="button" data-testid="copy-markdown" onclick={on_markdown}>{"Copy as Markdown"}</button>
            </div>
            if let Some(message) = empty {
                <p class="empty">{message}</p>
            }
            <ul class="findings" data-testid="findings" aria-label="Findings list" onkeydown={on_keys}>{items}</ul>
        </section>
    }
}
