// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports that would break the layering: each folder may only reach what runs where it runs. */
const engineMustNotImport = [
  { name: 'electron', message: 'shared/ runs in plain Node: keep Electron in electron/.' },
  { name: 'react', message: 'shared/ runs in plain Node: keep React in renderer/.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a union of string literals.' },
      ],
    },
  },
  {
    files: ['shared/gateway/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: engineMustNotImport }] },
  },
  {
    // The engine process runs in plain Node (a utility process in the app, a fork in tests).
    files: ['electron/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: engineMustNotImport,
          patterns: [
            { group: ['**/main/**'], message: 'The engine process does not load the main process code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: engineMustNotImport,
          patterns: [
            { group: ['node:*'], message: 'contracts are shared with the renderer: no Node built-ins.' },
            { group: ['**/gateway/**', '@modelcontextprotocol/*'], message: 'contracts import zod only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to the engine through the control client only.',
            },
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a sandboxed browser context.' },
            {
              group: ['**/shared/gateway/**', '**/electron/**'],
              message: 'The renderer sees shared/contracts only.',
            },
          ],
        },
      ],
    },
  },
);
