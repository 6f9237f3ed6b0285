// Lint rules checked by `npm test` (`npm run lint`). Size limits keep every non-test file
// readable in one sitting: 400 lines a file, 60 lines a function.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const testFiles = ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.int-spec.ts', '**/testing/**', 'test/**'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.test-results/**',
      'apps/web/dist/**',
      'apps/web/src/api/schema.d.ts',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@followup/*/*', '!@followup/*/testing', '!@followup/*/testing/*'],
              message: "Import another lib through its index ('@followup/<lib>'); its internals are its own.",
            },
            {
              group: ['**/libs/*/src/**', '../../libs/**', '../../../libs/**'],
              message: "Import a lib by its alias ('@followup/<lib>'), not by a relative path into its folder.",
            },
          ],
        },
      ],
    },
  },
  {
    // The web console runs in the browser; its Playwright tests and configs run in Node.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['apps/web/e2e/**/*.ts', 'apps/web/*.ts', 'apps/web/*.mts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['apps/**/*.ts', 'apps/web/src/**/*.tsx', 'libs/**/*.ts', 'scripts/**/*.ts'],
    ignores: [...testFiles, 'apps/web/e2e/**'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    files: testFiles,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
