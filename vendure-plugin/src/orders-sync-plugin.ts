import { VendurePlugin, type RuntimeVendureConfig } from '@vendure/core';
import { orderCustomFields, orderLineCustomFields } from './custom-fields.js';
import { resolveOptions, type OrdersSyncPluginOptions } from './options.js';
import { UnitPriceOverrideStrategy } from './unit-price-override-strategy.js';
import { UpdatedAtStamp } from './updated-at-stamp.js';

/**
 * What a Vendure shop needs to sync its orders with the Orders service:
 * - `Order.externalId`: our id of the order (unique, filterable, Admin API only);
 * - `Order.syncNote`: the order's note, synced both ways;
 * - `Order.updatedAt` moved on every change the sync must see;
 * - optionally `OrderLine.unitPriceOverride` and the price strategy that honours it.
 *
 * ```ts
 * plugins: [OrdersSyncPlugin.init({ unitPriceOverride: true })]
 * ```
 */
@VendurePlugin({
  compatibility: '^3.7.0',
  configuration: (config) => OrdersSyncPlugin.configure(config),
})
export class OrdersSyncPlugin {
  private static options = resolveOptions();

  static init(options: OrdersSyncPluginOptions = {}): typeof OrdersSyncPlugin {
    OrdersSyncPlugin.options = resolveOptions(options);
    return OrdersSyncPlugin;
  }

  /** @internal Applied by Vendure before bootstrap. */
  static configure(config: RuntimeVendureConfig): RuntimeVendureConfig {
    const { unitPriceOverride } = OrdersSyncPlugin.options;
    config.customFields.Order = [...(config.customFields.Order ?? []), ...orderCustomFields];

    const stamp = new UpdatedAtStamp();
    config.orderOptions.process = [...config.orderOptions.process, stamp.orderProcess];
    config.paymentOptions.process = [...(config.paymentOptions.process ?? []), stamp.paymentProcess];
    config.paymentOptions.refundProcess = [...(config.paymentOptions.refundProcess ?? []), stamp.refundProcess];
    config.shippingOptions.process = [...(config.shippingOptions.process ?? []), stamp.fulfillmentProcess];

    if (unitPriceOverride) {
      config.customFields.OrderLine = [...(config.customFields.OrderLine ?? []), ...orderLineCustomFields];
      // Wraps whatever strategy the shop has, so its own pricing still applies without an override.
      config.orderOptions.orderItemPriceCalculationStrategy = new UnitPriceOverrideStrategy(
        config.orderOptions.orderItemPriceCalculationStrategy,
      );
    }
    return config;
  }
}
