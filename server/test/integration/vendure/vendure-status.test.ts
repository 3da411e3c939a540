import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../../src/orders/order.types.js';
import { VendureRefusal } from '../../../src/integration/vendure/vendure-errors.js';
import { planStatusChange } from '../../../src/integration/vendure/vendure-status.js';

describe('status change plans', () => {
  it.each<[string, OrderStatus, string[]]>([
    ['ArrangingPayment', 'pending', []],
    ['ArrangingPayment', 'paid', ['pay']],
    ['ArrangingPayment', 'shipped', ['pay', 'ship']],
    ['ArrangingPayment', 'delivered', ['pay', 'ship', 'deliver']],
    ['ArrangingPayment', 'cancelled', ['cancel']],
    ['PaymentAuthorized', 'paid', ['settle']],
    ['PaymentSettled', 'paid', []],
    ['PaymentSettled', 'shipped', ['ship']],
    ['PaymentSettled', 'delivered', ['ship', 'deliver']],
    ['PartiallyShipped', 'paid', []],
    ['PartiallyShipped', 'shipped', ['ship']],
    ['Shipped', 'delivered', ['deliver']],
    ['PartiallyDelivered', 'delivered', ['deliver']],
    ['Delivered', 'delivered', []],
    ['Delivered', 'cancelled', ['cancel']],
    ['ArrangingAdditionalPayment', 'paid', ['pay']],
    ['Cancelled', 'cancelled', []],
  ])('%s -> %s: %j', (state, target, steps) => {
    expect(planStatusChange(state, target)).toEqual(steps);
  });

  it.each<[string, OrderStatus, string, RegExp]>([
    ['Cancelled', 'paid', 'cancelled-is-final', /cannot un-cancel/],
    ['Cancelled', 'pending', 'cancelled-is-final', /cannot un-cancel/],
    ['Delivered', 'shipped', 'forbidden-transition', /only goes forward/],
    ['Shipped', 'paid', 'forbidden-transition', /cannot go back to "paid"/],
    ['PaymentSettled', 'pending', 'forbidden-transition', /only goes forward/],
    ['Modifying', 'paid', 'forbidden-transition', /being modified/],
    ['Draft', 'paid', 'not-representable', /state Draft/],
    ['AwaitingPickup', 'paid', 'not-representable', /AwaitingPickup/],
  ])('refuses %s -> %s (%s)', (state, target, kind, reason) => {
    let refusal: unknown;
    try {
      planStatusChange(state, target);
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(VendureRefusal);
    expect(refusal).toMatchObject({ kind, shopCode: state });
    expect((refusal as VendureRefusal).reason).toMatch(reason);
  });
});
