import { isObjectType, type GraphQLField } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { GRAPHQL_RESOLVERS } from '../../src/app.js';

/**
 * Which GraphQL fields run code of ours (src/graphql/server.ts): root fields and @FieldResolvers,
 * wrapped in the global middleware that maps AppErrors. Plain fields of object types are read by
 * graphql-js's default resolver, without type-graphql's middleware chain around each of them.
 */

describe('GraphQL field resolvers', () => {
  it('every object type is declared with simpleResolvers (no middleware chain around plain fields)', () => {
    const storage = getMetadataStorage();
    const notSimple = storage.objectTypes.filter((t) => t.simpleResolvers !== true).map((t) => t.name);
    expect(notSimple).toEqual([]);
  });

  it('outside the root types, only @FieldResolvers have a resolver', async () => {
    const schema = await buildSchema({ resolvers: GRAPHQL_RESOLVERS, validate: false, emitSchemaFile: false });
    const storage = getMetadataStorage();
    const typeName = (target: unknown) => storage.objectTypes.find((t) => t.target === target)?.name;
    const declared = storage.fieldResolvers
      .filter((r) => GRAPHQL_RESOLVERS.includes(r.target))
      .map((r) => `${typeName(r.getObjectType?.())}.${r.schemaName}`)
      .sort();
    const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
    const withResolver: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type)) continue;
      for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
        if (field.resolve) withResolver.push(`${type.name}.${field.name}`);
      }
    }
    expect(declared).toContain('OrderLine.lineTotal');
    expect(withResolver.sort()).toEqual(declared);
  });
});
