import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import type { CreateStatementParts } from '../orders/order.hooks.js';
import type { Order } from '../orders/order.types.js';
import { mergeContentOf } from './message.js';
import { enqueueEntries, enqueueQuery, OUTBOX_CHANNEL } from './outbox.js';
import { loadRecordsOfRemotes, newRecord, ownVersionsAbove, saveRecordsQuery, type SyncRecord } from './records.js';
import { needsResolution, ST, type SyncState } from './sync-state.js';

export interface ChangedOrder {
  /** The order as written (a fresh create's code is handed out by its own statement: not needed here). */
  after: Omit<Order, 'code'>;
  /** The order did not exist here before this change. */
  isNew: boolean;
  /** An admin's overwrite (a resolution): its record is written by resolution.ts for its own remote. */
  replaced?: boolean;
  /** Created under an id made by that write (LocalChange.fresh): no record can exist for it. */
  fresh?: boolean;
}

/**
 * Marks orders as changed for these remotes (state NEW, UPD or DEL) and queues them, in the caller's
 * transaction. Used for a change made here (every remote) and for one adopted from a remote (every
 * other remote: that is the relay; the remote it came from already holds it, so nothing echoes back).
 * In a tree of systems, each change reaches every system once.
 */
export async function markChanged(tx: Db, remoteIds: number[], changes: ChangedOrder[], now: Date): Promise<void> {
  if (remoteIds.length === 0 || changes.length === 0) return;
  // A new order under an id made here has no record anywhere: a local create skips the read.
  const known = changes.filter((c) => !c.fresh);
  const existingByRemote = known.length ? await loadRecordsOfRemotes(tx, remoteIds, known.map((c) => c.after.id)) : new Map<number, Map<string, SyncRecord>>();
  const records = changedRecords(remoteIds, changes, existingByRemote, now);
  if (records.length === 0) return;
  // The records and the queue in one statement: a local write pays one round trip for the sync.
  await enqueueEntries(tx, records, now, [saveRecordsQuery(records)]);
}

/**
 * markChanged of a create under an id made here, as statements the create sends in its own
 * statement (OrderHooks.freshCreateWrites): such an order has no record to read, so its records
 * and queue entries are known before it is written. Each write holds to `inserted` (the order row
 * was written).
 */
export function freshCreateWrites(remoteIds: number[], order: ChangedOrder['after'], now: Date, inserted: SQL): CreateStatementParts | null {
  if (remoteIds.length === 0) return null;
  const records = changedRecords(remoteIds, [{ after: order, isNew: true, fresh: true }], new Map(), now);
  return { writes: [saveRecordsQuery(records, inserted), enqueueQuery(records, now, inserted)], notify: [OUTBOX_CHANNEL] };
}

/** The records these changes leave with each remote, from the records they had (none: a new order). */
function changedRecords(remoteIds: number[], changes: ChangedOrder[], existingByRemote: Map<number, Map<string, SyncRecord>>, now: Date): SyncRecord[] {
  const records: SyncRecord[] = [];
  for (const remoteId of remoteIds) {
    const existing = existingByRemote.get(remoteId) ?? new Map<string, SyncRecord>();
    for (const { after, isNew, replaced } of changes) {
      const record = existing.get(after.id);
      // In collision or error with this remote: an admin decides what it gets. The change stays in
      // our copy (the "ours" of the resolution) and goes out with the resolution, never over the
      // remote's copy while it waits.
      if (record && needsResolution(record.state)) continue;
      const neverAcknowledged = isNew || !record || (record.state === ST.NEW && record.base === 0);
      const state: SyncState = after.deleted ? ST.DEL : neverAcknowledged ? ST.NEW : ST.UPD;
      const base = record?.base ?? 0;
      // This version may become the ancestor of a merge, if the remote builds on it before its
      // acknowledgement comes back. (Its content fields hold no times: the order as it is.)
      const ownVersions = { ...ownVersionsAbove(record?.ownVersions ?? null, base), [String(after.version)]: mergeContentOf(after) };
      records.push({
        ...(record ?? newRecord(remoteId, after.id, now)),
        state,
        base,
        ownVersions: replaced ? (record?.ownVersions ?? null) : ownVersions,
        merge: null,
        theirs: null,
        theirsVersion: null,
        reason: null,
        // A resolution not yet acknowledged stays one: the other side, still in collision, must take it.
        resolution: record?.resolution ?? false,
        updatedAt: now,
      });
    }
  }
  return records;
}
