import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '../src/db/connect.js';
import { createPostgresDatabase } from '../test/support/postgres-databases.js';
import { ADMIN_URL } from '../test/support/postgres-url.js';

/**
 * The benchmark's databases: uniquely named PostgreSQL databases (orders_bench_...) or PGlite
 * directories in the temp directory. Every one is dropped at the end, also after a failure.
 */

export interface PostgresBenchDatabase {
  driver: 'postgres';
  url: string;
  env: { DATABASE_URL: string };
  drop(): Promise<void>;
}

export interface PgliteBenchDatabase {
  driver: 'pglite';
  dir: string;
  env: { DATA_DIR: string };
  drop(): Promise<void>;
}

export type BenchDatabase = PostgresBenchDatabase | PgliteBenchDatabase;

const live = new Set<BenchDatabase>();

export async function createDatabase(driver: 'postgres'): Promise<PostgresBenchDatabase>;
export async function createDatabase(driver: 'pglite'): Promise<PgliteBenchDatabase>;
export async function createDatabase(driver: 'postgres' | 'pglite'): Promise<BenchDatabase> {
  let database: BenchDatabase;
  if (driver === 'postgres') {
    const created = await createPostgresDatabase('orders_bench');
    database = { driver, url: created.url, env: { DATABASE_URL: created.url }, drop: () => created.drop() };
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'orders-bench-pglite-'));
    database = { driver, dir, env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  live.add(database);
  return database;
}

export async function dropDatabase(database: BenchDatabase): Promise<void> {
  live.delete(database);
  await database.drop();
}

/** Drops whatever is left (the end of the run, or a failure). */
export async function dropAllDatabases(): Promise<void> {
  for (const database of [...live]) await dropDatabase(database).catch((err: unknown) => console.error(`could not drop a database: ${(err as Error).message}`));
}

/** Creates the product's tables in a database no server has opened yet (for the baseline and the raw insert). */
export async function migrate(url: string): Promise<void> {
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  await database.close();
}

/** A short-lived connection to one database. */
export async function withSql<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** True when the PostgreSQL server answers. */
export async function postgresAnswers(): Promise<boolean> {
  try {
    await withSql(ADMIN_URL, (sql) => sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until every transaction that was running on the PostgreSQL server when called has ended.
 * The change feed holds back rows behind the server-wide oldest transaction (other databases
 * included), so a window that must start with nothing in flight waits for this first.
 */
export async function waitForFeedHorizon(url: string, timeoutMs = 60_000): Promise<boolean> {
  return withSql(url, async (sql) => {
    const { t } = (await sql<{ t: string }[]>`select txid_current()::text as t`)[0]!;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { passed } = (await sql<{ passed: boolean }[]>`select pg_snapshot_xmin(pg_current_snapshot())::text::bigint > ${t}::bigint as passed`)[0]!;
      if (passed) return true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
  });
}
