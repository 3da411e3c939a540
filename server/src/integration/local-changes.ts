import type { Db } from '../db/types.js';
import type { LocalChange, OrderHooks } from '../orders/order.hooks.js';
import type { Order } from '../orders/order.types.js';
import type { Principal } from '../auth/auth.service.js';
import { AppError } from '../shared/errors.js';
import type { FeedEnvelope } from './message.js';
import { enqueue } from './outbox.js';
import { loadRecord, loadRecords, saveRecords } from './records.js';
import { needsResolution, ST, STATE_NAMES, type SyncState } from './sync-state.js';

/**
 * How the sync takes part in order writes (hooks that the Orders module calls inside its transaction):
 * a local change sets the order's state (NEW, UPD or DEL) and enqueues it in the outbox, in the
 * same transaction; an order awaiting resolution refuses ordinary edits; the peer reading the
 * change feed gets each order's sync envelope.
 */
export function syncOrderHooks(now: () => Date, isPaused: () => boolean): OrderHooks {
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

    async afterLocalChange(tx: Db, { before, after }: LocalChange) {
      const record = await loadRecord(tx, after.id);
      const neverAcknowledged = !before || (record?.state === ST.NEW && record.base === 0);
      const state: SyncState = after.deleted ? ST.DEL : neverAcknowledged ? ST.NEW : ST.UPD;
      const at = now();
      await saveRecords(tx, [
        {
          orderId: after.id,
          state,
          base: record?.base ?? 0,
          resolution: record?.resolution ?? false,
          theirs: null,
          theirsVersion: null,
          reason: null,
          updatedAt: at,
          syncedAt: record?.syncedAt ?? null,
        },
      ]);
      await enqueue(tx, [after.id], at);
    },

    async feedExtras(tx: Db, orders: Order[], caller: Principal) {
      if (caller.kind !== 'peer') return new Map();
      // Paused means nothing leaves this side, pulled or pushed; the peer retries later.
      if (isPaused()) throw new AppError('UNAVAILABLE', 'The sync of this instance is paused; retry later');
      const records = await loadRecords(tx, orders.map((o) => o.id));
      return new Map(
        orders.map((o) => {
          const r = records.get(o.id);
          const sync: FeedEnvelope = { state: r?.state ?? ST.NEW, base: r?.base ?? 0, resolution: r?.resolution ?? false };
          return [o.id, { sync }];
        }),
      );
    },
  };
}
