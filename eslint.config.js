// ESLint for the whole repository (`npm run lint`; CI runs it): JavaScript's and typescript-eslint's
// recommended rules, type-aware; the React hooks rules for the admin; and the import boundaries of
// server/src (see BOUNDARIES below and server/test/tooling/import-boundaries.test.ts).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A specifier that names the sync (integration/) in any depth of relative path. */
const INTEGRATION = String.raw`(^|/)integration(/|$)`;
/** db/schema.ts: every table of the service, the sync's included. */
const DB_SCHEMA = String.raw`(^|/)db/schema(\.js)?$`;

/**
 * The arrow between the modules of server/src points one way: integration/ (the sync) uses orders/
 * through its services and the listener interfaces orders/ defines; orders/ never sees the sync,
 * not even its types. auth/ and shared/ are below both. Each entry: which files, which specifiers
 * they must not use, and why. Checked for every form a module can be reached by: import and export
 * declarations (type-only ones too), import() expressions and `import('…')` types.
 */
export const BOUNDARIES = [
  {
    files: ['server/src/orders/**'],
    forbidden: [
      { regex: INTEGRATION, message: 'orders/ must not depend on integration/ (the sync uses orders/, never the other way round).' },
      {
        regex: DB_SCHEMA,
        message: "orders/ must not import db/schema.ts: it re-exports the sync's tables. Import the tables from ./order.tables.js.",
      },
    ],
  },
  {
    files: ['server/src/auth/**', 'server/src/shared/**'],
    forbidden: [{ regex: INTEGRATION, message: 'auth/ and shared/ must not depend on integration/ (the sync builds on them).' }],
  },
];

/** The config objects that enforce BOUNDARIES (exported for the test that proves them). */
export const boundaryConfigs = BOUNDARIES.map(({ files, forbidden }) => ({
  files,
  rules: {
    // import/export declarations, `import type` and `export type` included.
    'no-restricted-imports': ['error', { patterns: forbidden.map(({ regex, message }) => ({ regex, message })) }],
    // What no-restricted-imports does not see: import('…') and TypeScript's import('…') types.
    'no-restricted-syntax': [
      'error',
      ...forbidden.flatMap(({ regex, message }) => [
        { selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`, message },
        { selector: `TSImportType[source.value=/${regex.replaceAll('/', '\\/')}/]`, message },
      ]),
    ],
  },
}));

export default defineConfig(
  globalIgnores(['admin/src/gql/', '**/dist/', '**/node_modules/', 'data/', 'coverage/', 'e2e/test-results/', 'e2e/playwright-report/']),

  js.configs.recommended,
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },

  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each file is linted with the types of the tsconfig that TypeScript finds for it, as an
        // editor would: its workspace's tsconfig.json (which `npm run typecheck` checks), else
        // the base tsconfig.json at the root.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A leading underscore marks a parameter a signature needs but the body does not, and
      // `{ field: _, ...rest }` leaves a field out of a copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Noise here: Fastify plugins, react-admin's providers and type-graphql's middleware are async
      // functions by contract, whether or not their body awaits.
      '@typescript-eslint/require-await': 'off',
    },
  },

  {
    // Tests read HTTP and GraphQL answers as untyped JSON and check them with expect(): typing every
    // answer would add casts, not safety (the assertion is the check). Everything else still applies
    // to them, the promise rules among it.
    files: ['server/test/**', 'e2e/**', 'vendure-plugin/test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  {
    files: ['admin/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },

  ...boundaryConfigs,
);
