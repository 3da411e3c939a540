import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../server/src/integration/transport.js';
import { contentFromVendure } from '../../server/src/integration/vendure/vendure-mapping.js';
import type { ChangeCursor } from '../../server/src/integration/vendure/vendure-orders.js';
import { catalogVariant } from './support/catalog.js';
import { placeShopOrder } from './support/shop-customer.js';
import { sampleContent, uniqueId, useSyncedShop } from './support/sync-client.js';

/**
 * Finding what changed in the shop, with the plugin's default options (no price override): shop
 * orders appear, carts and drafts do not, each change is listed once across pages and polls.
 */
describe('orders changed in the shop', () => {
  // Pages of 3 to page through the few orders of the test.
  const env = useSyncedShop({}, { pageSize: 3 });
  let cursor: ChangeCursor;
  const ours: string[] = [];
  // Some stamps of the plugin follow the commit of their change by a few ms (event subscribers):
  // an order listed before its last stamp would (rightly) be listed again, which these tests of
  // "exactly once" do not want.
  const settle = () => sleep(300);
  const shopOrders: string[] = [];

  it('lists placed orders, ours and the shop customers\', and no carts or drafts', async () => {
    expect((await env.orders.listChangedSince(null)).orders).toEqual([]);
    for (let i = 0; i < 4; i++) ours.push((await env.orders.createOrder(uniqueId(), sampleContent())).order.id);
    ours.push((await env.orders.createOrder(uniqueId(), sampleContent({ status: 'pending' }))).order.id);
    shopOrders.push((await placeShopOrder(env.shop, [{ sku: 'TEE-M', quantity: 1 }])).id);
    shopOrders.push((await placeShopOrder(env.shop, [{ sku: 'BOOK-01', quantity: 2 }, { sku: 'MUG-RED', quantity: 1 }])).id);
    // Not orders yet: a customer's cart, an operator's draft, a draft of ours a create left behind.
    await env.shop.shopClient.asAnonymousUser();
    await env.shop.shopClient.query(parse(`mutation($v: ID!) { addItemToOrder(productVariantId: $v, quantity: 1) { ... on Order { id } } }`), {
      v: env.shop.variantIds.get('MUG-BLUE'),
    });
    await env.client.request(`mutation { createDraftOrder { id } }`);
    const draft = await env.client.request<{ createDraftOrder: { id: string } }>(`mutation { createDraftOrder { id } }`);
    await env.client.request(`mutation($id: ID!) { setDraftOrderCustomFields(orderId: $id, input: { id: $id, customFields: { externalId: "left-behind" } }) { id } }`, {
      id: draft.createDraftOrder.id,
    });

    await settle();
    const listed = await env.orders.listChangedSince(null);
    const ids = listed.orders.map((o) => o.id);

    expect(new Set(ids)).toEqual(new Set([...ours, ...shopOrders]));
    expect(ids).toHaveLength(ours.length + shopOrders.length);
    const times = listed.orders.map((o) => Date.parse(o.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(listed.cursor.after).toBe(listed.orders.at(-1)!.updatedAt);
    cursor = listed.cursor;
  });

  it('maps a shop customer\'s order to our content (catalog prices, tax included)', async () => {
    const order = (await env.orders.getById(shopOrders[1]!))!;
    const content = contentFromVendure(order);
    expect(content).toMatchObject({
      status: 'paid',
      customer: { name: 'Grace Hopper', phone: null },
      shippingAddress: { fullName: 'Grace Hopper', line1: 'Arcisstraße 21', line2: null, city: 'München', postalCode: '80333', countryCode: 'DE' },
      currency: 'EUR',
      shippingCost: 490,
      note: null,
    });
    expect(content.lines).toEqual([
      { sku: 'BOOK-01', name: 'Paperback', quantity: 2, unitPrice: catalogVariant('BOOK-01').price },
      { sku: 'MUG-RED', name: 'Mug, red', quantity: 1, unitPrice: catalogVariant('MUG-RED').price },
    ]);
    expect(order.totalWithTax).toBe(2 * 1500 + 1290 + 490);
  });

  it('lists each change once: nothing again right after, then exactly what changed', async () => {
    const again = await env.orders.listChangedSince(cursor);
    expect(again.orders).toEqual([]);
    await env.orders.setStatus(shopOrders[0]!, 'shipped');
    await env.client.request(`mutation($id: ID!) { setOrderCustomFields(input: { id: $id, customFields: { syncNote: "Gift wrap" } }) { id } }`, {
      id: ours[1],
    });
    await settle();
    const changed = await env.orders.listChangedSince(again.cursor);
    expect(changed.orders.map((o) => o.id).sort()).toEqual([shopOrders[0]!, ours[1]!].sort());
    expect(changed.orders.find((o) => o.id === ours[1])?.customFields.syncNote).toBe('Gift wrap');
    expect((await env.orders.listChangedSince(changed.cursor)).orders).toEqual([]);
  });

  it('prices from the catalog without the override option: our unit price is not sent', async () => {
    const content = sampleContent({ lines: [{ sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 1, unitPrice: 999 }] });
    const { order } = await env.orders.createOrder(uniqueId(), content);
    expect(order.lines[0]!.unitPriceWithTax).toBe(catalogVariant('MUG-BLUE').price);
    expect(contentFromVendure(order).lines[0]!.unitPrice).toBe(1290);
  });

  it('reports the shop down as a transport error to retry', async () => {
    await env.shop.stop();
    const err = await env.orders.listChangedSince(cursor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).permanent).toBe(false);
    expect((err as Error).message).toMatch(/cannot reach the shop/);
  });
});
