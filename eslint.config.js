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
    // Dependencies inside the engine point one way: the code that speaks MCP (and the HTTP server
    // that mounts it) knows nothing of the control API or of the class that composes the engine.
    files: ['shared/gateway/downstream/**/*.ts', 'shared/gateway/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: engineMustNotImport,
          patterns: [
            {
              group: ['**/control/**', '**/gateway.js'],
              message:
                'The MCP endpoint does not know the control API or the engine; the composition root mounts both.',
            },
          ],
        },
      ],
    },
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
