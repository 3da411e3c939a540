import { sql } from 'drizzle-orm';
import { rowsOf } from './statements.js';
import type { Db } from './types.js';

/**
 * Keeps the query planner's statistics of our tables current where nothing else does.
 *
 * PostgreSQL's autovacuum analyzes a table once a tenth of it has changed. PGlite runs no
 * autovacuum at all, and a server may run without it (these machines' CI configuration sets
 * `autovacuum = off`). Without statistics the planner guesses, and at tens of thousands of orders it
 * guesses badly: the sync's read of 1,000 sync records by id scanned every record of the remote
 * (85 ms for 100,000, against 5 ms once analyzed), and the cost it estimated for its reads of whole
 * orders was what turned on JIT compilation. So, where no autovacuum runs, this process analyzes a
 * table itself when it has grown by a quarter since its last analyze (the planner scales what it
 * knows by a table's current size, so the rates and shapes it learnt stay good while it grows).
 */

/** Below 64 kB a table is planned well enough without statistics. */
export const MIN_PAGES = 8;
/** Growth since the last analyze after which it is done again. */
export const GROWTH = 1.25;
/** How often the sizes are looked at: one read of the catalogue, nothing written unless a table grew. */
export const CHECK_EVERY_MS = 10_000;

export interface TableSize {
  table: string;
  /** Pages now. */
  pages: number;
  /** Pages when it was last analyzed (or vacuumed), and whether it ever was. */
  analyzedPages: number;
  analyzed: boolean;
}

/** Which tables need their statistics taken again (a pure rule). */
export function staleTables(sizes: TableSize[]): string[] {
  return sizes.filter((s) => s.pages >= MIN_PAGES && (!s.analyzed || s.pages > s.analyzedPages * GROWTH)).map((s) => s.table);
}

/** The sizes of this schema's tables, now and as of their last analyze. */
export async function tableSizes(db: Db): Promise<TableSize[]> {
  const rows = await rowsOf<{ table: string; pages: number | string; analyzed_pages: number | string; analyzed: boolean }>(
    db.execute(sql`
      select c.relname as "table", (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages,
        c.relpages as analyzed_pages, c.reltuples >= 0 as analyzed
      from pg_class c
      where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'`),
  );
  return rows.map((r) => ({ table: r.table, pages: Number(r.pages), analyzedPages: Number(r.analyzed_pages), analyzed: r.analyzed }));
}

/** Whether the server runs autovacuum (then it keeps the statistics and this process leaves them alone). */
export async function autovacuumRuns(db: Db): Promise<boolean> {
  const [row] = await rowsOf<{ n: number | string }>(db.execute(sql`select count(*) as n from pg_stat_activity where backend_type = 'autovacuum launcher'`));
  return Number(row?.n ?? 0) > 0;
}

/** Analyzes the tables that grew; returns their names. */
export async function analyzeStale(db: Db): Promise<string[]> {
  const stale = staleTables(await tableSizes(db));
  // One table per statement: ANALYZE takes a lock that lets reads and writes go on, for a moment each.
  for (const table of stale) await db.execute(sql`analyze ${sql.identifier(table)}`);
  return stale;
}

/**
 * Looks every `everyMs` while the process runs, unless the server's autovacuum does it. Errors are
 * reported and the next look tries again (statistics are an optimisation, never a reason to stop).
 */
export async function keepStatistics(
  db: Db,
  options: { everyMs?: number; onError?(err: unknown): void; onAnalyzed?(tables: string[]): void } = {},
): Promise<{ stop(): Promise<void> }> {
  if (await autovacuumRuns(db)) return { stop: async () => {} };
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const look = () => {
    if (running) return; // an analyze of a large table may outlast the interval
    running = analyzeStale(db)
      .then(
        (tables) => tables.length && options.onAnalyzed?.(tables),
        (err) => !stopped && options.onError?.(err),
      )
      .finally(() => (running = null));
  };
  const timer = setInterval(look, options.everyMs ?? CHECK_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
