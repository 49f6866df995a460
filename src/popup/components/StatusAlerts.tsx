/**
 * Why sending or capturing is on hold, one sentence each with the fix: a rejected token, the quota, a rate limit,
 * an unreachable server, paused chat capture. Nothing renders when all is well.
 */
import type { StatusView } from '../../shared/messages';
import { untilText } from '../../ui/format';
import { QuotaMeter } from './QuotaMeter';
import { t } from '../../shared/i18n';

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
      {t('popup_try_again_now')}
    </button>
  );

  if (paused?.kind === 'auth') {
    alerts.push(
      <div class="notice tone-error" key="auth">
        <p class="notice-title">{t('popup_auth_title')}</p>
        <p class="small">{t('popup_auth_kept')}</p>
        <div class="row">
          <button type="button" class="small primary" onClick={onOpenSettings}>
            {t('popup_open_settings')}
          </button>
        </div>
      </div>,
    );
  }
  if (paused?.kind === 'quota') {
    alerts.push(
      <div class="notice tone-warn" key="quota">
        <p class="notice-title">{t('popup_quota_title')}</p>
        <p class="small">
          {[
            paused.message.trim() || t('popup_quota_full'),
            t('popup_quota_kept'),
            paused.retryAt ? t('popup_quota_next_check', untilText(paused.retryAt, now)) : '',
          ]
            .filter(Boolean)
            .join(' ')}
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
        <p class="notice-title">{t('popup_hold_title', untilText(status.holdUntil, now))}</p>
        <p class="small">{t('popup_hold_why')}</p>
      </div>,
    );
  }
  if (!paused && status.retryAt) {
    alerts.push(
      <div class="notice tone-warn" key="retry">
        <p class="notice-title">
          {status.retryAt > now ? t('popup_retry_at', untilText(status.retryAt, now)) : t('popup_retry_now_title')}
        </p>
        {status.lastError && <p class="small">{t('popup_last_error', status.lastError)}</p>}
        <div class="row">
          <button type="button" class="small" disabled={busy} onClick={onRetryAll}>
            {t('popup_retry_now')}
          </button>
          <button type="button" class="small" onClick={onOpenSettings}>
            {t('popup_check_settings')}
          </button>
        </div>
      </div>,
    );
  }
  if (status.capturePausedUntil && status.capturePausedUntil > now) {
    alerts.push(
      <div class="notice tone-info" key="capture">
        <p class="notice-title">{t('popup_capture_paused', untilText(status.capturePausedUntil, now))}</p>
        <div class="row">
          <button type="button" class="small" disabled={busy} onClick={onResumeCapture}>
            {t('popup_resume')}
          </button>
        </div>
      </div>,
    );
  }
  if (alerts.length === 0) return null;
  return (
    <section class="alerts" aria-label={t('popup_alerts')}>
      {alerts}
    </section>
  );
}
