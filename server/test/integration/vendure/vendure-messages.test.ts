import { describe, expect, it } from 'vitest';
import { computeTotals, type OrderContent } from '../../../src/orders/order.types.js';
import { mergeContentOf, type OrderJson } from '../../../src/integration/message.js';
import type { KnownOrder } from '../../../src/integration/remote-adapter.js';
import { ST } from '../../../src/integration/sync-state.js';
import { contentFromVendure } from '../../../src/integration/vendure/vendure-mapping.js';
import { inboundForShopOrder, orderIdForShopOrder, sameSyncedContent, shopChangedFields } from '../../../src/integration/vendure/vendure-messages.js';
import { vendureOrder } from './vendure-order.fixture.js';

const NOW = new Date('2026-02-01T12:00:00.000Z');
const shop = vendureOrder();
const shopContent = contentFromVendure(shop);

const ours = (content: OrderContent, version: number): OrderJson => ({
  id: 'ord-1',
  code: 'ORD-000123',
  ...content,
  ...computeTotals(content),
  createdAt: '2026-01-02T09:00:00.000Z',
  updatedAt: '2026-01-02T09:00:00.000Z',
  version,
  deleted: false,
});

const known = (over: Partial<KnownOrder> = {}): KnownOrder => ({
  orderId: 'ord-1',
  remoteKey: '42',
  state: ST.OK,
  version: 3,
  base: 3,
  baseContent: mergeContentOf(ours(shopContent, 3)),
  order: ours(shopContent, 3),
  ...over,
});

const seen = (k: KnownOrder | undefined, order = shop) => inboundForShopOrder({ order, content: contentFromVendure(order), known: k, remoteName: 'shop', now: NOW });

describe('what a listed shop order means here', () => {
  it('an unknown shop order is NEW at version 1 under its externalId, or a stable uuid v5 of remote and shop id', () => {
    expect(seen(undefined)).toMatchObject({ orderId: 'ord-1', state: ST.NEW, version: 1, base: 0, remoteKey: '42', order: { id: 'ord-1', code: '', total: 4570 } });
    const theirs = vendureOrder({ customFields: { externalId: null, syncNote: null } });
    const id = orderIdForShopOrder('shop', '42');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
    expect(orderIdForShopOrder('shop', '42')).toBe(id);
    expect(orderIdForShopOrder('other-shop', '42')).not.toBe(id);
    expect(seen(undefined, theirs)?.orderId).toBe(id);
  });

  it('equal to what was agreed (line order and totals aside): nothing', () => {
    const reordered = ours({ ...shopContent, lines: [...shopContent.lines].reverse() }, 3);
    expect(seen(known({ baseContent: mergeContentOf(reordered) }))).toBeNull();
    expect(sameSyncedContent(reordered, ours(shopContent, 3))).toBe(true);
  });

  it('a shop change: UPD on the last agreed version, laid onto our copy', () => {
    const changed = vendureOrder({ state: 'Shipped' });
    expect(seen(known(), changed)).toMatchObject({
      orderId: 'ord-1',
      state: ST.UPD,
      version: 4,
      base: 3,
      order: { id: 'ord-1', code: 'ORD-000123', status: 'shipped', version: 4, updatedAt: NOW.toISOString() },
    });
  });

  it('Cancelled is a status change, not a deletion', () => {
    expect(seen(known(), vendureOrder({ state: 'Cancelled' }))).toMatchObject({ state: ST.UPD, order: { status: 'cancelled', deleted: false } });
  });

  it('equal to our unacknowledged copy (an answer lost): the acknowledgement of our version', () => {
    const create = known({ state: ST.NEW, version: 1, base: 0, baseContent: null, order: ours(shopContent, 1), remoteKey: null });
    expect(seen(create)).toMatchObject({ state: ST.OK, version: 1, base: 1, remoteKey: '42', order: { code: 'ORD-000123' } });
    const edit = known({ state: ST.UPD, version: 4, base: 3, baseContent: mergeContentOf(ours({ ...shopContent, note: null }, 3)), order: ours(shopContent, 4) });
    expect(seen(edit)).toMatchObject({ state: ST.OK, version: 4, base: 4 });
  });

  it('never agreed and different: nothing (the create is retried and acknowledged by the push)', () => {
    const create = known({ state: ST.NEW, version: 1, base: 0, baseContent: null, order: ours({ ...shopContent, note: 'other' }, 1) });
    expect(seen(create)).toBeNull();
  });

  it('a shop order in a state we cannot map: a message with the reason', () => {
    const odd = vendureOrder({ state: 'AwaitingPickup' });
    const message = inboundForShopOrder({ order: odd, content: { error: 'no status' }, known: known(), remoteName: 'shop', now: NOW });
    expect(message).toMatchObject({ state: ST.ERROR, version: 4, base: 3, order: null, error: 'no status', remoteKey: '42' });
  });
});

describe('what the shop changed since the last agreement (read, compare, write)', () => {
  const base = mergeContentOf(ours(shopContent, 3));
  it('a field the shop changed to something else than ours is its change; the same change as ours is none', () => {
    const shopCopy = { ...shopContent, status: 'shipped' as const, note: 'ours too' };
    expect(shopChangedFields(shopCopy, base, ours({ ...shopContent, note: 'ours too' }, 4))).toEqual(['status']);
    expect(shopChangedFields(shopCopy, base, ours({ ...shopContent, status: 'shipped', note: 'ours too' }, 4))).toEqual([]);
    expect(shopChangedFields({ ...shopContent, lines: [...shopContent.lines].reverse() }, base, ours(shopContent, 4))).toEqual([]);
  });
});
