import { getTableColumns, getTableName, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

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
  return sql`with ${sql.join(withEntries(parts, 's'), sql`, `)} ${final}`;
}

/**
 * Parts to append to a statement's own WITH entries (`, a0 as (…), a1 as (…)`, names from
 * `prefix`), under together()'s rules: for a statement whose entries refer to each other by name.
 */
export function moreParts(parts: SQLWrapper[], prefix: string): SQL {
  return sql.join(
    withEntries(parts, prefix).map((entry) => sql`, ${entry}`),
    sql``,
  );
}

function withEntries(parts: SQLWrapper[], prefix: string): SQL[] {
  return parts.map((part, i) => sql`${sql.raw(`${prefix}${i}`)} as (${part.getSQL()})`);
}

/** Rows of a raw query, whichever driver (postgres.js answers an array, PGlite `{ rows }`). */
export async function rowsOf<T>(result: Promise<unknown>): Promise<T[]> {
  const r = (await result) as T[] | { rows: T[] };
  return Array.isArray(r) ? r : r.rows;
}

/**
 * A list of values as one typed array parameter (`$1::uuid[]`, for unnest and `= any`): one
 * parameter however many values, so neither the statement's text nor the cost of building it grows
 * with the batch. The values travel as an array literal with every element quoted.
 */
export function typedArray(values: (string | number)[], type: 'uuid' | 'text' | 'bigint' | 'integer' | 'timestamptz'): SQL {
  return sql`${arrayLiteral(values)}::${sql.raw(type)}[]`;
}

/** `column = any($1::type[])`: drizzle's inArray with one parameter instead of one per value (duplicates dropped). */
export function anyOf(column: SQLWrapper, values: (string | number)[], type: Parameters<typeof typedArray>[1]): SQL {
  return sql`${column} = any(${typedArray([...new Set(values)], type)})`;
}

/** PostgreSQL's text form of a one-dimensional array: `{"a","b"}`, quotes and backslashes escaped. */
export function arrayLiteral(values: (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * A row of `table` from the object `row_to_json` makes of it (keys are column names): the inverse
 * of insertRows, for a row read as JSON inside a larger statement. Timestamps become Dates, as
 * drizzle's own select gives them; JSON columns arrive parsed.
 */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name] ?? null;
    row[key] = value !== null && column.dataType === 'date' ? new Date(value as string) : value;
  }
  return row;
}

const SERIAL_TYPES: Record<string, string> = { serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' };

/**
 * `insert into <table> (<columns>) select … from json_to_recordset($1::json)`: any number of rows
 * as one JSON parameter. Drizzle's own multi-row insert makes a parameter and a few SQL chunks of
 * every value, and building it cost 20 ms of CPU per 500 sync records (40 µs a row, about what
 * the database then spends writing the row); the JSON costs ~3 µs a row. Rows are keyed by the table's
 * property names (Dates and JSON columns as JSON.stringify gives them). A column no row names takes
 * its default; one that some rows leave out is null in those. `computed` gives columns an SQL
 * expression instead (a sequence, the transaction id). Append `on conflict …` as needed.
 */
export function insertRows<T extends PgTable>(table: T, rows: Record<string, unknown>[], computed: Record<string, SQL> = {}): SQL {
  const columns = columnsOf(table);
  const named = new Set<string>();
  for (const row of rows) for (const k in row) if (!(k in computed)) named.add(k);
  // No rows: every column, so the statement stays valid (and inserts nothing) with whatever follows it.
  const keys = rows.length ? [...named] : [...columns.keys()].filter((k) => !(k in computed));
  const unknown = [...keys, ...Object.keys(computed)].find((k) => !columns.has(k));
  if (unknown) throw new Error(`insertRows: ${getTableName(table)} has no column for "${unknown}"`);
  const names = keys.map((k) => columns.get(k)!.name);
  const json = JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) out[names[i]!] = row[keys[i]!] ?? null;
      return out;
    }),
  );
  const types = keys.map((k) => columns.get(k)!.declaration).join(', ');
  const target = [...names, ...Object.keys(computed).map((k) => columns.get(k)!.name)].map((n) => `"${n}"`).join(', ');
  return sql`insert into ${table} (${sql.raw(target)}) select ${sql.join(
    [sql.raw(names.map((n) => `r."${n}"`).join(', ')), ...Object.values(computed)],
    sql`, `,
  )} from json_to_recordset(${json}::json) as r(${sql.raw(types)})`;
}

/** Per table, by property name: the column's name and its declaration in a recordset (`"name" type`). */
const tableColumns = new WeakMap<PgTable, Map<string, { name: string; declaration: string }>>();

function columnsOf(table: PgTable): Map<string, { name: string; declaration: string }> {
  let columns = tableColumns.get(table);
  if (!columns) {
    const all = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
    columns = new Map(
      Object.entries(all).map(([key, c]) => {
        const type = c.getSQLType();
        return [key, { name: c.name, declaration: `"${c.name}" ${SERIAL_TYPES[type] ?? type}` }];
      }),
    );
    tableColumns.set(table, columns);
  }
  return columns;
}
