/**
 * The toolbar badge: how many captures are not yet on the server, and a mark when sending is paused or something
 * needs the user (parked items, a degraded chat site). The title explains in words.
 */
import browser from './browser';
import { countByState } from './outbox/store';
import { readOutboxState } from './outbox/state';
import { degradedReasons } from './chat-health';
import { plural, t } from '../shared/i18n';

/**
 * How long an outbox change waits for the next one before the badge is refreshed (`badgeSoon`): a drain's
 * transitions (each part in flight, then done) come in a burst, and each refresh counts the outbox by state, reads
 * the outbox state and the chat sites' health, and sets three properties of the toolbar button.
 */
export const BADGE_SETTLE_MS = 250;
/** During a long drain (paced sends) the badge still counts down at least this often. */
export const BADGE_MAX_WAIT_MS = 2_000;

let settleTimer: ReturnType<typeof setTimeout> | undefined;
let firstAskedAt: number | null = null;

/** Refreshes the badge once the outbox has been quiet for BADGE_SETTLE_MS (or BADGE_MAX_WAIT_MS after the first ask). */
export function badgeSoon(): void {
  const now = Date.now();
  firstAskedAt ??= now;
  clearTimeout(settleTimer);
  settleTimer = setTimeout(
    () => {
      firstAskedAt = null;
      void refreshBadge();
    },
    Math.max(0, Math.min(BADGE_SETTLE_MS, firstAskedAt + BADGE_MAX_WAIT_MS - now)),
  );
}

let running: Promise<void> | null = null;
let again: Promise<void> | null = null;

/**
 * Shows the outbox as stored now. One refresh at a time: a call while one is running gets the next one, which
 * reads after it (so after the caller's change), and every call meanwhile shares that one.
 */
export function refreshBadge(): Promise<void> {
  if (!running) {
    running = applyBadge().finally(() => {
      running = null;
    });
    return running;
  }
  again ??= running
    .catch(() => undefined)
    .then(() => {
      again = null;
      return refreshBadge();
    });
  return again;
}

async function applyBadge(): Promise<void> {
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
