// Lint: typescript-eslint recommended, plus the project's safety rules (no HTML from data, no token in logs) and
// its i18n guard (eslint-rules/: no hard-coded user-facing text in components).
import tseslint from 'typescript-eslint';
import mnueron from './eslint-rules/index.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-test/**',
      'dist-firefox/**',
      'dist-firefox-test/**',
      'release/**',
      'node_modules/**',
      'screenshots/**',
      'test/fixtures/**',
      '.data/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Never insert page or server data as HTML; build nodes or use textContent.' },
        { property: 'outerHTML', message: 'Never insert page or server data as HTML.' },
        { property: 'insertAdjacentHTML', message: 'Never insert page or server data as HTML.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Never insert page or server data as HTML.',
        },
      ],
    },
  },
  {
    // Type-aware rules: a forgotten promise (lost error, unordered write) and a non-exhaustive switch over a union
    // are bugs here, and the compiler alone does not catch them.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // Every word a person reads in a page comes from the locale files (six languages), never from a literal.
    files: ['src/**/*.tsx'],
    ignores: ['**/*.test.tsx'],
    plugins: { mnueron },
    rules: { 'mnueron/ui-strings': ['error', { allow: ['Mnueron', 'HTTP'] }] },
  },
  {
    // One browser seam: the background reaches `browser.*` only through src/background/browser.ts; content scripts
    // and pages never load the polyfill (they use the global `chrome`).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/background/browser.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'webextension-polyfill', message: 'Import browser from src/background/browser.ts.' }] },
      ],
    },
  },
  {
    // Tests and fixtures build DOM from trusted strings they own.
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx', 'bench/**', 'scripts/**'],
    rules: {
      'no-restricted-properties': 'off',
      // Fakes answer the few messages a test needs and fall through for the rest.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
);
