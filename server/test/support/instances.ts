import { createInstance, type Instance, type InstanceOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase, type Driver } from './databases.js';

export const TEST_API_TOKEN = 'test-client-token-0123456789abcdef';
export const TEST_ADMIN = { username: 'admin', password: 'correct-horse-battery' };

export interface TestInstance extends Instance {
  url: string;
  /** fetch against the instance with the client API token. */
  api(path: string, init?: RequestInit & { json?: unknown; token?: string | null }): Promise<Response>;
  /** A GraphQL request; pass token null to send none. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<{ status: number; body: { data?: T; errors?: any[] } }>;
  adminToken(): Promise<string>;
  stop(): Promise<void>;
}

/** Options passed on to createInstance (e.g. `startSync: false` to drive the sync by hand). */
export type TestInstanceOptions = Omit<InstanceOptions, 'logger'>;

/** The environment of a test instance on a database (PGlite in memory without a URL): any free port, the test tokens, no logs. */
export function testInstanceEnv(databaseUrl: string | undefined, env: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    INSTANCE_NAME: 'T',
    HOST: '127.0.0.1',
    PORT: '0',
    API_TOKENS: `tests:${TEST_API_TOKEN}`,
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: 'memory://' }),
    ...env,
  };
}

/** A real instance listening on a free loopback port, with its own fresh database. */
export async function startTestInstance(driver: Driver, env: Record<string, string> = {}, options: TestInstanceOptions = {}): Promise<TestInstance> {
  const database = await createTestDatabase(driver);
  const config = loadConfig(testInstanceEnv(database.url, env));
  const instance = await createInstance(config, { ...options, logger: false });
  const url = await instance.listen();
  let adminToken: string | null = null;

  const api: TestInstance['api'] = (path, init = {}) => {
    const { json, token = TEST_API_TOKEN, headers, ...rest } = init;
    return fetch(`${url}${path}`, {
      ...rest,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(headers as Record<string, string> | undefined),
      },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  };

  const graphql: TestInstance['graphql'] = async (query, variables, token) => {
    const bearer = token === undefined ? await self.adminToken() : token;
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: await res.json() };
  };

  const self: TestInstance = {
    ...instance,
    url,
    api,
    graphql,
    adminToken: async () => {
      if (adminToken) return adminToken;
      const res = await graphql<{ login: { token: string } }>(
        'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
        { u: TEST_ADMIN.username, p: TEST_ADMIN.password },
        null,
      );
      adminToken = res.body.data!.login.token;
      return adminToken;
    },
    stop: async () => {
      await instance.close();
      await database.drop();
    },
  };
  return self;
}

/** A valid order body; override parts with `overrides`. */
export function sampleOrder(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958' },
    shippingAddress: {
      fullName: 'Ada Lovelace',
      line1: '12 St James Square',
      city: 'London',
      postalCode: 'SW1Y 4JH',
      countryCode: 'GB',
    },
    currency: 'GBP',
    lines: [
      { sku: 'BOOK-1', name: 'Notes on the Analytical Engine', quantity: 2, unitPrice: 1999 },
      { sku: 'PEN-7', name: 'Fountain pen', quantity: 1, unitPrice: 4500 },
    ],
    shippingCost: 350,
    ...overrides,
  };
}
