import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connect.js';
import type { Db } from '../../src/db/types.js';
import { OrderDeletedError, VersionConflictError } from '../../src/orders/order.errors.js';
import { FEED_START, formatCursor, parseCursor, type FeedPage } from '../../src/orders/order.feed.js';
import { insertNewOrder, rewriteOrder } from '../../src/orders/order.repository.js';
import { OrderService } from '../../src/orders/order.service.js';
import { computeTotals, contentOf, type Order } from '../../src/orders/order.types.js';
import { orderContentSchema } from '../../src/orders/order.validation.js';
import { parseOrThrow, ValidationError } from '../../src/shared/errors.js';
import { createTestDatabase, DRIVERS, ordersDatabaseForBlock, postgresAvailable, type TestDatabase } from '../support/databases.js';
import { settleFeed } from '../support/feed-horizon.js';
import { sampleOrder } from '../support/instances.js';

/** Rows of a raw query, whichever driver (postgres.js answers an array, PGlite `{ rows }`). */
async function rows<T = Record<string, unknown>>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** The stored feed position of some orders, as (txid, seq) bigints. */
async function stamps(db: Db): Promise<Map<string, { txid: bigint; seq: bigint }>> {
  const list = await rows<{ id: string; txid: string; seq: string }>(
    db,
    sql`select id, change_txid::text as txid, change_seq::text as seq from orders`,
  );
  return new Map(list.map((r) => [r.id, { txid: BigInt(r.txid), seq: BigInt(r.seq) }]));
}

const cursorOrder = (a: string, b: string): number => {
  const x = parseCursor(a);
  const y = parseCursor(b);
  return x.txid !== y.txid ? (x.txid < y.txid ? -1 : 1) : x.seq === y.seq ? 0 : x.seq < y.seq ? -1 : 1;
};

/** Inserts a new order inside the caller's transaction, the way every write path stamps it. */
async function insertIn(tx: Db, note: string): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  const content = parseOrThrow(orderContentSchema, sampleOrder({ note }));
  await insertNewOrder(tx, { id, content, createdAt: now, updatedAt: now, version: 1, deleted: false, createHash: null }, 'T');
  return id;
}

/** The feed page's contract fields (the service may add more, such as the feed's identity). */
const pageOf = (page: FeedPage) => ({ orders: page.orders, cursor: page.cursor, hasMore: page.hasMore });

/** Every field of a fed order is consistent with itself (header and lines from the same version). */
function expectWhole(order: Order): void {
  const { subtotal, total } = computeTotals(order);
  expect({ id: order.id, version: order.version, subtotal: order.subtotal, total: order.total }).toEqual({
    id: order.id,
    version: order.version,
    subtotal,
    total,
  });
}

// -------------------------------------------------------------------------------------------------
// Both drivers: the feed's contract.

describe.each(DRIVERS)('change feed ($driver)', ({ driver, skip }) => {
  let service: OrderService;

  // One database for the block; each test starts from an empty feed.
  const database = ordersDatabaseForBlock(driver, skip);
  beforeEach(() => {
    if (skip) return;
    service = new OrderService(database.db(), { codePrefix: 'T' });
  });

  const create = async (note: string) => (await service.create(sampleOrder({ note }))).order;
  /** Reads a page once everything written so far can be fed. */
  const feed = async (since: string | undefined, limit: number) => {
    await settleFeed(database.db());
    return service.feed(since, limit);
  };

  it.skipIf(skip)('an empty database answers an empty page at the start cursor', async () => {
    expect(pageOf(await feed(undefined, 10))).toEqual({ orders: [], cursor: FEED_START, hasMore: false });
    expect(pageOf(await feed(FEED_START, 10))).toEqual({ orders: [], cursor: FEED_START, hasMore: false });
  });

  it.skipIf(skip)('returns the latest state of each changed order, oldest change first, tombstones included', async () => {
    const a = await create('a');
    const b = await create('b');
    const c = await create('c');

    let page = await feed(undefined, 100);
    expect(page.orders.map((o) => o.note)).toEqual(['a', 'b', 'c']);
    expect(page.orders).toEqual([a, b, c]);
    expect(page.hasMore).toBe(false);

    const a2 = await service.update(a.id, { note: 'a2' }, 1);
    const bGone = await service.delete(b.id);
    expect(bGone).toMatchObject({ deleted: true, version: 2 });

    // Each order once, at its latest change: c (untouched) first, then a's update, then b's deletion.
    page = await feed(undefined, 100);
    expect(page.orders.map((o) => [o.note, o.version, o.deleted])).toEqual([
      ['c', 1, false],
      ['a2', 2, false],
      ['b', 2, true],
    ]);
    expect(page.orders[1]).toEqual(a2);
    expect(page.orders[2]).toEqual(bGone);
    for (const order of page.orders) expectWhole(order);
  });

  it.skipIf(skip)('an update and a deletion made after the cursor appear after it; nothing before it comes back', async () => {
    const a = await create('a');
    const b = await create('b');
    const first = await feed(undefined, 100);
    expect(first.orders.map((o) => o.id)).toEqual([a.id, b.id]);

    await service.delete(a.id, 1);
    const next = await feed(first.cursor, 100);
    expect(next.orders.map((o) => [o.id, o.version, o.deleted])).toEqual([[a.id, 2, true]]);
    expect(cursorOrder(next.cursor, first.cursor)).toBe(1);
  });

  it.skipIf(skip)('a change that changes nothing is not fed again', async () => {
    const a = await create('a');
    const first = await feed(undefined, 10);
    expect(await service.update(a.id, { note: 'a' }, 1)).toEqual(a);
    expect(pageOf(await feed(first.cursor, 10))).toEqual({ orders: [], cursor: first.cursor, hasMore: false });
  });

  it.skipIf(skip)('pages resume from the cursor: the same sequence as one big read, hasMore while a page is full', async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await create(`n${i}`)).id);
    await service.update(created[0]!, { note: 'n0 again' }, 1);
    await service.update(created[3]!, { status: 'paid' }, 1);
    const all = await feed(undefined, 100);
    expect(all.orders).toHaveLength(7);

    const seen: Order[] = [];
    const pages: FeedPage[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const page = await feed(cursor, 3);
      pages.push(page);
      seen.push(...page.orders);
      if (page.orders.length) expect(cursorOrder(page.cursor, cursor ?? FEED_START)).toBe(1);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pages.map((p) => [p.orders.length, p.hasMore])).toEqual([
      [3, true],
      [3, true],
      [1, false],
    ]);
    expect(seen).toEqual(all.orders);
    expect(cursor).toBe(all.cursor);
    expect(seen.map((o) => o.id).slice(-2)).toEqual([created[0], created[3]]);
  });

  it.skipIf(skip)('a full last page says hasMore; the next read is empty and keeps the cursor', async () => {
    await create('a');
    await create('b');
    const full = await feed(undefined, 2);
    expect(full.orders).toHaveLength(2);
    expect(full.hasMore).toBe(true);
    const empty = await feed(full.cursor, 2);
    expect(pageOf(empty)).toEqual({ orders: [], cursor: full.cursor, hasMore: false });
    // ...and again: reading an empty feed never moves the cursor.
    expect(pageOf(await feed(empty.cursor, 2))).toEqual(pageOf(empty));
  });

  it.skipIf(skip)('all changes of one transaction are fed, in write order, even when a page boundary splits them', async () => {
    const ids = await service.transaction(async (tx) => [await insertIn(tx, 'x1'), await insertIn(tx, 'x2'), await insertIn(tx, 'x3')]);
    const first = await feed(undefined, 2);
    const second = await feed(first.cursor, 2);
    expect([...first.orders, ...second.orders].map((o) => o.id)).toEqual(ids);
    expect(parseCursor(first.cursor).txid).toBe(parseCursor(second.cursor).txid);
    expect(second.hasMore).toBe(false);
  });

  it.skipIf(skip)('cursors are "<txid>.<seq>" and round-trip through parseCursor/formatCursor', async () => {
    await create('a');
    const page = await feed(undefined, 10);
    expect(page.cursor).toMatch(/^\d+\.\d+$/);
    expect(formatCursor(parseCursor(page.cursor))).toBe(page.cursor);
    const stored = [...(await stamps(database.db())).values()][0]!;
    expect(parseCursor(page.cursor)).toEqual(stored);
  });

  it.skipIf(skip)('the service refuses a garbage cursor with a ValidationError on since', async () => {
    // (Wrapped: whether feed() throws at once or rejects is not the point here.)
    const attempt = (since: string) => Promise.resolve().then(() => service.feed(since, 10));
    const refused = await attempt('garbage').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fields).toEqual([{ field: 'since', message: 'must be a cursor returned by an earlier page' }]);
    // 19 digits pass the pattern but not bigint: still a validation error, not a database error.
    await expect(attempt('9223372036854775808.0')).rejects.toBeInstanceOf(ValidationError);
    // The largest cursor is valid (and there is nothing after it).
    const max = '9223372036854775807.9223372036854775807';
    expect(pageOf(await feed(max, 10))).toEqual({ orders: [], cursor: max, hasMore: false });
  });
});

describe('parseCursor', () => {
  it('reads "<txid>.<seq>", and no cursor as the start', () => {
    expect(parseCursor(undefined)).toEqual({ txid: 0n, seq: 0n });
    expect(parseCursor(FEED_START)).toEqual({ txid: 0n, seq: 0n });
    expect(parseCursor('123.45')).toEqual({ txid: 123n, seq: 45n });
    expect(parseCursor('9223372036854775807.1')).toEqual({ txid: 9223372036854775807n, seq: 1n });
    expect(formatCursor({ txid: 9007199254740993n, seq: 7n })).toBe('9007199254740993.7');
  });

  it.each([
    '',
    'garbage',
    '12',
    '12.',
    '.12',
    '-1.0',
    '1.-1',
    '1.2.3',
    ' 1.2',
    '1.2 ',
    '1e3.0',
    '0x1.0',
    '1,2',
    '１.２',
    '12345678901234567890.0',
    '0.12345678901234567890',
    '9223372036854775808.0',
    '0.9223372036854775808',
    '99999999999999999999999999.1',
  ])('refuses %j with a ValidationError naming since', (value) => {
    let caught: unknown;
    try {
      parseCursor(value);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).fields).toEqual([{ field: 'since', message: 'must be a cursor returned by an earlier page' }]);
    expect((caught as ValidationError).httpStatus).toBe(400);
  });

  it('names the field it is given', () => {
    expect(() => parseCursor('nope', 'after')).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ field: 'after' })] }));
  });
});

// -------------------------------------------------------------------------------------------------
// A real server: transactions commit in another order than they started writing.

/** Reads from `cursor` until `done(page)` or the time is up (other test files' transactions on the
 * same server can hold the horizon back for a moment; never forever). */
async function readUntil(service: OrderService, cursor: string, done: (page: FeedPage) => boolean, ms = 15_000): Promise<FeedPage> {
  const deadline = Date.now() + ms;
  for (;;) {
    const page = await service.feed(cursor, 100);
    if (done(page) || Date.now() > deadline) return page;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function gate(): { open: () => void; wait: Promise<void> } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { open, wait };
}

describe.skipIf(!postgresAvailable())('change feed on PostgreSQL with concurrent transactions', () => {
  let test: TestDatabase;
  let database: Database;
  let service: OrderService;

  beforeEach(async () => {
    test = await createTestDatabase('postgres');
    database = await openDatabase({ kind: 'postgres', url: test.url!, poolSize: 20 });
    service = new OrderService(database.db, { codePrefix: 'T' });
  });
  afterEach(async () => {
    await database?.close();
    await test?.drop();
  });

  it('an order committed after a later one is still fed after the cursor that passed the later one', async () => {
    // T1 writes order 1 and stays open; order 2 is created and committed meanwhile.
    const written = gate();
    const commit = gate();
    const t1 = service.transaction(async (tx) => {
      const id = await insertIn(tx, 'one');
      written.open();
      await commit.wait;
      return id;
    });
    await written.wait;
    const two = (await service.create(sampleOrder({ note: 'two' }))).order;

    // What a naive "sequence > cursor" feed would hand out now: order 2 alone...
    const naive = await rows<{ id: string }>(database.db, sql`select id from orders where change_seq > 0 order by change_seq`);
    expect(naive.map((r) => r.id)).toEqual([two.id]);

    // ...whereas this feed holds order 2 back: it is behind T1's horizon.
    const during = await service.feed(undefined, 100);
    expect(during.orders.map((o) => o.note)).toEqual([]);
    expect(during.cursor).toBe(FEED_START);

    commit.open();
    const oneId = await t1;

    // Order 1 took its feed position before order 2: a naive cursor at order 2 would skip it for ever.
    const stamp = await stamps(database.db);
    expect(stamp.get(oneId)!.seq < stamp.get(two.id)!.seq).toBe(true);
    expect(stamp.get(oneId)!.txid < stamp.get(two.id)!.txid).toBe(true);

    // The key property: reading on from the cursor we were given returns order 1 (and then 2).
    const after = await readUntil(service, during.cursor, (p) => p.orders.length >= 2);
    expect(after.orders.map((o) => o.id)).toEqual([oneId, two.id]);
    const end = await service.feed(after.cursor, 100);
    expect(pageOf(end)).toEqual({ orders: [], cursor: after.cursor, hasMore: false });
  });

  it('an update held open on an order already read is fed once it commits, before later changes', async () => {
    const x = (await service.create(sampleOrder({ note: 'x' }))).order;
    const seen = await readUntil(service, FEED_START, (p) => p.orders.length === 1);
    expect(seen.orders.map((o) => o.id)).toEqual([x.id]);

    const written = gate();
    const commit = gate();
    const t1 = service.transaction(async (tx) => {
      await rewriteOrder(tx, x.id, { content: { ...contentOf(x), note: 'x2' }, updatedAt: new Date(), version: 2, deleted: false });
      written.open();
      await commit.wait;
    });
    await written.wait;
    const y = (await service.create(sampleOrder({ note: 'y' }))).order;
    const z = await service.delete(y.id, 1);

    const during = await service.feed(seen.cursor, 100);
    expect(pageOf(during)).toEqual({ orders: [], cursor: seen.cursor, hasMore: false });

    commit.open();
    await t1;
    const after = await readUntil(service, during.cursor, (p) => p.orders.length >= 2);
    expect(after.orders.map((o) => [o.id, o.note, o.version, o.deleted])).toEqual([
      [x.id, 'x2', 2, false],
      [y.id, 'y', 2, true],
    ]);
    expect(after.orders[1]).toEqual(z);
  });

  it('a transaction that rolls back holds the feed only while it runs and leaves nothing behind', async () => {
    const written = gate();
    const abort = gate();
    const t1 = service.transaction(async (tx) => {
      await insertIn(tx, 'never');
      written.open();
      await abort.wait;
      throw new Error('roll back');
    });
    await written.wait;
    const two = (await service.create(sampleOrder({ note: 'two' }))).order;
    expect((await service.feed(undefined, 100)).orders).toEqual([]);

    abort.open();
    await expect(t1).rejects.toThrow('roll back');
    const after = await readUntil(service, FEED_START, (p) => p.orders.length >= 1);
    expect(after.orders.map((o) => o.id)).toEqual([two.id]);
  });

  it('reads by id, by ids and lists never pair one version\'s row with another version\'s lines', { timeout: 30_000 }, async () => {
    // Not the feed itself, but the same hazard: an order is read in two statements (row, lines).
    const { order } = await service.create(sampleOrder());
    let writing = true;
    let writes = 0;
    const reads = { get: 0, getMany: 0, list: 0 };
    const torn: string[] = [];
    const check = (where: string, o: Order | undefined | null) => {
      if (o && computeTotals(o).subtotal !== o.subtotal) torn.push(`${where}@${o.version}`);
    };
    const writer = (async () => {
      const until = Date.now() + 1_500;
      // 1.5 s and at least 30 updates (a busy machine gets up to 10 s).
      while ((Date.now() < until || writes < 30) && Date.now() < until + 8_500) {
        const current = (await service.get(order.id))!;
        const lines = [{ sku: 'A', name: 'A', quantity: 1 + (writes % 9), unitPrice: 100 + writes }];
        await service.update(order.id, { lines }, current.version);
        writes++;
      }
    })().finally(() => (writing = false));
    const readLoop = async (kind: keyof typeof reads, read: () => Promise<Order | null | undefined>) => {
      while (writing) {
        check(kind, await read());
        reads[kind]++;
      }
    };
    const readers = [
      readLoop('get', () => service.get(order.id)),
      readLoop('getMany', async () => (await service.getMany([order.id])).get(order.id)),
      readLoop('list', async () => (await service.list({ page: 1, perPage: 10 })).items[0]),
    ];
    await Promise.all([writer, ...readers]);
    console.log(`[consistent reads] ${writes} updates; reads: ${JSON.stringify(reads)}; torn: ${torn.length}`);
    expect(writes).toBeGreaterThan(10);
    expect(torn).toEqual([]);
  });

  it('stress: 8 writers with sleeps inside their transactions, a reader paging 7 at a time, nothing skipped', { timeout: 60_000 }, async () => {
    const WRITERS = 8;
    const DURATION_MS = 3_000;
    const ids: string[] = [];
    const stats = { creates: 0, batchCreates: 0, updates: 0, deletes: 0, conflicts: 0, slowTransactions: 0 };

    const sleepIn = async (tx: Db) => {
      stats.slowTransactions++;
      await tx.execute(sql`select pg_sleep(${(Math.random() * 8) / 1000})`);
    };
    const randomLines = () =>
      Array.from({ length: 1 + Math.floor(Math.random() * 3) }, (_, i) => ({
        sku: `SKU-${i}`,
        name: `Item ${i}`,
        quantity: 1 + Math.floor(Math.random() * 9),
        unitPrice: Math.floor(Math.random() * 10_000),
      }));

    const MIN_WRITES = 300;
    const totalWrites = () => stats.creates + stats.batchCreates + stats.updates + stats.deletes;

    async function writer(w: number, until: number): Promise<void> {
      let n = 0;
      // ~3 s, but on a busy machine keep going (up to 15 s) until there was real load.
      while ((Date.now() < until || totalWrites() < MIN_WRITES) && Date.now() < until + 12_000) {
        n++;
        const roll = Math.random();
        try {
          if (ids.length < 8 || roll < 0.2) {
            ids.push((await service.create(sampleOrder({ note: `w${w}-${n}`, lines: randomLines() }))).order.id);
            stats.creates++;
          } else if (roll < 0.3) {
            // A slow transaction: takes its id early, sleeps, writes more, commits late.
            const made = await service.transaction(async (tx) => {
              const first = await insertIn(tx, `w${w}-${n}-a`);
              await sleepIn(tx);
              return [first, await insertIn(tx, `w${w}-${n}-b`)];
            });
            ids.push(...made);
            stats.batchCreates += made.length;
          } else if (roll < 0.45) {
            // A slow update: the row lock gives it a transaction id before the sleep.
            const id = ids[Math.floor(Math.random() * ids.length)]!;
            await service.transaction(async (tx) => {
              const [row] = await rows<{ version: number; deleted: boolean }>(tx, sql`select version, deleted from orders where id = ${id} for update`);
              await sleepIn(tx);
              const current = (await service.get(id, tx))!;
              await rewriteOrder(tx, id, {
                content: { ...contentOf(current), lines: randomLines(), note: `w${w}-${n}-slow` },
                updatedAt: new Date(),
                version: row!.version + 1,
                deleted: row!.deleted,
              });
            });
            stats.updates++;
          } else if (roll < 0.95) {
            const id = ids[Math.floor(Math.random() * ids.length)]!;
            const current = (await service.get(id))!;
            await service.update(id, { lines: randomLines(), note: `w${w}-${n}` }, current.version);
            stats.updates++;
          } else {
            await service.delete(ids[Math.floor(Math.random() * ids.length)]!);
            stats.deletes++;
          }
        } catch (err) {
          if (err instanceof VersionConflictError || err instanceof OrderDeletedError) stats.conflicts++;
          else throw err;
        }
      }
    }

    // The reader: pages from its cursor and remembers the last version it saw of each order.
    const seen = new Map<string, { version: number; deleted: boolean }>();
    const reader = { pages: 0, fullPages: 0, delivered: 0, regressions: [] as string[], torn: [] as string[] };
    let cursor = FEED_START;
    async function readPage(): Promise<FeedPage> {
      const page = await service.feed(cursor, 7);
      reader.pages++;
      if (page.hasMore) reader.fullPages++;
      expect(page.orders.length).toBeLessThanOrEqual(7);
      expect(cursorOrder(page.cursor, cursor)).toBeGreaterThanOrEqual(0);
      for (const order of page.orders) {
        reader.delivered++;
        const { subtotal, total } = computeTotals(order);
        if (order.subtotal !== subtotal || order.total !== total) reader.torn.push(`${order.id}@${order.version}`);
        const before = seen.get(order.id);
        if (before && before.version > order.version) reader.regressions.push(`${order.id}: ${before.version} -> ${order.version}`);
        seen.set(order.id, { version: order.version, deleted: order.deleted });
      }
      cursor = page.cursor;
      return page;
    }

    // A naive reader alongside, for comparison only: "change_seq > last seen", 7 at a time.
    const naiveSeen = new Map<string, number>();
    let naiveCursor = 0n;
    async function readNaive(): Promise<void> {
      const page = await rows<{ id: string; version: number; seq: string }>(
        database.db,
        sql`select id, version, change_seq::text as seq from orders where change_seq > ${naiveCursor} order by change_seq limit 7`,
      );
      for (const r of page) {
        naiveSeen.set(r.id, r.version);
        naiveCursor = BigInt(r.seq);
      }
    }

    let writing = true;
    let writingMs = 0;
    const started = Date.now();
    const until = started + DURATION_MS;
    const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w, until))).finally(() => {
      writing = false;
      writingMs = Date.now() - started;
    });
    const readers = (async () => {
      while (writing) {
        const page = await readPage();
        await readNaive();
        if (!page.hasMore) await new Promise((r) => setTimeout(r, Math.random() * 3));
      }
    })();
    await Promise.all([writers, readers]);

    // Final drain: read until the feed is empty and no stored row lies beyond the cursor.
    const drainDeadline = Date.now() + 20_000;
    for (;;) {
      const page = await readPage();
      await readNaive();
      if (page.orders.length > 0) continue;
      const { txid, seq } = parseCursor(cursor);
      const [beyond] = await rows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from orders where change_txid > ${txid} or (change_txid = ${txid} and change_seq > ${seq})`,
      );
      if (beyond!.n === 0) break;
      expect(Date.now(), `feed still held back with ${beyond!.n} rows beyond the cursor`).toBeLessThan(drainDeadline);
      await new Promise((r) => setTimeout(r, 20));
    }

    const stored = await rows<{ id: string; version: number; deleted: boolean }>(database.db, sql`select id, version, deleted from orders`);
    const writes = totalWrites();
    const naiveMissed = stored.filter((r) => naiveSeen.get(r.id) !== r.version).length;
    console.log(
      `[change-feed stress] ${WRITERS} writers for ${writingMs} ms: ${writes} writes ` +
        `(${stats.creates} creates, ${stats.batchCreates} created in slow 2-order transactions, ${stats.updates} updates, ` +
        `${stats.deletes} deletes; ${stats.slowTransactions} transactions slept inside; ${stats.conflicts} version conflicts), ` +
        `${stored.length} orders. Reader: ${reader.pages} pages (${reader.fullPages} full), ${reader.delivered} orders delivered, ` +
        `${stored.filter((r) => seen.get(r.id)?.version !== r.version).length} skipped. ` +
        `A naive "seq > cursor" reader under the same load ended with ${naiveMissed} orders at a stale or missing version.`,
    );

    expect(writes).toBeGreaterThanOrEqual(MIN_WRITES);
    expect(reader.pages).toBeGreaterThan(20);
    expect(reader.regressions).toEqual([]);
    expect(reader.torn, 'orders fed with lines of another version than their header').toEqual([]);
    // Nothing skipped: the reader's last view of every order is what is stored, and it saw nothing else.
    expect(new Map(stored.map((r) => [r.id, { version: r.version, deleted: r.deleted }]))).toEqual(seen);
  });
});
