/**
 * The toolbar badge: how many captures are not yet on the server, and a mark when sending is paused or something
 * needs the user (parked items, a degraded chat site). The title explains in words.
 */
import browser from './browser';
import { countByState } from './outbox/store';
import { readOutboxState } from './outbox/state';
import { degradedReasons } from './chat-health';
import { plural, t } from '../shared/i18n';

export async function refreshBadge(): Promise<void> {
  const [counts, state, degraded] = await Promise.all([countByState(), readOutboxState(), degradedReasons()]);
  const unsent = counts.pending + counts.inflight + counts.parked;
  const lines: string[] = [];
  let text = unsent > 0 ? String(unsent > 999 ? '999+' : unsent) : '';
  let color = '#3b5bdb';
  if (state.pause) {
    text = `${unsent || ''}!`;
    color = '#c92a2a';
    lines.push(t(state.pause.kind === 'auth' ? 'badge_paused_auth' : 'badge_paused_quota'));
  } else if (counts.parked > 0) {
    color = '#e67700';
    lines.push(plural('badge_parked', counts.parked));
  }
  if (counts.pending + counts.inflight > 0) lines.push(plural('badge_waiting', counts.pending + counts.inflight));
  if (degraded.length > 0) {
    if (!text) text = '?';
    lines.push(t('badge_degraded', degraded.join(', ')));
  }
  await browser.action.setBadgeText({ text });
  await browser.action.setBadgeBackgroundColor({ color });
  await browser.action.setTitle({ title: [t('extName'), ...lines].join('\n') });
}
