import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { ADMIN_URL, databaseUrl } from './postgres-url.js';

/**
 * Uniquely named databases on the PostgreSQL server at ADMIN_URL, and dropping them again.
 * No vitest here: the benchmark (server/bench) runs outside the test runner and uses this too.
 */

export interface PostgresDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Runs one statement on the server's maintenance database, on a connection of its own. */
async function onServer(statement: string): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

/** A fresh, empty database named `<prefix>_<time>_<random>`. */
export async function createPostgresDatabase(prefix = 'orders_test'): Promise<PostgresDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await onServer(`create database "${name}"`);
  return { name, url: databaseUrl(name), drop: () => onServer(`drop database if exists "${name}" with (force)`) };
}
