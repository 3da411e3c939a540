import type { OrderContent } from '../../orders/order.types.js';
import { CUSTOM_FIELDS } from './vendure-custom-fields.js';
import { sameAddress, type VendureAddressInput, addressInput } from './vendure-mapping.js';
import type { VendureOrder } from './vendure-order.types.js';

/**
 * What `modifyOrder` must change so that a placed Vendure order has our lines and address. Pure:
 * vendure-orders.ts runs it (dry run first, then for real with the payment or refund).
 */
export interface ModificationPlan {
  adjustOrderLines: { orderLineId: string; quantity: number; customFields?: Record<string, number> }[];
  addItems: { productVariantId: string; quantity: number; customFields?: Record<string, number> }[];
  updateShippingAddress: Omit<VendureAddressInput, 'phoneNumber'> | null;
}

export const isEmptyPlan = (plan: ModificationPlan): boolean =>
  plan.adjustOrderLines.length === 0 && plan.addItems.length === 0 && plan.updateShippingAddress === null;

/**
 * Lines are matched by SKU. Quantities are ours to set. Unit prices are ours only with the plugin's
 * price override (then a changed price is sent as the line's new override); without it the shop
 * prices every line from its catalog and a price of ours that differs is not sent.
 *
 * @param variantIds the shop's variant id of every SKU in `desired` that the order does not have yet
 */
export function planModification(
  order: VendureOrder,
  desired: Pick<OrderContent, 'lines' | 'shippingAddress' | 'customer'>,
  variantIds: ReadonlyMap<string, string>,
  withPriceOverride: boolean,
): ModificationPlan {
  const wanted = new Map<string, { quantity: number; unitPrice: number }>();
  for (const line of desired.lines) {
    const seen = wanted.get(line.sku);
    wanted.set(line.sku, { quantity: (seen?.quantity ?? 0) + line.quantity, unitPrice: seen?.unitPrice ?? line.unitPrice });
  }
  const plan: ModificationPlan = { adjustOrderLines: [], addItems: [], updateShippingAddress: null };
  const matched = new Set<string>();
  for (const line of order.lines) {
    const sku = line.productVariant.sku;
    const want = matched.has(sku) ? undefined : wanted.get(sku);
    matched.add(sku);
    // A second shop line of the same SKU is folded into the first.
    const quantity = want?.quantity ?? 0;
    const priceChanged = withPriceOverride && want !== undefined && want.unitPrice !== line.unitPriceWithTax;
    if (quantity !== line.quantity || priceChanged) {
      plan.adjustOrderLines.push({
        orderLineId: line.id,
        quantity,
        ...(priceChanged ? { customFields: { [CUSTOM_FIELDS.unitPriceOverride]: want.unitPrice } } : {}),
      });
    }
  }
  for (const [sku, want] of wanted) {
    if (matched.has(sku)) continue;
    const productVariantId = variantIds.get(sku);
    if (!productVariantId) throw new Error(`planModification: no variant id for ${sku}`);
    plan.addItems.push({
      productVariantId,
      quantity: want.quantity,
      ...(withPriceOverride ? { customFields: { [CUSTOM_FIELDS.unitPriceOverride]: want.unitPrice } } : {}),
    });
  }
  if (!sameAddress(order, desired)) {
    const { phoneNumber: _phone, ...address } = addressInput(desired);
    plan.updateShippingAddress = address;
  }
  return plan;
}
