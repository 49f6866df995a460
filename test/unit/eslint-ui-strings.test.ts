/** The i18n guard (eslint-rules/ui-strings.js) flags literal text in components and lets t() calls through. */
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import uiStrings from '../../eslint-rules/ui-strings.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { ecmaFeatures: { jsx: true } },
  },
});

const error = (text: string) => ({ messageId: 'text' as const, data: { text } });

tester.run('mnueron/ui-strings', uiStrings, {
  valid: [
    { code: "const a = <p>{t('popup_qs_heading')}</p>;" },
    { code: "const a = <button aria-label={t('popup_alerts')} title={t('popup_alerts')}>{t('popup_save')}</button>;" },
    { code: "const a = <TagInput label={t('popup_qs_tags')} placeholder={t('popup_qs_tag_placeholder')} />;" },
    { code: "const a = <p>{busy ? t('popup_saving') : t('popup_save')}</p>;" },
    { code: 'const a = <p>{used} / {limit} · —</p>;' },
    { code: 'const a = <span class="brand-name">Mnueron</span>;' },
    { code: 'const a = <div class="row" id="qs-size" type="button" />;' },
    { code: "const a = <input placeholder={TOKEN_EXAMPLE} value={'x'} />;" },
  ],
  invalid: [
    { code: 'const a = <p>Saved</p>;', errors: [error('Saved')] },
    { code: 'const a = <h2>\n  Recent saves\n</h2>;', errors: [error('Recent saves')] },
    { code: 'const a = <section aria-label="Alerts" />;', errors: [error('Alerts')] },
    { code: 'const a = <a title="Open the source">x</a>;', errors: [error('Open the source'), error('x')] },
    { code: "const a = <input placeholder={'Add a tag'} />;", errors: [error('Add a tag')] },
    { code: 'const a = <img alt="Logo" />;', errors: [error('Logo')] },
    { code: 'const a = <Choice label={`Capture chats on ${site}`} />;', errors: [error('Capture chats on')] },
    { code: "const a = <p>{busy ? 'Saving…' : t('popup_save')}</p>;", errors: [error('Saving…')] },
    { code: "const a = <p>{ok && 'Done'}</p>;", errors: [error('Done')] },
    { code: 'const a = <Section intro="Where memories go." />;', errors: [error('Where memories go.')] },
  ],
});
