import { randomBytes } from 'node:crypto';
import { ADMIN, HARNESS_ENV, type HarnessInfo, type InstanceInfo, type InstanceName } from './paths.js';

/**
 * The test side of the harness: where A and B are, stopping and starting a server (through the
 * control endpoint of the global setup), and the few API calls that setup and teardown may make.
 * The scenarios themselves go through the browser only.
 */

export function harnessInfo(): HarnessInfo {
  const raw = process.env[HARNESS_ENV];
  if (!raw) throw new Error(`${HARNESS_ENV} is not set: run the tests with "npm run test:e2e" (the global setup starts the servers)`);
  return JSON.parse(raw) as HarnessInfo;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Harness {
  constructor(readonly info: HarnessInfo = harnessInfo()) {}

  instance(name: InstanceName): InstanceInfo {
    return this.info.instances[name];
  }

  private async control(path: string, method = 'POST'): Promise<unknown> {
    const res = await fetch(`${this.info.control.url}${path}`, { method, headers: { 'x-e2e-token': this.info.control.token } });
    const body = await res.json();
    if (!res.ok) throw new Error(`harness ${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  /** Stops the server process (SIGTERM; waits for it to exit). */
  stopServer(name: InstanceName): Promise<unknown> {
    return this.control(`/servers/${name}/stop`);
  }

  /** Starts it again, same port and database; resolves once /healthz answers. No-op when running. */
  startServer(name: InstanceName): Promise<unknown> {
    return this.control(`/servers/${name}/start`);
  }

  serverStatus(): Promise<Record<InstanceName, { running: boolean; pid: number | null; starts: number }>> {
    return this.control('/servers', 'GET') as Promise<Record<InstanceName, { running: boolean; pid: number | null; starts: number }>>;
  }

  // ---- API, for setup and teardown only ----

  private sessions: Partial<Record<InstanceName, string>> = {};

  async rest<T = any>(name: InstanceName, path: string, init: { method?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
    const res = await fetch(`${this.instance(name).url}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${this.instance(name).apiToken}`,
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${name}${path}: ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  async graphql<T = any>(name: InstanceName, query: string, variables?: Record<string, unknown>): Promise<T> {
    if (!this.sessions[name]) {
      const login = await this.graphqlAs<{ login: { token: string } }>(
        name,
        null,
        'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
        { u: ADMIN.username, p: ADMIN.password },
      );
      this.sessions[name] = login.login.token;
    }
    try {
      return await this.graphqlAs<T>(name, this.sessions[name], query, variables);
    } catch (err) {
      if (/UNAUTHENTICATED/.test((err as Error).message)) delete this.sessions[name];
      throw err;
    }
  }

  private async graphqlAs<T>(name: InstanceName, token: string | null, query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await fetch(`${this.instance(name).url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length || !body.data) {
      throw new Error(`${name} GraphQL (${res.status}): ${body.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ')}`);
    }
    return body.data;
  }

  /** Creates an order through A's or B's REST API (setup only). */
  createOrder(name: InstanceName, body: Record<string, unknown>): Promise<Order> {
    return this.rest<Order>(name, '/api/orders', { json: body });
  }

  /** The order as the instance holds it, with its sync state (setup/teardown and diagnostics). */
  async orderWithSync(name: InstanceName, id: string): Promise<(Order & { sync: { state: string } }) | null> {
    const data = await this.graphql<{ order: (Order & { sync: { state: string } }) | null }>(
      name,
      'query($id: ID!) { order(id: $id) { id code status version deleted total note sync { state } } }',
      { id },
    );
    return data.order;
  }

  /** Waits until the order is in sync (state OK) on both sides at the same version (setup only). */
  async waitInSync(id: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown = null;
    while (Date.now() < deadline) {
      try {
        const [a, b] = await Promise.all([this.orderWithSync('A', id), this.orderWithSync('B', id)]);
        last = { a, b };
        if (a && b && a.sync.state === 'OK' && b.sync.state === 'OK' && a.version === b.version) return;
      } catch (err) {
        last = (err as Error).message;
      }
      await sleep(250);
    }
    throw new Error(`order ${id} not in sync on A and B after ${timeoutMs} ms: ${JSON.stringify(last)}`);
  }

  /** Resumes the sync on an instance (teardown: never leave a paused instance behind). */
  async resumeSync(name: InstanceName): Promise<void> {
    await this.graphql(name, 'mutation { resumeSync { state } }');
  }

  /** Pauses the sync on an instance (setup). */
  async pauseSync(name: InstanceName): Promise<void> {
    await this.graphql(name, 'mutation { pauseSync { state } }');
  }

  /**
   * Setup of a collision through the APIs: an order in sync, the sync paused on both sides, the
   * order changed differently on each (`changesA`, `changesB`: REST PUT bodies), the sync resumed;
   * resolves once A holds it in COLLISION. Returns the order as created.
   */
  async makeCollision(customer: string, changesA: Record<string, unknown>, changesB: Record<string, unknown>, timeoutMs = 90_000): Promise<Order> {
    const order = await this.createOrder('A', orderBody(customer));
    await this.waitInSync(order.id);
    await Promise.all([this.pauseSync('A'), this.pauseSync('B')]);
    try {
      await this.rest('A', `/api/orders/${order.id}`, { method: 'PUT', json: { version: order.version, ...changesA } });
      await this.rest('B', `/api/orders/${order.id}`, { method: 'PUT', json: { version: order.version, ...changesB } });
    } finally {
      await Promise.all([this.resumeSync('A'), this.resumeSync('B')]);
    }
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [a, b] = await Promise.all([this.orderWithSync('A', order.id), this.orderWithSync('B', order.id)]);
      if (a?.sync.state === 'COLLISION' && b?.sync.state === 'COLLISION') return order;
      await sleep(250);
    }
    throw new Error(`order ${order.code} did not reach COLLISION on both sides within ${timeoutMs} ms`);
  }

  async syncRunState(name: InstanceName): Promise<string> {
    const data = await this.graphql<{ syncStatus: { state: string } }>(name, '{ syncStatus { state } }');
    return data.syncStatus.state;
  }
}

export interface Order {
  id: string;
  code: string;
  status: string;
  version: number;
  deleted: boolean;
  total: number;
  note: string | null;
}

/** A short random tag that makes the orders of one test run findable with the Search filter. */
export const uniqueTag = (prefix: string) => `${prefix}${randomBytes(3).toString('hex')}`;

/** A valid order for the REST API (money in minor units). */
export function orderBody(customerName: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customer: { name: customerName, email: 'e2e@example.com' },
    shippingAddress: { fullName: customerName, line1: '1 Test Street', city: 'Testville', postalCode: '12345', countryCode: 'GB' },
    currency: 'EUR',
    lines: [
      { sku: 'SKU-1', name: 'Widget', quantity: 2, unitPrice: 1250 },
      { sku: 'SKU-2', name: 'Gadget', quantity: 1, unitPrice: 999 },
    ],
    shippingCost: 500,
    note: 'created by the e2e setup',
    ...overrides,
  };
}
