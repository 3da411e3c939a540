import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import type { KnownOrders, OrderService } from '../orders/order.service.js';
import { applyMessages, type InboundDeps } from './inbound.js';
import { messageFor } from './message.js';
import type { OutgoingMessage, PushContext, RemoteAdapter } from './remote-adapter.js';
import { claim, complete, fail, type ClaimedEntry } from './outbox.js';
import { noteWrittenVersions, sendingRecordFromJson, sendingRecordJsonOf, unnoteWrittenVersionsQuery } from './records.js';
import { writeLog, writeLogQuery, type LogEntry } from './sync-log.js';
import { isChangeState, ST, type SyncState } from './sync-state.js';
import { TransportError } from './transport.js';

export const PUSH_BATCH = 500;
const LEASE_MS = 60_000;

export interface SenderDeps extends InboundDeps {
  db: Db;
  orders: OrderService;
  random: () => number;
  onSent?(count: number, outcome: string): void;
}

export interface PushReport {
  sent: number;
  failed: number;
  error?: string;
  /** The peer refused because its sync is paused (a deliberate state, logged as such). */
  peerPaused?: boolean;
  /** Messages parked as dead letters by this push, and why. */
  dead?: number;
  deadReason?: string;
}

/** Sends one batch of due outbox entries and applies the peer's replies. */
export async function pushOnce(deps: SenderDeps, adapter: RemoteAdapter, batchSize = PUSH_BATCH): Promise<PushReport> {
  const entries = await claim(deps.db, deps.remoteId, batchSize, LEASE_MS, deps.now());
  if (entries.length === 0) return { sent: 0, failed: 0 };
  const { messages, read } = await buildMessages(deps, entries, adapter.kind !== 'peer');
  const byOrder = new Map(messages.map((m) => [m.orderId, m]));
  const notes = await noteWrites(deps, adapter, messages);
  let results;
  try {
    results = await adapter.push(messages, notes.context);
  } catch (err) {
    const permanent = err instanceof TransportError && err.permanent;
    const peerPaused = err instanceof TransportError && err.peerPaused;
    const reason = peerPaused ? 'the peer has paused its sync' : err instanceof Error ? err.message : String(err);
    const outcome = permanent ? 'dead' : peerPaused ? 'paused' : 'failed';
    await deps.orders.transaction(async (tx) => {
      await fail(tx, deps.remoteId, entries, reason, permanent, deps.now(), deps.random);
      // A peer down for an hour would otherwise log every retry of every message: log the first
      // failure of each entry and its parking; later retries show in the outbox's attempt count.
      const first = new Set(entries.filter((e) => e.attempts === 0 || permanent).map((e) => e.orderId));
      await writeLog(tx, outLog(deps, messages.filter((m) => first.has(m.orderId)), outcome, reason));
      for (const query of notes.takeBack()) await tx.execute(query);
    });
    deps.onSent?.(messages.length, outcome);
    return { sent: 0, failed: entries.length, error: reason, peerPaused, ...(permanent ? { dead: entries.length, deadReason: reason } : {}) };
  }

  // Replies first, then the outbox: a crash in between re-sends, which the peer treats as a repeat.
  const replies = results.flatMap((r) => (r?.reply ? [r.reply] : []));
  try {
    // A peer's replies come from the wire; another kind's are our adapter's translation of what the remote answered.
    // The orders just read for the push are not read again for the replies unless they changed since.
    if (replies.length) await applyMessages(deps, replies, 'response', adapter.kind === 'peer' ? null : replies, read);
  } catch (err) {
    // Delivered, but the answer could not be taken in (a database hiccup here): send again soon;
    // the peer sees a repeat and answers again.
    const reason = `could not apply the peer's replies: ${err instanceof Error ? err.message : String(err)}`;
    await fail(deps.db, deps.remoteId, entries, reason, false, deps.now(), deps.random);
    for (const query of notes.takeBack()) await deps.db.execute(query);
    return { sent: 0, failed: entries.length, error: reason };
  }
  const rejected = new Set(results.filter((r) => r?.outcome === 'rejected').map((r) => r.orderId));
  const logs = results.map(
    (r, i) => outLog(deps, [messages[i] ?? byOrder.get(r.orderId)!], r.outcome === 'rejected' ? 'dead' : 'delivered', r.error ?? `peer: ${r.outcome}`)[0]!,
  );
  const delivered = entries.filter((e) => !rejected.has(e.orderId));
  if (rejected.size === 0) {
    // The usual case: the queue and the log of the delivery in one statement (no transaction around it).
    await complete(deps.db, deps.remoteId, delivered, [...(logs.length ? [writeLogQuery(logs)] : []), ...notes.takeBack()]);
  } else {
    await deps.orders.transaction(async (tx) => {
      await complete(tx, deps.remoteId, delivered);
      for (const e of entries.filter((e) => rejected.has(e.orderId))) {
        const error = results.find((r) => r.orderId === e.orderId)?.error ?? 'rejected by the peer';
        await fail(tx, deps.remoteId, [e], `rejected by the peer: ${error}`, true, deps.now(), deps.random);
      }
      await writeLog(tx, logs);
      for (const query of notes.takeBack()) await tx.execute(query);
    });
  }
  deps.onSent?.(messages.length - rejected.size, 'delivered');
  if (rejected.size) deps.onSent?.(rejected.size, 'dead');
  const firstRejection = results.find((r) => r?.outcome === 'rejected')?.error;
  return {
    sent: messages.length - rejected.size,
    failed: rejected.size,
    ...(rejected.size ? { dead: rejected.size, deadReason: `rejected by the peer: ${firstRejection ?? 'no reason given'}` } : {}),
  };
}

/**
 * A remote without versions tells our own write from its staff's equal change by what we wrote
 * (records.ts, writtenVersions): the versions this push may write are noted before it, the adapter
 * reports each write it sends, and the notes of the orders it did not write are taken back after
 * it, in the statement that completes or fails the batch. A peer carries versions: nothing to note.
 */
async function noteWrites(deps: SenderDeps, adapter: RemoteAdapter, messages: OutgoingMessage[]): Promise<{ context: PushContext; takeBack: () => SQL[] }> {
  if (adapter.kind === 'peer') return { context: {}, takeBack: () => [] };
  const noted = await noteWrittenVersions(deps.orders, deps.remoteId, messages.filter((m) => isChangeState(m.state as SyncState)));
  const written = new Set<string>();
  return {
    context: { beforeWrite: (m) => written.add(m.orderId) },
    takeBack: () => {
      const unwritten = noted.filter((n) => !written.has(n.orderId));
      return unwritten.length ? [unnoteWrittenVersionsQuery(deps.remoteId, unwritten)] : [];
    },
  };
}

/**
 * Each entry's current state. An order and its record are written in the same commits, and a
 * message must not pair a version with the state of the next one: both are read in one statement,
 * one snapshot (two statements would need a repeatable-read transaction, three round trips more).
 */
async function buildMessages(deps: SenderDeps, entries: ClaimedEntry[], withBaseContent: boolean): Promise<{ messages: OutgoingMessage[]; read: KnownOrders }> {
  const ids = entries.map((e) => e.orderId);
  // A peer gets no agreed content (peer-adapter.ts drops it): it is not read for one.
  const read = await deps.orders.getManyWith(ids, (orderId) => sendingRecordJsonOf(deps.remoteId, orderId, withBaseContent));
  const messages = ids.flatMap((id) => {
    const found = read.get(id);
    if (!found) return [];
    const { order } = found;
    const record = found.alongside === null ? undefined : sendingRecordFromJson(found.alongside);
    return [
      {
        ...messageFor(order, record ?? { state: ST.NEW, base: 0, resolution: false }),
        remoteKey: record?.remoteKey ?? null,
        baseContent: record?.baseContent ?? null,
      },
    ];
  });
  return { messages, read };
}

function outLog(deps: SenderDeps, messages: OutgoingMessage[], outcome: string, detail: string): LogEntry[] {
  const at = deps.now();
  return messages.map((m) => ({
    at,
    remoteId: deps.remoteId,
    direction: 'out',
    orderId: m.orderId,
    messageState: m.state,
    version: m.version,
    base: m.base,
    stateBefore: m.state,
    stateAfter: m.state,
    outcome,
    detail: detail.slice(0, 500),
  }));
}
