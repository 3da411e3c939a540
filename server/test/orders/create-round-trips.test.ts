import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/statements.js';
import type { Db } from '../../src/db/types.js';
import { IdConflictError } from '../../src/orders/order.errors.js';
import { insertNewOrder } from '../../src/orders/order.repository.js';
import { ORDERS_CHANGED_CHANNEL } from '../../src/orders/order.tables.js';
import { orderContentSchema } from '../../src/orders/order.validation.js';
import { parseOrThrow } from '../../src/shared/errors.js';
import type { LocalChange, OrderHooks } from '../../src/orders/order.hooks.js';
import { OrderService } from '../../src/orders/order.service.js';
import { DRIVERS, ordersDatabaseForBlock } from '../support/databases.js';
import { sampleOrder } from '../support/instances.js';

/** The database, counting the transactions opened on it. */
function counting(db: Db): { db: Db; transactions: () => number } {
  let transactions = 0;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'transaction') {
        return (...args: Parameters<Db['transaction']>) => {
          transactions++;
          return target.transaction(...args);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db: proxy, transactions: () => transactions };
}

/** A hook that records the local changes it is told of, and says whether it wants them. */
function listener(wants: boolean | undefined, onChange: (tx: Db, change: LocalChange) => Promise<void> = async () => {}) {
  const changes: LocalChange[] = [];
  const hooks: OrderHooks = {
    async afterLocalChange(tx, change) {
      changes.push(change);
      await onChange(tx, change);
    },
    ...(wants === undefined ? {} : { wantsLocalChanges: () => wants }),
  };
  return { hooks, changes };
}

describe.each(DRIVERS)('a create, and what it costs in round trips ($driver)', ({ driver, skip }) => {
  const database = ordersDatabaseForBlock(driver, skip);
  let db: ReturnType<typeof counting>;
  let service: OrderService;
  // A table of another module, written by a hook in the create's own statement.
  const noteWrite = (orderId: string, inserted: ReturnType<typeof sql>) => ({
    writes: [sql`insert into hook_notes (order_id) select ${orderId}::uuid where ${inserted}`],
    notify: ['hook_notes'],
  });
  const notes = async (orderId: string) =>
    (await rowsOf<{ order_id: string }>(database.db().execute(sql`select order_id from hook_notes where order_id = ${orderId}`))).map((r) => r.order_id);
  beforeAll(async () => {
    if (!skip) await database.db().execute(sql`create table if not exists hook_notes (order_id uuid not null)`);
  });
  beforeEach(() => {
    if (skip) return;
    db = counting(database.db());
    service = new OrderService(db.db, { codePrefix: 'T' });
  });

  it.skipIf(skip)('with no hook taking part, is one statement without a transaction, and stores the whole order', async () => {
    const { order, created } = await service.create(sampleOrder({ note: 'alone' }));
    expect(created).toBe(true);
    expect(db.transactions()).toBe(0);
    expect(order.code).toMatch(/^T-\d{6,}$/);
    expect(await service.get(order.id)).toEqual(order);
  });

  it.skipIf(skip)('with a hook that has nothing to do, is one statement too, and the hook is not called', async () => {
    const hook = listener(false);
    service.addHooks(hook.hooks);
    await service.create(sampleOrder());
    expect(db.transactions()).toBe(0);
    expect(hook.changes).toEqual([]);
  });

  it.skipIf(skip)('with a hook taking part, runs it in the transaction of the insert, told that the id is fresh', async () => {
    const hook = listener(true);
    service.addHooks(hook.hooks);
    const { order } = await service.create(sampleOrder());
    expect(db.transactions()).toBe(1);
    expect(hook.changes).toEqual([{ before: null, after: order, fresh: true }]);
  });

  it.skipIf(skip)('a hook that may take part (it does not say) gets its transaction, and its failure undoes the create', async () => {
    let seen: string | null = null;
    const hook = listener(undefined, async (tx, change) => {
      // The order is visible inside the transaction the hook runs in.
      seen = (await service.get(change.after.id, tx))?.id ?? null;
      throw new Error('the hook failed');
    });
    service.addHooks(hook.hooks);
    await expect(service.create(sampleOrder({ note: 'undone' }))).rejects.toThrow('the hook failed');
    expect(db.transactions()).toBe(1);
    expect(seen).toBe(hook.changes[0]!.after.id);
    expect(await service.get(seen!)).toBeNull();
  });

  it.skipIf(skip)('with a hook that names its writes beforehand, is one statement holding the order and those writes', async () => {
    const hook = listener(true);
    service.addHooks({ ...hook.hooks, freshCreateWrites: (order, inserted) => noteWrite(order.id, inserted) });
    // The hook's channel is notified with the order's (the sync's sender wakes on it).
    const woken = { hook: 0, orders: 0 };
    const unlisten = [await database.listen('hook_notes', () => woken.hook++), await database.listen(ORDERS_CHANGED_CHANNEL, () => woken.orders++)];
    try {
      const { order } = await service.create(sampleOrder({ note: 'with its writes' }));
      expect(db.transactions()).toBe(0);
      // Named beforehand, so not called after: the writes are the hook's part.
      expect(hook.changes).toEqual([]);
      expect(await notes(order.id)).toEqual([order.id]);
      expect(await service.get(order.id)).toEqual(order);
      await expect.poll(() => woken, { timeout: 5_000 }).toEqual({ hook: 1, orders: 1 });
    } finally {
      for (const stop of unlisten) await stop();
    }
  });

  it.skipIf(skip)('a hook that cannot name its writes beforehand still gets its transaction, whatever the others can', async () => {
    const named = listener(true);
    const called = listener(true);
    service.addHooks({ ...named.hooks, freshCreateWrites: (order, inserted) => noteWrite(order.id, inserted) });
    service.addHooks(called.hooks);
    const { order } = await service.create(sampleOrder());
    expect(db.transactions()).toBe(1);
    expect(named.changes).toEqual([{ before: null, after: order, fresh: true }]);
    expect(called.changes).toEqual([{ before: null, after: order, fresh: true }]);
    expect(await notes(order.id)).toEqual([]);
  });

  it.skipIf(skip)("the writes named beforehand hold to the insert: under an id that exists, nothing of them is written", async () => {
    const { order } = await service.create(sampleOrder());
    const at = new Date();
    const row = { id: order.id, content: parseOrThrow(orderContentSchema, sampleOrder()), createdAt: at, updatedAt: at, version: 1, deleted: false, createHash: null };
    const code = await insertNewOrder(database.db(), row, 'T', (inserted) => [noteWrite(order.id, inserted)]);
    expect(code).toBeNull();
    expect(await notes(order.id)).toEqual([]);
  });

  it.skipIf(skip)('under a client id, takes the lock in a transaction and is not fresh; the same content again is the same order', async () => {
    const hook = listener(true);
    service.addHooks(hook.hooks);
    const id = randomUUID();
    const first = await service.create({ ...sampleOrder(), id });
    const again = await service.create({ ...sampleOrder(), id });
    expect(again).toEqual({ order: first.order, created: false });
    await expect(service.create({ ...sampleOrder({ note: 'other' }), id })).rejects.toBeInstanceOf(IdConflictError);
    expect(db.transactions()).toBe(3);
    expect(hook.changes).toEqual([{ before: null, after: first.order }]);
  });

  it.skipIf(skip)('hands out codes of at least six digits, never cut', async () => {
    await database.db().execute(sql`select setval('order_code_seq', 41)`);
    expect((await service.create(sampleOrder())).order.code).toBe('T-000042');
    await database.db().execute(sql`select setval('order_code_seq', 1234566)`);
    expect((await service.create(sampleOrder())).order.code).toBe('T-1234567');
  });
});
