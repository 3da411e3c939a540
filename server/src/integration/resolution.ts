import type { Db } from '../db/types.js';
import type { OrderService } from '../orders/order.service.js';
import { contentOf, type Order, type OrderContent } from '../orders/order.types.js';
import { AppError, ValidationError } from '../shared/errors.js';
import { orderJson } from '../orders/order.rest.js';
import { mergeContentOf, replicaOf } from './message.js';
import { enqueue } from './outbox.js';
import { loadRecord, saveRecords } from './records.js';
import { writeLog } from './sync-log.js';
import { needsResolution, ST, STATE_NAMES } from './sync-state.js';

export const MERGE_FIELDS = ['status', 'customer', 'shippingAddress', 'currency', 'lines', 'shippingCost', 'note', 'deleted'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type Side = 'OURS' | 'THEIRS';

export interface ResolutionChoice {
  /** OURS or THEIRS takes that copy whole; MERGE takes each field from the side `fields` names (ours where it names none). */
  take: Side | 'MERGE';
  fields?: Partial<Record<MergeField, Side>>;
}

/**
 * An admin's resolution of a collision (or an error). The result is written at a version above both
 * copies and sent as a resolution: the peer, also in collision, adopts it, and both end ST_OK with
 * identical content. An extension of the seed table, which has no way out of ST_COLLISION.
 */
export async function resolveOrder(
  orders: OrderService,
  remoteId: number,
  orderId: string,
  choice: ResolutionChoice,
  now: () => Date,
): Promise<Order> {
  return orders.transaction(async (tx: Db) => {
    const current = (await orders.lockForSync(tx, [orderId])).get(orderId);
    if (!current) throw new AppError('NOT_FOUND', `Order ${orderId} does not exist`, { id: orderId });
    const record = await loadRecord(tx, remoteId, orderId);
    if (!record || !needsResolution(record.state)) {
      throw new AppError('CONFLICT', `Order ${current.code} is not in collision or error; there is nothing to resolve`, {
        field: 'orderId',
        syncState: record ? STATE_NAMES[record.state] : null,
      });
    }
    const theirsOrder = record.theirs ? replicaOf({ orderId, version: record.theirsVersion ?? 0, order: record.theirs }) : null;
    const ours = { ...contentOf(current), deleted: current.deleted };
    const theirs = theirsOrder ? { ...(theirsOrder.content as OrderContent), deleted: theirsOrder.deleted } : null;
    const wantsTheirs = choice.take === 'THEIRS' || (choice.take === 'MERGE' && Object.values(choice.fields ?? {}).includes('THEIRS'));
    if (wantsTheirs && !theirs) throw ValidationError.field('take', 'there is no peer copy to take: choose OURS');
    const pick = (field: MergeField): Side => (choice.take === 'MERGE' ? (choice.fields?.[field] ?? 'OURS') : choice.take);
    const merged = Object.fromEntries(MERGE_FIELDS.map((f) => [f, pick(f) === 'THEIRS' ? theirs![f] : ours[f]])) as unknown as OrderContent & {
      deleted: boolean;
    };
    const { deleted, ...content } = merged;
    const supersedes = Math.max(current.version, record.theirsVersion ?? 0);
    const result = await orders.replace(tx, orderId, content, { deleted, version: supersedes + 1 });
    const at = now();
    await saveRecords(tx, [
      {
        ...record,
        state: deleted ? ST.DEL : ST.UPD,
        base: supersedes,
        // The peer adopts the resolution whole; the next ancestor is known once it acknowledges.
        baseContent: null,
        ownVersions: { [String(result.version)]: mergeContentOf(orderJson(result)) },
        merge: null,
        resolution: true,
        theirs: null,
        theirsVersion: null,
        reason: null,
        updatedAt: at,
      },
    ]);
    // The hooks leave a remote in collision alone (relay.ts): queue the resolution for it here.
    await enqueue(tx, remoteId, [orderId], at);
    await writeLog(tx, [
      {
        at,
        remoteId,
        direction: 'local',
        orderId,
        version: result.version,
        base: supersedes,
        stateBefore: record.state,
        stateAfter: deleted ? ST.DEL : ST.UPD,
        outcome: 'resolved',
        detail: choice.take === 'MERGE' ? `merged: ${MERGE_FIELDS.map((f) => `${f}=${pick(f).toLowerCase()}`).join(', ')}` : `took ${choice.take.toLowerCase()}`,
      },
    ]);
    return result;
  });
}
