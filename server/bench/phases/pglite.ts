import { catchUp } from '../catchup.js';
import { describeSamples, seedTargets, timeUpdates } from '../latency.js';
import { runLoad } from '../load.js';
import { PeakMemoryMap, type MemoryMap } from '../memory-map.js';
import { onFreshPair, peakRssMb, rssMb } from '../servers.js';
import { waitQuiet } from '../sync-control.js';
import { FeedFollower } from '../watchers.js';
import { announce, sleep, type PhaseContext } from './context.js';

/**
 * The embedded default, PGlite (each server with its own data directory in the temp directory):
 * memory right after start and at its peak, creates with the peer connected, the change-to-feed
 * latency and a catch-up, measured as on PostgreSQL. Figures end in _pglite.
 */

const IDLE_AFTER_START_MS = 5_000;

export async function pglitePhase({ sizes, figures }: PhaseContext): Promise<void> {
  announce(`PGlite: memory after start, creates with sync on, latency, catch-up of ${sizes.pgliteBacklog} orders`);
  await onFreshPair('pglite', 'pglite', async (pair) => {
    const { a, b } = pair;
    const maps = { a: new PeakMemoryMap(a.pid!), b: new PeakMemoryMap(b.pid!) };
    await sleep(IDLE_AFTER_START_MS);
    const idle = { a: rssMb(a), b: rssMb(b) };
    figures.set('rss_idle_mb_pglite', Math.max(idle.a, idle.b), 'MB', `PGlite server: RSS ${IDLE_AFTER_START_MS / 1000} s after start, idle (the larger of A and B)`);

    const many = await runLoad({ url: a.url, kind: 'create', connections: 8, seconds: sizes.createSeconds, tag: 'pglite' }, 'PGlite creates');
    figures.set('create_per_s_sync_pglite', many.perSecond, 'orders/s', 'PGlite: REST creates, 8 connections, on A with B connected');
    const single = await runLoad({ url: a.url, kind: 'create', connections: 1, seconds: sizes.createOneConnectionSeconds, tag: 'pglite', firstIndex: 1_000_000 }, 'PGlite creates, 1 connection');
    figures.set('create_1conn_p50_ms_sync_pglite', single.latencyMs.p50, 'ms', 'PGlite: one create at a time, B connected: median response time');
    const afterCreates = { a: peakRssMb(a), b: peakRssMb(b) };

    await waitQuiet(a, b, 2_000);
    const targets = await seedTargets(a, b, Math.min(50, sizes.latencyUpdates));
    await waitQuiet(a, b, 2_000);
    const feed = await FeedFollower.start(a);
    let latency;
    try {
      latency = await timeUpdates(b, targets, sizes.latencyUpdates, [feed], 'pglite');
    } finally {
      await feed.stop();
    }
    const described = describeSamples(latency.samples[0]!);
    figures.set('latency_p50_ms_pglite', described.p50!, 'ms', "PGlite: update on B until A's change feed shows it, median");
    figures.set('latency_p99_ms_pglite', described.p99!, 'ms', "PGlite: update on B until A's change feed shows it, 99th percentile");
    await waitQuiet(a, b, 2_000);

    // The same pair catches up a backlog: its peak memory then covers every PGlite run.
    const caughtUp = await catchUp(pair, sizes.pgliteBacklog);
    figures.set('catchup_orders_per_s_pglite', caughtUp.ordersPerSecond, 'orders/s', `PGlite: ${sizes.pgliteBacklog}-order backlog caught up, orders/s`);
    const peak = { a: peakRssMb(a), b: peakRssMb(b) };
    figures.set('rss_peak_mb_pglite', Math.max(peak.a, peak.b), 'MB', 'PGlite server: peak RSS since start (creates, latency and catch-up), the larger of A and B');
    const atPeak = { a: maps.a.stop(), b: maps.b.stop() };
    printMemoryMaps(atPeak);
    figures.detail('pglite', {
      rssIdleMb: idle,
      peakRssMbAfterCreates: afterCreates,
      peakRssMb: peak,
      // Sampled every second: the composition at each one's highest sample, which VmHWM can exceed a little.
      memoryAtPeak: atPeak,
      creates: { perSecond: Math.round(many.perSecond), latencyMs: many.latencyMs, oneConnection: single.latencyMs },
      latency: { ...described, timeouts: latency.timeouts[0], conflicts: latency.conflicts },
      catchup: {
        size: sizes.pgliteBacklog,
        seconds: caughtUp.seconds,
        backlogWritesPerSecond: Math.round(caughtUp.backlogWritesPerSecond),
        duplicateRatio: caughtUp.duplicates.ratio,
        requests: caughtUp.requests,
      },
    });
  });
}

function printMemoryMaps(maps: { a: MemoryMap | null; b: MemoryMap | null }): void {
  for (const [name, map] of Object.entries(maps)) {
    if (!map) continue;
    const parts = Object.entries(map.partsMb)
      .sort(([, x], [, y]) => y - x)
      .map(([part, mb]) => `${part} ${mb}`)
      .join(', ');
    console.log(`  ${name.toUpperCase()} at its highest sample, ${map.rssMb} MB: ${parts}`);
  }
}
