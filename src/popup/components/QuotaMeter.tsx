/**
 * How much of the plan's memory quota is used, with the plan name and an upgrade link. The link comes from the
 * background, which resolves the server's relative `upgrade_url` against the API origin and vets it.
 */
import type { ComponentChildren } from 'preact';
import type { StatusView } from '../../shared/messages';
import { safeHttpUrl } from '../../ui/format';
import { formatNumber, plural, t } from '../../shared/i18n';

export type QuotaMeterProps = {
  quota: NonNullable<StatusView['quota']>;
  /** More buttons for the row that holds Upgrade (the paused alert's "Try again now"). */
  actions?: ComponentChildren;
};

export function QuotaMeter({ quota, actions }: QuotaMeterProps) {
  const { used, limit, plan } = quota;
  const ratio = limit > 0 ? Math.min(1, used / limit) : 1;
  const full = used >= limit;
  const upgradeUrl = safeHttpUrl(quota.upgradeUrl);
  return (
    <div class="quota">
      <div class="quota-head">
        <span class="quota-label">{t('popup_quota')}</span>
        <span class="quota-numbers">{plural('popup_quota_numbers', limit, formatNumber(used), plan)}</span>
      </div>
      <div
        class={`quota-bar${full ? ' full' : ''}`}
        role="progressbar"
        aria-label={t('popup_quota')}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(used, limit)}
        aria-valuetext={plural('popup_quota_value', limit, formatNumber(used), plan)}
      >
        <span style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
      {(upgradeUrl || actions) && (
        <div class="row">
          {upgradeUrl && (
            <a class="button small primary" href={upgradeUrl} target="_blank" rel="noopener">
              {t('popup_upgrade')}
            </a>
          )}
          {actions}
        </div>
      )}
    </div>
  );
}
