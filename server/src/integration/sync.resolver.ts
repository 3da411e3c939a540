import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OrderFilterInput, OrderPageType, OrderSortInput, OrderType } from '../orders/order.graphql-types.js';
import { toListQuery } from '../orders/order.resolver.js';
import type { OrderService } from '../orders/order.service.js';
import type { Order } from '../orders/order.types.js';
import type { BatchLoader } from '../shared/batch-loader.js';
import { Access } from '../auth/access.js';
import { ValidationError } from '../shared/errors.js';
import { listOf, pageOf } from '../shared/graphql-cost.js';
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
import { needsResolution, ST, STATE_NAMES, type SyncState } from './sync-state.js';

export interface IntegrationContext {
  sync: SyncEngine;
  orders: OrderService;
  /** Every remote's record of an order, batched per request. */
  syncRecords: BatchLoader<string, SyncRecord[]>;
}

const REMOTE_ARG = { nullable: true, description: 'The remote (its name); default: the peer from PEER_URL, else the first remote' } as const;

/** The remote's id, when a call names one (checked: an unknown name is a 404 naming the field). */
const remoteIdOf = (ctx: IntegrationContext, remote: string | null | undefined): number | null => (remote ? ctx.sync.pick(remote)!.id : null);

const remoteNames = (ctx: IntegrationContext) => new Map(ctx.sync.list().map((r) => [r.id, r.name]));

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
  @FieldResolver(() => OrderSyncType, {
    description: "The order's sync state with the remote that needs attention (a collision or error), else with the default remote",
  })
  async sync(@Root() order: Order, @Ctx() ctx: IntegrationContext): Promise<OrderSyncType> {
    const records = (await ctx.syncRecords.load(order.id)) ?? [];
    const main = ctx.sync.pick();
    const r = records.find((x) => needsResolution(x.state)) ?? records.find((x) => x.remoteId === main?.id) ?? records[0] ?? null;
    return toOrderSync(ctx, order, r, r ? undefined : main?.name);
  }

  @Access(SYNC_ADMIN)
  @FieldResolver(() => [OrderSyncType], { description: "The order's sync state with each remote", complexity: listOf(32) })
  async syncs(@Root() order: Order, @Ctx() ctx: IntegrationContext): Promise<OrderSyncType[]> {
    const records = new Map(((await ctx.syncRecords.load(order.id)) ?? []).map((r) => [r.remoteId, r]));
    return ctx.sync.list().map((runner) => toOrderSync(ctx, order, records.get(runner.id) ?? null, runner.name));
  }
}

function toOrderSync(ctx: IntegrationContext, order: Order, r: SyncRecord | null, fallbackRemote?: string): OrderSyncType {
    const runner = r ? ctx.sync.list().find((x) => x.id === r.remoteId) : fallbackRemote ? ctx.sync.list().find((x) => x.name === fallbackRemote) : undefined;
    const state = r?.state ?? ST.NEW;
    return {
      remote: runner?.name ?? fallbackRemote ?? '',
      remoteLabel: runner?.remote.label ?? runner?.name ?? fallbackRemote ?? '',
      remoteKey: r?.remoteKey ?? null,
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

@Resolver()
export class SyncResolver {
  @Access(SYNC_ADMIN)
  @Query(() => SyncStatusType, { description: 'Running, paused or backing off; the remote; the last push and pull; the outbox' })
  syncStatus(@Ctx() ctx: IntegrationContext, @Arg('remote', () => String, REMOTE_ARG) remote?: string) {
    return ctx.sync.status(remote);
  }

  @Access(SYNC_ADMIN)
  @Query(() => [SyncStatusType], { description: 'The sync with every remote', complexity: listOf(32) })
  async remotes(@Ctx() ctx: IntegrationContext) {
    const out = [];
    for (const runner of ctx.sync.list()) out.push(await ctx.sync.status(runner.name));
    return out;
  }

  @Access(SYNC_ADMIN)
  @Query(() => OrderPageType, { description: 'Orders in the given sync states (e.g. COLLISION), most recently changed first', complexity: pageOf(MAX_PAGE, 25) })
  async ordersBySyncState(
    @Ctx() ctx: IntegrationContext,
    @Arg('states', () => [SyncStateEnum]) states: string[],
    @Arg('page', () => Int, { defaultValue: 1 }) page: number,
    @Arg('perPage', () => Int, { defaultValue: 25 }) perPage: number,
    @Arg('remote', () => String, REMOTE_ARG) remote?: string,
  ) {
    checkPaging(page, perPage);
    const codes = states.map((s) => ST[s as keyof typeof ST]);
    const db = ctx.orders.db;
    const remoteId = remoteIdOf(ctx, remote);
    const where = and(inArray(syncRecords.state, codes), remoteId === null ? undefined : eq(syncRecords.remoteId, remoteId));
    const rows = await db
      .select({ id: syncRecords.orderId })
      .from(syncRecords)
      .where(where)
      .orderBy(desc(syncRecords.updatedAt))
      .limit(perPage)
      .offset((page - 1) * perPage);
    const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(syncRecords).where(where);
    const orders = await ctx.orders.getMany([...new Set(rows.map((r) => r.id))]);
    return { items: [...new Set(rows.map((r) => r.id))].flatMap((id) => (orders.has(id) ? [orders.get(id)!] : [])), total };
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
    @Arg('remote', () => String, REMOTE_ARG) remote?: string,
  ) {
    const query = toListQuery(filter, sort, page, perPage);
    if (syncStates?.length) {
      const codes = syncStates.map((s) => ST[s as keyof typeof ST]);
      const remoteId = remoteIdOf(ctx, remote);
      const idsFrom = ctx.orders.db
        .select({ id: syncRecords.orderId })
        .from(syncRecords)
        .where(and(inArray(syncRecords.state, codes), remoteId === null ? undefined : eq(syncRecords.remoteId, remoteId)));
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
    @Arg('remote', () => String, REMOTE_ARG) remote?: string,
  ) {
    checkPaging(page, perPage);
    if (orderId) await ctx.orders.get(orderId); // validates the id
    if (direction && !['in', 'out', 'local'].includes(direction)) throw ValidationError.field('direction', 'must be in, out or local');
    const remoteId = remoteIdOf(ctx, remote);
    const result = await readLog(ctx.orders.db, { remoteId, orderId, direction: direction as 'in' | 'out' | null, outcome, page, perPage });
    const names = remoteNames(ctx);
    return {
      total: result.total,
      items: result.items.map((e) => ({ ...e, remote: e.remoteId === null ? null : (names.get(e.remoteId) ?? null), messageState: name(e.messageState), stateBefore: name(e.stateBefore), stateAfter: name(e.stateAfter) })),
    };
  }

  @Access(SYNC_ADMIN)
  @Query(() => [DeadLetterType], { description: 'Messages parked after a permanent failure', complexity: pageOf(MAX_PAGE, 50) })
  async deadLetters(
    @Ctx() ctx: IntegrationContext,
    @Arg('page', () => Int, { defaultValue: 1 }) page: number,
    @Arg('perPage', () => Int, { defaultValue: 50 }) perPage: number,
    @Arg('remote', () => String, REMOTE_ARG) remote?: string,
  ) {
    checkPaging(page, perPage);
    const names = remoteNames(ctx);
    const rows = await listDeadLetters(ctx.orders.db, remoteIdOf(ctx, remote), perPage, (page - 1) * perPage);
    return rows.map((r) => ({ ...r, remote: names.get(r.remoteId) ?? String(r.remoteId) }));
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => Int, { description: 'Queues dead letters again (all when no ids are given); returns how many' })
  retryDeadLetters(
    @Ctx() ctx: IntegrationContext,
    @Arg('orderIds', () => [ID], { nullable: true }) orderIds?: string[],
    @Arg('remote', () => String, REMOTE_ARG) remote?: string,
  ) {
    return retryDeadLetters(ctx.orders.db, remoteIdOf(ctx, remote), orderIds ?? null, ctx.sync.now());
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => Int, { description: 'Drops dead letters (all when no ids are given); returns how many' })
  discardDeadLetters(
    @Ctx() ctx: IntegrationContext,
    @Arg('orderIds', () => [ID], { nullable: true }) orderIds?: string[],
    @Arg('remote', () => String, REMOTE_ARG) remote?: string,
  ) {
    return discardDeadLetters(ctx.orders.db, remoteIdOf(ctx, remote), orderIds ?? null);
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => SyncStatusType, { description: 'Stops sending and receiving; local changes queue until resumeSync' })
  async pauseSync(@Ctx() ctx: IntegrationContext, @Arg('remote', () => String, REMOTE_ARG) remote?: string) {
    await ctx.sync.setPaused(true, remote);
    return ctx.sync.status(remote);
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => SyncStatusType)
  async resumeSync(@Ctx() ctx: IntegrationContext, @Arg('remote', () => String, REMOTE_ARG) remote?: string) {
    await ctx.sync.setPaused(false, remote);
    return ctx.sync.status(remote);
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
    @Arg('remote', () => String, REMOTE_ARG) remote?: string,
  ) {
    if (remoteUrl !== undefined && remoteUrl !== null && !/^https?:\/\/[^\s]+$/.test(remoteUrl)) {
      throw ValidationError.field('remoteUrl', 'must be an http(s) URL such as http://localhost:4002/api/orders');
    }
    if (remoteToken !== undefined && remoteToken !== null && !/^[A-Za-z0-9_.~+/=-]{24,}$/.test(remoteToken)) {
      throw ValidationError.field('remoteToken', 'must be a token of 24 or more characters');
    }
    await ctx.sync.updateRemote({ remoteUrl, remoteToken }, remote);
    return ctx.sync.status(remote);
  }

  @Access(SYNC_ADMIN)
  @Mutation(() => OrderType, { description: 'Resolves a collision (or error): ours, theirs, or a field-by-field merge; the result reaches the peer' })
  resolveCollision(
    @Ctx() ctx: IntegrationContext,
    @Arg('orderId', () => ID) orderId: string,
    @Arg('take', () => ResolutionTake) take: ResolutionTake,
    @Arg('fields', () => ResolutionFieldsInput, { nullable: true }) fields?: ResolutionFieldsInput,
    @Arg('remote', () => String, { nullable: true, description: 'The remote the collision is with; default: the one the order is in collision or error with' })
    remote?: string,
  ) {
    return ctx.orders.get(orderId).then(() => ctx.sync.resolve(orderId, { take, fields: fields ? { ...fields } : undefined }, remote));
  }
}
