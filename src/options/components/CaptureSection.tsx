/**
 * Automatic chat capture: which sites, what part of an exchange, per-site namespace and tags, and a pause; and per
 * site, suggestions while typing (off by default).
 * Every switch takes effect at once.
 */
import { useState } from 'preact/hooks';
import { send } from '../../shared/ui-client';
import { CHAT_SITES, type ChatSiteId } from '../../shared/chat-sites';
import type { CaptureContent, Settings, SiteCaptureSettings } from '../../shared/settings';
import type { UiMessage } from '../../shared/messages';
import { errorText, untilText } from '../../ui/format';
import { Choice } from '../../ui/Choice';
import { LiveStatus } from '../../ui/LiveStatus';
import { TagInput } from '../../ui/TagInput';
import { usePatchNotice, type PatchSettings } from '../settings-update';
import { Section } from './Section';
import { t, type MessageKey } from '../../shared/i18n';

export type CaptureSectionProps = {
  settings: Settings;
  namespaces: string[];
  onPatch: PatchSettings;
  /** The settings a pause/resume answered with. */
  onSettings: (settings: Settings) => void;
  now?: number;
};

const CONTENT_OPTIONS: Array<{ value: CaptureContent; label: MessageKey; hint: MessageKey }> = [
  { value: 'exchange', label: 'options_content_exchange', hint: 'options_content_exchange_hint' },
  { value: 'user', label: 'options_content_user', hint: 'options_content_user_hint' },
  { value: 'assistant', label: 'options_content_assistant', hint: 'options_content_assistant_hint' },
];

type PauseUntil = Extract<UiMessage, { type: 'ui:capture-pause' }>['until'];

const PAUSES: Array<{ label: MessageKey; until: PauseUntil }> = [
  { label: 'options_pause_15', until: { minutes: 15 } },
  { label: 'options_pause_60', until: { minutes: 60 } },
  { label: 'options_pause_tomorrow', until: 'tomorrow' },
];

function SiteOverrides({
  id,
  label,
  site,
  onChange,
}: {
  id: ChatSiteId;
  label: string;
  site: SiteCaptureSettings;
  onChange: (next: SiteCaptureSettings) => void;
}) {
  const [namespace, setNamespace] = useState(site.namespace ?? '');
  const inputId = `ns-${id}`;
  return (
    <details class="customize">
      <summary>{t('options_customize')}</summary>
      <div class="customize-body">
        <div class="field">
          <label for={inputId}>{t('options_site_namespace', label)}</label>
          <input
            id={inputId}
            type="text"
            list="capture-namespace-list"
            value={namespace}
            placeholder={t('options_site_namespace_placeholder')}
            autocomplete="off"
            onInput={(e) => setNamespace(e.currentTarget.value)}
            onChange={() => {
              const value = namespace.trim().slice(0, 200);
              // Empty removes the override: this site then uses the default namespace.
              const { namespace: _old, ...rest } = site;
              onChange(value ? { ...rest, namespace: value } : rest);
            }}
          />
        </div>
        <TagInput
          label={t('options_site_tags', label)}
          tags={site.tags ?? []}
          onChange={(tags) => {
            const { tags: _old, ...rest } = site;
            onChange(tags.length ? { ...rest, tags } : rest);
          }}
          placeholder={t('options_site_tags_placeholder')}
        />
      </div>
    </details>
  );
}

export function CaptureSection({ settings, namespaces, onPatch, onSettings, now = Date.now() }: CaptureSectionProps) {
  const { notice, setNotice, run } = usePatchNotice(onPatch);
  const [pausing, setPausing] = useState(false);
  const { capture } = settings;

  const updateSite = (id: ChatSiteId, next: SiteCaptureSettings) => {
    // Only this site: the background replaces the sites a patch names and keeps the others as stored.
    void run({ capture: { sites: { [id]: next } } });
  };

  const setSuggest = (id: ChatSiteId, on: boolean) => {
    const sites = settings.suggestions.sites.filter((site) => site !== id);
    void run({ suggestions: { sites: on ? [...sites, id] : sites } });
  };

  const pause = async (until: PauseUntil) => {
    setPausing(true);
    const reply = await send<'ui:capture-pause'>({ type: 'ui:capture-pause', until });
    setPausing(false);
    if (reply.ok) {
      onSettings(reply.value);
      setNotice(null);
    } else setNotice({ tone: 'error', text: t('options_pause_failed', errorText(reply.error)) });
  };

  const pausedUntil = capture.pausedUntil && capture.pausedUntil > now ? capture.pausedUntil : null;

  return (
    <Section id="capture" title={t('options_capture_title')} intro={t('options_capture_intro')}>
      <ul class="site-list">
        {CHAT_SITES.map((site) => {
          const current = capture.sites[site.id];
          return (
            <li class="site-row" key={site.id}>
              <Choice
                type="checkbox"
                label={t('popup_site_capture', site.label)}
                hint={site.hosts.join(', ')}
                checked={current.enabled}
                onChange={(enabled) => updateSite(site.id, { ...current, enabled })}
                class="site-switch"
              />
              <Choice
                type="checkbox"
                label={t('suggest_option', site.label)}
                hint={t('suggest_option_hint')}
                checked={settings.suggestions.sites.includes(site.id)}
                onChange={(on) => setSuggest(site.id, on)}
                class="site-switch"
              />
              <SiteOverrides
                id={site.id}
                label={site.label}
                site={current}
                onChange={(next) => updateSite(site.id, next)}
              />
            </li>
          );
        })}
      </ul>
      <datalist id="capture-namespace-list">
        {namespaces.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>

      <fieldset class="choice-group">
        <legend class="field-label">{t('options_what_to_capture')}</legend>
        {CONTENT_OPTIONS.map((option) => (
          <Choice
            key={option.value}
            type="radio"
            name="capture-content"
            value={option.value}
            label={t(option.label)}
            hint={t(option.hint)}
            checked={capture.content === option.value}
            onChange={() => void run({ capture: { content: option.value } })}
          />
        ))}
      </fieldset>

      <div class="pause-block">
        <p class="field-label">{t('options_pause')}</p>
        <p class={pausedUntil ? 'pause-state is-paused' : 'pause-state muted'}>
          {pausedUntil ? t('options_paused_until', untilText(pausedUntil, now)) : t('options_running')}
        </p>
        <div class="row">
          {PAUSES.map((p) => (
            <button type="button" key={p.label} disabled={pausing} onClick={() => void pause(p.until)}>
              {t(p.label)}
            </button>
          ))}
          <button type="button" disabled={pausing || !pausedUntil} onClick={() => void pause(null)}>
            {t('options_resume')}
          </button>
        </div>
      </div>
      <LiveStatus tone={notice?.tone} label={t('options_capture_status')}>
        {notice?.text}
      </LiveStatus>
    </Section>
  );
}
