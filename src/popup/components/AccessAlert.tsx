/**
 * Site access the browser withholds, with a button that asks for it (see src/ui/host-access.ts for when that
 * happens: Firefox, where the user may refuse or revoke host permissions; on Chrome and Edge nothing renders).
 * It stays while the loss stops something the user relies on: the API origin (saves cannot be sent) or a chat site
 * whose capture is on. On the first-run screen it also offers access to the chat sites before any is turned on.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { CHAT_SITE_IDS, chatSiteLabel, type ChatSiteId } from '../../shared/chat-sites';
import { t, uiLanguage } from '../../shared/i18n';
import type { Settings } from '../../shared/settings';
import { hostOf } from '../../ui/format';
import {
  missingAccess,
  onHostAccessChange,
  patternsFor,
  requestHostAccess,
  type MissingAccess,
} from '../../ui/host-access';

export type AccessAlertProps = {
  /** The API the user set up (connection.apiUrl). */
  apiUrl: string;
  /** For which sites capture is on; null while loading (then only the API is judged). */
  settings: Settings | null;
  /** The welcome screen: offer the chat sites even while no capture is on yet. */
  firstRun?: boolean;
};

function siteList(sites: ChatSiteId[]): string {
  const labels = sites.map(chatSiteLabel);
  try {
    return new Intl.ListFormat(uiLanguage(), { type: 'conjunction' }).format(labels);
  } catch {
    return labels.join(', ');
  }
}

export function AccessAlert({ apiUrl, settings, firstRun = false }: AccessAlertProps) {
  const [missing, setMissing] = useState<MissingAccess | null>(null);
  const [refused, setRefused] = useState(false);

  const check = useCallback(async () => setMissing(await missingAccess(apiUrl)), [apiUrl]);
  useEffect(() => {
    void check();
    return onHostAccessChange(() => void check());
  }, [check]);

  if (!missing) return null;
  const enabled = settings ? CHAT_SITE_IDS.filter((id) => settings.capture.sites[id].enabled) : [];
  const blocked = missing.sites.filter((id) => enabled.includes(id));
  const offered = firstRun ? missing.sites : blocked;
  if (!missing.api && offered.length === 0) return null;

  const ask = () => {
    // Synchronously, inside the click: the browser shows its prompt only during the user's gesture.
    const request = requestHostAccess(patternsFor({ api: missing.api, sites: offered }));
    void request
      .catch(() => false)
      .then(async (granted) => {
        setRefused(!granted);
        await check();
      });
  };

  const lasting = !!missing.api || blocked.length > 0;
  return (
    <section class={`notice ${lasting ? 'tone-warn' : 'tone-info'} access-alert`} aria-label={t('access_region')}>
      {missing.api && (
        <>
          <p class="notice-title">{t('access_api_title', hostOf(apiUrl))}</p>
          <p class="small">{t('access_api_why')}</p>
        </>
      )}
      {blocked.length > 0 && (
        <>
          <p class="notice-title">{t('access_sites_title', siteList(blocked))}</p>
          <p class="small">{t('access_sites_why')}</p>
        </>
      )}
      {!lasting && (
        <>
          <p class="notice-title">{t('access_first_run_title')}</p>
          <p class="small">{t('access_first_run_why', siteList(offered))}</p>
        </>
      )}
      <div class="row">
        <button type="button" class="small primary" onClick={ask}>
          {t('access_grant')}
        </button>
      </div>
      <p role="status" aria-live="polite" class="small">
        {refused ? t('access_refused') : ''}
      </p>
    </section>
  );
}
