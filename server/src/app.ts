import 'reflect-metadata';
import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { AuthResolver } from './auth/auth.resolver.js';
import { AuthService } from './auth/auth.service.js';
import { newToken } from './auth/tokens.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connect.js';
import { registerGraphql } from './graphql/server.js';
import { healthRoutes } from './http/health.js';
import { installRestErrorHandling } from './http/rest-errors.js';
import { OrderLineResolver, OrderResolver } from './orders/order.resolver.js';
import { orderRestRoutes } from './orders/order.rest.js';
import { OrderService } from './orders/order.service.js';

export const BODY_LIMIT = 1024 * 1024;

export interface Instance {
  config: Config;
  app: FastifyInstance;
  database: Database;
  orders: OrderService;
  auth: AuthService;
  /** Credentials made up at startup because none were configured (development only), for printing. */
  generated: { admin: { username: string; password: string } | null; apiToken: string | null };
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Builds one instance (A or B): database, services and HTTP routes. */
export async function createInstance(config: Config, options: { logger?: boolean } = {}): Promise<Instance> {
  const database = await openDatabase(config.database);
  try {
    const orders = new OrderService(database.db, { codePrefix: config.codePrefix });
    const auth = new AuthService(database.db, { sessionTtlMs: config.sessionTtlMs, loginLimit: config.loginLimit });

    let apiToken: string | null = null;
    for (const { name, token } of config.apiTokens) auth.addApiToken({ name, token, kind: 'client' });
    if (config.apiTokens.length === 0) {
      apiToken = newToken();
      auth.addApiToken({ name: 'development', token: apiToken, kind: 'client' });
    }
    const admin = await auth.ensureAdmin(config.admin);

    const app = Fastify({
      bodyLimit: BODY_LIMIT,
      logger: options.logger === false ? false : { level: config.logLevel },
      // Sync traffic would drown everything else; per-request lines only at debug level.
      logController: new LogController({
        disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
      }),
    });
    installRestErrorHandling(app);
    if (config.corsOrigins.length) await app.register(cors, { origin: config.corsOrigins });
    await app.register(healthRoutes, { instanceName: config.instanceName, driver: database.driver, ping: database.ping });
    await app.register(orderRestRoutes, {
      prefix: '/api/orders',
      orders,
      authenticate: (header: string | undefined) => auth.authenticate(header),
    });
    await registerGraphql(app, {
      resolvers: [OrderResolver, OrderLineResolver, AuthResolver],
      services: { orders, auth },
    });

    return {
      config,
      app,
      database,
      orders,
      auth,
      generated: { admin, apiToken },
      listen: () => app.listen({ host: config.host, port: config.port }),
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
