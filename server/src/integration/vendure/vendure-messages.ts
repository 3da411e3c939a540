import { v5 as uuidv5 } from 'uuid';
import { computeTotals, type OrderContent } from '../../orders/order.types.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { MergeContent } from '../merge.js';
import { mergeContentOf, type OrderJson } from '../message.js';
import type { InboundMessage, KnownOrder } from '../remote-adapter.js';
import { ST } from '../sync-state.js';
import type { VendureOrder } from './vendure-order.types.js';

/**
 * What the Vendure adapter answers, in the seed's terms, without I/O: a shop order compared with
 * what we hold about it becomes nothing, an acknowledgement, a change or a new order (see the doc
 * comment of RemoteAdapter). Decisions in docs/vendure-mapping.md ("The adapter").
 */

/** Our ids of shop orders we did not create: stable, so a re-listed shop order is the same order here. */
const SHOP_ORDER_NAMESPACE = uuidv5('https://orders-sync.invalid/remote-order', uuidv5.URL);

export const orderIdForShopOrder = (remoteName: string, remoteKey: string): string => uuidv5(`${remoteName}\n${remoteKey}`, SHOP_ORDER_NAMESPACE);

/** Lines in SKU order: the shop keeps its own line order, which carries no meaning for us. */
const byLineSku = (content: MergeContent): MergeContent => ({
  ...content,
  lines: [...content.lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
});

/**
 * Equal in every field the sync carries (mergeContentOf's fields); totals and tax are the shop's
 * and not compared, nor is the order of lines.
 */
export function sameSyncedContent(a: MergeContent | Record<string, unknown>, b: MergeContent | Record<string, unknown>): boolean {
  return canonicalJson(byLineSku(mergeContentOf(a))) === canonicalJson(byLineSku(mergeContentOf(b)));
}

const SYNCED_FIELDS = ['status', 'customer', 'shippingAddress', 'currency', 'lines', 'shippingCost', 'note', 'deleted'] as const;

/**
 * The fields in which the shop's copy holds a change of its own since the last agreement: it
 * differs from what was agreed and from ours. A field the shop holds as we want it is no conflict
 * (the same change on both sides, or our own write of a flow cut off and finished since).
 */
export function shopChangedFields(shop: MergeContent | Record<string, unknown>, base: MergeContent, ours: MergeContent | Record<string, unknown>): string[] {
  const [s, b, o] = [shop, base, ours].map((c) => byLineSku(mergeContentOf(c))) as [MergeContent, MergeContent, MergeContent];
  return SYNCED_FIELDS.filter((f) => canonicalJson(s[f]) !== canonicalJson(b[f]) && canonicalJson(s[f]) !== canonicalJson(o[f]));
}

/**
 * The shop's content laid onto our copy: identity, code, dates stay ours; the content is the shop's,
 * its lines in the order our copy has them (new ones after).
 */
export function ontoOurCopy(shop: OrderContent, ours: OrderJson, version: number, now: Date): OrderJson {
  const position = new Map(ours.lines.map((l, i) => [l.sku, i]));
  const lines = [...shop.lines].sort((a, b) => (position.get(a.sku) ?? Infinity) - (position.get(b.sku) ?? Infinity));
  const content = { ...shop, lines };
  return { ...ours, ...content, ...computeTotals(content), updatedAt: now.toISOString(), version, deleted: false };
}

/**
 * A shop order we do not hold yet, as our order JSON. Its code is left empty: the order gets a code of
 * ours when it arrives (ORDER_CODE_PREFIX-nnnnnn). The shop's `Order.code` is not one of our codes
 * (inbound validation refuses it, so no shop order would ever arrive) and stays the shop's reference.
 */
export function newOrderJson(orderId: string, shop: OrderContent, order: VendureOrder): OrderJson {
  return {
    id: orderId,
    code: '',
    ...shop,
    ...computeTotals(shop),
    createdAt: order.orderPlacedAt ?? order.createdAt,
    updatedAt: order.updatedAt,
    version: 1,
    deleted: false,
  };
}

export interface ShopOrderSeen {
  order: VendureOrder;
  /** contentFromVendure of it, or the reason it cannot be mapped. */
  content: OrderContent | { error: string };
  known: KnownOrder | undefined;
  remoteName: string;
  now: Date;
}

/**
 * What a listed shop order means here (null: nothing to say).
 * - unknown: NEW at version 1 under our id (externalId, else a uuid v5 of remote name and shop id);
 * - equal to what was last agreed: nothing;
 * - equal to our current copy while ours is unacknowledged (NEW or UPD, e.g. our create or change
 *   whose answer was lost): the acknowledgement of our version;
 * - otherwise the shop's change, built on the last agreed version.
 * A shop order that cannot be mapped is a message with `error`.
 */
export function inboundForShopOrder({ order, content, known, remoteName, now }: ShopOrderSeen): InboundMessage | null {
  const remoteKey = order.id;
  const orderId = known?.orderId ?? order.customFields.externalId ?? orderIdForShopOrder(remoteName, remoteKey);
  if ('error' in content) {
    return {
      orderId,
      state: ST.ERROR,
      version: known ? known.base + 1 : 1,
      base: known?.base ?? 0,
      resolution: false,
      order: null,
      remoteKey,
      error: content.error,
    };
  }
  if (!known) {
    return { orderId, state: ST.NEW, version: 1, base: 0, resolution: false, order: newOrderJson(orderId, content, order), remoteKey };
  }
  const shopContent = mergeContentOf({ ...content });
  if (known.baseContent && sameSyncedContent(shopContent, known.baseContent)) return null;
  const unacknowledged = known.state === ST.NEW || known.state === ST.UPD;
  if (sameSyncedContent(shopContent, known.order)) {
    if (!unacknowledged) return null;
    return { orderId, state: ST.OK, version: known.version, base: known.version, resolution: false, order: known.order, remoteKey };
  }
  // Never agreed (our create, its answer lost, the shop's copy not ours yet, e.g. catalog prices):
  // a change built on version 0 would be an impossible combination; the create's retry (idempotent
  // by externalId) brings the shop's copy to ours and is acknowledged.
  if (known.base === 0) return null;
  const version = known.base + 1;
  return {
    orderId,
    state: ST.UPD,
    version,
    base: known.base,
    resolution: false,
    order: ontoOurCopy(content, known.order, version, now),
    remoteKey,
  };
}
