/** The last saves, newest first, each with Undo (deletes it on the server) and a link to where it came from. */
import type { RecentView } from '../../shared/messages';
import { relativeTime, safeHttpUrl } from '../../ui/format';
import { t } from '../../shared/i18n';

export type RecentListProps = {
  recent: RecentView[];
  busy: boolean;
  onUndo: (id: string) => void;
  now?: number;
};

export function RecentList({ recent, busy, onUndo, now = Date.now() }: RecentListProps) {
  const shown = recent.slice(0, 10);
  return (
    <section class="panel" aria-labelledby="recent-heading">
      <h2 id="recent-heading">{t('popup_recent_heading')}</h2>
      {shown.length === 0 ? (
        <p class="muted small">{t('popup_recent_empty')}</p>
      ) : (
        <ul class="item-list" aria-label={t('popup_recent_heading')}>
          {shown.map((r) => {
            const href = safeHttpUrl(r.sourceUrl);
            return (
              <li class="recent-item" key={r.id}>
                <p class="item-preview">{r.preview}</p>
                <div class="recent-foot">
                  <div class="recent-meta small muted">
                    <span>{relativeTime(r.savedAt, now)}</span>
                    <span aria-hidden="true">·</span>
                    <span>{r.namespace}</span>
                    {r.tags.length > 0 && (
                      <ul class="tag-list">
                        {r.tags.map((tag) => (
                          <li key={tag}>{tag}</li>
                        ))}
                      </ul>
                    )}
                  </div>
                  <div class="recent-actions">
                    {href && (
                      <a class="small source-link" href={href} target="_blank" rel="noopener" title={href}>
                        {t('popup_recent_source')}
                      </a>
                    )}
                    <button type="button" class="small" disabled={busy} onClick={() => onUndo(r.id)}>
                      {t('popup_undo')}
                    </button>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
