import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/statements.js';
import type { Db } from '../../src/db/types.js';

/**
 * Waits until every stored change is below the feed's horizon, so a read of the feed sees it. On a
 * PostgreSQL server the horizon is the oldest running transaction of the whole server (transaction
 * ids are server-wide), so another test file's transaction can hold it back for a moment; PGlite
 * never waits.
 */
export async function settleFeed(db: Db, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const [row] = await rowsOf<{ settled: boolean }>(
      db.execute(sql`select pg_snapshot_xmin(pg_current_snapshot())::text::bigint > coalesce(max(change_txid), 0) as settled from orders`),
    );
    if (row!.settled) return;
    if (Date.now() > deadline) throw new Error('the feed horizon did not pass the stored changes in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
