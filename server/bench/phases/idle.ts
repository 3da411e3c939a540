import { waitForFeedHorizon, withSql, type BenchDatabase } from '../databases.js';
import { requestCounts, requestsBetween, rssMb, type Pair } from '../servers.js';
import { until, waitQuiet } from '../sync-control.js';
import { announce, sleep, type PhaseContext } from './context.js';

/**
 * idle_requests_per_min, idle_db_writes: the converged pair left alone. Requests are counted in
 * each server process (request-counter.mjs) and reported for the busier direction; database
 * writes are the rows inserted, updated or deleted in both databases (pg_stat_user_tables).
 */

/** Rows written to the database so far, per table (the statistics PostgreSQL keeps). */
async function rowWrites(database: BenchDatabase): Promise<Record<string, number>> {
  if (database.driver !== 'postgres') throw new Error('idle_db_writes needs PostgreSQL');
  return withSql(database.url, async (sql) => {
    const rows = await sql<{ table: string; n: string }[]>`
      select relname as table, (n_tup_ins + n_tup_upd + n_tup_del)::text as n from pg_stat_user_tables`;
    return Object.fromEntries(rows.map((r) => [r.table, Number(r.n)]));
  });
}

function writesBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const [table, n] of Object.entries(after)) {
    const delta = n - (before[table] ?? 0);
    if (delta !== 0) changed[table] = delta;
  }
  return changed;
}

/**
 * Whether each side's puller has had a page of the other's feed answered, and so knows (and has
 * saved) the feed's identity. Until then, a pair whose first long poll is still open (up to 50 s
 * when the push carried everything) still has the one write of its start-up ahead: the feed's
 * identity created on the first answer, and the cursor that learns it.
 */
async function pullersStarted(pair: Pair): Promise<boolean> {
  for (const database of [pair.databases.a, pair.databases.b]) {
    if (database.driver !== 'postgres') return true;
    const known = await withSql(database.url, (sql) => sql<{ n: number }[]>`select count(*)::int as n from sync_cursors where feed_id is not null`);
    if (known[0]!.n === 0) return false;
  }
  return true;
}

export async function idleWindow({ sizes, figures }: PhaseContext, pair: Pair): Promise<void> {
  const { a, b, databases } = pair;
  announce(`Idle: the converged pair left alone for ${sizes.idleSeconds} s`);
  await until("both pullers' first answered page", 120_000, 1_000, () => pullersStarted(pair));
  await waitQuiet(a, b, 3_000);
  // Nothing held back behind an older transaction may still arrive, and the last activity's
  // statistics must be flushed (PostgreSQL flushes them within about 10 s of going idle).
  const horizonPassed = databases.a.driver === 'postgres' ? await waitForFeedHorizon(databases.a.url) : true;
  const statsSettleMs = Math.min(12, Math.ceil(sizes.idleSeconds / 5)) * 1000;
  await sleep(statsSettleMs);

  const writesBefore = { a: await rowWrites(databases.a), b: await rowWrites(databases.b) };
  const requestsBefore = { a: await requestCounts(a), b: await requestCounts(b) };
  const started = performance.now();
  await sleep(sizes.idleSeconds * 1000);
  const minutes = (performance.now() - started) / 60_000;
  const requests = { a: requestsBetween(requestsBefore.a, await requestCounts(a)), b: requestsBetween(requestsBefore.b, await requestCounts(b)) };
  // Written during the window but perhaps not flushed yet: give the statistics their time (what
  // is written meanwhile counts too, so the figure can only err upwards).
  await sleep(statsSettleMs);
  const writes = { a: writesBetween(writesBefore.a, await rowWrites(databases.a)), b: writesBetween(writesBefore.b, await rowWrites(databases.b)) };

  const perMinute = { a: requests.a.total / minutes, b: requests.b.total / minutes };
  figures.set('idle_requests_per_min', Math.max(perMinute.a, perMinute.b), 'requests/min', 'idle pair: requests received per minute by the busier side (each way)');
  const totalWrites = [...Object.values(writes.a), ...Object.values(writes.b)].reduce((s, n) => s + n, 0);
  figures.set('idle_db_writes', totalWrites, 'rows', 'idle pair: rows inserted, updated or deleted in both databases during the window');
  figures.detail('idle', {
    seconds: Number((minutes * 60).toFixed(1)),
    horizonPassed,
    requestsPerMinute: { receivedByA: Number(perMinute.a.toFixed(2)), receivedByB: Number(perMinute.b.toFixed(2)) },
    requestsByKind: { receivedByA: requests.a.byKind, receivedByB: requests.b.byKind },
    rowWritesByTable: writes,
    rssMbAtEnd: { a: rssMb(a), b: rssMb(b) },
  });
}
