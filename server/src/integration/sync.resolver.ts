import { count, desc, inArray } from 'drizzle-orm';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OrderFilterInput, OrderPageType, OrderSortInput, OrderType } from '../orders/order.graphql-types.js';
import { toListQuery } from '../orders/order.resolver.js';
import type { OrderService } from '../orders/order.service.js';
import type { Order } from '../orders/order.types.js';
import type { BatchLoader } from '../shared/batch-loader.js';
import { Access } from '../auth/access.js';
import { ValidationError } from '../shared/errors.js';
import { pageOf } from '../shared/graphql-cost.js';
import { discardDeadLetters, listDeadLetters, retryDeadLetters } from './outbox.js';
import type { SyncRecord } from './records.js';
import { SYNC_ADMIN } from './sync.access.js';
import type { SyncEngine } from './sync-engine.js';
import {
  DeadLetterType,
  OrderSyncType,
  ResolutionFieldsInput,
  ResolutionTake,
  SyncLogPageType,
  SyncStateEnum,
  SyncStatusType,
} from './sync.graphql-types.js';
import { readLog } from './sync-log.js';
import { syncRecords } from './sync.tables.js';
import { ST, STATE_NAMES, type SyncState } from './sync-state.js';

export interface IntegrationContext {
  sync: SyncEngine;
  orders: OrderService;
  syncRecords: BatchLoader<string, SyncRecord>;
}

const name = (code: number | null) => (code === null ? null : (STATE_NAMES[code as SyncState] ?? null));

/** Largest page of the sync's lists. */
const MAX_PAGE = 500;

function checkPaging(page: number, perPage: number): void {
  if (page < 1) throw ValidationError.field('page', 'must be 1 or more');
  if (perPage < 1 || perPage > MAX_PAGE) throw ValidationError.field('perPage', `must be between 1 and ${MAX_PAGE}`);
}

const withDates = (json: Record<string, unknown> | null) =>
  json && { ...json, createdAt: new Date(String(json.createdAt)), updatedAt: new Date(String(json.updatedAt)) };

/** The sync's part of the GraphQL API, added from outside the Orders module by field resolvers of its own. */
@Resolver(() => OrderType)
export class OrderSyncFieldResolver {
  @Access(SYNC_ADMIN)
  @FieldResolver(() => OrderSyncType, { description: "The order's sync state with the peer" })
  async sync(@Root() order: Order, @Ctx() ctx: IntegrationContext): Promise<OrderSyncType> {
    const r = await ctx.syncRecords.load(order.id);
    const state = r?.state ?? ST.NEW;
    return {
      state: STATE_NAMES[state],
      stateCode: state,
      ackedVersion: r?.base ?? 0,
      resolutionPending: r?.resolution ?? false,
      reason: r?.reason ?? null,
      theirs: withDates(r?.theirs ?? null),
      theirsVersion: r?.theirsVersion ?? null,
      updatedAt: r?.updatedAt ?? order.updatedAt,
      syncedAt: r?.syncedAt ?? null,
      // Only while the current version is the merged one: a later edit is no merge.
      merge:
        r?.merge && r.merge.version === order.version
          ? {
              at: new Date(r.merge.at),
              version: r.merge.version,
              mergedBy: r.merge.mergedBy,
              from: r.merge.from,
              fields: Object.entries(r.merge.changes).map(([field, from]) => ({ field, from })),
            }
          : null,
    };
  }
}

@Resolver()
export class SyncResolver {
  @Access(SYNC_ADMIN)
  @Query(() => SyncStatusType, { description: 'Running, paused or backing off; the remote; the last push and pull; the outbox' })
  syncStatus(@Ctx() ctx: IntegrationContext) {
    return ctx.sync.status();
  }

  @Access(SYNC_ADMIN)
  @Query(() => OrderPageType, { description: 'Orders in the given sync states (e.g. COLLISION), most recently changed first', complexity: pageOf(MAX_PAGE, 25) })
  async ordersBySyncState(
    @Ctx() ctx: IntegrationContext,
    @Arg('states', () => [SyncStateEnum]) states: string[],
    @Arg('page', () => Int, { defaultValue: 1 }) page: number,
    @Arg('perPage', () => Int, { defaultValue: 25 }) perPage: number,
  ) {
    checkPaging(page, perPage);
    const codes = states.map((s) => ST[s as keyof typeof ST]);
    const db = ctx.orders.db;
    const where = inArray(syncRecords.state, codes);
    const rows = await db
      .select({ id: syncRecords.orderId })
      .from(syncRecords)
      .where(where)
      .orderBy(desc(syncRecords.updatedAt))
      .limit(perPage)
      .offset((page - 1) * perPage);
    const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(syncRecords).where(where);
    const orders = await ctx.orders.getMany(rows.map((r) => r.id));
    return { items: rows.flatMap((r) => (orders.has(r.id) ? [orders.get(r.id)!] : [])), total };
  }

  @Access(SYNC_ADMIN)
  @Query(() => OrderPageType, { description: 'The orders list, optionally only the orders in the given sync states', complexity: pageOf(MAX_PAGE, 25) })
  syncedOrders(
    @Ctx() ctx: IntegrationContext,
    @Arg('filter', () => OrderFilterInput, { nullable: true }) filter?: OrderFilterInput,
    @Arg('syncStates', () => [SyncStateEnum], { nullable: true }) syncStates?: string[],
    @Arg('sort', () => OrderSortInput, { nullable: true }) sort?: OrderSortInput,
    @Arg('page', () => Int, { defaultValue: 1 }) page = 1,
    @Arg('perPage', () => Int, { defaultValue: 25 }) perPage = 25,
  ) {
    const query = toListQuery(filter, sort, page, perPage);
    if (syncStates?.length) {
      const codes = syncStates.map((s) => ST[s as keyof typeof ST]);
      const idsFrom = ctx.orders.db.select({ id: syncRecords.orderId }).from(syncRecords).where(inArray(syncRecords.state, codes));
      query.filter = { ...query.filter, idsFrom };
    }
    return ctx.orders.list(query);
  }

  @Access(SYNC_ADMIN)
  @Query(() => SyncLogPageType, { description: 'Every sync message sent and received, newest first', complexity: pageOf(MAX_PAGE, 50) })
  async syncLog(
    @Ctx() ctx: IntegrationContext,
    @Arg('orderId', () => ID, { nullable: true }) orderId?: string,
    @Arg('direction', () => String, { nullable: true, description: 'in, out or local' }) direction?: string,
    @Arg('outcome', () => String, { nullable: true }) outcome?: string,
    @Arg('page', () => Int, { defaultValue: 1 }) page = 1,
    @Arg('perPage', () => Int, { defaultValue: 50 }) perPage = 50,
  ) {
    checkPaging(page, perPage);
    if (orderId) await ctx.orders.get(orderId); // validates the id
    if (direction && !['in', 'out', 'local'].includes(direction)) throw ValidationError.field('direction', 'must be in, out or local');
    const result = await readLog(ctx.orders.db, { orderId, direction: direction as 'in' | 'out' | null, outcome, page, perPage });
    return {
      total: result.total,
      items: result.items.map((e) => ({ ...e, messageState: name(e.messageState), stateBefore: name(e.stateBefore), stateAfter: name(e.stateAfter) })),
    };
  }

  @Access(SYNC_ADMIN)
  @Query(() => [DeadLetterType], { description: 'Messages parked after a permanent failure', complexity: pageOf(MAX_PAGE, 50) })
  deadLetters(
    @Ctx() ctx: IntegrationContext,
    @Arg('page', () => Int, { defaultValue: 1 }) page: number,
    @Arg('perPage', () => Int, { defaultValue: 50 }) perPage: number,
  ) {
    checkPaging(page, perPage);
    return listDeadLetters(ctx.orders.db, perPage, (page - 1) * perPage);
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => Int, { description: 'Queues dead letters again (all when no ids are given); returns how many' })
  retryDeadLetters(@Ctx() ctx: IntegrationContext, @Arg('orderIds', () => [ID], { nullable: true }) orderIds?: string[]) {
    return retryDeadLetters(ctx.orders.db, orderIds ?? null, ctx.sync.now());
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => Int, { description: 'Drops dead letters (all when no ids are given); returns how many' })
  discardDeadLetters(@Ctx() ctx: IntegrationContext, @Arg('orderIds', () => [ID], { nullable: true }) orderIds?: string[]) {
    return discardDeadLetters(ctx.orders.db, orderIds ?? null);
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => SyncStatusType, { description: 'Stops sending and receiving; local changes queue until resumeSync' })
  async pauseSync(@Ctx() ctx: IntegrationContext) {
    await ctx.sync.setPaused(true);
    return ctx.sync.status();
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => SyncStatusType)
  async resumeSync(@Ctx() ctx: IntegrationContext) {
    await ctx.sync.setPaused(false);
    return ctx.sync.status();
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => SyncStatusType, {
    description:
      "Changes the peer's Orders API URL and/or token; a new URL restarts the catch-up from the start. A token is bound to the URL it is given for: " +
      'a new URL without remoteToken in the same call leaves the sync without a token (not_configured) until one is given.',
  })
  async updateSyncSettings(
    @Ctx() ctx: IntegrationContext,
    @Arg('remoteUrl', () => String, { nullable: true }) remoteUrl?: string,
    @Arg('remoteToken', () => String, { nullable: true }) remoteToken?: string,
  ) {
    if (remoteUrl !== undefined && remoteUrl !== null && !/^https?:\/\/[^\s]+$/.test(remoteUrl)) {
      throw ValidationError.field('remoteUrl', 'must be an http(s) URL such as http://localhost:4002/api/orders');
    }
    if (remoteToken !== undefined && remoteToken !== null && !/^[A-Za-z0-9_.~+/=-]{24,}$/.test(remoteToken)) {
      throw ValidationError.field('remoteToken', 'must be a token of 24 or more characters');
    }
    await ctx.sync.updateRemote({ remoteUrl, remoteToken });
    return ctx.sync.status();
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => OrderType, { description: 'Resolves a collision (or error): ours, theirs, or a field-by-field merge; the result reaches the peer' })
  resolveCollision(
    @Ctx() ctx: IntegrationContext,
    @Arg('orderId', () => ID) orderId: string,
    @Arg('take', () => ResolutionTake) take: ResolutionTake,
    @Arg('fields', () => ResolutionFieldsInput, { nullable: true }) fields?: ResolutionFieldsInput,
  ) {
    return ctx.orders.get(orderId).then(() => ctx.sync.resolve(orderId, { take, fields: fields ? { ...fields } : undefined }));
  }
}
