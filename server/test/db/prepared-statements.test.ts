import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { preparingPglite } from '../../src/db/pglite-prepared.js';
import { PLANNED_PER_RUN, preparingClient, repeatedTextsPolicy } from '../../src/db/prepared-statements.js';
import { rowsOf } from '../../src/db/statements.js';
import type { Db } from '../../src/db/types.js';
import { listOrders } from '../../src/orders/order.list.js';
import { DRIVERS, createTestDatabase, postgresAvailable } from '../support/databases.js';
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

  it('never names a text marked to be planned per run', () => {
    const policy = repeatedTextsPolicy();
    const text = `select * from orders where ${PLANNED_PER_RUN} code ilike $1`;
    expect([policy.shouldPrepare(text), policy.shouldPrepare(text), policy.shouldPrepare(text)]).toEqual([false, false, false]);
    expect(policy.preparedCount()).toBe(0);
  });
});

describe.each(DRIVERS)('the admin list on one connection ($driver)', ({ driver, skip }) => {
  // One connection, so that pg_prepared_statements (a session's own) shows all that was named.
  let db: Db;
  let done: () => Promise<void> = async () => {};
  beforeAll(async () => {
    if (skip) return;
    const test = await createTestDatabase(driver);
    const opened = await openDatabase(test.target);
    if (driver === 'pglite') {
      db = opened.db;
      done = async () => opened.close();
    } else {
      await opened.close();
      const client = postgres(test.url!, { max: 1, onnotice: () => {} });
      db = drizzle({ client: preparingClient(client, repeatedTextsPolicy()) });
      done = async () => {
        await client.end();
        await test.drop();
      };
    }
  });
  afterAll(async () => {
    await done();
  });

  it.skipIf(skip)('searches and filters are planned for their own values (never named); the plain list is named', async () => {
    await db.execute(sql`insert into orders (id, code, status, customer_name, customer_email, ship_full_name, ship_line1, ship_city, ship_postal_code, ship_country_code,
      currency, shipping_cost, subtotal, total, created_at, updated_at, version, deleted, change_txid, change_seq)
      values (${'00000000-0000-4000-8000-000000000001'}, 'A-1', 'pending', 'Greta Rossi', 'greta@example.com', 'Greta Rossi', '1 Rue', 'Lyon', '69002', 'FR',
      'EUR', 0, 100, 100, now(), now(), 1, false, 1, 1)`);
    for (let i = 0; i < 3; i++) {
      const found = await listOrders(db, { filter: { q: i % 2 ? 'rossi' : 'nobody' }, page: 1, perPage: 25 });
      expect(found.total).toBe(i % 2 ? 1 : 0);
      expect((await listOrders(db, { filter: { status: ['pending'] }, page: 1, perPage: 25 })).total).toBe(1);
      expect((await listOrders(db, { page: 1, perPage: 25 })).items.map((o) => o.code)).toEqual(['A-1']);
    }
    const named = (await rowsOf<{ statement: string }>(db.execute(sql`select statement from pg_prepared_statements`))).map((r) => r.statement);
    expect(named.filter((text) => text.includes('from "orders"')).length).toBeGreaterThan(0);
    expect(named.filter((text) => text.includes('ilike') || text.includes(PLANNED_PER_RUN))).toEqual([]);
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

  it('the connections keep the plan cache at its default (whatever the server says) and JIT off', async () => {
    let opened: Database | undefined;
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      // The database says otherwise for every new session: the connections' own setting wins.
      const name = (await admin`select current_database() as name`)[0]!.name as string;
      await admin.unsafe(`alter database "${name}" set plan_cache_mode = force_generic_plan`);
      opened = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
      const [row] = await rowsOf<{ plan_cache_mode: string; jit: string }>(opened.db.execute(sql`select current_setting('plan_cache_mode') as plan_cache_mode, current_setting('jit') as jit`));
      expect(row).toEqual({ plan_cache_mode: 'auto', jit: 'off' });
    } finally {
      await opened?.close();
      await admin.end();
    }
  });
});

describe('statements on PGlite', () => {
  let client: PGlite;
  beforeAll(async () => {
    client = await PGlite.create();
    await client.exec(`create table t (id int primary key, name text, tags text[], at timestamptz)`);
  });
  afterAll(async () => {
    await client?.close();
  });
  const namedTexts = async () => (await client.query<{ statement: string }>(`select statement from pg_prepared_statements`)).rows.map((r) => r.statement);

  it('drizzle statements that come back are named and give the same results, in transactions and savepoints too; a one-off is not', async () => {
    const db = drizzlePglite({ client: preparingPglite(client, repeatedTextsPolicy()) });
    const results: unknown[] = [];
    for (let i = 0; i < 3; i++) results.push(...(await rowsOf<{ x: number }>(db.execute(sql`select ${i}::int + 10 as x`))).map((r) => r.x));
    for (let i = 0; i < 2; i++) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`insert into t (id, name, tags, at) values (${i}, ${null}, ${sql.param(['a', `b,${i}`])}, ${'2026-12-02T10:00:00Z'})`);
        await tx.transaction(async (inner) => {
          results.push(...(await rowsOf<{ tags: string[]; name: string | null }>(inner.execute(sql`select tags, name from t where id = ${i}`))).map((r) => [r.tags, r.name]));
        });
      });
    }
    await db.execute(sql`select ${5}::int + 40 as once`);
    expect(results).toEqual([10, 11, 12, [['a', 'b,0'], null], [['a', 'b,1'], null]]);
    const named = await namedTexts();
    expect(named).toEqual(expect.arrayContaining(['select $1::int + 10 as x', 'insert into t (id, name, tags, at) values ($1, $2, $3, $4)', 'select tags, name from t where id = $1']));
    expect(named).not.toContain('select $1::int + 40 as once');
  });

  it('an error in a named statement is PGlite’s own, names the statement, and rolls its transaction back', async () => {
    const db = drizzlePglite({ client: preparingPglite(client, repeatedTextsPolicy()) });
    const insert = (id: number, before: number) => db.transaction(async (tx) => {
      await tx.execute(sql`insert into t (name, id) values (${'kept only if all goes well'}, ${before})`);
      await tx.execute(sql`insert into t (id, name) values (${id}, ${'x'})`);
    });
    await insert(10, 100);
    await insert(11, 101);
    // The third run is named (the second already was) and hits the primary key.
    const err = await insert(10, 102).catch((e: unknown) => e);
    expect(err).toMatchObject({ cause: { code: '23505', query: 'insert into t (id, name) values ($1, $2)', params: [10, 'x'] } });
    const [row] = await rowsOf<{ n: number }>(db.execute(sql`select count(*)::int as n from t where id >= 100`));
    expect(row?.n).toBe(2);
  });

  it('a text that fails to parse is not remembered: the next run reports the same error', async () => {
    const db = drizzlePglite({ client: preparingPglite(client, repeatedTextsPolicy()) });
    for (let i = 0; i < 3; i++) await expect(db.execute(sql`select * from missing_table where id = ${i}`)).rejects.toMatchObject({ cause: { code: '42P01' } });
  });

  it('a named statement on a closed client fails as PGlite’s own query does', async () => {
    const own = await PGlite.create();
    const db = drizzlePglite({ client: preparingPglite(own, repeatedTextsPolicy()) });
    for (let i = 0; i < 2; i++) await db.execute(sql`select ${i}::int as x`);
    await own.close();
    await expect(db.execute(sql`select ${3}::int as x`)).rejects.toMatchObject({ cause: { message: 'PGlite is closed' } });
  });

  it('a named statement outside a transaction waits for a transaction in progress instead of running inside it', async () => {
    const db = drizzlePglite({ client: preparingPglite(client, repeatedTextsPolicy()) });
    const count = () => rowsOf<{ n: number }>(db.execute(sql`select count(*)::int as n from t where name = ${'rolled back'}`));
    await count();
    await count();
    let counted: Promise<{ n: number }[]> | undefined;
    const rolledBack = db.transaction(async (tx) => {
      await tx.execute(sql`insert into t (id, name) values (${1000}, ${'rolled back'})`);
      counted = count();
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect((await counted)?.[0]?.n).toBe(0);
  });
});
