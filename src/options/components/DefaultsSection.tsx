/** What a save gets when nothing more specific is chosen: the namespace and the tags. */
import { useState } from 'preact/hooks';
import type { Settings } from '../../shared/settings';
import { LiveStatus } from '../../ui/LiveStatus';
import { TagInput } from '../../ui/TagInput';
import { usePatchNotice, type PatchSettings } from '../settings-update';
import { Section } from './Section';

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
      setNotice({ tone: 'error', text: 'A namespace needs 1 to 200 characters.' });
      return;
    }
    setNamespace(value);
    void run({ defaults: { namespace: value } });
  };

  return (
    <Section
      id="defaults"
      title="Defaults"
      intro="Where new memories go and how they are tagged, unless you pick something else when saving."
    >
      <div class="field">
        <label for="default-namespace">Default namespace</label>
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
        <p class="field-hint">Namespaces (projects) group memories; “default” is fine to start with.</p>
      </div>
      <TagInput
        label="Default tags"
        tags={settings.defaults.tags}
        onChange={(tags) => void run({ defaults: { tags } })}
        placeholder="Add a tag, press Enter"
      />
      <LiveStatus tone={notice?.tone} label="Defaults status">
        {notice?.text}
      </LiveStatus>
    </Section>
  );
}
