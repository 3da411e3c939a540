import { and, asc, gt, lt, or, sql, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { ValidationError } from '../shared/errors.js';
import { ORDER_DOCUMENT_TEXT, parseOrderDocument } from './order.document.js';
import { orders } from './order.tables.js';
import type { Order } from './order.types.js';

/**
 * The change feed: every order changed after a cursor, oldest change first, tombstones included.
 *
 * Why not a sequence or `updated_at`: transactions commit in a different order than they take
 * sequence numbers, so a reader can see 7 before 6 commits and never go back for 6. Each write
 * stamps its row with its transaction id (`change_txid`) and a sequence number, and the feed only
 * hands out rows whose transaction id is below the oldest transaction still running
 * (`pg_snapshot_xmin`). Every transaction below that horizon has finished, and every later one
 * gets a higher id, so nothing can ever appear behind the cursor. The price: a long-running writer
 * holds the feed back until it ends (never past it).
 */

export interface FeedCursor {
  txid: bigint;
  seq: bigint;
}

export interface FeedPage {
  orders: Order[];
  /** Where to continue; equals the request's cursor when nothing new was there. */
  cursor: string;
  /** More changes are ready right now (the page was full). */
  hasMore: boolean;
  /** Per-order extra fields from hooks (the sync envelope for the peer). */
  extras?: Map<string, Record<string, unknown>>;
}

export const FEED_START = '0.0';

const INT8_MAX = 2n ** 63n - 1n;

export function formatCursor(cursor: FeedCursor): string {
  return `${cursor.txid}.${cursor.seq}`;
}

export function parseCursor(value: string | undefined, field = 'since'): FeedCursor {
  const raw = value ?? FEED_START;
  const match = /^(\d{1,19})\.(\d{1,19})$/.exec(raw);
  const cursor = match && { txid: BigInt(match[1]!), seq: BigInt(match[2]!) };
  // 19 digits can still exceed bigint, which the database would refuse with an internal error.
  if (!cursor || cursor.txid > INT8_MAX || cursor.seq > INT8_MAX) {
    throw ValidationError.field(field, 'must be a cursor returned by an earlier page');
  }
  return cursor;
}

const after = (since: FeedCursor) =>
  or(gt(orders.changeTxid, since.txid), and(eq(orders.changeTxid, since.txid), gt(orders.changeSeq, since.seq)));

/**
 * Whether changes are committed after the cursor that the feed cannot hand out yet: a transaction
 * still running elsewhere on the server keeps them below the horizon. They come out when it ends,
 * which sends no notification here, so a long poll looks again shortly rather than sleeping
 * until the next change.
 */
export async function heldBackAfter(db: Db, since: FeedCursor): Promise<boolean> {
  const [row] = await db.select({ id: orders.id }).from(orders).where(after(since)).limit(1);
  return row !== undefined;
}

/** What the feed's decisions need of an order: which one, at which version. */
export interface FeedItem {
  id: string;
  version: number;
}

/** A page as read, with the position after each of its orders (so a page can be cut short). */
export interface ReadPage<T extends FeedItem = Order> {
  orders: T[];
  cursor: string;
  hasMore: boolean;
  positions: string[];
}

const HORIZON = sql`pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;

/** The feed's next rows after a cursor, below the horizon, in feed order. */
function feedRows<T extends Record<string, unknown>>(rows: { where: (w: SQL | undefined) => { orderBy: (...c: SQL[]) => { limit: (n: number) => Promise<T[]> } } }, since: FeedCursor, limit: number): Promise<T[]> {
  return rows.where(and(after(since), lt(orders.changeTxid, HORIZON))).orderBy(asc(orders.changeTxid), asc(orders.changeSeq)).limit(limit);
}

function pageOf<T extends FeedItem>(rows: { changeTxid: bigint; changeSeq: bigint }[], items: T[], since: FeedCursor, limit: number): ReadPage<T> {
  const last = rows.at(-1);
  return {
    orders: items,
    cursor: formatCursor(last ? { txid: last.changeTxid, seq: last.changeSeq } : since),
    hasMore: rows.length === limit,
    positions: rows.map((r) => formatCursor({ txid: r.changeTxid, seq: r.changeSeq })),
  };
}

/** A page of whole orders (each with its lines), in one statement. */
export async function readFeed(db: Db, since: FeedCursor, limit: number): Promise<ReadPage> {
  const rows = await feedRows(db.select({ doc: ORDER_DOCUMENT_TEXT, changeTxid: orders.changeTxid, changeSeq: orders.changeSeq }).from(orders), since, limit);
  return pageOf(rows, rows.map((r) => parseOrderDocument(r.doc)), since, limit);
}

/** A page of ids and versions only: what the sync decides on before anything is answered (see OrderService.feed). */
export async function readFeedItems(db: Db, since: FeedCursor, limit: number): Promise<ReadPage<FeedItem>> {
  const rows = await feedRows(db.select({ id: orders.id, version: orders.version, changeTxid: orders.changeTxid, changeSeq: orders.changeSeq }).from(orders), since, limit);
  return pageOf(rows, rows, since, limit);
}

/** A page as it is answered: `pending` lists, in feed order, the orders of a held page being pushed. */
export interface CutPage<T extends FeedItem = Order> {
  orders: T[];
  cursor: string;
  hasMore: boolean;
  pending: string[];
  /** The page's first order is being delivered right now (see FeedExtras.inFlight). */
  headInFlight: boolean;
}

/**
 * Decides what of a page read goes out: `omit` leaves out orders the reader holds already, and a
 * page whose orders are partly being delivered by another path (`pending`, the sync's push) is cut
 * before the first of them, so what precedes it is answered at once and the reader comes back for
 * the rest (`hasMore`). When the page starts with a pending order it is returned whole, with
 * `pending` set: the caller holds it (see OrderService.feed) or, once the hold is over, answers it.
 */
export function cutAtPending<T extends FeedItem>(read: ReadPage<T>, omit: Set<string>, pending: Set<string>, inFlight: Set<string> = new Set()): CutPage<T> {
  const keep = (orders: T[]) => (omit.size ? orders.filter((o) => !omit.has(o.id)) : orders);
  const first = pending.size ? read.orders.findIndex((o) => pending.has(o.id)) : -1;
  if (first > 0) {
    return { orders: keep(read.orders.slice(0, first)), cursor: read.positions[first - 1]!, hasMore: true, pending: [], headInFlight: false };
  }
  const held = first === 0 ? read.orders.filter((o) => pending.has(o.id)).map((o) => o.id) : [];
  return { orders: keep(read.orders), cursor: read.cursor, hasMore: read.hasMore, pending: held, headInFlight: first === 0 && inFlight.has(read.orders[0]!.id) };
}
