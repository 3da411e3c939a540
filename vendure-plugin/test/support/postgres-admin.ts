import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the tests create their databases on (TEST_POSTGRES_URL overrides). */
export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresTarget {
  host: string;
  port: number;
  username: string;
  password: string | undefined;
}

export function postgresTarget(): PostgresTarget {
  const url = new URL(ADMIN_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    username: decodeURIComponent(url.username || 'postgres'),
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

/** A name no other test run uses: tests run side by side on one server. */
export const uniqueDatabaseName = (prefix: string): string =>
  `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const url = new URL(ADMIN_URL);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quoted = (name: string): string => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing an unusual database name: ${name}`);
  return `"${name}"`;
};

export const createDatabase = (name: string): Promise<void> =>
  withAdminClient(async (c) => {
    await c.query(`create database ${quoted(name)}`);
  });

/** Drops it even while Vendure's pool still holds connections (FORCE, PostgreSQL 13+). */
export const dropDatabase = (name: string): Promise<void> =>
  withAdminClient(async (c) => {
    await c.query(`drop database if exists ${quoted(name)} with (force)`);
  });

export const databaseExists = (name: string): Promise<boolean> =>
  withAdminClient(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);

/** The columns a table has (for checking what the plugin adds to the shop's schema). */
export const columnsOf = (database: string, table: string): Promise<{ name: string; type: string }[]> =>
  withAdminClient(async (c) => {
    const result = await c.query(
      'select column_name as name, data_type as type from information_schema.columns where table_name = $1 order by column_name',
      [table],
    );
    return result.rows;
  }, database);

/** Whether a unique index covers exactly this column. */
export const hasUniqueIndex = (database: string, table: string, column: string): Promise<boolean> =>
  withAdminClient(async (c) => {
    const result = await c.query(
      `select 1 from pg_index i
         join pg_class t on t.oid = i.indrelid
         join pg_attribute a on a.attrelid = t.oid and a.attnum = any(i.indkey)
       where t.relname = $1 and a.attname = $2 and i.indisunique and i.indnatts = 1`,
      [table, column],
    );
    return (result.rowCount ?? 0) > 0;
  }, database);
