import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { PUBLIC, routeAccess, type AccessRule } from '../auth/access.js';
import { bearerToken } from '../auth/tokens.js';
import { unruledRootFields } from './access-check.js';
import { compiledExecution } from './compiled-executor.js';
import type { AppContext, PerRequest } from './context.js';
import { formatError, mapAppErrors } from './error-mapping.js';
import { checkDocumentSize, type GraphqlLimits } from './limits.js';
import { operationGuard } from './operation-guard.js';

export interface GraphqlOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** Everything in the context but what comes from the request itself. */
  services: Omit<AppContext, 'principal' | 'token' | 'clientKey' | keyof PerRequest>;
  perRequest(): PerRequest;
  limits: GraphqlLimits;
  /** Who may run introspection queries. */
  introspection: AccessRule;
}

/** The query text of a GraphQL request (POST body or GET query string), if it has one. */
function queryText(request: FastifyRequest): string | null {
  const source = request.method === 'GET' ? request.query : request.body;
  const query = source && typeof source === 'object' && !Array.isArray(source) ? (source as { query?: unknown }).query : undefined;
  return typeof query === 'string' ? query : null;
}

/**
 * Mounts Apollo Server at /graphql. Apollo's CDN landing page is off (it needs the internet).
 * The route itself is public; each operation is checked against the rules of the fields it
 * selects (operation-guard.ts), and refused before it runs when over the limits.
 */
export async function registerGraphql(app: FastifyInstance, options: GraphqlOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    validate: false,
    emitSchemaFile: false,
    // Runs around root fields and @FieldResolvers, the only code that can throw an AppError.
    // Every @ObjectType is declared `simpleResolvers: true`: its plain fields are read by
    // graphql-js's default resolver, without a middleware chain (an async function per field,
    // about a thousand on a page of 25 orders). test/graphql/field-resolvers.test.ts checks both.
    globalMiddlewares: [mapAppErrors],
  });
  const unruled = unruledRootFields(schema);
  if (unruled.length) {
    throw new Error(`GraphQL operations without an access rule (add @Access, see src/auth/access.ts): ${unruled.join(', ')}`);
  }
  const { limits } = options;
  const apollo = new ApolloServer<AppContext>({
    // The schema, run compiled (compiled-executor.ts).
    gateway: compiledExecution(schema),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Checked before parsing already (checkDocumentSize); this bounds the parser should anything reach it another way.
    parseOptions: { maxTokens: limits.maxTokens },
    formatError: formatError((err) => app.log.error({ err }, 'GraphQL resolver failed')),
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      // Installed by default, it wraps every field of every response in a willResolveField hook
      // to compute cache hints; no field declares one and responses are never cached.
      ApolloServerPluginCacheControlDisabled(),
      operationGuard({ limits, introspection: options.introspection }),
    ],
  });
  await apollo.start();
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    config: { ...routeAccess(PUBLIC), graphqlErrors: true },
    preHandler: async (request) => {
      const query = queryText(request);
      const tooLarge = query === null ? null : checkDocumentSize(query, limits);
      if (tooLarge) throw tooLarge;
    },
    handler: fastifyApolloHandler(apollo, {
      context: async (request: FastifyRequest): Promise<AppContext> => ({
        ...options.services,
        ...options.perRequest(),
        principal: await options.services.auth.authenticate(request.headers.authorization),
        token: bearerToken(request.headers.authorization),
        clientKey: request.ip,
      }),
    }),
  });
  return schema;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Errors of this route (body, size) are answered the GraphQL way: `{ errors: [{ message, extensions: { code } }] }`. */
    graphqlErrors?: boolean;
  }
}
