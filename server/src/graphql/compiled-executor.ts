import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, printSchema, type DocumentNode, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Runs operations compiled to JavaScript once per document (graphql-jit) instead of walking the
 * document field by field on every request (graphql-js). A page of 25 orders has about a thousand
 * fields: graphql-js spent about a third of the page's CPU on them (a promise, an arguments
 * object and a path entry per field) and much of the garbage collection after them.
 *
 * Apollo Server lets one executor replace its own through its gateway interface (what Apollo
 * Gateway plugs into); everything before execution stays Apollo's: parsing, validation against
 * the schema, the plugins (the operation guard's access check and limits run first), the context,
 * and the formatting of errors after.
 */

/**
 * Compiled operations per document (Apollo keeps one parsed document per query text), by operation
 * name; null where graphql-jit could not compile one (it then runs as before, on graphql-js).
 */
const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

type Compile = typeof compileQuery;

function compiledFor(compile: Compile, schema: GraphQLSchema, document: DocumentNode, operationName: string | null): CompiledQuery | null {
  let byName = compiled.get(document);
  if (!byName) compiled.set(document, (byName = new Map<string, CompiledQuery | null>()));
  const key = operationName ?? '';
  let query = byName.get(key);
  if (query === undefined) {
    // Only valid documents get here (Apollo validates them first), so a failure is the compiler's limit, not the client's error.
    const result = compile(schema, document, operationName ?? undefined);
    query = isCompiledQuery(result) ? result : null;
    byName.set(key, query);
  }
  return query;
}

/** An executor for Apollo Server's `gateway` option, serving this schema compiled (`compile`: graphql-jit's, or a test's). */
export function compiledExecution(schema: GraphQLSchema, compile: Compile = compileQuery): GatewayInterface {
  const executor: GatewayExecutor = async (request) => {
    const variables = request.request.variables ?? {};
    const query = compiledFor(compile, schema, request.document, request.operationName);
    if (!query) {
      return execute({ schema, document: request.document, contextValue: request.context, variableValues: variables, operationName: request.operationName }) as never;
    }
    // graphql-js's own coercion first, for its errors alone: they name the variable's definition,
    // which is how Apollo tells a client's bad variable (BAD_USER_INPUT, HTTP 400) from a failure.
    const coercion = getVariableValues(schema, request.operation.variableDefinitions ?? [], variables);
    if (coercion.errors) return { errors: coercion.errors };
    return query.query(undefined, request.context, variables) as never;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    load: () => Promise.resolve({ executor }),
    stop: () => Promise.resolve(),
  };
}
