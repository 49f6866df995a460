/**
 * A ProseMirror composer as ChatGPT and Claude run one, from the real library: mounted on #mount with the draft
 * from `data-draft`, the editor's own document readable as `window.__editorText()`.
 */
import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { DOMParser as PMDOMParser } from 'prosemirror-model';
import { schema } from 'prosemirror-schema-basic';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';

const mount = document.getElementById('mount')!;
const draft = document.createElement('div');
draft.innerHTML = mount.dataset.draft ? `<p>${mount.dataset.draft}</p>` : '';
const attributes = JSON.parse(mount.dataset.attributes ?? '{}') as Record<string, string>;
const view = new EditorView(mount, {
  state: EditorState.create({ doc: PMDOMParser.fromSchema(schema).parse(draft), plugins: [keymap(baseKeymap)] }),
  attributes,
});
const w = window as unknown as { __editorText: () => string; __caretToStart: () => void };
w.__editorText = () => view.state.doc.textBetween(0, view.state.doc.content.size, '\n');
w.__caretToStart = () => {
  view.focus();
  view.dispatch(view.state.tr.setSelection(EditorState.create({ doc: view.state.doc }).selection));
};
