/**
 * Functions injected on demand with `scripting.executeScript({ func })` when the user asks (context menu,
 * shortcut, popup). They are serialised with Function.prototype.toString, so each must be self-contained:
 * no imports, no closures, no helpers defined outside the function body.
 */

export type PageSelection = {
  /** The selected text with its line breaks (the context menu's selectionText collapses whitespace). */
  text: string;
  /** Where it came from; 'password' means a password-like field was focused and nothing was read. */
  from: 'document' | 'field' | 'password' | 'none';
  title: string;
  url: string;
  description: string;
};

export function readPageSelection(): PageSelection {
  const meta = document.querySelector('meta[name="description"], meta[property="og:description"]');
  const base = {
    title: document.title,
    url: location.href,
    description: (meta?.getAttribute('content') ?? '').slice(0, 2000),
  };
  // The focused element may sit inside shadow roots (a payment widget, a design-system input): document.activeElement
  // is then only the outermost host. Descend to the real one: open roots directly, closed ones through
  // chrome.dom.openOrClosedShadowRoot (Chrome, in extension isolated worlds) or Firefox's
  // element.openOrClosedShadowRoot; without either, a closed root stays shut.
  type Opener = { dom?: { openOrClosedShadowRoot?: (el: HTMLElement) => ShadowRoot | null } };
  const opener = (globalThis as { chrome?: Opener }).chrome?.dom?.openOrClosedShadowRoot;
  const rootOf = (el: Element): ShadowRoot | null => {
    if (el.shadowRoot) return el.shadowRoot;
    try {
      if (typeof opener === 'function' && el instanceof HTMLElement) return opener(el) ?? null;
    } catch {
      // not a host, or an element chrome.dom won't open
    }
    return (el as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? null;
  };
  let active = document.activeElement;
  for (let depth = 0; active && depth < 64; depth++) {
    const inner = rootOf(active)?.activeElement ?? null;
    if (!inner || inner === active) break;
    active = inner;
  }
  if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) {
    const type = active instanceof HTMLInputElement ? active.type.toLowerCase() : 'textarea';
    const auto = (active.getAttribute('autocomplete') ?? '').toLowerCase();
    // Secrets never leave their field: passwords, card numbers and one-time codes.
    if (type === 'password' || /cc-|one-time-code|current-password|new-password/.test(auto)) {
      return { ...base, text: '', from: 'password' };
    }
    if (type === 'textarea' || ['text', 'search', 'url', 'email', 'tel', ''].includes(type)) {
      const start = active.selectionStart ?? 0;
      const end = active.selectionEnd ?? 0;
      if (end > start) return { ...base, text: active.value.slice(start, end), from: 'field' };
    }
  }
  const selection = window.getSelection();
  const text = selection ? selection.toString() : '';
  return { ...base, text, from: text ? 'document' : 'none' };
}

/** A short confirmation in the page, in a closed shadow root so page styles and scripts can't reach it. */
export function showPageToast(message: string, tone: 'ok' | 'warn' | 'error'): void {
  const id = 'mnueron-toast-host';
  document.getElementById(id)?.remove();
  const host = document.createElement('div');
  host.id = id;
  host.style.cssText = 'all:initial;position:fixed;z-index:2147483647;right:16px;bottom:16px;';
  const root = host.attachShadow({ mode: 'closed' });
  const box = document.createElement('div');
  box.setAttribute('role', 'status');
  const colors = { ok: '#1f7a4d', warn: '#8a5a00', error: '#b3261e' };
  box.style.cssText = `font:500 13px/1.4 system-ui,sans-serif;color:#fff;background:${colors[tone]};padding:10px 14px;border-radius:10px;box-shadow:0 6px 24px rgba(0,0,0,.25);max-width:320px;`;
  box.textContent = message;
  root.append(box);
  document.documentElement.append(host);
  setTimeout(() => host.remove(), 3500);
}
