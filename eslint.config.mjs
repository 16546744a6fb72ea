// `npm run lint` (the first tier of `npm test`): typescript-eslint's type-checked recommended
// rules over every TypeScript file, ESLint's recommended rules over the JavaScript tooling, and
// the layer rules the folders promise (docs/ARCHITECTURE.md, "Layers"). Zero warnings allowed.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const dirname = import.meta.dirname;

/** Which tsconfig types each group of TypeScript files (each group has its own libs). */
const PROJECTS = [
  {
    files: ['src/core/**/*.ts', 'src/host/**/*.ts', 'src/extension.ts', 'test/**/*.ts'],
    ignores: ['test/e2e/*.browser.ts', 'test/loopbackModels/**', 'test/newestApi/**'],
    project: './tsconfig.json',
  },
  { files: ['src/webview/**/*.ts'], project: './src/webview/tsconfig.json' },
  { files: ['test/e2e/*.browser.ts'], project: './test/e2e/tsconfig.browser.json' },
  {
    files: ['test/loopbackModels/**/*.ts', 'test/newestApi/**/*.ts'],
    project: './test/newestApi/tsconfig.json',
  },
  { files: ['bench/host/**/*.ts'], project: './bench/host/tsconfig.json' },
  { files: ['bench/browser/**/*.ts'], project: './bench/browser/tsconfig.json' },
];

const restrict = (patterns, paths = []) => [
  'error',
  {
    paths,
    patterns: patterns.map(({ group, message, allowTypeImports }) => ({
      group,
      message,
      allowTypeImports,
    })),
  },
];

/**
 * The layers (see docs/ARCHITECTURE.md): core knows neither VS Code nor the DOM nor the other
 * layers; the webview never reaches into the host; the host takes from the webview folder at
 * most types; activation loads only ids and the lazy host layer. Exported for the unit test that
 * proves each rule fires (test/unit/layerRules.test.ts).
 */
export const layerRules = [
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          {
            group: ['**/host', '**/host/**', '**/webview', '**/webview/**', '**/extension'],
            message:
              'src/core is pure: it imports nothing from src/host, src/webview or the extension.',
          },
        ],
        [
          {
            name: 'vscode',
            message: 'src/core never imports vscode: put VS Code code in src/host.',
          },
        ],
      ),
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'HTMLElement', 'Element'].map(
          (name) => ({
            name,
            message: 'src/core runs in Node too: no DOM (put page code in src/webview).',
          }),
        ),
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          {
            group: ['**/host', '**/host/**', '**/extension'],
            message:
              'src/webview runs in the page: it never imports src/host (talk to it through messages).',
          },
        ],
        [
          {
            name: 'vscode',
            message: 'src/webview runs in the page: there is no vscode module there.',
          },
        ],
      ),
    },
  },
  {
    files: ['src/host/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        {
          group: ['**/webview', '**/webview/**'],
          message:
            'src/host takes at most types from src/webview (messages are in src/core/protocol).',
          allowTypeImports: true,
        },
      ]),
    },
  },
  {
    files: ['src/extension.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        {
          group: ['./host/*', './core/*', '!./host/contributionIds', '!./host/lazyHostLayer'],
          message:
            'Activation loads ids and the lazy host layer only (types are free): everything else is paid for by every window at startup.',
          allowTypeImports: true,
        },
      ]),
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      '.cache/',
      'test-output/',
      'test/fixtures/',
      'test/loopbackModels/dist/',
      'docs/gallery/',
      '**/*.d.ts',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  // ── JavaScript: build, test and bench tooling (Node) ──────────────────────────────────────
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2024, globals: { ...globals.node } },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  {
    // These figures hand functions to Playwright's page.evaluate: those bodies run in Chromium.
    files: ['bench/figures/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },

  // ── TypeScript: type-checked recommended rules, each file with its own tsconfig ────────────
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  ...PROJECTS.map(({ files, ignores, project }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    languageOptions: { parserOptions: { project, tsconfigRootDir: dirname } },
  })),
  {
    files: ['**/*.ts'],
    rules: {
      // An unused parameter named _x says "required by the signature"; anything else unused is a leftover.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Passing on a rejection as it came (an `unknown` from a catch or a callback) is not
      // inventing a non-Error reason.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // Playwright callbacks run in the page, but test/e2e compiles for Node, without the DOM's
    // types: what they touch (`document`, the page's globals) is `any` by construction, and
    // each test asserts on the values it reads back. Typing them would need a DOM tsconfig for
    // the page callbacks, apart from the Node code around them.
    files: ['test/e2e/**/*.ts'],
    ignores: ['test/e2e/*.browser.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  ...layerRules,
);
