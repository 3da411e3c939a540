import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.js';
import { loadRecord } from '../../src/integration/records.js';
import { freshCreateWrites, markChanged } from '../../src/integration/relay.js';
import { ST } from '../../src/integration/sync-state.js';
import { syncOutbox, syncRecords } from '../../src/integration/sync.tables.js';
import { insertNewOrder, orderAsWritten } from '../../src/orders/order.repository.js';
import type { Order } from '../../src/orders/order.types.js';
import { orderContentSchema } from '../../src/orders/order.validation.js';
import { parseOrThrow } from '../../src/shared/errors.js';
import { databaseForBlock, DRIVERS } from '../support/databases.js';
import { sampleOrder } from '../support/instances.js';

const REMOTES = [1, 2];

const setState = (id: string, state: number) => sql`update sync_records set state = ${state} where order_id = ${id}`;

/** The database, counting the reads (`select`) made through it. */
function countingReads(db: Db): { db: Db; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'select' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        reads++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: proxy, reads: () => reads };
}

/** An order as a create writes it (orderAsWritten), at this version. */
function order(id: string, version = 1): Order {
  const at = new Date('2026-12-02T04:00:00.000Z');
  const content = parseOrThrow(orderContentSchema, sampleOrder());
  return orderAsWritten({ id, code: 'T-000001', content, createdAt: at, updatedAt: at, version, deleted: false });
}

describe.each(DRIVERS)('markChanged: what a local change costs the sync ($driver)', ({ driver, skip }) => {
  const database = databaseForBlock(driver, skip);

  it.skipIf(skip)('a create under an id made here reads no record, and still marks and queues it for every remote', async () => {
    const { db, reads } = countingReads(database.db());
    const id = randomUUID();
    await markChanged(db, REMOTES, [{ after: order(id), isNew: true, fresh: true }], new Date());
    expect(reads()).toBe(0);
    for (const remote of REMOTES) expect((await loadRecord(database.db(), remote, id))?.state).toBe(ST.NEW);
    const queued = await database.db().select().from(syncOutbox);
    expect(queued.filter((e) => e.orderId === id).map((e) => e.remoteId).sort()).toEqual(REMOTES);
  });

  it.skipIf(skip)("a create's statement holds the same records and queue entries as markChanged, and none under an id that exists", async () => {
    const at = new Date('2026-12-03T10:00:00.000Z');
    const [marked, inline] = [randomUUID(), randomUUID()];
    await markChanged(database.db(), REMOTES, [{ after: order(marked), isNew: true, fresh: true }], at);
    const written = order(inline);
    const row = { ...written, content: parseOrThrow(orderContentSchema, sampleOrder()), createHash: null };
    expect(await insertNewOrder(database.db(), row, 'T', (inserted) => [freshCreateWrites(REMOTES, written, at, inserted)!])).toMatch(/^T-/);
    const stored = async (id: string) => {
      const records = (await database.db().select().from(syncRecords)).filter((r) => r.orderId === id).map(({ orderId: _, ...r }) => r);
      const queued = (await database.db().select().from(syncOutbox)).filter((e) => e.orderId === id).map(({ orderId: _, ...e }) => e);
      return { records, queued };
    };
    const expected = await stored(marked);
    expect(expected.records).toHaveLength(REMOTES.length);
    expect(await stored(inline)).toEqual(expected);

    // The id exists: the insert writes nothing, and neither do the sync's parts of its statement.
    const other = order(inline);
    expect(await insertNewOrder(database.db(), { ...other, content: row.content, createHash: null }, 'T', (inserted) => [freshCreateWrites([3], other, at, inserted)!])).toBeNull();
    expect((await database.db().select().from(syncRecords)).filter((r) => r.remoteId === 3)).toEqual([]);
    expect((await database.db().select().from(syncOutbox)).filter((e) => e.remoteId === 3)).toEqual([]);
  });

  it.skipIf(skip)('any other change reads the records first: one waiting for a resolution is left alone', async () => {
    const id = randomUUID();
    await markChanged(database.db(), [1], [{ after: order(id), isNew: true }], new Date());
    await database.db().execute(setState(id, ST.COLLISION));
    const { db, reads } = countingReads(database.db());
    await markChanged(db, [1], [{ after: order(id, 2), isNew: false }], new Date());
    expect(reads()).toBe(1);
    expect((await loadRecord(database.db(), 1, id))?.state).toBe(ST.COLLISION);
  });
});
