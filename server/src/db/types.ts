import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * A database or a transaction on it: code that takes `Db` works inside a transaction too.
 *
 * Deliberately without drizzle's schema generic: nothing uses the relational `db.query.*` API, and
 * `typeof schema` would tie every module that takes a `Db` (the Orders domain among them) to every
 * table of the service, the sync's included. Each module imports the tables it queries.
 */
export type Db = PgDatabase<PgQueryResultHKT>;
