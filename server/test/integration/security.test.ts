import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS } from '../support/databases.js';
import { sampleOrder, TEST_API_TOKEN, type TestInstance } from '../support/instances.js';
import { createOrder, getOrder, messageOf, orderWithSync, startSide, syncStatus, TOKEN_A_TO_B, TOKEN_B_TO_A } from '../support/sync-pair.js';

/**
 * Who may speak the sync protocol: only the peer's token reaches POST /api/orders/_sync, a client
 * token cannot set sync states or versions through the ordinary API, a bad message is rejected
 * alone, and an order in collision refuses ordinary edits.
 */

const NEW = 1;
const OK = 3;

/** The instance under test is "B": it accepts TOKEN_A_TO_B as its peer. */
const PEER_TOKEN = TOKEN_A_TO_B;

/** An order as the peer would send it: a fresh id and a code of the peer's prefix. */
function peerOrder(overrides: Record<string, unknown> = {}): Record<string, any> {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    code: `P-${String(Math.floor(Math.random() * 900_000) + 100_000)}`,
    status: 'pending',
    ...sampleOrder(),
    note: null,
    subtotal: 8498,
    total: 8848,
    createdAt: now,
    updatedAt: now,
    version: 1,
    deleted: false,
    ...overrides,
  };
}

const fieldsOf = (body: any): string[] => (body.error?.details?.fields ?? []).map((f: { field: string }) => f.field);

describe.each(DRIVERS)('sync security ($driver)', ({ driver, skip }) => {
  let b: TestInstance;

  beforeAll(async () => {
    if (!skip) b = await startSide(driver, 'B');
  });
  afterAll(async () => b?.stop());

  const postSync = (body: unknown, token: string | null) => b.api('/api/orders/_sync', { method: 'POST', json: body, token });

  describe('POST /api/orders/_sync', () => {
    it.skipIf(skip)('without a token: 401, nothing applied', async () => {
      const order = peerOrder();
      const res = await postSync({ messages: [messageOf(NEW, order, 0)] }, null);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
      expect((await b.api(`/api/orders/${order.id}`)).status).toBe(404);
    });

    it.skipIf(skip)('with a wrong token: 401', async () => {
      const res = await postSync({ messages: [messageOf(NEW, peerOrder(), 0)] }, 'not-a-known-token-0123456789abcdef');
      expect(res.status).toBe(401);
    });

    it.skipIf(skip)('with a client API token: 403, nothing applied', async () => {
      const order = peerOrder();
      const res = await postSync({ messages: [messageOf(NEW, order, 0)] }, TEST_API_TOKEN);
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('FORBIDDEN');
      expect((await b.api(`/api/orders/${order.id}`)).status).toBe(404);
    });

    it.skipIf(skip)('with an admin session token: 403, nothing applied', async () => {
      const order = peerOrder();
      const res = await postSync({ messages: [messageOf(NEW, order, 0)] }, await b.adminToken());
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('FORBIDDEN');
      expect((await b.api(`/api/orders/${order.id}`)).status).toBe(404);
    });

    it.skipIf(skip)("with the token B sends (not the one it accepts): 401", async () => {
      const res = await postSync({ messages: [messageOf(NEW, peerOrder(), 0)] }, TOKEN_B_TO_A);
      expect(res.status).toBe(401);
    });

    it.skipIf(skip)('with the peer token: 200 with one result per message', async () => {
      const one = peerOrder({ note: 'first' });
      const two = peerOrder({ note: 'second' });
      const res = await postSync({ messages: [messageOf(NEW, one, 0), messageOf(NEW, two, 0)] }, PEER_TOKEN);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.results).toHaveLength(2);
      expect(body.results.map((r: any) => [r.orderId, r.outcome])).toEqual([
        [one.id, 'applied'],
        [two.id, 'applied'],
      ]);
      // The "+" reply: our state of the order, now agreed.
      expect(body.results[0].reply).toMatchObject({ orderId: one.id, state: OK, version: 1, base: 1 });
      const got = await getOrder(b, one.id);
      expect(got).toMatchObject({ id: one.id, code: one.code, note: 'first', version: 1 });
    });

    it.skipIf(skip)('with the peer token but a body that is not a batch: 400', async () => {
      for (const body of [{}, { messages: [] }, { messages: 'x' }, { messages: [{}], extra: 1 }]) {
        const res = await postSync(body, PEER_TOKEN);
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
    });

    it.skipIf(skip)('a malformed message in a batch is rejected alone while the others apply', async () => {
      const good1 = peerOrder({ note: 'good 1' });
      const good2 = peerOrder({ note: 'good 2' });
      const invalid = peerOrder({ lines: [] }); // fails order validation
      const noOrder = peerOrder();
      const mismatch = peerOrder();
      const messages = [
        messageOf(NEW, good1, 0),
        { orderId: 'not-a-uuid', state: NEW, version: 1, base: 0, order: null },
        { ...messageOf(NEW, peerOrder(), 0), version: 'one' },
        messageOf(NEW, invalid, 0),
        { ...messageOf(NEW, noOrder, 0), order: null }, // nothing to adopt
        { ...messageOf(NEW, mismatch, 0), version: 2 }, // the order says version 1
        messageOf(NEW, good2, 0),
      ];
      const res = await postSync({ messages }, PEER_TOKEN);
      expect(res.status).toBe(200);
      const { results } = await res.json();
      expect(results).toHaveLength(messages.length);
      expect(results.map((r: any) => r.outcome)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'applied']);
      for (const r of results.filter((x: any) => x.outcome === 'rejected')) {
        expect(r.error, JSON.stringify(r)).toEqual(expect.any(String));
        expect(r.reply).toBeNull();
      }
      expect((await getOrder(b, good1.id)).note).toBe('good 1');
      expect((await getOrder(b, good2.id)).note).toBe('good 2');
      for (const id of [invalid.id, noOrder.id, mismatch.id]) expect((await b.api(`/api/orders/${id}`)).status).toBe(404);
    });
  });

  describe('a message that fails inside the database', () => {
    it.skipIf(skip)('is rejected alone (here: its code is already taken by another order) while the others apply', async () => {
      const holder = peerOrder({ note: 'holds the code' });
      expect((await b.sync.receive([messageOf(NEW, holder, 0)]))[0]!.outcome).toBe('applied');
      const good1 = peerOrder({ note: 'db good 1' });
      const clash = peerOrder({ note: 'same code, other id', code: holder.code });
      const good2 = peerOrder({ note: 'db good 2' });
      const res = await postSync({ messages: [messageOf(NEW, good1, 0), messageOf(NEW, clash, 0), messageOf(NEW, good2, 0)] }, PEER_TOKEN);
      expect(res.status).toBe(200);
      const { results } = await res.json();
      expect(results.map((r: any) => [r.orderId, r.outcome])).toEqual([
        [good1.id, 'applied'],
        [clash.id, 'rejected'],
        [good2.id, 'applied'],
      ]);
      expect((await getOrder(b, good1.id)).note).toBe('db good 1');
      expect((await getOrder(b, good2.id)).note).toBe('db good 2');
      expect((await b.api(`/api/orders/${clash.id}`)).status).toBe(404);
      expect((await getOrder(b, holder.id)).note).toBe('holds the code');
    });
  });

  describe('a client token cannot forge sync states through REST', () => {
    let order: any;
    beforeAll(async () => {
      if (!skip) order = await createOrder(b, sampleOrder({ note: 'forge target' }));
    });

    it.skipIf(skip).each([
      { label: 'state', body: { state: 3 }, field: 'state' },
      { label: 'syncState', body: { syncState: 'OK' }, field: 'syncState' },
      { label: 'version plus state', body: { version: 1, state: 3 }, field: 'state' },
      { label: 'version plus syncState', body: { version: 1, syncState: 'DEL_SYNCED', status: 'paid' }, field: 'syncState' },
      { label: 'a sync envelope', body: { version: 1, sync: { state: 3, base: 5, resolution: true } }, field: 'sync' },
      { label: 'base', body: { version: 1, base: 7 }, field: 'base' },
    ])('PUT with $label: 400 naming the unknown field, nothing changed', async ({ body, field }) => {
      const before = await orderWithSync(b, order.id);
      const res = await b.api(`/api/orders/${order.id}`, { method: 'PUT', json: body });
      expect(res.status).toBe(400);
      const err = await res.json();
      expect(err.error.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(err)).toContain(field);
      expect(await orderWithSync(b, order.id)).toEqual(before);
    });

    it.skipIf(skip)('POST with a state: 400 naming it, nothing created', async () => {
      const id = randomUUID();
      const res = await b.api('/api/orders', { method: 'POST', json: { ...sampleOrder(), id, state: 3 } });
      expect(res.status).toBe(400);
      expect(fieldsOf(await res.json())).toContain('state');
      expect((await b.api(`/api/orders/${id}`)).status).toBe(404);
    });

    it.skipIf(skip)('GET /api/orders as a client has no sync envelope; as the peer it does', async () => {
      // The feed may hold the newest rows back for a moment (concurrent transactions): read until the order shows.
      const feedWith = async (token: string) => {
        const deadline = Date.now() + 15_000;
        for (;;) {
          const page = await (await b.api('/api/orders?limit=1000', { token })).json();
          if (page.orders.some((o: any) => o.id === order.id) || Date.now() > deadline) return page;
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      const asClient = await feedWith(TEST_API_TOKEN);
      expect(asClient.orders.some((o: any) => o.id === order.id)).toBe(true);
      for (const o of asClient.orders) expect(o).not.toHaveProperty('sync');

      const asPeer = await feedWith(PEER_TOKEN);
      for (const o of asPeer.orders) {
        expect(o.sync).toEqual({ state: expect.any(Number), base: expect.any(Number), resolution: expect.any(Boolean) });
      }
      const mine = asPeer.orders.find((o: any) => o.id === order.id);
      expect(mine.sync).toEqual({ state: NEW, base: 0, resolution: false });
      // Apart from the envelope, the peer sees the same order as the client.
      const { sync: _sync, ...rest } = mine;
      expect(rest).toEqual(asClient.orders.find((o: any) => o.id === order.id));
    });

    // Was: "... even for the peer". The peer may now use only POST /_sync and the change feed (README, Roles).
    it.skipIf(skip)('GET /api/orders/:id has no sync envelope, and the peer may not read it at all', async () => {
      const res = await b.api(`/api/orders/${order.id}`, { token: TEST_API_TOKEN });
      expect(res.status).toBe(200);
      expect(await res.json()).not.toHaveProperty('sync');
      const asPeer = await b.api(`/api/orders/${order.id}`, { token: PEER_TOKEN });
      expect(asPeer.status).toBe(403);
      expect((await asPeer.json()).error.code).toBe('FORBIDDEN');
    });
  });

  describe('GraphQL cannot forge sync states either', () => {
    it.skipIf(skip).each([
      { label: 'updateOrder with a state', query: 'mutation($id: ID!) { updateOrder(id: $id, input: { state: OK }, expectedVersion: 1) { id } }' },
      { label: 'updateOrder with a version', query: 'mutation($id: ID!) { updateOrder(id: $id, input: { version: 9 }, expectedVersion: 1) { id } }' },
      { label: 'updateOrder with a sync object', query: 'mutation($id: ID!) { updateOrder(id: $id, input: { sync: { state: OK } }, expectedVersion: 1) { id } }' },
    ])('$label is refused and changes nothing', async ({ query }) => {
      const order = await createOrder(b, sampleOrder({ note: 'gql forge target' }));
      const before = await orderWithSync(b, order.id);
      const res = await b.graphql(query, { id: order.id });
      expect(res.body.errors?.length, JSON.stringify(res.body)).toBeGreaterThan(0);
      expect(res.body.data?.updateOrder ?? null).toBeNull();
      expect(await orderWithSync(b, order.id)).toEqual(before);
    });
  });

  describe('an order in ST_ERROR refuses ordinary edits', () => {
    it.skipIf(skip)('an impossible combination from the peer puts the order in ERROR; PUT and updateOrder are refused with CONFLICT', async () => {
      const theirs = peerOrder({ note: 'will go wrong' });
      expect((await b.sync.receive([messageOf(NEW, theirs, 0)]))[0]!.outcome).toBe('applied');
      // An invalid state on the wire about an order we hold: the seed's "every other combination".
      const [r] = await b.sync.receive([{ ...messageOf(NEW, theirs, 0), state: 42 }]);
      expect(r!.outcome).toBe('error');
      expect(r!.reply).toMatchObject({ state: 7 });
      const before = await orderWithSync(b, theirs.id);
      expect(before.sync.state).toBe('ERROR');

      const put = await b.api(`/api/orders/${theirs.id}`, { method: 'PUT', json: { status: 'cancelled', version: 1 } });
      expect(put.status).toBe(409);
      expect((await put.json()).error.code).toBe('CONFLICT');
      const gql = await b.graphql('mutation($id: ID!) { updateOrder(id: $id, input: { status: cancelled }, expectedVersion: 1) { id } }', { id: theirs.id });
      expect(gql.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(await orderWithSync(b, theirs.id)).toEqual(before);
    });
  });

  describe('an order in ST_COLLISION refuses ordinary edits', () => {
    let ours: any;
    beforeAll(async () => {
      if (skip) return;
      // Our unacknowledged creation, and the peer's creation of the same id with other content.
      ours = await createOrder(b, { ...sampleOrder({ note: 'ours' }), id: randomUUID() });
      const theirs = peerOrder({ id: ours.id, note: 'theirs', status: 'paid' });
      const [result] = await b.sync.receive([messageOf(NEW, theirs, 0)]);
      expect(result!.outcome).toBe('collision');
    });

    it.skipIf(skip)('the collision holds both copies', async () => {
      const o = await orderWithSync(b, ours.id);
      expect(o.note).toBe('ours');
      expect(o.sync).toMatchObject({ state: 'COLLISION', theirsVersion: 1, theirs: { note: 'theirs', status: 'paid' } });
    });

    it.skipIf(skip)('GraphQL updateOrder: CONFLICT, nothing changed', async () => {
      const before = await orderWithSync(b, ours.id);
      const depth = (await syncStatus(b)).outboxDepth;
      const res = await b.graphql(
        'mutation($id: ID!, $v: Int!) { updateOrder(id: $id, input: { status: cancelled }, expectedVersion: $v) { id version } }',
        { id: ours.id, v: 1 },
      );
      expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(res.body)).toBe('CONFLICT');
      expect(res.body.data?.updateOrder ?? null).toBeNull();
      expect(await orderWithSync(b, ours.id)).toEqual(before);
      expect((await syncStatus(b)).outboxDepth).toBe(depth);
    });

    it.skipIf(skip)('GraphQL deleteOrder: CONFLICT, nothing changed', async () => {
      const before = await orderWithSync(b, ours.id);
      const res = await b.graphql('mutation($id: ID!) { deleteOrder(id: $id) { id } }', { id: ours.id });
      expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(res.body)).toBe('CONFLICT');
      expect(await orderWithSync(b, ours.id)).toEqual(before);
    });

    it.skipIf(skip)('REST PUT: 409 CONFLICT, nothing changed', async () => {
      const before = await orderWithSync(b, ours.id);
      const json = await getOrder(b, ours.id);
      for (const body of [{ status: 'cancelled', version: 1 }, { deleted: true, version: 1 }]) {
        const res = await b.api(`/api/orders/${ours.id}`, { method: 'PUT', json: body });
        expect(res.status, JSON.stringify(body)).toBe(409);
        expect((await res.json()).error.code).toBe('CONFLICT');
      }
      expect(await getOrder(b, ours.id)).toEqual(json);
      expect(await orderWithSync(b, ours.id)).toEqual(before);
    });
  });
});
