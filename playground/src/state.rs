//! The playground's state and its one reducer: every user action is an [`Action`], applied by [`State::apply`].
//!
//! The reducer is pure (no browser calls) so that it is unit-tested natively; the Yew app wraps it in
//! `use_reducer` and does the browser work (timing, lint scheduling, storage, the URL) around it. Linting itself is
//! the pure [`State::lint`]: the app runs it (on the page, or in a worker once a lint has taken longer than
//! [`MAIN_THREAD_LINT_BUDGET_MS`]) and hands the result back as [`Action::Linted`].

use std::rc::Rc;

use policy_core::config::RuleSetting;
use policy_core::report::Finding;
use policy_core::span::Span;
use policy_core::{check, Config, Kind, Report, Severity, Source};

use crate::config_text;
use crate::examples::Example;
use crate::fixes;
use crate::share::{SharedFile, SharedWorkspace};

/// A lint slower than this on the page's thread could make typing stutter (a 60 Hz frame is 16.7 ms, and the editor
/// needs its share); after one, later lints run in a Web Worker.
pub const MAIN_THREAD_LINT_BUDGET_MS: f64 = 8.0;

/// Where a lint runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintPlace {
    /// On the page's thread, in step with rendering.
    Page,
    /// In the Web Worker.
    Worker,
}

/// One tab of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub id: u32,
    pub path: String,
    pub text: String,
    /// Overrides the kind detected from `path`.
    pub kind: Option<Kind>,
    /// Bumped when the text changes from outside the editor (a fix, an example, a share link), so the editor knows
    /// to take the new text; the editor's own edits leave it alone.
    pub revision: u32,
}

impl File {
    /// As the core tells it: the kind set by hand, else the name's, else a shell shebang's.
    pub fn kind(&self) -> Option<Kind> {
        self.kind.or_else(|| Kind::detect(&self.path)).or_else(|| Kind::detect_content(&self.text))
    }

    /// The editor language: `dockerfile`, `yaml`, `shell` or `text`.
    pub fn language(&self) -> &'static str {
        match self.kind() {
            Some(Kind::Dockerfile) => "dockerfile",
            Some(Kind::Kubernetes | Kind::Ci) => "yaml",
            Some(Kind::Shell) => "shell",
            None => "text",
        }
    }
}

/// The side panel's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Findings,
    Rules,
    Config,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::System, Self::Light, Self::Dark].into_iter().find(|theme| theme.as_str() == text)
    }

    /// The next theme of the toggle: system → dark → light → system.
    #[must_use]
    pub const fn next(self) -> Self {
        match self {
            Self::System => Self::Dark,
            Self::Dark => Self::Light,
            Self::Light => Self::System,
        }
    }
}

/// A request for the editor to select a span; `seq` makes a second click on the same finding select it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reveal {
    pub file: u32,
    pub span: Span,
    pub seq: u32,
}

/// Which severities the findings panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeverityFilter {
    pub error: bool,
    pub warning: bool,
    pub info: bool,
}

impl SeverityFilter {
    pub const ALL: Self = Self { error: true, warning: true, info: true };

    pub const fn shows(self, severity: Severity) -> bool {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }

    fn toggle(&mut self, severity: Severity) {
        let flag = match severity {
            Severity::Error => &mut self.error,
            Severity::Warning => &mut self.warning,
            Severity::Info => &mut self.info,
        };
        *flag = !*flag;
    }
}

/// A pending text change of one file, shown as a diff before it is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub file: u32,
    pub path: String,
    pub before: String,
    pub after: String,
}

/// What "Apply fix" or "Fix all" would do, awaiting confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixPreview {
    pub title: String,
    pub changes: Vec<FileChange>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user edited a file in the editor; `paste` asks for a lint now instead of after the debounce.
    Edit {
        file: u32,
        text: String,
        paste: bool,
    },
    /// A lint of `generation` finished, on the page or in the worker.
    Linted {
        generation: u64,
        report: Report,
        elapsed_ms: f64,
        place: LintPlace,
    },
    Open(u32),
    AddFile(Kind),
    CloseFile(u32),
    Rename {
        file: u32,
        path: String,
    },
    SetKind {
        file: u32,
        kind: Option<Kind>,
    },
    LoadExample(Example),
    LoadShared(SharedWorkspace),
    /// Move the editor to the finding at this index of the report.
    GoTo(usize),
    PreviewFix(usize),
    PreviewFixAll,
    ConfirmFix,
    CancelFix,
    IgnoreHere(usize),
    ToggleSeverity(Severity),
    FilterFile(Option<String>),
    ShowPanel(Panel),
    /// Open a rule's docs in the reference, or its list with `None`.
    ShowRule(Option<String>),
    /// `None` returns the rule to its default severity.
    SetRule {
        rule: String,
        setting: Option<RuleSetting>,
    },
    /// Labels separated by commas or whitespace.
    SetRequiredLabels(String),
    EditConfig(String),
    SetTheme(Theme),
    SetPlainEditor(bool),
    Notify(Option<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub files: Vec<File>,
    /// Id of the open tab.
    pub active: u32,
    next_id: u32,
    pub config: Config,
    /// The config panel's text; it may be ahead of `config` when it does not parse.
    pub config_text: String,
    pub config_error: Option<String>,
    pub report: Rc<Report>,
    pub lint_ms: Option<f64>,
    /// Where lints run: in the worker from the first lint on the page that took longer than
    /// [`MAIN_THREAD_LINT_BUDGET_MS`] on.
    pub lint_place: LintPlace,
    /// Where the report shown was computed.
    pub linted_in: LintPlace,
    /// Bumped by every change that can alter the findings: text, paths, kinds, config.
    pub generation: u64,
    /// The generation `report` was computed for.
    pub linted: u64,
    /// Lint without waiting for the typing debounce (a paste, a fix, a loaded workspace).
    pub lint_now: bool,
    pub severities: SeverityFilter,
    pub file_filter: Option<String>,
    pub panel: Panel,
    /// The rule the reference view has open.
    pub rule: Option<String>,
    pub preview: Option<FixPreview>,
    pub reveal: Option<Reveal>,
    pub theme: Theme,
    pub plain_editor: bool,
    pub notice: Option<String>,
}

impl Default for State {
    fn default() -> Self {
        Self::from_example(&crate::examples::default_example())
    }
}

impl State {
    pub fn from_example(example: &Example) -> Self {
        let config = Config::default();
        let mut state = Self {
            files: Vec::new(),
            active: 0,
            next_id: 0,
            config_text: config_text::to_yaml(&config),
            config,
            config_error: None,
            report: Rc::new(Report::new(Vec::new(), Vec::new())),
            lint_ms: None,
            lint_place: LintPlace::Page,
            linted_in: LintPlace::Page,
            generation: 0,
            linted: 0,
            lint_now: true,
            severities: SeverityFilter::ALL,
            file_filter: None,
            panel: Panel::Findings,
            rule: None,
            preview: None,
            reveal: None,
            theme: Theme::System,
            plain_editor: false,
            notice: None,
        };
        state.load_files(example.files.iter().map(|file| (file.path.clone(), file.text.clone(), None)), 0);
        state
    }

    pub fn active_file(&self) -> Option<&File> {
        self.files.iter().find(|file| file.id == self.active)
    }

    pub fn file(&self, id: u32) -> Option<&File> {
        self.files.iter().find(|file| file.id == id)
    }

    pub fn file_by_path(&self, path: &str) -> Option<&File> {
        self.files.iter().find(|file| file.path == path)
    }

    /// Whether the report was computed from the current text, so its spans (and fixes) still apply.
    pub const fn is_fresh(&self) -> bool {
        self.linted == self.generation
    }

    /// What a lint of the current state checks: every tab, in one call, so cross-file rules see them all.
    pub fn sources(&self) -> Vec<Source> {
        self.shared_files().into_iter().map(SharedFile::into_source).collect()
    }

    fn shared_files(&self) -> Vec<SharedFile> {
        self.files
            .iter()
            .map(|file| SharedFile { path: file.path.clone(), text: file.text.clone(), kind: file.kind })
            .collect()
    }

    /// What a lint in the worker is sent (see [`crate::worker::lint_json`]): the files, and the config in effect,
    /// which the config panel's text is not while it does not parse.
    pub fn lint_request(&self) -> String {
        let workspace = SharedWorkspace {
            files: self.shared_files(),
            config: config_text::to_yaml(&self.config),
            active: self.active_index(),
        };
        crate::share::payload(&workspace)
    }

    /// The open tab's position among the tabs.
    fn active_index(&self) -> usize {
        self.files.iter().position(|file| file.id == self.active).unwrap_or(0)
    }

    pub fn lint(sources: &[Source], config: &Config) -> Report {
        check(sources, config)
    }

    /// The findings the panel shows, with their index in the report.
    pub fn visible_findings(&self) -> impl Iterator<Item = (usize, &Finding)> + '_ {
        self.report.findings.iter().enumerate().filter(move |(_, finding)| {
            self.severities.shows(finding.severity)
                && self.file_filter.as_ref().is_none_or(|path| *path == finding.path)
        })
    }

    pub fn shared(&self) -> SharedWorkspace {
        SharedWorkspace { files: self.shared_files(), config: self.config_text.clone(), active: self.active_index() }
    }

    /// Applies one action. Actions that refer to a file or finding that no longer exists do nothing.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Edit { file, text, paste } => {
                if let Some(entry) = self.files.iter_mut().find(|entry| entry.id == file) {
                    if entry.text != text {
                        entry.text = text;
                        self.changed(paste);
                    }
                }
            }
            Action::Linted { generation, report, elapsed_ms, place } => {
                if place == LintPlace::Page && elapsed_ms > MAIN_THREAD_LINT_BUDGET_MS {
                    self.lint_place = LintPlace::Worker;
                }
                if generation > self.linted {
                    self.linted_in = place;
                    self.report = Rc::new(report);
                    self.linted = generation;
                    self.lint_ms = Some(elapsed_ms);
                    if generation == self.generation {
                        self.lint_now = false;
                    }
                }
            }
            Action::Open(file) => {
                if self.file(file).is_some() && file != self.active {
                    self.active = file;
                    // Coming back to a tab must not jump to a finding clicked long ago.
                    self.reveal = None;
                }
            }
            Action::AddFile(kind) => {
                let path = self.unused_path(kind);
                let text = match kind {
                    Kind::Dockerfile => "FROM alpine:3.20\n",
                    Kind::Kubernetes => "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: example\n",
                    Kind::Shell => "#!/bin/sh\nset -eu\nkubectl apply -f k8s/\n",
                    Kind::Ci => "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f k8s/\n",
                };
                let id = self.push_file(path, text.to_owned(), None);
                self.active = id;
                self.changed(true);
            }
            Action::CloseFile(file) => self.close_file(file),
            Action::Rename { file, path } => self.rename(file, path.trim()),
            Action::SetKind { file, kind } => {
                if let Some(entry) = self.files.iter_mut().find(|entry| entry.id == file) {
                    entry.kind = kind;
                    entry.revision += 1;
                    self.changed(true);
                }
            }
            Action::LoadExample(example) => {
                if let Some(config) = example.config {
                    self.edit_config(config);
                }
                self.load_files(example.files.into_iter().map(|file| (file.path, file.text, None)), 0);
                self.notice = Some(format!("Opened {}", example.title));
            }
            Action::LoadShared(shared) => self.load_shared(shared),
            Action::GoTo(index) => self.go_to(index),
            Action::PreviewFix(index) => self.preview_fix(index),
            Action::PreviewFixAll => self.preview_fix_all(),
            Action::ConfirmFix => self.confirm_fix(),
            Action::CancelFix => self.preview = None,
            Action::IgnoreHere(index) => self.ignore_here(index),
            Action::ToggleSeverity(severity) => self.severities.toggle(severity),
            Action::FilterFile(path) => self.file_filter = path,
            Action::ShowPanel(panel) => self.panel = panel,
            Action::ShowRule(rule) => {
                self.panel = Panel::Rules;
                self.rule = rule;
            }
            Action::SetRule { rule, setting } => {
                let mut config = self.config.clone();
                match setting {
                    Some(setting) => config.rules.insert(rule, setting),
                    None => config.rules.remove(&rule),
                };
                self.set_config(config);
            }
            Action::SetRequiredLabels(text) => {
                let mut config = self.config.clone();
                config.required_labels = text
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|label| !label.is_empty())
                    .map(str::to_owned)
                    .collect();
                self.set_config(config);
            }
            Action::EditConfig(text) => self.edit_config(text),
            Action::SetTheme(theme) => self.theme = theme,
            Action::SetPlainEditor(plain) => self.plain_editor = plain,
            Action::Notify(notice) => self.notice = notice,
        }
    }

    fn edit_config(&mut self, text: String) {
        match config_text::parse(&text) {
            Ok(config) => {
                self.config = config;
                self.config_error = None;
                self.changed(false);
            }
            Err(error) => self.config_error = Some(error),
        }
        self.config_text = text;
    }

    fn load_shared(&mut self, shared: SharedWorkspace) {
        if shared.config.trim().is_empty() {
            self.set_config(Config::default());
        } else {
            self.edit_config(shared.config);
        }
        self.load_files(shared.files.into_iter().map(|file| (file.path, file.text, file.kind)), shared.active);
        self.notice = Some("Opened the shared workspace".to_owned());
    }

    fn changed(&mut self, now: bool) {
        self.generation += 1;
        self.lint_now |= now;
    }

    fn set_config(&mut self, config: Config) {
        self.config_text = config_text::to_yaml(&config);
        self.config = config;
        self.config_error = None;
        self.changed(true);
    }

    fn push_file(&mut self, path: String, text: String, kind: Option<Kind>) -> u32 {
        self.next_id += 1;
        let id = self.next_id;
        self.files.push(File { id, path, text, kind, revision: 0 });
        id
    }

    fn load_files(&mut self, files: impl Iterator<Item = (String, String, Option<Kind>)>, active: usize) {
        self.files.clear();
        for (path, text, kind) in files {
            // Paths identify files in findings, so a duplicate gets a fresh name.
            let path = if self.file_by_path(&path).is_some() { self.numbered(&path) } else { path };
            self.push_file(path, text, kind);
        }
        if self.files.is_empty() {
            self.push_file("Dockerfile".to_owned(), String::new(), None);
        }
        self.active = self.files.get(active).or_else(|| self.files.first()).map_or(0, |file| file.id);
        self.file_filter = None;
        self.preview = None;
        self.reveal = None;
        self.changed(true);
    }

    fn unused_path(&self, kind: Kind) -> String {
        let base = match kind {
            Kind::Dockerfile => "Dockerfile",
            Kind::Kubernetes => "k8s/app.yaml",
            Kind::Shell => "deploy.sh",
            Kind::Ci => ".github/workflows/deploy.yml",
        };
        if self.file_by_path(base).is_none() {
            base.to_owned()
        } else {
            self.numbered(base)
        }
    }

    /// `base` with the first free number: `k8s/app-2.yaml`, `Dockerfile.2`.
    fn numbered(&self, base: &str) -> String {
        (2..=self.files.len() + 2)
            .map(|n| match base.rsplit_once('.') {
                Some((stem, ext)) if !stem.is_empty() && !stem.ends_with('/') => format!("{stem}-{n}.{ext}"),
                _ => format!("{base}.{n}"),
            })
            .find(|path| self.file_by_path(path).is_none())
            .unwrap_or_else(|| base.to_owned())
    }

    fn close_file(&mut self, file: u32) {
        if self.files.len() < 2 {
            self.notice = Some("A workspace keeps at least one file".to_owned());
            return;
        }
        let Some(at) = self.files.iter().position(|entry| entry.id == file) else { return };
        let closed = self.files.remove(at);
        if self.file_filter.as_deref() == Some(closed.path.as_str()) {
            self.file_filter = None;
        }
        if self.active == file {
            self.active = self.files.get(at.min(self.files.len() - 1)).map_or(0, |entry| entry.id);
        }
        self.changed(true);
    }

    fn rename(&mut self, file: u32, path: &str) {
        if path.is_empty() {
            self.notice = Some("A file needs a name".to_owned());
            return;
        }
        if self.files.iter().any(|entry| entry.path == path && entry.id != file) {
            self.notice = Some(format!("There is already a file named {path}"));
            return;
        }
        let Some(entry) = self.files.iter_mut().find(|entry| entry.id == file) else { return };
        if entry.path != path {
            if self.file_filter.as_deref() == Some(entry.path.as_str()) {
                self.file_filter = Some(path.to_owned());
            }
            path.clone_into(&mut entry.path);
            entry.revision += 1;
            self.changed(true);
        }
    }

    /// The finding at `index` and the file it is in, while the report is fresh.
    fn fresh_finding(&self, index: usize) -> Option<(&Finding, &File)> {
        let finding = self.report.findings.get(index)?;
        let file = self.file_by_path(&finding.path)?;
        self.is_fresh().then_some((finding, file))
    }

    fn go_to(&mut self, index: usize) {
        let Some(finding) = self.report.findings.get(index) else { return };
        let Some(file) = self.file_by_path(&finding.path).map(|file| file.id) else { return };
        let span = finding.span;
        let seq = self.reveal.map_or(1, |reveal| reveal.seq.wrapping_add(1));
        self.reveal = Some(Reveal { file, span, seq });
        self.active = file;
    }

    fn preview_fix(&mut self, index: usize) {
        let Some((finding, file)) = self.fresh_finding(index) else {
            self.notice = Some("The findings are being updated; try again".to_owned());
            return;
        };
        let Some(fix) = &finding.fix else { return };
        let after = fix.apply(&file.text);
        self.preview = Some(FixPreview {
            title: fix.title.clone(),
            changes: vec![FileChange { file: file.id, path: file.path.clone(), before: file.text.clone(), after }],
        });
    }

    fn preview_fix_all(&mut self) {
        if !self.is_fresh() {
            self.notice = Some("The findings are being updated; try again".to_owned());
            return;
        }
        let mut changes = Vec::new();
        let mut total = 0;
        for file in &self.files {
            let findings = self.report.findings.iter().filter(|finding| finding.path == file.path);
            let (after, count) = fixes::fix_all(&file.text, findings);
            if count > 0 && after != file.text {
                total += count;
                changes.push(FileChange { file: file.id, path: file.path.clone(), before: file.text.clone(), after });
            }
        }
        if changes.is_empty() {
            self.notice = Some("No finding has an automatic fix".to_owned());
            return;
        }
        let title = format!("Apply {total} fix{}", if total == 1 { "" } else { "es" });
        self.preview = Some(FixPreview { title, changes });
    }

    fn confirm_fix(&mut self) {
        let Some(preview) = self.preview.take() else { return };
        let mut applied = false;
        for change in preview.changes {
            let Some(file) = self.files.iter_mut().find(|file| file.id == change.file) else { continue };
            // A fix computed for other text would corrupt this one: the text must be the one previewed.
            if file.text == change.before {
                file.text = change.after;
                file.revision += 1;
                applied = true;
            }
        }
        if applied {
            self.changed(true);
        } else {
            self.notice = Some("The file changed since the preview; nothing was applied".to_owned());
        }
    }

    fn ignore_here(&mut self, index: usize) {
        let Some((finding, file)) = self.fresh_finding(index) else {
            self.notice = Some("The findings are being updated; try again".to_owned());
            return;
        };
        let Some(kind) = file.kind() else { return };
        let text = fixes::ignore_here(&file.text, kind, &finding.rule, finding.span.start);
        let id = file.id;
        self.apply(Action::Edit { file: id, text, paste: true });
        if let Some(file) = self.files.iter_mut().find(|file| file.id == id) {
            file.revision += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use policy_core::report::Fix;

    use super::*;
    use crate::examples::ExampleFile;

    fn example(files: &[(&str, &str)]) -> Example {
        Example {
            id: "t".into(),
            title: "test".into(),
            group: crate::examples::Group::Article,
            files: files
                .iter()
                .map(|(path, text)| ExampleFile { path: (*path).into(), text: (*text).into() })
                .collect(),
            config: None,
        }
    }

    /// Runs the lint the app would run, and feeds the result back.
    fn lint(state: &mut State) {
        let report = State::lint(&state.sources(), &state.config);
        state.apply(Action::Linted { generation: state.generation, report, elapsed_ms: 1.0, place: LintPlace::Page });
    }

    fn broken() -> State {
        let mut state = State::from_example(&example(&[("Dockerfile", "FROM alpine:3.20\nRUNN x\n")]));
        lint(&mut state);
        state
    }

    fn rules(state: &State) -> Vec<&str> {
        state.report.findings.iter().map(|finding| finding.rule.as_str()).collect()
    }

    #[test]
    fn edits_bump_the_generation_and_a_lint_catches_up() {
        let mut state = broken();
        assert!(state.is_fresh() && !state.lint_now);
        assert!(rules(&state).contains(&"parse-error"));
        let id = state.active;
        state.apply(Action::Edit { file: id, text: "FROM alpine:3.20\nRUN x\n".into(), paste: false });
        assert!(!state.is_fresh());
        assert!(!state.lint_now, "typing waits for the debounce");
        assert_eq!(state.active_file().map(|file| file.revision), Some(0), "the editor already has its own text");
        state.apply(Action::Edit { file: id, text: "FROM alpine:3.20\nRUNN y\n".into(), paste: true });
        assert!(state.lint_now, "a paste lints at once");
        lint(&mut state);
        assert!(state.is_fresh() && !state.lint_now);
        assert_eq!(state.lint_ms, Some(1.0));
    }

    #[test]
    fn a_stale_lint_result_never_replaces_a_newer_one() {
        let mut state = broken();
        let id = state.active;
        let old = state.generation;
        state.apply(Action::Edit { file: id, text: "FROM a\n".into(), paste: false });
        lint(&mut state);
        let fresh = state.report.clone();
        state.apply(Action::Linted {
            generation: old,
            report: Report::new(Vec::new(), Vec::new()),
            elapsed_ms: 9.0,
            place: LintPlace::Worker,
        });
        assert_eq!(state.report, fresh);
        assert_eq!(state.lint_ms, Some(1.0));
    }

    #[test]
    fn a_slow_lint_on_the_page_moves_later_lints_to_the_worker() {
        let mut state = broken();
        assert_eq!(state.lint_place, LintPlace::Page);
        let id = state.active;
        let report = state.report.as_ref().clone();
        state.apply(Action::Edit { file: id, text: "FROM b\n".into(), paste: false });
        state.apply(Action::Linted {
            generation: state.generation,
            report: report.clone(),
            elapsed_ms: 7.9,
            place: LintPlace::Page,
        });
        assert_eq!(state.lint_place, LintPlace::Page, "within the budget");
        state.apply(Action::Edit { file: id, text: "FROM c\n".into(), paste: false });
        state.apply(Action::Linted {
            generation: state.generation,
            report: report.clone(),
            elapsed_ms: 30.0,
            place: LintPlace::Worker,
        });
        assert_eq!(state.lint_place, LintPlace::Page, "a slow lint in the worker does not count");
        state.apply(Action::Edit { file: id, text: "FROM d\n".into(), paste: false });
        state.apply(Action::Linted { generation: state.generation, report, elapsed_ms: 8.5, place: LintPlace::Page });
        assert_eq!((state.lint_place, state.linted_in), (LintPlace::Worker, LintPlace::Page));
    }

    #[test]
    fn go_to_opens_the_finding_file_and_asks_the_editor_to_select_it() {
        let mut state = State::from_example(&example(&[("Dockerfile", "FROM a\nRUNN x\n"), ("k8s/a.yaml", "")]));
        lint(&mut state);
        let yaml = state.file_by_path("k8s/a.yaml").unwrap().id;
        state.apply(Action::Open(yaml));
        let index = state.report.findings.iter().position(|f| f.path == "Dockerfile").unwrap();
        state.apply(Action::GoTo(index));
        let reveal = state.reveal.unwrap();
        assert_eq!(state.active, reveal.file);
        assert_eq!(state.active_file().unwrap().path, "Dockerfile");
        assert_eq!(reveal.span, state.report.findings[index].span);
        state.apply(Action::GoTo(index));
        assert_ne!(state.reveal.unwrap().seq, reveal.seq, "a second click selects again");
        state.apply(Action::Open(yaml));
        assert_eq!(state.reveal, None, "switching tabs forgets the selection request");
        state.apply(Action::GoTo(999));
        assert_eq!(state.active_file().unwrap().path, "k8s/a.yaml", "an unknown finding changes nothing");
    }

    #[test]
    fn a_fix_is_previewed_then_applied_and_the_file_reloads_in_the_editor() {
        let mut state = broken();
        let fix = Fix::replace("Rename to RUN", Span::new(17, 21), "RUN");
        Rc::make_mut(&mut state.report).findings[0].fix = Some(fix);
        state.apply(Action::PreviewFix(0));
        let preview = state.preview.clone().unwrap();
        assert_eq!(preview.title, "Rename to RUN");
        assert_eq!(preview.changes[0].after, "FROM alpine:3.20\nRUN x\n");
        let before = state.generation;
        state.apply(Action::ConfirmFix);
        let file = state.active_file().unwrap();
        assert_eq!(file.text, "FROM alpine:3.20\nRUN x\n");
        assert_eq!(file.revision, 1);
        assert!(state.preview.is_none() && state.lint_now && state.generation > before);
        lint(&mut state);
        assert!(!rules(&state).contains(&"parse-error"), "{:?}", state.report.findings);
    }

    #[test]
    fn a_fix_is_refused_when_the_text_moved_on() {
        let mut state = broken();
        Rc::make_mut(&mut state.report).findings[0].fix = Some(Fix::replace("t", Span::new(17, 21), "RUN"));
        state.apply(Action::PreviewFix(0));
        let id = state.active;
        state.apply(Action::Edit { file: id, text: "FROM b\nRUNN x\n".into(), paste: false });
        state.apply(Action::ConfirmFix);
        assert_eq!(state.active_file().unwrap().text, "FROM b\nRUNN x\n");
        assert!(state.notice.is_some());
        state.apply(Action::PreviewFix(0));
        assert!(state.preview.is_none(), "stale findings offer no fix");
    }

    #[test]
    fn fix_all_previews_every_file_with_fixes() {
        let mut state = State::from_example(&example(&[("Dockerfile", "RUNN a\n"), ("b.Dockerfile", "RUNN b\n")]));
        lint(&mut state);
        for finding in &mut Rc::make_mut(&mut state.report).findings {
            let start = finding.span.start;
            finding.fix = Some(Fix::replace("x", Span::new(start, start), "#"));
        }
        state.apply(Action::PreviewFixAll);
        let preview = state.preview.clone().unwrap();
        assert_eq!(preview.changes.len(), 2);
        state.apply(Action::ConfirmFix);
        assert!(state.files.iter().all(|file| file.text.starts_with('#') && file.revision == 1));
        let mut clean = broken();
        for finding in &mut Rc::make_mut(&mut clean.report).findings {
            finding.fix = None;
        }
        clean.apply(Action::PreviewFixAll);
        assert!(clean.preview.is_none() && clean.notice.is_some());
    }

    #[test]
    fn ignore_here_inserts_the_comment_and_silences_the_finding() {
        let mut state = broken();
        let index = state.report.findings.iter().position(|f| f.rule == "parse-error").unwrap();
        state.apply(Action::IgnoreHere(index));
        let file = state.active_file().unwrap();
        assert_eq!(file.text, "FROM alpine:3.20\n# seaworthy ignore=parse-error\nRUNN x\n");
        assert_eq!(file.revision, 1);
        assert!(state.lint_now);
    }

    #[test]
    fn files_are_added_renamed_retyped_and_closed() {
        let mut state = State::from_example(&example(&[("Dockerfile", "FROM a\n")]));
        state.apply(Action::AddFile(Kind::Kubernetes));
        state.apply(Action::AddFile(Kind::Kubernetes));
        state.apply(Action::AddFile(Kind::Shell));
        assert_eq!(state.active_file().unwrap().language(), "shell");
        state.apply(Action::AddFile(Kind::Ci));
        assert_eq!(state.active_file().unwrap().language(), "yaml");
        assert_eq!(state.sources().last().and_then(Source::kind), Some(Kind::Ci));
        state.apply(Action::CloseFile(state.active));
        state.apply(Action::CloseFile(state.active));
        state.apply(Action::AddFile(Kind::Dockerfile));
        let paths: Vec<&str> = state.files.iter().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["Dockerfile", "k8s/app.yaml", "k8s/app-2.yaml", "Dockerfile.2"]);
        assert_eq!(state.active_file().unwrap().path, "Dockerfile.2");

        let id = state.active;
        state.apply(Action::Rename { file: id, path: "k8s/app.yaml".into() });
        assert_eq!(state.active_file().unwrap().path, "Dockerfile.2", "duplicate names are refused");
        state.apply(Action::Rename { file: id, path: " notes.txt ".into() });
        assert_eq!(state.active_file().unwrap().language(), "text");
        state.apply(Action::SetKind { file: id, kind: Some(Kind::Dockerfile) });
        assert_eq!(state.active_file().unwrap().language(), "dockerfile");
        assert_eq!(state.sources().last().and_then(Source::kind), Some(Kind::Dockerfile));

        state.apply(Action::FilterFile(Some("notes.txt".into())));
        state.apply(Action::CloseFile(id));
        assert_eq!(state.files.len(), 3);
        assert_eq!(state.active_file().unwrap().path, "k8s/app-2.yaml");
        assert_eq!(state.file_filter, None);
        for file in state.files.clone() {
            state.apply(Action::CloseFile(file.id));
        }
        assert_eq!(state.files.len(), 1, "the last file stays");
    }

    #[test]
    fn all_tabs_go_to_one_check() {
        let mut state = State::from_example(&example(&[("Dockerfile", "RUNN a\n"), ("k8s/x.yaml", "a: 1\n")]));
        lint(&mut state);
        let paths: Vec<&str> = state.report.files.iter().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["Dockerfile", "k8s/x.yaml"]);
    }

    #[test]
    fn filters_hide_findings_by_severity_and_file() {
        let mut state = State::from_example(&example(&[("Dockerfile", "RUNN a\n"), ("b.Dockerfile", "RUNN b\n")]));
        lint(&mut state);
        let all = state.visible_findings().count();
        assert!(all >= 2);
        state.apply(Action::FilterFile(Some("b.Dockerfile".into())));
        assert!(state.visible_findings().all(|(_, f)| f.path == "b.Dockerfile"));
        assert!(state.visible_findings().count() < all);
        state.apply(Action::FilterFile(None));
        state.apply(Action::ToggleSeverity(Severity::Error));
        assert!(state.visible_findings().all(|(_, f)| f.severity != Severity::Error));
        state.apply(Action::ToggleSeverity(Severity::Error));
        assert_eq!(state.visible_findings().count(), all);
    }

    #[test]
    fn rule_settings_rewrite_the_config_text_and_relint() {
        let mut state = broken();
        let before = state.generation;
        state.apply(Action::SetRule { rule: "parse-error".into(), setting: Some(RuleSetting::Warning) });
        assert!(state.config_text.contains("parse-error: warning"), "{}", state.config_text);
        assert!(state.generation > before && state.lint_now);
        lint(&mut state);
        assert!(state.report.findings.iter().all(|f| f.severity == Severity::Warning));
        state.apply(Action::SetRule { rule: "parse-error".into(), setting: None });
        assert!(!state.config.rules.contains_key("parse-error"));
        state.apply(Action::SetRequiredLabels("app, team  tier,".into()));
        assert_eq!(state.config.required_labels, ["app", "team", "tier"]);
        assert!(state.config_text.contains("  - team\n"));
    }

    #[test]
    fn a_bad_config_text_shows_an_error_and_keeps_the_last_good_config() {
        let mut state = broken();
        state.apply(Action::EditConfig("rules:\n  parse-error: off\n".into()));
        assert_eq!(state.config_error, None);
        assert_eq!(state.config.rules.get("parse-error"), Some(&RuleSetting::Off));
        let good = state.config.clone();
        state.apply(Action::EditConfig("rules: [".into()));
        assert!(state.config_error.is_some());
        assert_eq!(state.config, good);
        assert_eq!(state.config_text, "rules: [");
    }

    #[test]
    fn a_shared_workspace_restores_files_tab_and_config() {
        let mut state = broken();
        state.apply(Action::AddFile(Kind::Kubernetes));
        state.apply(Action::SetRule { rule: "parse-error".into(), setting: Some(RuleSetting::Info) });
        let shared = state.shared();
        assert_eq!(shared.active, 1);
        let mut other = State::default();
        other.apply(Action::LoadShared(crate::share::decode(&crate::share::encode(&shared)).unwrap()));
        let paths = |s: &State| s.files.iter().map(|f| (f.path.clone(), f.text.clone())).collect::<Vec<_>>();
        assert_eq!(paths(&other), paths(&state));
        assert_eq!(other.active_file().unwrap().path, "k8s/app.yaml");
        assert_eq!(other.config, state.config);
        assert!(other.lint_now && other.files.iter().all(|file| file.revision == 0));
    }

    #[test]
    fn loading_an_example_replaces_the_workspace() {
        let mut state = broken();
        state.apply(Action::FilterFile(Some("Dockerfile".into())));
        let article = crate::examples::find("article-as-written", &crate::docs::Docs::default()).unwrap();
        state.apply(Action::LoadExample(article.clone()));
        assert_eq!(state.files.len(), article.files.len());
        assert_eq!(state.file_filter, None);
        assert!(state.lint_now && !state.is_fresh());
        let dupes = example(&[("Dockerfile", "a"), ("Dockerfile", "b")]);
        state.apply(Action::LoadExample(dupes));
        let paths: Vec<&str> = state.files.iter().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["Dockerfile", "Dockerfile.2"]);
    }

    #[test]
    fn theme_cycles_and_parses() {
        let mut theme = Theme::System;
        let mut seen = Vec::new();
        for _ in 0..3 {
            seen.push(theme);
            theme = theme.next();
        }
        assert_eq!(theme, Theme::System);
        assert_eq!(seen, [Theme::System, Theme::Dark, Theme::Light]);
        assert_eq!(Theme::parse("dark"), Some(Theme::Dark));
        assert_eq!(Theme::parse("sepia"), None);
    }
}
