import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from './support/catalog.js';
import { columnsOf, databaseExists, hasUniqueIndex } from './support/postgres-admin.js';
import { startTestShop, type TestShop } from './support/vendure-server.js';

describe('test shop harness', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop();
    console.log(`[harness] Vendure started in ${shop.startedInMs} ms`);
  });
  afterAll(async () => {
    await shop?.stop();
  });

  it('serves the catalog in EUR with tax-inclusive prices', async () => {
    const { productVariants, activeChannel } = await shop.adminClient.query(
      parse(`query { activeChannel { defaultCurrencyCode pricesIncludeTax }
        productVariants(options: { take: 100 }) { items { sku priceWithTax currencyCode stockOnHand } } }`),
    );
    expect(activeChannel).toEqual({ defaultCurrencyCode: 'EUR', pricesIncludeTax: true });
    const expected = CATALOG;
    expect(productVariants.items).toHaveLength(expected.length);
    for (const v of expected) {
      expect(productVariants.items).toContainEqual({ sku: v.sku, priceWithTax: v.price, currencyCode: 'EUR', stockOnHand: v.stockOnHand });
    }
  });

  it('has the plugin\'s columns (what a migration adds) and the unique index on externalId', async () => {
    const orderColumns = await columnsOf(shop.databaseName, 'order');
    expect(orderColumns.filter((c) => c.name.startsWith('customFields'))).toEqual([
      { name: 'customFieldsExternalid', type: 'character varying' },
      { name: 'customFieldsSyncnote', type: 'text' },
    ]);
    expect(await hasUniqueIndex(shop.databaseName, 'order', 'customFieldsExternalid')).toBe(true);
    // The default options leave order lines alone.
    const lineColumns = await columnsOf(shop.databaseName, 'order_line');
    expect(lineColumns.filter((c) => c.name.startsWith('customFields'))).toEqual([]);
  });

  it('drops its database on stop', async () => {
    expect(await databaseExists(shop.databaseName)).toBe(true);
    const started = Date.now();
    await shop.stop();
    console.log(`[harness] Vendure stopped in ${Date.now() - started} ms`);
    expect(await databaseExists(shop.databaseName)).toBe(false);
  });
});
