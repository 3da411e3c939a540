import { describe, expect, it } from 'vitest';
import { contentFromVendure } from '../../../src/integration/vendure/vendure-mapping.js';
import { isEmptyPlan, planModification } from '../../../src/integration/vendure/vendure-modification.js';
import { vendureOrder } from './vendure-order.fixture.js';

const order = vendureOrder();
const content = contentFromVendure(order);
const noVariants = new Map<string, string>();

describe('modification plans', () => {
  it('is empty when our content is what the shop has', () => {
    expect(isEmptyPlan(planModification(order, content, noVariants, true))).toBe(true);
  });

  it('adjusts quantities, removes missing lines (quantity 0) and adds new SKUs', () => {
    const plan = planModification(
      order,
      { ...content, lines: [{ ...content.lines[0]!, quantity: 5 }, { sku: 'TEE-M', name: 'T-shirt', quantity: 1, unitPrice: 2499 }] },
      new Map([['TEE-M', '3']]),
      false,
    );
    expect(plan).toEqual({
      adjustOrderLines: [
        { orderLineId: '100', quantity: 5 },
        { orderLineId: '101', quantity: 0 },
      ],
      addItems: [{ productVariantId: '3', quantity: 1 }],
      updateShippingAddress: null,
    });
  });

  it('sends changed and new unit prices as overrides only with the override option', () => {
    const desired = {
      ...content,
      lines: [{ ...content.lines[0]!, unitPrice: 999 }, content.lines[1]!, { sku: 'TEE-M', name: 'T', quantity: 2, unitPrice: 2000 }],
    };
    const variants = new Map([['TEE-M', '3']]);
    expect(planModification(order, desired, variants, true)).toMatchObject({
      adjustOrderLines: [{ orderLineId: '100', quantity: 2, customFields: { unitPriceOverride: 999 } }],
      addItems: [{ productVariantId: '3', quantity: 2, customFields: { unitPriceOverride: 2000 } }],
    });
    expect(planModification(order, desired, variants, false)).toEqual({
      adjustOrderLines: [],
      addItems: [{ productVariantId: '3', quantity: 2 }],
      updateShippingAddress: null,
    });
  });

  it('folds our lines of one SKU into one, and a second shop line of that SKU to zero', () => {
    const twoShopLines = vendureOrder({ lines: [order.lines[0]!, { ...order.lines[0]!, id: '102', quantity: 1 }, order.lines[1]!] });
    const plan = planModification(
      twoShopLines,
      { ...content, lines: [{ ...content.lines[0]!, quantity: 1 }, { ...content.lines[0]!, quantity: 2 }, content.lines[1]!] },
      noVariants,
      false,
    );
    expect(plan.adjustOrderLines).toEqual([
      { orderLineId: '100', quantity: 3 },
      { orderLineId: '102', quantity: 0 },
    ]);
  });

  it('updates the shipping address when a mapped field differs', () => {
    const plan = planModification(order, { ...content, shippingAddress: { ...content.shippingAddress, line2: 'Rückgebäude' } }, noVariants, false);
    expect(plan.updateShippingAddress).toEqual({
      fullName: 'Grace Hopper',
      streetLine1: 'Arcisstraße 21',
      streetLine2: 'Rückgebäude',
      city: 'München',
      postalCode: '80333',
      countryCode: 'DE',
    });
  });
});
