import postgres from 'postgres';
import { ADMIN_URL } from '../test/support/postgres-url.js';
import type { Pair } from './servers.js';

/**
 * PostgreSQL's own account of a phase's statements (`--pg-stat-statements`): which statements the
 * two servers' databases ran, how often, and how long PostgreSQL spent planning and executing
 * them. Needs the pg_stat_statements module loaded by the server (`shared_preload_libraries`, a
 * restart; see docs/benchmarks.md); the counters are the server's, so the window is reset when it
 * opens and read, per database, when it closes.
 */

let enabled = false;

export function recordStatements(on: boolean): void {
  enabled = on;
}

export interface StatementRow {
  database: 'a' | 'b';
  calls: number;
  rows: number;
  /** Milliseconds, planning and execution, summed over the calls. */
  planMs: number;
  execMs: number;
  /** Shared buffers hit and read, summed. */
  blocksHit: number;
  blocksRead: number;
  walBytes: number;
  query: string;
}

export interface StatementWindow {
  /** The window's statements, largest planning + execution time first (null: not recording). */
  close(): Promise<StatementRow[] | null>;
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

export async function openStatementWindow(pair: Pair): Promise<StatementWindow> {
  const { a, b } = pair.databases;
  if (!enabled || a.driver !== 'postgres' || b.driver !== 'postgres') return { close: async () => null };
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await sql`create extension if not exists pg_stat_statements`;
    await sql`select pg_stat_statements_reset()`;
  } catch (err) {
    await sql.end({ timeout: 5 });
    throw new Error(`--pg-stat-statements: ${(err as Error).message} (is pg_stat_statements in shared_preload_libraries?)`, { cause: err });
  }
  const names = { a: databaseName(a.url), b: databaseName(b.url) };
  return {
    close: async () => {
      try {
        const rows = await sql<Array<Omit<StatementRow, 'database'> & { datname: string }>>`
          select d.datname, s.calls::int, s.rows::bigint::float8 as rows,
                 round(s.total_plan_time::numeric, 1)::float8 as "planMs", round(s.total_exec_time::numeric, 1)::float8 as "execMs",
                 s.shared_blks_hit::float8 as "blocksHit", s.shared_blks_read::float8 as "blocksRead", s.wal_bytes::float8 as "walBytes",
                 left(regexp_replace(s.query, '\\s+', ' ', 'g'), 4000) as query
          from pg_stat_statements s join pg_database d on d.oid = s.dbid
          where d.datname in (${names.a}, ${names.b})
          order by s.total_plan_time + s.total_exec_time desc`;
        return rows.map(({ datname, ...row }) => ({ database: datname === names.a ? 'a' : 'b', ...row }));
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}

/** The window as a few lines for the console: the totals per database and the top statements. */
export function printStatements(label: string, rows: StatementRow[], top = 12): void {
  for (const database of ['a', 'b'] as const) {
    const mine = rows.filter((r) => r.database === database);
    const total = mine.reduce((sum, r) => sum + r.planMs + r.execMs, 0);
    const calls = mine.reduce((sum, r) => sum + r.calls, 0);
    console.log(`  ${label}, ${database.toUpperCase()}'s database: ${calls} statements, ${(total / 1000).toFixed(2)} s planning + executing`);
    for (const r of mine.slice(0, top)) {
      console.log(`    ${(r.planMs + r.execMs).toFixed(0).padStart(7)} ms (plan ${r.planMs.toFixed(0)}) ${String(r.calls).padStart(6)}× ${String(r.rows).padStart(8)} rows  ${r.query.slice(0, 110)}`);
    }
  }
}
