import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './servers.js';
import { SERVER_DIR } from './paths.js';

/**
 * json-server 0.17 (the server workspace's test dependency) as a real e-shop for a `rest` remote:
 * a child process on its own loopback port with its own data file, started through its CLI, in its
 * own process group so that stop() ends it and only it. A middleware stamps `updated_at` on each
 * write, as a shop does, for the mapping's "changed since" polling. Modelled on
 * server/test/support/json-server.ts, whose mapping file it shares.
 */

const require = createRequire(join(SERVER_DIR, 'package.json'));
const CLI = join(require.resolve('json-server/package.json'), '..', 'lib', 'cli', 'bin.js');

/** The shop's clock: stamps `updated_at` on every write (json-server-stamp.cjs, shared with the other suite). */
const MIDDLEWARE = join(SERVER_DIR, 'test', 'support', 'json-server-stamp.cjs');

/** The shop's mapping, shared with the server's tests: snake_case fields, decimal-string money, numeric ids it makes itself, its own status words. */
export const SHOP_MAPPING = JSON.parse(readFileSync(join(SERVER_DIR, 'test', 'support', 'shop-mapping.json'), 'utf8')) as { paths: Record<string, string> } & Record<string, unknown>;

export interface JsonServer {
  url: string;
  orders(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startJsonServer(): Promise<JsonServer> {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-json-server-'));
  const file = join(dir, 'db.json');
  const middleware = MIDDLEWARE;
  await writeFile(file, JSON.stringify({ orders: [] }));
  const [port] = (await freePorts(1)) as [number];
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [CLI, file, '--port', String(port), '--host', '127.0.0.1', '--quiet', '--middlewares', middleware], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Gone already.
    }
  };
  const onExit = () => kill('SIGKILL');
  process.once('exit', onExit);
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`json-server exited with ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(`${url}/orders?_limit=1`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      kill('SIGKILL');
      throw new Error(`json-server did not answer on ${url}: ${output}`);
    }
    await sleep(100);
  }
  return {
    url,
    orders: async () => (await (await fetch(`${url}/orders`)).json()) as Record<string, unknown>[],
    async close() {
      process.off('exit', onExit);
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        kill('SIGTERM');
        const timer = setTimeout(() => kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
