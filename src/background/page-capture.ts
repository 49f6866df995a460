/**
 * Captures from ordinary pages, on demand: the context menu, the keyboard shortcut and the popup. The page is read
 * with `scripting.executeScript` under `activeTab` (granted by the click or shortcut), so no content script runs
 * on ordinary pages. The confirmation is a short toast in the page, or the badge where pages can't be scripted.
 */
import browser from './browser';
import type { SaveResult } from '../shared/messages';
import { readPageSelection, showPageToast, type PageSelection } from '../content/capture/selection';
import { captureToOutbox, CaptureError, type CaptureKind } from './capture';
import { clock } from './clock';
import { logDiagnostic } from './db';
import { plural, t } from '../shared/i18n';

export type PageTab = { id?: number; url?: string; title?: string; incognito?: boolean };

/** Reads the selection (with line breaks) from the tab's frames; null when the page can't be scripted. */
export async function readSelection(tabId: number, frameId?: number): Promise<PageSelection | null> {
  try {
    const results = await browser.scripting.executeScript({
      target: frameId !== undefined && frameId > 0 ? { tabId, frameIds: [frameId] } : { tabId, allFrames: true },
      func: readPageSelection,
    });
    const values = results.map((r) => r.result as PageSelection | undefined).filter((r): r is PageSelection => !!r);
    if (values.some((v) => v.from === 'password')) return values.find((v) => v.from === 'password')!;
    return values.find((v) => v.text) ?? values[0] ?? null;
  } catch {
    return null;
  }
}

async function toast(tabId: number | undefined, message: string, tone: 'ok' | 'warn' | 'error'): Promise<void> {
  if (tabId === undefined || tabId < 0) return;
  try {
    await browser.scripting.executeScript({ target: { tabId }, func: showPageToast, args: [message, tone] });
  } catch {
    // Pages that can't be scripted (chrome://, the Web Store) still get the badge.
  }
}

export type MenuClick = {
  menuItemId?: string | number | undefined;
  selectionText?: string | undefined;
  linkUrl?: string | undefined;
  srcUrl?: string | undefined;
  mediaType?: string | undefined;
  pageUrl?: string | undefined;
  frameId?: number | undefined;
  frameUrl?: string | undefined;
  /** The clicked element is a text field or other editable (Chrome's contextMenus OnClickData.editable). */
  editable?: boolean | undefined;
};

/** Builds the memory text for what was clicked. */
async function contentFor(
  info: MenuClick,
  tab: PageTab,
): Promise<{ kind: CaptureKind; content: string; page: PageSelection | null }> {
  const page = tab.id !== undefined ? await readSelection(tab.id, info.frameId) : null;
  if (page?.from === 'password') throw new CaptureError('invalid', t('bg_toast_sensitive'));
  // A selection in an editable field that the page reader could not check (the frame can't be scripted, or the
  // field is out of its reach) may be a password or a card number: the menu's selectionText is not used then.
  if (info.editable && info.selectionText && !page?.text)
    throw new CaptureError(
      'invalid',
      "Nothing saved: this field couldn't be checked, and password and payment fields are never captured.",
    );
  const title = page?.title || tab.title || '';
  if (info.selectionText || page?.text) {
    // The page's own selection keeps line breaks; the menu's selectionText is the fallback (collapsed whitespace).
    return { kind: 'selection', content: page?.text || info.selectionText || '', page };
  }
  if (info.mediaType === 'image' && info.srcUrl) {
    return { kind: 'image', content: `![${title || 'image'}](${info.srcUrl})`, page };
  }
  if (info.linkUrl) {
    return { kind: 'link', content: `[${info.linkUrl}](${info.linkUrl})`, page };
  }
  const url = info.pageUrl || tab.url || '';
  const description = page?.description ? `\n\n${page.description}` : '';
  return { kind: 'page', content: `[${title || url}](${url})${description}`, page };
}

/** The context menu's and the shortcut's handler (exported so e2e tests call exactly what the menu calls). */
export async function saveFromPage(info: MenuClick, tab: PageTab): Promise<SaveResult | null> {
  let result: SaveResult;
  try {
    const { kind, content, page } = await contentFor(info, tab);
    const url = page?.url || info.frameUrl || info.pageUrl || tab.url || '';
    result = await captureToOutbox({
      content,
      kind,
      sourceRef: info.pageUrl || tab.url || url,
      metadata: {
        title: page?.title || tab.title || '',
        url: info.pageUrl || tab.url || url,
        ...(info.frameUrl && info.frameUrl !== info.pageUrl ? { frame_url: info.frameUrl } : {}),
        ...(info.linkUrl ? { link_url: info.linkUrl } : {}),
        ...(info.srcUrl ? { src_url: info.srcUrl } : {}),
      },
    });
  } catch (err) {
    const message = err instanceof CaptureError ? err.message : t('bg_toast_not_saved', String(err));
    await logDiagnostic({ at: clock.now(), kind: 'capture', outcome: 'refused', detail: message });
    await toast(tab.id, message, 'error');
    return null;
  }
  const redacted = result.redactedCount ? ` ${plural('bg_toast_redacted', result.redactedCount)}` : '';
  await toast(
    tab.id,
    result.status === 'saved'
      ? `${t('bg_toast_saved')}${redacted}`
      : `${t('bg_toast_queued', result.reason ?? '')}${redacted}`,
    result.status === 'saved' ? 'ok' : 'warn',
  );
  return result;
}

/** Keyboard shortcut: save the selection of the active tab. */
export async function saveSelectionOfTab(tab: PageTab): Promise<SaveResult | null> {
  if (tab.id === undefined) return null;
  const page = await readSelection(tab.id);
  if (!page?.text && page?.from !== 'password') {
    await toast(tab.id, t('bg_toast_select_first'), 'warn');
    return null;
  }
  return saveFromPage({ selectionText: page?.text ?? '', pageUrl: tab.url }, tab);
}
