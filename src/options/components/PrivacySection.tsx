/** What never leaves the browser: secrets, temporary and incognito chats, denied sites and conversations. */
import { useState } from 'preact/hooks';
import { CHAT_SITES } from '../../shared/chat-sites';
import type { Settings } from '../../shared/settings';
import { Choice } from '../../ui/Choice';
import { LiveStatus } from '../../ui/LiveStatus';
import { usePatchNotice, type PatchSettings } from '../settings-update';
import { Section } from './Section';
import { formatNumber, t } from '../../shared/i18n';

export type PrivacySectionProps = {
  settings: Settings;
  onPatch: PatchSettings;
};

/** Example host names for the deny list's placeholder: technical, the same in every language. */
const HOST_EXAMPLES = 'chat.example.com\ninternal.example.org';

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * The deny list as typed (one host per line; pasted URLs are reduced to their host) → hosts, or the first line that
 * is not a host.
 */
export function parseDenyHosts(text: string): { hosts: string[] } | { error: string } {
  const hosts: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim().toLowerCase();
    if (!line) continue;
    if (line.includes('://')) {
      try {
        line = new URL(line).hostname;
      } catch {
        return { error: t('options_deny_line', formatNumber(i + 1), lines[i]!.trim()) };
      }
    }
    line = line.replace(/\/.*$/, '').replace(/^\*\./, '');
    if (!HOST.test(line)) {
      return { error: t('options_deny_line', formatNumber(i + 1), lines[i]!.trim()) };
    }
    if (!hosts.includes(line)) hosts.push(line);
  }
  return { hosts };
}

/** "ChatGPT · 6523a…" for a `<site>:<conversation id>` key. */
function conversationLabel(key: string): string {
  const cut = key.indexOf(':');
  if (cut < 0) return key;
  const site = CHAT_SITES.find((s) => s.id === key.slice(0, cut));
  return `${site?.label ?? key.slice(0, cut)} · ${key.slice(cut + 1)}`;
}

export function PrivacySection({ settings, onPatch }: PrivacySectionProps) {
  const { notice, setNotice, run } = usePatchNotice(onPatch);
  const [denyText, setDenyText] = useState(settings.capture.denyHosts.join('\n'));
  const [denyError, setDenyError] = useState<string | null>(null);
  const never = settings.capture.neverConversations;

  const saveDenyList = () => {
    const parsed = parseDenyHosts(denyText);
    if ('error' in parsed) {
      setDenyError(parsed.error);
      setNotice(null);
      return;
    }
    setDenyError(null);
    setDenyText(parsed.hosts.join('\n'));
    void run({ capture: { denyHosts: parsed.hosts } });
  };

  return (
    <Section id="privacy" title={t('options_nav_privacy')} intro={t('options_privacy_intro')}>
      <div class="check-list">
        <Choice
          type="checkbox"
          label={t('options_redact')}
          hint={t('options_redact_hint')}
          checked={settings.privacy.redactSecrets}
          onChange={(on) => void run({ privacy: { redactSecrets: on } })}
        />
        <Choice
          type="checkbox"
          label={t('options_skip_temporary')}
          hint={t('options_skip_temporary_hint')}
          checked={settings.capture.skipTemporary}
          onChange={(on) => void run({ capture: { skipTemporary: on } })}
        />
        <Choice
          type="checkbox"
          label={t('options_incognito')}
          hint={t('options_incognito_hint')}
          checked={settings.capture.allowIncognito}
          onChange={(on) => void run({ capture: { allowIncognito: on } })}
        />
      </div>

      <div class="field">
        <label for="deny-hosts">{t('options_deny_hosts')}</label>
        <textarea
          id="deny-hosts"
          rows={3}
          value={denyText}
          placeholder={HOST_EXAMPLES}
          spellcheck={false}
          aria-invalid={denyError ? 'true' : undefined}
          aria-describedby="deny-hosts-hint"
          onInput={(e) => setDenyText(e.currentTarget.value)}
        />
        {denyError ? (
          <p id="deny-hosts-hint" class="field-error">
            {denyError}
          </p>
        ) : (
          <p id="deny-hosts-hint" class="field-hint">
            {t('options_deny_hosts_hint')}
          </p>
        )}
        <div class="row">
          <button type="button" onClick={saveDenyList}>
            {t('options_save_list')}
          </button>
        </div>
      </div>

      <div class="field">
        <p class="field-label" id="never-label">
          {t('options_never_conversations')}
        </p>
        {never.length === 0 ? (
          <p class="field-hint">{t('options_never_none')}</p>
        ) : (
          <ul class="never-list" aria-labelledby="never-label">
            {never.map((key) => (
              <li key={key}>
                <span class="never-key">{conversationLabel(key)}</span>
                <button
                  type="button"
                  class="small"
                  aria-label={t('options_never_remove_label', conversationLabel(key))}
                  onClick={() =>
                    void run({ capture: { neverConversations: never.filter((k) => k !== key) } }, t('options_removed'))
                  }
                >
                  {t('options_never_remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <LiveStatus tone={notice?.tone} label={t('options_privacy_status')}>
        {notice?.text}
      </LiveStatus>
    </Section>
  );
}
