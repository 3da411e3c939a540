import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  freePorts,
  PEER_TOKEN_A_TO_B,
  PEER_TOKEN_B_TO_A,
  SERVER_DIR,
  ServerProcess,
} from '../test/support/server-process.js';
import { createDatabase, dropDatabase, type BenchDatabase, type PostgresBenchDatabase } from './databases.js';
import { DEFAULT_LONG_POLL_SECONDS } from '../src/integration/long-poll-wait.js';

/**
 * The processes under test. Each server is a process of its own, configured through the
 * environment only, as in production: the compiled server (`node dist/main.js`, what the Docker
 * image runs), with a preload that counts the requests it receives.
 */

const REQUEST_COUNTER = pathToFileURL(fileURLToPath(new URL('./request-counter.mjs', import.meta.url))).href;
const BASELINE_SERVER = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));

/**
 * Production settings; ServerProcess adds the instance, port, database, credentials and peer. The
 * long poll is the product's default (ServerProcess's own is the tests' 2 s).
 */
const PRODUCTION_ENV = { NODE_ENV: 'production', LOG_LEVEL: 'info', SYNC_LONG_POLL_SECONDS: String(DEFAULT_LONG_POLL_SECONDS) };

/** The heap limit the Docker image runs the server with (its CMD). */
export const PRODUCTION_HEAP_LIMIT = '--max-old-space-size=320';
/** The young generation the Docker image gives a server on PGlite (its CMD; see the Dockerfile). */
const PGLITE_YOUNG_GENERATION = '--max-semi-space-size=8';

let cpuProfileDir: string | null = null;
let serial = 0;
const started = new Set<ServerProcess>();

/** Every server started from now on writes a V8 CPU profile into a directory of its own under `dir`. */
export function profileServersInto(dir: string | null): void {
  cpuProfileDir = dir;
}

function nodeArgs(label: string, script: string[]): string[] {
  if (!cpuProfileDir) return script;
  const dir = join(cpuProfileDir, `${String(++serial).padStart(2, '0')}-${label}`);
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...script];
}

/** Newest modification time under a path. */
function newest(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

/** Builds server/dist (npm run build) when it is missing or older than the sources. */
export function ensureServerBuilt(): void {
  const built = newest(join(SERVER_DIR, 'dist', 'main.js'));
  if (built && built >= newest(join(SERVER_DIR, 'src'))) return;
  console.log('Building the server (npm run build -w server): dist is missing or older than src');
  const result = spawnSync('npm', ['run', 'build'], { cwd: SERVER_DIR, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the server build failed');
}

export interface PeerSettings {
  baseUrl: string;
  token: string;
  acceptToken: string;
}

function productServer(label: string, name: string, port: number, database: BenchDatabase, peer?: PeerSettings, env: Record<string, string> = {}): ServerProcess {
  const server = new ServerProcess({
    name,
    port,
    database: database.env,
    peer,
    env: { ...PRODUCTION_ENV, ...env },
    nodeArgs: nodeArgs(`${label}-${name}`, [PRODUCTION_HEAP_LIMIT, ...(database.driver === 'pglite' ? [PGLITE_YOUNG_GENERATION] : []), '--import', REQUEST_COUNTER, 'dist/main.js']),
    ipc: true,
    startTimeoutMs: 120_000,
  });
  started.add(server);
  return server;
}

/** One instance without a peer (sync off unless `env` declares remotes, e.g. REMOTES_FILE), started. */
export async function startSolo(label: string, database: BenchDatabase, env: Record<string, string> = {}): Promise<ServerProcess> {
  const [port] = await freePorts(1);
  const server = productServer(label, 'A', port!, database, undefined, env);
  await server.start();
  return server;
}

export interface Pair {
  a: ServerProcess;
  b: ServerProcess;
  databases: { a: BenchDatabase; b: BenchDatabase };
}

/** A and B, each with its own database, wired to each other as `npm start` does, both started. */
export async function startPair(label: string, databases: { a: BenchDatabase; b: BenchDatabase }, env: Record<string, string> = {}): Promise<Pair> {
  const [portA, portB] = await freePorts(2);
  const base = (port: number) => `http://127.0.0.1:${port}`;
  const a = productServer(label, 'A', portA!, databases.a, { baseUrl: base(portB!), token: PEER_TOKEN_A_TO_B, acceptToken: PEER_TOKEN_B_TO_A }, env);
  const b = productServer(label, 'B', portB!, databases.b, { baseUrl: base(portA!), token: PEER_TOKEN_B_TO_A, acceptToken: PEER_TOKEN_A_TO_B }, env);
  await Promise.all([a.start(), b.start()]);
  return { a, b, databases };
}

/** Runs `run` on a pair started on two fresh databases; stops it and drops them afterwards. */
export async function onFreshPair<T>(label: string, driver: 'postgres' | 'pglite', run: (pair: Pair) => Promise<T>): Promise<T> {
  const fresh = () => (driver === 'postgres' ? createDatabase('postgres') : createDatabase('pglite'));
  const databases = { a: await fresh(), b: await fresh() };
  let pair: Pair | null = null;
  try {
    pair = await startPair(label, databases);
    return await run(pair);
  } finally {
    if (pair) await stopServers(pair.a, pair.b);
    await Promise.all([dropDatabase(databases.a), dropDatabase(databases.b)]);
  }
}

/** The bare Fastify + postgres.js server (baseline-server.ts) on a database, started. */
export async function startBaseline(label: string, database: PostgresBenchDatabase): Promise<ServerProcess> {
  const port = (await freePorts(1))[0]!;
  const server = new ServerProcess({
    name: 'baseline',
    port,
    database: database.env,
    env: { NODE_ENV: 'production' },
    nodeArgs: nodeArgs(`${label}-baseline`, ['--import', 'tsx', BASELINE_SERVER]),
    readyLine: null,
  });
  started.add(server);
  await server.start();
  return server;
}

/** Stops servers (SIGTERM, so CPU profiles get written) that are still running. */
export async function stopServers(...servers: ServerProcess[]): Promise<void> {
  await Promise.all(
    servers.map(async (server) => {
      started.delete(server);
      await server.dispose();
    }),
  );
}

/** Stops every server this run started (the end of the run, or a failure). */
export async function stopAllServers(): Promise<void> {
  await stopServers(...started);
}

// ---- what a process uses ----

export function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

function pidOf(server: ServerProcess): number {
  const pid = server.pid;
  if (!pid) throw new Error(`${server.name} is not running`);
  return pid;
}

/** Peak resident memory of the server process since it started (VmHWM), in MiB. */
export const peakRssMb = (server: ServerProcess): number => statusField(pidOf(server), 'VmHWM');

/** Resident memory of the server process now (VmRSS), in MiB. */
export const rssMb = (server: ServerProcess): number => statusField(pidOf(server), 'VmRSS');

/** CPU time (user + system) a process has used since it started, in seconds (/proc/<pid>/stat; 100 ticks a second on Linux). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name (which may hold spaces) in parentheses: utime and stime are the 14th and 15th of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU time the whole machine has spent busy (every core, every process) since boot, in seconds (/proc/stat). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // cpu user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / 100;
}

let requestId = 0;

/** The requests the server received since it started, by kind (counted by request-counter.mjs). */
export function requestCounts(server: ServerProcess): Promise<Record<string, number>> {
  const child = server.process;
  if (!child?.send) throw new Error(`${server.name} has no IPC channel`);
  const id = ++requestId;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`${server.name} did not report its request counts`));
    }, 10_000);
    const onMessage = (message: { type?: string; id?: number; counts?: Record<string, number> }) => {
      if (message?.type !== 'bench:requests' || message.id !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.counts ?? {});
    };
    child.on('message', onMessage);
    child.send({ type: 'bench:requests', id });
  });
}

/** Per-kind difference of two request counts, and the total. */
export function requestsBetween(before: Record<string, number>, after: Record<string, number>): { total: number; byKind: Record<string, number> } {
  const byKind: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after)) {
    const d = n - (before[kind] ?? 0);
    if (d) byKind[kind] = d;
  }
  return { total: Object.values(byKind).reduce((s, n) => s + n, 0), byKind };
}
