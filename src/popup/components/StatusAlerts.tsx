/**
 * Why sending or capturing is on hold, one sentence each with the fix: a rejected token, the quota, a rate limit,
 * an unreachable server, paused chat capture. Nothing renders when all is well.
 */
import type { StatusView } from '../../shared/messages';
import { untilText } from '../../ui/format';
import { QuotaMeter } from './QuotaMeter';

export type StatusAlertsProps = {
  status: StatusView;
  busy: boolean;
  onOpenSettings: () => void;
  onRetryAll: () => void;
  onResumeCapture: () => void;
  now?: number;
};

export function StatusAlerts({
  status,
  busy,
  onOpenSettings,
  onRetryAll,
  onResumeCapture,
  now = Date.now(),
}: StatusAlertsProps) {
  const alerts = [];
  const { paused } = status;
  const retryButton = (
    <button type="button" class="small" disabled={busy} onClick={onRetryAll}>
      Try again now
    </button>
  );

  if (paused?.kind === 'auth') {
    alerts.push(
      <div class="notice tone-error" key="auth">
        <p class="notice-title">Token rejected — reconnect in Settings.</p>
        <p class="small">Your captures are kept and will be sent once the token works again.</p>
        <div class="row">
          <button type="button" class="small primary" onClick={onOpenSettings}>
            Open settings
          </button>
        </div>
      </div>,
    );
  }
  if (paused?.kind === 'quota') {
    alerts.push(
      <div class="notice tone-warn" key="quota">
        <p class="notice-title">Quota reached — sending is paused.</p>
        <p class="small">
          {paused.message.trim() || 'Your plan is full.'} Captures are kept; upgrade or free some space, then retry.
          {paused.retryAt ? ` Next check at ${untilText(paused.retryAt, now)}.` : ''}
        </p>
        {status.quota ? (
          <QuotaMeter quota={status.quota} actions={retryButton} />
        ) : (
          <div class="row">{retryButton}</div>
        )}
      </div>,
    );
  }
  if (!paused && status.holdUntil && status.holdUntil > now) {
    alerts.push(
      <div class="notice tone-info" key="hold">
        <p class="notice-title">Rate-limited, resuming at {untilText(status.holdUntil, now)}.</p>
        <p class="small">The server asked for a pause; nothing is lost.</p>
      </div>,
    );
  }
  if (!paused && status.retryAt) {
    alerts.push(
      <div class="notice tone-warn" key="retry">
        <p class="notice-title">
          Server unreachable, retrying {status.retryAt > now ? `at ${untilText(status.retryAt, now)}` : 'now'}.
        </p>
        {status.lastError && <p class="small">Last error: {status.lastError}</p>}
        <div class="row">
          <button type="button" class="small" disabled={busy} onClick={onRetryAll}>
            Retry now
          </button>
          <button type="button" class="small" onClick={onOpenSettings}>
            Check settings
          </button>
        </div>
      </div>,
    );
  }
  if (status.capturePausedUntil && status.capturePausedUntil > now) {
    alerts.push(
      <div class="notice tone-info" key="capture">
        <p class="notice-title">Capture paused until {untilText(status.capturePausedUntil, now)}.</p>
        <div class="row">
          <button type="button" class="small" disabled={busy} onClick={onResumeCapture}>
            Resume
          </button>
        </div>
      </div>,
    );
  }
  if (alerts.length === 0) return null;
  return (
    <section class="alerts" aria-label="Alerts">
      {alerts}
    </section>
  );
}
