// The project's own ESLint rules, loaded by eslint.config.js as the `mnueron` plugin.
import uiStrings from './ui-strings.js';

export default { meta: { name: 'eslint-plugin-mnueron' }, rules: { 'ui-strings': uiStrings } };
