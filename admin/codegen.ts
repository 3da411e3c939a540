import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The admin's GraphQL types and typed documents, generated from the server's schema
 * (server/schema.graphql, printed by `npm run schema -w server`) and the documents in
 * src/dataProvider/documents.ts. `npm run codegen` (repository root) regenerates both; CI runs
 * `npm run check:generated`, which fails when the committed files are stale.
 */
const config: CodegenConfig & { sort: boolean } = {
  schema: '../server/schema.graphql',
  // Keep the schema's own order (enum values in their domain order: pending, paid, shipped, ...).
  sort: false,
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Plain strings typed with their result and variables: graphql-request 7 sends them as they are.
        documentMode: 'string',
        // Enums as const objects: the admin's lists (statuses, sync states, sort fields) come from them.
        enumType: 'const',
        useTypeImports: true,
        skipTypename: true,
        scalars: { DateTimeISO: 'string', SafeInt: 'number', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
