import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../server/src/integration/transport.js';
import { syncClientFor } from './support/sync-client.js';
import { runUpdatedAtScript, updatedAtTable } from './support/updated-at-script.js';
import { startTestShop, type TestShop } from './support/vendure-server.js';

describe('Order.updatedAt in stock Vendure (no plugin)', () => {
  let stock: TestShop;
  beforeAll(async () => {
    stock = await startTestShop({ plugin: false });
  });
  afterAll(async () => {
    await stock?.stop();
  });

  it('in stock Vendure 3.7 stays put on most of an order life', async () => {
    const moved = await runUpdatedAtScript(stock);
    console.log(updatedAtTable('[updatedAt] stock Vendure 3.7:', moved));
    // The steps the plugin exists for: with these staying put, the sync would miss the change.
    for (const step of [
      'transition Draft -> ArrangingPayment',
      'manual payment (-> PaymentSettled)',
      'transition -> Modifying',
      'modifyOrder: address only',
      'modifyOrder: quantity down with refund',
      'fulfilment -> Shipped (order -> Shipped)',
      'fulfilment -> Delivered (order -> Delivered)',
    ]) {
      expect.soft(moved.get(step), step).toBe(false);
    }
    expect(moved.get('modifyOrder dryRun')).toBe(false);
  });

  it('makes the sync say that the plugin is missing', async () => {
    const { orders } = syncClientFor(stock);
    const err = await orders.getByExternalId('ord-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).permanent).toBe(true);
    console.log(`[plugin missing] ${(err as Error).message}`);
    expect((err as Error).message).toMatch(/^the shop answered GRAPHQL_VALIDATION_FAILED: the shop lacks the OrdersSyncPlugin/);
  });
});
