/**
 * Suggestions while typing, in the page: after a pause in typing in the chat composer, the draft goes to the
 * background as a `page:suggest-count` message (a read-only search; nothing is stored), and the count that comes
 * back is shown as a small button beside the composer, in a shadow root, never over the composer. Clicking it asks
 * the background to open the memories panel on that search.
 *
 * Per keystroke this only restarts a timer (no read of the composer, no message): the draft is read once the typing
 * pauses, and sent only when it changed. Runs only on the sites the user opted in (background/suggestions.ts
 * registers it there alone), and stands down when a newer copy starts or the site is switched off.
 */
import type { ChatSiteId } from '../../shared/chat-sites';
import { COMPOSER_SELECTORS } from '../../shared/composers';
import { t } from '../../shared/i18n';
import type { Reply, SuggestCount } from '../../shared/messages';
import { MAX_SUGGEST_DRAFT, SUGGEST_DEBOUNCE_MS, SUGGEST_MIN_CHARS, SUGGEST_STOP_EVENT } from '../../shared/suggest';

type Send = (message: unknown) => Promise<unknown>;

export type SuggestOptions = { debounceMs?: number; send?: Send };

const STYLE = `:host{all:initial}
button{position:fixed;z-index:2147483646;display:flex;align-items:center;gap:4px;margin:0;padding:2px 8px;
border:1px solid #c9ced6;border-radius:999px;background:#fff;color:#1f2937;font:600 12px/18px system-ui,sans-serif;
cursor:pointer;box-shadow:0 1px 3px rgba(0,0,0,.15)}
button:hover{background:#f3f4f6}button:focus-visible{outline:2px solid #2563eb;outline-offset:2px}
@media (prefers-color-scheme:dark){button{background:#1f2937;color:#f3f4f6;border-color:#4b5563}
button:hover{background:#374151}}`;

/** Starts suggestions for `site` in `doc`; returns the stop function. */
export function startSuggestions(site: ChatSiteId, doc: Document = document, options: SuggestOptions = {}): () => void {
  const debounceMs = options.debounceMs ?? SUGGEST_DEBOUNCE_MS;
  const send: Send = options.send ?? ((m) => chrome.runtime.sendMessage(m));
  const win = doc.defaultView ?? window;
  const selector = COMPOSER_SELECTORS[site].join(', ');
  let composer: HTMLElement | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastDraft = '';
  let seq = 0;
  let host: HTMLElement | null = null;
  let button: HTMLButtonElement | null = null;

  // An older copy (before an extension update, or injected twice) stands down for this one.
  doc.dispatchEvent(new Event(SUGGEST_STOP_EVENT));

  const read = (el: HTMLElement) => (el instanceof HTMLTextAreaElement ? el.value : el.innerText).trim();

  const place = () => {
    if (!button || !composer) return;
    const rect = composer.getBoundingClientRect();
    const width = button.offsetWidth || 40;
    const height = button.offsetHeight || 22;
    // Beside the composer on the right when there is room, else just above its top-right corner: never over it.
    if (rect.right + 8 + width <= win.innerWidth) {
      button.style.left = `${rect.right + 8}px`;
      button.style.top = `${Math.max(0, rect.top + (Math.min(rect.height, 40) - height) / 2)}px`;
    } else {
      button.style.left = `${Math.max(0, rect.right - width)}px`;
      button.style.top = `${Math.max(0, rect.top - height - 4)}px`;
    }
  };

  const hide = () => {
    host?.remove();
    host = button = null;
    win.removeEventListener('resize', place);
  };

  const show = ({ count, more }: SuggestCount) => {
    if (count <= 0 || !composer) return hide();
    if (!host) {
      host = doc.createElement('mnueron-suggest');
      const root = host.attachShadow({ mode: 'closed' });
      const style = doc.createElement('style');
      style.textContent = STYLE;
      button = doc.createElement('button');
      button.type = 'button';
      button.addEventListener('click', open);
      root.append(style, button);
      doc.documentElement.append(host);
      win.addEventListener('resize', place);
    }
    const shown = more ? t('suggest_count_more', count) : String(count);
    button!.textContent = t('suggest_badge', shown);
    const label = t('suggest_badge_label', shown);
    button!.setAttribute('aria-label', label);
    button!.title = label;
    place();
  };

  // Synchronous to sendMessage: the click's user gesture goes with the message (the panel opens only in one).
  function open() {
    if (lastDraft) void send({ type: 'page:suggest-open', site, draft: lastDraft }).catch(() => undefined);
  }

  const check = async () => {
    timer = undefined;
    if (!composer || !composer.isConnected) return hide();
    const draft = read(composer).slice(-MAX_SUGGEST_DRAFT);
    if (draft.length < SUGGEST_MIN_CHARS) {
      lastDraft = '';
      return hide();
    }
    if (draft === lastDraft) return;
    lastDraft = draft;
    const mine = ++seq;
    let reply: Reply<SuggestCount> | undefined;
    try {
      reply = (await send({ type: 'page:suggest-count', site, draft })) as Reply<SuggestCount> | undefined;
    } catch {
      return stop(); // the extension was reloaded or removed: this copy can no longer reach it
    }
    if (mine !== seq || !reply?.ok) return;
    show(reply.value);
  };

  const onInput = (event: Event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const el = target.closest<HTMLElement>(selector);
    if (!el) return;
    composer = el;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void check(), debounceMs);
  };

  function stop() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    seq++;
    doc.removeEventListener('input', onInput, true);
    doc.removeEventListener('keyup', onInput, true);
    doc.removeEventListener(SUGGEST_STOP_EVENT, stop);
    hide();
  }

  // `input`, and `keyup` for editors that insert typed text themselves (Lexical cancels the native edit, so no
  // `input` fires for it).
  doc.addEventListener('input', onInput, true);
  doc.addEventListener('keyup', onInput, true);
  doc.addEventListener(SUGGEST_STOP_EVENT, stop);
  return stop;
}
