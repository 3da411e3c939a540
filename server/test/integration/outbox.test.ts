import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/statements.js';
import { claim, complete, enqueue } from '../../src/integration/outbox.js';
import { syncOutbox } from '../../src/integration/sync.tables.js';
import { databaseForBlock, DRIVERS } from '../support/databases.js';
import { waitFor } from '../support/server-process.js';

const REMOTE = 1;
const LEASE_MS = 60_000;
const later = (ms = 1) => new Date(Date.now() + ms);

describe.each(DRIVERS)('the outbox: leases and completion ($driver)', ({ driver, skip }) => {
  const database = databaseForBlock(driver, skip);
  const entries = async () => database.db().select().from(syncOutbox).orderBy(syncOutbox.orderId);

  it.skipIf(skip)('a completed entry is removed; one enqueued again while in flight stays, due, without a lease', async () => {
    const db = database.db();
    await db.delete(syncOutbox);
    const [sent, changed] = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    await enqueue(db, REMOTE, [sent, changed], new Date());
    const claimed = await claim(db, REMOTE, 10, LEASE_MS, later());
    expect(claimed.map((e) => e.seq)).toEqual([1, 1]);
    // Nothing else may take them while they are in flight.
    expect(await claim(db, REMOTE, 10, LEASE_MS, later())).toEqual([]);
    await enqueue(db, REMOTE, [changed], new Date());
    await complete(db, REMOTE, claimed);
    const left = await entries();
    expect(left.map((e) => [e.orderId, e.seq, e.leasedUntil])).toEqual([[changed, 2, null]]);
    expect((await claim(db, REMOTE, 10, LEASE_MS, later())).map((e) => [e.orderId, e.seq])).toEqual([[changed, 2]]);
  });

  // PGlite is one connection: no two transactions at once, so no such race there.
  it.skipIf(skip || driver === 'pglite')('an enqueue that commits while the completion waits for its row lock: the entry keeps no lease', async () => {
    const db = database.db();
    await db.delete(syncOutbox);
    const id = '00000000-0000-4000-8000-000000000003';
    await enqueue(db, REMOTE, [id], new Date());
    const claimed = await claim(db, REMOTE, 10, LEASE_MS, later());
    expect(claimed).toHaveLength(1);

    // Another transaction (a received message's apply) queues a new change of the order and holds its row.
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let enqueued!: () => void;
    const inside = new Promise<void>((resolve) => (enqueued = resolve));
    const other = db.transaction(async (tx) => {
      await enqueue(tx, REMOTE, [id], new Date());
      enqueued();
      await held;
    });
    await inside;
    const completing = complete(db, REMOTE, claimed);
    // The completion's delete waits for the row lock of the uncommitted enqueue.
    await waitFor(
      async () => {
        const [row] = await rowsOf<{ n: number }>(
          db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
        );
        return Number(row?.n) > 0;
      },
      { timeoutMs: 5_000, intervalMs: 10, what: 'the completion to wait for the row lock' },
    );
    commit();
    await other;
    await completing;

    const left = await entries();
    expect(left.map((e) => [e.orderId, e.seq, e.leasedUntil])).toEqual([[id, 2, null]]);
    // Sent at once, not a minute later when the lease would have run out.
    expect((await claim(db, REMOTE, 10, LEASE_MS, later())).map((e) => e.seq)).toEqual([2]);
  });
});
