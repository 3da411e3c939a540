import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { GRAPHQL_RESOLVERS } from '../app.js';

/**
 * Writes the GraphQL schema to server/schema.graphql (in the order the resolvers define it, which
 * is stable). The admin's types are generated from that file (admin/codegen.ts); `npm run build -w
 * server` and `npm run codegen` write it, `npm run check:generated` fails when it is stale.
 */
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

export async function printAppSchema(): Promise<string> {
  const schema = await buildSchema({ resolvers: GRAPHQL_RESOLVERS, validate: false, emitSchemaFile: false });
  return `${printSchema(schema)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, await printAppSchema());
  console.log(`GraphQL schema written to ${SCHEMA_FILE}`);
}
