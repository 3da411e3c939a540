import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from './databases.js';
import { createPostgresDatabase } from './postgres-databases.js';

/**
 * Real servers as child processes (`node --import tsx src/main.ts`), configured only through the
 * environment, as an operator would run them: for tests that need SIGTERM, SIGKILL and restarts.
 *
 * Ports must be known before start (each side's PEER_URL names the other's port): allocate them
 * with freePorts() first, then start the processes.
 */

export const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

export const PROCESS_API_TOKEN = 'process-client-token-0123456789abcdef';
export const PROCESS_ADMIN = { username: 'admin', password: 'correct-horse-battery' };
/** The scraper's token: /metrics is not open to anyone. */
export const PROCESS_METRICS_TOKEN = 'process-metrics-token-0123456789abcdef';
/** The token B sends to A (A accepts it as its peer). */
export const PEER_TOKEN_B_TO_A = 'proc-peer-token-b-to-a-0123456789abcdef';
/** The token A sends to B (B accepts it as its peer). */
export const PEER_TOKEN_A_TO_B = 'proc-peer-token-a-to-b-0123456789abcdef';

// ---- ports and databases ----

/** One free loopback port, not handed out before by this worker. */
export function freePort(): Promise<number> {
  return freePorts(1).then(([p]) => p!);
}

/**
 * Where this vitest worker takes its ports. Two workers that ask the OS for a free port at once
 * may both be given the same one (each closes its probe socket before its server binds it): one
 * server then fails to listen while the other answers its /healthz, and its tests talk to the
 * wrong server until that one stops (CI saw ECONNREFUSED on a server that had "started"). So each
 * worker (VITEST_POOL_ID, 1..maxWorkers) has a block of ports of its own, below the OS's ephemeral
 * range (32768-60999 here), which outgoing connections never take either. Outside vitest (the
 * benchmark, the e2e harness) the OS picks.
 */
const PORT_BLOCK_START = 20_000;
const PORT_BLOCK_SIZE = 1_000;
const poolId = Number(process.env.VITEST_POOL_ID);
const portBlock = Number.isInteger(poolId) && poolId >= 1 && poolId <= 12 ? PORT_BLOCK_START + (poolId - 1) * PORT_BLOCK_SIZE : null;
// A random start: a file run in a fresh process of the same worker does not reach for the ports the
// file before it has just released.
let nextInBlock = Math.floor(Math.random() * PORT_BLOCK_SIZE);

/** A listening probe on `port` (0: the OS picks), or null when the port is taken. */
function probe(port: number): Promise<import('node:net').Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => (port !== 0 && (err.code === 'EADDRINUSE' || err.code === 'EACCES') ? resolve(null) : reject(err)));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** The next port of this worker's block that nothing listens on, held by a probe. */
async function probeInBlock(block: number): Promise<import('node:net').Server> {
  for (let tries = 0; tries < PORT_BLOCK_SIZE; tries++) {
    const port = block + (nextInBlock++ % PORT_BLOCK_SIZE);
    const server = await probe(port);
    if (server) return server;
  }
  throw new Error(`no free port in ${block}-${block + PORT_BLOCK_SIZE - 1}`);
}

/** `n` distinct free ports: all probes are held open until every port is known, so none repeats. */
export async function freePorts(n: number): Promise<number[]> {
  const servers: import('node:net').Server[] = [];
  for (let i = 0; i < n; i++) servers.push(portBlock === null ? (await probe(0))! : await probeInBlock(portBlock));
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

/** The database part of a server's environment, and how to throw it away afterwards. */
export interface ServerDatabase {
  driver: Driver;
  env: { DATABASE_URL: string } | { DATA_DIR: string };
  /** PostgreSQL only: the connection URL (for direct checks). */
  url?: string;
  drop(): Promise<void>;
}

/** A fresh database for a server process: a uniquely named PostgreSQL database, or an empty PGlite data directory. */
export async function createServerDatabase(driver: Driver): Promise<ServerDatabase> {
  if (driver === 'postgres') {
    const database = await createPostgresDatabase();
    return { driver, env: { DATABASE_URL: database.url }, url: database.url, drop: () => database.drop() };
  }
  const dir = await mkdtemp(join(tmpdir(), 'orders-pglite-'));
  return { driver, env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
}

// ---- the process ----

export interface ServerProcessOptions {
  /** INSTANCE_NAME (also the order code prefix unless env says otherwise). */
  name: string;
  port: number;
  database: ServerDatabase | ServerDatabase['env'];
  /** The other instance: its base URL (http://127.0.0.1:port), the token we send it, the token we accept from it. */
  peer?: { baseUrl: string; token: string; acceptToken: string };
  /** Extra or overriding variables. */
  env?: Record<string, string>;
  /** How long to wait for /healthz (the first PGlite start creates the database: slow on a busy machine). */
  startTimeoutMs?: number;
  /** The node arguments that run the server, from server/ (default: the sources through tsx). */
  nodeArgs?: string[];
  /** Opens an IPC channel to the process (for a preload that answers messages, as the benchmark's). */
  ipc?: boolean;
  /**
   * A line the process prints once it listens (default: main.ts's "listening on <url>"; null for a
   * process that prints none). /healthz alone is not proof: another test's server that took the
   * port first answers it too, while this one fails to listen and exits.
   */
  readyLine?: string | null;
}

/** How `npm start` runs a server: the TypeScript sources through tsx. */
export const SOURCE_NODE_ARGS = ['--import', 'tsx', 'src/main.ts'];

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const live = new Set<ChildProcess>();
// A test worker that dies must not leave servers behind.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type ApiInit = RequestInit & { json?: unknown; token?: string | null };

export class ServerProcess {
  readonly url: string;
  readonly env: Record<string, string>;
  private child: ChildProcess | null = null;
  private exited: Promise<ExitInfo> | null = null;
  private adminSession: string | null = null;
  /** Set by stop() and kill(): an exit that follows is expected. */
  private stopping = false;
  /** An exit nobody asked for (a crash), so a request that finds the port closed says so. */
  private crashed: ExitInfo | null = null;
  /** The last lines the process wrote (stdout and stderr), for failure messages. */
  private output: string[] = [];
  /** Every start of this server (1 after the first). */
  starts = 0;

  constructor(readonly options: ServerProcessOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
    const database = 'env' in options.database ? options.database.env : options.database;
    this.env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      NODE_ENV: 'test',
      INSTANCE_NAME: options.name,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      ...database,
      ADMIN_USERNAME: PROCESS_ADMIN.username,
      ADMIN_PASSWORD: PROCESS_ADMIN.password,
      API_TOKENS: `tests:${PROCESS_API_TOKEN}`,
      METRICS_TOKEN: PROCESS_METRICS_TOKEN,
      LOG_LEVEL: 'warn',
      SYNC_LONG_POLL_SECONDS: '2',
      ...(options.peer
        ? {
            PEER_URL: `${options.peer.baseUrl}/api/orders`,
            PEER_TOKEN: options.peer.token,
            PEER_ACCEPT_TOKEN: options.peer.acceptToken,
          }
        : {}),
      ...options.env,
    };
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** The running process (null when stopped): for IPC with `ipc: true`. */
  get process(): ChildProcess | null {
    return this.child;
  }

  /** The recent output of the process (for diagnostics). */
  logs(): string {
    return this.output.join('');
  }

  /** Spawns the process and resolves once /healthz answers 200. */
  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running (pid ${this.child.pid})`);
    this.adminSession = null;
    this.output = [];
    this.stopping = false;
    this.crashed = null;
    const child = spawn(process.execPath, this.options.nodeArgs ?? SOURCE_NODE_ARGS, {
      cwd: SERVER_DIR,
      env: this.env,
      stdio: this.options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    live.add(child);
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      if (process.env.SERVER_LOGS) process.stderr.write(`[${this.name}:${child.pid}] ${text}`);
      this.output.push(text);
      if (this.output.length > 300) this.output.splice(0, this.output.length - 300);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise<ExitInfo>((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        if (this.child === child) this.child = null;
        if (!this.stopping) this.crashed = { code, signal };
        resolve({ code, signal });
      });
    });

    const exited = this.exited;
    let gone: ExitInfo | null = null;
    void exited.then((info) => (gone = info));
    const readyLine = this.options.readyLine === undefined ? `listening on ${this.url}` : this.options.readyLine;
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 90_000);
    while (Date.now() < deadline) {
      if (gone) {
        throw new Error(`${this.name} exited during startup (${JSON.stringify(gone)}):\n${this.logs()}`);
      }
      try {
        const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200 && (readyLine === null || this.logs().includes(readyLine))) {
          await res.body?.cancel();
          return;
        }
        await res.body?.cancel();
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${this.name} did not answer /healthz within ${this.options.startTimeoutMs ?? 90_000} ms:\n${this.logs()}`);
  }

  /** SIGTERM (graceful shutdown) and wait for the exit; SIGKILL after `timeoutMs` and fail. */
  async stop(timeoutMs = 30_000): Promise<ExitInfo> {
    const child = this.child;
    if (!child || !this.exited) throw new Error(`${this.name} is not running`);
    this.stopping = true;
    child.kill('SIGTERM');
    const exited = this.exited;
    const result = await Promise.race([exited, sleep(timeoutMs).then(() => null)]);
    if (!result) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${this.name} did not exit within ${timeoutMs} ms of SIGTERM:\n${this.logs()}`);
    }
    return result;
  }

  /** SIGKILL: no shutdown at all, as a crash or `kill -9`; resolves once the process is gone. */
  async kill(): Promise<ExitInfo> {
    const child = this.child;
    if (!child || !this.exited) throw new Error(`${this.name} is not running`);
    this.stopping = true;
    child.kill('SIGKILL');
    return this.exited;
  }

  /** Stops (SIGTERM) if running, then starts again with the same environment, port and database. */
  async restart(): Promise<void> {
    if (this.child) await this.stop();
    await this.start();
  }

  /** Stops the process if it still runs (for afterAll); SIGKILL if it does not go quietly. */
  async dispose(): Promise<void> {
    if (!this.child) return;
    try {
      await this.stop(10_000);
    } catch {
      // already killed by stop()
    }
  }

  // ---- HTTP ----

  /** fetch that, when the server has crashed, says so with its last output (not a bare ECONNREFUSED). */
  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (!this.crashed) throw err;
      throw new Error(`${this.name} (port ${this.options.port}) exited unexpectedly (${JSON.stringify(this.crashed)}); its last output:\n${this.logs()}`, { cause: err });
    }
  }

  /** fetch against the server with the client API token (token: null sends none). */
  api(path: string, init: ApiInit = {}): Promise<Response> {
    const { json, token = PROCESS_API_TOKEN, headers, ...rest } = init;
    return this.request(`${this.url}${path}`, {
      ...rest,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(headers as Record<string, string> | undefined),
      },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  }

  /** A REST call that must answer `expected`; returns the JSON body. */
  async apiJson<T = any>(path: string, init: ApiInit = {}, expected: number | number[] = [200, 201]): Promise<T> {
    const res = await this.api(path, init);
    const text = await res.text();
    const ok = Array.isArray(expected) ? expected.includes(res.status) : res.status === expected;
    if (!ok) throw new Error(`${init.method ?? 'GET'} ${this.name}${path}: ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  /** The admin session token (GraphQL login), cached until the next start. */
  async adminToken(): Promise<string> {
    if (this.adminSession) return this.adminSession;
    const res = await this.graphqlRaw<{ login: { token: string } }>(
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: PROCESS_ADMIN.username, p: PROCESS_ADMIN.password },
      null,
    );
    if (!res.body.data?.login) throw new Error(`${this.name}: admin login failed: ${JSON.stringify(res.body.errors)}`);
    this.adminSession = res.body.data.login.token;
    return this.adminSession;
  }

  /** A GraphQL request as the admin (token: null sends none); the raw status and body. */
  async graphqlRaw<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<{ status: number; body: { data?: T; errors?: any[] } }> {
    const bearer = token === undefined ? await this.adminToken() : token;
    const res = await this.request(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as { data?: T; errors?: any[] } };
  }

  /** A GraphQL request as the admin that must succeed; returns `data`. */
  async graphql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await this.graphqlRaw<T>(query, variables);
    if (res.body.errors?.length || !res.body.data) {
      throw new Error(`${this.name} GraphQL failed (${res.status}): ${JSON.stringify(res.body.errors)}\nquery: ${query}`);
    }
    return res.body.data;
  }

  /** GET /metrics, summed per metric name over all label sets. */
  async metrics(): Promise<Record<string, number>> {
    const res = await this.request(`${this.url}/metrics`, { headers: { authorization: `Bearer ${PROCESS_METRICS_TOKEN}` } });
    if (res.status !== 200) throw new Error(`${this.name} /metrics: ${res.status}`);
    return parseMetrics(await res.text());
  }
}

/** Prometheus text format → sum of the samples of each metric name. */
export function parseMetrics(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    out[match[1]!] = (out[match[1]!] ?? 0) + Number(match[3]);
  }
  return out;
}

/** Creates the process object and starts it. */
export async function startServer(options: ServerProcessOptions): Promise<ServerProcess> {
  const server = new ServerProcess(options);
  await server.start();
  return server;
}

/**
 * Two instances, A and B, pointing at each other (not started): ports allocated first, so each
 * side's PEER_URL can name the other's.
 */
export async function pairOfServers(databases: { a: ServerDatabase; b: ServerDatabase }, env: Record<string, string> = {}): Promise<{ a: ServerProcess; b: ServerProcess }> {
  const [portA, portB] = await freePorts(2);
  const a = new ServerProcess({
    name: 'A',
    port: portA!,
    database: databases.a,
    peer: { baseUrl: `http://127.0.0.1:${portB}`, token: PEER_TOKEN_A_TO_B, acceptToken: PEER_TOKEN_B_TO_A },
    env,
  });
  const b = new ServerProcess({
    name: 'B',
    port: portB!,
    database: databases.b,
    peer: { baseUrl: `http://127.0.0.1:${portA}`, token: PEER_TOKEN_B_TO_A, acceptToken: PEER_TOKEN_A_TO_B },
    env,
  });
  return { a, b };
}

// ---- polling ----

/**
 * Calls `probe` every `intervalMs` until it returns a value other than undefined/false, and
 * returns it; fails after `timeoutMs` with `describe()` (the last state) in the message.
 * Errors thrown by the probe (a server restarting) count as "not yet".
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs: number; intervalMs?: number; what: string; describe?: () => unknown },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let value: T | undefined | false;
    let lastError: unknown = null;
    try {
      value = await probe();
    } catch (err) {
      lastError = err;
    }
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) {
      const detail = options.describe ? `\nlast state: ${JSON.stringify(options.describe())}` : '';
      const error = lastError ? `\nlast error: ${(lastError as Error).message}` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${detail}${error}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

// ---- orders ----

/** A valid order body; override parts with `overrides`. */
export function orderBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    customer: { name: 'Grace Hopper', email: 'grace@example.com', phone: '+1 555 0100' },
    shippingAddress: { fullName: 'Grace Hopper', line1: '1 Navy Yard', city: 'Arlington', postalCode: '22202', countryCode: 'US' },
    currency: 'USD',
    lines: [
      { sku: 'COBOL-1', name: 'Compiler manual', quantity: 1, unitPrice: 2599 },
      { sku: 'BUG-9', name: 'Moth (framed)', quantity: 3, unitPrice: 150 },
    ],
    shippingCost: 400,
    ...overrides,
  };
}

/** Every order (tombstones included) as REST JSON, by id, read from the change feed with the client token. */
export async function allOrders(server: ServerProcess): Promise<Map<string, any>> {
  // Through the list, not the change feed: on PostgreSQL the feed holds the newest rows back while
  // any older transaction on the server is open, so it cannot tell what is committed right now.
  const out = new Map<string, any>();
  for (let page = 1; ; page++) {
    const { orders } = await server.graphql<{ orders: { items: any[]; total: number } }>(
      `query($page: Int!) { orders(filter: { includeDeleted: true }, sort: { field: code, order: ASC }, page: $page, perPage: 500) {
        total items { ${ORDER_JSON_FIELDS} } } }`,
      { page },
    );
    for (const o of orders.items) out.set(o.id, o);
    if (orders.items.length < 500) break;
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Every field of an order, as GraphQL gives it (the same names as the REST JSON). */
const ORDER_JSON_FIELDS = `id code status currency shippingCost subtotal total note createdAt updatedAt version deleted
  customer { name email phone } shippingAddress { fullName line1 line2 city postalCode countryCode } lines { sku name quantity unitPrice }`;

/** POSTs `count` orders, `concurrency` requests at a time; returns the created orders (REST JSON). */
export async function createOrders(server: ServerProcess, count: number, concurrency = 50, body: (i: number) => Record<string, unknown> = (i) => orderBody({ note: `bulk ${i}` })): Promise<any[]> {
  const created: any[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      created[i] = await server.apiJson('/api/orders', { method: 'POST', json: body(i) }, 201);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return created;
}
