import { describeSamples, seedTargets, timeUpdates } from '../latency.js';
import { startLoad } from '../load.js';
import { onFreshPair, peakRssMb, requestCounts, requestsBetween } from '../servers.js';
import { bothOutcomes, duplicateRatio, waitQuiet } from '../sync-control.js';
import { CommitWatcher, FeedFollower } from '../watchers.js';
import { announce, sleep, type PhaseContext } from './context.js';
import { idleWindow } from './idle.js';

/**
 * latency_p50_ms / latency_p99_ms: updates on B, each timed from B's answer until A's change feed
 * (followed as a client follows it: long poll with the client token) shows the new version; then
 * the same under a background load of creates on both sides (latency_loaded_*). Beside the feed,
 * latency_db_* times the same updates until they are committed in A's database (LISTEN on the
 * product's notification, then a read of the row): the sync alone, without the feed's own delay.
 * The steady-state duplicate ratio is counted over both runs. The idle window follows on the same
 * pair once it has settled.
 */

const TARGETS = 50;

export async function latencyPhase(context: PhaseContext, withIdle: boolean): Promise<{ steadyDuplicateRatio: number }> {
  const { sizes, figures } = context;
  announce(`Change on B until visible on A: ${sizes.latencyUpdates} updates, then again under ${sizes.backgroundWritesPerSecond} writes/s each way`);
  return onFreshPair('latency', 'postgres', async (pair) => {
    const { a, b, databases } = pair;
    const targets = await seedTargets(a, b, Math.min(TARGETS, sizes.latencyUpdates));
    await waitQuiet(a, b, 2_000);
    const feed = await FeedFollower.start(a);
    if (databases.a.driver !== 'postgres') throw new Error('the latency pair runs on PostgreSQL');
    const commits = await CommitWatcher.start(databases.a.url);
    const outcomesBefore = await bothOutcomes(a, b);
    const requestsBefore = { a: await requestCounts(a), b: await requestCounts(b) };
    try {
      const quiet = await timeUpdates(b, targets, sizes.latencyUpdates, [feed, commits], 'unloaded');
      const [feedQuiet, dbQuiet] = quiet.samples.map(describeSamples);
      figures.set('latency_p50_ms', feedQuiet!.p50!, 'ms', "update on B until A's change feed shows it: median");
      figures.set('latency_p99_ms', feedQuiet!.p99!, 'ms', "update on B until A's change feed shows it: 99th percentile");
      figures.set('latency_db_p50_ms', dbQuiet!.p50!, 'ms', "update on B until committed in A's database: median");
      figures.set('latency_db_p99_ms', dbQuiet!.p99!, 'ms', "update on B until committed in A's database: 99th percentile");
      const requestsAfterQuiet = { a: await requestCounts(a), b: await requestCounts(b) };
      figures.detail('latency', {
        unloaded: { feed: feedQuiet, db: dbQuiet, timeouts: quiet.timeouts, conflicts: quiet.conflicts, seconds: quiet.seconds },
        requestsPerUpdate: {
          receivedByA: requestsBetween(requestsBefore.a, requestsAfterQuiet.a).byKind,
          receivedByB: requestsBetween(requestsBefore.b, requestsAfterQuiet.b).byKind,
          updates: sizes.latencyUpdates,
        },
      });

      const rate = sizes.backgroundWritesPerSecond;
      const background = [a, b].map((server) =>
        startLoad({ url: server.url, kind: 'create', connections: 32, overallRate: rate, tag: `background ${server.name}`, firstIndex: 2_000_000 }),
      );
      try {
        await sleep(2_000);
        const loaded = await timeUpdates(b, targets, sizes.latencyUpdates, [feed, commits], 'loaded');
        const [feedLoaded, dbLoaded] = loaded.samples.map(describeSamples);
        figures.set('latency_loaded_p50_ms', feedLoaded!.p50!, 'ms', `the same with ${rate} creates/s on each side: median`);
        figures.set('latency_loaded_p99_ms', feedLoaded!.p99!, 'ms', `the same with ${rate} creates/s on each side: 99th percentile`);
        figures.set('latency_loaded_db_p50_ms', dbLoaded!.p50!, 'ms', "loaded: until committed in A's database, median");
        figures.detail('latency', { loaded: { feed: feedLoaded, db: dbLoaded, timeouts: loaded.timeouts, conflicts: loaded.conflicts, seconds: loaded.seconds } });
      } finally {
        const results = await Promise.all(background.map((load) => load.stop()));
        figures.detail('latency', { background: results.map((r) => ({ perSecond: Number(r.perSecond.toFixed(1)), failed: r.failed, p50Ms: r.latencyMs.p50 })) });
      }
    } finally {
      await feed.stop();
      await commits.stop();
    }
    const settledAfter = await waitQuiet(a, b, 3_000);
    const steady = duplicateRatio(outcomesBefore, await bothOutcomes(a, b));
    figures.set('duplicate_ratio_steady', steady.ratio, 'ratio', 'steady state (both latency runs): received messages that changed nothing / all received');
    figures.detail('latency', { steadyMessages: steady, settledAfterSeconds: settledAfter, peakRssMb: { a: peakRssMb(a), b: peakRssMb(b) } });

    if (withIdle) await idleWindow(context, pair);
    return { steadyDuplicateRatio: steady.ratio };
  });
}
