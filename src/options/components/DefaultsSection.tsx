/** What a save gets when nothing more specific is chosen: the namespace and the tags. */
import { useState } from 'preact/hooks';
import type { Settings } from '../../shared/settings';
import { LiveStatus } from '../../ui/LiveStatus';
import { TagInput } from '../../ui/TagInput';
import { usePatchNotice, type PatchSettings } from '../settings-update';
import { Section } from './Section';
import { t } from '../../shared/i18n';

export type DefaultsSectionProps = {
  settings: Settings;
  namespaces: string[];
  onPatch: PatchSettings;
};

export function DefaultsSection({ settings, namespaces, onPatch }: DefaultsSectionProps) {
  const { notice, setNotice, run } = usePatchNotice(onPatch);
  const [namespace, setNamespace] = useState(settings.defaults.namespace);

  const commitNamespace = () => {
    const value = namespace.trim();
    if (value === settings.defaults.namespace) return;
    if (!value || value.length > 200) {
      setNotice({ tone: 'error', text: t('options_namespace_length') });
      return;
    }
    setNamespace(value);
    void run({ defaults: { namespace: value } });
  };

  return (
    <Section id="defaults" title={t('options_nav_defaults')} intro={t('options_defaults_intro')}>
      <div class="field">
        <label for="default-namespace">{t('options_default_namespace')}</label>
        <input
          id="default-namespace"
          type="text"
          list="default-namespace-list"
          value={namespace}
          autocomplete="off"
          onInput={(e) => setNamespace(e.currentTarget.value)}
          onChange={commitNamespace}
        />
        <datalist id="default-namespace-list">
          {namespaces.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <p class="field-hint">{t('options_namespace_hint')}</p>
      </div>
      <TagInput
        label={t('options_default_tags')}
        tags={settings.defaults.tags}
        onChange={(tags) => void run({ defaults: { tags } })}
        placeholder={t('options_tag_placeholder')}
      />
      <LiveStatus tone={notice?.tone} label={t('options_defaults_status')}>
        {notice?.text}
      </LiveStatus>
    </Section>
  );
}
