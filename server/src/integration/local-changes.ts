import type { Db } from '../db/types.js';
import type { FeedExtras, FeedRead, LocalChange, OrderHooks } from '../orders/order.hooks.js';
import type { Order } from '../orders/order.types.js';
import type { Principal } from '../auth/auth.service.js';
import { AppError } from '../shared/errors.js';
import { orderJson } from '../orders/order.rest.js';
import { mergeContentOf, type FeedEnvelope } from './message.js';
import { enqueue } from './outbox.js';
import { loadRecord, loadRecords, newRecord, ownVersionsAbove, saveRecords } from './records.js';
import { isAgreed, needsResolution, ST, STATE_NAMES, type SyncState } from './sync-state.js';

/**
 * How the sync takes part in order writes (hooks that the Orders module calls inside its transaction):
 * a local change sets the order's state (NEW, UPD or DEL) and enqueues it in the outbox, in the
 * same transaction; an order awaiting resolution refuses ordinary edits; the peer reading the
 * change feed gets each order's sync envelope, and only the orders it does not hold yet.
 */
export function syncOrderHooks(now: () => Date, isPaused: () => boolean, onPeerSeen: () => void): OrderHooks {
  return {
    async beforeLocalChange(tx: Db, current: Order) {
      const record = await loadRecord(tx, current.id);
      if (record && needsResolution(record.state)) {
        throw new AppError(
          'CONFLICT',
          `Order ${current.code} is in ${STATE_NAMES[record.state]}: resolve it (resolveCollision) before editing it`,
          { field: 'syncState', syncState: STATE_NAMES[record.state] },
        );
      }
    },

    async afterLocalChange(tx: Db, { before, after, replaced }: LocalChange) {
      const record = await loadRecord(tx, after.id);
      const neverAcknowledged = !before || (record?.state === ST.NEW && record.base === 0);
      const state: SyncState = after.deleted ? ST.DEL : neverAcknowledged ? ST.NEW : ST.UPD;
      const at = now();
      const base = record?.base ?? 0;
      // This version may become the ancestor of a merge, if the peer builds on it before its
      // acknowledgement comes back; a resolution keeps its own record (resolution.ts).
      const ownVersions = { ...ownVersionsAbove(record?.ownVersions ?? null, base), [String(after.version)]: mergeContentOf(orderJson(after)) };
      await saveRecords(tx, [
        {
          ...(record ?? newRecord(after.id, at)),
          state,
          base,
          ownVersions: replaced ? (record?.ownVersions ?? null) : ownVersions,
          merge: null,
          theirs: null,
          theirsVersion: null,
          reason: null,
          updatedAt: at,
        },
      ]);
      await enqueue(tx, [after.id], at);
    },

    feedRequested(caller: Principal) {
      if (caller.kind !== 'peer') return;
      // Paused means nothing leaves this side, pulled or pushed; the peer retries later.
      if (isPaused()) throw new AppError('SYNC_PAUSED', 'The sync of this instance is paused; retry later');
      // A new read of our feed by the peer: it is up, and not paused (a paused peer reads nothing).
      onPeerSeen();
    },

    async feedExtras(tx: Db, orders: Order[], caller: Principal, read: FeedRead): Promise<FeedExtras> {
      if (caller.kind !== 'peer') return { extras: new Map() };
      // Paused while a long poll was open: nothing more leaves.
      if (isPaused()) throw new AppError('SYNC_PAUSED', 'The sync of this instance is paused; retry later');
      const records = await loadRecords(tx, orders.map((o) => o.id));
      const extras = new Map<string, Record<string, unknown>>();
      const omit = new Set<string>();
      for (const o of orders) {
        const r = records.get(o.id);
        // An order both sides agreed on at its current version is one the peer holds already (it sent
        // it, or acknowledged it): reading it again would only be a duplicate. A reader starting from
        // the beginning (a new or reset peer) still gets everything.
        if (!read.fromStart && r && isAgreed(r.state) && r.base === o.version) {
          omit.add(o.id);
          continue;
        }
        const sync: FeedEnvelope = { state: r?.state ?? ST.NEW, base: r?.base ?? 0, resolution: r?.resolution ?? false };
        extras.set(o.id, { sync });
      }
      return { extras, omit };
    },
  };
}
