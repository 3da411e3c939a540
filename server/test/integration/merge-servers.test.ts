import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type Driver } from '../support/databases.js';
import { sampleOrder, startTestInstance, type TestInstance } from '../support/instances.js';
import { waitFor } from '../support/server-process.js';
import { createOrder, getOrder, peerEnv, putOrder, TOKEN_A_TO_B, TOKEN_B_TO_A } from '../support/sync-pair.js';

/**
 * Automatic merging between two real servers with their sync loops running: both paused, each
 * edits the same orders, both resumed. Different fields merge by themselves; the same field with
 * different values is a collision on both sides; the same field with the same value is no conflict.
 */

const MERGE_FIELDS = `sync { state reason merge { version mergedBy from { name version } fields { field from } } }`;

async function side(driver: Driver, name: 'A' | 'B', env: Record<string, string> = {}): Promise<TestInstance> {
  return startTestInstance(driver, { ...peerEnv(name), SYNC_LONG_POLL_SECONDS: '2', ...env }, { startSync: true });
}

async function syncOf(instance: TestInstance, id: string) {
  const res = await instance.graphql(`query($id: ID!) { order(id: $id) { version ${MERGE_FIELDS} } }`, { id });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.order as { version: number; sync: { state: string; reason: string | null; merge: any } };
}

async function outboxDepth(instance: TestInstance): Promise<number> {
  const res = await instance.graphql('{ syncStatus { outboxDepth } }');
  return res.body.data.syncStatus.outboxDepth;
}

/** Both outboxes empty and the order in `state` on both sides. */
async function settled(a: TestInstance, b: TestInstance, id: string, state: string): Promise<void> {
  let last: unknown = null;
  await waitFor(
    async () => {
      const seen = { outboxA: await outboxDepth(a), outboxB: await outboxDepth(b), onA: await syncOf(a, id), onB: await syncOf(b, id) };
      last = seen;
      return seen.outboxA === 0 && seen.outboxB === 0 && seen.onA.sync.state === state && seen.onB.sync.state === state;
    },
    { timeoutMs: 20_000, intervalMs: 100, what: `order ${id} to settle in ${state} on both sides`, describe: () => last },
  ).catch(async (err: Error) => {
    const queues = await Promise.all([a, b].map((i) => i.database.db.execute(sql`select *, now() as now from sync_outbox`)));
    const logs = await Promise.all([a, b].map((i) => i.database.db.execute(sql`select at, direction, order_id, message_state, version, outcome, detail from sync_log order by id`)));
    throw new Error(`${err.message}\nqueues: ${JSON.stringify(queues)}\nlogs: ${JSON.stringify(logs)}`);
  });
}

describe.each(DRIVERS)('automatic merge between two running servers ($driver)', ({ driver, skip }) => {
  let a: TestInstance;
  let b: TestInstance;
  const edits: Record<string, string> = {};

  beforeAll(async () => {
    if (skip) return;
    [a, b] = await Promise.all([side(driver, 'A'), side(driver, 'B')]);
    await a.sync.updateRemote({ remoteUrl: `${b.url}/api/orders`, remoteToken: TOKEN_A_TO_B });
    await b.sync.updateRemote({ remoteUrl: `${a.url}/api/orders`, remoteToken: TOKEN_B_TO_A });
    // Three orders made on A and agreed on both sides before the edits.
    for (const key of ['disjoint', 'conflict', 'same']) {
      const order = await createOrder(a, sampleOrder({ note: null }));
      edits[key] = order.id;
      await settled(a, b, order.id, 'OK');
    }
    await a.sync.setPaused(true);
    await b.sync.setPaused(true);
    const edit = async (instance: TestInstance, key: string, patch: Record<string, unknown>) => {
      const current = await getOrder(instance, edits[key]!);
      await putOrder(instance, current.id, patch, current.version);
    };
    // Different fields (and different fields inside customer and the lines) on each side.
    await edit(a, 'disjoint', { status: 'paid', customer: { ...sampleOrder().customer, phone: '+44 20 0000 0001' } });
    await edit(b, 'disjoint', {
      note: 'Leave at the door',
      lines: [{ ...sampleOrder().lines[0], quantity: 5 }, sampleOrder().lines[1], { sku: 'INK-3', name: 'Ink', quantity: 1, unitPrice: 300 }],
    });
    // The same field, different values.
    await edit(a, 'conflict', { note: 'from A' });
    await edit(b, 'conflict', { note: 'from B' });
    // The same field, the same value.
    await edit(a, 'same', { status: 'shipped' });
    await edit(b, 'same', { status: 'shipped' });
    await Promise.all([a.sync.setPaused(false), b.sync.setPaused(false)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it.skipIf(skip)('different fields: both sides end OK with identical orders holding both edits, at one version', async () => {
    const id = edits.disjoint!;
    await settled(a, b, id, 'OK');
    const [onA, onB] = [await getOrder(a, id), await getOrder(b, id)];
    expect(onA).toEqual(onB);
    expect(onA).toMatchObject({ status: 'paid', note: 'Leave at the door', version: 3 });
    expect(onA.customer.phone).toBe('+44 20 0000 0001');
    expect(onA.lines.map((l: { sku: string; quantity: number }) => `${l.sku}x${l.quantity}`)).toEqual(['BOOK-1x5', 'PEN-7x1', 'INK-3x1']);
    expect(onA.total).toBe(5 * 1999 + 4500 + 300 + 350);
  });

  it.skipIf(skip)('both sides show that the order was merged automatically, and from what', async () => {
    const id = edits.disjoint!;
    await settled(a, b, id, 'OK');
    for (const instance of [a, b]) {
      const { sync } = await syncOf(instance, id);
      expect(sync.merge).toMatchObject({ version: 3, from: expect.arrayContaining([{ name: 'A', version: 2 }, { name: 'B', version: 2 }]) });
      expect(sync.merge.fields).toEqual(
        expect.arrayContaining([
          { field: 'status', from: 'A' },
          { field: 'customer.phone', from: 'A' },
          { field: 'note', from: 'B' },
          // Only B changed the lines: they come whole from B.
          { field: 'lines', from: 'B' },
        ]),
      );
    }
    // And the sync log says it in words on the side that merged.
    const logs = await Promise.all(
      [a, b].map(async (instance) => (await instance.graphql('query($id: ID!) { syncLog(orderId: $id, outcome: "merged") { items { detail } } }', { id })).body.data.syncLog.items),
    );
    const details = logs.flat().map((e: { detail: string }) => e.detail);
    expect(details.length).toBeGreaterThanOrEqual(1);
    expect(details.some((d) => /status from A/.test(d) && /note from B/.test(d))).toBe(true);
  });

  it.skipIf(skip)('the same field with different values is a collision on both sides, with a reason that names it', async () => {
    const id = edits.conflict!;
    await settled(a, b, id, 'COLLISION');
    for (const instance of [a, b]) expect((await syncOf(instance, id)).sync.reason).toMatch(/note/);
  });

  it.skipIf(skip)('the same field with the same value is no conflict: OK on both sides, identical', async () => {
    const id = edits.same!;
    await settled(a, b, id, 'OK');
    const [onA, onB] = [await getOrder(a, id), await getOrder(b, id)];
    expect(onA).toEqual(onB);
    expect(onA).toMatchObject({ status: 'shipped', version: 2 });
  });
});

describe.each(DRIVERS)('automatic merge turned off ($driver)', ({ driver, skip }) => {
  it.skipIf(skip)('SYNC_AUTO_MERGE=false: edits of different fields collide, as the seed table says', async () => {
    const env = { SYNC_AUTO_MERGE: 'false' };
    const [a, b] = await Promise.all([side(driver, 'A', env), side(driver, 'B', env)]);
    try {
      await a.sync.updateRemote({ remoteUrl: `${b.url}/api/orders`, remoteToken: TOKEN_A_TO_B });
      await b.sync.updateRemote({ remoteUrl: `${a.url}/api/orders`, remoteToken: TOKEN_B_TO_A });
      const order = await createOrder(a, sampleOrder());
      await settled(a, b, order.id, 'OK');
      await a.sync.setPaused(true);
      await b.sync.setPaused(true);
      await putOrder(a, order.id, { status: 'paid' }, 1);
      await putOrder(b, order.id, { note: 'n' }, 1);
      await Promise.all([a.sync.setPaused(false), b.sync.setPaused(false)]);
      await settled(a, b, order.id, 'COLLISION');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);

  it.skipIf(skip)('SYNC_MERGE_MANUAL_FIELDS=status: a concurrent change of status always needs an admin', async () => {
    const env = { SYNC_MERGE_MANUAL_FIELDS: 'status' };
    const [a, b] = await Promise.all([side(driver, 'A', env), side(driver, 'B', env)]);
    try {
      await a.sync.updateRemote({ remoteUrl: `${b.url}/api/orders`, remoteToken: TOKEN_A_TO_B });
      await b.sync.updateRemote({ remoteUrl: `${a.url}/api/orders`, remoteToken: TOKEN_B_TO_A });
      const [o1, o2] = [await createOrder(a, sampleOrder()), await createOrder(a, sampleOrder())];
      await settled(a, b, o1.id, 'OK');
      await settled(a, b, o2.id, 'OK');
      await a.sync.setPaused(true);
      await b.sync.setPaused(true);
      await putOrder(a, o1.id, { status: 'paid' }, 1);
      await putOrder(b, o1.id, { note: 'n' }, 1);
      await putOrder(a, o2.id, { shippingCost: 0 }, 1);
      await putOrder(b, o2.id, { note: 'n' }, 1);
      await Promise.all([a.sync.setPaused(false), b.sync.setPaused(false)]);
      await settled(a, b, o1.id, 'COLLISION');
      // Whichever side found it, both name the rule (the other learns the reason with the collision).
      for (const side of [a, b]) expect((await syncOf(side, o1.id)).sync.reason).toMatch(/status always needs an admin/);
      await settled(a, b, o2.id, 'OK');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);
});

describe.each(DRIVERS)('a merge made on one side only, step by step ($driver)', ({ driver, skip }) => {
  it.skipIf(skip)('A pushes, B merges and answers with the merged order in the same response; A adopts it, with what was merged', async () => {
    const { startPair, syncUntilQuiet } = await import('../support/sync-pair.js');
    const { a, b } = await startPair(driver);
    try {
      const order = await createOrder(a, sampleOrder());
      await syncUntilQuiet(a, b);
      await putOrder(a, order.id, { status: 'paid' }, 1);
      await putOrder(b, order.id, { note: 'from B' }, 1);
      // One push from A: B merges it with its own unsent edit, and its reply carries the result.
      const pushed = await a.sync.pushOnce();
      expect(pushed).toMatchObject({ sent: 1, failed: 0 });
      const onA = await syncOf(a, order.id);
      expect(onA.version).toBe(3);
      expect(onA.sync.merge).toMatchObject({ version: 3, mergedBy: 'B', from: expect.arrayContaining([{ name: 'A', version: 2 }, { name: 'B', version: 2 }]) });
      expect(onA.sync.merge.fields).toEqual(expect.arrayContaining([{ field: 'status', from: 'A' }, { field: 'note', from: 'B' }]));
      await syncUntilQuiet(a, b);
      const [ga, gb] = [await getOrder(a, order.id), await getOrder(b, order.id)];
      expect(ga).toEqual(gb);
      expect(ga).toMatchObject({ status: 'paid', note: 'from B', version: 3 });
      for (const instance of [a, b]) expect((await syncOf(instance, order.id)).sync.state).toBe('OK');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
