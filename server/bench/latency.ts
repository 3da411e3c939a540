import type { ServerProcess } from '../test/support/server-process.js';
import { percentile } from './figures.js';
import { orderBody } from './orders.js';
import { orderCount, until } from './sync-control.js';
import type { ArrivalWatcher } from './watchers.js';

/**
 * Change-to-visible latency: updates made on B one at a time, each timed from B's answer until
 * each watcher on A sees the new version. The next update starts once the last one arrived.
 */

export interface Target {
  id: string;
  version: number;
}

/** Creates `count` orders on B and waits until A holds them: the orders the updates change. */
export async function seedTargets(a: ServerProcess, b: ServerProcess, count: number): Promise<Target[]> {
  const onA = await orderCount(a);
  const targets: Target[] = [];
  for (let i = 0; i < count; i++) {
    const order = await b.apiJson<{ id: string; version: number }>('/api/orders', { method: 'POST', json: orderBody(i, 'latency target') }, 201);
    targets.push({ id: order.id, version: order.version });
  }
  await until(`A to hold B's ${count} orders`, 120_000, 100, async () => (await orderCount(a)) >= onA + count);
  return targets;
}

export interface LatencySamples {
  /** Milliseconds per watcher, in the order the watchers were given. */
  samples: number[][];
  timeouts: number[];
  conflicts: number;
  seconds: number;
}

const ARRIVAL_TIMEOUT_MS = 30_000;

export async function timeUpdates(b: ServerProcess, targets: Target[], count: number, watchers: ArrivalWatcher[], label: string): Promise<LatencySamples> {
  const samples: number[][] = watchers.map(() => []);
  const timeouts = watchers.map(() => 0);
  let conflicts = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const target = targets[i % targets.length]!;
    const res = await b.api(`/api/orders/${target.id}`, {
      method: 'PUT',
      headers: { 'if-match': `"${target.version}"` },
      json: { note: `${label} update ${i}` },
    });
    const answered = performance.now();
    const body = (await res.json()) as { version?: number; error?: { details?: { currentVersion?: number } } };
    if (res.status === 409) {
      // Someone else changed it (nothing should): take its version and go on.
      conflicts++;
      target.version = body.error?.details?.currentVersion ?? target.version;
      continue;
    }
    if (res.status !== 200 || !body.version) throw new Error(`PUT on B answered ${res.status}: ${JSON.stringify(body)}`);
    target.version = body.version;
    const arrivals = await Promise.all(watchers.map((w) => w.arrival(target.id, body.version!, ARRIVAL_TIMEOUT_MS)));
    // A change that never showed counts with the time waited, so it weighs on the percentiles.
    arrivals.forEach((at, k) => {
      if (at === null) timeouts[k]!++;
      samples[k]!.push(at === null ? ARRIVAL_TIMEOUT_MS : Math.max(0, at - answered));
    });
    if ((i + 1) % 100 === 0 && i + 1 < count) {
      const slow = samples[0]!.filter((ms) => ms >= 1_000).length;
      console.log(`  ${label}: ${i + 1} of ${count} updates in ${((performance.now() - started) / 1000).toFixed(0)} s (${slow} took 1 s or more)`);
    }
  }
  return { samples, timeouts, conflicts, seconds: (performance.now() - started) / 1000 };
}

/** p50, p99, max and mean of a watcher's samples, rounded for the report. */
export function describeSamples(samples: number[]) {
  if (samples.length === 0) return { count: 0 };
  const round = (n: number) => Number(n.toFixed(2));
  return {
    count: samples.length,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    max: round(Math.max(...samples)),
    mean: round(samples.reduce((s, n) => s + n, 0) / samples.length),
  };
}
