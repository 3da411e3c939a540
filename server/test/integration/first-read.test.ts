import { afterEach, describe, expect, it } from 'vitest';
import { loadCursor } from '../../src/integration/cursors.js';
import { readLog } from '../../src/integration/sync-log.js';
import { syncCursors } from '../../src/integration/sync.tables.js';
import { feedReadQuery } from '../../src/integration/transport.js';
import { FirstReads } from '../../src/integration/first-reads.js';
import { DRIVERS } from '../support/databases.js';
import { settleFeed } from '../support/feed-horizon.js';
import { sampleOrder, type TestInstance } from '../support/instances.js';
import { createOrder, link, startPair, startSide, syncUntilQuiet, TOKEN_B_TO_A } from '../support/sync-pair.js';

/**
 * A peer's first read of our feed, page after page: it must get every order, including those our
 * records say it holds (its database may have been replaced since), while a peer that has read
 * our feed to its end before is spared the orders it holds (no duplicates in a catch-up).
 * Pulls of 2 orders a page, so a first read spans pages.
 */

const PAGE = 2;

/** One page of `feed`'s changes pulled by `reader`, once the feed can show every change made so far. */
async function pullPage(reader: TestInstance, feed: TestInstance) {
  await settleFeed(feed.database.db);
  return reader.sync.pullOnce(0, undefined, PAGE);
}

/** Pulls on `reader` until a page says nothing more is ready; the orders received. */
async function pullToEnd(reader: TestInstance, feed: TestInstance): Promise<number> {
  let received = 0;
  for (let i = 0; i < 50; i++) {
    const page = await pullPage(reader, feed);
    received += page.received;
    if (!page.hasMore && !page.restarted) return received;
  }
  throw new Error('the feed did not end within 50 pages');
}

describe('the query of a feed read', () => {
  it('says `full` only where it differs from what the feed assumes (a read from the start is a first read)', () => {
    expect(feedReadQuery(undefined, true)).toEqual({});
    expect(feedReadQuery(undefined, false)).toEqual({ full: 'false' });
    expect(feedReadQuery('12.3', true)).toEqual({ since: '12.3', full: 'true' });
    expect(feedReadQuery('12.3', false)).toEqual({ since: '12.3' });
    expect(feedReadQuery('12.3', undefined)).toEqual({ since: '12.3' });
  });
});

describe('the first reads a feed has seen begin', () => {
  it('holds for an incremental read; on a first read, only what was agreed after it began; nothing for one begun unseen', () => {
    let clock = 1_000;
    const reads = new FirstReads(() => new Date(clock));
    expect(reads.heldSince(1, { full: false, fromStart: true, live: false })).toBeNull();
    expect(reads.heldSince(1, { full: true, fromStart: false, live: false })!.getTime()).toBeGreaterThan(Date.now() + 1e12);
    const first = { full: true, fromStart: true, live: true };
    expect(reads.heldSince(1, first)).toEqual(new Date(1_000));
    clock = 2_000;
    // The same request read again (a held page) is still the read that began at 1,000; so are its later pages.
    expect(reads.heldSince(1, first)).toEqual(new Date(1_000));
    expect(reads.heldSince(1, { full: true, fromStart: false, live: false })).toEqual(new Date(1_000));
    // A new request from the start is a new first read (the peer's database replaced again); other peers are apart.
    expect(reads.heldSince(1, { full: true, fromStart: true, live: false })).toEqual(new Date(2_000));
    expect(reads.heldSince(2, { full: true, fromStart: false, live: false })!.getTime()).toBeGreaterThan(Date.now() + 1e12);
  });
});

describe.each(DRIVERS)('a first read of the peer feed ($driver)', ({ driver, skip }) => {
  const started: TestInstance[] = [];
  afterEach(async () => {
    for (const s of started.splice(0).reverse()) await s.stop();
  });

  it.skipIf(skip)('a peer whose database was replaced gets every order, on every page of its first read, not only the first page', { timeout: 60_000 }, async () => {
    const { a, b } = await startPair(driver);
    started.push(a, b);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await createOrder(a, sampleOrder({ note: `order ${i}` }))).id);
    await syncUntilQuiet(a, b);
    expect((await b.orders.getMany(ids)).size).toBe(7);

    // B's database is lost; a new B answers at the same address, with an empty database.
    const port = new URL(b.url).port;
    await b.stop();
    started.splice(started.indexOf(b), 1);
    const b2 = await startSide(driver, 'B', 'B', { PORT: port });
    started.push(b2);
    await link(b2, a, TOKEN_B_TO_A);

    // A's records still say B holds all 7: only the new B's first read can bring them.
    expect(await pullToEnd(b2, a)).toBe(7);
    expect((await b2.orders.getMany(ids)).size).toBe(7);
  });

  it.skipIf(skip)('a pair that met with empty feeds carries a backlog once: the pull leaves out what the push delivered', { timeout: 60_000 }, async () => {
    const { a, b } = await startPair(driver);
    started.push(a, b);
    // Both read each other's (empty) feed to its end: their first read is over.
    expect(await pullToEnd(a, b)).toBe(0);
    expect(await pullToEnd(b, a)).toBe(0);

    for (let i = 0; i < 5; i++) await createOrder(a, sampleOrder({ note: `backlog ${i}` }));
    expect((await a.sync.pushOnce()).sent).toBe(5);
    // B holds them (pushed) and A's records say so: B's pull reads nothing again.
    expect(await pullToEnd(b, a)).toBe(0);
    const duplicates = await readLog(b.database.db, { direction: 'in', outcome: 'duplicate', page: 1, perPage: 100 });
    expect(duplicates.total).toBe(0);
  });

  it.skipIf(skip)('a new peer whose first read meets a catch-up is not sent again what the pushes delivered meanwhile', { timeout: 60_000 }, async () => {
    const { a, b } = await startPair(driver);
    started.push(a, b);
    for (let i = 0; i < 7; i++) await createOrder(a, sampleOrder({ note: `backlog ${i}` }));
    // B's first read begins (one page), then A's pushes deliver the whole backlog.
    expect((await pullPage(b, a)).received).toBe(PAGE);
    expect((await a.sync.pushOnce()).sent).toBe(7);
    // The rest of the first read: what B agreed on since it began is left out.
    expect(await pullToEnd(b, a)).toBe(0);
    expect((await b.orders.list({ page: 1, perPage: 100 })).total).toBe(7);
  });

  it.skipIf(skip)('a first read is remembered with the cursor, so one cut short by a restart goes on as a first read', { timeout: 60_000 }, async () => {
    const { a, b } = await startPair(driver);
    started.push(a, b);
    for (let i = 0; i < 6; i++) await createOrder(a, sampleOrder({ note: `order ${i}` }));
    // What a restart would load (the puller's memory is gone then): the saved position.
    const saved = async () => {
      const [row] = await b.database.db.select({ remoteId: syncCursors.remoteId }).from(syncCursors);
      return loadCursor(b.database.db, row!.remoteId);
    };

    expect((await pullPage(b, a)).received).toBe(PAGE);
    expect(await saved()).toMatchObject({ full: true, cursor: expect.stringMatching(/^\d+\.\d+$/) });
    expect(await pullToEnd(b, a)).toBe(6 - PAGE);
    expect(await saved()).toMatchObject({ full: false });
  });
});
