/**
 * "Insert into chat": puts memories the user chose into the composer of the chat in a tab, framed as one block
 * (shared/memory-block.ts) at the caret. Nothing leaves the browser: the text goes only into the page's composer,
 * by code injected on demand (content/insert/composer.ts), and the clipboard is never touched. Chat capture strips
 * the block from the user's message again, so inserted memories are not saved as new ones.
 */
import browser from './browser';
import { chatSiteLabel } from '../shared/chat-sites';
import { t } from '../shared/i18n';
import { formatMemoryBlock } from '../shared/memory-block';
import type { InsertIntoChatResult } from '../shared/messages';
import { insertIntoComposer, type ComposerOutcome } from '../content/insert/composer';
import { ReplyError } from './reply-error';
import { tabInfo } from './tab-info';
import { COMPOSER_SELECTORS } from '../shared/composers';

/** Why Insert into chat could not run, for the user (see reply-error.ts). */
export class InsertError extends ReplyError<'not-found' | 'invalid' | 'unavailable'> {}

function outcomeOf(value: unknown): ComposerOutcome | null {
  const v = value as Partial<{ ok: boolean; reason: string }> | null | undefined;
  if (!v || typeof v !== 'object' || typeof v.ok !== 'boolean') return null;
  if (v.ok) return value as ComposerOutcome;
  return v.reason === 'no-composer' || v.reason === 'not-inserted' ? (value as ComposerOutcome) : null;
}

export async function insertIntoChat(tabId: number | undefined, texts: string[]): Promise<InsertIntoChatResult> {
  const block = formatMemoryBlock(texts);
  const lines = block.split('\n').slice(1, -1);
  if (lines.length === 0) throw new InsertError('invalid', t('insert_nothing'));
  const tab = await tabInfo(tabId);
  if (!tab) throw new InsertError('not-found', t('insert_no_tab'));
  if (!tab.site) throw new InsertError('invalid', t('insert_not_chat_site'));
  let result: unknown;
  try {
    const results = await browser.scripting.executeScript({
      target: { tabId: tab.id },
      func: insertIntoComposer,
      args: [COMPOSER_SELECTORS[tab.site], block, lines.map((line) => line.slice(2))],
    });
    result = results[0]?.result;
  } catch {
    throw new InsertError('unavailable', t('insert_unreachable'));
  }
  const outcome = outcomeOf(result);
  if (!outcome) throw new InsertError('unavailable', t('insert_unreachable'));
  if (!outcome.ok) {
    throw new InsertError(
      'unavailable',
      t(outcome.reason === 'no-composer' ? 'insert_no_composer' : 'insert_not_inserted'),
    );
  }
  return { inserted: lines.length, site: chatSiteLabel(tab.site) };
}
