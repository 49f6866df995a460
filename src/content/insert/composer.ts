/**
 * Puts text into a chat site's composer at the caret, keeping the user's draft. Injected on demand with
 * `scripting.executeScript` (never a standing content script), so `insertIntoComposer` must stay self-contained:
 * everything it uses is declared inside it. The clipboard is never read or written; the paste fallback is a
 * synthetic paste event carrying its own DataTransfer.
 *
 * Composers (2026): ChatGPT and Claude are ProseMirror, Gemini is Quill (inside `rich-textarea`), Perplexity is
 * Lexical. Each editor keeps its own document model and re-renders the DOM from it, so text is inserted the ways an
 * editor listens for, in order, and checked after each: `execCommand('insertText')` line by line, with
 * `insertParagraph` between (native editing, which ProseMirror and Quill read back from the DOM), a synthetic
 * `beforeinput`, and a synthetic paste (which Lexical handles itself; it is tried first there).
 */

export type ComposerOutcome =
  { ok: true; method: 'insertText' | 'beforeinput' | 'paste' } | { ok: false; reason: 'no-composer' | 'not-inserted' };

/**
 * Inserts `block` into the composer (the first usable match of `selectors`, src/shared/composers.ts) at the caret (at the end of the draft when the caret is not in the
 * composer), on a line of its own. `lines` are the memory lines the block must show afterwards (the check).
 */
export async function insertIntoComposer(
  selectors: readonly string[],
  block: string,
  lines: string[],
): Promise<ComposerOutcome> {
  const shown = (el: Element) => {
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  };
  const usable = (el: HTMLElement) =>
    el instanceof HTMLTextAreaElement ? !el.disabled && !el.readOnly : el.isContentEditable;
  const composer =
    selectors
      .flatMap((selector) => [...document.querySelectorAll<HTMLElement>(selector)])
      .find((el) => shown(el) && usable(el)) ?? null;
  if (!composer) return { ok: false, reason: 'no-composer' };

  const field = composer instanceof HTMLTextAreaElement ? composer : null;
  const squash = (s: string) => s.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
  const read = () => squash(field ? field.value : composer.innerText);
  const occurrences = (haystack: string, needle: string) => (needle ? haystack.split(needle).length - 1 : 0);
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /**
   * Resolves once `check` has held on two checks in a row a few ms apart (so an editor that reverts the DOM in its
   * own observer is seen), or with false after `ms`: the answer comes as soon as the editor has taken the text, not
   * after a fixed wait (insertion is budgeted at 50 ms).
   */
  const until = async (check: () => boolean, ms: number): Promise<boolean> => {
    const deadline = performance.now() + ms;
    let held = false;
    for (let step = 0; ; step++) {
      // The first check after one task (the editors' own observers have run), then every 4 ms.
      await wait(step === 0 ? 0 : 4);
      const now = check();
      if (now && held) return true;
      held = now;
      if (performance.now() >= deadline) return now;
    }
  };
  /**
   * Editors pick the caret up from `selectionchange`, which fires in a later task (Quill then updates after another
   * 1 ms timer): resolves 3 ms after that event, or after `ms` when none comes (the caret did not move).
   */
  const caretTaken = (ms: number) =>
    new Promise<void>((resolve) => {
      let timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        document.removeEventListener('selectionchange', changed);
        resolve();
      }
      function changed() {
        clearTimeout(timer);
        timer = setTimeout(done, 3);
      }
      document.addEventListener('selectionchange', changed);
    });
  const head = squash(block.split('\n')[0] ?? '');
  const end = squash(block.split('\n').pop() ?? '');
  const before = read();
  const headsBefore = occurrences(before, head);
  const arrived = () => {
    const now = read();
    return (
      occurrences(now, head) > headsBefore &&
      occurrences(now, end) > occurrences(before, end) &&
      lines.every((line) => now.includes(squash(line))) &&
      now.length >= before.length
    );
  };

  // The caret: kept where the user left it in the composer, else put at the end of the draft.
  const selection = document.getSelection();
  const saved =
    !field && selection && selection.rangeCount > 0 && composer.contains(selection.anchorNode)
      ? selection.getRangeAt(0).cloneRange()
      : null;
  const fieldCaret = field && document.activeElement === field ? [field.selectionStart, field.selectionEnd] : null;
  const endOfDraft = (): Range => {
    let node: Node = composer;
    while (node.lastChild && node.lastChild.nodeName !== 'BR') node = node.lastChild;
    const range = document.createRange();
    if (node.nodeType === Node.TEXT_NODE) range.setStart(node, node.textContent?.length ?? 0);
    else if (node.lastChild?.nodeName === 'BR') range.setStart(node, node.childNodes.length - 1);
    else range.setStart(node, node.childNodes.length);
    range.collapse(true);
    return range;
  };
  const placeCaret = () => {
    composer.focus();
    if (field) {
      const [start, stop] = fieldCaret ?? [field.value.length, field.value.length];
      field.setSelectionRange(start ?? field.value.length, stop ?? field.value.length);
      return;
    }
    const current = document.getSelection();
    if (!current) return;
    const keep = saved && saved.startContainer.isConnected && composer.contains(saved.startContainer);
    current.removeAllRanges();
    current.addRange(keep ? saved : endOfDraft());
  };
  const caretPlaced = caretTaken(30);
  placeCaret();
  await caretPlaced;

  // On a line of its own: a line break before it after draft text, and after it before draft text.
  let textBefore = '';
  let textAfter = '';
  if (field) {
    textBefore = field.value.slice(0, field.selectionStart);
    textAfter = field.value.slice(field.selectionEnd);
  } else {
    const current = document.getSelection();
    if (current && current.rangeCount > 0) {
      const caret = current.getRangeAt(0);
      const lead = document.createRange();
      lead.selectNodeContents(composer);
      lead.setEnd(caret.startContainer, caret.startOffset);
      const tail = document.createRange();
      tail.selectNodeContents(composer);
      tail.setStart(caret.endContainer, caret.endOffset);
      textBefore = lead.toString();
      textAfter = tail.toString();
    }
  }
  const text = `${squash(textBefore) ? '\n' : ''}${block}${squash(textAfter) ? '\n' : ''}`;

  /** How many editing commands the last attempt ran (each is one step to undo). */
  let steps = 1;
  const attempts: Record<'insertText' | 'beforeinput' | 'paste', () => void> = {
    insertText: () => {
      if (field) {
        steps = 1;
        document.execCommand('insertText', false, text);
        return;
      }
      // Line by line, with a paragraph break between: Chromium turns each "\n" of one insertText into a paragraph
      // break itself, but Firefox puts a bare line feed into the text node, which ProseMirror drops (the whole
      // block then lands on the draft's line).
      steps = 0;
      text.split('\n').forEach((line, i) => {
        if (i > 0) {
          document.execCommand('insertParagraph');
          steps++;
        }
        if (line) {
          document.execCommand('insertText', false, line);
          steps++;
        }
      });
    },
    beforeinput: () => {
      steps = 1;
      composer.dispatchEvent(
        new InputEvent('beforeinput', {
          inputType: 'insertText',
          data: text,
          bubbles: true,
          cancelable: true,
          composed: true,
        }),
      );
    },
    paste: () => {
      steps = 1;
      const data = new DataTransfer();
      data.setData('text/plain', text);
      composer.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
  };
  const lexical = composer.closest('[data-lexical-editor="true"]') !== null;
  const order: Array<keyof typeof attempts> = lexical
    ? ['paste', 'insertText', 'beforeinput']
    : ['insertText', 'beforeinput', 'paste'];
  for (const method of order) {
    attempts[method]();
    if (await until(arrived, 60)) return { ok: true, method };
    if (read() !== before) {
      // Part of it landed (or the editor mangled it): take it back before the next way, or stop there.
      for (let i = 0; i < steps && read() !== before; i++) {
        document.execCommand('undo');
        await until(() => read() === before, 60);
      }
      if (read() !== before) return { ok: false, reason: 'not-inserted' };
    }
    const caretAgain = caretTaken(30);
    placeCaret();
    await caretAgain;
  }
  return { ok: false, reason: 'not-inserted' };
}
