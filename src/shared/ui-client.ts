/**
 * The pages' (popup, options) only way to reach the background: typed request, typed reply.
 * A background that cannot be reached becomes an `unavailable` error reply, never an exception in a component.
 *
 * It calls `chrome.runtime.sendMessage` (promise-based in MV3) rather than the polyfill: the popup must open
 * fast, and the polyfill would be most of its script for this one call.
 */
import type { Reply, ReplyMap, UiMessage } from './messages';
import { t } from './i18n';

export async function send<T extends UiMessage['type']>(
  message: Extract<UiMessage, { type: T }>,
): Promise<Reply<ReplyMap[T]>> {
  try {
    const reply = (await chrome.runtime.sendMessage(message)) as Reply<ReplyMap[T]> | undefined;
    if (!reply || typeof reply !== 'object' || !('ok' in reply)) {
      return { ok: false, error: { code: 'unavailable', message: t('ui_error_no_answer') } };
    }
    return reply;
  } catch (err) {
    return {
      ok: false,
      error: { code: 'unavailable', message: `The extension's background is not reachable: ${String(err)}` },
    };
  }
}
