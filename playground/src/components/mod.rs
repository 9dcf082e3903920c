//! The app's function components, one per file, each with its `Props`. They read state through props and change it
//! only by dispatching [`crate::state::Action`]s.

pub mod app;
pub mod code_editor;
pub mod config_panel;
pub mod examples_menu;
pub mod file_tabs;
pub mod finding_item;
pub mod findings_panel;
pub mod fix_preview;
pub mod header;
pub mod plain_editor;
pub mod rule_doc;
pub mod rules_view;

use yew::UseReducerDispatcher;

use crate::state::State;

/// How components change the state.
pub type Dispatch = UseReducerDispatcher<State>;
