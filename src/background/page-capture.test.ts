/** Saving from an ordinary page: what the context menu does when the clicked frame can or cannot be read. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from '../../test/fakes/browser';
import { db, resetDbForTests } from './db';
import { cancelWake } from './outbox/scheduler';
import { saveFromPage } from './page-capture';
import { settle } from './test-kit';

beforeEach(() => {
  resetDbForTests();
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('{}', { status: 201 })),
  );
});

afterEach(async () => {
  await settle();
  await cancelWake();
  vi.unstubAllGlobals();
});

const tab = { id: 7, url: 'https://shop.example/checkout', title: 'Checkout' };
const toasts = () => fakeBrowser.__fake.executed.filter((d) => Array.isArray(d.args)).map((d) => String(d.args![0]));

describe('saveFromPage when the clicked frame cannot be read', () => {
  beforeEach(() => {
    // A cross-origin payment frame: reading it fails; only the toast in the top frame works.
    fakeBrowser.__fake.setExecuteScript(async (details) => {
      if (details.args) return [{ result: undefined }];
      throw new Error('Cannot access contents of the page');
    });
  });

  it('refuses an editable target instead of saving the menu selectionText, and says why', async () => {
    const result = await saveFromPage(
      { menuItemId: 'mnueron-save', selectionText: '4242 4242 4242 4242', editable: true, frameId: 3 },
      tab,
    );
    expect(result).toBeNull();
    await settle();
    expect(await (await db()).count('outbox')).toBe(0);
    expect(fetch).not.toHaveBeenCalled();
    expect(toasts().at(-1)).toMatch(/Nothing saved/);
  });

  it('still saves the menu selectionText of a non-editable target', async () => {
    const result = await saveFromPage(
      { menuItemId: 'mnueron-save', selectionText: 'An ordinary sentence.', editable: false, frameId: 3 },
      tab,
    );
    expect(result).not.toBeNull();
  });
});

describe('saveFromPage when the reader cannot see the selected field', () => {
  it('refuses an editable target whose selection the page reader did not find (a root it could not open)', async () => {
    fakeBrowser.__fake.setExecuteScript(async (details) =>
      details.args
        ? [{ result: undefined }]
        : [{ frameId: 0, result: { text: '', from: 'none', title: 'Checkout', url: tab.url, description: '' } }],
    );
    const result = await saveFromPage(
      { menuItemId: 'mnueron-save', selectionText: '4242 4242 4242 4242', editable: true, frameId: 0 },
      tab,
    );
    expect(result).toBeNull();
    await settle();
    expect(await (await db()).count('outbox')).toBe(0);
    expect(toasts().at(-1)).toMatch(/Nothing saved/);
  });
});
