import 'reflect-metadata';
import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { PUBLIC, routeAccess } from './auth/access.js';
import type { NonEmptyArray } from 'type-graphql';
import { AuthResolver } from './auth/auth.resolver.js';
import { AuthService } from './auth/auth.service.js';
import { newToken } from './auth/tokens.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connect.js';
import { keepStatistics } from './db/statistics.js';
import { registerGraphql } from './graphql/server.js';
import { adminRoutes } from './http/admin-static.js';
import { installAccessGuard, type RouteInfo } from './http/access-guard.js';
import { healthRoutes } from './http/health.js';
import { installRestErrorHandling } from './http/rest-errors.js';
import { installStrictBodies } from './http/strict-body.js';
import { OrderActivityResolver } from './orders/order-activity.resolver.js';
import { OrderLineResolver, OrderResolver } from './orders/order.resolver.js';
import { orderRestRoutes } from './orders/order.rest.js';
import { OrderService } from './orders/order.service.js';
import { ORDERS_CHANGED_CHANNEL } from './orders/order.tables.js';
import { loadAllRecords } from './integration/records.js';
import { createRestAdapter } from './integration/rest/rest-adapter.js';
import { SyncEngine, type SyncEngineOptions } from './integration/sync-engine.js';
import { createVendureAdapter } from './integration/vendure/vendure-adapter.js';
import { syncRestRoutes } from './integration/sync.rest.js';
import { RemotesResolver } from './integration/remotes.resolver.js';
import { OrderSyncFieldResolver, SyncResolver } from './integration/sync.resolver.js';
import { SyncInsightResolver } from './integration/sync-insight.resolver.js';
import { BatchLoader } from './shared/batch-loader.js';

export const BODY_LIMIT = 1024 * 1024;

/** Every GraphQL resolver of an instance (also what server/schema.graphql is printed from). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const GRAPHQL_RESOLVERS: NonEmptyArray<Function> = [
  OrderResolver,
  OrderLineResolver,
  OrderActivityResolver,
  AuthResolver,
  OrderSyncFieldResolver,
  SyncResolver,
  RemotesResolver,
  SyncInsightResolver,
];

export interface Instance {
  config: Config;
  app: FastifyInstance;
  database: Database;
  orders: OrderService;
  auth: AuthService;
  sync: SyncEngine;
  /** Every REST route and its access rule. */
  routes(): RouteInfo[];
  /** The GraphQL schema served at /graphql (each root field's rule is in its extensions). */
  schema: GraphQLSchema;
  /** Credentials made up at startup because none were configured (development only), for printing. */
  generated: { admin: { username: string; password: string } | null; apiToken: string | null };
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Builds one instance (A or B): database, services and HTTP routes. */
export interface InstanceOptions {
  logger?: boolean;
  /** false: the sync loops are not started (tests drive them with pushOnce/pullOnce). */
  startSync?: boolean;
  /** Overrides for the sync engine (the simulation's clock, randomness and transport). */
  sync?: Partial<SyncEngineOptions>;
}

export async function createInstance(config: Config, options: InstanceOptions = {}): Promise<Instance> {
  const database = await openDatabase(config.database);
  try {
    const orders = new OrderService(database.db, { codePrefix: config.codePrefix });
    const auth = new AuthService(database.db, { sessionTtlMs: config.sessionTtlMs, loginThrottle: config.loginThrottle });

    let apiToken: string | null = null;
    for (const { name, token } of config.apiTokens) auth.addApiToken({ name, token, kind: 'client' });
    if (config.apiTokens.length === 0) {
      apiToken = newToken();
      auth.addApiToken({ name: 'development', token: apiToken, kind: 'client' });
    }
    if (config.metricsToken) auth.addApiToken({ name: 'metrics', token: config.metricsToken, kind: 'metrics' });
    const admin = await auth.ensureAdmin(config.admin);
    const app = Fastify({
      bodyLimit: BODY_LIMIT,
      // X-Forwarded-For gives the client address (login throttling) only from proxies named here.
      trustProxy: config.trustProxy,
      logger: options.logger === false ? false : { level: config.logLevel },
      // Sync traffic would drown everything else; per-request lines only at debug level.
      logController: new LogController({
        disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
      }),
    });
    // PGlite, and a server without autovacuum, would otherwise plan on no statistics (see statistics.ts).
    const statistics = await keepStatistics(database.db, {
      onAnalyzed: (tables) => app.log.debug({ tables }, 'statistics taken again of tables that grew'),
      onError: (err) => app.log.warn({ err: (err as Error).message }, 'could not take the statistics of tables that grew'),
    });
    const syncLog = app.log.child({ component: 'sync' });
    const sync = new SyncEngine({
      database,
      orders,
      remoteUrl: config.peer.url,
      remoteToken: config.peer.token,
      acceptToken: config.peer.acceptToken,
      remotes: config.remotes,
      adapters: { rest: (definition) => createRestAdapter(definition), vendure: (definition) => createVendureAdapter(definition) },
      // Each peer remote's accept token lets that peer (and nobody else) push to us and read our feed.
      onPeerTokens: (tokens) => auth.setPeerTokens(tokens),
      longPollSeconds: config.sync.longPollSeconds,
      logRetentionMs: config.sync.logRetentionMs,
      mergePolicy: config.sync.merge,
      names: { local: config.instanceName, remote: config.peer.name },
      log: (level, message, details) => syncLog[level](details ?? {}, message),
      ...options.sync,
    });
    const unlisten = await database.listen(ORDERS_CHANGED_CHANNEL, () => orders.changed.notify());

    // A request still running when close() begins (the peer's long poll) would otherwise leave its
    // keep-alive connection open after answering, and close() would wait for it to time out (72 s).
    let closing = false;
    app.addHook('onSend', async (_request, reply, payload) => {
      if (closing) reply.header('connection', 'close');
      return payload;
    });
    installRestErrorHandling(app);
    const authenticate = (header: string | undefined) => auth.authenticate(header);
    const routes = installAccessGuard(app, { authenticate });
    installStrictBodies(app);
    if (config.corsOrigins.length) {
      // A preflight carries no credentials: the CORS plugin's OPTIONS route is public.
      app.addHook('onRoute', (route) => {
        if (route.method === 'OPTIONS' && route.url === '*') route.config = { ...route.config, ...routeAccess(PUBLIC) };
      });
      await app.register(cors, { origin: config.corsOrigins });
    }
    await app.register(healthRoutes, { instanceName: config.instanceName, driver: database.driver, ping: () => database.ping() });
    await app.register(orderRestRoutes, { prefix: '/api/orders', orders });
    await app.register(syncRestRoutes, { prefix: '/api/orders', engine: sync });
    // The sync's internals: for the admin and a Prometheus scraper (METRICS_TOKEN), not for anyone.
    app.get('/metrics', { config: routeAccess(['admin', 'metrics']) }, async (_request, reply) =>
      reply.type(sync.metrics.registry.contentType).send(await sync.metrics.registry.metrics()),
    );
    await app.register(adminRoutes, { distDir: config.adminDistDir });
    const schema = await registerGraphql(app, {
      resolvers: GRAPHQL_RESOLVERS,
      services: { orders, auth, sync },
      perRequest: () => ({ syncRecords: new BatchLoader((ids: string[]) => loadAllRecords(database.db, ids)) }),
      limits: config.graphqlLimits,
      // Open while developing (GraphiQL, codegen); in production only for a token holder.
      introspection: config.env === 'production' ? ['admin', 'client'] : PUBLIC,
    });

    return {
      config,
      app,
      database,
      orders,
      auth,
      sync,
      routes,
      schema,
      generated: { admin, apiToken },
      listen: async () => {
        const url = await app.listen({ host: config.host, port: config.port });
        if (options.startSync !== false) await sync.start();
        else await sync.init();
        return url;
      },
      close: async () => {
        closing = true;
        await sync.stop();
        orders.changed.close();
        // In-flight requests get a moment to finish; a connection still open after that (a client
        // that never reads its answer, a proxy holding it) must not hold the shutdown.
        const force = setTimeout(() => app.server.closeAllConnections(), 3_000);
        await app.close();
        clearTimeout(force);
        await unlisten();
        await statistics.stop();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
