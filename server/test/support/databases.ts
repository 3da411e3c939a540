import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { openDatabase, type Database, type DatabaseTarget } from '../../src/db/connect.js';
import { createPostgresDatabase } from './postgres-databases.js';

export type Driver = 'pglite' | 'postgres';

export const postgresAvailable = (): boolean => inject('postgresAvailable');

/** Both drivers where a server is there; use with describe.each and skip the unavailable. */
export const DRIVERS: { driver: Driver; skip: boolean }[] = [
  { driver: 'pglite', skip: false },
  { driver: 'postgres', skip: !inject('postgresAvailable') },
];

export interface TestDatabase {
  target: DatabaseTarget;
  /** The connection URL (postgres only). */
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own: in-memory PGlite, or a uniquely named PostgreSQL database. */
export async function createTestDatabase(driver: Driver): Promise<TestDatabase> {
  if (driver === 'pglite') return { target: { kind: 'pglite', dataDir: 'memory://' }, drop: async () => {} };
  const database = await createPostgresDatabase();
  return { target: { kind: 'postgres', url: database.url, poolSize: 10 }, url: database.url, drop: () => database.drop() };
}

/** One fresh database for a describe block (opening PGlite costs seconds), closed and dropped after it. */
export interface BlockDatabase {
  db: () => Database['db'];
  /** LISTEN on a channel of this database (see Database.listen). */
  listen: Database['listen'];
}

export function databaseForBlock(driver: Driver, skip: boolean): BlockDatabase {
  let test: TestDatabase | undefined;
  let database: Database | undefined;
  beforeAll(async () => {
    if (skip) return;
    test = await createTestDatabase(driver);
    database = await openDatabase(test.target);
  });
  afterAll(async () => {
    if (skip) return;
    await database?.close();
    await test?.drop();
  });
  return { db: () => database!.db, listen: (channel, onNotify) => database!.listen(channel, onNotify) };
}

/**
 * databaseForBlock, emptied of orders before each test: the setup of a block that exercises the
 * Orders service on one driver.
 */
export function ordersDatabaseForBlock(driver: Driver, skip: boolean): BlockDatabase {
  const block = databaseForBlock(driver, skip);
  beforeEach(async () => {
    if (skip) return;
    await block.db().execute(sql`truncate order_lines, orders`);
  });
  return block;
}
