import { describe, expect, it } from 'vitest';
import type { OrderContent } from '../../server/src/orders/order.types.js';
import { contentFromVendure } from '../../server/src/integration/vendure/vendure-mapping.js';
import { refusalOf, sampleContent, uniqueId, useSyncedShop } from './support/sync-client.js';

/** Changing placed orders: the modification flow with additional payments and refunds. */
describe('changing placed orders in the shop', () => {
  const env = useSyncedShop({ plugin: { unitPriceOverride: true } }, { unitPriceOverride: true });

  const paidOrder = async (content: OrderContent = sampleContent()) => (await env.orders.createOrder(uniqueId(), content)).order;
  const historyTypes = async (orderId: string) => {
    const data = await env.client.request<{ order: { history: { items: { type: string }[] } } }>(
      `query($id: ID!) { order(id: $id) { history(options: { take: 100 }) { items { type } } } }`,
      { id: orderId },
    );
    return data.order.history.items.map((h) => h.type);
  };

  it('raises a quantity and adds a line: additional manual payment, back to PaymentSettled', async () => {
    const content = sampleContent();
    const order = await paidOrder(content);
    const desired: OrderContent = {
      ...content,
      lines: [
        { sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 3, unitPrice: 1290 },
        { sku: 'TEE-M', name: 'T-shirt M', quantity: 1, unitPrice: 1999 },
      ],
    };
    const changed = await env.orders.updateOrder(order.id, desired);
    expect(changed.state).toBe('PaymentSettled');
    expect(contentFromVendure(changed)).toEqual(desired);
    expect(changed.totalWithTax - order.totalWithTax).toBe(1290 + 1999);
    expect(changed.payments?.map((p) => [p.state, p.amount]).sort()).toEqual(
      [
        ['Settled', order.totalWithTax],
        ['Settled', 1290 + 1999],
      ].sort(),
    );
    expect(await historyTypes(order.id)).toContain('ORDER_MODIFIED');
  });

  it('lowers a quantity: refund through the payment method, back to PaymentSettled', async () => {
    const content = sampleContent({ lines: [{ sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 3, unitPrice: 1290 }] });
    const order = await paidOrder(content);
    const desired = { ...content, lines: [{ ...content.lines[0]!, quantity: 1 }] };
    const changed = await env.orders.updateOrder(order.id, desired);
    expect(changed.state).toBe('PaymentSettled');
    expect(contentFromVendure(changed)).toEqual(desired);
    expect(changed.payments).toHaveLength(1);
    expect(changed.payments![0]!.refunds).toEqual([expect.objectContaining({ state: 'Settled', total: 2 * 1290 })]);
  });

  it('removes a line and changes a unit price (the override), in one modification', async () => {
    const content = sampleContent({
      lines: [
        { sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 2, unitPrice: 1290 },
        { sku: 'BOOK-01', name: 'Paperback', quantity: 1, unitPrice: 1500 },
      ],
    });
    const order = await paidOrder(content);
    const desired = { ...content, lines: [{ sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 2, unitPrice: 1000 }] };
    const changed = await env.orders.updateOrder(order.id, desired);
    expect(contentFromVendure(changed)).toEqual(desired);
    expect(changed.payments![0]!.refunds.map((r) => r.total)).toEqual([1500 + 2 * 290]);
  });

  it('changes the address alone: no payment, no refund', async () => {
    const content = sampleContent();
    const order = await paidOrder(content);
    const desired: OrderContent = {
      ...content,
      shippingAddress: { fullName: 'Ada King', line1: 'Jungfernstieg 7', line2: 'c/o Byron', city: 'Hamburg', postalCode: '20354', countryCode: 'DE' },
    };
    const changed = await env.orders.updateOrder(order.id, desired);
    expect(changed.state).toBe('PaymentSettled');
    expect(contentFromVendure(changed)).toEqual(desired);
    expect(changed.totalWithTax).toBe(order.totalWithTax);
    expect(changed.payments?.flatMap((p) => p.refunds)).toEqual([]);
  });

  it('changes the note and the customer (another email is another shop customer)', async () => {
    const content = sampleContent();
    const order = await paidOrder(content);
    const desired: OrderContent = {
      ...content,
      note: 'Ring twice',
      customer: { name: 'Charles Babbage', email: `charles.${uniqueId()}@example.com`, phone: null },
    };
    const changed = await env.orders.updateOrder(order.id, desired);
    expect(changed.customFields.syncNote).toBe('Ring twice');
    expect(changed.customer).toMatchObject({ firstName: 'Charles', lastName: 'Babbage', emailAddress: desired.customer.email });
    expect(changed.customer?.id).not.toBe(order.customer?.id);
    const cleared = await env.orders.updateOrder(order.id, { ...desired, note: null });
    expect(cleared.customFields.syncNote).toBeNull();
  });

  it('changes lines and status together on a shipped order (new items make it PartiallyShipped, then shipped again)', async () => {
    const content = sampleContent({ status: 'shipped' });
    const order = await paidOrder(content);
    expect(order.state).toBe('Shipped');
    const desired: OrderContent = { ...content, lines: [...content.lines, { sku: 'TEE-L', name: 'T-shirt L', quantity: 1, unitPrice: 2499 }] };
    const changed = await env.orders.updateOrder(order.id, desired);
    expect(changed.state).toBe('Shipped');
    expect(changed.fulfillments).toHaveLength(2);
    expect(contentFromVendure(changed)).toEqual(desired);
  });

  it('refuses a modification the shop refuses (not enough stock) and leaves the order as it was', async () => {
    const content = sampleContent();
    const order = await paidOrder(content);
    const desired = { ...content, lines: [...content.lines, { sku: 'POSTER-RARE', name: 'Rare poster', quantity: 5, unitPrice: 9900 }] };
    const refusal = await refusalOf(() => env.orders.updateOrder(order.id, desired), 'not-sellable');
    console.log(`[refusal] modification, not enough stock: ${refusal.message} [${refusal.shopCode}]`);
    expect(refusal).toMatchObject({ shopCode: 'INSUFFICIENT_STOCK_ERROR', orderId: order.id });
    const after = await env.orders.getById(order.id);
    expect(after?.state).toBe('PaymentSettled');
    expect(contentFromVendure(after!)).toEqual(content);
  });

  it('refuses an unknown SKU in a change, and changes to a delivered order', async () => {
    const content = sampleContent();
    const order = await paidOrder(content);
    await refusalOf(
      () => env.orders.updateOrder(order.id, { ...content, lines: [{ sku: 'NOPE-9', name: 'Ghost', quantity: 1, unitPrice: 100 }] }),
      'unknown-sku',
    );
    expect(contentFromVendure((await env.orders.getById(order.id))!)).toEqual(content);

    const delivered = await paidOrder(sampleContent({ status: 'delivered' }));
    const refusal = await refusalOf(
      () => env.orders.updateOrder(delivered.id, { ...contentFromVendure(delivered), lines: [{ sku: 'MUG-RED', name: 'Mug, red', quantity: 1, unitPrice: 1290 }] }),
      'modification-refused',
    );
    console.log(`[refusal] change a delivered order: ${refusal.message}`);
    expect((await env.orders.getById(delivered.id))?.state).toBe('Delivered');
  });

  it('changes nothing when nothing differs', async () => {
    const content = sampleContent();
    const order = await paidOrder(content);
    const same = await env.orders.updateOrder(order.id, content);
    expect(same.updatedAt).toBe(order.updatedAt);
  });

  it('cancels through updateOrder, and a cancelled order only takes a note', async () => {
    const content = sampleContent();
    const order = await paidOrder(content);
    const cancelled = await env.orders.updateOrder(order.id, { ...content, status: 'cancelled' });
    expect(cancelled.state).toBe('Cancelled');
    const noted = await env.orders.updateOrder(order.id, { ...content, status: 'cancelled', note: 'Customer called' });
    expect(noted.customFields.syncNote).toBe('Customer called');
  });
});
