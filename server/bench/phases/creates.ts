import { createDatabase, dropDatabase, migrate } from '../databases.js';
import { runLoad, type LoadResult } from '../load.js';
import { peakRssMb, requestCounts, requestsBetween, startBaseline, startPair, startSolo, stopServers } from '../servers.js';
import { orderCount } from '../sync-control.js';
import { announce, type PhaseContext } from './context.js';

/**
 * create_per_s_nosync, create_per_s_sync, create_baseline_per_s: REST creates of a 3-line order
 * (each one different) from 8 connections, against one instance without a peer, against A with
 * B connected (B receives every order meanwhile), and against the bare baseline; each on a fresh
 * PostgreSQL database. One connection as well for the cost of a single write (p50).
 */

const summary = (r: LoadResult) => ({ perSecond: Math.round(r.perSecond), ok: r.ok, failed: r.failed, seconds: r.seconds, latencyMs: r.latencyMs });

export async function createsPhase({ sizes, figures }: PhaseContext): Promise<void> {
  const eight = { kind: 'create' as const, connections: 8, seconds: sizes.createSeconds };
  const one = { kind: 'create' as const, connections: 1, seconds: sizes.createOneConnectionSeconds, firstIndex: 1_000_000 };

  announce(`REST creates, sync off (${sizes.createSeconds} s, 8 connections; then 1 connection)`);
  const soloDb = await createDatabase('postgres');
  const solo = await startSolo('create-nosync', soloDb);
  try {
    const many = await runLoad({ ...eight, url: solo.url, tag: 'nosync' }, 'creates, sync off');
    figures.set('create_per_s_nosync', many.perSecond, 'orders/s', 'REST creates, 3-line order, 8 connections, no peer (PostgreSQL)');
    const single = await runLoad({ ...one, url: solo.url, tag: 'nosync' }, 'creates, sync off, 1 connection');
    figures.set('create_1conn_p50_ms_nosync', single.latencyMs.p50, 'ms', 'one create at a time, no peer: median response time');
    figures.detail('creates', { nosync: summary(many), nosyncOneConnection: summary(single), nosyncPeakRssMb: peakRssMb(solo) });
  } finally {
    await stopServers(solo);
    await dropDatabase(soloDb);
  }

  announce(`REST creates on A with B connected (${sizes.createSeconds} s, 8 connections)`);
  const databases = { a: await createDatabase('postgres'), b: await createDatabase('postgres') };
  const pair = await startPair('create-sync', databases);
  try {
    const before = { a: await requestCounts(pair.a), b: await requestCounts(pair.b) };
    const many = await runLoad({ ...eight, url: pair.a.url, tag: 'sync' }, 'creates, sync on');
    const after = { a: await requestCounts(pair.a), b: await requestCounts(pair.b) };
    figures.set('create_per_s_sync', many.perSecond, 'orders/s', 'REST creates, 3-line order, 8 connections, on A with B connected');
    figures.detail('creates', {
      sync: summary(many),
      syncOrdersOnBWhenTheLoadEnded: await orderCount(pair.b),
      syncPeakRssMb: { a: peakRssMb(pair.a), b: peakRssMb(pair.b) },
      // How the sync carried the load: pushes to B (and so orders per push) and feed reads each way.
      syncRequests: { receivedByA: requestsBetween(before.a, after.a).byKind, receivedByB: requestsBetween(before.b, after.b).byKind },
    });
  } finally {
    await stopServers(pair.a, pair.b);
    await Promise.all([dropDatabase(databases.a), dropDatabase(databases.b)]);
  }

  announce(`Bare baseline creates: Fastify + postgres.js, same rows (${sizes.createSeconds} s, 8 connections; then 1 connection)`);
  const baseDb = await createDatabase('postgres');
  await migrate(baseDb.url);
  const baseline = await startBaseline('create-baseline', baseDb);
  try {
    const many = await runLoad({ ...eight, url: baseline.url, tag: 'baseline' }, 'baseline creates');
    figures.set('create_baseline_per_s', many.perSecond, 'orders/s', 'bare Fastify + postgres.js: order, 3 lines, outbox row, NOTIFY in one transaction, 8 connections');
    const single = await runLoad({ ...one, url: baseline.url, tag: 'baseline' }, 'baseline creates, 1 connection');
    figures.set('create_1conn_p50_ms_baseline', single.latencyMs.p50, 'ms', 'bare baseline, one create at a time: median response time');
    figures.detail('creates', { baseline: summary(many), baselineOneConnection: summary(single) });
  } finally {
    await stopServers(baseline);
    await dropDatabase(baseDb);
  }
}
