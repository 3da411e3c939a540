import { desc } from 'drizzle-orm';
import { expect } from 'vitest';
import { orders } from '../../src/orders/order.tables.js';
import type { Driver } from './databases.js';
import { startTestInstance, type TestInstance } from './instances.js';

/**
 * Helpers for tests that drive the two-way sync by hand: two real instances (A and B) that point
 * at each other, started with `startSync: false`, moved on with `pushOnce` / `pullOnce` rounds.
 */

/** The token B sends to A (A accepts it as its peer). */
export const TOKEN_B_TO_A = 'peer-token-b-to-a-0123456789abcdef';
/** The token A sends to B (B accepts it as its peer). */
export const TOKEN_A_TO_B = 'peer-token-a-to-b-0123456789abcdef';

export interface Pair {
  a: TestInstance;
  b: TestInstance;
}

/** The environment of one side: its own code prefix, the token it accepts from the peer and the one it sends. */
export function peerEnv(name: 'A' | 'B', prefix: string = name): Record<string, string> {
  return {
    INSTANCE_NAME: name,
    PEER_NAME: name === 'A' ? 'B' : 'A',
    ORDER_CODE_PREFIX: prefix,
    PEER_ACCEPT_TOKEN: name === 'A' ? TOKEN_B_TO_A : TOKEN_A_TO_B,
    PEER_TOKEN: name === 'A' ? TOKEN_A_TO_B : TOKEN_B_TO_A,
  };
}

/** One side, listening, with its sync loops not started (drive it with pushOnce / pullOnce). `env` adds to or overrides its environment (e.g. PORT). */
export function startSide(driver: Driver, name: 'A' | 'B', prefix: string = name, env: Record<string, string> = {}): Promise<TestInstance> {
  return startTestInstance(driver, { ...peerEnv(name, prefix), ...env }, { startSync: false });
}

/** Points `from` at `to`'s Orders API (URLs are only known once both listen). */
export async function link(from: TestInstance, to: TestInstance, token: string): Promise<void> {
  await from.sync.updateRemote({ remoteUrl: `${to.url}/api/orders`, remoteToken: token });
}

/** Two fresh instances pointing at each other, sync driven by hand. */
export async function startPair(driver: Driver): Promise<Pair> {
  const [a, b] = await Promise.all([startSide(driver, 'A'), startSide(driver, 'B')]);
  await link(a, b, TOKEN_A_TO_B);
  await link(b, a, TOKEN_B_TO_A);
  return { a, b };
}

export interface RoundReport {
  pushA: { sent: number; failed: number; error?: string };
  pushB: { sent: number; failed: number; error?: string };
  pullA: { received: number; hasMore: boolean; restarted?: boolean };
  pullB: { received: number; hasMore: boolean; restarted?: boolean };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether `reader` has pulled everything `source` has written. The change feed holds back rows
 * while any older transaction is still running (on PostgreSQL: anywhere on the server, since
 * transaction ids are server-wide), so an empty pull does not by itself mean "nothing new".
 */
export async function caughtUp(reader: TestInstance, source: TestInstance): Promise<boolean> {
  const [latest] = await source.database.db
    .select({ txid: orders.changeTxid, seq: orders.changeSeq })
    .from(orders)
    .orderBy(desc(orders.changeTxid), desc(orders.changeSeq))
    .limit(1);
  if (!latest) return true;
  const position = await reader.sync.pullPosition();
  if (!position) return false;
  const [txid, seq] = (position.cursor ?? '0.0').split('.').map((p) => BigInt(p)) as [bigint, bigint];
  return txid > latest.txid || (txid === latest.txid && seq >= latest.seq);
}

/** Pulls until at least `count` feed items arrived (the feed may hold rows back for a moment). */
export async function pullUntil(reader: TestInstance, count = 1, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let received = 0;
  for (;;) {
    received += (await reader.sync.pullOnce(0)).received;
    if (received >= count) return received;
    if (Date.now() > deadline) throw new Error(`pulled ${received} of ${count} feed items within ${timeoutMs} ms`);
    await sleep(25);
  }
}

export const movedIn = (r: RoundReport): number =>
  r.pushA.sent + r.pushA.failed + r.pushB.sent + r.pushB.failed + r.pullA.received + r.pullB.received +
  (r.pullA.hasMore || r.pullB.hasMore || r.pullA.restarted || r.pullB.restarted ? 1 : 0);

/**
 * Rounds of { A push, B push, A pull, B pull } until a whole round moves nothing and each side
 * has read the other's whole feed. Fails the test on a transport error, and if the pair keeps
 * moving for `maxRounds` rounds (an echo loop) or does not catch up within `timeoutMs`.
 */
export async function syncUntilQuiet(a: TestInstance, b: TestInstance, maxRounds = 25, timeoutMs = 20_000): Promise<RoundReport[]> {
  const rounds: RoundReport[] = [];
  const deadline = Date.now() + timeoutMs;
  let moving = 0;
  for (;;) {
    const pushA = await a.sync.pushOnce();
    const pushB = await b.sync.pushOnce();
    const pullA = await a.sync.pullOnce(0);
    const pullB = await b.sync.pullOnce(0);
    const round = { pushA, pushB, pullA, pullB };
    rounds.push(round);
    expect(pushA.error, 'A push failed').toBeUndefined();
    expect(pushB.error, 'B push failed').toBeUndefined();
    if (movedIn(round) > 0) {
      if (++moving >= maxRounds) throw new Error(`the pair did not settle within ${maxRounds} rounds: ${JSON.stringify(rounds.slice(-3))}`);
      continue;
    }
    if ((await caughtUp(a, b)) && (await caughtUp(b, a))) return rounds;
    if (Date.now() > deadline) throw new Error(`the feeds were not caught up within ${timeoutMs} ms`);
    await sleep(25);
  }
}

// ---- orders through the APIs ----

export async function createOrder(instance: TestInstance, body: Record<string, unknown>): Promise<any> {
  const res = await instance.api('/api/orders', { method: 'POST', json: body });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

export async function getOrder(instance: TestInstance, id: string): Promise<any> {
  const res = await instance.api(`/api/orders/${id}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

/** REST PUT of a patch based on `version`; expects success and returns the new order JSON. */
export async function putOrder(instance: TestInstance, id: string, patch: Record<string, unknown>, version: number): Promise<any> {
  const res = await instance.api(`/api/orders/${id}`, { method: 'PUT', json: { ...patch, version } });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

/** REST soft delete (PUT deleted: true), optionally with a patch in the same step. */
export function deleteOrder(instance: TestInstance, id: string, version: number, patch: Record<string, unknown> = {}): Promise<any> {
  return putOrder(instance, id, { ...patch, deleted: true }, version);
}

export const SYNC_FIELDS = `sync { state stateCode ackedVersion resolutionPending reason theirsVersion theirs { id code version status note shippingCost deleted } }`;
export const ORDER_FIELDS = `id code version status note shippingCost deleted ${SYNC_FIELDS}`;

/** The order with its sync record, through GraphQL as the admin. */
export async function orderWithSync(instance: TestInstance, id: string): Promise<any> {
  const res = await instance.graphql(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.order;
}

export async function syncStatus(instance: TestInstance): Promise<{ outboxDepth: number; deadLetters: number; ordersByState: { state: string; count: number }[] }> {
  const res = await instance.graphql('{ syncStatus { outboxDepth deadLetters ordersByState { state count } } }');
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.syncStatus;
}

/**
 * Every order (tombstones included) as REST JSON (GET /api/orders/:id), by id. Listed through
 * GraphQL, not the change feed: the feed may hold the newest rows back for a moment.
 */
export async function allOrders(instance: TestInstance): Promise<Map<string, any>> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await instance.graphql<{ orders: { items: { id: string }[]; total: number } }>(
      'query($page: Int!) { orders(filter: { includeDeleted: true }, page: $page, perPage: 100) { items { id } total } }',
      { page },
    );
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const { items, total } = res.body.data!.orders;
    ids.push(...items.map((o) => o.id));
    if (items.length === 0 || ids.length >= total) break;
  }
  const out = new Map<string, any>();
  for (const id of ids.sort()) out.set(id, await getOrder(instance, id));
  return out;
}

// ---- messages built by hand ----

export interface WireMessage {
  orderId: string;
  state: number;
  version: number;
  base: number;
  resolution: boolean;
  order: Record<string, unknown> | null;
}

/** A sync message carrying `order` (REST JSON, e.g. from GET /api/orders/:id) at its own version. */
export function messageOf(state: number, order: Record<string, any>, base: number, resolution = false): WireMessage {
  return { orderId: order.id, state, version: order.version, base, resolution, order };
}
