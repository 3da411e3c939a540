import type { Db } from '../db/types.js';
import type { OrderService } from '../orders/order.service.js';
import { orderJson } from '../orders/order.rest.js';
import { loadCursor, saveCursor, START, type PullPosition } from './cursors.js';
import { applyMessages, type InboundDeps } from './inbound.js';
import { loadRecords, loadRecordsByRemoteKey, type SyncRecord } from './records.js';
import type { InboundMessage, KnownOrder, PullContext, RemoteAdapter } from './remote-adapter.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { mergeContentOf } from './message.js';
import { needsResolution } from './sync-state.js';

export const PULL_LIMIT = 1000;

export interface PullerDeps extends InboundDeps {
  db: Db;
  orders: OrderService;
}

export interface PullReport {
  received: number;
  hasMore: boolean;
  restarted?: boolean;
}

/**
 * Where the puller is, in memory, when it is ahead of the saved position: pages that held only orders
 * we already have move the cursor without writing anything (an idle pair writes nothing); after a
 * restart they are simply read again.
 */
export interface PullMemo {
  position?: PullPosition;
}

/**
 * Reads one page of the remote's changes and applies it through the same state table as pushed
 * messages. The cursor is saved only after the page is applied, so a crash re-reads, never skips.
 */
export async function pullOnce(deps: PullerDeps, adapter: RemoteAdapter, waitSeconds: number, signal?: AbortSignal, memo: PullMemo = {}, limit = PULL_LIMIT): Promise<PullReport> {
  const position = memo.position ?? (await loadCursor(deps.db, deps.remoteId));
  const page = await adapter.pull(position.cursor, pullContext(deps), { limit, waitSeconds, signal, full: position.full });
  const feedId = page.feedId ?? null;
  if (position.feedId && feedId !== position.feedId) {
    // The remote's database was replaced: our cursor means nothing there. Start over.
    const restart = { ...START, feedId };
    await saveCursor(deps.db, deps.remoteId, restart, deps.now());
    memo.position = restart;
    return { received: 0, hasMore: true, restarted: true };
  }
  const messages = adapter.kind === 'peer' ? page.messages : await withoutKnown(deps, page.messages);
  if (messages.length) await applyMessages(deps, messages, 'pull', adapter.kind === 'peer' ? null : messages);
  // The first read ends with the page that says nothing more is ready.
  const next = { cursor: page.cursor, feedId, full: position.full && page.hasMore };
  if (messages.length || feedId !== position.feedId || next.full !== position.full) await saveCursor(deps.db, deps.remoteId, next, deps.now());
  memo.position = next;
  return { received: messages.length, hasMore: page.hasMore };
}

/**
 * A polling remote shows the same order again and again while it waits for an admin (a collision, a
 * refusal): "changed since" reads overlap, a full scan reads everything. What we keep as its copy
 * already, or the same refusal, is no news: dropped before it is applied, so a waiting collision
 * neither writes a log row per poll nor keeps the poll from slowing down.
 */
async function withoutKnown(deps: PullerDeps, messages: InboundMessage[]): Promise<InboundMessage[]> {
  if (messages.length === 0) return messages;
  const records = await loadRecords(deps.db, deps.remoteId, messages.map((m) => m.orderId));
  return messages.filter((m) => {
    const r = records.get(m.orderId);
    if (!r || !needsResolution(r.state)) return true;
    if (m.error) return m.error.slice(0, 500) !== r.reason;
    return !(m.order && r.theirs && canonicalJson(mergeContentOf(m.order)) === canonicalJson(mergeContentOf(r.theirs)));
  });
}

/** What an adapter that compares (rest, vendure) may ask about the orders it sees. */
export function pullContext(deps: PullerDeps): PullContext {
  const known = async (records: Map<string, SyncRecord>, keyOf: (r: SyncRecord) => string) => {
    const list = [...records.values()];
    const orders = await deps.orders.getMany(list.map((r) => r.orderId));
    const out = new Map<string, KnownOrder>();
    for (const r of list) {
      const order = orders.get(r.orderId);
      // A record without its order (a remote order we could not map) is not an order we hold.
      if (!order) continue;
      out.set(keyOf(r), {
        orderId: r.orderId,
        remoteKey: r.remoteKey,
        state: r.state,
        version: order.version,
        base: r.base,
        baseContent: r.baseContent,
        order: orderJson(order),
      });
    }
    return out;
  };
  return {
    byRemoteKey: async (keys) => known(await loadRecordsByRemoteKey(deps.db, deps.remoteId, keys), (r) => r.remoteKey!),
    byOrderId: async (given) => {
      // Ids come from the remote's data: only well-formed ones can be ours.
      const ids = given.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
      const records = await loadRecords(deps.db, deps.remoteId, ids);
      // An order of ours this remote has no record of yet (not sent to it so far) is still ours.
      const orders = await deps.orders.getMany(ids.filter((id) => !records.has(id)));
      const out = await known(records, (r) => r.orderId);
      for (const [id, order] of orders) {
        out.set(id, { orderId: id, remoteKey: null, state: 1, version: order.version, base: 0, baseContent: null, order: orderJson(order) });
      }
      return out;
    },
    now: deps.now,
  };
}
