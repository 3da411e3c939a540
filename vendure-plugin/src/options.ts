/** What a shop owner can set in `OrdersSyncPlugin.init({ ... })`. */
export interface OrdersSyncPluginOptions {
  /**
   * Adds `OrderLine.unitPriceOverride` and a price strategy that uses it, so that an order created
   * by the Orders service keeps the unit prices it was agreed at instead of the catalog's. Off by
   * default: with it off, every line is priced from the catalog, as in a stock shop.
   */
  unitPriceOverride?: boolean;
}

export const DEFAULT_OPTIONS: Required<OrdersSyncPluginOptions> = {
  unitPriceOverride: false,
};

export function resolveOptions(options: OrdersSyncPluginOptions = {}): Required<OrdersSyncPluginOptions> {
  for (const key of Object.keys(options)) {
    if (!(key in DEFAULT_OPTIONS)) {
      throw new Error(`OrdersSyncPlugin.init: unknown option "${key}" (known: ${Object.keys(DEFAULT_OPTIONS).join(', ')})`);
    }
  }
  if (options.unitPriceOverride !== undefined && typeof options.unitPriceOverride !== 'boolean') {
    throw new Error('OrdersSyncPlugin.init: option "unitPriceOverride" must be true or false');
  }
  return { ...DEFAULT_OPTIONS, ...options };
}
