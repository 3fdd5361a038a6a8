import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Each outside boundary (the model SDK, pdf.js, runtime messaging) has one owning file; these rules keep it that way. */
const boundaryImports = [
  { name: 'openai', message: 'Only utils/llm/openai-client.ts imports openai.' },
  { name: 'pdfjs-dist', message: 'Only utils/pdf/pdfjs.ts imports pdf.js.' },
];

const noRawHtml = {
  selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
  message: 'Model output and paper text are untrusted: never render raw HTML.',
};
const noDirectMessaging = {
  selector: "MemberExpression[property.name='sendMessage'][object.property.name=/^(runtime|tabs)$/]",
  message: 'Send messages through utils/messaging.ts, where the protocol and its types live.',
};

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
      'no-restricted-syntax': ['error', noRawHtml, noDirectMessaging],
    },
  },
  {
    // React's rules apply to React code; Playwright fixtures also call a function named `use`.
    files: ['**/*.tsx', 'components/**', 'utils/store/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  { files: ['utils/pdf/pdfjs.ts', 'test/**'], rules: { 'no-restricted-imports': 'off' } },
  // Tests play forged senders and fake browsers on purpose.
  { files: ['utils/messaging.ts', 'test/**'], rules: { 'no-restricted-syntax': ['error', noRawHtml] } },
  {
    files: ['test/support/fake-openai.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'openai', message: 'The fake server must not use the SDK it fakes.' }] }] },
  },
  { files: ['utils/llm/openai-client.ts'], rules: { 'no-restricted-imports': 'off' } },
);
