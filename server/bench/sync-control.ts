import type { ServerProcess } from '../test/support/server-process.js';
import { requestCounts } from './servers.js';

/**
 * Steering and watching the sync through the product's own interfaces: GraphQL with an admin
 * session (login with ADMIN_USERNAME/ADMIN_PASSWORD; sync administration is for admins), the
 * REST API with the client token.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `remote`: one of several remotes by name (default: the instance's only or shorthand remote). */
export async function pauseSync(server: ServerProcess, remote?: string): Promise<void> {
  const { pauseSync: status } = await server.graphql<{ pauseSync: { state: string } }>('mutation($remote: String) { pauseSync(remote: $remote) { state } }', { remote });
  if (status.state !== 'paused') throw new Error(`${server.name}: pauseSync left the sync ${status.state}`);
}

export async function resumeSync(server: ServerProcess, remote?: string): Promise<void> {
  const { resumeSync: status } = await server.graphql<{ resumeSync: { state: string } }>('mutation($remote: String) { resumeSync(remote: $remote) { state } }', { remote });
  if (status.state === 'paused') throw new Error(`${server.name}: resumeSync left the sync paused`);
}

export async function outboxDepth(server: ServerProcess, remote?: string): Promise<number> {
  const { syncStatus } = await server.graphql<{ syncStatus: { outboxDepth: number } }>('query($remote: String) { syncStatus(remote: $remote) { outboxDepth } }', { remote });
  return syncStatus.outboxDepth;
}

/** Orders the server holds, tombstones included. */
export async function orderCount(server: ServerProcess): Promise<number> {
  const { orders } = await server.graphql<{ orders: { total: number } }>('{ orders(perPage: 1, filter: { includeDeleted: true }) { total } }');
  return orders.total;
}

/** Outcomes of the messages a side received (its sync log, every path: pushed, replied, pulled). */
export interface ReceivedOutcomes {
  all: number;
  applied: number;
  acknowledged: number;
  duplicate: number;
  stale: number;
}

const OUTCOMES = ['applied', 'acknowledged', 'duplicate', 'stale'] as const;
const OUTCOMES_QUERY = `{ all: syncLog(direction: "in", perPage: 1) { total } ${OUTCOMES.map((o) => `${o}: syncLog(direction: "in", outcome: "${o}", perPage: 1) { total }`).join(' ')} }`;

export async function receivedOutcomes(server: ServerProcess): Promise<ReceivedOutcomes> {
  const data = await server.graphql<Record<keyof ReceivedOutcomes, { total: number }>>(OUTCOMES_QUERY);
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.total])) as unknown as ReceivedOutcomes;
}

export const bothOutcomes = async (a: ServerProcess, b: ServerProcess) => ({ a: await receivedOutcomes(a), b: await receivedOutcomes(b) });

/**
 * Messages received that changed nothing (outcome duplicate or stale) over all messages received,
 * on both sides together, between two readings.
 */
export function duplicateRatio(before: { a: ReceivedOutcomes; b: ReceivedOutcomes }, after: { a: ReceivedOutcomes; b: ReceivedOutcomes }) {
  const delta = (k: keyof ReceivedOutcomes) => after.a[k] - before.a[k] + after.b[k] - before.b[k];
  const received = delta('all');
  const changedNothing = delta('duplicate') + delta('stale');
  return {
    ratio: received === 0 ? 0 : changedNothing / received,
    received,
    byOutcome: Object.fromEntries(OUTCOMES.map((o) => [o, delta(o)])),
    bySide: {
      a: Object.fromEntries((['all', ...OUTCOMES] as const).map((o) => [o, after.a[o] - before.a[o]])),
      b: Object.fromEntries((['all', ...OUTCOMES] as const).map((o) => [o, after.b[o] - before.b[o]])),
    },
  };
}

/** Polls until `probe` returns a value (not undefined/false); fails after the timeout naming `what`. */
export async function until<T>(what: string, timeoutMs: number, intervalMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await sleep(intervalMs);
  }
}

/**
 * Waits until the pair has settled: both outboxes empty and nothing received, logged or sent for
 * `quietMs` (the sync log and the message requests, long polls aside, stand still).
 */
export async function waitQuiet(a: ServerProcess, b: ServerProcess, quietMs: number, timeoutMs = 600_000): Promise<number> {
  const started = Date.now();
  const signature = async () => {
    const [outcomes, depthA, depthB, requestsA, requestsB] = await Promise.all([
      bothOutcomes(a, b),
      outboxDepth(a),
      outboxDepth(b),
      requestCounts(a),
      requestCounts(b),
    ]);
    const pushes = (counts: Record<string, number>) => counts['POST /api/orders/_sync'] ?? 0;
    return { depth: depthA + depthB, key: JSON.stringify([outcomes, pushes(requestsA), pushes(requestsB)]) };
  };
  let previous = await signature();
  let stableSince = Date.now();
  for (;;) {
    await sleep(500);
    const now = await signature();
    if (now.key !== previous.key || now.depth > 0) stableSince = Date.now();
    previous = now;
    if (Date.now() - stableSince >= quietMs) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutMs) throw new Error(`the pair did not settle within ${timeoutMs / 1000} s (outbox depth ${now.depth})`);
  }
}
