import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      'data/',
      'fixtures/',
      'bench/out/',
      'docs/',
      'reports/',
      '.stryker-tmp/',
      'stryker-setup-*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Checks are pure: data in, findings out. Facts come from the snapshot, never from I/O.
    files: ['checks/**/*.ts'],
    ignores: ['checks/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'node:fs',
            'fs/promises',
            'node:fs/promises',
            'net',
            'node:net',
            'http',
            'node:http',
            'https',
            'node:https',
            'child_process',
            'node:child_process',
            'probot',
          ].map((name) => ({ name, message: 'Checks do no I/O: read facts from the snapshot.' })),
          patterns: [
            { group: ['@octokit/*'], message: 'Checks never call GitHub: the snapshot gathers facts.' },
            {
              group: ['**/src/app/**', '**/src/store/**', '**/src/web/**', '**/src/cli/**'],
              message: 'Checks depend only on the engine contract and the snapshot.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Checks do no I/O.' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Use snapshot.now: checks never read the clock.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use snapshot.now: checks never read the clock.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
