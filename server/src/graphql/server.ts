import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { PUBLIC_OPERATIONS } from '../auth/auth.resolver.js';
import { bearerToken } from '../auth/tokens.js';
import { authGuard } from './auth-guard.js';
import type { AppContext, PerRequest } from './context.js';
import { formatError, mapAppErrors } from './error-mapping.js';

export interface GraphqlOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** Everything in the context but what comes from the request itself. */
  services: Omit<AppContext, 'principal' | 'token' | 'clientKey' | keyof PerRequest>;
  perRequest(): PerRequest;
}

/** Mounts Apollo Server at /graphql. Apollo's CDN landing page is off (it needs the internet). */
export async function registerGraphql(app: FastifyInstance, options: GraphqlOptions): Promise<ApolloServer<AppContext>> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    validate: false,
    emitSchemaFile: false,
    globalMiddlewares: [mapAppErrors, authGuard(PUBLIC_OPERATIONS)],
  });
  const apollo = new ApolloServer<AppContext>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: formatError((err) => app.log.error({ err }, 'GraphQL resolver failed')),
    plugins: [fastifyApolloDrainPlugin(app), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request: FastifyRequest): Promise<AppContext> => ({
      ...options.services,
      ...options.perRequest(),
      principal: await options.services.auth.authenticate(request.headers.authorization),
      token: bearerToken(request.headers.authorization),
      clientKey: request.ip,
    }),
  });
  return apollo;
}
