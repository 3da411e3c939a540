import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shopMapping } from '../test/support/json-server.js';
import type { ServerProcess } from '../test/support/server-process.js';
import { createDatabase, dropDatabase } from './databases.js';
import { runLoad } from './load.js';
import { startShop, type Shop } from './shop.js';
import { cpuSeconds, peakRssMb, requestCounts, requestsBetween, startSolo, statusField, stopServers } from './servers.js';
import { outboxDepth, receivedOutcomes, resumeSync, until } from './sync-control.js';

/**
 * A backlog synced to a plain REST shop: one instance A (its own process, a fresh PostgreSQL
 * database) with a json-server shop declared in REMOTES_FILE as a `rest` remote, paused from the
 * start; `size` 3-line orders created on A through its REST API (8 connections); then the remote
 * resumed (GraphQL resumeSync, admin session) and timed until the shop holds every order (its
 * X-Total-Count, every 250 ms).
 */

const REMOTE = 'shop';

export interface RestCatchUpResult {
  ordersPerSecond: number;
  seconds: number;
  backlogWritesPerSecond: number;
  /** From the resume until A's queue for the shop is empty (every create acknowledged). */
  drainedAfterSeconds: number;
  /** The shop's requests during the catch-up, by kind, and per order. */
  shopRequests: Record<string, number>;
  shopRequestsPerOrder: number;
  /** Requests A received meanwhile (the benchmark's own GraphQL polling). */
  requestsReceivedByA: Record<string, number>;
  /** CPU seconds used during the catch-up by each process, against the wall clock. */
  cpuSeconds: { a: number; shop: number };
  /** A's sync log over the catch-up: messages sent, and received (the shop's answers) by outcome. */
  syncLog: { sent: number; received: Record<string, number> };
  /** What the shop holds in the end: orders, distinct orders of ours (a create repeated would show), data file size. */
  shop: { storage: 'file' | 'memory'; orders: number; distinctOurIds: number; dataFileMb: number | null };
  peakRssMb: { a: number; shop: number };
}

const sentCount = async (a: ServerProcess) =>
  (await a.graphql<{ out: { total: number } }>('query($remote: String) { out: syncLog(direction: "out", perPage: 1, remote: $remote) { total } }', { remote: REMOTE })).out.total;

export async function restCatchUp(size: number, storage: 'file' | 'memory' = 'file'): Promise<RestCatchUpResult> {
  const database = await createDatabase('postgres');
  const dir = await mkdtemp(join(tmpdir(), 'orders-bench-rest-'));
  let shop: Shop | null = null;
  let a: ServerProcess | null = null;
  try {
    shop = await startShop(storage);
    const remotesFile = join(dir, 'remotes.json');
    // Paused from its first start: nothing reaches the shop while the backlog is written.
    await writeFile(remotesFile, JSON.stringify({ remotes: [{ name: REMOTE, kind: 'rest', url: shop.server.url, label: 'json-server shop', paused: true, settings: shopMapping }] }));
    a = await startSolo('rest', database, { REMOTES_FILE: remotesFile });

    const written = await runLoad({ url: a.url, kind: 'create', connections: 8, amount: size, tag: 'rest-backlog' }, 'writing the backlog');
    const inShop = await shop.count();
    if (inShop !== 0) throw new Error(`the shop holds ${inShop} orders before the resume: the remote was not paused`);
    const queued = await outboxDepth(a, REMOTE);
    if (queued < size) throw new Error(`A queued ${queued} orders for the shop, fewer than the ${size} written`);

    const shopPid = shop.server.pid;
    if (!shopPid || !a.pid) throw new Error('the shop or A is not running');
    const before = {
      shop: await shop.requests(),
      a: await requestCounts(a),
      cpu: { a: cpuSeconds(a.pid), shop: cpuSeconds(shopPid) },
      sent: await sentCount(a),
      received: await receivedOutcomes(a),
    };
    const started = performance.now();
    await resumeSync(a, REMOTE);
    const counter = shop;
    const server = a;
    // json-server's writes grow dearer with its file (see rest-catchup in docs/benchmarks.md): a
    // 10,000-order backlog took more than 25 min on a loaded machine. A line every 30 s shows the pace.
    let lastReport = performance.now();
    await until(`the shop to hold the backlog of ${size}`, Math.max(600_000, size * 400), 250, async () => {
      const held = await counter.count();
      if (performance.now() - lastReport >= 30_000) {
        lastReport = performance.now();
        const elapsed = (lastReport - started) / 1000;
        console.log(`  ${held} of ${size} in the shop after ${elapsed.toFixed(0)} s; CPU s since the resume: A ${(cpuSeconds(server.pid!) - before.cpu.a).toFixed(1)}, shop ${(cpuSeconds(shopPid) - before.cpu.shop).toFixed(1)}`);
      }
      return held >= size;
    });
    const seconds = (performance.now() - started) / 1000;
    await until("A's queue for the shop to empty", 300_000, 250, async () => (await outboxDepth(server, REMOTE)) === 0);
    const drainedAfterSeconds = (performance.now() - started) / 1000;

    const cpu = { a: cpuSeconds(a.pid), shop: cpuSeconds(shopPid) };
    const shopRequests = requestsBetween(before.shop, await shop.requests());
    const received = await receivedOutcomes(a);
    const held = await shop.server.orders();
    return {
      ordersPerSecond: size / seconds,
      seconds: Number(seconds.toFixed(2)),
      backlogWritesPerSecond: written.perSecond,
      drainedAfterSeconds: Number(drainedAfterSeconds.toFixed(2)),
      shopRequests: shopRequests.byKind,
      shopRequestsPerOrder: Number((shopRequests.total / size).toFixed(2)),
      requestsReceivedByA: requestsBetween(before.a, await requestCounts(a)).byKind,
      cpuSeconds: { a: Number((cpu.a - before.cpu.a).toFixed(1)), shop: Number((cpu.shop - before.cpu.shop).toFixed(1)) },
      syncLog: {
        sent: (await sentCount(a)) - before.sent,
        received: Object.fromEntries(Object.entries(received).map(([k, v]) => [k, v - before.received[k as keyof typeof received]])),
      },
      shop: {
        storage,
        orders: held.length,
        distinctOurIds: new Set(held.map((o) => o.external_ref)).size,
        dataFileMb: shop.fileMb(),
      },
      peakRssMb: { a: Number(peakRssMb(a).toFixed(1)), shop: Number(statusField(shopPid, 'VmHWM').toFixed(1)) },
    };
  } finally {
    if (a) await stopServers(a);
    if (shop) await shop.close();
    await rm(dir, { recursive: true, force: true });
    await dropDatabase(database);
  }
}
