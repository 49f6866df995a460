/** What never leaves the browser: secrets, temporary and incognito chats, denied sites and conversations. */
import { useState } from 'preact/hooks';
import { CHAT_SITES } from '../../shared/chat-sites';
import type { Settings } from '../../shared/settings';
import { Choice } from '../../ui/Choice';
import { LiveStatus } from '../../ui/LiveStatus';
import { usePatchNotice, type PatchSettings } from '../settings-update';
import { Section } from './Section';

export type PrivacySectionProps = {
  settings: Settings;
  onPatch: PatchSettings;
};

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
        return {
          error: `Line ${i + 1} is not a host name: “${lines[i]!.trim()}”. Write just the host, like chat.example.com.`,
        };
      }
    }
    line = line.replace(/\/.*$/, '').replace(/^\*\./, '');
    if (!HOST.test(line)) {
      return {
        error: `Line ${i + 1} is not a host name: “${lines[i]!.trim()}”. Write just the host, like chat.example.com.`,
      };
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
    <Section
      id="privacy"
      title="Privacy"
      intro="Mnueron redacts secrets before anything is stored, even in the outbox. Choose what is never captured."
    >
      <div class="check-list">
        <Choice
          type="checkbox"
          label="Redact secrets before saving"
          hint="API keys, tokens, passwords and private keys become [REDACTED:kind]."
          checked={settings.privacy.redactSecrets}
          onChange={(on) => void run({ privacy: { redactSecrets: on } })}
        />
        <Choice
          type="checkbox"
          label="Skip temporary and incognito chats"
          hint="ChatGPT temporary chats and Claude incognito chats are never captured."
          checked={settings.capture.skipTemporary}
          onChange={(on) => void run({ capture: { skipTemporary: on } })}
        />
        <Choice
          type="checkbox"
          label="Capture in incognito windows"
          hint="Also needs “Allow in Incognito” on the extension’s Chrome details page."
          checked={settings.capture.allowIncognito}
          onChange={(on) => void run({ capture: { allowIncognito: on } })}
        />
      </div>

      <div class="field">
        <label for="deny-hosts">Never capture on these sites</label>
        <textarea
          id="deny-hosts"
          rows={3}
          value={denyText}
          placeholder={'chat.example.com\ninternal.example.org'}
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
            One host per line. Automatic capture stays off there even when the site is turned on.
          </p>
        )}
        <div class="row">
          <button type="button" onClick={saveDenyList}>
            Save list
          </button>
        </div>
      </div>

      <div class="field">
        <p class="field-label" id="never-label">
          Conversations never captured
        </p>
        {never.length === 0 ? (
          <p class="field-hint">None. Conversations you exclude from capture are listed here.</p>
        ) : (
          <ul class="never-list" aria-labelledby="never-label">
            {never.map((key) => (
              <li key={key}>
                <span class="never-key">{conversationLabel(key)}</span>
                <button
                  type="button"
                  class="small"
                  aria-label={`Remove ${conversationLabel(key)}`}
                  onClick={() =>
                    void run({ capture: { neverConversations: never.filter((k) => k !== key) } }, 'Removed')
                  }
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <LiveStatus tone={notice?.tone} label="Privacy status">
        {notice?.text}
      </LiveStatus>
    </Section>
  );
}
