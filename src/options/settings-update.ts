/**
 * How the options page changes settings: one `ui:settings-update` per change (switches take effect at once, no
 * page-wide Save), the page's copy replaced by the background's answer. Each section shows the outcome next to
 * the controls that caused it.
 */
import { useState } from 'preact/hooks';
import type { Settings, SettingsPatch } from '../shared/settings';
import type { Notice } from '../ui/LiveStatus';
import { t } from '../shared/i18n';

/** Sends a patch; resolves to the new settings, or to a readable error. */
export type PatchSettings = (
  patch: SettingsPatch,
) => Promise<{ ok: true; settings: Settings } | { ok: false; error: string }>;

/** A section's "Saved" / error notice around its patches. */
export function usePatchNotice(onPatch: PatchSettings) {
  const [notice, setNotice] = useState<Notice>(null);
  const run = async (patch: SettingsPatch, done = t('options_saved')): Promise<boolean> => {
    const result = await onPatch(patch);
    setNotice(result.ok ? { tone: 'ok', text: done } : { tone: 'error', text: t('options_not_saved', result.error) });
    return result.ok;
  };
  return { notice, setNotice, run };
}
