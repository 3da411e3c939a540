import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';
import { PLANNED_PER_RUN } from '../db/prepared-statements.js';
import type { Db } from '../db/types.js';
import { ValidationError, type FieldError } from '../shared/errors.js';
import { orderIdSchema } from './order.validation.js';
import { ORDER_DOCUMENT, fromDocument, type OrderDocument } from './order.document.js';
import { orders } from './order.tables.js';
import type { Order, OrderStatus } from './order.types.js';

export interface OrderFilter {
  /** Matches the code, the customer's name or email (case-insensitive substring). */
  q?: string | null;
  status?: OrderStatus[] | null;
  ids?: string[] | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  /** By default deleted orders (tombstones) are hidden; true shows them too. */
  includeDeleted?: boolean | null;
  /** true: only deleted orders; false: only live ones. Overrides includeDeleted. */
  deleted?: boolean | null;
  /** Only orders whose id this subquery returns (how another module filters by what it keeps). */
  idsFrom?: SQLWrapper;
}

export const ORDER_SORT_FIELDS = {
  code: orders.code,
  status: orders.status,
  customerName: orders.customerName,
  total: orders.total,
  createdAt: orders.createdAt,
  updatedAt: orders.updatedAt,
} as const;
export type OrderSortField = keyof typeof ORDER_SORT_FIELDS;

export interface OrderListQuery {
  filter?: OrderFilter;
  sort?: { field: OrderSortField; order: 'ASC' | 'DESC' };
  page: number;
  perPage: number;
}

export const MAX_PER_PAGE = 500;

/** Checks list arguments the database would otherwise reject with an internal error. */
export function validateListQuery(query: OrderListQuery): OrderListQuery {
  const problems: FieldError[] = [];
  if (!Number.isInteger(query.page) || query.page < 1) problems.push({ field: 'page', message: 'must be 1 or more' });
  if (!Number.isInteger(query.perPage) || query.perPage < 1 || query.perPage > MAX_PER_PAGE) {
    problems.push({ field: 'perPage', message: `must be between 1 and ${MAX_PER_PAGE}` });
  }
  query.filter?.ids?.forEach((id, i) => {
    if (!orderIdSchema.safeParse(id).success) problems.push({ field: `filter.ids.${i}`, message: 'must be a UUID' });
  });
  if ((query.filter?.q?.length ?? 0) > 200) problems.push({ field: 'filter.q', message: 'must be at most 200 characters' });
  if (query.filter?.q?.includes('\u0000')) problems.push({ field: 'filter.q', message: 'must not contain NUL characters' });
  if (problems.length) throw new ValidationError(problems);
  return query;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(filter: OrderFilter = {}): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (filter.q?.trim()) {
    const pattern = `%${escapeLike(filter.q.trim())}%`;
    parts.push(
      or(ilike(orders.code, pattern), ilike(orders.customerName, pattern), ilike(orders.customerEmail, pattern)),
    );
  }
  if (filter.status?.length) parts.push(inArray(orders.status, filter.status));
  if (filter.ids?.length) parts.push(inArray(orders.id, filter.ids));
  if (filter.idsFrom) parts.push(inArray(orders.id, filter.idsFrom));
  if (filter.createdFrom) parts.push(gte(orders.createdAt, filter.createdFrom));
  if (filter.createdTo) parts.push(lte(orders.createdAt, filter.createdTo));
  if (filter.deleted != null) parts.push(eq(orders.deleted, filter.deleted));
  else if (!filter.includeDeleted) parts.push(eq(orders.deleted, false));
  return and(...parts);
}

/**
 * A page of orders with their lines, and the total matching the filter, in one statement: one
 * round trip, and one snapshot without a transaction (an order is never paired with another
 * version's lines, nor the page with another moment's total). The count is an aggregate, so the
 * statement has one row even for a page past the end; the page is one JSON array (ORDER_DOCUMENT).
 */
export async function listOrders(db: Db, query: OrderListQuery): Promise<{ items: Order[]; total: number }> {
  validateListQuery(query);
  // An empty id list matches nothing (react-admin asks getMany with [] at times).
  if (query.filter?.ids && query.filter.ids.length === 0) return { items: [], total: 0 };
  const sort = query.sort ?? { field: 'createdAt', order: 'DESC' };
  const window = { limit: query.perPage, offset: (query.page - 1) * query.perPage };
  const plain = plainShape(query.filter);
  const byKeys = window.offset > 0;
  const [row] =
    plain === null
      ? await pageStatement(db, plannedPerRun(where(query.filter)), sort, window, byKeys)
      : await preparedPage(db, plain, query.filter, sort, byKeys).execute(window);
  // As text, parsed here: the same on every driver, whatever each does with json.
  const docs = row?.items ? (JSON.parse(row.items) as OrderDocument[]) : [];
  return { items: docs.map(fromDocument), total: row?.total ?? 0 };
}

/**
 * A filtered list's condition, marked so that every run is planned for its own values: the best
 * plan of a search or a status depends on how many orders match (a rare pattern goes through the
 * trigram indexes, a common one walks the orders by date), and one plan kept for all values can be
 * a hundred times slower and more (PLANNED_PER_RUN).
 */
function plannedPerRun(condition: SQL | undefined): SQL | undefined {
  return condition && sql`${sql.raw(PLANNED_PER_RUN)} ${condition}`;
}

type Sort = NonNullable<OrderListQuery['sort']>;
/** A page's limit and offset, as values or placeholders. */
type PageWindow = { limit: number | Placeholder; offset: number | Placeholder };

/**
 * The page and the count as one statement. Past the first page (`byKeys`) the page is chosen by
 * its keys first and only its orders are made documents: the orders an offset skips would be made
 * documents too, lines and all, and thrown away (100,000 orders, PostgreSQL 15: page 2,000 of 25 took 0.9-1.4 s, now
 * 42-53 ms). The first page skips nothing and is made directly: the join costs it ~0.4 ms.
 */
function pageStatement(db: Db, condition: SQL | undefined, sort: Sort, window: PageWindow, byKeys: boolean) {
  const counted = db.select({ matching: count().as('matching') }).from(orders).where(condition).as('counted');
  const page = byKeys ? pageByKeys(db, condition, sort, window) : firstPage(db, condition, sort, window.limit);
  // json_agg takes its rows in no promised order: the page's order is said again.
  const order = sql.raw(sort.order === 'ASC' ? 'asc' : 'desc');
  const items = sql<string | null>`(select json_agg(${page.doc} order by ${page.key} ${order}, ${page.id} ${order})::text from ${page})`;
  return db.select({ total: counted.matching, items }).from(counted);
}

/** The sort's column, and the order of a page: by that column, ties by id. */
function ordering(sort: Sort) {
  const direction = sort.order === 'ASC' ? asc : desc;
  const column = ORDER_SORT_FIELDS[sort.field];
  return { column, orderBy: [direction(column), direction(orders.id)] };
}

/** The first page: its orders made documents as they are chosen (there is nothing to skip). */
function firstPage(db: Db, condition: SQL | undefined, sort: Sort, limit: number | Placeholder) {
  const { column, orderBy } = ordering(sort);
  return db
    .select({ doc: ORDER_DOCUMENT.as('doc'), key: sql`${column}`.as('key'), id: orders.id })
    .from(orders)
    .where(condition)
    .orderBy(...orderBy)
    .limit(limit)
    .as('page');
}

/** A page past the first: its orders' keys, then those orders joined back and made documents. */
function pageByKeys(db: Db, condition: SQL | undefined, sort: Sort, window: PageWindow) {
  const { column, orderBy } = ordering(sort);
  // The id under a name of its own: joined back to orders, `id` alone would be ambiguous.
  const keys = db
    .select({ key: sql`${column}`.as('key'), pageId: sql<string>`${orders.id}`.as('page_id') })
    .from(orders)
    .where(condition)
    .orderBy(...orderBy)
    .limit(window.limit)
    .offset(window.offset)
    .as('keys');
  return db
    .select({ doc: ORDER_DOCUMENT.as('doc'), key: keys.key, id: keys.pageId })
    .from(keys)
    .innerJoin(orders, eq(orders.id, keys.pageId))
    .as('page');
}

/**
 * A filter that only says which orders to show by their deletion (the admin's list as it opens, any
 * sort): its statement (where() of it) is the same text every time but for the page's window. The
 * shape names that condition.
 */
function plainShape(filter: OrderFilter = {}): string | null {
  if (filter.q?.trim() || filter.status?.length || filter.ids || filter.idsFrom || filter.createdFrom || filter.createdTo) return null;
  return filter.deleted != null ? (filter.deleted ? 'deleted' : 'live') : filter.includeDeleted ? 'all' : 'live';
}

/**
 * The plain list's statements, built once per database, shape, sort and page kind (at most
 * 3 × 6 × 2 × 2) and run with the window as parameters: drizzle builds the statement of a page anew
 * on every call otherwise, which cost about as much CPU as the rest of the page's own code.
 */
type PreparedPage = ReturnType<typeof preparePage>;
const preparedPages = new WeakMap<Db, Map<string, PreparedPage>>();

function preparePage(db: Db, name: string, filter: OrderFilter | undefined, sort: Sort, byKeys: boolean) {
  const window = { limit: sql.placeholder('limit'), offset: sql.placeholder('offset') };
  return pageStatement(db, where(filter), sort, window, byKeys).prepare(name);
}

function preparedPage(db: Db, shape: string, filter: OrderFilter | undefined, sort: Sort, byKeys: boolean) {
  let byName = preparedPages.get(db);
  if (!byName) preparedPages.set(db, (byName = new Map<string, PreparedPage>()));
  const name = `orders_page_${shape}_${sort.field}_${sort.order}${byKeys ? '_by_keys' : ''}`;
  let prepared = byName.get(name);
  if (!prepared) byName.set(name, (prepared = preparePage(db, name, filter, sort, byKeys)));
  return prepared;
}

export interface OrderCounts {
  total: number;
  deleted: number;
  byStatus: { status: string; count: number }[];
}

/** Live orders per status, and the tombstones, for the dashboard. */
export async function countOrders(db: Db): Promise<OrderCounts> {
  const rows = await db
    .select({ status: orders.status, deleted: orders.deleted, n: count() })
    .from(orders)
    .groupBy(orders.status, orders.deleted);
  const live = rows.filter((r) => !r.deleted);
  return {
    total: live.reduce((sum, r) => sum + Number(r.n), 0),
    deleted: rows.filter((r) => r.deleted).reduce((sum, r) => sum + Number(r.n), 0),
    byStatus: live.map((r) => ({ status: r.status, count: Number(r.n) })),
  };
}
