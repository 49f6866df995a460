/** A Lexical composer as Perplexity runs one (`#ask-input`), from the real library (rich text). */
import { $createParagraphNode, $createTextNode, $getRoot, createEditor } from 'lexical';
import { HeadingNode, QuoteNode, registerRichText } from '@lexical/rich-text';

const mount = document.getElementById('mount')!;
const root = document.createElement('div');
root.id = 'ask-input';
root.contentEditable = 'true';
root.style.minHeight = '40px';
mount.append(root);
const editor = createEditor({
  namespace: 'composer',
  nodes: [HeadingNode, QuoteNode],
  onError: (error) => {
    throw error;
  },
});
editor.setRootElement(root);
registerRichText(editor);
editor.update(
  () => {
    const paragraph = $createParagraphNode();
    if (mount.dataset.draft) paragraph.append($createTextNode(mount.dataset.draft));
    $getRoot().clear().append(paragraph);
  },
  { discrete: true },
);
const w = window as unknown as { __editorText: () => string; __caretToStart: () => void };
w.__editorText = () => editor.getEditorState().read(() => $getRoot().getTextContent());
w.__caretToStart = () => {
  editor.focus();
  editor.update(() => {
    $getRoot().selectStart();
  });
};
