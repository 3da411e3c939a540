import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { ensureAdminBuilt } from './admin-build.js';
import { HARNESS_ENV, RESULTS_DIR, type HarnessInfo, type InstanceName } from './paths.js';
import {
  createPgliteDatabase,
  createPostgresDatabase,
  dropStalePostgresDatabases,
  freePorts,
  postgresAvailable,
  ServerProcess,
  type E2eDatabase,
} from './servers.js';

/**
 * Global setup (runs once, in the Playwright runner process):
 *  1. builds the admin when admin/dist is missing or older than admin/src;
 *  2. makes two empty databases: PostgreSQL when a server answers at 127.0.0.1:5432, else PGlite
 *     (under CI a missing PostgreSQL fails the run instead);
 *  3. starts A and B as real server processes on free ports, wired to each other;
 *  4. opens a small control endpoint through which a test can stop and start a server (the
 *     processes belong to this process, which outlives the test workers);
 *  5. hands the URLs to the tests in E2E_HARNESS (and test-results/harness.json).
 * global-teardown.ts undoes all of it.
 */

export interface HarnessState {
  servers: Record<InstanceName, ServerProcess>;
  databases: E2eDatabase[];
  control: Server | null;
}

const STATE_KEY = Symbol.for('orders-sync.e2e.harness');
export const harnessState = (): HarnessState | undefined => (globalThis as Record<symbol, HarnessState | undefined>)[STATE_KEY];

const token = () => randomBytes(24).toString('base64url');

export default async function globalSetup(_config: FullConfig): Promise<void> {
  const t0 = Date.now();
  // First, so that a CI run without its PostgreSQL fails at once.
  const usePostgres = await postgresAvailable();
  ensureAdminBuilt();

  const state: HarnessState = { servers: {} as HarnessState['servers'], databases: [], control: null };
  (globalThis as Record<symbol, HarnessState>)[STATE_KEY] = state;

  if (usePostgres) {
    const stale = await dropStalePostgresDatabases(6 * 3_600_000);
    if (stale.length) console.log(`[e2e] dropped ${stale.length} database(s) left by interrupted runs: ${stale.join(', ')}`);
  }
  for (const label of ['a', 'b']) {
    state.databases.push(usePostgres ? await createPostgresDatabase(label) : await createPgliteDatabase(label));
  }
  const [dbA, dbB] = state.databases as [E2eDatabase, E2eDatabase];

  const logsDir = join(RESULTS_DIR, 'servers');
  mkdirSync(logsDir, { recursive: true });
  const [portA, portB] = (await freePorts(2)) as [number, number];
  const aToB = token(); // what A sends, B accepts
  const bToA = token(); // what B sends, A accepts
  const apiTokenA = token();
  const apiTokenB = token();
  state.servers.A = new ServerProcess({
    name: 'A',
    port: portA,
    database: dbA,
    peer: { port: portB, token: aToB, acceptToken: bToA },
    apiToken: apiTokenA,
    logFile: join(logsDir, 'A.log'),
  });
  state.servers.B = new ServerProcess({
    name: 'B',
    port: portB,
    database: dbB,
    peer: { port: portA, token: bToA, acceptToken: aToB },
    apiToken: apiTokenB,
    logFile: join(logsDir, 'B.log'),
  });
  await Promise.all([state.servers.A.start(), state.servers.B.start()]);

  const control = await startControl(state.servers);
  state.control = control.server;

  const info: HarnessInfo = {
    driver: usePostgres ? 'postgres' : 'pglite',
    instances: {
      A: { name: 'A', url: state.servers.A.url, apiToken: apiTokenA, database: dbA.where, logFile: join(logsDir, 'A.log') },
      B: { name: 'B', url: state.servers.B.url, apiToken: apiTokenB, database: dbB.where, logFile: join(logsDir, 'B.log') },
    },
    control: { url: control.url, token: control.token },
  };
  process.env[HARNESS_ENV] = JSON.stringify(info);
  writeFileSync(join(RESULTS_DIR, 'harness.json'), `${JSON.stringify(info, null, 2)}\n`);
  console.log(
    `[e2e] A ${info.instances.A.url} (${dbA.where}), B ${info.instances.B.url} (${dbB.where}); ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/**
 * POST /servers/<A|B>/stop and /servers/<A|B>/start (header x-e2e-token): stop (SIGTERM, wait for
 * the exit) or start again (same port, same database; waits for /healthz). GET /servers: state.
 */
async function startControl(servers: Record<InstanceName, ServerProcess>): Promise<{ server: Server; url: string; token: string }> {
  const secret = token();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      if (req.headers['x-e2e-token'] !== secret) return reply(401, { error: 'bad token' });
      const url = new URL(req.url ?? '/', 'http://control');
      const status = () =>
        Object.fromEntries(Object.values(servers).map((s) => [s.name, { running: s.running, pid: s.pid ?? null, url: s.url, starts: s.starts }]));
      if (req.method === 'GET' && url.pathname === '/servers') return reply(200, status());
      const match = /^\/servers\/(A|B)\/(stop|start)$/.exec(url.pathname);
      if (req.method !== 'POST' || !match) return reply(404, { error: 'no such route' });
      const target = servers[match[1] as InstanceName];
      try {
        if (match[2] === 'stop') await target.stop();
        else if (!target.running) await target.start();
        reply(200, status());
      } catch (err) {
        reply(500, { error: (err as Error).message });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: secret };
}
