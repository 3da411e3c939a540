import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

/** A database or a transaction on it: code that takes `Db` works inside a transaction too. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
