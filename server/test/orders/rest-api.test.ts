import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS } from '../support/databases.js';
import { sampleOrder, startTestInstance, TEST_API_TOKEN, type TestInstance } from '../support/instances.js';

/** The REST Orders API at /api/orders, against both database drivers. */

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tag = () => randomBytes(5).toString('hex');

/** A valid order whose customer name carries a unique tag, so it can be found again. */
const taggedOrder = (t: string, overrides: Record<string, unknown> = {}) =>
  sampleOrder({ customer: { name: `Ada ${t}`, email: 'ada@example.com', phone: null }, ...overrides });

async function json(res: Response): Promise<any> {
  return JSON.parse(await res.text());
}

async function post(instance: TestInstance, body: unknown): Promise<any> {
  const res = await instance.api('/api/orders', { method: 'POST', json: body });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

async function getOrder(instance: TestInstance, id: string): Promise<any> {
  const res = await instance.api(`/api/orders/${id}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** How many orders (tombstones included) the database holds whose code, customer name or email contains `q`. */
async function countOrders(instance: TestInstance, q?: string): Promise<number> {
  const res = await instance.graphql<{ orders: { total: number } }>(
    'query($f: OrderFilter) { orders(filter: $f) { total } }',
    { f: { includeDeleted: true, ...(q ? { q } : {}) } },
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.orders.total;
}

function expectError(body: any, code: string): void {
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(body.error.message.length).toBeGreaterThan(0);
}

/** The field paths a 400 names. */
const fieldsOf = (body: any): string[] => (body.error?.details?.fields ?? []).map((f: { field: string }) => f.field);

describe.each(DRIVERS)('REST /api/orders: authentication ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  let existing: any;
  beforeAll(async () => {
    if (skip) return;
    instance = await startTestInstance(driver);
    existing = await post(instance, sampleOrder());
  });
  afterAll(async () => instance?.stop());

  const routes = () => [
    { method: 'GET', path: '/api/orders' },
    { method: 'GET', path: `/api/orders/${existing.id}` },
    { method: 'POST', path: '/api/orders', json: taggedOrder('unauth') },
    { method: 'PUT', path: `/api/orders/${existing.id}`, json: { status: 'cancelled', version: 1 } },
  ];

  const credentials: [string, { token?: string | null; headers?: Record<string, string> }][] = [
    ['without a token', { token: null }],
    ['with a wrong token', { token: 'not-the-right-token-0123456789abcdef' }],
    ['with a token one character off', { token: `${TEST_API_TOKEN.slice(0, -1)}X` }],
    ['with the right token in another scheme', { token: null, headers: { authorization: `Basic ${TEST_API_TOKEN}` } }],
    ['with an empty Bearer', { token: null, headers: { authorization: 'Bearer ' } }],
  ];

  for (const [label, credential] of credentials) {
    it.skipIf(skip)(`answers 401 UNAUTHENTICATED on every route ${label}, and changes nothing`, async () => {
      for (const route of routes()) {
        const res = await instance.api(route.path, { method: route.method, json: route.json, ...credential });
        expect(res.status, `${route.method} ${route.path}`).toBe(401);
        const body = await json(res);
        expectError(body, 'UNAUTHENTICATED');
        expect(body.error.details).toBeUndefined();
      }
      expect(await countOrders(instance)).toBe(1);
      expect(await getOrder(instance, existing.id)).toEqual(existing);
    });
  }

  it.skipIf(skip)('checks the token before reading the body (a bad body without a token is still 401)', async () => {
    const res = await instance.api('/api/orders', { method: 'POST', token: null, body: '{not json', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
    expectError(await json(res), 'UNAUTHENTICATED');
  });

  it.skipIf(skip)('accepts the token case-insensitively as "bearer" and an admin session token too', async () => {
    const lower = await instance.api('/api/orders', { token: null, headers: { authorization: `bearer ${TEST_API_TOKEN}` } });
    expect(lower.status).toBe(200);
    const admin = await instance.api(`/api/orders/${existing.id}`, { token: await instance.adminToken() });
    expect(admin.status).toBe(200);
  });

  it.skipIf(skip)('/healthz needs no token', async () => {
    const res = await fetch(`${instance.url}/healthz`);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('ok');
  });
});

describe.each(DRIVERS)('REST /api/orders: create, read, update ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) instance = await startTestInstance(driver);
  });
  afterAll(async () => instance?.stop());

  describe('POST /api/orders', () => {
    it.skipIf(skip)('creates an order: 201, Location, ETag, server-set fields and computed totals', async () => {
      const body = sampleOrder({ note: 'Leave at the door' });
      const before = Date.now();
      const res = await instance.api('/api/orders', { method: 'POST', json: body });
      expect(res.status).toBe(201);
      const order = await json(res);

      expect(order.id).toMatch(UUID);
      expect(res.headers.get('location')).toBe(`/api/orders/${order.id}`);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(order.code).toMatch(/^T-\d{6}$/);
      expect(order.version).toBe(1);
      expect(order.deleted).toBe(false);
      expect(order.status).toBe('pending');

      const subtotal = body.lines.reduce((sum: number, l: any) => sum + l.quantity * l.unitPrice, 0);
      expect(subtotal).toBe(2 * 1999 + 1 * 4500);
      expect(order.subtotal).toBe(subtotal);
      expect(order.total).toBe(subtotal + body.shippingCost);
      expect(order.total).toBe(8848);

      expect(order.createdAt).toMatch(ISO);
      expect(order.updatedAt).toMatch(ISO);
      expect(order.updatedAt).toBe(order.createdAt);
      expect(Date.parse(order.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(order.createdAt)).toBeLessThanOrEqual(Date.now() + 1000);

      expect(order).toEqual({
        ...body,
        id: order.id,
        code: order.code,
        status: 'pending',
        shippingAddress: { ...body.shippingAddress, line2: null },
        subtotal,
        total: subtotal + body.shippingCost,
        note: 'Leave at the door',
        createdAt: order.createdAt,
        updatedAt: order.updatedAt,
        version: 1,
        deleted: false,
      });

      // The Location answers the same order.
      const again = await instance.api(res.headers.get('location')!);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(order);
    });

    it.skipIf(skip)('hands out a new code to each order and defaults shippingCost to 0', async () => {
      const { shippingCost: _omit, ...body } = sampleOrder();
      const a = await post(instance, body);
      const b = await post(instance, body);
      expect(a.id).not.toBe(b.id);
      expect(a.code).not.toBe(b.code);
      expect(a.shippingCost).toBe(0);
      expect(a.total).toBe(a.subtotal);
    });

    it.skipIf(skip)('normalises codes and trims text (currency and country upper-cased)', async () => {
      const order = await post(
        instance,
        sampleOrder({
          currency: 'gbp',
          customer: { name: '  Ada Lovelace  ', email: ' ada@example.com ', phone: '' },
          shippingAddress: { ...sampleOrder().shippingAddress, countryCode: 'gb', line2: '' },
        }),
      );
      expect(order.currency).toBe('GBP');
      expect(order.shippingAddress.countryCode).toBe('GB');
      expect(order.shippingAddress.line2).toBeNull();
      expect(order.customer).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', phone: null });
    });

    it.skipIf(skip)('Location names the order even when the POST carried a query string', async () => {
      const res = await instance.api('/api/orders?source=shop', { method: 'POST', json: sampleOrder() });
      expect(res.status).toBe(201);
      const order = await json(res);
      expect(res.headers.get('location')).toBe(`/api/orders/${order.id}`);
    });

    it.skipIf(skip)('is idempotent with a client-supplied id: the same body again answers 200 and the same order', async () => {
      const t = tag();
      const id = randomUUID();
      const body = taggedOrder(t, { id });
      const first = await instance.api('/api/orders', { method: 'POST', json: body });
      expect(first.status).toBe(201);
      const created = await json(first);
      expect(created.id).toBe(id);

      const second = await instance.api('/api/orders', { method: 'POST', json: body });
      expect(second.status).toBe(200);
      expect(await json(second)).toEqual(created);
      expect(second.headers.get('location')).toBe(`/api/orders/${id}`);
      expect(second.headers.get('etag')).toBe('"1"');

      // The same content with the keys in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const third = await instance.api('/api/orders', { method: 'POST', json: reordered });
      expect(third.status).toBe(200);
      expect(await json(third)).toEqual(created);

      expect(await countOrders(instance, t)).toBe(1);
    });

    it.skipIf(skip)('answers 409 CONFLICT with the existing order when the id holds different content', async () => {
      const t = tag();
      const id = randomUUID();
      const created = await post(instance, taggedOrder(t, { id }));

      const res = await instance.api('/api/orders', {
        method: 'POST',
        json: taggedOrder(t, { id, shippingCost: 999 }),
      });
      expect(res.status).toBe(409);
      const body = await json(res);
      expectError(body, 'CONFLICT');
      expect(body.error.details.current).toEqual(created);
      expect(body.error.details.currentVersion).toBe(1);
      expect(body.error.details.field).toBe('id');

      expect(await getOrder(instance, id)).toEqual(created);
      expect(await countOrders(instance, t)).toBe(1);

      // More lines under the same id: refused the same way, and none of them is written beside the
      // existing order's lines (the insert of the order and its lines is one statement).
      const extraLines = [1, 2, 3].map((n) => ({ sku: `EXTRA-${n}`, name: 'Extra', quantity: n, unitPrice: 100 }));
      const more = await instance.api('/api/orders', { method: 'POST', json: taggedOrder(t, { id, lines: extraLines }) });
      expect(more.status).toBe(409);
      expect(await getOrder(instance, id)).toEqual(created);
    });
  });

  describe('GET /api/orders/:id', () => {
    it.skipIf(skip)('answers the order with ETag "1"', async () => {
      const created = await post(instance, sampleOrder());
      const res = await instance.api(`/api/orders/${created.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(await res.json()).toEqual(created);
    });

    it.skipIf(skip)('answers 404 NOT_FOUND for an unknown id', async () => {
      const res = await instance.api(`/api/orders/${randomUUID()}`);
      expect(res.status).toBe(404);
      expectError(await json(res), 'NOT_FOUND');
    });

    it.skipIf(skip)('answers 400 naming "id" when the id is not a UUID, without echoing it', async () => {
      const res = await instance.api('/api/orders/not-a-uuid-marker');
      expect(res.status).toBe(400);
      const text = await res.text();
      const body = JSON.parse(text);
      expectError(body, 'BAD_USER_INPUT');
      expect(fieldsOf(body)).toContain('id');
      expect(text).not.toContain('not-a-uuid-marker');
    });
  });

  describe('PUT /api/orders/:id', () => {
    it.skipIf(skip)('changes the order based on the If-Match version: 200, version + 1, new ETag', async () => {
      const created = await post(instance, sampleOrder());
      await sleep(5);
      const res = await instance.api(`/api/orders/${created.id}`, {
        method: 'PUT',
        json: { status: 'paid' },
        headers: { 'if-match': '"1"' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"2"');
      const updated = await json(res);
      expect(updated).toEqual({ ...created, status: 'paid', version: 2, updatedAt: updated.updatedAt });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
      expect(updated.createdAt).toBe(created.createdAt);

      const res2 = await instance.api(`/api/orders/${created.id}`);
      expect(res2.headers.get('etag')).toBe('"2"');
      expect(await res2.json()).toEqual(updated);
    });

    it.skipIf(skip)('accepts the weak and bare If-Match forms', async () => {
      const created = await post(instance, sampleOrder());
      const weak = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: { status: 'paid' }, headers: { 'if-match': 'W/"1"' } });
      expect(weak.status).toBe(200);
      expect((await weak.json()).version).toBe(2);
      const bare = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: { status: 'shipped' }, headers: { 'if-match': '2' } });
      expect(bare.status).toBe(200);
      expect((await bare.json()).version).toBe(3);
    });

    it.skipIf(skip)('changes the order based on the body version, replaces the lines and recomputes totals', async () => {
      const created = await post(instance, sampleOrder({ note: 'keep this note' }));
      const lines = [{ sku: 'MUG-3', name: 'Mug', quantity: 3, unitPrice: 1250 }];
      const res = await instance.api(`/api/orders/${created.id}`, {
        method: 'PUT',
        json: { lines, shippingCost: 500, version: 1 },
      });
      expect(res.status).toBe(200);
      const updated = await json(res);
      expect(updated.version).toBe(2);
      expect(updated.lines).toEqual(lines);
      expect(updated.subtotal).toBe(3750);
      expect(updated.total).toBe(4250);
      // Fields not sent stay as they were.
      expect(updated.note).toBe('keep this note');
      expect(updated.customer).toEqual(created.customer);
      expect(updated.status).toBe('pending');
      expect(await getOrder(instance, created.id)).toEqual(updated);
    });

    it.skipIf(skip)('answers 409 CONFLICT with the current order and version when the version is stale', async () => {
      const created = await post(instance, sampleOrder());
      const v2 = await json(await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: { status: 'paid', version: 1 } }));
      expect(v2.version).toBe(2);

      for (const init of [
        { json: { status: 'cancelled', version: 1 } },
        { json: { status: 'cancelled' }, headers: { 'if-match': '"1"' } },
      ]) {
        const res = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', ...init });
        expect(res.status).toBe(409);
        const body = await json(res);
        expectError(body, 'CONFLICT');
        expect(body.error.details.current).toEqual(v2);
        expect(body.error.details.currentVersion).toBe(2);
      }
      expect(await getOrder(instance, created.id)).toEqual(v2);
    });

    it.skipIf(skip)('answers 428 PRECONDITION_REQUIRED without a version, and changes nothing', async () => {
      const created = await post(instance, sampleOrder());
      const res = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: { status: 'paid' } });
      expect(res.status).toBe(428);
      expectError(await json(res), 'PRECONDITION_REQUIRED');
      expect(await getOrder(instance, created.id)).toEqual(created);
    });

    it.skipIf(skip)('answers 400 when If-Match and the body version disagree', async () => {
      const created = await post(instance, sampleOrder());
      const res = await instance.api(`/api/orders/${created.id}`, {
        method: 'PUT',
        json: { status: 'paid', version: 2 },
        headers: { 'if-match': '"1"' },
      });
      expect(res.status).toBe(400);
      const body = await json(res);
      expectError(body, 'BAD_USER_INPUT');
      expect(fieldsOf(body)).toContain('version');
      expect(await getOrder(instance, created.id)).toEqual(created);
    });

    it.skipIf(skip)('answers 400 for a malformed If-Match header', async () => {
      const created = await post(instance, sampleOrder());
      const res = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: { status: 'paid' }, headers: { 'if-match': '*' } });
      expect(res.status).toBe(400);
      expect(fieldsOf(await json(res))).toContain('If-Match');
    });

    it.skipIf(skip)('answers 400 for bad fields and leaves the order unchanged', async () => {
      const created = await post(instance, sampleOrder());
      const cases: { body: Record<string, unknown>; field: string }[] = [
        { body: { customer: { ...created.customer, email: 'bad-email-marker' } }, field: 'customer.email' },
        { body: { lines: [] }, field: 'lines' },
        { body: { status: 'teleported' }, field: 'status' },
        { body: { foo: 1 }, field: 'foo' },
        { body: { total: 1 }, field: 'total' },
        { body: { id: randomUUID() }, field: 'id' },
        { body: { code: 'T-999999' }, field: 'code' },
        { body: { version: 0 }, field: 'version' },
      ];
      for (const { body, field } of cases) {
        const res = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: { version: 1, ...body } });
        expect(res.status, field).toBe(400);
        const text = await res.text();
        const error = JSON.parse(text);
        expectError(error, 'BAD_USER_INPUT');
        expect(fieldsOf(error), field).toContain(field);
        expect(text).not.toContain('bad-email-marker');
      }
      const res = await instance.api(`/api/orders/${created.id}`);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(await res.json()).toEqual(created);
    });

    it.skipIf(skip)('answers 404 for an unknown order', async () => {
      const res = await instance.api(`/api/orders/${randomUUID()}`, { method: 'PUT', json: { status: 'paid', version: 1 } });
      expect(res.status).toBe(404);
      expectError(await json(res), 'NOT_FOUND');
    });

    it.skipIf(skip)('soft-deletes with {deleted: true, version}: the tombstone stays readable and cannot be changed', async () => {
      const created = await post(instance, sampleOrder());
      const res = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: { deleted: true, version: 1 } });
      expect(res.status).toBe(200);
      const deleted = await json(res);
      expect(deleted).toEqual({ ...created, deleted: true, version: 2, updatedAt: deleted.updatedAt });

      const read = await instance.api(`/api/orders/${created.id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toEqual(deleted);

      for (const body of [
        { status: 'paid', version: 2 },
        { deleted: true, version: 2 },
      ]) {
        const later = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: body });
        expect(later.status).toBe(409);
        const error = await json(later);
        expectError(error, 'CONFLICT');
        expect(error.error.details.current).toEqual(deleted);
      }
      expect(await getOrder(instance, created.id)).toEqual(deleted);
    });

    it.skipIf(skip)('refuses deleted: false (a deleted order cannot be restored, a live one needs no flag)', async () => {
      const created = await post(instance, sampleOrder());
      const res = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: { deleted: false, version: 1 } });
      expect(res.status).toBe(400);
      const body = await json(res);
      expectError(body, 'BAD_USER_INPUT');
      expect(fieldsOf(body)).toContain('deleted');
      expect(await getOrder(instance, created.id)).toEqual(created);
    });

    it.skipIf(skip)('keeps the version when a PUT changes nothing', async () => {
      const created = await post(instance, sampleOrder());
      await sleep(5);
      const { id, code, subtotal, total, createdAt, updatedAt, version, deleted, ...content } = created;
      for (const body of [{ version: 1 }, { status: 'pending', version: 1 }, { ...content, version: 1 }]) {
        const res = await instance.api(`/api/orders/${created.id}`, { method: 'PUT', json: body });
        expect(res.status).toBe(200);
        expect(res.headers.get('etag')).toBe('"1"');
        expect(await res.json()).toEqual(created);
      }
      expect(await getOrder(instance, created.id)).toEqual(created);
    });
  });
});

/** One page of the change feed. */
async function feed(instance: TestInstance, query = ''): Promise<{ orders: any[]; cursor: string; hasMore: boolean }> {
  const res = await instance.api(`/api/orders${query ? `?${query}` : ''}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

/** The cursor after every change the feed hands out now. */
async function feedEnd(instance: TestInstance): Promise<string> {
  let since = '0.0';
  for (;;) {
    const page = await feed(instance, `since=${since}&limit=1000`);
    since = page.cursor;
    if (!page.hasMore) return since;
  }
}

/**
 * Reads the feed from `since` page by page until the orders `ids` have all come by. The feed
 * holds back changes while an older transaction anywhere on the PostgreSQL server is still
 * running (other test files share it), so a read may need a moment to catch up; it never skips.
 */
async function readFeed(instance: TestInstance, since: string, limit: number, ids: string[]) {
  const pages: { orders: any[]; cursor: string; hasMore: boolean }[] = [];
  let cursor = since;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await feed(instance, `since=${cursor}&limit=${limit}`);
    pages.push(page);
    cursor = page.cursor;
    const seen = new Set(pages.flatMap((p) => p.orders.map((o) => o.id)));
    if (!page.hasMore && (ids.every((id) => seen.has(id)) || Date.now() > deadline)) break;
    if (!page.hasMore) await sleep(50);
  }
  const mine = pages.flatMap((p) => p.orders).filter((o) => ids.includes(o.id));
  return { pages, orders: mine, cursor };
}

describe.each(DRIVERS)('REST GET /api/orders: the change feed ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) instance = await startTestInstance(driver);
  });
  afterAll(async () => instance?.stop());

  it.skipIf(skip)('lists changes oldest first, tombstones included; a changed order moves to the end', async () => {
    const since = await feedEnd(instance);
    const a = await post(instance, sampleOrder());
    const b = await post(instance, sampleOrder());
    const c = await post(instance, sampleOrder());

    const first = await readFeed(instance, since, 100, [a.id, b.id, c.id]);
    expect(first.orders).toEqual([a, b, c]);

    const bDeleted = await json(await instance.api(`/api/orders/${b.id}`, { method: 'PUT', json: { deleted: true, version: 1 } }));
    const aPaid = await json(await instance.api(`/api/orders/${a.id}`, { method: 'PUT', json: { status: 'paid', version: 1 } }));
    expect(bDeleted.deleted).toBe(true);
    expect(aPaid.version).toBe(2);

    const all = await readFeed(instance, since, 100, [a.id, b.id, c.id]);
    expect(all.orders).toEqual([c, bDeleted, aPaid]);

    // From the cursor of the first read only the two changes come, in the order they were made.
    const changes = await readFeed(instance, first.cursor, 100, [a.id, b.id]);
    expect(changes.orders).toEqual([bDeleted, aPaid]);
  });

  it.skipIf(skip)('pages with limit=2 over 5 orders hand out each order once, in order', async () => {
    const since = await feedEnd(instance);
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await post(instance, sampleOrder({ shippingCost: i })));
    const ids = created.map((o) => o.id);

    const read = await readFeed(instance, since, 2, ids);
    expect(read.orders).toEqual(created);
    for (const page of read.pages) {
      expect(page.orders.length).toBeLessThanOrEqual(2);
      expect(page.hasMore).toBe(page.orders.length === 2);
    }
    expect(read.pages.filter((p) => p.orders.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(read.pages.at(-1)!.hasMore).toBe(false);

    // Continuing from the last cursor brings nothing more.
    const rest = await feed(instance, `since=${read.cursor}&limit=2`);
    expect(rest).toMatchObject({ orders: [], cursor: read.cursor, hasMore: false });
  });

  it.skipIf(skip)('sets hasMore when the page is full and not when it is not', async () => {
    const since = await feedEnd(instance);
    const a = await post(instance, sampleOrder());
    const b = await post(instance, sampleOrder());
    await readFeed(instance, since, 100, [a.id, b.id]); // waits until both are visible

    const one = await feed(instance, `since=${since}&limit=1`);
    expect(one.orders.map((o) => o.id)).toEqual([a.id]);
    expect(one.hasMore).toBe(true);

    const next = await feed(instance, `since=${one.cursor}&limit=5`);
    expect(next.orders.map((o) => o.id)).toEqual([b.id]);
    expect(next.hasMore).toBe(false);
    expect(next.cursor).not.toBe(one.cursor);
  });

  it.skipIf(skip)('starts from the beginning without since', async () => {
    const since = await feedEnd(instance);
    const a = await post(instance, sampleOrder());
    await readFeed(instance, since, 100, [a.id]); // waits until it is visible
    const fromStart = await feed(instance, 'since=0.0&limit=1000');
    expect(fromStart.orders.map((o) => o.id)).toContain(a.id);
    expect(await feed(instance, 'limit=1000')).toEqual(fromStart);
  });

  it.skipIf(skip)('answers 400 naming "limit" for limit=0, 1001, abc, -1, 1.5 and an empty value', async () => {
    for (const limit of ['0', '1001', 'abc', '-1', '1.5', '']) {
      const res = await instance.api(`/api/orders?limit=${limit}`);
      expect(res.status, `limit=${limit}`).toBe(400);
      const body = await json(res);
      expectError(body, 'BAD_USER_INPUT');
      expect(fieldsOf(body)).toEqual(['limit']);
    }
    expect((await feed(instance, 'limit=1000')).orders).toBeInstanceOf(Array);
    expect((await feed(instance, 'limit=1')).orders.length).toBeLessThanOrEqual(1);
  });

  it.skipIf(skip)('answers 400 naming "full" for anything but true or false; a client reader gets the same page either way', async () => {
    for (const full of ['yes', '1', 'TRUE', '']) {
      const res = await instance.api(`/api/orders?full=${full}`);
      expect(res.status, `full=${full}`).toBe(400);
      const body = await json(res);
      expectError(body, 'BAD_USER_INPUT');
      expect(fieldsOf(body)).toEqual(['full']);
    }
    // Only the peer's sync reads leave orders out; a client's page is the same.
    const plain = await feed(instance, 'since=0.0&limit=1000');
    expect(await feed(instance, 'since=0.0&limit=1000&full=false')).toEqual(plain);
    expect(await feed(instance, 'since=0.0&limit=1000&full=true')).toEqual(plain);
  });

  it.skipIf(skip)('answers 400 naming "since" for a cursor it did not hand out', async () => {
    for (const since of ['abc', '1', '1.2.3', '-1.0', '1.-1', '', '9999999999999999999.0', '1.9999999999999999999']) {
      const res = await instance.api(`/api/orders?since=${encodeURIComponent(since)}`);
      expect(res.status, `since=${since}`).toBe(400);
      const text = await res.text();
      const body = JSON.parse(text);
      expectError(body, 'BAD_USER_INPUT');
      expect(fieldsOf(body)).toEqual(['since']);
    }
  });

  it.skipIf(skip)('answers 400 for an unknown query parameter', async () => {
    const res = await instance.api('/api/orders?foo=1');
    expect(res.status).toBe(400);
    const body = await json(res);
    expectError(body, 'BAD_USER_INPUT');
    expect(fieldsOf(body)).toContain('foo');
  });
});

/** An instance on which no valid order is ever written: after every bad request the feed is still empty. */
describe.each(DRIVERS)('REST POST /api/orders: validation ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) instance = await startTestInstance(driver);
  });
  afterAll(async () => instance?.stop());

  const base = () => sampleOrder();
  const line = (overrides: Record<string, unknown>) => [{ ...base().lines[0], ...overrides }];

  /** [label, body, expected field path, a submitted value that must not come back] */
  const cases: [string, () => unknown, string, string?][] = [
    ['a bad email', () => ({ ...base(), customer: { ...base().customer, email: 'not-an-email-marker' } }), 'customer.email', 'not-an-email-marker'],
    ['an unknown country', () => ({ ...base(), shippingAddress: { ...base().shippingAddress, countryCode: 'QX' } }), 'shippingAddress.countryCode', 'QX'],
    ['an unknown currency', () => ({ ...base(), currency: 'QQQ' }), 'currency', 'QQQ'],
    ['no lines', () => ({ ...base(), lines: [] }), 'lines'],
    ['lines that are not a list', () => ({ ...base(), lines: 'lines-marker' }), 'lines', 'lines-marker'],
    ['a zero quantity', () => ({ ...base(), lines: line({ quantity: 0 }) }), 'lines.0.quantity'],
    ['a quantity of 10001', () => ({ ...base(), lines: line({ quantity: 10001 }) }), 'lines.0.quantity', '10001'],
    ['a quantity sent as text', () => ({ ...base(), lines: line({ quantity: '7' }) }), 'lines.0.quantity'],
    ['a fractional unit price', () => ({ ...base(), lines: line({ unitPrice: 19.99 }) }), 'lines.0.unitPrice', '19.99'],
    ['a negative unit price', () => ({ ...base(), lines: line({ unitPrice: -250 }) }), 'lines.0.unitPrice', '-250'],
    ['a bad sku', () => ({ ...base(), lines: line({ sku: 'bad sku!marker' }) }), 'lines.0.sku', 'bad sku!marker'],
    ['a negative shipping cost', () => ({ ...base(), shippingCost: -350 }), 'shippingCost', '-350'],
    ['a note of 2001 characters', () => ({ ...base(), note: 'x'.repeat(2001) }), 'note', 'xxxxxxxxxx'],
    ['an unknown status', () => ({ ...base(), status: 'teleported' }), 'status', 'teleported'],
    ['a missing customer name', () => ({ ...base(), customer: { email: 'ada@example.com' } }), 'customer.name'],
    ['an empty customer name', () => ({ ...base(), customer: { ...base().customer, name: '' } }), 'customer.name'],
    ['a blank customer name', () => ({ ...base(), customer: { ...base().customer, name: '    ' } }), 'customer.name'],
    ['a customer name with a NUL character', () => ({ ...base(), customer: { ...base().customer, name: 'Ada\u0000marker' } }), 'customer.name', 'Ada\\u0000marker'],
    ['a bad phone number', () => ({ ...base(), customer: { ...base().customer, phone: 'call-me-marker' } }), 'customer.phone', 'call-me-marker'],
    ['a missing shipping address', () => { const { shippingAddress: _s, ...rest } = base(); return rest; }, 'shippingAddress'],
    ['an unknown top-level field', () => ({ ...base(), foo: 'foo-value-marker' }), 'foo', 'foo-value-marker'],
    ['an unknown nested field', () => ({ ...base(), customer: { ...base().customer, foo: 'nested-marker' } }), 'customer.foo', 'nested-marker'],
    ['a client-sent total', () => ({ ...base(), total: 987654 }), 'total', '987654'],
    ['a client-sent subtotal', () => ({ ...base(), subtotal: 987653 }), 'subtotal', '987653'],
    ['a client-sent code', () => ({ ...base(), code: 'T-424242' }), 'code', 'T-424242'],
    ['a client-sent createdAt', () => ({ ...base(), createdAt: '2001-02-03T04:05:06.000Z' }), 'createdAt', '2001-02-03'],
    ['a client-sent version', () => ({ ...base(), version: 7 }), 'version'],
    ['101 lines', () => ({ ...base(), lines: Array.from({ length: 101 }, (_, i) => ({ sku: `SKU-${i}`, name: 'Line', quantity: 1, unitPrice: 1 })) }), 'lines'],
    ['an id that is not a UUID', () => ({ ...base(), id: 'not-a-uuid-marker' }), 'id', 'not-a-uuid-marker'],
    ['a body that is a list', () => [base()], '(body)'],
  ];

  async function expectNothingWritten(): Promise<void> {
    expect(await feed(instance)).toMatchObject({ orders: [], cursor: '0.0', hasMore: false });
    expect(await countOrders(instance)).toBe(0);
  }

  it.skipIf(skip).each(cases)('answers 400 for %s, naming the field, and writes nothing', async (_label, body, field, marker) => {
    const res = await instance.api('/api/orders', { method: 'POST', json: body() });
    expect(res.status).toBe(400);
    const text = await res.text();
    const error = JSON.parse(text);
    expectError(error, 'BAD_USER_INPUT');
    expect(fieldsOf(error)).toContain(field);
    expect(error.error.message).toContain(field);
    for (const f of error.error.details.fields) expect(f).toEqual({ field: expect.any(String), message: expect.any(String) });
    if (marker) expect(text).not.toContain(marker);
    await expectNothingWritten();
  });

  it.skipIf(skip)('names every bad field of one body at once', async () => {
    const res = await instance.api('/api/orders', {
      method: 'POST',
      json: { ...base(), currency: 'QQQ', customer: { ...base().customer, email: 'nope' }, lines: line({ quantity: 0 }) },
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(await json(res))).toEqual(expect.arrayContaining(['currency', 'customer.email', 'lines.0.quantity']));
    await expectNothingWritten();
  });

  it.skipIf(skip)('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MiB', async () => {
    const body = JSON.stringify({ ...base(), note: 'x'.repeat(1024 * 1024) });
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
    const res = await instance.api('/api/orders', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expectError(await json(res), 'PAYLOAD_TOO_LARGE');
    await expectNothingWritten();
  });

  it.skipIf(skip)('answers 400 in the error envelope for a body that is not JSON, or empty', async () => {
    for (const body of ['{"customer": ', '{not json}', '']) {
      const res = await instance.api('/api/orders', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const error = await json(res);
      expectError(error, 'BAD_USER_INPUT');
      expect(JSON.stringify(error)).not.toMatch(/\bat .+:\d+:\d+|stack/i);
    }
    await expectNothingWritten();
  });

  it.skipIf(skip)('refuses a PUT body that is not JSON the same way', async () => {
    const res = await instance.api(`/api/orders/${randomUUID()}`, { method: 'PUT', body: '{oops', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expectError(await json(res), 'BAD_USER_INPUT');
    await expectNothingWritten();
  });
});

/** When the database fails the client gets a plain 500, never the internals. */
describe.each(DRIVERS)('REST /api/orders: internal errors ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (skip) return;
    instance = await startTestInstance(driver);
    await instance.database.db.execute(sql`alter table orders rename to orders_gone`);
  });
  afterAll(async () => instance?.stop());

  it.skipIf(skip)('answers 500 INTERNAL_SERVER_ERROR without a stack, SQL or table names', async () => {
    for (const [path, init] of [
      ['/api/orders', {}],
      [`/api/orders/${randomUUID()}`, {}],
      ['/api/orders', { method: 'POST', json: sampleOrder() }],
    ] as const) {
      const res = await instance.api(path, init);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
      expect(text).not.toMatch(/orders_gone|relation|select|stack/i);
    }
  });
});
