import { describe, expect, it } from 'vitest';
import { fromOrderJson, toOrderJson, type MappedOrder } from '../../../src/integration/rest/rest-mapping.js';
import { currencyExponent, decimalToMinor, minorToRemote, remoteToMinor } from '../../../src/integration/rest/rest-money.js';
import { checkRestSettings, parseRestSettings, restKind, type RestSettingsInput } from '../../../src/integration/rest/rest-settings.js';
import { shopMapping, shopOrder } from '../../support/json-server.js';

const shop = parseRestSettings(shopMapping);
const withSettings = (changes: Partial<RestSettingsInput>) => parseRestSettings({ ...shopMapping, ...changes });

const ours: MappedOrder & { id: string; code: string } = {
  id: '0b6f7a52-8c1e-4e8a-9d59-6c2f1f3b2a10',
  code: 'A-000042',
  status: 'paid',
  customer: { name: 'Grace Hopper', email: 'grace@example.com', phone: null },
  shippingAddress: { fullName: 'Grace Hopper', line1: '1 Navy Way', line2: null, city: 'Arlington', postalCode: '22201', countryCode: 'US' },
  currency: 'EUR',
  lines: [{ sku: 'COBOL-1', name: 'Compiler', quantity: 3, unitPrice: 1999 }],
  shippingCost: 500,
  note: 'leave at the door',
  deleted: false,
};

describe('rest settings', () => {
  it('accepts the shop mapping and fills defaults', () => {
    expect(checkRestSettings(shopMapping)).toEqual([]);
    expect(shop.pollIntervalMs).toBe(500);
    expect(parseRestSettings({ ...shopMapping, pollIntervalMs: undefined }).pollIntervalMs).toBe(3000);
  });

  it('names the bad key', () => {
    const problems = checkRestSettings({ ...shopMapping, paths: { ...shopMapping.paths, list: 'orders', one: '/orders' } });
    expect(problems.map((p) => p.path)).toEqual(['settings.paths.list', 'settings.paths.one']);
    expect(checkRestSettings({ ...shopMapping, fields: { ...shopMapping.fields, status: 'a..b' } })[0]!.path).toBe('settings.fields.status');
    expect(checkRestSettings({ ...shopMapping, statuses: { ...shopMapping.statuses, paid: 'new' } })[0]).toMatchObject({
      path: 'settings.statuses.paid',
      message: 'word "new" is already used for pending',
    });
    expect(checkRestSettings({ ...shopMapping, fields: { ...shopMapping.fields, currency: undefined } })[0]!.path).toBe('settings.defaultCurrency');
    expect(checkRestSettings({ ...shopMapping, paging: { style: 'pages' } })[0]!.path).toBe('settings.paging.style');
    expect(checkRestSettings({ ...shopMapping, fields: { ...shopMapping.fields, note: '__proto__.x' } })[0]!.path).toBe('settings.fields.note');
    expect(checkRestSettings(undefined).map((p) => p.path)).toContain('settings.paths');
  });

  it('restKind checks settings and credentials', () => {
    const definition = { name: 'shop', kind: 'rest' as const, url: 'http://127.0.0.1:1', settings: shopMapping, credentials: { username: 'u' } };
    expect(restKind.kind).toBe('rest');
    expect(restKind.check(definition)).toEqual([expect.objectContaining({ path: 'credentials' })]);
    expect(restKind.check({ ...definition, credentials: { token: 't' } })).toEqual([]);
  });
});

describe('money', () => {
  it('knows the exponents', () => {
    expect([currencyExponent('EUR'), currencyExponent('JPY'), currencyExponent('BHD')]).toEqual([2, 0, 3]);
  });

  it('converts decimal text exactly, half away from zero', () => {
    expect(decimalToMinor('12.5', 2)).toBe(1250);
    expect(decimalToMinor('0.29', 2)).toBe(29);
    expect(decimalToMinor('12.345', 2)).toBe(1235);
    expect(decimalToMinor('12.344', 2)).toBe(1234);
    expect(decimalToMinor('-12.345', 2)).toBe(-1235);
    expect(decimalToMinor('1250', 0)).toBe(1250);
    expect(decimalToMinor('1250.5', 0)).toBe(1251);
    expect(decimalToMinor('1.2345', 3)).toBe(1235);
    expect(decimalToMinor('12.5x', 2)).toBeNull();
    expect(decimalToMinor('1e3', 2)).toBeNull();
  });

  it('major numbers without float drift', () => {
    // 1.005 * 100 is 100.49999999999999 in floats; the text is 1.005.
    expect(remoteToMinor(1.005, 'major', 2)).toEqual({ ok: true, minor: 101 });
    expect(remoteToMinor(0.1 + 0.2, 'major', 2)).toEqual({ ok: true, minor: 30 });
    expect(remoteToMinor(19.99, 'major', 2)).toEqual({ ok: true, minor: 1999 });
    expect(remoteToMinor(1e-7, 'major', 2)).toEqual({ ok: true, minor: 0 });
    expect(remoteToMinor('19.99', 'major', 2)).toMatchObject({ ok: false });
    expect(remoteToMinor(12, 'minor', 2)).toEqual({ ok: true, minor: 12 });
    expect(remoteToMinor(12.5, 'minor', 2)).toMatchObject({ ok: false });
  });

  it('writes each style', () => {
    expect(minorToRemote(1250, 'decimal', 2)).toBe('12.50');
    expect(minorToRemote(5, 'decimal', 2)).toBe('0.05');
    expect(minorToRemote(1250, 'decimal', 0)).toBe('1250');
    expect(minorToRemote(1250, 'decimal', 3)).toBe('1.250');
    expect(minorToRemote(1999, 'major', 2)).toBe(19.99);
    expect(minorToRemote(1999, 'minor', 2)).toBe(1999);
  });
});

describe('toOrderJson', () => {
  it('maps nested, renamed fields, lines, decimal money and status words', () => {
    const result = toOrderJson({ id: 7, external_ref: ours.id.toUpperCase(), ...shopOrder() }, shop);
    expect(result).toEqual({
      ok: true,
      key: '7',
      ourId: ours.id,
      order: {
        status: 'pending',
        customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: null },
        shippingAddress: { fullName: 'Ada Lovelace', line1: '12 Analytical St', line2: null, city: 'London', postalCode: 'N1 9GU', countryCode: 'GB' },
        currency: 'EUR',
        lines: [{ sku: 'BOOK-1', name: 'Notes on the Engine', quantity: 2, unitPrice: 1250 }],
        shippingCost: 490,
        note: null,
        deleted: false,
      },
    });
  });

  it('reads every word of a status, and our code when it has our shape', () => {
    const r = toOrderJson({ id: 'x1', ...shopOrder({ state: 'new', order_no: 'B-000007' }) }, shop);
    expect(r).toMatchObject({ ok: true, key: 'x1', ourId: null, order: { status: 'pending', code: 'B-000007' } });
  });

  it('refuses an unknown status word, naming the field', () => {
    const r = toOrderJson({ id: 1, ...shopOrder({ state: 'on_hold' }) }, shop);
    expect(r).toEqual({ ok: false, key: '1', ourId: null, reason: 'state "on_hold" is not a status this mapping knows (awaiting_payment, new, paid, dispatched, delivered, cancelled)' });
  });

  it('refuses bad money and bad fields with the remote path', () => {
    const bad = (changes: Record<string, unknown>) => {
      const r = toOrderJson({ id: 1, ...shopOrder(changes) }, shop);
      return r.ok ? null : r.reason;
    };
    expect(bad({ shipping_price: '12.5x' })).toBe('shipping_price "12.5x" is not a decimal amount');
    expect(bad({ items: [{ product_code: 'A', title: 'a', qty: 1, price: 3 }] })).toBe('items[0].price 3 is not a decimal amount');
    expect(bad({ items: [{ product_code: 'A', title: 'a', qty: 0, price: '3' }] })).toBe('items[0].qty 0 must be at least 1');
    expect(bad({ buyer: { full_name: 'x', email_address: 'nope' } })).toBe('buyer.email_address "nope" must be a valid email address');
    expect(bad({ ship_to: { name: 'x', street: 's', town: 't', zip: '1' } })).toBe('ship_to.country is missing');
    expect(bad({ items: [] })).toBe('items [] must hold at least one line');
    expect(bad({ items: 'none' })).toBe('items is not a list of lines');
    expect(bad({ currency_code: 'EURO' })).toBe('currency_code "EURO" is not an ISO 4217 currency code');
    expect(bad({ shipping_price: '-1.00' })).toBe('shipping_price -100 must not be negative');
    expect(toOrderJson({ ...shopOrder() }, shop)).toMatchObject({ ok: false, key: '', reason: 'id is missing or not an id' });
  });

  it('JPY (0 decimals) and BHD (3) in major numbers and minor units', () => {
    const major = withSettings({ money: { unitPrice: 'major', shippingCost: 'minor' } });
    const jpy = toOrderJson({ id: 1, ...shopOrder({ currency_code: 'JPY', items: [{ product_code: 'A', title: 'a', qty: 1, price: 1250 }], shipping_price: 300 }) }, major);
    expect(jpy).toMatchObject({ ok: true, order: { lines: [{ unitPrice: 1250 }], shippingCost: 300 } });
    const bhd = toOrderJson({ id: 1, ...shopOrder({ currency_code: 'BHD', items: [{ product_code: 'A', title: 'a', qty: 1, price: 1.25 }], shipping_price: 5 }) }, major);
    expect(bhd).toMatchObject({ ok: true, order: { lines: [{ unitPrice: 1250 }], shippingCost: 5 } });
    const decimalBhd = toOrderJson({ id: 1, ...shopOrder({ currency_code: 'BHD', shipping_price: '0.125' }) }, shop);
    expect(decimalBhd).toMatchObject({ ok: true, order: { shippingCost: 125, lines: [{ unitPrice: 12500 }] } });
    expect(fromOrderJson({ ...ours, currency: 'JPY', lines: [{ ...ours.lines[0]!, unitPrice: 1250 }] }, shop, 'create')).toMatchObject({ items: [{ price: '1250' }], shipping_price: '500' });
    expect(fromOrderJson({ ...ours, currency: 'BHD' }, major, 'create')).toMatchObject({ items: [{ price: 1.999 }], shipping_price: 500 });
  });

  it('a bare currency-less remote uses defaultCurrency; unmapped fields come from what we hold', () => {
    const lean = parseRestSettings({
      ...shopMapping,
      defaultCurrency: 'JPY',
      fields: { ...shopMapping.fields, currency: undefined, note: undefined, shippingCost: undefined, customer: { name: 'buyer.full_name', email: 'buyer.email_address' } },
    });
    const r = toOrderJson({ id: 3, ...shopOrder({ items: [{ product_code: 'A', title: 'a', qty: 1, price: '300' }] }) }, lean, {
      note: 'kept',
      shippingCost: 700,
      customer: { phone: '+49 30 1234567' },
    });
    expect(r).toMatchObject({ ok: true, order: { currency: 'JPY', note: 'kept', shippingCost: 700, customer: { phone: '+49 30 1234567' }, lines: [{ unitPrice: 300 }] } });
    const body = fromOrderJson(ours, lean, 'create');
    expect(body).not.toHaveProperty('remarks');
    expect(body).not.toHaveProperty('currency_code');
  });

  it('deletion as a status word (keeping our status) and as a flag', () => {
    expect(toOrderJson({ id: 1, ...shopOrder({ state: 'void' }) }, shop, { status: 'paid' })).toMatchObject({ ok: true, order: { status: 'paid', deleted: true } });
    const flag = withSettings({ deletion: { style: 'flag', field: 'flags.is_deleted' } });
    expect(toOrderJson({ id: 1, ...shopOrder({ flags: { is_deleted: true } }) }, flag)).toMatchObject({ ok: true, order: { status: 'pending', deleted: true } });
    expect(toOrderJson({ id: 1, ...shopOrder() }, flag)).toMatchObject({ ok: true, order: { deleted: false } });
    expect(toOrderJson({ id: 1, ...shopOrder({ flags: { is_deleted: 'yes' } }) }, flag)).toMatchObject({ ok: false, reason: 'flags.is_deleted "yes" is not true or false' });
    expect(fromOrderJson({ ...ours, deleted: true }, shop, 'update')).toMatchObject({ state: 'void' });
    expect(fromOrderJson({ ...ours, deleted: true }, flag, 'update')).toMatchObject({ state: 'paid', flags: { is_deleted: true } });
  });
});

describe('fromOrderJson', () => {
  it('writes the shop shape on create, with our id and code', () => {
    expect(fromOrderJson(ours, shop, 'create')).toEqual({
      order_no: 'A-000042',
      external_ref: ours.id,
      state: 'paid',
      buyer: { full_name: 'Grace Hopper', email_address: 'grace@example.com', phone: null },
      ship_to: { name: 'Grace Hopper', street: '1 Navy Way', street2: null, town: 'Arlington', zip: '22201', country: 'US' },
      currency_code: 'EUR',
      items: [{ product_code: 'COBOL-1', title: 'Compiler', qty: 3, price: '19.99' }],
      shipping_price: '5.00',
      remarks: 'leave at the door',
    });
  });

  it('put-whole lays our fields over the remote order, keeping its own fields and line extras', () => {
    const current: Record<string, unknown> = { id: 9, ...shopOrder({ items: [{ product_code: 'COBOL-1', title: 'old', qty: 1, price: '1.00', tax_class: 'std' }], loyalty_points: 12 }) };
    const body = fromOrderJson(ours, shop, 'update', current);
    expect(body).toMatchObject({ id: 9, loyalty_points: 12, order_no: 'WEB-1001', state: 'paid', items: [{ product_code: 'COBOL-1', title: 'Compiler', qty: 3, price: '19.99', tax_class: 'std' }] });
    expect(current.items).toEqual([{ product_code: 'COBOL-1', title: 'old', qty: 1, price: '1.00', tax_class: 'std' }]);
  });

  it('put-partial sends the mapped fields only (and the version field back)', () => {
    const partial = withSettings({ update: 'put-partial', concurrency: { style: 'versionField', field: 'rev' } });
    const body = fromOrderJson(ours, partial, 'update', { id: 9, rev: 4, loyalty_points: 12, ...shopOrder() });
    expect(body).not.toHaveProperty('loyalty_points');
    expect(body).not.toHaveProperty('external_ref');
    expect(body).toMatchObject({ rev: 4, state: 'paid' });
  });

  it('ids created by us travel as the remote id', () => {
    const us = withSettings({ idCreatedBy: 'us', idType: 'string', idField: 'uid' });
    expect(fromOrderJson(ours, us, 'create')).toMatchObject({ uid: ours.id });
    expect(checkRestSettings({ ...shopMapping, idCreatedBy: 'us' })[0]!.path).toBe('settings.idType');
  });

  it('round-trips', () => {
    const body = { id: 5, ...fromOrderJson(ours, shop, 'create') };
    const { id: _id, code: _code, ...content } = ours;
    expect(toOrderJson(body, shop)).toEqual({ ok: true, key: '5', ourId: ours.id, order: { ...content, code: 'A-000042' } });
  });
});
