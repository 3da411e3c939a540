import { createServer } from 'node:net';
import { AutoIncrementIdStrategy, mergeConfig } from '@vendure/core';
import { createTestEnvironment, registerInitializer, testConfig, type SimpleGraphQLClient } from '@vendure/testing';
import { OrdersSyncPlugin, type OrdersSyncPluginOptions } from '../../src/index.js';
import { createCatalog, initialData } from './catalog.js';
import { dropDatabase, postgresTarget, uniqueDatabaseName } from './postgres-admin.js';
import { instantPaymentHandler } from './test-payment-handler.js';
import { UniquePostgresInitializer } from './unique-postgres-initializer.js';

registerInitializer('postgres', new UniquePostgresInitializer());

/** The fixed administrator of every test shop (Vendure's superadmin). */
export const SUPERADMIN = { username: 'superadmin', password: 'superadmin-test-password' } as const;

export interface StartOptions {
  /** The plugin's options; `false` starts a stock Vendure without the plugin. */
  plugin?: OrdersSyncPluginOptions | false;
}

export interface TestShop {
  adminApiUrl: string;
  shopApiUrl: string;
  databaseName: string;
  /** Variant id of each catalog SKU. */
  variantIds: Map<string, string>;
  /** Logged in as the superadmin; for setting up and inspecting, not for the code under test. */
  adminClient: SimpleGraphQLClient;
  /** An anonymous Shop API session, e.g. to place an order as a customer would. */
  shopClient: SimpleGraphQLClient;
  /** How long the start took, in ms. */
  startedInMs: number;
  /** Stops the server and drops its database; safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server only, keeping its database: the shop is down until `resume`. */
  halt(): Promise<void>;
  /** Starts the halted server again on the same port and database (nothing populated again). */
  resume(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A real Vendure server (through @vendure/testing) on the local PostgreSQL, in a database of its own,
 * with the plugin, a small EUR catalog, two shipping methods, a payment method that settles at once,
 * German VAT, and the fixed superadmin login.
 */
export async function startTestShop(options: StartOptions = {}): Promise<TestShop> {
  const started = Date.now();
  const port = await freePort();
  const databaseName = uniqueDatabaseName('vendure_test');
  const pg = postgresTarget();
  const config = mergeConfig(testConfig, {
    apiOptions: { port, hostname: '127.0.0.1' },
    authOptions: {
      // A real shop must allow 'bearer' (and 'api-key' for API keys) for the sync to log in.
      tokenMethod: ['bearer', 'api-key'],
      superadminCredentials: { identifier: SUPERADMIN.username, password: SUPERADMIN.password },
    },
    // Plain numeric ids, as in a real shop (testConfig's default prefixes them with "T_").
    entityOptions: { entityIdStrategy: new AutoIncrementIdStrategy() },
    dbConnectionOptions: {
      type: 'postgres',
      host: pg.host,
      port: pg.port,
      username: pg.username,
      password: pg.password,
      database: databaseName,
      synchronize: true,
      logging: false,
    },
    paymentOptions: { paymentMethodHandlers: [instantPaymentHandler] },
    plugins: options.plugin === false ? [] : [OrdersSyncPlugin.init(options.plugin ?? {})],
  });
  const { server, adminClient, shopClient } = createTestEnvironment(config);
  let stopped = false;
  let halted = false;
  const halt = async (): Promise<void> => {
    if (halted || stopped) return;
    halted = true;
    await server.destroy();
  };
  const resume = async (): Promise<void> => {
    if (!halted || stopped) return;
    // TestServer.bootstrap starts the app on the configured port without populating again.
    await server.bootstrap();
    halted = false;
  };
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      if (!halted) await server.destroy();
    } finally {
      await dropDatabase(databaseName);
    }
  };
  try {
    await server.init({ initialData, customerCount: 0 });
    await adminClient.asSuperAdmin();
    const variantIds = await createCatalog(adminClient);
    const base = `http://127.0.0.1:${port}`;
    return {
      adminApiUrl: `${base}/${config.apiOptions.adminApiPath}`,
      shopApiUrl: `${base}/${config.apiOptions.shopApiPath}`,
      databaseName,
      variantIds,
      adminClient,
      shopClient,
      startedInMs: Date.now() - started,
      stop,
      halt,
      resume,
    };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
