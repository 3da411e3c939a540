import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { computeTotals, lineTotal, ORDER_STATUSES } from '../../src/orders/order.types.js';
import { LIMITS, orderContentSchema, orderIdSchema, orderPatchSchema } from '../../src/orders/order.validation.js';
import { parseOrThrow, ValidationError, type FieldError } from '../../src/shared/errors.js';

/** Pure unit tests of the one order schema every write path goes through. No database. */

function content(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958' },
    shippingAddress: {
      fullName: 'Ada Lovelace',
      line1: '12 St James Square',
      city: 'London',
      postalCode: 'SW1Y 4JH',
      countryCode: 'GB',
    },
    currency: 'GBP',
    lines: [{ sku: 'BOOK-1', name: 'Notes on the Analytical Engine', quantity: 2, unitPrice: 1999 }],
    ...overrides,
  };
}

const line = (overrides: Record<string, unknown> = {}) => ({ sku: 'SKU-1', name: 'Thing', quantity: 1, unitPrice: 100, ...overrides });
const withCustomer = (overrides: Record<string, unknown>) => content({ customer: { ...content().customer, ...overrides } });
const withAddress = (overrides: Record<string, unknown>) =>
  content({ shippingAddress: { ...content().shippingAddress, ...overrides } });
const withLine = (overrides: Record<string, unknown>) => content({ lines: [line(overrides)] });

/** Parses expecting failure; returns the ValidationError's field errors. */
function refused(schema: z.ZodType, value: unknown, prefix?: string): FieldError[] {
  let caught: unknown;
  try {
    parseOrThrow(schema, value, prefix);
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a ValidationError').toBeInstanceOf(ValidationError);
  const error = caught as ValidationError;
  expect(error.code).toBe('BAD_USER_INPUT');
  expect(error.httpStatus).toBe(400);
  expect(error.fields.length).toBeGreaterThan(0);
  return error.fields;
}

/** Expects the value refused with exactly the given field(s) named. */
function expectRefused(schema: z.ZodType, value: unknown, field: string, message?: string | RegExp): FieldError[] {
  const fields = refused(schema, value);
  expect(fields.map((f) => f.field)).toEqual([field]);
  if (message !== undefined) expect(fields[0]!.message).toMatch(message);
  return fields;
}

const ok = (value: unknown) => parseOrThrow(orderContentSchema, value);

describe('orderContentSchema: a whole order', () => {
  it('accepts a valid order and fills the defaults (status pending, shippingCost 0, note/phone/line2 null)', () => {
    const parsed = ok(content({ customer: { name: 'Ada', email: 'ada@example.com' } }));
    expect(parsed.status).toBe('pending');
    expect(parsed.shippingCost).toBe(0);
    expect(parsed.note).toBeNull();
    expect(parsed.customer.phone).toBeNull();
    expect(parsed.shippingAddress.line2).toBeNull();
  });

  it('refuses a body that is not an object', () => {
    expectRefused(orderContentSchema, 'order', '(body)');
    expectRefused(orderContentSchema, null, '(body)');
  });

  it('prefixes every field path with the given prefix', () => {
    const fields = refused(orderContentSchema, withCustomer({ email: 'nope' }), 'order');
    expect(fields.map((f) => f.field)).toEqual(['order.customer.email']);
  });

  it('reports every problem at once, each under its own path, without echoing values', () => {
    const secret = 'leaky-value-xyz';
    const fields = refused(
      orderContentSchema,
      content({ status: secret, currency: secret, lines: [line({ quantity: 0, sku: `${secret} !` })] }),
    );
    expect(fields.map((f) => f.field).sort()).toEqual(['currency', 'lines.0.quantity', 'lines.0.sku', 'status']);
    for (const f of fields) expect(f.message).not.toContain(secret);
  });

  describe('status', () => {
    it.each(ORDER_STATUSES)('accepts %s', (status) => {
      expect(ok(content({ status })).status).toBe(status);
    });

    it.each(['archived', 'PAID', '', 1, null])('refuses %j', (status) => {
      expectRefused(orderContentSchema, content({ status }), 'status', /must be one of pending, paid, shipped, delivered, cancelled/);
    });
  });

  describe('customer.name', () => {
    it('is trimmed, and 200 characters is the limit', () => {
      expect(ok(withCustomer({ name: '  Ada  ' })).customer.name).toBe('Ada');
      expect(ok(withCustomer({ name: 'n'.repeat(LIMITS.textMax) })).customer.name).toHaveLength(200);
      expectRefused(orderContentSchema, withCustomer({ name: 'n'.repeat(LIMITS.textMax + 1) }), 'customer.name', /at most 200/);
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['blank', '   '],
    ])('is required (%s)', (_, name) => {
      expectRefused(orderContentSchema, withCustomer({ name }), 'customer.name', 'is required');
    });

    it('refuses a number', () => {
      expectRefused(orderContentSchema, withCustomer({ name: 42 }), 'customer.name', 'must be a string');
    });

    it('refuses a missing customer object as a whole', () => {
      const { customer: _, ...rest } = content();
      expectRefused(orderContentSchema, rest, 'customer', 'is required');
    });
  });

  describe('customer.email', () => {
    it('accepts and trims a valid address', () => {
      expect(ok(withCustomer({ email: '  grace@example.org ' })).customer.email).toBe('grace@example.org');
    });

    it.each(['not-an-email', 'a@', '@example.com', 'a b@example.com', ''])('refuses %j', (email) => {
      expectRefused(orderContentSchema, withCustomer({ email }), 'customer.email');
    });

    it('is required', () => {
      expectRefused(orderContentSchema, withCustomer({ email: undefined }), 'customer.email', 'is required');
    });

    it('refuses more than 254 characters', () => {
      const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}.com`;
      expect(email.length).toBeGreaterThan(254);
      expectRefused(orderContentSchema, withCustomer({ email }), 'customer.email', /at most 254/);
    });
  });

  describe('customer.phone (optional)', () => {
    it.each([
      ['absent', undefined],
      ['null', null],
      ['""', ''],
      ['blank', '   '],
    ])('%s means none (null)', (_, phone) => {
      expect(ok(withCustomer({ phone })).customer.phone).toBeNull();
    });

    it.each(['+49 30 1234567', '030/123-456', '555 123.4567', '1234'])('accepts %j', (phone) => {
      expect(ok(withCustomer({ phone })).customer.phone).toBe(phone);
    });

    it.each(['call me', '12', '+', 'abc123456', '123456x'])('refuses %j', (phone) => {
      expectRefused(orderContentSchema, withCustomer({ phone }), 'customer.phone', 'must be a phone number');
    });

    it('refuses more than 32 characters', () => {
      expectRefused(orderContentSchema, withCustomer({ phone: '1'.repeat(33) }), 'customer.phone', /at most 32/);
    });
  });

  describe('shippingAddress', () => {
    it.each(['fullName', 'line1', 'city', 'postalCode'])('%s is required', (field) => {
      expectRefused(orderContentSchema, withAddress({ [field]: undefined }), `shippingAddress.${field}`, 'is required');
      expectRefused(orderContentSchema, withAddress({ [field]: ' ' }), `shippingAddress.${field}`, 'is required');
    });

    it.each(['fullName', 'line1', 'city'])('%s allows 200 characters, not 201', (field) => {
      expect(ok(withAddress({ [field]: 'x'.repeat(200) })).shippingAddress[field as 'city']).toHaveLength(200);
      expectRefused(orderContentSchema, withAddress({ [field]: 'x'.repeat(201) }), `shippingAddress.${field}`, /at most 200/);
    });

    it('postalCode allows 20 characters, not 21', () => {
      expect(ok(withAddress({ postalCode: '9'.repeat(20) })).shippingAddress.postalCode).toHaveLength(20);
      expectRefused(orderContentSchema, withAddress({ postalCode: '9'.repeat(21) }), 'shippingAddress.postalCode', /at most 20/);
    });

    it('line2 is optional: absent, null and "" all become null; text is kept', () => {
      expect(ok(withAddress({ line2: undefined })).shippingAddress.line2).toBeNull();
      expect(ok(withAddress({ line2: null })).shippingAddress.line2).toBeNull();
      expect(ok(withAddress({ line2: '' })).shippingAddress.line2).toBeNull();
      expect(ok(withAddress({ line2: ' Flat 2 ' })).shippingAddress.line2).toBe('Flat 2');
      expectRefused(orderContentSchema, withAddress({ line2: 'x'.repeat(201) }), 'shippingAddress.line2', /at most 200/);
    });

    it('countryCode is normalised to upper case', () => {
      expect(ok(withAddress({ countryCode: 'de' })).shippingAddress.countryCode).toBe('DE');
      expect(ok(withAddress({ countryCode: ' us ' })).shippingAddress.countryCode).toBe('US');
    });

    it.each(['XX', 'DEU', 'D', '', 'EU', 'UK'])('countryCode %j is refused', (countryCode) => {
      expectRefused(orderContentSchema, withAddress({ countryCode }), 'shippingAddress.countryCode', /ISO 3166-1 alpha-2/);
    });

    it('refuses unknown address fields', () => {
      expectRefused(orderContentSchema, withAddress({ state: 'CA' }), 'shippingAddress.state', 'is not a known field');
    });
  });

  describe('currency', () => {
    it('is normalised to upper case', () => {
      expect(ok(content({ currency: 'eur' })).currency).toBe('EUR');
      expect(ok(content({ currency: ' usd ' })).currency).toBe('USD');
    });

    it.each(['ABC', 'EURO', 'E', '', 'XXX1'])('%j is refused', (currency) => {
      expectRefused(orderContentSchema, content({ currency }), 'currency', /ISO 4217/);
    });

    it('is required', () => {
      expectRefused(orderContentSchema, content({ currency: undefined }), 'currency', 'is required');
    });
  });

  describe('lines', () => {
    it('accepts 1 and 100 lines', () => {
      expect(ok(content({ lines: [line()] })).lines).toHaveLength(1);
      const hundred = Array.from({ length: LIMITS.linesMax }, (_, i) => line({ sku: `SKU-${i}` }));
      expect(ok(content({ lines: hundred })).lines).toHaveLength(100);
    });

    it('refuses 0 lines', () => {
      expectRefused(orderContentSchema, content({ lines: [] }), 'lines', 'must hold at least one line');
    });

    it('refuses 101 lines', () => {
      const many = Array.from({ length: LIMITS.linesMax + 1 }, (_, i) => line({ sku: `SKU-${i}` }));
      expectRefused(orderContentSchema, content({ lines: many }), 'lines', 'must hold at most 100 lines');
    });

    it('refuses a non-list and a missing list', () => {
      expectRefused(orderContentSchema, content({ lines: { sku: 'A' } }), 'lines', 'must be a list of order lines');
      expectRefused(orderContentSchema, content({ lines: undefined }), 'lines');
    });

    it('names the index of the offending line', () => {
      expectRefused(orderContentSchema, content({ lines: [line(), line(), line({ quantity: 0 })] }), 'lines.2.quantity');
    });

    it('refuses unknown line fields', () => {
      expectRefused(orderContentSchema, withLine({ discount: 5 }), 'lines.0.discount', 'is not a known field');
    });

    it('line name is required and at most 200 characters', () => {
      expectRefused(orderContentSchema, withLine({ name: '' }), 'lines.0.name', 'is required');
      expectRefused(orderContentSchema, withLine({ name: 'x'.repeat(201) }), 'lines.0.name', /at most 200/);
    });
  });

  describe('lines[].quantity', () => {
    it.each([1, 7, LIMITS.quantityMax])('accepts %d', (quantity) => {
      expect(ok(withLine({ quantity })).lines[0]!.quantity).toBe(quantity);
    });

    it.each([
      [0, 'must be at least 1'],
      [-1, 'must be at least 1'],
      [10_001, 'must be at most 10000'],
      [1.5, 'must be a whole number'],
      ['2', 'must be a whole number'],
      [null, 'must be a whole number'],
      [Number.NaN, 'must be a whole number'],
    ])('refuses %j', (quantity, message) => {
      expectRefused(orderContentSchema, withLine({ quantity }), 'lines.0.quantity', message);
    });
  });

  describe('lines[].unitPrice and shippingCost (minor units)', () => {
    it.each([0, 1, LIMITS.moneyMax])('accepts %d', (amount) => {
      expect(ok(withLine({ unitPrice: amount })).lines[0]!.unitPrice).toBe(amount);
      expect(ok(content({ shippingCost: amount })).shippingCost).toBe(amount);
    });

    it.each([
      [-1, 'must not be negative'],
      [19.99, 'not a fraction'],
      [LIMITS.moneyMax + 1, `must be at most ${LIMITS.moneyMax}`],
      ['100', 'must be an integer amount in minor units'],
      [Number.POSITIVE_INFINITY, 'must be an integer amount'],
    ])('refuses %j', (amount, message) => {
      expectRefused(orderContentSchema, withLine({ unitPrice: amount }), 'lines.0.unitPrice', message);
      expectRefused(orderContentSchema, content({ shippingCost: amount }), 'shippingCost', message);
    });

    it('unitPrice is required', () => {
      expectRefused(orderContentSchema, withLine({ unitPrice: undefined }), 'lines.0.unitPrice');
    });
  });

  describe('lines[].sku', () => {
    it.each(['A', 'abc-123', 'a.b_c-d/e', '9X', 'S'.repeat(64)])('accepts %j', (sku) => {
      expect(ok(withLine({ sku })).lines[0]!.sku).toBe(sku);
    });

    it('is trimmed', () => {
      expect(ok(withLine({ sku: '  SKU-9 ' })).lines[0]!.sku).toBe('SKU-9');
    });

    it.each(['AB C', '-abc', '.abc', '_x', 'sku#1', 'größe', 'a;drop', 'a\\b'])('refuses %j (charset)', (sku) => {
      expectRefused(orderContentSchema, withLine({ sku }), 'lines.0.sku', 'may hold only letters, digits and . _ - /');
    });

    it('is required and at most 64 characters', () => {
      // "" fails both the length and the charset rule; both are reported under the sku's path.
      const empty = refused(orderContentSchema, withLine({ sku: '' }));
      expect(new Set(empty.map((f) => f.field))).toEqual(new Set(['lines.0.sku']));
      expect(empty.map((f) => f.message)).toContain('is required');
      const fields = refused(orderContentSchema, withLine({ sku: 'S'.repeat(65) }));
      expect(fields.map((f) => f.field)).toEqual(['lines.0.sku']);
      expect(fields[0]!.message).toMatch(/at most 64/);
    });
  });

  describe('note', () => {
    it('allows 2000 characters and refuses 2001', () => {
      expect(ok(content({ note: 'n'.repeat(LIMITS.noteMax) })).note).toHaveLength(2000);
      expectRefused(orderContentSchema, content({ note: 'n'.repeat(LIMITS.noteMax + 1) }), 'note', /at most 2000/);
    });

    it('"" and null mean no note', () => {
      expect(ok(content({ note: '' })).note).toBeNull();
      expect(ok(content({ note: null })).note).toBeNull();
      expect(ok(content({ note: ' Leave at door ' })).note).toBe('Leave at door');
    });

    it('refuses a non-string', () => {
      expectRefused(orderContentSchema, content({ note: 5 }), 'note');
    });
  });

  describe('unknown keys', () => {
    it.each([
      ['top level', content({ foo: 1 }), 'foo'],
      ['server-set id-like fields', content({ total: 5 }), 'total'],
      ['version is not content', content({ version: 3 }), 'version'],
      ['customer', withCustomer({ vip: true }), 'customer.vip'],
      ['shippingAddress', withAddress({ country: 'DE' }), 'shippingAddress.country'],
      ['lines', withLine({ vat: 19 }), 'lines.0.vat'],
    ])('are refused (%s)', (_, value, field) => {
      expectRefused(orderContentSchema, value, field, 'is not a known field');
    });

    it('names each unknown key separately', () => {
      const fields = refused(orderContentSchema, content({ a: 1, b: 2 }));
      expect(fields.map((f) => f.field).sort()).toEqual(['a', 'b']);
    });
  });
});

describe('orderPatchSchema: some top-level fields', () => {
  const patch = (value: unknown) => parseOrThrow(orderPatchSchema, value);

  it('accepts an empty patch and fills no defaults', () => {
    const parsed = patch({});
    expect(parsed.status).toBeUndefined();
    expect(parsed.shippingCost).toBeUndefined();
    expect(parsed.note).toBeUndefined();
  });

  it('validates and normalises each field it holds', () => {
    expect(patch({ status: 'shipped' })).toEqual({ status: 'shipped' });
    expect(patch({ currency: 'usd' })).toEqual({ currency: 'USD' });
    expect(patch({ note: '' })).toEqual({ note: null });
    expect(patch({ shippingCost: 0 })).toEqual({ shippingCost: 0 });
    expect(patch({ shippingAddress: { ...content().shippingAddress, countryCode: 'fr' } }).shippingAddress!.countryCode).toBe('FR');
  });

  it.each([
    ['status', { status: 'lost' }],
    ['currency', { currency: 'ABC' }],
    ['lines', { lines: [] }],
    ['lines.0.quantity', { lines: [line({ quantity: 1.5 })] }],
    ['shippingCost', { shippingCost: -5 }],
    ['note', { note: 'n'.repeat(2001) }],
    ['shippingAddress.countryCode', { shippingAddress: { ...content().shippingAddress, countryCode: 'XX' } }],
    ['id', { id: '00000000-0000-4000-8000-000000000000' }],
    ['version', { version: 2 }],
  ])('refuses a bad value under %s', (field, value) => {
    expectRefused(orderPatchSchema, value, field);
  });

  it('replaces nested objects whole: a partial customer is refused', () => {
    const fields = refused(orderPatchSchema, { customer: { name: 'Only a name' } });
    expect(fields).toEqual([{ field: 'customer.email', message: 'is required' }]);
  });

  it('a status of null is refused, not taken as "unchanged"', () => {
    expectRefused(orderPatchSchema, { status: null }, 'status');
  });
});

describe('orderIdSchema', () => {
  it('accepts a UUID and refuses anything else under the given name', () => {
    expect(parseOrThrow(orderIdSchema, '3f2b8c1e-8d4a-4c6b-9f0e-2a1b3c4d5e6f', 'id')).toBe('3f2b8c1e-8d4a-4c6b-9f0e-2a1b3c4d5e6f');
    const fields = refused(orderIdSchema, 'not-a-uuid', 'id');
    expect(fields).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });
});

describe('ValidationError', () => {
  it('summarises the first three fields in its message', () => {
    const error = new ValidationError([
      { field: 'a', message: 'is bad' },
      { field: 'b', message: 'is bad' },
      { field: 'c', message: 'is bad' },
      { field: 'd', message: 'is bad' },
    ]);
    expect(error.message).toBe('Invalid input: a is bad; b is bad; c is bad (and 1 more)');
    expect(error.details).toEqual({ fields: error.fields });
    expect(ValidationError.field('since', 'x').fields).toEqual([{ field: 'since', message: 'x' }]);
  });
});

describe('computeTotals', () => {
  it('sums quantity x unit price over the lines and adds shipping', () => {
    const totals = computeTotals({
      lines: [
        { sku: 'A', name: 'A', quantity: 2, unitPrice: 1999 },
        { sku: 'B', name: 'B', quantity: 1, unitPrice: 4500 },
      ],
      shippingCost: 350,
    });
    expect(totals).toEqual({ subtotal: 8498, total: 8848 });
  });

  it('is zero for no lines and no shipping', () => {
    expect(computeTotals({ lines: [], shippingCost: 0 })).toEqual({ subtotal: 0, total: 0 });
  });

  it('lineTotal is quantity x unit price', () => {
    expect(lineTotal({ sku: 'A', name: 'A', quantity: 3, unitPrice: 250 })).toBe(750);
  });

  it('stays an exact integer at the largest order the schema allows', () => {
    const lines = Array.from({ length: LIMITS.linesMax }, (_, i) =>
      line({ sku: `S${i}`, quantity: LIMITS.quantityMax, unitPrice: LIMITS.moneyMax }),
    );
    const parsed = ok(content({ lines, shippingCost: LIMITS.moneyMax }));
    const { subtotal, total } = computeTotals(parsed);
    expect(subtotal).toBe(100 * 10_000 * 1_000_000_000);
    expect(total).toBe(subtotal + 1_000_000_000);
    expect(Number.isSafeInteger(total)).toBe(true);
  });
});
