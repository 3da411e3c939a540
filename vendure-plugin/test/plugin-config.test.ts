import type { Order, ProductVariant, RequestContext, RuntimeVendureConfig } from '@vendure/core';
import { describe, expect, it } from 'vitest';
import { OrdersSyncPlugin, UnitPriceOverrideStrategy } from '../src/index.js';

/** The plugin's configuration step and price strategy, without a server. */
describe('OrdersSyncPlugin configuration', () => {
  const baseConfig = () =>
    ({
      customFields: { Order: [{ name: 'giftWrap', type: 'boolean' }] },
      orderOptions: {
        process: [{ name: 'default' }],
        orderItemPriceCalculationStrategy: {
          calculateUnitPrice: () => ({ price: 100, priceIncludesTax: false }),
        },
      },
      paymentOptions: { process: [], refundProcess: [] },
      shippingOptions: { process: [] },
    }) as unknown as RuntimeVendureConfig;

  it('adds its Order fields next to the shop\'s, stamps in every process, and leaves prices alone by default', () => {
    const config = OrdersSyncPlugin.configure((OrdersSyncPlugin.init(), baseConfig()));
    expect(config.customFields.Order.map((f) => f.name)).toEqual(['giftWrap', 'externalId', 'syncNote']);
    expect(config.customFields.Order.find((f) => f.name === 'externalId')).toMatchObject({ unique: true, nullable: true, public: false });
    expect(config.customFields.OrderLine).toBeUndefined();
    expect(config.orderOptions.process).toHaveLength(2);
    expect(config.paymentOptions.process).toHaveLength(1);
    expect(config.paymentOptions.refundProcess).toHaveLength(1);
    expect(config.shippingOptions.process).toHaveLength(1);
    expect(config.orderOptions.orderItemPriceCalculationStrategy).not.toBeInstanceOf(UnitPriceOverrideStrategy);
  });

  it('with unitPriceOverride adds the OrderLine field and wraps the shop\'s price strategy', () => {
    const config = OrdersSyncPlugin.configure((OrdersSyncPlugin.init({ unitPriceOverride: true }), baseConfig()));
    expect(config.customFields.OrderLine).toEqual([expect.objectContaining({ name: 'unitPriceOverride', type: 'int', public: false })]);
    expect(config.orderOptions.orderItemPriceCalculationStrategy).toBeInstanceOf(UnitPriceOverrideStrategy);
    OrdersSyncPlugin.init();
  });

  it('refuses unknown and mistyped options, naming them', () => {
    expect(() => OrdersSyncPlugin.init({ unitPriceOveride: true } as never)).toThrow('unknown option "unitPriceOveride" (known: unitPriceOverride)');
    expect(() => OrdersSyncPlugin.init({ unitPriceOverride: 'yes' } as never)).toThrow('"unitPriceOverride" must be true or false');
  });
});

describe('UnitPriceOverrideStrategy', () => {
  const ctx = {} as RequestContext;
  const variant = {} as ProductVariant;
  const order = {} as Order;
  const strategy = new UnitPriceOverrideStrategy({
    calculateUnitPrice: () => ({ price: 1084, priceIncludesTax: false }),
  });

  it('uses the override, tax included, when set', () => {
    expect(strategy.calculateUnitPrice(ctx, variant, { unitPriceOverride: 999 }, order, 1)).toEqual({ price: 999, priceIncludesTax: true });
    expect(strategy.calculateUnitPrice(ctx, variant, { unitPriceOverride: 0 }, order, 1)).toEqual({ price: 0, priceIncludesTax: true });
  });

  it('prices as the shop did without it', () => {
    expect(strategy.calculateUnitPrice(ctx, variant, { unitPriceOverride: null }, order, 1)).toEqual({ price: 1084, priceIncludesTax: false });
    expect(strategy.calculateUnitPrice(ctx, variant, {}, order, 1)).toEqual({ price: 1084, priceIncludesTax: false });
  });
});
