import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS } from '../support/databases.js';
import { sampleOrder, startTestInstance, TEST_API_TOKEN, type TestInstance } from '../support/instances.js';

/** The GraphQL API at /graphql, against both database drivers. */

const ORDER_FIELDS = `
  id code status currency shippingCost subtotal total note createdAt updatedAt version deleted
  customer { name email phone }
  shippingAddress { fullName line1 line2 city postalCode countryCode }
  lines { sku name quantity unitPrice lineTotal }
`;

const CREATE = `mutation($input: OrderInput!) { createOrder(input: $input) { ${ORDER_FIELDS} } }`;
const GET = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const LIST = `query($filter: OrderFilter, $sort: OrderSort, $page: Int, $perPage: Int) {
  orders(filter: $filter, sort: $sort, page: $page, perPage: $perPage) { total items { ${ORDER_FIELDS} } }
}`;
const UPDATE = `mutation($id: ID!, $input: OrderPatchInput!, $v: Int!) {
  updateOrder(id: $id, input: $input, expectedVersion: $v) { ${ORDER_FIELDS} }
}`;
const DELETE = `mutation($id: ID!, $v: Int) { deleteOrder(id: $id, expectedVersion: $v) { ${ORDER_FIELDS} } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newTag = () => `t${randomBytes(5).toString('hex')}`;

/** A stack frame as Node prints it: `at fn (/path/file.ts:12:34)` or `at /path/file.js:1:2`. */
const STACK_FRAME = /\bat (?:[^\s()]+ )?\(?(?:file:\/\/)?\/?[^\s()]*\.[cm]?[jt]s:\d+:\d+\)?/;

/** Fails when a response carries a stack trace, whatever the outcome. */
function expectNoStack(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stacktrace/i);
  expect(text).not.toMatch(STACK_FRAME);
  expect(text).not.toMatch(/\\n\s+at /);
}

/** Every GraphQL call of this file goes through here, so every response is checked for stack traces. */
async function gql(instance: TestInstance, query: string, variables?: Record<string, unknown>, token?: string | null) {
  const res = await instance.graphql(query, variables, token);
  expectNoStack(res.body);
  return res;
}

/** The data of a call that must succeed. */
async function ok<T = any>(instance: TestInstance, query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T> {
  const res = await gql(instance, query, variables, token);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  expect(res.status).toBe(200);
  return res.body.data as T;
}

/** The single error of a call that must fail, after checking its code (and HTTP status when given). */
async function fails(
  instance: TestInstance,
  code: string,
  query: string,
  variables?: Record<string, unknown>,
  options: { token?: string | null; status?: number } = {},
): Promise<any> {
  const res = await gql(instance, query, variables, options.token);
  expect(res.body.errors, JSON.stringify(res.body)).toHaveLength(1);
  const [error] = res.body.errors!;
  expect(error.extensions.code, JSON.stringify(error)).toBe(code);
  expect(typeof error.message).toBe('string');
  if (options.status) expect(res.status).toBe(options.status);
  return error;
}

/** A valid OrderInput whose customer carries the tag in name and email, so a filter finds exactly the test's orders. */
const input = (tag: string, overrides: Record<string, unknown> = {}) =>
  sampleOrder({ customer: { name: `Grace ${tag}`, email: `${tag}@example.com`, phone: null }, ...overrides });

const create = async (instance: TestInstance, body: Record<string, unknown>) =>
  (await ok(instance, CREATE, { input: body })).createOrder;

const list = async (instance: TestInstance, vars: Record<string, unknown>) =>
  (await ok<{ orders: { total: number; items: any[] } }>(instance, LIST, vars)).orders;

const fieldsOf = (error: any): string[] => (error.extensions.fields ?? []).map((f: { field: string }) => f.field);

describe.each(DRIVERS)('GraphQL /graphql ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (!skip) instance = await startTestInstance(driver);
  });
  afterAll(async () => instance?.stop());

  describe('authentication', () => {
    const operations = (id: string): [string, string, Record<string, unknown>][] => [
      ['orders', LIST, {}],
      ['order', GET, { id }],
      ['viewer', '{ viewer { name kind } }', {}],
      ['createOrder', CREATE, { input: input('unauth') }],
      ['updateOrder', UPDATE, { id, input: { status: 'cancelled' }, v: 1 }],
      ['deleteOrder', DELETE, { id, v: 1 }],
      ['logout', 'mutation { logout }', {}],
    ];

    for (const [label, token] of [
      ['without a token', null],
      ['with a wrong token', 'wrong-token-0123456789abcdefghij'],
    ] as const) {
      it.skipIf(skip)(`refuses every operation but login ${label}: UNAUTHENTICATED, HTTP 401, nothing written`, async () => {
        const tag = newTag();
        const existing = await create(instance, input(tag));
        for (const [name, query, variables] of operations(existing.id)) {
          const res = await gql(instance, query, variables, token);
          expect(res.status, name).toBe(401);
          expect(res.body.errors, name).toHaveLength(1);
          expect(res.body.errors![0].extensions.code, name).toBe('UNAUTHENTICATED');
          // Refused before anything runs (no path: nothing was executed); the error names the field refused.
          expect(res.body.errors![0].extensions.denied.map((d: string) => d.split('.')[1]), name).toEqual([name]);
          expect(res.body.data ?? null, name).toBeNull();
        }
        expect(await ok(instance, GET, { id: existing.id })).toEqual({ order: existing });
        expect((await list(instance, { filter: { q: 'unauth', includeDeleted: true } })).total).toBe(0);
      });
    }

    it.skipIf(skip)('lets login through without a token', async () => {
      const res = await gql(instance, 'mutation { login(username: "admin", password: "correct-horse-battery") { token } }', {}, null);
      expect(res.status).toBe(200);
      expect(res.body.data.login.token).toEqual(expect.any(String));
    });

    it.skipIf(skip)('works with the client API token too', async () => {
      const tag = newTag();
      expect(await ok(instance, '{ viewer { name kind } }', {}, TEST_API_TOKEN)).toEqual({ viewer: { name: 'tests', kind: 'client' } });
      const created = (await ok(instance, CREATE, { input: input(tag) }, TEST_API_TOKEN)).createOrder;
      expect(created.version).toBe(1);
      expect((await ok(instance, GET, { id: created.id }, TEST_API_TOKEN)).order).toEqual(created);
      const listed = (await ok(instance, LIST, { filter: { q: tag } }, TEST_API_TOKEN)).orders;
      expect(listed).toEqual({ total: 1, items: [created] });
      const updated = (await ok(instance, UPDATE, { id: created.id, input: { status: 'paid' }, v: 1 }, TEST_API_TOKEN)).updateOrder;
      expect(updated.version).toBe(2);
      const deleted = (await ok(instance, DELETE, { id: created.id, v: 2 }, TEST_API_TOKEN)).deleteOrder;
      expect(deleted.deleted).toBe(true);
    });
  });

  describe('createOrder and order', () => {
    it.skipIf(skip)('creates an order with server-set fields, computed totals and line totals', async () => {
      const tag = newTag();
      const body = input(tag, {
        note: 'Gift wrap',
        lines: [
          { sku: 'A-1', name: 'First', quantity: 3, unitPrice: 1250 },
          { sku: 'B-2', name: 'Second', quantity: 7, unitPrice: 99 },
        ],
        shippingCost: 450,
      });
      const order = await create(instance, body);
      expect(order).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: expect.stringMatching(/^T-\d{6}$/),
        status: 'pending',
        customer: body.customer,
        shippingAddress: { ...body.shippingAddress, line2: null },
        currency: 'GBP',
        lines: [
          { sku: 'A-1', name: 'First', quantity: 3, unitPrice: 1250, lineTotal: 3750 },
          { sku: 'B-2', name: 'Second', quantity: 7, unitPrice: 99, lineTotal: 693 },
        ],
        shippingCost: 450,
        subtotal: 3750 + 693,
        total: 3750 + 693 + 450,
        note: 'Gift wrap',
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        updatedAt: order.createdAt,
        version: 1,
        deleted: false,
      });
      expect(await ok(instance, GET, { id: order.id })).toEqual({ order });
    });

    it.skipIf(skip)('is idempotent with a supplied id, and CONFLICT when that id holds other content', async () => {
      const tag = newTag();
      const id = randomUUID();
      const first = await create(instance, input(tag, { id }));
      expect(first.id).toBe(id);
      expect(await create(instance, input(tag, { id }))).toEqual(first);
      const error = await fails(instance, 'CONFLICT', CREATE, { input: input(tag, { id, shippingCost: 1 }) }, { status: 409 });
      expect(error.extensions.field).toBe('id');
      expect((await list(instance, { filter: { q: tag, includeDeleted: true } })).total).toBe(1);
    });

    it.skipIf(skip)('refuses invalid input with BAD_USER_INPUT naming the fields, and writes nothing', async () => {
      const tag = newTag();
      const cases: [Record<string, unknown>, string][] = [
        [input(tag, { customer: { name: `Grace ${tag}`, email: 'no-email-marker' } }), 'customer.email'],
        [input(tag, { currency: 'QQQ' }), 'currency'],
        [input(tag, { lines: [] }), 'lines'],
        [input(tag, { lines: [{ sku: 'A', name: 'A', quantity: 10_001, unitPrice: 1 }] }), 'lines.0.quantity'],
        [input(tag, { lines: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: -1 }] }), 'lines.0.unitPrice'],
        [input(tag, { shippingAddress: { ...sampleOrder().shippingAddress, countryCode: 'QX' } }), 'shippingAddress.countryCode'],
        [input(tag, { note: 'x'.repeat(2001) }), 'note'],
        [input(tag, { id: 'not-a-uuid' }), 'id'],
        [input(tag, { customer: { name: ' ', email: `${tag}@example.com` } }), 'customer.name'],
      ];
      for (const [body, field] of cases) {
        const error = await fails(instance, 'BAD_USER_INPUT', CREATE, { input: body }, { status: 400 });
        expect(fieldsOf(error), field).toContain(field);
        expect(JSON.stringify(error)).not.toContain('no-email-marker');
      }
      expect((await list(instance, { filter: { q: tag, includeDeleted: true } })).total).toBe(0);
    });

    it.skipIf(skip)('answers NOT_FOUND for an unknown id and BAD_USER_INPUT for an id that is not a UUID', async () => {
      const missing = randomUUID();
      const error = await fails(instance, 'NOT_FOUND', GET, { id: missing }, { status: 404 });
      expect(error.path).toEqual(['order']);
      const bad = await fails(instance, 'BAD_USER_INPUT', GET, { id: 'nope' }, { status: 400 });
      expect(fieldsOf(bad)).toEqual(['id']);
    });

    it.skipIf(skip)('answers deleted orders by id too', async () => {
      const created = await create(instance, input(newTag()));
      const deleted = (await ok(instance, DELETE, { id: created.id })).deleteOrder;
      expect((await ok(instance, GET, { id: created.id })).order).toEqual(deleted);
      expect(deleted.deleted).toBe(true);
    });
  });

  describe('orders: filters, sorting, paging', () => {
    it.skipIf(skip)('filters by q over code, customer name and email, case-insensitively', async () => {
      const nameTag = newTag();
      const emailTag = newTag();
      const byName = await create(instance, sampleOrder({ customer: { name: `Zora ${nameTag}`, email: 'zora@example.com' } }));
      const byEmail = await create(instance, sampleOrder({ customer: { name: 'Bob', email: `bob.${emailTag}@example.com` } }));
      const byCode = await create(instance, sampleOrder());

      expect(await list(instance, { filter: { q: nameTag.toUpperCase() } })).toEqual({ total: 1, items: [byName] });
      expect(await list(instance, { filter: { q: `ZORA ${nameTag}` } })).toEqual({ total: 1, items: [byName] });
      expect(await list(instance, { filter: { q: emailTag.toUpperCase() } })).toEqual({ total: 1, items: [byEmail] });
      expect(await list(instance, { filter: { q: `  ${emailTag}  ` } })).toEqual({ total: 1, items: [byEmail] });
      expect(await list(instance, { filter: { q: byCode.code.toLowerCase() } })).toEqual({ total: 1, items: [byCode] });
      // LIKE wildcards in q are taken literally.
      expect(await list(instance, { filter: { q: `${nameTag.slice(0, 3)}%${nameTag.slice(4)}` } })).toEqual({ total: 0, items: [] });
      expect(await list(instance, { filter: { q: `${nameTag.slice(0, 3)}_${nameTag.slice(4)}` } })).toEqual({ total: 0, items: [] });
    });

    it.skipIf(skip)('filters by a list of statuses', async () => {
      const tag = newTag();
      const pending = await create(instance, input(tag));
      const paid = await create(instance, input(tag, { status: 'paid' }));
      const shipped = await create(instance, input(tag, { status: 'shipped' }));
      const sort = { field: 'createdAt', order: 'ASC' };

      expect(await list(instance, { filter: { q: tag, status: ['paid', 'shipped'] }, sort })).toEqual({ total: 2, items: [paid, shipped] });
      expect(await list(instance, { filter: { q: tag, status: ['pending'] }, sort })).toEqual({ total: 1, items: [pending] });
      expect(await list(instance, { filter: { q: tag, status: ['delivered'] }, sort })).toEqual({ total: 0, items: [] });
      expect((await list(instance, { filter: { q: tag, status: [] }, sort })).total).toBe(3);
    });

    it.skipIf(skip)('filters by ids', async () => {
      const tag = newTag();
      const a = await create(instance, input(tag));
      await create(instance, input(tag));
      const c = await create(instance, input(tag));
      const found = await list(instance, { filter: { ids: [a.id, c.id, randomUUID()] }, sort: { field: 'createdAt', order: 'ASC' } });
      expect(found).toEqual({ total: 2, items: [a, c] });
      expect(await list(instance, { filter: { ids: [] } })).toEqual({ total: 0, items: [] });
      const error = await fails(instance, 'BAD_USER_INPUT', LIST, { filter: { ids: [a.id, 'nope'] } });
      expect(fieldsOf(error)).toEqual(['filter.ids.1']);
    });

    it.skipIf(skip)('filters by createdFrom and createdTo, both inclusive', async () => {
      const tag = newTag();
      const made = [];
      for (let i = 0; i < 3; i++) {
        made.push(await create(instance, input(tag)));
        await sleep(15);
      }
      const [o1, o2, o3] = made;
      expect(new Set(made.map((o) => o.createdAt)).size).toBe(3);
      const sort = { field: 'createdAt', order: 'ASC' };
      const between = async (createdFrom?: string, createdTo?: string) =>
        (await list(instance, { filter: { q: tag, createdFrom, createdTo }, sort })).items.map((o) => o.id);

      expect(await between(o2.createdAt)).toEqual([o2.id, o3.id]);
      expect(await between(undefined, o2.createdAt)).toEqual([o1.id, o2.id]);
      expect(await between(o2.createdAt, o2.createdAt)).toEqual([o2.id]);
      expect(await between(o3.createdAt, o1.createdAt)).toEqual([]);
      const error = await fails(instance, 'BAD_USER_INPUT', LIST, { filter: { createdFrom: 'yesterday' } }, { status: 400 });
      expect(error.message).toMatch(/createdFrom/);
    });

    it.skipIf(skip)('hides deleted orders by default; includeDeleted shows them, deleted: true only them', async () => {
      const tag = newTag();
      const live = await create(instance, input(tag));
      const gone = (await ok(instance, DELETE, { id: (await create(instance, input(tag))).id, v: 1 })).deleteOrder;
      const sort = { field: 'createdAt', order: 'ASC' };

      expect(await list(instance, { filter: { q: tag }, sort })).toEqual({ total: 1, items: [live] });
      expect(await list(instance, { filter: { q: tag, includeDeleted: false }, sort })).toEqual({ total: 1, items: [live] });
      expect(await list(instance, { filter: { q: tag, includeDeleted: true }, sort })).toEqual({ total: 2, items: [live, gone] });
      expect(await list(instance, { filter: { q: tag, deleted: true }, sort })).toEqual({ total: 1, items: [gone] });
      expect(await list(instance, { filter: { q: tag, deleted: false, includeDeleted: true }, sort })).toEqual({ total: 1, items: [live] });
    });

    it.skipIf(skip)('sorts by total ascending and descending', async () => {
      const tag = newTag();
      const orders = [];
      for (const shippingCost of [300, 100, 200]) orders.push(await create(instance, input(tag, { shippingCost })));
      const ascending = [...orders].sort((a, b) => a.total - b.total);

      const asc = await list(instance, { filter: { q: tag }, sort: { field: 'total', order: 'ASC' } });
      expect(asc).toEqual({ total: 3, items: ascending });
      const desc = await list(instance, { filter: { q: tag }, sort: { field: 'total', order: 'DESC' } });
      expect(desc).toEqual({ total: 3, items: [...ascending].reverse() });
      expect(asc.items.map((o: any) => o.total)).toEqual([8598, 8698, 8798]);
    });

    it.skipIf(skip)('sorts newest first by default', async () => {
      const tag = newTag();
      const a = await create(instance, input(tag));
      await sleep(15);
      const b = await create(instance, input(tag));
      expect((await list(instance, { filter: { q: tag } })).items.map((o) => o.id)).toEqual([b.id, a.id]);
    });

    it.skipIf(skip)('pages with page and perPage, counting every match in total', async () => {
      const tag = newTag();
      const orders = [];
      for (let i = 0; i < 5; i++) orders.push(await create(instance, input(tag, { shippingCost: i * 10 })));
      const sort = { field: 'total', order: 'ASC' };
      const page = (n: number) => list(instance, { filter: { q: tag }, sort, page: n, perPage: 2 });

      expect(await page(1)).toEqual({ total: 5, items: orders.slice(0, 2) });
      expect(await page(2)).toEqual({ total: 5, items: orders.slice(2, 4) });
      expect(await page(3)).toEqual({ total: 5, items: orders.slice(4) });
      expect(await page(4)).toEqual({ total: 5, items: [] });

      for (const [vars, field] of [
        [{ page: 0 }, 'page'],
        [{ perPage: 0 }, 'perPage'],
        [{ perPage: 501 }, 'perPage'],
      ] as const) {
        const error = await fails(instance, 'BAD_USER_INPUT', LIST, vars, { status: 400 });
        expect(fieldsOf(error)).toEqual([field]);
      }
    });

    it.skipIf(skip)('refuses a q with a NUL character as bad input, not an internal error', async () => {
      const error = await fails(instance, 'BAD_USER_INPUT', LIST, { filter: { q: 'a\u0000b' } }, { status: 400 });
      expect(fieldsOf(error)).toEqual(['filter.q']);
    });
  });

  describe('updateOrder and deleteOrder', () => {
    it.skipIf(skip)('updates with the expected version: version + 1, totals recomputed, other fields kept', async () => {
      const tag = newTag();
      const created = await create(instance, input(tag, { note: 'keep me' }));
      await sleep(5);
      const lines = [{ sku: 'NEW-1', name: 'New', quantity: 4, unitPrice: 250 }];
      const updated = (await ok(instance, UPDATE, { id: created.id, input: { status: 'paid', lines }, v: 1 })).updateOrder;
      expect(updated).toEqual({
        ...created,
        status: 'paid',
        lines: [{ ...lines[0], lineTotal: 1000 }],
        subtotal: 1000,
        total: 1000 + created.shippingCost,
        updatedAt: updated.updatedAt,
        version: 2,
      });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
      expect((await ok(instance, GET, { id: created.id })).order).toEqual(updated);
    });

    it.skipIf(skip)('keeps the version when the update changes nothing', async () => {
      const created = await create(instance, input(newTag()));
      const same = (await ok(instance, UPDATE, { id: created.id, input: { status: 'pending' }, v: 1 })).updateOrder;
      expect(same).toEqual(created);
    });

    it.skipIf(skip)('answers CONFLICT with the current version when expectedVersion is stale, and writes nothing', async () => {
      const created = await create(instance, input(newTag()));
      const v2 = (await ok(instance, UPDATE, { id: created.id, input: { status: 'paid' }, v: 1 })).updateOrder;
      const error = await fails(instance, 'CONFLICT', UPDATE, { id: created.id, input: { status: 'cancelled' }, v: 1 }, { status: 409 });
      expect(error.extensions.currentVersion).toBe(2);
      expect(error.extensions.field).toBe('expectedVersion');
      expect((await ok(instance, GET, { id: created.id })).order).toEqual(v2);
    });

    it.skipIf(skip)('answers BAD_USER_INPUT naming the fields for invalid changes, and writes nothing', async () => {
      const created = await create(instance, input(newTag()));
      const cases: [Record<string, unknown>, string][] = [
        [{ customer: { name: 'Grace', email: 'not-an-email' } }, 'customer.email'],
        [{ lines: [] }, 'lines'],
        [{ lines: [{ sku: 'bad sku', name: 'X', quantity: 1, unitPrice: 1 }] }, 'lines.0.sku'],
        [{ currency: 'QQQ' }, 'currency'],
        [{ shippingCost: -5 }, 'shippingCost'],
      ];
      for (const [patch, field] of cases) {
        const error = await fails(instance, 'BAD_USER_INPUT', UPDATE, { id: created.id, input: patch, v: 1 }, { status: 400 });
        expect(fieldsOf(error), field).toContain(field);
      }
      const error = await fails(instance, 'BAD_USER_INPUT', UPDATE, { id: created.id, input: { status: 'paid' }, v: 0 });
      expect(fieldsOf(error)).toEqual(['expectedVersion']);
      expect((await ok(instance, GET, { id: created.id })).order).toEqual(created);
    });

    it.skipIf(skip)('answers NOT_FOUND when updating or deleting an unknown order', async () => {
      await fails(instance, 'NOT_FOUND', UPDATE, { id: randomUUID(), input: { status: 'paid' }, v: 1 }, { status: 404 });
      await fails(instance, 'NOT_FOUND', DELETE, { id: randomUUID() }, { status: 404 });
    });

    it.skipIf(skip)('deleteOrder leaves a tombstone hidden from the default list; it cannot be changed again', async () => {
      const tag = newTag();
      const created = await create(instance, input(tag));
      await fails(instance, 'CONFLICT', DELETE, { id: created.id, v: 2 }, { status: 409 });

      const deleted = (await ok(instance, DELETE, { id: created.id, v: 1 })).deleteOrder;
      expect(deleted).toEqual({ ...created, deleted: true, version: 2, updatedAt: deleted.updatedAt });

      expect(await list(instance, { filter: { q: tag } })).toEqual({ total: 0, items: [] });
      expect(await list(instance, { filter: { q: tag, includeDeleted: true } })).toEqual({ total: 1, items: [deleted] });
      expect((await ok(instance, GET, { id: created.id })).order).toEqual(deleted);

      const update = await fails(instance, 'CONFLICT', UPDATE, { id: created.id, input: { status: 'paid' }, v: 2 }, { status: 409 });
      expect(update.extensions.currentVersion).toBe(2);
      await fails(instance, 'CONFLICT', DELETE, { id: created.id }, { status: 409 });
      expect((await ok(instance, GET, { id: created.id })).order).toEqual(deleted);
    });
  });

  describe('errors never carry a stack trace', () => {
    it.skipIf(skip)('not for parse, schema, variable, input, lookup, conflict or auth errors', async () => {
      const created = await create(instance, input(newTag()));
      const responses = [
        await gql(instance, '{ orders { total '),
        await gql(instance, '{ orders { nope } }'),
        await gql(instance, 'query($p: Int) { orders(perPage: $p) { total } }', { p: 'many' }),
        await gql(instance, LIST, { perPage: 10_000 }),
        await gql(instance, GET, { id: randomUUID() }),
        await gql(instance, GET, { id: 'x' }),
        await gql(instance, UPDATE, { id: created.id, input: { status: 'paid' }, v: 99 }),
        await gql(instance, CREATE, { input: { ...input('x'), lines: 'none' } }),
        await gql(instance, LIST, {}, null),
        await gql(instance, 'mutation { login(username: "admin", password: "wrong") { token } }', {}, null),
        await gql(instance, 'mutation { login(username: "ad\\u0000min", password: "wrong") { token } }', {}, null),
      ];
      for (const res of responses) {
        expect(res.body.errors?.length, JSON.stringify(res.body)).toBeGreaterThan(0);
        for (const error of res.body.errors!) {
          expect(error.extensions?.code).toEqual(expect.any(String));
          expect(error.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
          expect(error.extensions.stacktrace).toBeUndefined();
          expect(error.extensions.exception).toBeUndefined();
        }
      }
    });
  });
});

/** When the database fails the client gets a generic error, never the internals. */
describe.each(DRIVERS)('GraphQL /graphql: internal errors ($driver)', ({ driver, skip }) => {
  let instance: TestInstance;
  beforeAll(async () => {
    if (skip) return;
    instance = await startTestInstance(driver);
    await instance.adminToken();
    await instance.database.db.execute(sql`alter table orders rename to orders_gone`);
  });
  afterAll(async () => instance?.stop());

  it.skipIf(skip)('answers INTERNAL_SERVER_ERROR with a generic message, no stack, no SQL', async () => {
    for (const [query, variables] of [
      [LIST, {}],
      [GET, { id: randomUUID() }],
      [CREATE, { input: sampleOrder() }],
    ] as const) {
      const res = await gql(instance, query, variables);
      expect(res.body.errors).toHaveLength(1);
      const [error] = res.body.errors!;
      expect(error.message).toBe('Internal server error');
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(JSON.stringify(res.body)).not.toMatch(/orders_gone|relation|select|insert/i);
    }
  });
});
