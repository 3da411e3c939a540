import {
  type Injector,
  type Order,
  type OrderItemPriceCalculationStrategy,
  type PriceCalculationResult,
  type ProductVariant,
  type RequestContext,
} from '@vendure/core';
import { CUSTOM_FIELD_NAMES } from './custom-fields.js';

/**
 * Prices a line from `OrderLine.unitPriceOverride` when it is set, else with the strategy the shop
 * had (by default Vendure's: the variant's catalog price).
 *
 * The override is TAX-INCLUSIVE, whatever the channel's "prices include tax" setting: the Orders
 * service stores what the customer pays per unit, and Vendure keeps a tax-inclusive list price
 * exactly as given (`unitPriceWithTax` equals it to the cent) and derives the net price from it.
 * A tax-exclusive override would come back with tax added and rounded, and could differ by a cent.
 */
export class UnitPriceOverrideStrategy implements OrderItemPriceCalculationStrategy {
  /** @param fallback the shop's strategy until now (Vendure's default prices from the catalog). */
  constructor(private readonly fallback: OrderItemPriceCalculationStrategy) {}

  // Vendure initialises only the configured strategy, which is this one: pass the calls on.
  async init(injector: Injector): Promise<void> {
    await this.fallback.init?.(injector);
  }

  async destroy(): Promise<void> {
    await this.fallback.destroy?.();
  }

  calculateUnitPrice(
    ctx: RequestContext,
    productVariant: ProductVariant,
    orderLineCustomFields: { [key: string]: unknown },
    order: Order,
    quantity: number,
  ): PriceCalculationResult | Promise<PriceCalculationResult> {
    const override = orderLineCustomFields?.[CUSTOM_FIELD_NAMES.unitPriceOverride];
    if (typeof override === 'number' && Number.isInteger(override) && override >= 0) {
      return { price: override, priceIncludesTax: true };
    }
    return this.fallback.calculateUnitPrice(ctx, productVariant, orderLineCustomFields, order, quantity);
  }
}
