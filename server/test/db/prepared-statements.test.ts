import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { preparingClient, repeatedTextsPolicy } from '../../src/db/prepared-statements.js';
import { rowsOf } from '../../src/db/statements.js';
import { postgresAvailable } from '../support/databases.js';
import { createPostgresDatabase, type PostgresDatabase } from '../support/postgres-databases.js';

describe('repeatedTextsPolicy', () => {
  it('names a text from its second run on, and for good', () => {
    const policy = repeatedTextsPolicy();
    expect(policy.shouldPrepare('select 1')).toBe(false);
    expect(policy.shouldPrepare('select 1')).toBe(true);
    expect(policy.shouldPrepare('select 1')).toBe(true);
    expect(policy.shouldPrepare('select 2')).toBe(false);
    expect(policy.preparedCount()).toBe(1);
  });

  it('names no more than its limit: texts beyond it stay unnamed however often they run', () => {
    const policy = repeatedTextsPolicy(2);
    for (const text of ['a', 'a', 'b', 'b']) policy.shouldPrepare(text);
    expect(policy.preparedCount()).toBe(2);
    expect([policy.shouldPrepare('c'), policy.shouldPrepare('c'), policy.shouldPrepare('c')]).toEqual([false, false, false]);
    expect(policy.shouldPrepare('a')).toBe(true);
    expect(policy.preparedCount()).toBe(2);
  });
});

describe.skipIf(!postgresAvailable())('statements on PostgreSQL', () => {
  let database: PostgresDatabase;
  beforeAll(async () => {
    database = await createPostgresDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('drizzle statements that come back are named on their connection, in transactions too; a one-off is not', async () => {
    const client = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const db = drizzle({ client: preparingClient(client, repeatedTextsPolicy()) });
      const results: number[] = [];
      for (let i = 0; i < 3; i++) results.push(...(await rowsOf<{ x: number }>(db.execute(sql`select ${i}::int + 10 as x`))).map((r) => r.x));
      for (let i = 0; i < 2; i++) {
        await db.transaction(async (tx) => {
          results.push(...(await rowsOf<{ y: number }>(tx.execute(sql`select ${i}::int + 20 as y`))).map((r) => r.y));
          // A savepoint (nested transaction) is prepared the same way.
          await tx.transaction(async (inner) => {
            results.push(...(await rowsOf<{ z: number }>(inner.execute(sql`select ${i}::int + 30 as z`))).map((r) => r.z));
          });
        });
      }
      await db.execute(sql`select ${5}::int + 40 as once`);
      for (let i = 0; i < 2; i++) await db.execute(sql`select 50 as plain`);
      expect(results).toEqual([10, 11, 12, 20, 30, 21, 31]);

      // The same (single) connection: what it holds named.
      const named = (await client`select statement from pg_prepared_statements`).map((r) => String(r.statement));
      expect(named).toEqual(expect.arrayContaining(['select $1::int + 10 as x', 'select $1::int + 20 as y', 'select $1::int + 30 as z']));
      expect(named).not.toContain('select $1::int + 40 as once');
      // Without parameters: a simple query, one round trip already, never named.
      expect(named).not.toContain('select 50 as plain');
    } finally {
      await client.end();
    }
  });

  it('the server plans every run with its own parameters, as it did unnamed statements', async () => {
    let opened: Database | undefined;
    try {
      opened = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
      const [row] = await rowsOf<{ plan_cache_mode: string }>(opened.db.execute(sql`show plan_cache_mode`));
      expect(row?.plan_cache_mode).toBe('force_custom_plan');
    } finally {
      await opened?.close();
    }
  });
});
