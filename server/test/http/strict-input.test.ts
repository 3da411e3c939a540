import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharset, decodeUtf8, fieldsWithLoneSurrogates } from '../../src/http/strict-body.js';
import { DRIVERS } from '../support/databases.js';
import { sampleOrder, startTestInstance, TEST_API_TOKEN, type TestInstance } from '../support/instances.js';
import { createOrder, getOrder, messageOf, peerEnv, TOKEN_A_TO_B } from '../support/sync-pair.js';

/**
 * Strict input (issue 7, part 4): bytes that are not UTF-8 and lone surrogates are refused with
 * 400 naming the field, never stored as U+FFFD; a body in another charset is 415; a PUT body
 * must be an object.
 */

/** `json` with the bytes of `marker` (in a string of it) replaced by raw `bytes`. */
function withBytes(json: string, marker: string, bytes: number[]): Uint8Array<ArrayBuffer> {
  const [before, after] = json.split(marker) as [string, string];
  return new Uint8Array(Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(bytes), Buffer.from(after, 'utf8')]));
}

const fieldsOf = (body: any): { field: string; message: string }[] => body.error?.details?.fields ?? body.errors?.[0]?.extensions?.fields ?? [];

describe('strict bodies (src/http/strict-body.ts)', () => {
  it('decodeUtf8 marks where the bytes are not UTF-8, unless a real U+FFFD makes that ambiguous', () => {
    expect(decodeUtf8(Buffer.from('{"a":"é😀"}'))).toEqual({ text: '{"a":"é😀"}', valid: true });
    const bad = decodeUtf8(Buffer.from([0x22, 0x61, 0xff, 0x62, 0x22]));
    expect(bad.valid).toBe(false);
    expect(bad.text).toBe('"a\udfffb"');
    // Overlong encodings and encoded surrogates are not UTF-8 either.
    expect(decodeUtf8(Buffer.from([0xc0, 0xaf])).valid).toBe(false);
    expect(decodeUtf8(Buffer.from([0xed, 0xa0, 0x80])).valid).toBe(false);
    expect(decodeUtf8(Buffer.from([0xef, 0xbf, 0xbd, 0xff]))).toEqual({ text: null, valid: false });
  });

  it('fieldsWithLoneSurrogates names strings and keys by their path, and handles deep nesting without recursion', () => {
    expect(fieldsWithLoneSurrogates({ a: 'ok 😀', b: ['x', 'y\ud800'], c: { '\udc00k': 1, d: { e: '\ud83d' } } })).toEqual(['b.1', 'c.\\udc00k', 'c.d.e']);
    expect(fieldsWithLoneSurrogates('\ud800')).toEqual(['(body)']);
    let deep: unknown = '\ud800';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(fieldsWithLoneSurrogates(deep)).toHaveLength(1);
  });

  it('checkCharset accepts UTF-8 (any label of it) or none, and refuses the rest with 415', () => {
    for (const ok of [undefined, 'application/json', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'text/plain; charset=utf8', 'application/json; charset=unicode-1-1-utf-8']) {
      expect(() => checkCharset(ok)).not.toThrow();
    }
    for (const bad of ['application/json; charset=latin1', 'application/json; charset=iso-8859-1', 'application/json; charset=utf-16', 'text/plain; charset=klingon']) {
      expect(() => checkCharset(bad)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE', httpStatus: 415 }));
    }
  });
});

describe.each(DRIVERS)('strict input over HTTP ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) instance = await startTestInstance(driver, peerEnv('B'), { startSync: false });
  });
  afterAll(async () => instance?.stop());

  const post = (path: string, body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string> = {}, token: string | null = TEST_API_TOKEN) =>
    fetch(`${instance.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body,
    });

  const exists = async (id: string) => (await instance.api(`/api/orders/${id}`)).status === 200;

  describe('bytes that are not UTF-8', () => {
    it.skipIf(skip).each([
      { where: 'note', json: (id: string) => JSON.stringify({ ...sampleOrder({ note: 'before<X>after' }), id }) },
      { where: 'lines.1.name', json: (id: string) => JSON.stringify({ ...sampleOrder(), id, lines: [sampleOrder().lines[0], { ...sampleOrder().lines[1], name: 'pen<X>' }] }) },
      { where: 'customer.name', json: (id: string) => JSON.stringify({ ...sampleOrder(), id, customer: { ...sampleOrder().customer, name: '<X>' } }) },
    ])('in $where: 400 naming it, nothing stored (not even with U+FFFD)', async ({ where, json }) => {
      const id = randomUUID();
      const res = await post('/api/orders', withBytes(json(id), '<X>', [0xc3, 0x28, 0xff]));
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(body)).toEqual([{ field: where, message: expect.stringMatching(/not valid UTF-8/) }]);
      expect(await exists(id)).toBe(false);
    });

    it.skipIf(skip)('outside any string, or beside a real U+FFFD: 400 naming the body', async () => {
      for (const raw of [withBytes('{"note":1<X>}', '<X>', [0xff]), withBytes('{"note":"\ufffd","name":"<X>"}', '<X>', [0xff])]) {
        const res = await post('/api/orders', raw);
        expect(res.status).toBe(400);
        expect(fieldsOf(await res.json())).toEqual([{ field: '(body)', message: expect.stringMatching(/UTF-8/) }]);
      }
    });

    it.skipIf(skip)('in a PUT: 400, the order unchanged', async () => {
      const order = await createOrder(instance, sampleOrder({ note: 'unchanged' }));
      const res = await fetch(`${instance.url}/api/orders/${order.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_TOKEN}` },
        body: withBytes('{"version":1,"note":"<X>"}', '<X>', [0xe2, 0x82]),
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(await res.json()).map((f) => f.field)).toEqual(['note']);
      expect(await getOrder(instance, order.id)).toEqual(order);
    });

    it.skipIf(skip)('in a GraphQL variable: 400 naming it, the GraphQL way', async () => {
      const body = withBytes(JSON.stringify({ query: 'mutation($input: OrderInput!) { createOrder(input: $input) { id } }', variables: { input: { ...sampleOrder(), note: '<X>' } } }), '<X>', [0xf0, 0x28, 0x8c, 0x28]);
      const res = await post('/graphql', body, {}, await instance.adminToken());
      expect(res.status).toBe(400);
      const json = await res.json();
      expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(json).map((f) => f.field)).toEqual(['variables.input.note']);
    });

    it.skipIf(skip)('in a sync message: 400 naming it, nothing applied', async () => {
      const order: Record<string, any> = { ...sampleOrder(), id: randomUUID(), code: 'P-100001', status: 'pending', note: '<X>', subtotal: 8498, total: 8848, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), version: 1, deleted: false };
      const res = await post('/api/orders/_sync', withBytes(JSON.stringify({ messages: [messageOf(1, order, 0)] }), '<X>', [0x80]), {}, TOKEN_A_TO_B);
      expect(res.status).toBe(400);
      expect(fieldsOf(await res.json()).map((f) => f.field)).toEqual(['messages.0.order.note']);
      expect(await exists(order.id)).toBe(false);
    });

    it.skipIf(skip)('a real U+FFFD, and whole characters beyond the BMP, are text like any other', async () => {
      const order = await createOrder(instance, sampleOrder({ note: 'replacement \ufffd, emoji 😀, accents é' }));
      expect((await getOrder(instance, order.id)).note).toBe('replacement \ufffd, emoji 😀, accents é');
    });
  });

  describe('lone surrogates ("\\ud800")', () => {
    it.skipIf(skip)('in a REST body, in a value or a key: 400 naming it, nothing stored', async () => {
      const id = randomUUID();
      const text = JSON.stringify({ ...sampleOrder({ note: 'x\ud800y' }), id, customer: { ...sampleOrder().customer, name: '\udc00' } });
      expect(text).toContain('\\ud800'); // JSON.stringify escapes them: this is what a client sends
      const res = await post('/api/orders', text);
      expect(res.status).toBe(400);
      expect(fieldsOf(await res.json())).toEqual([
        { field: 'customer.name', message: expect.stringMatching(/lone surrogate/) },
        { field: 'note', message: expect.stringMatching(/lone surrogate/) },
      ]);
      expect(await exists(id)).toBe(false);
      const key = await post('/api/orders', `{"note":"ok","\\ud800":1}`);
      expect(fieldsOf(await key.json()).map((f) => f.field)).toEqual(['\\ud800']);
    });

    it.skipIf(skip)('in a PUT: 400, the order unchanged', async () => {
      const order = await createOrder(instance, sampleOrder({ note: 'unchanged' }));
      const res = await instance.api(`/api/orders/${order.id}`, { method: 'PUT', json: { version: 1, note: 'half an emoji \ud83d' } });
      expect(res.status).toBe(400);
      expect(fieldsOf(await res.json()).map((f) => f.field)).toEqual(['note']);
      expect(await getOrder(instance, order.id)).toEqual(order);
    });

    it.skipIf(skip)('in GraphQL: in a variable, in the query text, and as an escape in a GraphQL string', async () => {
      const admin = await instance.adminToken();
      const variable = await instance.graphql('mutation($input: OrderInput!) { createOrder(input: $input) { id } }', { input: sampleOrder({ note: '\ud800' }) }, admin);
      expect(variable.status).toBe(400);
      expect(variable.body.errors![0].extensions.fields).toEqual([{ field: 'variables.input.note', message: expect.stringMatching(/lone surrogate/) }]);
      const text = await instance.graphql('{ orders(filter: { q: "\ud800" }) { total } }', {}, admin);
      expect(text.status).toBe(400);
      expect(text.body.errors![0].extensions.fields.map((f: any) => f.field)).toEqual(['query']);
      const escape = await instance.graphql('{ orders(filter: { q: "\\ud800" }) { total } }', {}, admin);
      expect(escape.status).toBe(400);
      expect(escape.body.errors![0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(escape.body.errors![0].message).toMatch(/Invalid Unicode escape sequence/);
    });

    it.skipIf(skip)('in a sync message: 400 naming it, nothing applied', async () => {
      const order: Record<string, any> = { ...sampleOrder(), id: randomUUID(), code: 'P-100002', status: 'pending', note: null, subtotal: 8498, total: 8848, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), version: 1, deleted: false };
      order.shippingAddress = { ...order.shippingAddress, city: 'Lon\udbffdon' };
      const res = await post('/api/orders/_sync', JSON.stringify({ messages: [messageOf(1, order, 0)] }), {}, TOKEN_A_TO_B);
      expect(res.status).toBe(400);
      expect(fieldsOf(await res.json()).map((f) => f.field)).toEqual(['messages.0.order.shippingAddress.city']);
      expect(await exists(order.id)).toBe(false);
    });
  });

  describe('a body declared in another charset than UTF-8', () => {
    it.skipIf(skip).each(['latin1', 'ISO-8859-1', 'utf-16', 'windows-1252', 'no-such-charset'])('charset=%s: 415, nothing stored', async (charset) => {
      const id = randomUUID();
      const res = await post('/api/orders', JSON.stringify({ ...sampleOrder(), id }), { 'content-type': `application/json; charset=${charset}` });
      expect(res.status).toBe(415);
      const body = await res.json();
      expect(body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { field: 'content-type' } });
      expect(body.error.message).toContain('UTF-8');
      expect(await exists(id)).toBe(false);
    });

    it.skipIf(skip)('also for text and for GraphQL (answered the GraphQL way); UTF-8 by any of its labels is fine', async () => {
      expect((await post('/api/orders', 'hello', { 'content-type': 'text/plain; charset=iso-8859-1' })).status).toBe(415);
      const gql = await post('/graphql', JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'application/json; charset=latin1' });
      expect(gql.status).toBe(415);
      expect((await gql.json()).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      for (const type of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json;charset=utf8']) {
        expect((await post('/api/orders', JSON.stringify(sampleOrder()), { 'content-type': type })).status, type).toBe(201);
      }
    });
  });

  describe('a PUT (or POST) body that is not an object', () => {
    it.skipIf(skip).each([
      ['null', 'null'],
      ['an array', '[{"note":"x","version":1}]'],
      ['a number', '5'],
      ['a string', '"note"'],
      ['a boolean', 'true'],
    ])('%s: 400 naming the body, the order unchanged', async (label, raw) => {
      const order = await createOrder(instance, sampleOrder({ note: 'unchanged' }));
      const res = await fetch(`${instance.url}/api/orders/${order.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_TOKEN}`, 'if-match': '"1"' },
        body: raw,
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(body)).toEqual([{ field: '(body)', message: expect.stringContaining(`not ${label}`) }]);
      expect(await getOrder(instance, order.id)).toEqual(order);
      // POST the same: nothing created.
      const created = await post('/api/orders', raw);
      expect(created.status).toBe(400);
    });

    it.skipIf(skip)('no body at all: 400, not a silent no-op', async () => {
      const order = await createOrder(instance, sampleOrder());
      const res = await fetch(`${instance.url}/api/orders/${order.id}`, { method: 'PUT', headers: { authorization: `Bearer ${TEST_API_TOKEN}`, 'if-match': '"1"' } });
      expect(res.status).toBe(400);
      expect(fieldsOf(await res.json())).toEqual([{ field: '(body)', message: expect.stringContaining('not an empty body') }]);
      expect(await getOrder(instance, order.id)).toEqual(order);
    });
  });
});
