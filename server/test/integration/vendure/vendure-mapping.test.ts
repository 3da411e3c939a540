import { describe, expect, it } from 'vitest';
import { VendureRefusal } from '../../../src/integration/vendure/vendure-errors.js';
import {
  addressInput,
  contentFromVendure,
  customerInput,
  mapState,
  sameAddress,
  shopTotals,
  splitName,
  statusOfState,
} from '../../../src/integration/vendure/vendure-mapping.js';
import { vendureOrder } from './vendure-order.fixture.js';

describe('Vendure order -> our content', () => {
  it('maps every field: gross prices, trimmed text, empty second line as null, upper-case country', () => {
    expect(contentFromVendure(vendureOrder())).toEqual({
      status: 'paid',
      customer: { name: 'Grace Brewster Hopper', email: 'grace@example.com', phone: '+49 89 123' },
      shippingAddress: {
        fullName: 'Grace Hopper',
        line1: 'Arcisstraße 21',
        line2: null,
        city: 'München',
        postalCode: '80333',
        countryCode: 'DE',
      },
      currency: 'EUR',
      lines: [
        { sku: 'MUG-BLUE', name: 'Mug, blue', quantity: 2, unitPrice: 1290 },
        { sku: 'BOOK-01', name: 'Paperback', quantity: 1, unitPrice: 1500 },
      ],
      shippingCost: 490,
      note: 'Leave at the door',
    });
  });

  it('prefers the customer phone, falls back to the address name for a missing full name', () => {
    const order = vendureOrder({
      customer: { id: '7', firstName: 'Ada', lastName: 'Lovelace', emailAddress: 'ada@example.com', phoneNumber: '+44 20 7' },
      shippingAddress: { ...vendureOrder().shippingAddress!, fullName: null },
    });
    const content = contentFromVendure(order);
    expect(content.customer.phone).toBe('+44 20 7');
    expect(content.shippingAddress.fullName).toBe('Ada Lovelace');
  });

  it('passes missing text through empty, for our validation to name the field', () => {
    const content = contentFromVendure(vendureOrder({ shippingAddress: null, customer: null, customFields: { externalId: null, syncNote: null } }));
    expect(content.shippingAddress).toEqual({ fullName: '', line1: '', line2: null, city: '', postalCode: '', countryCode: '' });
    expect(content.customer).toEqual({ name: '', email: '', phone: null });
    expect(content.note).toBeNull();
  });

  it('keeps a cancelled order\'s lines and shipping as placed (Vendure zeroes them)', () => {
    const placed = vendureOrder();
    const cancelled = vendureOrder({
      state: 'Cancelled',
      lines: placed.lines.map((l) => ({ ...l, quantity: 0 })),
      shippingWithTax: 0,
    });
    expect(contentFromVendure(cancelled)).toEqual({ ...contentFromVendure(placed), status: 'cancelled' });
  });

  it('drops lines a modification took to zero', () => {
    const order = vendureOrder({ lines: [vendureOrder().lines[0]!, { ...vendureOrder().lines[1]!, quantity: 0 }] });
    expect(contentFromVendure(order).lines.map((l) => l.sku)).toEqual(['MUG-BLUE']);
  });

  it('shows the shop\'s totals and tax without mapping them', () => {
    expect(shopTotals(vendureOrder())).toEqual({ subTotalWithTax: 4080, shippingWithTax: 490, totalWithTax: 4570, tax: 588, currency: 'EUR' });
  });
});

describe('Vendure states -> our statuses', () => {
  it.each([
    ['ArrangingPayment', 'pending'],
    ['PaymentAuthorized', 'pending'],
    ['PaymentSettled', 'paid'],
    ['PartiallyShipped', 'paid'],
    ['Shipped', 'shipped'],
    ['PartiallyDelivered', 'shipped'],
    ['Delivered', 'delivered'],
    ['ArrangingAdditionalPayment', 'pending'],
    ['Cancelled', 'cancelled'],
  ])('%s -> %s', (state, status) => {
    expect(statusOfState(state)).toBe(status);
  });

  it.each([
    ['Created', 'not-placed', /not placed yet/],
    ['Draft', 'not-placed', /not placed yet/],
    ['AddingItems', 'not-placed', /not placed yet/],
    ['Modifying', 'in-progress', /being modified/],
    ['AwaitingPickup', 'unmapped', /does not know/],
  ])('%s has no status (%s)', (state, kind, reason) => {
    expect(mapState(state).kind).toBe(kind);
    expect(() => statusOfState(state)).toThrow(VendureRefusal);
    expect(() => statusOfState(state)).toThrow(reason);
  });
});

describe('our content -> Vendure inputs', () => {
  it.each([
    ['Ada Lovelace', 'Ada', 'Lovelace'],
    ['Jean Paul  Sartre', 'Jean Paul', 'Sartre'],
    ['Cher', 'Cher', ''],
    ['  ', '', ''],
  ])('splits %j into first and last name', (name, firstName, lastName) => {
    expect(splitName(name)).toEqual({ firstName, lastName });
  });

  const content = contentFromVendure(vendureOrder());

  it('builds the customer and the address (the billing address is the same)', () => {
    expect(customerInput(content)).toEqual({
      firstName: 'Grace Brewster',
      lastName: 'Hopper',
      emailAddress: 'grace@example.com',
      phoneNumber: '+49 89 123',
    });
    expect(addressInput(content)).toEqual({
      fullName: 'Grace Hopper',
      streetLine1: 'Arcisstraße 21',
      streetLine2: '',
      city: 'München',
      postalCode: '80333',
      countryCode: 'DE',
      phoneNumber: '+49 89 123',
    });
    expect(customerInput({ customer: { ...content.customer, phone: null } })).not.toHaveProperty('phoneNumber');
  });

  it('compares addresses as mapped (case of the country, empty second line)', () => {
    expect(sameAddress(vendureOrder(), content)).toBe(true);
    expect(sameAddress(vendureOrder(), { shippingAddress: { ...content.shippingAddress, city: 'Munich' } })).toBe(false);
    expect(sameAddress(vendureOrder(), { shippingAddress: { ...content.shippingAddress, line2: 'Hinterhaus' } })).toBe(false);
  });
});
