import { availableParallelism } from 'node:os';
import postgres from 'postgres';
import type { ServerProcess } from '../test/support/server-process.js';
import type { BenchDatabase } from './databases.js';
import { runLoad } from './load.js';
import { cpuSeconds, machineBusySeconds, peakRssMb, requestCounts, requestsBetween, type Pair } from './servers.js';
import { openStatementWindow, printStatements, type StatementRow } from './statement-stats.js';
import { bothOutcomes, duplicateRatio, orderCount, pauseSync, resumeSync, until, waitQuiet } from './sync-control.js';

/**
 * A backlog caught up: B's sync paused (GraphQL pauseSync, admin session) while `size` orders are
 * created on A through its REST API (8 connections), then resumed; timed from the resume until B
 * holds every order. Messages are counted until the pair has settled.
 */

export interface CatchUpResult {
  ordersPerSecond: number;
  seconds: number;
  backlogWritesPerSecond: number;
  duplicates: ReturnType<typeof duplicateRatio>;
  settledAfterSeconds: number;
  requests: { receivedByA: Record<string, number>; receivedByB: Record<string, number> };
  peakRssMb: { a: number; b: number };
  /**
   * CPU seconds spent from the resume until B held the backlog: by A, by B, and by everything else
   * on the machine (their PostgreSQL, the benchmark itself); beside `seconds` × cores it tells
   * whether the catch-up is bound by CPU or by waiting.
   */
  cpuSeconds: { a: number; b: number; rest: number; cores: number };
  /** PostgreSQL's statements from the resume until B held the backlog (with --pg-stat-statements). */
  statements?: StatementRow[];
  /** The benchmark's own exact counts of B's orders while it waited (see orderCounter), and their time. */
  counts: { calls: number; ms: number };
}

/**
 * Counts B's orders: straight from its PostgreSQL database (costs B's process nothing), else
 * through GraphQL. `start()` counts what B holds before the catch-up; `reached(size)` is the
 * catch-up's poll, true once B holds `size` more. An exact count(*) is a scan of the whole table
 * (12-18 ms at 100,000 orders, 10 times a second on the same two cores as the sync), so on
 * PostgreSQL the poll first reads how far the orders' change sequence has moved since the start
 * (every order written takes at least one number of it) and counts only once it has moved `size`
 * numbers, or a second after the last count whatever it says: a precondition, never the answer.
 */
interface OrderCounter {
  start(): Promise<number>;
  reached(size: number): Promise<boolean>;
  /** The exact counts the polls made, and their time. */
  counts: { calls: number; ms: number };
  close(): Promise<void>;
}

function orderCounter(server: ServerProcess, database: BenchDatabase): OrderCounter {
  const counts = { calls: 0, ms: 0 };
  const polled = async (count: () => Promise<number>) => {
    const started = performance.now();
    const held = await count();
    counts.calls++;
    counts.ms += performance.now() - started;
    return held;
  };
  let before = 0;
  if (database.driver !== 'postgres') {
    const count = () => orderCount(server);
    return { start: async () => (before = await count()), reached: async (size) => (await polled(count)) >= before + size, counts, close: async () => {} };
  }
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const count = async () => (await sql<{ n: number }[]>`select count(*)::int as n from orders`)[0]!.n;
  // The numbers taken so far (a sequence not yet used holds its first value, not yet taken).
  const sequence = async () => Number((await sql<{ v: string }[]>`select (last_value - case when is_called then 0 else 1 end)::text as v from order_change_seq`)[0]!.v);
  let sequenceBefore = 0;
  let countedAt = 0;
  return {
    async start() {
      before = await count();
      sequenceBefore = await sequence();
      return before;
    },
    async reached(size) {
      if ((await sequence()) - sequenceBefore < size && performance.now() - countedAt < 1_000) return false;
      countedAt = performance.now();
      return (await polled(count)) >= before + size;
    },
    counts,
    close: () => sql.end({ timeout: 5 }),
  };
}

/** The sync's requests only (the benchmark's own GraphQL polling left out). */
const syncRequests = (byKind: Record<string, number>) => Object.fromEntries(Object.entries(byKind).filter(([kind]) => kind.includes('/api/orders')));

export async function catchUp(pair: Pair, size: number): Promise<CatchUpResult> {
  const { a, b } = pair;
  await pauseSync(b);
  const written = await runLoad({ url: a.url, kind: 'create', connections: 8, amount: size, tag: 'backlog' }, 'writing the backlog');
  const counter = orderCounter(b, pair.databases.b);
  try {
    await counter.start();
    const outcomesBefore = await bothOutcomes(a, b);
    const requestsBefore = { a: await requestCounts(a), b: await requestCounts(b) };
    const cpuBefore = { a: cpuSeconds(a.pid!), b: cpuSeconds(b.pid!), machine: machineBusySeconds() };
    const statementWindow = await openStatementWindow(pair);
    const started = performance.now();
    await resumeSync(b);
    await until(`B to hold the backlog of ${size}`, Math.max(600_000, size * 20), 100, () => counter.reached(size));
    const seconds = (performance.now() - started) / 1000;
    const cpuA = cpuSeconds(a.pid!) - cpuBefore.a;
    const cpuB = cpuSeconds(b.pid!) - cpuBefore.b;
    const cpuMachine = machineBusySeconds() - cpuBefore.machine;
    const statements = await statementWindow.close();
    if (statements) printStatements(`catch-up of ${size}`, statements);
    const settledAfterSeconds = await waitQuiet(a, b, 3_000);
    const duplicates = duplicateRatio(outcomesBefore, await bothOutcomes(a, b));
    return {
      ordersPerSecond: size / seconds,
      seconds: Number(seconds.toFixed(2)),
      backlogWritesPerSecond: written.perSecond,
      duplicates,
      settledAfterSeconds,
      requests: {
        receivedByA: syncRequests(requestsBetween(requestsBefore.a, await requestCounts(a)).byKind),
        receivedByB: syncRequests(requestsBetween(requestsBefore.b, await requestCounts(b)).byKind),
      },
      peakRssMb: { a: peakRssMb(a), b: peakRssMb(b) },
      cpuSeconds: { a: round1(cpuA), b: round1(cpuB), rest: round1(cpuMachine - cpuA - cpuB), cores: availableParallelism() },
      counts: { calls: counter.counts.calls, ms: Math.round(counter.counts.ms) },
      ...(statements ? { statements: statements.slice(0, 40) } : {}),
    };
  } finally {
    await counter.close();
  }
}

const round1 = (n: number) => Number(n.toFixed(1));
