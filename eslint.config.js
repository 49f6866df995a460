// Lint: typescript-eslint recommended, plus the project's safety rules (no HTML from data, no token in logs).
import tseslint from 'typescript-eslint';

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
    // Tests and fixtures build DOM from trusted strings they own.
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
