import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/** Helpers for the few statements written by hand (batches in one round trip). */

/**
 * Several data-modifying statements sent as one (`WITH s0 AS (…), s1 AS (…) <final>`): one round
 * trip instead of one each, the cost that dominates a short transaction. PostgreSQL runs every
 * data-modifying statement in a WITH, referenced or not, all in the same snapshot and in no
 * promised order, so the parts must not depend on each other's effects nor touch the same row
 * (different tables, or disjoint rows of one). Foreign keys are checked at the end of the
 * statement, so an order and its lines may be written together.
 */
export function together(parts: SQLWrapper[], final: SQL = sql`select 1`): SQL {
  if (parts.length === 0) return final;
  return sql`with ${sql.join(
    parts.map((part, i) => sql`${sql.raw(`s${i}`)} as (${part.getSQL()})`),
    sql`, `,
  )} ${final}`;
}

/** Rows of a raw query, whichever driver (postgres.js answers an array, PGlite `{ rows }`). */
export async function rowsOf<T>(result: Promise<unknown>): Promise<T[]> {
  const r = (await result) as T[] | { rows: T[] };
  return Array.isArray(r) ? r : r.rows;
}

/** A parameter list as a typed array (`array[$1, $2, …]::uuid[]`): one statement for a whole batch (unnest, `= any`). */
export function typedArray(values: (string | number)[], type: 'uuid' | 'text' | 'bigint' | 'integer' | 'timestamptz'): SQL {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::${sql.raw(type)}[]`;
}
