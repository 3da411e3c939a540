import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RestSettingsInput } from '../../src/integration/rest/rest-settings.js';
import { freePort } from './server-process.js';

/**
 * json-server 0.17 as a real e-shop for the `rest` remote kind: a child process on its own loopback
 * port with its own data file, started through its CLI as a user would. A small middleware (passed
 * with --middlewares) does what every real shop does and json-server does not: it stamps
 * `updated_at` on each write, so "changed since" polling can be tested.
 */

const require = createRequire(import.meta.url);
const CLI = join(require.resolve('json-server/package.json'), '..', 'lib', 'cli', 'bin.js');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The shop's clock: stamps `updated_at` on every write (json-server-stamp.cjs, shared with the other suite). */
const MIDDLEWARE = fileURLToPath(new URL('./json-server-stamp.cjs', import.meta.url));

export interface JsonServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (the resource is /orders). */
  url: string;
  port: number;
  /** The shop's data file. */
  file: string;
  /** The json-server process while it runs (the benchmark reads its CPU time and memory). */
  readonly pid: number | undefined;
  /** The shop's orders as stored (what the shop itself holds, read from its data file). */
  orders(): Promise<Record<string, unknown>[]>;
  /** Direct HTTP to the shop, as another client (the shop's own staff) would. */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Stops the process (the shop goes down); the data file stays for restart(). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) if (child.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
});

export interface JsonServerOptions {
  /** More json-server middlewares (CommonJS files), after the clock: the benchmark's request counter. */
  middlewares?: string[];
  /**
   * Keep the orders in memory only (json-server's source is then a .js file returning the data):
   * with a JSON file, json-server serializes its whole database on every write, a cost that grows
   * with the shop. A restart starts again from `data`.
   */
  inMemory?: boolean;
}

export async function startJsonServer(data: { orders: Record<string, unknown>[] } = { orders: [] }, options: JsonServerOptions = {}): Promise<JsonServer> {
  const dir = await mkdtemp(join(tmpdir(), 'json-server-'));
  const file = join(dir, options.inMemory ? 'db.js' : 'db.json');
  const middlewares = [MIDDLEWARE, ...(options.middlewares ?? [])];
  await writeFile(file, options.inMemory ? `module.exports = () => (${JSON.stringify(data)});\n` : JSON.stringify(data, null, 2));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = '';

  const start = async () => {
    output = '';
    // Its own process group, so stop() ends json-server and anything it spawned, and only those.
    // The data file first: --middlewares takes a list and would swallow it.
    const proc = spawn(process.execPath, [CLI, file, '--port', String(port), '--host', '127.0.0.1', '--quiet', '--middlewares', ...middlewares], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    live.add(proc);
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`json-server exited with ${proc.exitCode}: ${output}`);
      try {
        const res = await fetch(`${url}/orders?_limit=1`);
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`json-server did not answer on ${url}: ${output}`);
      await sleep(100);
    }
  };

  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc?.pid || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => { try { process.kill(-proc.pid!, 'SIGKILL'); } catch { /* gone */ } }, 3000);
    await exited;
    clearTimeout(timer);
    live.delete(proc);
  };

  await start();
  return {
    url,
    port,
    file,
    get pid() {
      return child?.pid;
    },
    async orders() {
      // json-server writes its file after each change; the API is the authority while it runs.
      if (child) return (await (await fetch(`${url}/orders`)).json()) as Record<string, unknown>[];
      if (options.inMemory) throw new Error('an in-memory json-server holds nothing while it is stopped');
      return (JSON.parse(await readFile(file, 'utf8')) as { orders: Record<string, unknown>[] }).orders;
    },
    request(path, init = {}) {
      const { json, ...rest } = init;
      return fetch(`${url}${path}`, {
        ...rest,
        ...(json !== undefined ? { body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...rest.headers } } : {}),
      });
    },
    stop,
    restart: start,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A shop deliberately unlike us: snake_case, nested buyer and address, its own line field names,
 * money as decimal strings, numeric ids it creates itself, its own status words, our id kept in
 * `external_ref`, `_page`/`_limit` paging and `updated_at_gte` as "changed since".
 */
/**
 * The shop's mapping (shop-mapping.json, shared with the e2e suite): snake_case, nested buyer and
 * address, its own line names, money as decimal strings, numeric ids it makes, its own status words.
 */
export const shopMapping = JSON.parse(readFileSync(new URL('./shop-mapping.json', import.meta.url), 'utf8')) as RestSettingsInput;

/** A shop order in the shop's own shape (what its staff would create). */
export function shopOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    order_no: 'WEB-1001',
    state: 'awaiting_payment',
    buyer: { full_name: 'Ada Lovelace', email_address: 'ada@example.com', phone: null },
    ship_to: { name: 'Ada Lovelace', street: '12 Analytical St', street2: null, town: 'London', zip: 'N1 9GU', country: 'GB' },
    currency_code: 'EUR',
    items: [{ product_code: 'BOOK-1', title: 'Notes on the Engine', qty: 2, price: '12.50', tax_class: 'reduced' }],
    shipping_price: '4.90',
    remarks: null,
    updated_at: new Date().toISOString(),
    ...overrides,
  };
}
