import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { DatabaseTarget } from '../../src/db/connect.js';
import { ADMIN_URL, databaseUrl } from './postgres-url.js';

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
  const name = `orders_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  return {
    target: { kind: 'postgres', url, poolSize: 10 },
    url,
    drop: async () => {
      const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}
