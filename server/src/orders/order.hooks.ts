import type { SQL, SQLWrapper } from 'drizzle-orm';
import type { Principal } from '../auth/auth.service.js';
import type { Db } from '../db/types.js';
import type { FeedItem } from './order.feed.js';
import type { Order } from './order.types.js';

/**
 * How other modules (the sync) take part in order writes without this module knowing them.
 * Both hooks run inside the write transaction, so whatever they write commits or rolls back
 * together with the order.
 */

/**
 * A change made here by an admin or an API client. Writes that adopt the peer's copy
 * (OrderService.applyReplicas) are not local changes and are not reported, which is what keeps
 * the sync from echoing them back.
 */
export interface LocalChange {
  before: Order | null;
  after: Order;
  /** Set by OrderService.replace: an administrative overwrite (a collision's resolution). */
  replaced?: boolean;
  /**
   * A create under an id this write made (no client gave it): nothing anywhere can refer to the
   * order yet, so there is nothing about it to look up.
   */
  fresh?: boolean;
}

export interface OrderHooks {
  /** May refuse a local change by throwing an AppError (for example while the order is in collision). */
  beforeLocalChange?(tx: Db, current: Order): Promise<void>;
  afterLocalChange?(tx: Db, change: LocalChange): Promise<void>;
  /**
   * afterLocalChange of a fresh create (LocalChange.fresh), as statements instead of a call: the
   * create sends them in its own statement, one round trip with no transaction around it instead
   * of four (begin, the insert, the hook's writes, commit). Nothing can refer to a fresh order
   * yet, so there is nothing to read first. `inserted` is an SQL condition that holds only if the
   * order row was written: every write must hold to it. Null: nothing to write for this order.
   * A hook that wants local changes without this method is called in a transaction, as for any change.
   */
  freshCreateWrites?(order: Omit<Order, 'code'>, inserted: SQL): CreateStatementParts | null;
  /**
   * Whether afterLocalChange has anything to do right now (absent: it may have). When no hook has,
   * a create of a new order is one statement without a transaction around it.
   */
  wantsLocalChanges?(): boolean;
  /**
   * Extra fields for change-feed items, per caller (the sync adds its envelope for the peer), and the
   * items this caller does not need (`omit`: the sync leaves out what the peer is known to hold).
   */
  feedExtras?(tx: Db, orders: FeedItem[], caller: Principal, read: FeedRead): Promise<FeedExtras>;
  /**
   * Whether `feedExtras` has anything for this caller (absent: it may have). When no hook has, a
   * page is read in one statement, without a transaction around the page and the extras.
   */
  feedExtrasFor?(caller: Principal): boolean;
  /**
   * Someone reads the change feed: called when the request starts and again before it is answered
   * (a long poll may have waited meanwhile), outside any transaction; may refuse by throwing an AppError.
   */
  feedRequested?(caller: Principal): Promise<void> | void;
  /**
   * Waits (at most `ms`) until one of the deliveries to this caller that `feedExtras` reported as
   * pending has finished, so a held page is read again when it can leave that one out.
   */
  waitForDelivery?(caller: Principal, ids: string[], ms: number): Promise<unknown>;
}

/** What a hook adds to a fresh create's statement (OrderHooks.freshCreateWrites). */
export interface CreateStatementParts {
  /** Data-modifying statements (see together(): other tables than the order's, no dependence on each other). */
  writes: SQLWrapper[];
  /** Channels notified when the statement commits. */
  notify: string[];
}

export interface FeedRead {
  /**
   * The reader is on its first read of the feed, from the start, on this page or a later one (a new
   * reader, or one whose copy was replaced): it may hold none of what it has not read in this read.
   */
  full: boolean;
  /** The request starts at the beginning of the feed (the first page of a first read, or a reader that never said). */
  fromStart: boolean;
  /** The reader follows the feed live (a long poll): it may be held back a moment, see FeedExtras.pending. */
  live: boolean;
}

export interface FeedExtras {
  extras: Map<string, Record<string, unknown>>;
  omit?: Set<string>;
  /**
   * Items this caller is being sent by another path right now (the sync's push): a live reader's
   * page waits a moment for that delivery, after which they are usually omitted. Never skipped:
   * once the wait is over the page goes out as it is.
   */
  pending?: Set<string>;
  /**
   * Of `pending`, those whose delivery is under way right now (not merely due): a page held for
   * one of them keeps waiting while it lasts, however long a delivery takes on a busy machine.
   */
  inFlight?: Set<string>;
}
