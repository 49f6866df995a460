/** A Quill composer as Gemini runs one (inside `rich-textarea`), from the real library. */
import Quill from 'quill';

const mount = document.getElementById('mount')!;
const quill = new Quill(mount, { formats: [] });
if (mount.dataset.draft) quill.setText(mount.dataset.draft);
const w = window as unknown as { __editorText: () => string; __caretToStart: () => void };
w.__editorText = () => quill.getText();
w.__caretToStart = () => {
  quill.focus();
  quill.setSelection(0, 0);
};
