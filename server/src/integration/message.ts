import { z } from 'zod';
import type { Order } from '../orders/order.types.js';
import type { ReplicaOrder } from '../orders/order.service.js';
import { orderJson } from '../orders/order.rest.js';

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
}

export type OrderJson = ReturnType<typeof orderJson>;

/** The envelope a feed item carries for the peer (GET /api/orders as the peer). */
export interface FeedEnvelope {
  state: number;
  base: number;
  resolution: boolean;
}

export const wireMessageSchema = z.object({
  orderId: z.uuid(),
  state: z.number().int(),
  version: z.number().int().min(1),
  base: z.number().int().min(0),
  resolution: z.boolean().default(false),
  order: z.record(z.string(), z.unknown()).nullable(),
});

export const MAX_BATCH = 1000;

export function messageFor(order: Order, record: { state: number; base: number; resolution: boolean }): SyncMessage {
  return {
    orderId: order.id,
    state: record.state,
    version: order.version,
    base: record.base,
    resolution: record.resolution,
    order: orderJson(order),
  };
}

const CONTENT_FIELDS = ['status', 'customer', 'shippingAddress', 'currency', 'lines', 'shippingCost', 'note'] as const;

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
