import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS } from '../support/databases.js';
import { sampleOrder, type TestInstance } from '../support/instances.js';
import {
  createOrder,
  deleteOrder,
  getOrder,
  messageOf,
  movedIn,
  orderWithSync,
  pullUntil,
  putOrder,
  startPair,
  syncStatus,
  syncUntilQuiet,
} from '../support/sync-pair.js';

/**
 * Collisions between two real instances driven by hand: each kind ends in ST_COLLISION on both
 * sides with both copies kept, and an admin's resolution on one side reaches the other, after
 * which both hold the same order at the same version.
 */

interface Fields {
  status: string;
  note: string | null;
  shippingCost: number;
  deleted: boolean;
}

type Side = 'a' | 'b';
type Choice = { take: 'OURS' | 'THEIRS' | 'MERGE'; fields?: Record<string, 'OURS' | 'THEIRS'> };

interface Collided {
  id: string;
  /** What each side holds as its own copy. */
  a: Fields;
  b: Fields;
  /** The version of each side's copy. */
  versionA: number;
  versionB: number;
}

interface Scenario {
  name: string;
  kind: 'update/update' | 'update/delete' | 'delete/update' | 'delete/delete' | 'uuid/uuid';
  resolveOn: Side;
  choice: Choice;
  /** The content both sides must end with. */
  expected: (c: Collided) => Fields;
}

const UPD = 2;
const COLLISION = 6;

const BASE: Fields = { status: 'pending', note: 'base', shippingCost: 350, deleted: false };
const EDIT_A = { status: 'paid', note: 'edited on A', shippingCost: 111 };
const EDIT_B = { status: 'shipped', note: 'edited on B', shippingCost: 222 };
const DEL_A = { status: 'cancelled', note: 'deleted on A' };
const DEL_B = { status: 'cancelled', note: 'deleted on B' };

const RESOLVE = `mutation($id: ID!, $take: ResolutionTake!, $fields: ResolutionFields) {
  resolveCollision(orderId: $id, take: $take, fields: $fields) { id version status note shippingCost deleted }
}`;

type FirstStep = 'push A' | 'push B' | 'pull A' | 'pull B';
const KINDS = ['update/update', 'update/delete', 'delete/update', 'delete/delete', 'uuid/uuid'] as const;
const FIRST_STEPS: FirstStep[] = ['push A', 'push B', 'pull A', 'pull B'];

const pick = (o: any): Fields => ({ status: o.status, note: o.note, shippingCost: o.shippingCost, deleted: o.deleted });

const SCENARIOS: Scenario[] = [
  { name: 'update/update, A takes THEIRS', kind: 'update/update', resolveOn: 'a', choice: { take: 'THEIRS' }, expected: (c) => c.b },
  { name: 'update/update, B takes OURS', kind: 'update/update', resolveOn: 'b', choice: { take: 'OURS' }, expected: (c) => c.b },
  {
    name: 'update/update, B merges status and shippingCost from THEIRS, note from OURS',
    kind: 'update/update',
    resolveOn: 'b',
    choice: { take: 'MERGE', fields: { status: 'THEIRS', shippingCost: 'THEIRS', note: 'OURS' } },
    expected: (c) => ({ status: c.a.status, shippingCost: c.a.shippingCost, note: c.b.note, deleted: false }),
  },
  {
    name: 'update/update, A merges only note from THEIRS (the rest stays ours)',
    kind: 'update/update',
    resolveOn: 'a',
    choice: { take: 'MERGE', fields: { note: 'THEIRS' } },
    expected: (c) => ({ ...c.a, note: c.b.note }),
  },
  { name: 'update/delete, A (the editor) takes OURS', kind: 'update/delete', resolveOn: 'a', choice: { take: 'OURS' }, expected: (c) => c.a },
  { name: 'update/delete, B (the deleter) takes THEIRS', kind: 'update/delete', resolveOn: 'b', choice: { take: 'THEIRS' }, expected: (c) => c.a },
  { name: 'update/delete, B keeps its deletion (OURS)', kind: 'update/delete', resolveOn: 'b', choice: { take: 'OURS' }, expected: (c) => c.b },
  {
    name: "update/delete, A merges: its content, the peer's deletion",
    kind: 'update/delete',
    resolveOn: 'a',
    choice: { take: 'MERGE', fields: { deleted: 'THEIRS' } },
    expected: (c) => ({ ...c.a, deleted: true }),
  },
  { name: 'delete/update, A (the deleter) takes THEIRS', kind: 'delete/update', resolveOn: 'a', choice: { take: 'THEIRS' }, expected: (c) => c.b },
  { name: 'delete/update, B (the editor) takes OURS', kind: 'delete/update', resolveOn: 'b', choice: { take: 'OURS' }, expected: (c) => c.b },
  { name: 'delete/delete, B takes THEIRS', kind: 'delete/delete', resolveOn: 'b', choice: { take: 'THEIRS' }, expected: (c) => c.a },
  {
    name: 'delete/delete, A merges note from THEIRS',
    kind: 'delete/delete',
    resolveOn: 'a',
    choice: { take: 'MERGE', fields: { note: 'THEIRS' } },
    expected: (c) => ({ ...c.a, note: c.b.note }),
  },
  { name: 'uuid/uuid, A takes THEIRS', kind: 'uuid/uuid', resolveOn: 'a', choice: { take: 'THEIRS' }, expected: (c) => c.b },
  {
    name: 'uuid/uuid, B merges status from THEIRS',
    kind: 'uuid/uuid',
    resolveOn: 'b',
    choice: { take: 'MERGE', fields: { status: 'THEIRS' } },
    expected: (c) => ({ ...c.b, status: c.a.status }),
  },
];

describe.each(DRIVERS)('collisions between two instances ($driver)', ({ driver, skip }) => {
  let a: TestInstance;
  let b: TestInstance;

  beforeAll(async () => {
    if (skip) return;
    ({ a, b } = await startPair(driver));
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const sides = () => ({ a, b });

  /** An order created on A and synced: both hold it OK at v1. */
  async function syncedOrder(): Promise<string> {
    const created = await createOrder(a, sampleOrder({ note: BASE.note, status: BASE.status, shippingCost: BASE.shippingCost }));
    await syncUntilQuiet(a, b);
    for (const side of [a, b]) expect((await orderWithSync(side, created.id)).sync).toMatchObject({ state: 'OK', ackedVersion: 1 });
    return created.id;
  }

  /** Makes the two sides change the same order concurrently, then syncs. */
  async function collide(kind: Scenario['kind'], first?: FirstStep): Promise<Collided> {
    let id: string;
    if (kind === 'uuid/uuid') {
      id = randomUUID();
      await createOrder(a, { ...sampleOrder({ note: 'created on A', status: 'pending', shippingCost: 100 }), id });
      await createOrder(b, { ...sampleOrder({ note: 'created on B', status: 'paid', shippingCost: 200 }), id });
    } else {
      id = await syncedOrder();
      const [onA, onB] = kind.split('/') as ['update' | 'delete', 'update' | 'delete'];
      if (onA === 'update') await putOrder(a, id, EDIT_A, 1);
      else await deleteOrder(a, id, 1, DEL_A);
      if (onB === 'update') await putOrder(b, id, EDIT_B, 1);
      else await deleteOrder(b, id, 1, DEL_B);
    }
    const ownA = await getOrder(a, id);
    const ownB = await getOrder(b, id);
    // Who moves first decides which side meets the collision first (and through which path).
    if (first === 'push A') expect((await a.sync.pushOnce()).sent).toBe(1);
    if (first === 'push B') expect((await b.sync.pushOnce()).sent).toBe(1);
    if (first === 'pull A') expect(await pullUntil(a, 1)).toBe(1);
    if (first === 'pull B') expect(await pullUntil(b, 1)).toBe(1);
    await syncUntilQuiet(a, b);
    return { id, a: pick(ownA), b: pick(ownB), versionA: ownA.version, versionB: ownB.version };
  }

  it.skipIf(skip).each(KINDS.flatMap((kind) => FIRST_STEPS.map((first) => ({ kind, first }))))(
    '$kind ($first first) ends in COLLISION on both sides, ours and theirs kept, nothing lost',
    async ({ kind, first }) => {
      const c = await collide(kind, first);
      for (const [side, other] of [
        ['a', 'b'],
        ['b', 'a'],
      ] as const) {
        const o = await orderWithSync(sides()[side], c.id);
        expect(o.sync.state, `${side}: ${JSON.stringify(o.sync)}`).toBe('COLLISION');
        expect(pick(o), `${side} keeps its own copy`).toEqual(c[side]);
        expect(o.version).toBe(side === 'a' ? c.versionA : c.versionB);
        expect(o.sync.theirs, `${side} keeps the peer's copy`).not.toBeNull();
        expect(pick(o.sync.theirs)).toEqual(c[other]);
        expect(o.sync.theirsVersion).toBe(other === 'a' ? c.versionA : c.versionB);
        // Why, on both sides: the side that learns of the collision from the other shows the finder's reason.
        expect(o.sync.reason, `${side}: ${JSON.stringify(o.sync)}`).toMatch(/collision/);
        expect(o.sync.reason, `${side}: ${JSON.stringify(o.sync)}`).not.toBe('collision synced');
      }
      if (kind === 'uuid/uuid') {
        // Each side created it under its own code; each keeps the other's beside it.
        const oa = await orderWithSync(a, c.id);
        const ob = await orderWithSync(b, c.id);
        expect(oa.code).toMatch(/^A-/);
        expect(ob.code).toMatch(/^B-/);
        expect(oa.sync.theirs.code).toBe(ob.code);
        expect(ob.sync.theirs.code).toBe(oa.code);
      }
      // The pair is quiet: no echo of the collision.
      expect((await syncUntilQuiet(a, b)).every((r) => movedIn(r) === 0)).toBe(true);
    },
  );

  it.skipIf(skip).each(SCENARIOS)('$name: the resolution reaches the other side, both end identical', async (s) => {
    const c = await collide(s.kind);
    const resolver = sides()[s.resolveOn];
    const other = sides()[s.resolveOn === 'a' ? 'b' : 'a'];
    const expected = s.expected(c);
    const version = Math.max(c.versionA, c.versionB) + 1;

    const res = await resolver.graphql(RESOLVE, { id: c.id, take: s.choice.take, fields: s.choice.fields ?? null });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(pick(res.body.data.resolveCollision)).toEqual(expected);
    expect(res.body.data.resolveCollision.version).toBe(version);

    const pending = await orderWithSync(resolver, c.id);
    expect(pending.sync).toMatchObject({ state: expected.deleted ? 'DEL' : 'UPD', resolutionPending: true, theirs: null });
    // Not there yet on the other side.
    expect((await orderWithSync(other, c.id)).sync.state).toBe('COLLISION');

    await syncUntilQuiet(a, b);

    const final = expected.deleted ? 'DEL_SYNCED' : 'OK';
    for (const side of [a, b]) {
      const o = await orderWithSync(side, c.id);
      expect(o.sync, side === a ? 'A' : 'B').toMatchObject({
        state: final,
        ackedVersion: version,
        resolutionPending: false,
        theirs: null,
        theirsVersion: null,
      });
      expect(pick(o)).toEqual(expected);
      expect(o.version).toBe(version);
      expect((await syncStatus(side)).outboxDepth).toBe(0);
    }
    expect(await getOrder(other, c.id)).toEqual(await getOrder(resolver, c.id));
  });

  it.skipIf(skip)('update/update at different versions (A edited twice, B once): resolution on the lower side still supersedes both', async () => {
    const id = await syncedOrder();
    await putOrder(a, id, { status: 'paid' }, 1);
    await putOrder(a, id, { note: 'A twice' }, 2); // A at v3
    await putOrder(b, id, { note: 'B once', shippingCost: 5 }, 1); // B at v2
    await syncUntilQuiet(a, b);
    const oa = await orderWithSync(a, id);
    const ob = await orderWithSync(b, id);
    expect([oa.sync.state, ob.sync.state]).toEqual(['COLLISION', 'COLLISION']);
    expect([oa.version, oa.sync.theirsVersion, ob.version, ob.sync.theirsVersion]).toEqual([3, 2, 2, 3]);
    expect(ob.sync.theirs).toMatchObject({ note: 'A twice', status: 'paid', version: 3 });

    const res = await b.graphql(RESOLVE, { id, take: 'MERGE', fields: { status: 'THEIRS', shippingCost: 'OURS', note: 'THEIRS' } });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.resolveCollision).toMatchObject({ version: 4, status: 'paid', note: 'A twice', shippingCost: 5 });
    await syncUntilQuiet(a, b);
    for (const side of [a, b]) {
      const o = await orderWithSync(side, id);
      expect(o.sync).toMatchObject({ state: 'OK', ackedVersion: 4 });
      expect(o).toMatchObject({ version: 4, status: 'paid', note: 'A twice', shippingCost: 5 });
    }
    expect(await getOrder(a, id)).toEqual(await getOrder(b, id));
  });

  it.skipIf(skip)('an edit made before this side learned of the collision is kept, and the peer sees it before resolving', async () => {
    const id = await syncedOrder();
    await putOrder(a, id, { note: 'A v2' }, 1);
    await putOrder(b, id, { note: 'B v2' }, 1);
    // B reads A's v2 from the feed and collides; its report waits in B's outbox.
    expect(await pullUntil(b, 1)).toBe(1);
    expect((await orderWithSync(b, id)).sync.state).toBe('COLLISION');
    // A does not know yet, and edits again.
    await putOrder(a, id, { note: 'A v3', status: 'paid' }, 2);
    await syncUntilQuiet(a, b);

    const oa = await orderWithSync(a, id);
    const ob = await orderWithSync(b, id);
    expect([oa.sync.state, ob.sync.state]).toEqual(['COLLISION', 'COLLISION']);
    expect(oa).toMatchObject({ version: 3, note: 'A v3' });
    expect(oa.sync.theirs).toMatchObject({ note: 'B v2', version: 2 });
    // B's copy of theirs is A's latest, not the v2 it first saw.
    expect(ob.sync.theirsVersion).toBe(3);
    expect(ob.sync.theirs).toMatchObject({ note: 'A v3', status: 'paid' });

    await b.graphql(RESOLVE, { id, take: 'THEIRS', fields: null });
    await syncUntilQuiet(a, b);
    for (const side of [a, b]) {
      const o = await orderWithSync(side, id);
      expect(o.sync.state).toBe('OK');
      expect(o).toMatchObject({ version: 4, note: 'A v3', status: 'paid' });
    }
  });

  it.skipIf(skip)('a resolution made before this side saw the peer\'s latest edit does not overwrite that edit: both collide again', async () => {
    const id = await syncedOrder();
    await putOrder(a, id, { note: 'A v2' }, 1);
    await putOrder(b, id, { note: 'B v2' }, 1);
    expect(await pullUntil(b, 1)).toBe(1); // B collides with A's v2
    await putOrder(a, id, { note: 'A v3', status: 'paid' }, 2); // A, unaware, edits again
    // B's admin resolves, taking A's v2 (all B knows of), before A's v3 arrives.
    const res = await b.graphql(RESOLVE, { id, take: 'THEIRS', fields: null });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.resolveCollision).toMatchObject({ note: 'A v2', version: 3 });

    await syncUntilQuiet(a, b);
    const oa = await orderWithSync(a, id);
    const ob = await orderWithSync(b, id);
    // A's v3 was never seen by B's admin: it must not be silently replaced.
    expect([oa.sync.state, ob.sync.state]).toEqual(['COLLISION', 'COLLISION']);
    expect(oa).toMatchObject({ note: 'A v3', status: 'paid' });
    expect(ob.sync.theirs).toMatchObject({ note: 'A v3', status: 'paid' });
    expect(oa.sync.theirs).toMatchObject({ note: 'A v2' });

    // Resolved again, now with everything in view.
    await b.graphql(RESOLVE, { id, take: 'THEIRS', fields: null });
    await syncUntilQuiet(a, b);
    for (const side of [a, b]) {
      const o = await orderWithSync(side, id);
      expect(o.sync.state).toBe('OK');
      expect(o).toMatchObject({ note: 'A v3', status: 'paid', version: 4 });
    }
    expect(await getOrder(a, id)).toEqual(await getOrder(b, id));
  });

  it.skipIf(skip)('an error handshake (ERROR -> ERROR_SYNCED on both) is resolved like a collision', async () => {
    const id = await syncedOrder();
    const json = await getOrder(b, id);
    // B receives an impossible message about the order (an invalid state on the wire).
    const [bad] = await b.sync.receive([{ orderId: id, state: 42, version: 1, base: 1, resolution: false, order: json }]);
    expect(bad!.outcome).toBe('error');
    expect(bad!.reply).toMatchObject({ state: 7 });
    // B's "+" reply reaches A: A acknowledges the error ...
    const [atA] = await a.sync.receive([bad!.reply]);
    expect(atA!.outcome).toBe('error_synced');
    expect(atA!.reply).toMatchObject({ state: 8 });
    // ... and A's acknowledgement reaches B, which answers nothing more.
    const [atB] = await b.sync.receive([atA!.reply]);
    expect(atB!.reply).toBeNull();
    expect((await orderWithSync(a, id)).sync.state).toBe('ERROR_SYNCED');
    expect((await orderWithSync(b, id)).sync.state).toBe('ERROR_SYNCED');
    await syncUntilQuiet(a, b);
    expect((await orderWithSync(a, id)).sync.state).toBe('ERROR_SYNCED');
    expect((await orderWithSync(b, id)).sync.state).toBe('ERROR_SYNCED');

    // Ordinary edits are refused on both sides until an admin resolves it.
    for (const side of [a, b]) {
      const put = await side.api(`/api/orders/${id}`, { method: 'PUT', json: { note: 'edit', version: 1 } });
      expect(put.status).toBe(409);
    }
    const res = await a.graphql(RESOLVE, { id, take: 'OURS', fields: null });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    await syncUntilQuiet(a, b);
    for (const side of [a, b]) {
      const o = await orderWithSync(side, id);
      expect(o.sync).toMatchObject({ state: 'OK', ackedVersion: 2 });
      expect(o.version).toBe(2);
    }
    expect(await getOrder(a, id)).toEqual(await getOrder(b, id));

    // The old error report, arriving late after the resolution, does not reopen anything.
    const [late] = await a.sync.receive([bad!.reply]);
    expect(late!.outcome).not.toBe('error_synced');
    expect((await orderWithSync(a, id)).sync).toMatchObject({ state: 'OK', ackedVersion: 2 });
  });

  it.skipIf(skip)('after a resolution, late copies of the resolution and of the collision reports are harmless', async () => {
    const c = await collide('update/update');
    const jsonA = await getOrder(a, c.id);
    const jsonB = await getOrder(b, c.id);
    await a.graphql(RESOLVE, { id: c.id, take: 'OURS', fields: null });
    await syncUntilQuiet(a, b);
    const resolvedJson = await getOrder(a, c.id);
    expect(resolvedJson.version).toBe(3);
    const before = [await orderWithSync(a, c.id), await orderWithSync(b, c.id)];

    // The resolution, delivered again to B.
    const [again] = await b.sync.receive([messageOf(UPD, resolvedJson, 2, true)]);
    expect(again!.outcome).toBe('duplicate');
    // The collision reports from before the resolution, arriving late on each side.
    const [lateAtA] = await a.sync.receive([messageOf(COLLISION, jsonB, 1)]);
    const [lateAtB] = await b.sync.receive([messageOf(COLLISION, jsonA, 1)]);
    expect([lateAtA!.outcome, lateAtB!.outcome]).not.toContain('collision');
    // And the original concurrent edits, delivered once more.
    const [oldEditAtA] = await a.sync.receive([messageOf(UPD, jsonB, 1)]);
    const [oldEditAtB] = await b.sync.receive([messageOf(UPD, jsonA, 1)]);
    expect([oldEditAtA!.outcome, oldEditAtB!.outcome]).toEqual(['duplicate', 'duplicate']);

    expect([await orderWithSync(a, c.id), await orderWithSync(b, c.id)]).toEqual(before);
    await syncUntilQuiet(a, b);
    expect([await orderWithSync(a, c.id), await orderWithSync(b, c.id)]).toEqual(before);
    expect(await getOrder(b, c.id)).toEqual(resolvedJson);
  });

  it.skipIf(skip)('after a resolution the order edits and syncs normally again', async () => {
    const c = await collide('update/update');
    await a.graphql(RESOLVE, { id: c.id, take: 'OURS', fields: null });
    await syncUntilQuiet(a, b);
    const v = (await getOrder(b, c.id)).version;
    await putOrder(b, c.id, { note: 'after the resolution' }, v);
    await syncUntilQuiet(a, b);
    for (const side of [a, b]) {
      const o = await orderWithSync(side, c.id);
      expect(o).toMatchObject({ note: 'after the resolution', version: v + 1 });
      expect(o.sync.state).toBe('OK');
    }
  });

  it.skipIf(skip)('resolving an order that is not in collision is refused with CONFLICT', async () => {
    const id = await syncedOrder();
    const res = await a.graphql(RESOLVE, { id, take: 'OURS', fields: null });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await orderWithSync(a, id)).sync).toMatchObject({ state: 'OK', ackedVersion: 1 });
  });

  it.skipIf(skip)('both sides resolving the same collision differently at once: a new collision, both resolutions kept', async () => {
    const c = await collide('update/update');
    // A takes its own copy, B takes its own copy: two different resolutions, both at version 3.
    await a.graphql(RESOLVE, { id: c.id, take: 'OURS', fields: null });
    await b.graphql(RESOLVE, { id: c.id, take: 'OURS', fields: null });
    await syncUntilQuiet(a, b);
    // Neither may silently win: both are in collision again, each keeping the other's resolution beside its own.
    const oa = await orderWithSync(a, c.id);
    const ob = await orderWithSync(b, c.id);
    expect([oa.sync.state, ob.sync.state]).toEqual(['COLLISION', 'COLLISION']);
    expect(pick(oa)).toEqual(c.a);
    expect(pick(ob)).toEqual(c.b);
    expect(pick(oa.sync.theirs)).toEqual(c.b);
    expect(pick(ob.sync.theirs)).toEqual(c.a);
    expect([oa.version, ob.version, oa.sync.theirsVersion, ob.sync.theirsVersion]).toEqual([3, 3, 3, 3]);

    // A second resolution, on one side, settles it.
    await b.graphql(RESOLVE, { id: c.id, take: 'THEIRS', fields: null });
    await syncUntilQuiet(a, b);
    for (const side of [a, b]) {
      const o = await orderWithSync(side, c.id);
      expect(o.sync.state).toBe('OK');
      expect(pick(o)).toEqual(c.a);
      expect(o.version).toBe(4);
    }
    expect(await getOrder(b, c.id)).toEqual(await getOrder(a, c.id));
  });
});
