/**
 * The load generator: a process of its own (forked by load.ts) that runs autocannon against one
 * server and reports the result over IPC. It receives one LoadSpec, and "stop" to end a load that
 * runs until told.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { LoadResult, LoadSpec } from './load.js';
import { orderBody, ORDERS_PAGE_REQUEST } from './orders.js';

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}

interface AutocannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  latency: { p50: number; p99: number; average: number; max: number };
  statusCodeStats: Record<string, { count: number }>;
}

interface AutocannonInstance {
  stop(): void;
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void;
}

type Autocannon = (opts: Record<string, unknown>, done: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function requestFor(spec: LoadSpec): AutocannonRequest {
  const auth = { authorization: `Bearer ${spec.token}`, 'content-type': 'application/json' };
  switch (spec.kind) {
    case 'create': {
      let next = spec.firstIndex ?? 0;
      return {
        method: 'POST',
        path: spec.path ?? '/api/orders',
        headers: auth,
        setupRequest: (request) => ({ ...request, body: JSON.stringify(orderBody(next++, spec.tag)) }),
      };
    }
    case 'update': {
      const targets = JSON.parse(readFileSync(spec.targetsFile!, 'utf8')) as { id: string; version: number }[];
      let next = 0;
      return {
        method: 'PUT',
        path: '/api/orders',
        headers: auth,
        setupRequest: (request) => {
          const target = targets[next++ % targets.length]!;
          return {
            ...request,
            path: `/api/orders/${target.id}`,
            headers: { ...auth, 'if-match': `"${target.version}"` },
            body: JSON.stringify({ status: 'paid', note: `${spec.tag} ${next}` }),
          };
        },
      };
    }
    case 'graphql':
      return { method: 'POST', path: '/graphql', headers: auth, body: ORDERS_PAGE_REQUEST };
  }
}

/** Nearest-rank percentile of sorted samples. */
const rank = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

function run(spec: LoadSpec): void {
  let instance: AutocannonInstance | null = null;
  // autocannon's own histogram keeps whole milliseconds; the response times themselves are finer.
  const times: number[] = [];
  process.on('message', (message) => {
    if (message === 'stop') instance?.stop();
  });
  instance = autocannon(
    {
      url: spec.url,
      connections: spec.connections,
      ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds ?? 3600 }),
      ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
      timeout: 60,
      requests: [requestFor(spec)],
    },
    (err, result) => {
      if (err) {
        process.send!({ error: err.message });
        return;
      }
      times.sort((x, y) => x - y);
      const round = (n: number) => Number(n.toFixed(2));
      const report: LoadResult = {
        ok: result['2xx'],
        failed: result.non2xx + result.errors,
        seconds: result.duration,
        perSecond: result['2xx'] / result.duration,
        latencyMs: times.length
          ? { p50: round(rank(times, 50)), p99: round(rank(times, 99)), average: round(times.reduce((a, b) => a + b, 0) / times.length), max: round(times.at(-1)!) }
          : { p50: result.latency.p50, p99: result.latency.p99, average: result.latency.average, max: result.latency.max },
        statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
      };
      process.send!({ result: report }, () => process.exit(0));
    },
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode < 300) times.push(responseTime);
  });
}

process.once('message', (spec) => run(spec as LoadSpec));
