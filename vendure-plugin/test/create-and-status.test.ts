import { describe, expect, it } from 'vitest';
import { contentFromVendure } from '../../server/src/integration/vendure/vendure-mapping.js';
import { refusalOf, sampleContent, uniqueId, useSyncedShop } from './support/sync-client.js';

/** Creating our orders in the shop (with the price override), their status, and what the shop refuses. */
describe('creating orders in the shop and setting their status', () => {
  const env = useSyncedShop({ plugin: { unitPriceOverride: true } }, { unitPriceOverride: true });

  const countWithExternalId = async (externalId: string) => {
    const data = await env.client.request<{ orders: { totalItems: number } }>(
      `query($id: String!) { orders(options: { filter: { externalId: { eq: $id } } }) { totalItems } }`,
      { id: externalId },
    );
    return data.orders.totalItems;
  };

  it('creates a placed, paid order that maps back to exactly our content', async () => {
    const externalId = uniqueId();
    const content = sampleContent({
      lines: [
        { sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 2, unitPrice: 1100 }, // below the catalog's 1290
        { sku: 'BOOK-01', name: 'Paperback', quantity: 1, unitPrice: 1500 },
      ],
      shippingAddress: { ...sampleContent().shippingAddress, line2: '3rd floor' },
    });
    const { order, created } = await env.orders.createOrder(externalId, content);
    expect(created).toBe(true);
    expect(order.state).toBe('PaymentSettled');
    expect(order.orderPlacedAt).not.toBeNull();
    expect(order.customFields.externalId).toBe(externalId);
    expect(contentFromVendure(order)).toEqual(content);
    // The shop computed the rest: tax-inclusive totals with 19 % and 7 % VAT.
    expect(order.totalWithTax).toBe(2 * 1100 + 1500 + 490);
    expect(new Set(order.taxSummary.map((t) => t.taxRate))).toEqual(new Set([19, 7]));
    expect(order.payments).toHaveLength(1);
    expect(order.payments![0]).toMatchObject({ state: 'Settled', amount: order.totalWithTax, method: 'instant-payment' });

    expect((await env.orders.getById(order.id))?.code).toBe(order.code);
    expect((await env.orders.getByCode(order.code))?.id).toBe(order.id);
    expect((await env.orders.getByExternalId(externalId))?.id).toBe(order.id);
    expect(await env.orders.getByExternalId('no-such-order')).toBeNull();
    expect(await env.orders.getById('999999')).toBeNull();
  });

  it('is idempotent: a create repeated after a lost answer returns the same order', async () => {
    const externalId = uniqueId();
    const content = sampleContent();
    const first = await env.orders.createOrder(externalId, content);
    const again = await env.orders.createOrder(externalId, content);
    expect(again.created).toBe(false);
    expect(again.order.id).toBe(first.order.id);
    expect(await countWithExternalId(externalId)).toBe(1);
  });

  it('starts over from a draft left by a create that died half-way', async () => {
    const externalId = uniqueId();
    const draft = await env.client.request<{ createDraftOrder: { id: string } }>(`mutation { createDraftOrder { id } }`);
    await env.client.request(`mutation($id: ID!, $ext: String!) { setDraftOrderCustomFields(orderId: $id, input: { id: $id, customFields: { externalId: $ext } }) { id } }`, {
      id: draft.createDraftOrder.id,
      ext: externalId,
    });
    const { order, created } = await env.orders.createOrder(externalId, sampleContent());
    expect(created).toBe(true);
    expect(order.id).not.toBe(draft.createDraftOrder.id);
    expect(order.state).toBe('PaymentSettled');
    expect(await countWithExternalId(externalId)).toBe(1);
    expect(await env.orders.getById(draft.createDraftOrder.id)).toBeNull();
  });

  it('resumes an order of ours left waiting for payment', async () => {
    const externalId = uniqueId();
    const pending = await env.orders.createOrder(externalId, sampleContent({ status: 'pending' }));
    expect(pending.order.state).toBe('ArrangingPayment');
    expect(contentFromVendure(pending.order).status).toBe('pending');
    const resumed = await env.orders.createOrder(externalId, sampleContent({ status: 'paid' }));
    expect(resumed).toMatchObject({ created: false, order: { id: pending.order.id, state: 'PaymentSettled' } });
  });

  it('moves forward through paid, shipped and delivered with payments and fulfilments', async () => {
    const { order } = await env.orders.createOrder(uniqueId(), sampleContent({ status: 'pending' }));
    const paid = await env.orders.setStatus(order.id, 'paid');
    expect(paid.state).toBe('PaymentSettled');
    const shipped = await env.orders.setStatus(order.id, 'shipped');
    expect(shipped.state).toBe('Shipped');
    expect(shipped.fulfillments).toEqual([expect.objectContaining({ state: 'Shipped', method: 'Orders service' })]);
    const delivered = await env.orders.setStatus(order.id, 'delivered');
    expect(delivered.state).toBe('Delivered');
    expect(contentFromVendure(delivered).status).toBe('delivered');

    const back = await refusalOf(() => env.orders.setStatus(order.id, 'paid'), 'forbidden-transition');
    console.log(`[refusal] delivered -> paid: ${back.message}`);
    expect(back.reason).toMatch(/only goes forward/);
  });

  it('creates an order straight in a later status (delivered = paid, shipped and delivered)', async () => {
    const { order } = await env.orders.createOrder(uniqueId(), sampleContent({ status: 'delivered' }));
    expect(order.state).toBe('Delivered');
    expect(order.payments?.map((p) => p.state)).toEqual(['Settled']);
  });

  it('cancels a paid order (all lines), keeps its lines as placed, and refuses to un-cancel', async () => {
    const content = sampleContent();
    const { order } = await env.orders.createOrder(uniqueId(), content);
    const cancelled = await env.orders.setStatus(order.id, 'cancelled');
    expect(cancelled.state).toBe('Cancelled');
    expect(cancelled.lines.every((l) => l.quantity === 0)).toBe(true);
    expect(cancelled.shippingWithTax).toBe(0);
    expect(contentFromVendure(cancelled)).toEqual({ ...content, status: 'cancelled' });

    const refusal = await refusalOf(() => env.orders.setStatus(order.id, 'paid'), 'cancelled-is-final');
    console.log(`[refusal] un-cancel: ${refusal.message}`);
    expect(refusal).toMatchObject({ shopCode: 'Cancelled', orderId: null });
    // Through updateOrder too, with the order's id on the refusal.
    const viaUpdate = await refusalOf(() => env.orders.updateOrder(order.id, { ...content, status: 'shipped' }), 'cancelled-is-final');
    expect(viaUpdate.orderId).toBe(order.id);
  });

  it('cancels an order of ours still waiting for payment', async () => {
    const { order } = await env.orders.createOrder(uniqueId(), sampleContent({ status: 'pending' }));
    expect((await env.orders.setStatus(order.id, 'cancelled')).state).toBe('Cancelled');
  });

  it('refuses unknown SKUs before writing anything, naming each', async () => {
    const externalId = uniqueId();
    const content = sampleContent({
      lines: [
        { sku: 'MUG-BLUE', name: 'Mug', quantity: 1, unitPrice: 1290 },
        { sku: 'NOPE-1', name: 'Ghost', quantity: 1, unitPrice: 100 },
        { sku: 'NOPE-2', name: 'Ghost 2', quantity: 1, unitPrice: 100 },
      ],
    });
    const refusal = await refusalOf(() => env.orders.createOrder(externalId, content), 'unknown-sku');
    console.log(`[refusal] unknown SKU: ${refusal.message}`);
    expect(refusal.reason).toContain('NOPE-1, NOPE-2');
    expect(refusal.shopCode).toBe('UNKNOWN_SKU');
    expect(await countWithExternalId(externalId)).toBe(0);
  });

  it('refuses what the shop cannot sell, leaving no draft behind', async () => {
    const externalId = uniqueId();
    const content = sampleContent({ lines: [{ sku: 'POSTER-RARE', name: 'Rare poster', quantity: 5, unitPrice: 9900 }] });
    const refusal = await refusalOf(() => env.orders.createOrder(externalId, content), 'not-sellable');
    console.log(`[refusal] not enough stock: ${refusal.message} [${refusal.shopCode}]`);
    expect(await countWithExternalId(externalId)).toBe(0);
  });

  it('refuses another currency and an unknown country', async () => {
    const currency = await refusalOf(() => env.orders.createOrder(uniqueId(), sampleContent({ currency: 'USD' })), 'not-representable');
    expect(currency.reason).toBe('The shop sells in EUR; an order in USD cannot be placed there.');
    const externalId = uniqueId();
    const country = await refusalOf(
      () => env.orders.createOrder(externalId, sampleContent({ shippingAddress: { ...sampleContent().shippingAddress, countryCode: 'JP' } })),
      'not-representable',
    );
    console.log(`[refusal] unknown country: ${country.message} [${country.shopCode}]`);
    expect(await countWithExternalId(externalId)).toBe(0);
  });

  it('surfaces a transition the order process forbids as an OrderStateTransitionError refusal', async () => {
    const { order } = await env.orders.createOrder(uniqueId(), sampleContent());
    const refusal = await refusalOf(() => env.orders.transition(order.id, 'Delivered'), 'forbidden-transition');
    console.log(`[refusal] PaymentSettled -> Delivered: ${refusal.message} [${refusal.shopCode}]`);
    expect(refusal).toMatchObject({ shopCode: 'ORDER_STATE_TRANSITION_ERROR', orderId: order.id });
    expect(refusal.reason).toContain('from PaymentSettled to Delivered');
    expect((await env.orders.getById(order.id))?.state).toBe('PaymentSettled');
  });
});
