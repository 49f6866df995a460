/** The Diagnostics table speaks the UI language for what an entry is and how it ended; details stay as logged. */
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeI18n } from '../../../test/fakes/i18n';
import { outcomeLabel } from './DiagnosticsSection';

afterEach(() => installFakeI18n('en'));

describe('outcomeLabel', () => {
  it('shows the background’s outcome words in the UI language', () => {
    installFakeI18n('de');
    expect(outcomeLabel('saved')).toBe('gespeichert');
    expect(outcomeLabel('needs you: too large')).toBe('braucht Sie: zu groß');
    expect(outcomeLabel('parked-too-large')).toBe('braucht Sie: zu groß');
    installFakeI18n('ja');
    expect(outcomeLabel('paused: plan limit')).toBe('一時停止：プランの上限');
  });

  it('leaves a word it does not know as it is (an internal entry names the message type)', () => {
    installFakeI18n('fr');
    expect(outcomeLabel('ui:status')).toBe('ui:status');
    expect(outcomeLabel('constructor')).toBe('constructor');
  });
});
