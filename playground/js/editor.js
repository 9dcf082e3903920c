// The playground's code editor: CodeMirror 6, bundled offline by esbuild into `build/editor.js` and exposed to the
// Rust app as the global `SeaworthyEditor` with a deliberately narrow API. Positions crossing this boundary are
// UTF-16 offsets, which is what CodeMirror counts in; the Rust side converts from policy-core's byte spans.

import { Annotation, Compartment, EditorSelection, EditorState } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { yaml } from '@codemirror/legacy-modes/mode/yaml';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import { forEachDiagnostic, lintGutter, lintKeymap, setDiagnostics as lintSetDiagnostics } from '@codemirror/lint';

// Marks transactions that come from the app (loading a file, applying a fix) so they are not echoed back to it.
const fromApp = Annotation.define();

// Colours come from CSS variables so that the page's light and dark themes apply to the editor without a rebuild.
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword, tags.definitionKeyword], color: 'var(--hl-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string), tags.character], color: 'var(--hl-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--hl-atom)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--hl-comment)', fontStyle: 'italic' },
  { tag: [tags.propertyName, tags.definition(tags.propertyName), tags.attributeName], color: 'var(--hl-property)' },
  { tag: [tags.meta, tags.processingInstruction, tags.labelName], color: 'var(--hl-meta)' },
  { tag: [tags.variableName, tags.typeName], color: 'var(--hl-variable)' },
  { tag: tags.invalid, color: 'var(--error)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--fg)', backgroundColor: 'var(--editor-bg)' },
  '.cm-scroller': { overflow: 'auto' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--editor-gutter)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-diagnostic': { whiteSpace: 'pre-wrap' },
});

// Built once: a language is a set of extensions that every file of that kind shares.
const languages = new Map();
function languageFor(name) {
  if (!languages.has(name)) {
    if (name === 'yaml') languages.set(name, StreamLanguage.define(yaml));
    else if (name === 'dockerfile') languages.set(name, StreamLanguage.define(dockerFile));
    else if (name === 'shell') languages.set(name, StreamLanguage.define(shell));
    else languages.set(name, []);
  }
  return languages.get(name);
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

function clampDiagnostics(list, length) {
  const out = [];
  for (const d of list) {
    const from = Math.max(0, Math.min(Number(d.from) || 0, length));
    const to = Math.max(from, Math.min(Number(d.to) || 0, length));
    out.push({
      from,
      to,
      severity: SEVERITIES.has(d.severity) ? d.severity : 'info',
      message: String(d.message ?? ''),
      source: d.source ? String(d.source) : undefined,
    });
  }
  return out;
}

/// Creates an editor showing `text` with `diagnostics` (the JSON that `setDiagnostics` takes) already in place, in a
/// new element that the caller puts into the page: the app builds it during its first render, so the first paint
/// shows the editor with its findings, at the cost of one layout instead of two. `onChange(text, isPaste)` fires on
/// every user edit (not on edits made through this API); `isPaste` lets the app lint a paste at once instead of after
/// the typing debounce.
function create(text, language, label, diagnostics, onChange) {
  const languageSlot = new Compartment();
  const base = [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    syntaxHighlighting(highlight),
    lintGutter(),
    keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
    theme,
    EditorView.contentAttributes.of({ 'aria-label': label }),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged || update.transactions.some((tr) => tr.annotation(fromApp))) return;
      const paste = update.transactions.some((tr) => tr.isUserEvent('input.paste') || tr.isUserEvent('input.drop'));
      onChange(update.state.doc.toString(), paste);
    }),
  ];
  let state = EditorState.create({ doc: text, extensions: [...base, languageSlot.of(languageFor(language))] });
  state = state.update(lintSetDiagnostics(state, clampDiagnostics(JSON.parse(diagnostics), state.doc.length))).state;
  // CodeMirror injects its styles at run time. In a shadow root it uses constructed style sheets, which the page's
  // Content-Security-Policy (no inline styles) allows; in the document it would need `<style>` elements.
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  const view = new EditorView({ parent: root, root, state });
  view.seaworthy = { languageSlot, base, host };
  return view;
}

/// The element that holds the editor (its shadow root holds CodeMirror's DOM).
function element(view) {
  return view.seaworthy.host;
}

/// Shows another file: a fresh editor state, so that undo history never crosses files.
function load(view, text, language) {
  const { base, languageSlot } = view.seaworthy;
  view.setState(EditorState.create({ doc: text, extensions: [...base, languageSlot.of(languageFor(language))] }));
}

function setText(view, text) {
  if (view.state.doc.toString() === text) return;
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    selection: EditorSelection.cursor(Math.min(view.state.selection.main.head, text.length)),
    annotations: fromApp.of(true),
  });
}

function getText(view) {
  return view.state.doc.toString();
}

function setLanguage(view, language) {
  view.dispatch({ effects: view.seaworthy.languageSlot.reconfigure(languageFor(language)) });
}

/// `json` is an array of `{from, to, severity, message, source}` with UTF-16 offsets; offsets past the end are
/// clamped, since findings can be a few keystrokes older than the text.
function setDiagnostics(view, json) {
  const list = clampDiagnostics(JSON.parse(json), view.state.doc.length);
  view.dispatch(lintSetDiagnostics(view.state, list));
}

function diagnosticCount(view) {
  let count = 0;
  forEachDiagnostic(view.state, () => {
    count += 1;
  });
  return count;
}

/// Selects `from..to` (UTF-16 offsets), scrolls it into the middle of the view and focuses the editor.
function select(view, from, to) {
  const length = view.state.doc.length;
  const anchor = Math.max(0, Math.min(from, length));
  const head = Math.max(anchor, Math.min(to, length));
  view.dispatch({
    selection: EditorSelection.single(anchor, head),
    effects: EditorView.scrollIntoView(EditorSelection.range(anchor, head), { y: 'center' }),
  });
  view.focus();
}

function selection(view) {
  const main = view.state.selection.main;
  return [main.from, main.to];
}

function destroy(view) {
  view.destroy();
}

globalThis.SeaworthyEditor = {
  create,
  element,
  load,
  setText,
  getText,
  setLanguage,
  setDiagnostics,
  diagnosticCount,
  select,
  selection,
  destroy,
};
