import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { ADMIN, REPO_ROOT, SERVER_DIR, type InstanceName } from './paths.js';

/**
 * Real Orders servers as child processes (`node --import tsx src/main.ts`, cwd server/), the
 * way an operator runs them: configured only through the environment. Modelled on
 * server/test/support/server-process.ts.
 */

// ---- ports ----

/** `n` distinct free loopback ports (all sockets held until every port is known). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.unref();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

// ---- databases ----

/** The PostgreSQL server used when it answers (TEST_POSTGRES_URL overrides, as for the server tests). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type Driver = 'postgres' | 'pglite';

export interface E2eDatabase {
  driver: Driver;
  /** What goes into the server's environment. */
  env: { DATABASE_URL: string } | { DATA_DIR: string };
  /** Where it is, for the report (database name or directory). */
  where: string;
  drop(): Promise<void>;
}

/**
 * Whether the tests use PostgreSQL: yes when a server answers at POSTGRES_ADMIN_URL (and lets us
 * in), no when E2E_DATABASE=pglite asks for PGlite. Without a server a local run falls back to
 * PGlite with a warning, but a CI run (CI set, as .ci/run does) fails: CI must not quietly test
 * the other database.
 */
export async function postgresAvailable(): Promise<boolean> {
  if (process.env.E2E_DATABASE === 'pglite') return false;
  const sql = postgres(POSTGRES_ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch (err) {
    const why = `No PostgreSQL server at ${POSTGRES_ADMIN_URL.replace(/\/\/[^@/]*@/, '//')} (${(err as Error).message})`;
    const ci = process.env.CI?.trim().toLowerCase();
    if (ci && ci !== '0' && ci !== 'false') {
      throw new Error(`${why}. Under CI the end-to-end tests run on PostgreSQL: start it, or set E2E_DATABASE=pglite to choose PGlite.`, {
        cause: err,
      });
    }
    console.warn(`[e2e] ${why}: using PGlite instead.`);
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A uniquely named, empty PostgreSQL database; drop() removes it (with force). */
export async function createPostgresDatabase(label: string): Promise<E2eDatabase> {
  const name = `orders_e2e_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    driver: 'postgres',
    env: { DATABASE_URL: databaseUrl(name) },
    where: `PostgreSQL database ${name}`,
    drop: async () => {
      const sql = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}

/**
 * Drops the databases of earlier runs that never reached their teardown (a runner killed with
 * SIGKILL, or by a closed pipe), once they are older than `maxAgeMs` (the name holds the time).
 * Returns their names.
 */
export async function dropStalePostgresDatabases(maxAgeMs: number): Promise<string[]> {
  const sql = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  const dropped: string[] = [];
  try {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like 'orders_e2e_%'`;
    for (const { datname } of rows) {
      const match = /^orders_e2e_[a-z]+_([0-9a-z]+)_[0-9a-f]+$/.exec(datname);
      const createdAt = match ? parseInt(match[1]!, 36) : NaN;
      if (!Number.isFinite(createdAt) || Date.now() - createdAt < maxAgeMs) continue;
      await sql.unsafe(`drop database if exists "${datname}" with (force)`);
      dropped.push(datname);
    }
  } finally {
    await sql.end();
  }
  return dropped;
}

/** An empty PGlite data directory in the temp dir; drop() deletes it. */
export async function createPgliteDatabase(label: string): Promise<E2eDatabase> {
  const dir = await mkdtemp(join(tmpdir(), `orders-e2e-${label}-`));
  return { driver: 'pglite', env: { DATA_DIR: dir }, where: `PGlite in ${dir}`, drop: () => rm(dir, { recursive: true, force: true }) };
}

// ---- the process ----

export interface ServerOptions {
  name: InstanceName;
  port: number;
  database: E2eDatabase;
  peer: { port: number; token: string; acceptToken: string };
  apiToken: string;
  /** File that receives the process output (appended across restarts). */
  logFile: string;
  startTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
// The runner must not leave servers behind, whatever happens.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ServerProcess {
  readonly url: string;
  readonly env: Record<string, string>;
  private child: ChildProcess | null = null;
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  private log: WriteStream;
  private recent: string[] = [];
  starts = 0;

  constructor(readonly options: ServerOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
    this.log = createWriteStream(options.logFile, { flags: 'a' });
    this.env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      NODE_ENV: 'test',
      INSTANCE_NAME: options.name,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      ...options.database.env,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      API_TOKENS: `e2e:${options.apiToken}`,
      PEER_URL: `http://127.0.0.1:${options.peer.port}/api/orders`,
      PEER_TOKEN: options.peer.token,
      PEER_ACCEPT_TOKEN: options.peer.acceptToken,
      PEER_NAME: options.name === 'A' ? 'B' : 'A',
      SYNC_LONG_POLL_SECONDS: '5',
      LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'info',
    };
  }

  get name(): InstanceName {
    return this.options.name;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private write(text: string): void {
    this.log.write(text);
    this.recent.push(text);
    if (this.recent.length > 200) this.recent.splice(0, this.recent.length - 200);
  }

  /** Spawns the process; resolves once /healthz answers 200. */
  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running (pid ${this.child.pid})`);
    this.recent = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER_DIR,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    live.add(child);
    this.write(`\n==== ${new Date().toISOString()} start #${this.starts} of ${this.name} (pid ${child.pid}) on ${this.url} ====\n`);
    child.stdout.on('data', (chunk: Buffer) => this.write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => this.write(chunk.toString()));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        if (this.child === child) this.child = null;
        this.write(`==== ${new Date().toISOString()} ${this.name} (pid ${child.pid}) exited: code ${code}, signal ${signal} ====\n`);
        resolve({ code, signal });
      });
    });
    let gone: unknown = null;
    void this.exited.then((info) => (gone = info));
    const timeoutMs = this.options.startTimeoutMs ?? 120_000;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (gone) throw new Error(`${this.name} exited during startup (${JSON.stringify(gone)}):\n${this.recent.join('')}`);
      try {
        const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        await res.body?.cancel();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    child.kill('SIGKILL');
    await this.exited;
    throw new Error(`${this.name} did not answer /healthz within ${timeoutMs} ms:\n${this.recent.join('')}`);
  }

  /** SIGTERM and wait for the exit (SIGKILL after timeoutMs). */
  async stop(timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    child.kill('SIGTERM');
    const exited = await Promise.race([this.exited, sleep(timeoutMs).then(() => null)]);
    if (!exited) {
      this.write(`==== ${this.name} did not exit within ${timeoutMs} ms of SIGTERM: SIGKILL ====\n`);
      child.kill('SIGKILL');
      await this.exited;
    }
  }

  async dispose(): Promise<void> {
    await this.stop(15_000).catch(() => {});
    await new Promise<void>((resolve) => this.log.end(() => resolve()));
  }
}

export { REPO_ROOT };
