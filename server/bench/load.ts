import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROCESS_API_TOKEN } from '../test/support/server-process.js';

/**
 * Load from a third process: autocannon in a child (load-worker.ts), so the load generator never
 * shares a process with A, B or the benchmark's own timing.
 */

export interface LoadSpec {
  /** Base URL of the server. */
  url: string;
  /** create: POST 3-line orders (each different); update: PUT each of `targetsFile`'s orders; graphql: the page query. */
  kind: 'create' | 'update' | 'graphql';
  connections: number;
  /** Run this long... */
  seconds?: number;
  /** ...or until this many requests are answered. */
  amount?: number;
  /** Requests per second over all connections (none: as fast as the server answers). */
  overallRate?: number;
  /** Bearer token (default: the client API token of the servers). */
  token?: string;
  /** Request path for creates (default /api/orders). */
  path?: string;
  /** Written into each order's note; and the index of the first order body. */
  tag?: string;
  firstIndex?: number;
  /** update: a JSON file of [{ id, version }]. */
  targetsFile?: string;
}

export interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  /** Answered with 2xx per second. */
  perSecond: number;
  latencyMs: { p50: number; p99: number; average: number; max: number };
  statusCodes: Record<string, number>;
}

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

export interface RunningLoad {
  /** Ends the load (one that runs for a time or an amount ends by itself) and gives its result. */
  stop(): Promise<LoadResult>;
  done: Promise<LoadResult>;
}

export function startLoad(spec: LoadSpec): RunningLoad {
  const child: ChildProcess = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const done = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (message: { result?: LoadResult; error?: string }) => {
      if (message.result) resolve(message.result);
      else reject(new Error(`load generator: ${message.error}`));
    });
    child.once('exit', (code) => reject(new Error(`the load generator exited (code ${code}) without a result`)));
  });
  child.send({ token: PROCESS_API_TOKEN, tag: 'bench', ...spec });
  return {
    done,
    stop: () => {
      if (child.connected) child.send('stop');
      return done;
    },
  };
}

/** Runs a load to its end; fails when most requests failed (a broken setup, not a slow server). */
export async function runLoad(spec: LoadSpec, what: string): Promise<LoadResult> {
  const result = await startLoad(spec).done;
  if (result.failed > 0) {
    const message = `${what}: ${result.failed} of ${result.ok + result.failed} requests failed (status codes ${JSON.stringify(result.statusCodes)})`;
    if (result.failed > result.ok) throw new Error(message);
    console.warn(`  warning: ${message}`);
  }
  return result;
}
