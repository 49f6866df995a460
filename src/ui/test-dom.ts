/**
 * Small DOM helpers for the pages' component tests (happy-dom + preact/test-utils `act`): mounting, settling and
 * events. Tests find controls the way people do, by role and accessible name, with @testing-library/preact's
 * `screen.getByRole`. Test-only; no production code imports this file.
 */
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

const mounted: HTMLElement[] = [];

/** Lets pending promises (mocked replies) settle and Preact re-render. */
export async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
  });
}

export async function mount(vnode: ComponentChild): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.push(container);
  await act(() => {
    render(vnode, container);
  });
  await flush();
  return container;
}

export function unmountAll(): void {
  for (const c of mounted.splice(0)) {
    render(null, c);
    c.remove();
  }
}

function norm(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The text of the `role="status"` region with this label (or the first one with text). */
export function statusText(root: ParentNode, label?: string): string {
  const regions = [...root.querySelectorAll('[role="status"]')];
  const region = label
    ? regions.find((r) => r.getAttribute('aria-label') === label)
    : regions.find((r) => norm(r.textContent));
  return norm(region?.textContent);
}

export async function typeInto(el: HTMLElement, value: string): Promise<void> {
  await act(() => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Fires `change` (what Preact's onChange listens to on text inputs: commit on blur/Enter). */
export async function commit(el: HTMLElement): Promise<void> {
  await act(() => {
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await flush();
}

export async function pressKey(el: HTMLElement, key: string, init: KeyboardEventInit = {}): Promise<KeyboardEvent> {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  await act(() => {
    el.dispatchEvent(event);
  });
  await flush();
  return event;
}

export async function click(el: HTMLElement): Promise<void> {
  await act(() => {
    el.click();
  });
  await flush();
}
