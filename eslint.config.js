import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Each outside boundary has one owning file (house style 2.1); these rules keep it that way. */
const boundaryImports = [
  { name: 'openai', message: 'Only utils/llm/openai-client.ts imports openai.' },
  { name: 'pdfjs-dist', message: 'Only utils/pdf/pdfjs.ts imports pdf.js.' },
];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.webextensions, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: boundaryImports,
          patterns: [
            { group: ['pdfjs-dist/*'], message: 'Only utils/pdf/pdfjs.ts imports pdf.js.' },
            { group: ['openai/*'], message: 'Only utils/llm/openai-client.ts imports openai.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Model output and paper text are untrusted: never render raw HTML.',
        },
      ],
    },
  },
  {
    // React's rules apply to React code; Playwright fixtures also call a function named `use`.
    files: ['**/*.tsx', 'components/**', 'utils/store/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  { files: ['utils/pdf/pdfjs.ts', 'test/**'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['test/support/fake-openai.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'openai', message: 'The fake server must not use the SDK it fakes.' }] }] },
  },
  { files: ['utils/llm/openai-client.ts'], rules: { 'no-restricted-imports': 'off' } },
);
