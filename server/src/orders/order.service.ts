import { randomUUID } from 'node:crypto';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { together } from '../db/statements.js';
import type { Db } from '../db/types.js';
import { canonicalJson, sha256 } from '../shared/canonical-json.js';
import { parseOrThrow, ValidationError } from '../shared/errors.js';
import { IdConflictError, OrderDeletedError, OrderNotFoundError, VersionConflictError } from './order.errors.js';
import { cutAtPending, FEED_START, formatCursor, heldBackAfter, parseCursor, readFeed, readFeedItems, type FeedItem, type FeedPage } from './order.feed.js';
import type { FeedRead, OrderHooks } from './order.hooks.js';
import { countOrders, listOrders, type OrderCounts, type OrderListQuery } from './order.list.js';
import { findCreateHash, findOrder, orderAsWritten, findOrders, findOrdersByCodes, findOrdersWith, insertNewOrder, lockOrderIds, lockOrdersWithKnown, type KnownOrders, type OrderWith, setOrderCode, nextOrderCode, rewriteOrder, upsertOrders } from './order.repository.js';
import { orderFeedMeta } from './order.tables.js';
import { ChangeSignal } from '../shared/change-signal.js';
import type { Principal } from '../auth/auth.service.js';
import { contentOf, type Order, type OrderContent } from './order.types.js';
import { orderContentSchema, orderIdSchema, orderPatchSchema } from './order.validation.js';

/**
 * How long a live reader's page waits, at most, for a push of the same changes to land (see feed).
 * It delays only the peer's pull, the safety net, never a client's read: generous, so a busy
 * sender (a catch-up, a loaded machine) still gets there first.
 */
const FEED_HOLD_MS = 2_000;
/** A held page watches this many of its first pending orders: the push delivers them first. */
const HOLD_WATCH = 50;
/** How often a long poll looks again while committed changes are held back by the horizon. */
const FEED_HORIZON_RECHECK_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const createSchema = orderContentSchema.extend({ id: orderIdSchema.optional() });

export type { KnownOrders, OrderWith } from './order.repository.js';

/** A whole order as the peer holds it, adopted as it is (version, code and times included). */
export interface ReplicaOrder {
  id: string;
  code: string;
  content: unknown;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  deleted: boolean;
}

const replicaMetaSchema = z.object({
  id: orderIdSchema,
  code: z.string().regex(/^[A-Z0-9]{1,10}-\d{6,}$/, 'must be a code such as A-000042'),
  version: z.number().int().min(1, 'must be at least 1'),
  deleted: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A replica as validated: its fields and content as the schemas give them. */
type ParsedReplica = z.infer<typeof replicaMetaSchema> & { content: OrderContent };

function parseReplica(replica: ReplicaOrder, prefix: string): ParsedReplica {
  return { ...parseOrThrow(replicaMetaSchema, replica, prefix), content: parseOrThrow(orderContentSchema, replica.content, prefix) };
}

export interface OrderServiceOptions {
  /** Prefix of the human-readable codes this instance hands out, e.g. `A` for `A-000042`. */
  codePrefix: string;
}

export class OrderService {
  private readonly hooks: OrderHooks[] = [];
  /**
   * Replicas checkReplica found valid, as parsed: applyReplicas writes them as they were checked
   * rather than validating them a second time (the sync checks each message before its
   * transaction, to reject a bad one alone, then applies the batch). Keyed by the object, weakly.
   */
  private readonly checked = new WeakMap<ReplicaOrder, ParsedReplica>();

  constructor(
    readonly db: Db,
    private readonly options: OrderServiceOptions,
  ) {}

  /** Lets another module take part in every write (see order.hooks.ts). */
  addHooks(hooks: OrderHooks): void {
    this.hooks.push(hooks);
  }

  async get(id: string, db?: Db): Promise<Order | null> {
    const orderId = parseOrThrow(orderIdSchema, id, 'id');
    return findOrder(db ?? this.db, orderId);
  }

  async getOrThrow(id: string, db?: Db): Promise<Order> {
    const order = await this.get(id, db);
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  counts(): Promise<OrderCounts> {
    return countOrders(this.db);
  }

  /** One statement (order.list.ts), so one snapshot without a transaction. */
  list(query: OrderListQuery): Promise<{ items: Order[]; total: number }> {
    return listOrders(this.db, query);
  }

  /** Wakes long-polling feed readers; the app calls it on every committed order write (LISTEN/NOTIFY). */
  readonly changed = new ChangeSignal();

  /**
   * A page of the change feed. With `waitMs`, an empty page is held open until a change commits or
   * the time is up (a long poll), so a reader can follow the feed with a couple of requests a minute.
   */
  async feed(since: string | undefined, limit: number, options: { waitMs?: number; caller?: Principal; full?: boolean } = {}): Promise<FeedPage & { feedId: string }> {
    let cursor = parseCursor(since);
    // A first read (the reader's copy is new or was replaced) must get everything; the reader says
    // so on every page of it. A reader that does not say is taken at its cursor: from the start, a first read.
    const fromStart = formatCursor(cursor) === FEED_START;
    // One object per request: the hooks can tell the reads of one request (a held page read again) from another request's.
    const feedRead: FeedRead = { full: options.full ?? fromStart, fromStart, live: (options.waitMs ?? 0) > 0 };
    const checkAccess = async () => {
      if (options.caller) for (const hooks of this.hooks) await hooks.feedRequested?.(options.caller);
    };
    await checkAccess();
    const deadline = Date.now() + (options.waitMs ?? 0);
    let holdUntil: number | null = null;
    let held: string[] = [];
    // A reader no hook adds to (a client, the admin) reads each page in one statement; the page and
    // its extras (the peer's sync envelope) are read in one snapshot.
    const caller = options.caller;
    const withExtras = caller !== undefined && this.hooks.some((h) => h.feedExtras && (h.feedExtrasFor?.(caller) ?? true));
    // The sync is pushing the first change of the page to this reader right now: wait for the
    // push, after which the page no longer carries it (a second delivery would only be a
    // duplicate). What comes before the first such change is answered at once (cutAtPending).
    // Held, never skipped: the hold lasts while the pushes make progress, and once FEED_HOLD_MS
    // pass without any (or the long poll ends) the page goes out as it is, so the pull stays the
    // safety net. In a catch-up the pull thus trails the push instead of carrying every order twice.
    // A first order whose push is in flight counts as progress: a push that takes long on a busy
    // machine is still a push (a dead sender's lease runs out, and the long poll ends anyway).
    // Returns how long to hold the page (0: answer it).
    const holdFor = (pending: string[], headInFlight: boolean): number => {
      if (pending.length && !this.changed.isClosed) {
        const still = new Set(pending);
        const progressed = headInFlight || held.some((id) => !still.has(id));
        held = pending;
        if (holdUntil === null || progressed) holdUntil = Math.min(Date.now() + FEED_HOLD_MS, deadline);
        const hold = holdUntil - Date.now();
        if (hold > 0) return hold;
      }
      holdUntil = null;
      held = [];
      return 0;
    };
    for (;;) {
      let hold = 0;
      const page = !withExtras
        ? { ...cutAtPending(await readFeed(this.db, cursor, limit), new Set(), new Set()), extras: undefined }
        : await this.snapshot(async (tx) => {
            // Ids and versions first: the sync decides on them what goes out, and a held page
            // (read again after every delivery during a catch-up) is never read whole.
            const read = await readFeedItems(tx, cursor, limit);
            const { extras, omit, pending, inFlight } = await this.feedExtras(tx, read.orders, caller, feedRead);
            const cut = cutAtPending(read, omit, pending, inFlight);
            hold = holdFor(cut.pending, cut.headInFlight);
            if (hold > 0 || cut.orders.length === 0) return { ...cut, orders: [] as Order[], extras };
            // What goes out, whole, in the same snapshot as the decisions.
            const whole = await findOrders(tx, cut.orders.map((o) => o.id));
            return { ...cut, orders: cut.orders.map((o) => whole.get(o.id)!), extras };
          });
      const { pending, headInFlight: _headInFlight, ...answer } = page;
      if (hold > 0) {
        await this.waitForDelivery(caller!, pending.slice(0, HOLD_WATCH), hold);
        continue;
      }
      const remaining = deadline - Date.now();
      // A closing server answers at once rather than holding the poll open.
      if (answer.orders.length > 0 || remaining <= 0 || this.changed.isClosed) {
        await checkAccess();
        return { ...answer, feedId: await this.feedId() };
      }
      if (answer.cursor !== formatCursor(cursor)) {
        // Everything read was left out for this caller: go on from there, without answering an empty page.
        cursor = parseCursor(answer.cursor);
        if (answer.hasMore) continue;
      }
      // Committed but held back by a transaction running elsewhere (see heldBackAfter): look again soon.
      if (await heldBackAfter(this.db, cursor)) {
        await this.changed.wait(Math.min(remaining, FEED_HORIZON_RECHECK_MS));
        continue;
      }
      // No pause after a wake-up: the change is read at once (a burst that lands meanwhile comes in
      // the next page), and what the sync is still pushing to this reader is held above.
      await this.changed.wait(remaining);
    }
  }

  private waitForDelivery(caller: Principal, ids: string[], ms: number): Promise<unknown> {
    for (const hooks of this.hooks) if (hooks.waitForDelivery) return hooks.waitForDelivery(caller, ids, ms);
    return sleep(ms);
  }

  private feedIdCache: string | null = null;

  /** This database's feed identity (see order_feed_meta). */
  async feedId(): Promise<string> {
    if (this.feedIdCache) return this.feedIdCache;
    await this.db.insert(orderFeedMeta).values({ id: 1 }).onConflictDoNothing();
    const [row] = await this.db.select().from(orderFeedMeta);
    this.feedIdCache = row!.feedId;
    return this.feedIdCache;
  }

  private async feedExtras(
    tx: Db,
    orders: FeedItem[],
    caller: Principal,
    read: FeedRead,
  ): Promise<{ extras: Map<string, Record<string, unknown>>; omit: Set<string>; pending: Set<string>; inFlight: Set<string> }> {
    const merged = new Map<string, Record<string, unknown>>();
    const omit = new Set<string>();
    const pending = new Set<string>();
    const inFlight = new Set<string>();
    for (const hooks of this.hooks) {
      if (!hooks.feedExtras || orders.length === 0) continue;
      const result = await hooks.feedExtras(tx, orders, caller, read);
      for (const [id, extra] of result.extras) merged.set(id, { ...merged.get(id), ...extra });
      for (const id of result.omit ?? []) omit.add(id);
      for (const id of result.pending ?? []) pending.add(id);
      for (const id of result.inFlight ?? []) inFlight.add(id);
    }
    return { extras: merged, omit, pending, inFlight };
  }

  /**
   * Creates an order. With a client-supplied id the create is idempotent: the same content again
   * answers the existing order (`created: false`), other content under that id is a conflict.
   */
  async create(input: unknown): Promise<{ order: Order; created: boolean }> {
    const { id: givenId, ...content } = parseOrThrow(createSchema, input);
    // An id made here is known nowhere else yet: no other write can be waiting for it, and no hook
    // can hold anything about it (see LocalChange.fresh).
    const fresh = givenId === undefined;
    // Lower case, as the database answers a uuid (the order is answered as written, not read back).
    const id = (givenId ?? randomUUID()).toLowerCase();
    const createHash = sha256(canonicalJson(content));
    const now = new Date();
    const row = { id, content, createdAt: now, updatedAt: now, version: 1, deleted: false, createHash };
    // The order as written but for its code, which the insert hands out.
    const written: Omit<Order, 'code'> = orderAsWritten({ ...row, code: '' });
    const hooks = this.hooks.filter((h) => h.afterLocalChange && (h.wantsLocalChanges?.() ?? true));
    // With nothing for the hooks to do, or only writes they can name beforehand (a fresh order has
    // nothing to read first), the create is one statement, atomic without a transaction around it:
    // one round trip instead of four (begin, the lock and code, the insert, commit).
    const inline = fresh && hooks.every((h) => typeof h.freshCreateWrites === 'function');
    const alongside = (inserted: SQL) => hooks.flatMap((h) => h.freshCreateWrites?.(written, inserted) ?? []);
    const write = async (db: Db) => {
      // A client's id may be on its way here from the peer too: the lock orders the two writes.
      if (!fresh) await lockOrderIds(db, [id]);
      const code = await insertNewOrder(db, row, this.options.codePrefix, inline ? alongside : undefined);
      if (code === null) {
        const existing = (await findOrder(db, id))!;
        if ((await findCreateHash(db, id)) !== createHash) throw new IdConflictError(existing);
        return { order: existing, created: false };
      }
      const order: Order = { ...written, code };
      if (!inline) await this.notify(db, null, order, fresh);
      return { order, created: true };
    };
    return inline ? write(this.db) : this.db.transaction(write);
  }

  /**
   * Changes some fields of an order (and with `deleted`, soft-deletes it in the same step).
   * `expectedVersion` must be the version the change was based on.
   */
  async update(id: string, patchInput: unknown, expectedVersion: number | undefined, options: { deleted?: boolean } = {}): Promise<Order> {
    return this.change(id, patchInput, requireVersion(expectedVersion), options.deleted ?? false);
  }

  /** Soft-deletes: the order stays as a tombstone, hidden from default lists. Without a version, deletes whatever is current. */
  async delete(id: string, expectedVersion?: number): Promise<Order> {
    return this.change(id, {}, expectedVersion === undefined ? undefined : requireVersion(expectedVersion), true);
  }

  private async change(id: string, patchInput: unknown, expectedVersion: number | undefined, deleted: boolean): Promise<Order> {
    const orderId = parseOrThrow(orderIdSchema, id, 'id');
    const patch = parseOrThrow(orderPatchSchema, patchInput ?? {});
    return this.db.transaction(async (tx) => {
      const current = await this.lockForLocalChange(tx, orderId, expectedVersion);
      const next: OrderContent = { ...contentOf(current), ...definedOnly(patch) };
      // A change that changes nothing is not a change: no new version, nothing to sync.
      if (!deleted && canonicalJson(next) === canonicalJson(contentOf(current))) return current;
      return this.write(tx, current, next, deleted);
    });
  }

  /**
   * Adopts the peer's copies of orders as they are (versions, codes and times included), inside
   * the caller's transaction (the sync's). Each is validated like any other write; the write is not
   * reported to afterLocalChange, so the sync never mistakes it for a change of ours and echoes it.
   * Answers the orders as written, or nothing with `readBack: false`. `alongside`: the caller's own
   * writes of other tables (the sync's records and log), sent in the same statement as the orders'
   * (together(): one round trip less), and run even when there is no order to write.
   */
  async applyReplicas(tx: Db, replicas: ReplicaOrder[], options: { readBack?: boolean; alongside?: SQLWrapper[] } = {}): Promise<Order[]> {
    const alongside = options.alongside ?? [];
    if (replicas.length === 0) {
      if (alongside.length) await tx.execute(together(alongside));
      return [];
    }
    // A system that has no codes of ours (a shop) sends none: the order keeps the code it has
    // here, or gets the next one.
    const uncoded = replicas.filter((r) => r.code === '').map((r) => r.id);
    const held = uncoded.length ? await findOrders(tx, uncoded) : new Map<string, Order>();
    const coded: ReplicaOrder[] = [];
    for (const r of replicas) coded.push(r.code === '' ? { ...r, code: held.get(r.id)?.code ?? (await nextOrderCode(tx, this.options.codePrefix)) } : r);
    const rows = coded.map((replica, i) => this.checked.get(replica) ?? parseReplica(replica, replicas.length > 1 ? `orders.${i}` : 'order'));
    await this.keepCodesAhead(tx, rows.map((r) => r.code));
    await this.recodeClashes(tx, rows);
    await upsertOrders(tx, rows, alongside);
    // Reading back what was just written costs a statement per batch; only a caller that passes
    // the orders on (the sync relaying them to other remotes) needs them.
    if (options.readBack === false) return [];
    const written = await findOrders(tx, rows.map((r) => r.id));
    return rows.map((r) => written.get(r.id)!);
  }

  /**
   * A database that was reset hands out its codes again from 1, and may give a new order a code
   * that one of its old orders, still held by the peer, already has. When such an old order comes
   * back, the new local one (which the peer cannot hold: codes are unique there too) takes the next
   * free code, and the change is reported like any local change so the peer learns the new code.
   */
  private async recodeClashes(tx: Db, rows: { id: string; code: string }[]): Promise<void> {
    const incoming = new Set(rows.map((r) => r.id));
    const own = rows.filter((r) => r.code.startsWith(`${this.options.codePrefix}-`)).map((r) => r.code);
    const clashing = [...(await findOrdersByCodes(tx, own)).values()].filter((o) => !incoming.has(o.id));
    for (const before of clashing) {
      await setOrderCode(tx, before.id, await nextOrderCode(tx, this.options.codePrefix));
      const after = (await findOrder(tx, before.id))!;
      for (const hooks of this.hooks) await hooks.afterLocalChange?.(tx, { before, after });
    }
  }

  /** Loads several orders at once (absent ids are missing from the map). */
  getMany(ids: string[], db?: Db): Promise<Map<string, Order>> {
    return findOrders(db ?? this.db, ids);
  }

  /**
   * Loads several orders, each with what `alongside` computes from its id (a column of the caller's
   * tables, a subquery) in the same statement: the order and that value come from one snapshot
   * without a transaction (the sync reads its record of each order so). Each comes with its change
   * stamp, which lockForSyncWith compares to tell whether the order has changed since.
   */
  getManyWith<T>(ids: string[], alongside: (orderId: SQLWrapper) => SQL<T>): Promise<Map<string, OrderWith<T>>> {
    return findOrdersWith(this.db, ids, alongside);
  }

  /** Checks a replica without writing it: the ValidationError applyReplicas would throw, or null. */
  checkReplica(replica: ReplicaOrder): ValidationError | null {
    try {
      // A replica without a code gets one when it is applied, so it is checked with a stand-in
      // and validated again then, with its code.
      if (replica.code === '') parseReplica({ ...replica, code: 'X-000000' }, 'order');
      else this.checked.set(replica, parseReplica(replica, 'order'));
      return null;
    } catch (err) {
      if (err instanceof ValidationError) return err;
      throw err;
    }
  }

  /** Row-locks and loads orders for a sync step, in the caller's transaction. Absent ids are missing from the map. */
  async lockForSync(tx: Db, ids: string[]): Promise<Map<string, Order>> {
    await lockOrderIds(tx, ids);
    return findOrders(tx, ids, { lock: true });
  }

  /** Takes the lock lockForSync takes, without reading the orders (a sync step that writes only its own rows). */
  async holdForSync(tx: Db, ids: string[]): Promise<void> {
    await lockOrderIds(tx, ids);
  }

  /** lockForSync, each order with what `alongside` computes from its id, read in the same statement (see getManyWith). */
  async lockForSyncWith<T>(
    tx: Db,
    ids: string[],
    alongside: (orderId: SQLWrapper) => SQL<T>,
    known?: KnownOrders,
  ): Promise<Map<string, OrderWith<T>>> {
    await lockOrderIds(tx, ids);
    // Orders the caller read before (the ones it just pushed, getManyWith) are not read whole again
    // unless they changed since: a push's replies are applied without a second copy of its orders.
    return known?.size ? lockOrdersWithKnown(tx, ids, alongside, known) : findOrdersWith(tx, ids, alongside, { lock: true });
  }

  /**
   * An administrative overwrite at a given version, bypassing the edit guards (used to resolve a
   * collision). Reported to afterLocalChange with `replaced: true`.
   */
  async replace(tx: Db, id: string, contentInput: unknown, options: { deleted: boolean; version: number }): Promise<Order> {
    const content = parseOrThrow(orderContentSchema, contentInput);
    const before = await findOrder(tx, id, { lock: true });
    if (!before) throw new OrderNotFoundError(id);
    await rewriteOrder(tx, id, { content, updatedAt: new Date(), version: options.version, deleted: options.deleted });
    const after = (await findOrder(tx, id))!;
    for (const hooks of this.hooks) await hooks.afterLocalChange?.(tx, { before, after, replaced: true });
    return after;
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /**
   * A read-only transaction in one snapshot (repeatable read): reads in it agree with each other,
   * where a plain transaction (read committed) lets each statement see the commits made before it
   * began. For readers that combine orders with what another module wrote in the same commits.
   */
  snapshot<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction(fn, { isolationLevel: 'repeatable read', accessMode: 'read only' });
  }

  /** Codes adopted from the peer that carry our own prefix (a reset database re-learning its orders) must not be handed out again. */
  private async keepCodesAhead(tx: Db, codes: string[]): Promise<void> {
    const own = codes
      .map((code) => /^([A-Z0-9]+)-(\d+)$/.exec(code))
      .filter((m): m is RegExpExecArray => m !== null && m[1] === this.options.codePrefix)
      .map((m) => Number(m[2]));
    if (own.length === 0) return;
    const highest = Math.max(...own);
    await tx.execute(sql`select setval('order_code_seq', greatest(${highest}, (select last_value from order_code_seq)))`);
  }

  private async lockForLocalChange(tx: Db, id: string, expectedVersion: number | undefined): Promise<Order> {
    const current = await findOrder(tx, id, { lock: true });
    if (!current) throw new OrderNotFoundError(id);
    if (current.deleted) throw new OrderDeletedError(current);
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new VersionConflictError(current, expectedVersion);
    }
    for (const hooks of this.hooks) await hooks.beforeLocalChange?.(tx, current);
    return current;
  }

  private async write(tx: Db, current: Order, content: OrderContent, deleted: boolean): Promise<Order> {
    const next = { content, updatedAt: new Date(), version: current.version + 1, deleted };
    await rewriteOrder(tx, current.id, next);
    const after = orderAsWritten({ ...next, id: current.id, code: current.code, createdAt: current.createdAt });
    await this.notify(tx, current, after);
    return after;
  }

  /** The write itself woke the feed's readers (order.repository.ts); the hooks take their part in the same transaction. */
  private async notify(tx: Db, before: Order | null, after: Order, fresh = false): Promise<void> {
    for (const hooks of this.hooks) await hooks.afterLocalChange?.(tx, { before, after, ...(fresh ? { fresh } : {}) });
  }
}

function requireVersion(version: number | undefined): number {
  if (version === undefined || version === null) {
    throw ValidationError.field('expectedVersion', 'is required: the version the change is based on');
  }
  if (!Number.isInteger(version) || version < 1) {
    throw ValidationError.field('expectedVersion', 'must be a whole number of at least 1');
  }
  return version;
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
