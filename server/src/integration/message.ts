import { z } from 'zod';
import type { Order } from '../orders/order.types.js';
import type { ReplicaOrder } from '../orders/order.service.js';
import { orderJson } from '../orders/order.rest.js';
import type { MergeContent } from './merge.js';
import { ST } from './sync-state.js';

/**
 * One sync message: "this order is in `state` at `version`, built on `base`", with the sender's
 * copy of the order. The same shape travels in pushes, in replies and in the pulled feed.
 */
export interface SyncMessage {
  orderId: string;
  state: number;
  version: number;
  base: number;
  /** The change is an admin's resolution of a collision or error. */
  resolution: boolean;
  /** The sender's copy, as the REST API represents an order. */
  order: OrderJson | null;
  /** The change is an automatic merge the sender made: what it merged, for the admin on both sides. */
  merge?: WireMerge;
  /**
   * Why the sender holds the order in collision, in its words: the side that learns of the
   * collision from the other shows the same reason (not only "collision synced"). Informative.
   */
  reason?: string;
}

/** An automatic merge, as both sides show it: by instance names, not ours/theirs. */
export interface WireMerge {
  at: string;
  version: number;
  mergedBy: string;
  from: { name: string; version: number }[];
  /** Each changed field path and where its value came from: an instance name, or `both`. */
  changes: Record<string, string>;
}

const wireMergeSchema = z.object({
  at: z.string().max(40),
  version: z.number().int().min(1),
  mergedBy: z.string().max(64),
  from: z.array(z.object({ name: z.string().max(64), version: z.number().int().min(1) })).max(2),
  changes: z.record(z.string().max(200), z.string().max(64)).refine((c) => Object.keys(c).length <= 500, 'too many changes'),
});

export const wireMerge = (info: WireMerge): WireMerge => ({ at: info.at, version: info.version, mergedBy: info.mergedBy, from: info.from, changes: info.changes });

export type OrderJson = ReturnType<typeof orderJson>;

/** The envelope a feed item carries for the peer (GET /api/orders as the peer). */
export interface FeedEnvelope {
  state: number;
  base: number;
  resolution: boolean;
  reason?: string;
}

const MAX_REASON = 500;

/** The `reason` a message carries: a collision's, as the record says it (see SyncMessage.reason). */
export function collisionReason(record: { state: number; reason?: string | null }): { reason?: string } {
  return record.state === ST.COLLISION && record.reason ? { reason: record.reason.slice(0, MAX_REASON) } : {};
}

/**
 * What a message tells the peer's admin besides the order, from our record: the merge that made
 * this version, and why we hold a collision. Pushes and replies carry the same.
 */
export function annotations(record: { state: number; merge?: WireMerge | null; reason?: string | null }, version: number): Pick<SyncMessage, 'merge' | 'reason'> {
  return {
    ...(record.merge && record.merge.version === version ? { merge: wireMerge(record.merge) } : {}),
    ...collisionReason(record),
  };
}

export const wireMessageSchema = z.object({
  orderId: z.uuid(),
  state: z.number().int(),
  version: z.number().int().min(1),
  base: z.number().int().min(0),
  resolution: z.boolean().default(false),
  order: z.record(z.string(), z.unknown()).nullable(),
  // Informative only: a malformed one is dropped, never a reason to refuse the change itself.
  merge: wireMergeSchema.optional().catch(undefined),
  reason: z.string().max(MAX_REASON).optional().catch(undefined),
});

export const MAX_BATCH = 1000;

export function messageFor(order: Order, record: { state: number; base: number; resolution: boolean; merge?: WireMerge | null; reason?: string | null }): SyncMessage {
  return {
    orderId: order.id,
    state: record.state,
    version: order.version,
    base: record.base,
    resolution: record.resolution,
    order: orderJson(order),
    ...annotations(record, order.version),
  };
}

const CONTENT_FIELDS = ['status', 'customer', 'shippingAddress', 'currency', 'lines', 'shippingCost', 'note'] as const;

/** What a three-way merge compares of an order (REST JSON): its content and whether it is deleted. */
export function mergeContentOf(order: Record<string, unknown>): MergeContent {
  const out = Object.fromEntries(CONTENT_FIELDS.map((f) => [f, order[f] ?? null])) as unknown as MergeContent;
  out.deleted = order.deleted === true;
  return out;
}

/** The order a message carries, as OrderService.applyReplicas takes it; null if it carries none. */
export function replicaOf(message: { orderId: string; version: number; order: Record<string, unknown> | null }): ReplicaOrder | null {
  const o = message.order;
  if (!o) return null;
  return {
    id: typeof o.id === 'string' ? o.id : '',
    code: typeof o.code === 'string' ? o.code : '',
    content: Object.fromEntries(CONTENT_FIELDS.map((f) => [f, o[f]])),
    createdAt: new Date(String(o.createdAt)),
    updatedAt: new Date(String(o.updatedAt)),
    version: typeof o.version === 'number' ? o.version : Number.NaN,
    deleted: o.deleted === true,
  };
}
