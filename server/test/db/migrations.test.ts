import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase, type Database, type DatabaseTarget } from '../../src/db/connect.js';
import * as schema from '../../src/db/schema.js';
import type { Db } from '../../src/db/types.js';
import { OrderService } from '../../src/orders/order.service.js';
import { createTestDatabase, DRIVERS, postgresAvailable, type Driver, type TestDatabase } from '../support/databases.js';
import { sampleOrder } from '../support/instances.js';

/** The tables src/db/schema.ts declares. */
const SCHEMA_TABLES = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
const APP_TABLES = ['admin_sessions', 'admin_users', 'order_lines', 'orders'];
const JOURNAL = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };

/** Rows of a raw query, whichever driver (postgres.js answers an array, PGlite `{ rows }`). */
async function rows<T = Record<string, unknown>>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

const tablesOf = async (db: Db) =>
  (
    await rows<{ table_name: string }>(
      db,
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    )
  ).map((r) => r.table_name);

const appliedMigrations = (db: Db) =>
  rows<{ id: number; hash: string; created_at: string }>(db, sql`select id, hash, created_at::text from drizzle.__drizzle_migrations order by id`);

interface Place {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A database that can be closed and opened again: a temp directory for PGlite (not memory://). */
async function persistentPlace(driver: Driver): Promise<Place> {
  if (driver === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'orders-migrate-'));
    return { target: { kind: 'pglite', dataDir: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const test: TestDatabase = await createTestDatabase('postgres');
  return test;
}

describe.each(DRIVERS)('startup migrations ($driver)', ({ driver, skip }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function open(target: DatabaseTarget): Promise<Database> {
    const database = await openDatabase(target);
    let closed = false;
    const close = database.close.bind(database);
    database.close = async () => {
      if (closed) return;
      closed = true;
      await close();
    };
    cleanup.push(() => database.close());
    return database;
  }

  it.skipIf(skip)('creates the tables, sequences and migration record on an empty database', async () => {
    const place = await persistentPlace(driver);
    cleanup.push(() => place.drop());
    const database = await open(place.target);

    expect(database.driver).toBe(driver);
    expect(await tablesOf(database.db)).toEqual(expect.arrayContaining(APP_TABLES));
    const sequences = await rows<{ sequence_name: string }>(
      database.db,
      sql`select sequence_name from information_schema.sequences where sequence_schema = 'public' order by sequence_name`,
    );
    expect(sequences.map((s) => s.sequence_name)).toEqual(expect.arrayContaining(['order_change_seq', 'order_code_seq']));
    expect(await appliedMigrations(database.db)).toHaveLength(JOURNAL.entries.length);

    // The schema is usable as the service expects it.
    const orders = new OrderService(database.db, { codePrefix: 'M' });
    const { order } = await orders.create(sampleOrder());
    expect(order.code).toBe('M-000001');
  });

  it.skipIf(skip)('creates every table and column the code declares (no change is missing a migration)', async () => {
    const place = await persistentPlace(driver);
    cleanup.push(() => place.drop());
    const database = await open(place.target);
    const columns = await rows<{ table_name: string; column_name: string }>(
      database.db,
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
    );
    const present = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
    const declared = SCHEMA_TABLES.flatMap((table) => {
      const config = getTableConfig(table);
      return config.columns.map((column) => `${config.name}.${column.name}`);
    });
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((c) => !present.has(c)), 'declared in src/db/schema.ts but not created by the migrations').toEqual([]);
  });

  it.skipIf(skip)("gives every index the storage options the code declares (0007 alters them rather than rebuilding)", async () => {
    const place = await persistentPlace(driver);
    cleanup.push(() => place.drop());
    const database = await open(place.target);
    const present = await rows<{ name: string; options: string[] | null }>(
      database.db,
      sql`select c.relname as name, c.reloptions as options from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'i'`,
    );
    const optionsOf = new Map(present.map((r) => [r.name, [...(r.options ?? [])].sort()]));
    const declared = SCHEMA_TABLES.flatMap((table) => getTableConfig(table).indexes)
      .filter((index) => index.config.with && Object.keys(index.config.with).length > 0)
      .map((index) => ({
        name: index.config.name!,
        options: Object.entries(index.config.with!)
          .map(([key, value]) => `${key}=${String(value)}`)
          .sort(),
      }));
    expect(declared.map((d) => d.name)).toEqual(expect.arrayContaining(['orders_code_trgm_idx', 'orders_customer_name_trgm_idx']));
    for (const index of declared) expect(optionsOf.get(index.name), index.name).toEqual(index.options);
  });

  it.skipIf(skip)('opens an already migrated database again: data kept, nothing applied twice', async () => {
    const place = await persistentPlace(driver);
    cleanup.push(() => place.drop());

    const first = await open(place.target);
    const { order } = await new OrderService(first.db, { codePrefix: 'M' }).create(sampleOrder({ note: 'kept' }));
    const migrationsBefore = await appliedMigrations(first.db);
    expect(migrationsBefore).toHaveLength(JOURNAL.entries.length);
    await first.close();

    const second = await open(place.target);
    expect(await appliedMigrations(second.db)).toEqual(migrationsBefore);
    expect(await tablesOf(second.db)).toEqual(expect.arrayContaining(APP_TABLES));
    const orders = new OrderService(second.db, { codePrefix: 'M' });
    expect(await orders.get(order.id)).toMatchObject({ id: order.id, code: 'M-000001', note: 'kept', version: 1 });
    // Sequences carry on rather than restart.
    expect((await orders.create(sampleOrder())).order.code).toBe('M-000002');
    await second.close();

    // And a third time, for good measure.
    const third = await open(place.target);
    expect(await appliedMigrations(third.db)).toEqual(migrationsBefore);
  });
});

describe.skipIf(!postgresAvailable())('startup migrations on a shared PostgreSQL database', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('several processes opening the same fresh database at once all succeed (the advisory lock serialises them)', async () => {
    const test = await createTestDatabase('postgres');
    cleanup.push(() => test.drop());

    const results = await Promise.allSettled([openDatabase(test.target), openDatabase(test.target), openDatabase(test.target)]);
    for (const r of results) if (r.status === 'fulfilled') cleanup.push(() => r.value.close());
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);

    const [a, b] = results.map((r) => (r as PromiseFulfilledResult<Database>).value);
    expect(await appliedMigrations(a!.db)).toHaveLength(JOURNAL.entries.length);
    expect(await tablesOf(a!.db)).toEqual(expect.arrayContaining(APP_TABLES));
    // All of them work on the one schema.
    const { order } = await new OrderService(a!.db, { codePrefix: 'A' }).create(sampleOrder());
    expect((await new OrderService(b!.db, { codePrefix: 'B' }).get(order.id))?.id).toBe(order.id);
  });

  it('opens with a pool of one connection (the migration lock must not wait for itself)', async () => {
    const test = await createTestDatabase('postgres');
    cleanup.push(() => test.drop());
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('openDatabase with poolSize 1 did not finish within 10 s')), 10_000);
    });
    try {
      const opening = openDatabase({ kind: 'postgres', url: test.url!, poolSize: 1 });
      opening.then((d) => cleanup.push(() => d.close())).catch(() => {});
      const database = await Promise.race([opening, hung]);
      expect(await database.ping()).toBe(true);
      expect(await tablesOf(database.db)).toEqual(expect.arrayContaining(APP_TABLES));
    } finally {
      clearTimeout(timer);
    }
  });
});
