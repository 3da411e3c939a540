import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/types.js';
import { canonicalJson, sha256 } from '../shared/canonical-json.js';
import { parseOrThrow, ValidationError } from '../shared/errors.js';
import { IdConflictError, OrderDeletedError, OrderNotFoundError, VersionConflictError } from './order.errors.js';
import { parseCursor, readFeed, type FeedPage } from './order.feed.js';
import type { ChangeOrigin, OrderHooks } from './order.hooks.js';
import { listOrders, type OrderListQuery } from './order.list.js';
import { findCreateHash, findOrder, insertOrder, nextOrderCode, rewriteOrder } from './order.repository.js';
import { contentOf, type Order, type OrderContent } from './order.types.js';
import { orderContentSchema, orderIdSchema, orderPatchSchema } from './order.validation.js';

const createSchema = orderContentSchema.extend({ id: orderIdSchema.optional() });

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

export interface OrderServiceOptions {
  /** Prefix of the human-readable codes this instance hands out, e.g. `A` for `A-000042`. */
  codePrefix: string;
}

export class OrderService {
  private readonly hooks: OrderHooks[] = [];

  constructor(
    readonly db: Db,
    private readonly options: OrderServiceOptions,
  ) {}

  /** Lets another module take part in every write (see order.hooks.ts). */
  addHooks(hooks: OrderHooks): void {
    this.hooks.push(hooks);
  }

  async get(id: string, db: Db = this.db): Promise<Order | null> {
    return findOrder(db, parseOrThrow(orderIdSchema, id, 'id'));
  }

  async getOrThrow(id: string, db: Db = this.db): Promise<Order> {
    const order = await this.get(id, db);
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  list(query: OrderListQuery): Promise<{ items: Order[]; total: number }> {
    return listOrders(this.db, query);
  }

  feed(since: string | undefined, limit: number): Promise<FeedPage> {
    return readFeed(this.db, parseCursor(since), limit);
  }

  /**
   * Creates an order. With a client-supplied id the create is idempotent: the same content again
   * answers the existing order (`created: false`), other content under that id is a conflict.
   */
  async create(input: unknown): Promise<{ order: Order; created: boolean }> {
    const { id: givenId, ...content } = parseOrThrow(createSchema, input);
    const id = givenId ?? randomUUID();
    const createHash = sha256(canonicalJson(content));
    return this.db.transaction(async (tx) => {
      const now = new Date();
      const inserted = await insertOrder(tx, {
        id,
        code: await nextOrderCode(tx, this.options.codePrefix),
        content,
        createdAt: now,
        updatedAt: now,
        version: 1,
        deleted: false,
        createHash,
      });
      const order = (await findOrder(tx, id))!;
      if (!inserted) {
        if ((await findCreateHash(tx, id)) !== createHash) throw new IdConflictError(order);
        return { order, created: false };
      }
      await this.notify(tx, null, order, 'local');
      return { order, created: true };
    });
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
   * Adopts the peer's copy of an order as it is, inside the caller's transaction (the sync's).
   * It is validated like any other write, and reported to hooks with origin `replica`, so the
   * sync can tell it apart from a local change and never echo it back.
   */
  async applyReplica(tx: Db, replica: ReplicaOrder): Promise<Order> {
    const meta = parseOrThrow(replicaMetaSchema, replica);
    const content = parseOrThrow(orderContentSchema, replica.content, 'order');
    const before = await findOrder(tx, meta.id, { lock: true });
    const row = { content, updatedAt: meta.updatedAt, version: meta.version, deleted: meta.deleted };
    if (before) {
      await rewriteOrder(tx, meta.id, { ...row, code: meta.code, createdAt: meta.createdAt });
    } else {
      await insertOrder(tx, { ...row, id: meta.id, code: meta.code, createdAt: meta.createdAt, createHash: null });
    }
    const after = (await findOrder(tx, meta.id))!;
    await this.notify(tx, before, after, 'replica');
    return after;
  }

  /** Locks an order for a sync step (the caller's transaction); null when it does not exist here. */
  lockForSync(tx: Db, id: string): Promise<Order | null> {
    return findOrder(tx, parseOrThrow(orderIdSchema, id, 'id'), { lock: true });
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
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
    await rewriteOrder(tx, current.id, { content, updatedAt: new Date(), version: current.version + 1, deleted });
    const after = (await findOrder(tx, current.id))!;
    await this.notify(tx, current, after, 'local');
    return after;
  }

  private async notify(tx: Db, before: Order | null, after: Order, origin: ChangeOrigin): Promise<void> {
    for (const hooks of this.hooks) await hooks.afterChange?.(tx, { before, after, origin });
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
