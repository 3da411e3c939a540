import type { Db } from '../db/types.js';
import type { Order } from '../orders/order.types.js';
import { orderJson } from '../orders/order.rest.js';
import { mergeContentOf } from './message.js';
import { enqueueEntries } from './outbox.js';
import { loadRecordsOfRemotes, newRecord, ownVersionsAbove, saveRecordsQuery, type SyncRecord } from './records.js';
import { needsResolution, ST, type SyncState } from './sync-state.js';

export interface ChangedOrder {
  after: Order;
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
  const records: SyncRecord[] = [];
  // A new order under an id made here has no record anywhere: a local create skips the read.
  const known = changes.filter((c) => !c.fresh);
  const existingByRemote = known.length ? await loadRecordsOfRemotes(tx, remoteIds, known.map((c) => c.after.id)) : new Map<number, Map<string, SyncRecord>>();
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
      // acknowledgement comes back.
      const ownVersions = { ...ownVersionsAbove(record?.ownVersions ?? null, base), [String(after.version)]: mergeContentOf(orderJson(after)) };
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
  if (records.length === 0) return;
  // The records and the queue in one statement: a local write pays one round trip for the sync.
  await enqueueEntries(tx, records, now, [saveRecordsQuery(records)]);
}
