import { asc, eq, getTableColumns, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { anyOf, insertRows, moreParts, rowsOf, together, typedArray } from '../db/statements.js';
import type { Db } from '../db/types.js';
import { ORDER_DOCUMENT_TEXT, parseOrderDocument } from './order.document.js';
import type { CreateStatementParts } from './order.hooks.js';
import { changeStamp, orderLines, orders, ORDERS_CHANGED_CHANNEL } from './order.tables.js';
import { computeTotals, type Order, type OrderContent } from './order.types.js';

/** Row <-> domain mapping and the few statements that write orders. Only order.service.ts calls it. */

function contentColumns(content: OrderContent) {
  const { subtotal, total } = computeTotals(content);
  return {
    status: content.status,
    customerName: content.customer.name,
    customerEmail: content.customer.email,
    customerPhone: content.customer.phone,
    shipFullName: content.shippingAddress.fullName,
    shipLine1: content.shippingAddress.line1,
    shipLine2: content.shippingAddress.line2,
    shipCity: content.shippingAddress.city,
    shipPostalCode: content.shippingAddress.postalCode,
    shipCountryCode: content.shippingAddress.countryCode,
    currency: content.currency,
    shippingCost: content.shippingCost,
    subtotal,
    total,
    note: content.note,
  };
}

/**
 * The order exactly as `insertNewOrder` or `rewriteOrder` has just written it, built from what was
 * written instead of reading it back (two statements less per write). The columns are the ones
 * `contentColumns` writes; absent optional fields are stored as null.
 */
export function orderAsWritten(order: OrderSnapshotRow): Order {
  const c = order.content;
  return {
    id: order.id,
    code: order.code,
    status: c.status,
    customer: { name: c.customer.name, email: c.customer.email, phone: c.customer.phone ?? null },
    shippingAddress: {
      fullName: c.shippingAddress.fullName,
      line1: c.shippingAddress.line1,
      line2: c.shippingAddress.line2 ?? null,
      city: c.shippingAddress.city,
      postalCode: c.shippingAddress.postalCode,
      countryCode: c.shippingAddress.countryCode,
    },
    currency: c.currency,
    lines: c.lines.map(({ sku, name, quantity, unitPrice }) => ({ sku, name, quantity, unitPrice })),
    shippingCost: c.shippingCost,
    ...computeTotals(c),
    note: c.note ?? null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    version: order.version,
    deleted: order.deleted,
  };
}

/**
 * Serialises every write to these order ids, existing or not (a row lock cannot guard an id that
 * has no row yet): transaction-scoped advisory locks, taken in id order so two writers cannot
 * deadlock. Key space 1 is this module's; others use space 0.
 */
export async function lockOrderIds(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const sorted = [...new Set(ids)].sort();
  await db.execute(sql`select pg_advisory_xact_lock(1, hashtext(id)) from (select unnest(${typedArray(sorted, 'text')}) as id order by 1) ids`);
}

/** Orders by id as documents (order.document.ts): each with its lines, in one statement. */
const documents = (db: Db) => db.select({ doc: ORDER_DOCUMENT_TEXT }).from(orders);

const byId = (rows: { doc: string }[]) => new Map(rows.map(({ doc }) => parseOrderDocument(doc)).map((o) => [o.id, o]));

/** Loads (and with `lock`, row-locks in id order, so concurrent batches cannot deadlock) several orders. */
export async function findOrders(db: Db, ids: string[], opts: { lock?: boolean } = {}): Promise<Map<string, Order>> {
  if (ids.length === 0) return new Map();
  const query = documents(db).where(anyOf(orders.id, ids, 'uuid')).orderBy(asc(orders.id));
  return byId(opts.lock ? await query.for('update') : await query);
}

/**
 * Where a row stands: its change stamp (transaction id and sequence number), which every write of
 * the order or its lines renews, so two reads with the same stamp read the same order.
 */
const STAMP = sql<string>`${orders.changeTxid}::text || '.' || ${orders.changeSeq}::text`;

/** An order read with a value of the caller's (findOrdersWith), and its change stamp. */
export interface OrderWith<T> {
  order: Order;
  alongside: T;
  stamp: string;
}

/** Orders a caller read before (findOrdersWith), with their stamps: lockOrdersWithKnown takes those unchanged since. */
export type KnownOrders = ReadonlyMap<string, Pick<OrderWith<unknown>, 'order' | 'stamp'>>;

/**
 * findOrders, each order with a value the caller computes from its id in the same statement: one
 * statement is one snapshot, so the two agree without a transaction around them. `lock` as findOrders
 * (the orders' rows only).
 */
export async function findOrdersWith<T>(
  db: Db,
  ids: string[],
  alongside: (orderId: SQLWrapper) => SQL<T>,
  opts: { lock?: boolean } = {},
): Promise<Map<string, OrderWith<T>>> {
  if (ids.length === 0) return new Map();
  const query = db
    .select({ doc: ORDER_DOCUMENT_TEXT, alongside: alongside(orders.id), stamp: STAMP })
    .from(orders)
    .where(anyOf(orders.id, ids, 'uuid'))
    .orderBy(asc(orders.id));
  const rows = opts.lock ? await query.for('update', { of: orders }) : await query;
  return new Map(
    rows.map((row) => {
      const order = parseOrderDocument(row.doc);
      return [order.id, { order, alongside: row.alongside, stamp: row.stamp }];
    }),
  );
}

/**
 * findOrdersWith (locked), where orders read earlier are taken from `known` instead of being read
 * whole again when their stamp shows they have not changed since: the stamps and the caller's
 * values first, then only the changed orders whole. The rows are locked by the first statement, so
 * the second reads what the first saw.
 */
export async function lockOrdersWithKnown<T>(
  db: Db,
  ids: string[],
  alongside: (orderId: SQLWrapper) => SQL<T>,
  known: KnownOrders,
): Promise<Map<string, OrderWith<T>>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: orders.id, alongside: alongside(orders.id), stamp: STAMP })
    .from(orders)
    .where(anyOf(orders.id, ids, 'uuid'))
    .orderBy(asc(orders.id))
    .for('update', { of: orders });
  const changed = rows.filter((r) => known.get(r.id)?.stamp !== r.stamp).map((r) => r.id);
  const whole = await findOrders(db, changed);
  return new Map(rows.map((r) => [r.id, { order: whole.get(r.id) ?? known.get(r.id)!.order, alongside: r.alongside, stamp: r.stamp }]));
}

export async function findOrder(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<Order | null> {
  const query = documents(db).where(eq(orders.id, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ? parseOrderDocument(row.doc) : null;
}

export async function findOrdersByCodes(db: Db, codes: string[]): Promise<Map<string, Order>> {
  if (codes.length === 0) return new Map();
  return byId(await documents(db).where(anyOf(orders.code, codes, 'text')).for('update'));
}

/** Renames an order's code (and stamps it for the change feed); nothing else changes. */
export async function setOrderCode(db: Db, id: string, code: string): Promise<void> {
  await db.update(orders).set({ code, ...changeStamp }).where(eq(orders.id, id));
}

/** The hash of the request that created the order; null for orders that came from the peer. */
export async function findCreateHash(db: Db, id: string): Promise<string | null> {
  const [row] = await db.select({ createHash: orders.createHash }).from(orders).where(eq(orders.id, id));
  return row?.createHash ?? null;
}

/** The next code of the sequence with this prefix, as insertNewOrder hands them out. */
export async function nextOrderCode(db: Db, prefix: string): Promise<string> {
  const [row] = await rowsOf<{ code: string }>(db.execute(sql`select ${nextCode(prefix)} as code`));
  return row!.code;
}

/** The next code from the sequence, e.g. `A-000042`: at least 6 digits, never cut. */
const nextCode = (prefix: string) =>
  sql`(select ${prefix}::text || '-' || lpad(n::text, greatest(6, length(n::text)), '0') from nextval('order_code_seq') as n)`;

/** A whole order as written: its content and the fields the server sets. */
export interface OrderSnapshotRow {
  id: string;
  code: string;
  content: OrderContent;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  deleted: boolean;
}

/** A new order as insertNewOrder writes it: the code is the database's. */
export type NewOrderRow = Omit<OrderSnapshotRow, 'code'> & { createHash: string | null };

/**
 * Inserts a new order unless the id exists, under the next code of the sequence (this prefix);
 * returns the code, or null when the id existed. One statement: the order, its lines (taken only
 * if the order row was: they select from its RETURNING) and the wake-up of feed readers; with
 * `alongside`, other modules' writes (OrderHooks.freshCreateWrites), given the condition that the
 * order row was written, and their wake-ups.
 */
export async function insertNewOrder(db: Db, order: NewOrderRow, prefix: string, alongside?: (inserted: SQL) => CreateStatementParts[]): Promise<string | null> {
  // The code is computed (insertRows takes a computed column over the row's).
  const row = orderRow({ ...order, code: '' }, order.createHash);
  const inserted = sql`exists (select 1 from o)`;
  const parts = alongside?.(inserted) ?? [];
  const channels = [...new Set(parts.flatMap((p) => p.notify))].filter((c) => c !== ORDERS_CHANGED_CHANNEL);
  const rows = await rowsOf<{ code: string }>(
    db.execute(sql`with o as (${insertRows(orders, [row], { code: nextCode(prefix), ...changeStamp })} on conflict (id) do nothing returning id, code),
      l as (${insertLines([order])} where ${inserted})
      ${moreParts(
        parts.flatMap((p) => p.writes),
        'w',
      )}
      ${NOTIFY}${sql.join(
        channels.map((c) => sql`, pg_notify(${c}, '')`),
        sql``,
      )}, o.code from o`),
  );
  return rows[0]?.code ?? null;
}

/** An order's columns as insertRows takes them (the change stamp is added as SQL). */
function orderRow(o: OrderSnapshotRow, createHash: string | null) {
  return {
    id: o.id,
    code: o.code,
    ...contentColumns(o.content),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    version: o.version,
    deleted: o.deleted,
    createHash,
  };
}

/** Wakes long-polling feed readers when the write commits (see ORDERS_CHANGED_CHANNEL). */
const NOTIFY = sql.raw(`select pg_notify('${ORDERS_CHANGED_CHANNEL}', '')`);

/** The insert of these orders' lines, each at its position (one JSON parameter however many lines). */
function insertLines(list: { id: string; content: OrderContent }[]): SQL {
  return insertRows(
    orderLines,
    list.flatMap((o) => o.content.lines.map((line, position) => ({ orderId: o.id, position, sku: line.sku, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice }))),
  );
}

/**
 * Statements (for together()) that make these orders' lines the given ones: the positions beyond
 * each order's new count go, the others are written over. The two touch different rows, so they
 * may run in one statement.
 */
function replaceLines(list: { id: string; content: OrderContent }[]): SQL[] {
  const counts = JSON.stringify(list.map((o) => ({ order_id: o.id, n: o.content.lines.length })));
  // The ids again as an array: PostgreSQL cannot estimate a JSON recordset (it guesses 100 rows)
  // and would join it against every line of every order (a sequential scan, 82 ms at 150,000
  // lines); with the array it walks the primary key for just these orders.
  const ids = typedArray(list.map((o) => o.id), 'uuid');
  return [
    sql`delete from ${orderLines} using json_to_recordset(${counts}::json) as c(order_id uuid, n integer)
      where ${orderLines.orderId} = any(${ids}) and ${orderLines.orderId} = c.order_id and ${orderLines.position} >= c.n`,
    sql`${insertLines(list)}
      on conflict (order_id, position) do update set sku = excluded.sku, name = excluded.name, quantity = excluded.quantity, unit_price = excluded.unit_price`,
  ];
}

export interface OrderRewrite {
  content: OrderContent;
  updatedAt: Date;
  version: number;
  deleted: boolean;
  /** Set when the peer's copy is adopted whole (sync), so codes and times match on both sides. */
  code?: string;
  createdAt?: Date;
}

/** Rewrites an order and its lines and wakes the feed's readers: one statement. */
export async function rewriteOrder(db: Db, id: string, next: OrderRewrite): Promise<void> {
  const update = db
    .update(orders)
    .set({
      ...contentColumns(next.content),
      updatedAt: next.updatedAt,
      version: next.version,
      deleted: next.deleted,
      ...(next.code ? { code: next.code } : {}),
      ...(next.createdAt ? { createdAt: next.createdAt } : {}),
      ...changeStamp,
    })
    .where(eq(orders.id, id));
  await db.execute(together([update, ...replaceLines([{ id, content: next.content }])], NOTIFY));
}

/**
 * Writes whole orders as given (insert or overwrite) with their lines, and wakes the feed's readers:
 * one statement however many there are, with `alongside` (writes of other tables) in it too.
 */
export async function upsertOrders(db: Db, list: OrderSnapshotRow[], alongside: SQLWrapper[] = []): Promise<void> {
  if (list.length === 0) return;
  const upsert = sql`${insertRows(
    orders,
    list.map((o) => orderRow(o, null)),
    changeStamp,
  )} on conflict (id) do update set ${UPSERT_SET}`;
  await db.execute(together([upsert, ...replaceLines(list), ...alongside], NOTIFY));
}

/** An order written whole over the one it replaces: every column but the id and the create's hash. */
const UPSERT_SET = sql.raw(
  Object.values(getTableColumns(orders))
    .map((c) => c.name)
    .filter((name) => name !== 'id' && name !== 'create_hash')
    .map((name) => `"${name}" = excluded."${name}"`)
    .join(', '),
);
