/**
 * Automatic chat capture: which sites, what part of an exchange, per-site namespace and tags, and a pause.
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

export type CaptureSectionProps = {
  settings: Settings;
  namespaces: string[];
  onPatch: PatchSettings;
  /** The settings a pause/resume answered with. */
  onSettings: (settings: Settings) => void;
  now?: number;
};

const CONTENT_OPTIONS: Array<{ value: CaptureContent; label: string; hint: string }> = [
  { value: 'exchange', label: 'Exchanges (both sides)', hint: 'Your message and the answer, as one memory.' },
  { value: 'user', label: 'My messages only', hint: 'What you wrote; answers are left out.' },
  { value: 'assistant', label: 'Answers only', hint: 'What the assistant answered.' },
];

type PauseUntil = Extract<UiMessage, { type: 'ui:capture-pause' }>['until'];

const PAUSES: Array<{ label: string; until: PauseUntil }> = [
  { label: 'Pause 15 min', until: { minutes: 15 } },
  { label: 'Pause 1 hour', until: { minutes: 60 } },
  { label: 'Pause until tomorrow', until: 'tomorrow' },
];

function SiteOverrides({
  label,
  site,
  onChange,
}: {
  label: string;
  site: SiteCaptureSettings;
  onChange: (next: SiteCaptureSettings) => void;
}) {
  const [namespace, setNamespace] = useState(site.namespace ?? '');
  const inputId = `ns-${label.toLowerCase()}`;
  return (
    <details class="customize">
      <summary>Customize</summary>
      <div class="customize-body">
        <div class="field">
          <label for={inputId}>Namespace for {label}</label>
          <input
            id={inputId}
            type="text"
            list="capture-namespace-list"
            value={namespace}
            placeholder="Default namespace"
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
          label={`Tags for ${label}`}
          tags={site.tags ?? []}
          onChange={(tags) => {
            const { tags: _old, ...rest } = site;
            onChange(tags.length ? { ...rest, tags } : rest);
          }}
          placeholder="Added to the default tags"
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

  const pause = async (until: PauseUntil) => {
    setPausing(true);
    const reply = await send<'ui:capture-pause'>({ type: 'ui:capture-pause', until });
    setPausing(false);
    if (reply.ok) {
      onSettings(reply.value);
      setNotice(null);
    } else setNotice({ tone: 'error', text: `Couldn't change the pause: ${errorText(reply.error)}` });
  };

  const pausedUntil = capture.pausedUntil && capture.pausedUntil > now ? capture.pausedUntil : null;

  return (
    <Section
      id="capture"
      title="Chat capture"
      intro="Save finished exchanges from AI chat sites automatically. Off until you turn a site on."
    >
      <ul class="site-list">
        {CHAT_SITES.map((site) => {
          const current = capture.sites[site.id];
          return (
            <li class="site-row" key={site.id}>
              <Choice
                type="checkbox"
                label={`Capture chats on ${site.label}`}
                hint={site.hosts.join(', ')}
                checked={current.enabled}
                onChange={(enabled) => updateSite(site.id, { ...current, enabled })}
                class="site-switch"
              />
              <SiteOverrides label={site.label} site={current} onChange={(next) => updateSite(site.id, next)} />
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
        <legend class="field-label">What to capture</legend>
        {CONTENT_OPTIONS.map((option) => (
          <Choice
            key={option.value}
            type="radio"
            name="capture-content"
            value={option.value}
            label={option.label}
            hint={option.hint}
            checked={capture.content === option.value}
            onChange={() => void run({ capture: { content: option.value } })}
          />
        ))}
      </fieldset>

      <div class="pause-block">
        <p class="field-label">Pause</p>
        <p class={pausedUntil ? 'pause-state is-paused' : 'pause-state muted'}>
          {pausedUntil
            ? `Capture paused until ${untilText(pausedUntil, now)}`
            : 'Capture is running on the sites turned on above.'}
        </p>
        <div class="row">
          {PAUSES.map((p) => (
            <button type="button" key={p.label} disabled={pausing} onClick={() => void pause(p.until)}>
              {p.label}
            </button>
          ))}
          <button type="button" disabled={pausing || !pausedUntil} onClick={() => void pause(null)}>
            Resume
          </button>
        </div>
      </div>
      <LiveStatus tone={notice?.tone} label="Capture status">
        {notice?.text}
      </LiveStatus>
    </Section>
  );
}
