import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  execute,
  GraphQLError,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getIntrospectionQuery,
  Kind,
  parse,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';
import { compiledExecution } from '../../src/graphql/compiled-executor.js';

/** A small schema with what the real one uses: lists, non-null fields, arguments, async resolvers, errors with a code. */
const Line = new GraphQLObjectType({
  name: 'Line',
  fields: { sku: { type: new GraphQLNonNull(GraphQLString) }, quantity: { type: new GraphQLNonNull(GraphQLInt) } },
});
const Order = new GraphQLObjectType({
  name: 'Order',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLString) },
    note: { type: GraphQLString },
    lines: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Line))) },
    secret: {
      type: GraphQLString,
      resolve: () => {
        throw new GraphQLError('not yours', { extensions: { code: 'FORBIDDEN' } });
      },
    },
  },
});
const ORDERS = [
  { id: 'o1', note: null, lines: [{ sku: 'A', quantity: 1 }] },
  { id: 'o2', note: 'gift', lines: [{ sku: 'B', quantity: 2 }, { sku: 'C', quantity: 3 }] },
];
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      orders: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Order))),
        args: { first: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: async (_root, args: { first: number }, context: { seen: string[] }) => {
          context.seen.push(`orders(${args.first})`);
          return ORDERS.slice(0, args.first);
        },
      },
    },
  }),
});

/** What Apollo hands the executor, as far as it reads it. */
function requestFor(query: string, variables: Record<string, unknown>, context = { seen: [] as string[] }): GatewayGraphQLRequestContext {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return { document, operation, operationName: null, request: { query, variables }, context } as unknown as GatewayGraphQLRequestContext;
}

async function executorOf(compile = compileQuery): Promise<GatewayExecutor> {
  const { executor } = await compiledExecution(schema, compile).load({ apollo: {} });
  return executor!;
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const QUERY = `query Page($first: Int!) {
  orders(first: $first) { ...head lines { sku qty: quantity } }
  one: orders(first: 1) { id secret }
}
fragment head on Order { id note }`;

describe('the compiled executor', () => {
  it('answers what graphql-js answers: aliases, fragments, variables, lists, a resolver error with its code and path', async () => {
    const request = requestFor(QUERY, { first: 2 });
    const compiled = await (await executorOf())(request);
    const reference = await execute({ schema, document: request.document, variableValues: { first: 2 }, contextValue: { seen: [] } });
    expect(plain(compiled)).toEqual(plain(reference));
    expect(compiled.errors?.[0]).toMatchObject({ message: 'not yours', path: ['one', 0, 'secret'], extensions: { code: 'FORBIDDEN' } });
    expect((request.context as { seen: string[] }).seen.sort()).toEqual(['orders(1)', 'orders(2)']);
  });

  it('compiles a document once, and runs it again with other variables', async () => {
    let compilations = 0;
    const executor = await executorOf((...args) => {
      compilations++;
      return compileQuery(...args);
    });
    const request = requestFor(QUERY, { first: 1 });
    expect(((await executor(request)).data as { orders: unknown[] }).orders).toHaveLength(1);
    const again = { ...request, request: { ...request.request, variables: { first: 2 } } } as GatewayGraphQLRequestContext;
    expect(((await executor(again)).data as { orders: unknown[] }).orders).toHaveLength(2);
    expect(compilations).toBe(1);
  });

  it('runs a document the compiler cannot compile on graphql-js, with the same answer', async () => {
    const executor = await executorOf(() => ({ errors: [new GraphQLError('cannot compile this')] }));
    const request = requestFor(QUERY, { first: 2 });
    const reference = await execute({ schema, document: request.document, variableValues: { first: 2 }, contextValue: { seen: [] } });
    expect(plain(await executor(request))).toEqual(plain(reference));
  });

  it("refuses a bad variable with graphql-js's error, which names the variable's definition (Apollo's BAD_USER_INPUT)", async () => {
    const result = await (await executorOf())(requestFor(QUERY, { first: 'many' }));
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toMatch(/^Variable "\$first" got invalid value "many"/);
    expect(result.errors![0]!.nodes?.map((n) => n.kind)).toEqual(['VariableDefinition']);
  });

  it('answers the full introspection query (GraphiQL, codegen) as graphql-js does', async () => {
    const request = requestFor(getIntrospectionQuery(), {});
    const reference = await execute({ schema, document: request.document, contextValue: { seen: [] } });
    expect(reference.errors).toBeUndefined();
    expect(plain(await (await executorOf())(request))).toEqual(plain(reference));
  });
});
