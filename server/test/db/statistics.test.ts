import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/statements.js';
import { analyzeStale, autovacuumRuns, GROWTH, MIN_PAGES, staleTables, tableSizes } from '../../src/db/statistics.js';
import type { Db } from '../../src/db/types.js';
import { databaseForBlock, DRIVERS } from '../support/databases.js';

describe('staleTables (the rule)', () => {
  const size = (pages: number, analyzedPages: number, analyzed = true) => ({ table: 't', pages, analyzedPages, analyzed });

  it('leaves small tables alone, analyzed or not', () => {
    expect(staleTables([size(MIN_PAGES - 1, 0, false), size(MIN_PAGES - 1, 1)])).toEqual([]);
  });

  it('takes a table that was never analyzed once it has some size', () => {
    expect(staleTables([size(MIN_PAGES, 0, false)])).toEqual(['t']);
  });

  it('takes a table again once it grew by more than a quarter, not before', () => {
    expect(staleTables([size(1000 * GROWTH, 1000)])).toEqual([]);
    expect(staleTables([size(1000 * GROWTH + 1, 1000)])).toEqual(['t']);
    // Grown from empty at its last analyze (relpages 0) and big now.
    expect(staleTables([size(MIN_PAGES, 0)])).toEqual(['t']);
  });

  it('leaves a table that did not grow (shrinking needs no new statistics to keep plans sane)', () => {
    expect(staleTables([size(500, 1000)])).toEqual([]);
  });
});

describe.each(DRIVERS)('statistics of tables that grew ($driver)', ({ driver, skip }) => {
  const block = databaseForBlock(driver, skip);
  const reltuples = async (db: Db, table: string) =>
    Number((await rowsOf<{ n: number }>(db.execute(sql`select reltuples as n from pg_class where relname = ${table}`)))[0]!.n);

  it.skipIf(skip)('analyzes the orders table once it grew, and leaves it until it grows again', async () => {
    const db = block.db();
    await db.execute(sql`truncate order_lines, orders`);
    await db.execute(sql`analyze orders`);
    // 3,000 orders: far more pages than MIN_PAGES, and far more than at the analyze of the empty table.
    await db.execute(sql`
      insert into orders (id, code, status, customer_name, customer_email, ship_full_name, ship_line1, ship_city, ship_postal_code,
        ship_country_code, currency, shipping_cost, subtotal, total, created_at, updated_at, version, change_txid, change_seq)
      select gen_random_uuid(), 'S-' || lpad(g::text, 6, '0'), 'pending', 'Customer ' || g, 'c' || g || '@example.com', 'Name ' || g,
        'Street ' || g, 'City', '12345', 'DE', 'EUR', 500, 1000, 1500, now(), now(), 1, 1, g
      from generate_series(1, 3000) g`);
    const before = (await tableSizes(db)).find((t) => t.table === 'orders')!;
    expect(before.pages).toBeGreaterThan(MIN_PAGES);
    expect(staleTables([before])).toEqual(['orders']);

    const analyzed = await analyzeStale(db);
    expect(analyzed).toContain('orders');
    expect(await reltuples(db, 'orders')).toBe(3000);
    // Nothing grew since: nothing to do.
    expect(await analyzeStale(db)).not.toContain('orders');
  });

  it.skipIf(skip)('tells whether the server runs autovacuum (PGlite never does, whatever its setting says)', async () => {
    const db = block.db();
    const [setting] = await rowsOf<{ on: boolean }>(db.execute(sql`select current_setting('autovacuum') = 'on' as on`));
    // PostgreSQL starts a launcher exactly when autovacuum is on; PGlite says on and starts none.
    expect(await autovacuumRuns(db)).toBe(driver === 'pglite' ? false : setting!.on);
  });

  it.skipIf(skip || driver !== 'postgres')('opens PostgreSQL connections without JIT', async () => {
    const [row] = await rowsOf<{ jit: string }>(block.db().execute(sql`select current_setting('jit') as jit`));
    expect(row!.jit).toBe('off');
  });
});
