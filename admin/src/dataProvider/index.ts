import type {
  CreateParams,
  CreateResult,
  DataProvider,
  DeleteManyParams,
  DeleteParams,
  DeleteResult,
  GetListParams,
  GetListResult,
  GetManyParams,
  GetManyReferenceParams,
  GetManyReferenceResult,
  GetManyResult,
  GetOneParams,
  GetOneResult,
  UpdateParams,
  UpdateResult,
} from 'react-admin';
import { gql } from './client';
import * as Q from './queries';
import {
  NEEDS_RESOLUTION,
  ORDER_SORT_FIELDS,
  type DashboardData,
  type DeadLetter,
  type MergeField,
  type OrderContent,
  type OrderLine,
  type OrderSortField,
  type ResolutionSide,
  type ResolutionTake,
  type SyncedOrder,
  type SyncLogEntry,
  type SyncStateName,
  type SyncStatus,
} from './types';

/**
 * The admin's data provider, written by hand on graphql-request.
 *
 * Resources: `orders` (syncedOrders / order / createOrder / updateOrder / deleteOrder),
 * `collisions` (ordersBySyncState in COLLISION, ERROR, ERROR_SYNCED), `syncLog`, `deadLetters`;
 * plus a few custom methods for the dashboard and the sync page.
 */
export interface OrdersDataProvider extends DataProvider {
  dashboard(): Promise<DashboardData>;
  syncStatus(): Promise<SyncStatus>;
  pauseSync(): Promise<SyncStatus>;
  resumeSync(): Promise<SyncStatus>;
  updateSyncSettings(settings: { remoteUrl?: string | null; remoteToken?: string | null }): Promise<SyncStatus>;
  retryDeadLetters(orderIds?: string[]): Promise<number>;
  discardDeadLetters(orderIds?: string[]): Promise<number>;
  resolveCollision(params: {
    orderId: string;
    take: ResolutionTake;
    fields?: Partial<Record<MergeField, ResolutionSide>>;
  }): Promise<SyncedOrder>;
}

interface Page<T> {
  items: T[];
  total: number;
}

const asArray = <T,>(value: T | T[] | null | undefined): T[] | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.length ? list : undefined;
};

/** react-admin's sort field (a column source) to the server's OrderSortField. */
function orderSort(sort: GetListParams['sort']): { field: OrderSortField; order: 'ASC' | 'DESC' } | undefined {
  if (!sort?.field) return undefined;
  const aliases: Record<string, OrderSortField> = { 'customer.name': 'customerName', customer: 'customerName' };
  const field = aliases[sort.field] ?? sort.field;
  if (!(ORDER_SORT_FIELDS as readonly string[]).includes(field)) return undefined;
  return { field: field as OrderSortField, order: sort.order === 'ASC' ? 'ASC' : 'DESC' };
}

/** The list filter of react-admin (q, status, syncStates, deleted, ids) as the server's OrderFilter. */
function orderFilter(filter: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof filter.q === 'string' && filter.q.trim()) out.q = filter.q.trim();
  const status = asArray(filter.status as string | string[] | undefined);
  if (status) out.status = status;
  const ids = asArray(filter.ids as string | string[] | undefined);
  if (ids) out.ids = ids;
  if (filter.deleted === true) out.deleted = true;
  if (filter.includeDeleted === true) out.includeDeleted = true;
  if (typeof filter.createdFrom === 'string' && filter.createdFrom) out.createdFrom = new Date(filter.createdFrom).toISOString();
  if (typeof filter.createdTo === 'string' && filter.createdTo) out.createdTo = new Date(filter.createdTo).toISOString();
  return out;
}

/** A form or filter value as trimmed text: a text field's string, a number field's number; else empty. */
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');
const emptyToNull = (value: unknown): string | null => text(value) || null;

/**
 * Exactly the input fields the API accepts (GraphQL refuses unknown ones): the record's computed
 * and server-set fields (code, totals, lineTotal, sync, ...) are left out. Money is already in
 * minor units here (the form converts).
 */
export function toOrderInput(data: Partial<OrderContent>): Partial<OrderContent> {
  const input: Partial<OrderContent> = {};
  if (data.status !== undefined) input.status = data.status;
  if (data.customer) {
    input.customer = { name: text(data.customer.name), email: text(data.customer.email), phone: emptyToNull(data.customer.phone) };
  }
  if (data.shippingAddress) {
    const a = data.shippingAddress;
    input.shippingAddress = {
      fullName: text(a.fullName),
      line1: text(a.line1),
      line2: emptyToNull(a.line2),
      city: text(a.city),
      postalCode: text(a.postalCode),
      countryCode: text(a.countryCode).toUpperCase(),
    };
  }
  if (data.currency !== undefined) input.currency = text(data.currency).toUpperCase();
  if (data.lines) {
    input.lines = data.lines.map(
      (line): OrderLine => ({ sku: text(line?.sku), name: text(line?.name), quantity: Number(line?.quantity), unitPrice: Number(line?.unitPrice) }),
    );
  }
  if (data.shippingCost !== undefined && data.shippingCost !== null) input.shippingCost = Number(data.shippingCost);
  if (data.note !== undefined) input.note = emptyToNull(data.note);
  return input;
}

const unsupported = (method: string, resource: string): never => {
  throw new Error(`${method} is not supported for ${resource}`);
};

async function getList(resource: string, params: GetListParams) {
  const page = params.pagination?.page ?? 1;
  const perPage = params.pagination?.perPage ?? 25;
  const filter = (params.filter ?? {}) as Record<string, unknown>;
  switch (resource) {
    case 'orders': {
      const { syncedOrders } = await gql<{ syncedOrders: Page<SyncedOrder> }>(Q.SYNCED_ORDERS, {
        filter: orderFilter(filter),
        syncStates: asArray(filter.syncStates as string | string[] | undefined) ?? null,
        sort: orderSort(params.sort) ?? null,
        page,
        perPage,
      });
      return { data: syncedOrders.items, total: syncedOrders.total };
    }
    case 'collisions': {
      const states = asArray(filter.states as SyncStateName | SyncStateName[] | undefined) ?? NEEDS_RESOLUTION;
      const { ordersBySyncState } = await gql<{ ordersBySyncState: Page<SyncedOrder> }>(Q.ORDERS_BY_SYNC_STATE, { states, page, perPage });
      return { data: ordersBySyncState.items, total: ordersBySyncState.total };
    }
    case 'syncLog': {
      const { syncLog } = await gql<{ syncLog: Page<SyncLogEntry> }>(Q.SYNC_LOG, {
        orderId: emptyToNull(filter.orderId),
        direction: emptyToNull(filter.direction),
        outcome: emptyToNull(filter.outcome),
        page,
        perPage,
      });
      return { data: syncLog.items, total: syncLog.total };
    }
    case 'deadLetters': {
      const result = await gql<{ deadLetters: Omit<DeadLetter, 'id'>[]; syncStatus: { deadLetters: number } }>(Q.DEAD_LETTERS, { page, perPage });
      const data: DeadLetter[] = result.deadLetters.map((d) => ({ ...d, id: d.orderId }));
      const seen = (page - 1) * perPage + data.length;
      return { data, total: Math.max(result.syncStatus.deadLetters, seen) };
    }
    default:
      return unsupported('getList', resource);
  }
}

async function getOne(resource: string, params: GetOneParams) {
  switch (resource) {
    case 'orders': {
      const { order } = await gql<{ order: SyncedOrder }>(Q.ORDER, { id: String(params.id) });
      return { data: order };
    }
    case 'collisions': {
      const { order } = await gql<{ order: SyncedOrder }>(Q.ORDER_WITH_THEIRS, { id: String(params.id) });
      return { data: order };
    }
    default:
      return unsupported('getOne', resource);
  }
}

async function getMany(resource: string, params: GetManyParams) {
  switch (resource) {
    case 'orders':
    case 'collisions': {
      const ids = [...new Set(params.ids.map(String))];
      if (!ids.length) return { data: [] };
      const { syncedOrders } = await gql<{ syncedOrders: Page<SyncedOrder> }>(Q.SYNCED_ORDERS, {
        filter: { ids, includeDeleted: true },
        page: 1,
        perPage: Math.min(ids.length, 500),
      });
      return { data: syncedOrders.items };
    }
    default:
      return unsupported('getMany', resource);
  }
}

async function getManyReference(resource: string, params: GetManyReferenceParams) {
  if (resource === 'syncLog' && params.target === 'orderId') {
    return getList('syncLog', { ...params, filter: { ...(params.filter as Record<string, unknown>), orderId: params.id } });
  }
  return unsupported('getManyReference', resource);
}

async function create(resource: string, params: CreateParams) {
  if (resource !== 'orders') return unsupported('create', resource);
  const { createOrder } = await gql<{ createOrder: SyncedOrder }>(Q.CREATE_ORDER, { input: toOrderInput(params.data as Partial<OrderContent>) });
  return { data: createOrder };
}

async function update(resource: string, params: UpdateParams) {
  if (resource !== 'orders') return unsupported('update', resource);
  const expectedVersion = (params.previousData as Partial<SyncedOrder> | undefined)?.version ?? (params.data as Partial<SyncedOrder>).version;
  if (typeof expectedVersion !== 'number') throw new Error('Cannot update an order without knowing its version: reload it');
  const { updateOrder } = await gql<{ updateOrder: SyncedOrder }>(Q.UPDATE_ORDER, {
    id: String(params.id),
    input: toOrderInput(params.data as Partial<OrderContent>),
    expectedVersion,
  });
  return { data: updateOrder };
}

async function deleteOne(resource: string, params: DeleteParams) {
  if (resource !== 'orders') return unsupported('delete', resource);
  const expectedVersion = (params.previousData as Partial<SyncedOrder> | undefined)?.version ?? null;
  const { deleteOrder } = await gql<{ deleteOrder: SyncedOrder }>(Q.DELETE_ORDER, { id: String(params.id), expectedVersion });
  return { data: deleteOrder };
}

async function deleteMany(resource: string, params: DeleteManyParams) {
  if (resource !== 'orders') return unsupported('deleteMany', resource);
  const done: string[] = [];
  for (const id of params.ids) {
    await gql(Q.DELETE_ORDER, { id: String(id), expectedVersion: null });
    done.push(String(id));
  }
  return { data: done };
}

// react-admin's methods are generic in the record type the caller expects; its result types (whose
// record type defaults to any) bridge the concrete results of the functions above.
export const dataProvider: OrdersDataProvider = {
  getList: (resource, params) => getList(resource, params) as Promise<GetListResult>,
  getOne: (resource, params) => getOne(resource, params) as Promise<GetOneResult>,
  getMany: (resource, params) => getMany(resource, params) as Promise<GetManyResult>,
  getManyReference: (resource, params) => getManyReference(resource, params) as Promise<GetManyReferenceResult>,
  create: (resource, params) => create(resource, params) as Promise<CreateResult>,
  update: (resource, params) => update(resource, params) as Promise<UpdateResult>,
  updateMany: (resource) => Promise.reject(new Error(`updateMany is not supported for ${resource}`)),
  delete: (resource, params) => deleteOne(resource, params) as Promise<DeleteResult>,
  deleteMany: (resource, params) => deleteMany(resource, params),

  dashboard: () => gql<DashboardData>(Q.DASHBOARD),
  syncStatus: () => gql<{ syncStatus: SyncStatus }>(Q.SYNC_STATUS).then((r) => r.syncStatus),
  pauseSync: () => gql<{ pauseSync: SyncStatus }>(Q.PAUSE_SYNC).then((r) => r.pauseSync),
  resumeSync: () => gql<{ resumeSync: SyncStatus }>(Q.RESUME_SYNC).then((r) => r.resumeSync),
  updateSyncSettings: (settings) =>
    gql<{ updateSyncSettings: SyncStatus }>(Q.UPDATE_SYNC_SETTINGS, settings).then((r) => r.updateSyncSettings),
  retryDeadLetters: (orderIds) =>
    gql<{ retryDeadLetters: number }>(Q.RETRY_DEAD_LETTERS, { orderIds: orderIds ?? null }).then((r) => r.retryDeadLetters),
  discardDeadLetters: (orderIds) =>
    gql<{ discardDeadLetters: number }>(Q.DISCARD_DEAD_LETTERS, { orderIds: orderIds ?? null }).then((r) => r.discardDeadLetters),
  resolveCollision: ({ orderId, take, fields }) =>
    gql<{ resolveCollision: SyncedOrder }>(Q.RESOLVE_COLLISION, { orderId, take, fields: take === 'MERGE' ? (fields ?? {}) : null }).then(
      (r) => r.resolveCollision,
    ),
};
