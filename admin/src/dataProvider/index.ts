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
import {
  OrderSortField,
  SortOrder,
  type DashboardQuery,
  type DeadLettersQuery,
  type OrderFilter,
  type RemoteDefinitionQuery,
  type SyncStatusQuery,
} from '../gql/graphql';
import { gql } from './client';
import * as Q from './documents';
import {
  NEEDS_RESOLUTION,
  type MergeField,
  type OrderContent,
  type OrderLineInput,
  type ResolutionSide,
  type ResolutionTake,
  type SyncedOrder,
  type SyncStateName,
  type SyncStatus,
} from './model';

/** A dead letter as a react-admin record (its `id` is the remote's name and the order's). */
export type DeadLetter = DeadLettersQuery['deadLetters'][number] & { id: string };

export type RemoteDefinition = RemoteDefinitionQuery['remoteDefinition'];

/** How many hours the dashboard charts. */
export const DASHBOARD_HOURS = 24;

/**
 * The admin's data provider, on graphql-request with the typed documents generated from the schema.
 *
 * Resources: `orders` (syncedOrders / order / createOrder / updateOrder / deleteOrder),
 * `collisions` (ordersBySyncState in COLLISION, ERROR, ERROR_SYNCED), `syncLog`, `deadLetters`;
 * plus a few custom methods for the dashboard and the sync page.
 */
export interface OrdersDataProvider extends DataProvider {
  dashboard(): Promise<DashboardQuery>;
  /** The sync's status and the peer it talks to. */
  syncStatus(): Promise<SyncStatusQuery>;
  /** The sync with every remote. */
  remotes(): Promise<SyncStatus[]>;
  /** A remote's definition (credentials redacted: only which ones are set). */
  remoteDefinition(name: string): Promise<RemoteDefinition>;
  addRemote(definition: Record<string, unknown>): Promise<SyncStatus>;
  updateRemote(name: string, definition: Record<string, unknown>): Promise<SyncStatus>;
  removeRemote(name: string): Promise<boolean>;
  pauseSync(remote?: string): Promise<SyncStatus>;
  resumeSync(remote?: string): Promise<SyncStatus>;
  updateSyncSettings(settings: { remoteUrl?: string | null; remoteToken?: string | null }): Promise<SyncStatus>;
  retryDeadLetters(orderIds?: string[], remote?: string): Promise<number>;
  discardDeadLetters(orderIds?: string[], remote?: string): Promise<number>;
  resolveCollision(params: {
    orderId: string;
    take: ResolutionTake;
    fields?: Partial<Record<MergeField, ResolutionSide>>;
    /** The remote the collision is with (default: the one the order needs attention with). */
    remote?: string | null;
  }): Promise<SyncedOrder>;
}

const asArray = <T,>(value: T | T[] | null | undefined): T[] | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.length ? list : undefined;
};

/** react-admin's sort field (a column source) to the server's OrderSortField. */
function orderSort(sort: GetListParams['sort']): { field: OrderSortField; order: SortOrder } | undefined {
  if (!sort?.field) return undefined;
  const aliases: Record<string, OrderSortField> = { 'customer.name': OrderSortField.CustomerName, customer: OrderSortField.CustomerName };
  const field = aliases[sort.field] ?? sort.field;
  if (!(Object.values(OrderSortField) as string[]).includes(field)) return undefined;
  return { field: field as OrderSortField, order: sort.order === 'ASC' ? SortOrder.Asc : SortOrder.Desc };
}

/** The list filter of react-admin (q, status, syncStates, deleted, ids) as the server's OrderFilter. */
function orderFilter(filter: Record<string, unknown> = {}): OrderFilter {
  const out: OrderFilter = {};
  if (typeof filter.q === 'string' && filter.q.trim()) out.q = filter.q.trim();
  const status = asArray(filter.status as OrderFilter['status'] | NonNullable<OrderFilter['status']>[number] | undefined);
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
      (line): OrderLineInput => ({ sku: text(line?.sku), name: text(line?.name), quantity: Number(line?.quantity), unitPrice: Number(line?.unitPrice) }),
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
      const { syncedOrders } = await gql(Q.SYNCED_ORDERS, {
        filter: orderFilter(filter),
        syncStates: asArray(filter.syncStates as SyncStateName | SyncStateName[] | undefined) ?? null,
        sort: orderSort(params.sort) ?? null,
        page,
        perPage,
      });
      return { data: syncedOrders.items, total: syncedOrders.total };
    }
    case 'collisions': {
      const states = asArray(filter.states as SyncStateName | SyncStateName[] | undefined) ?? NEEDS_RESOLUTION;
      const { ordersBySyncState } = await gql(Q.ORDERS_BY_SYNC_STATE, { states: [...states], page, perPage });
      return { data: ordersBySyncState.items, total: ordersBySyncState.total };
    }
    case 'syncLog': {
      const { syncLog } = await gql(Q.SYNC_LOG, {
        orderId: emptyToNull(filter.orderId),
        direction: emptyToNull(filter.direction),
        outcome: emptyToNull(filter.outcome),
        remote: emptyToNull(filter.remote),
        page,
        perPage,
      });
      return { data: syncLog.items, total: syncLog.total };
    }
    case 'deadLetters': {
      const remote = emptyToNull(filter.remote);
      const result = await gql(Q.DEAD_LETTERS, { remote, page, perPage });
      const data: DeadLetter[] = result.deadLetters.map((d) => ({ ...d, id: `${d.remote}/${d.orderId}` }));
      const seen = (page - 1) * perPage + data.length;
      const counted = result.remotes.filter((r) => !remote || r.name === remote).reduce((sum, r) => sum + r.deadLetters, 0);
      return { data, total: Math.max(counted, seen) };
    }
    default:
      return unsupported('getList', resource);
  }
}

async function getOne(resource: string, params: GetOneParams) {
  switch (resource) {
    case 'orders': {
      const { order } = await gql(Q.ORDER, { id: String(params.id) });
      return { data: order };
    }
    case 'collisions': {
      const { order, syncPeer } = await gql(Q.ORDER_WITH_THEIRS, { id: String(params.id) });
      return { data: { ...order, peer: syncPeer } };
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
      const { syncedOrders } = await gql(Q.SYNCED_ORDERS, {
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
  const { createOrder } = await gql(Q.CREATE_ORDER, { input: toOrderInput(params.data as Partial<OrderContent>) as OrderContent });
  return { data: createOrder };
}

async function update(resource: string, params: UpdateParams) {
  if (resource !== 'orders') return unsupported('update', resource);
  const expectedVersion = (params.previousData as Partial<SyncedOrder> | undefined)?.version ?? (params.data as Partial<SyncedOrder>).version;
  if (typeof expectedVersion !== 'number') throw new Error('Cannot update an order without knowing its version: reload it');
  const { updateOrder } = await gql(Q.UPDATE_ORDER, {
    id: String(params.id),
    input: toOrderInput(params.data as Partial<OrderContent>),
    expectedVersion,
  });
  return { data: updateOrder };
}

async function deleteOne(resource: string, params: DeleteParams) {
  if (resource !== 'orders') return unsupported('delete', resource);
  const expectedVersion = (params.previousData as Partial<SyncedOrder> | undefined)?.version ?? null;
  const { deleteOrder } = await gql(Q.DELETE_ORDER, { id: String(params.id), expectedVersion });
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

  dashboard: () => gql(Q.DASHBOARD, { hours: DASHBOARD_HOURS }),
  syncStatus: () => gql(Q.SYNC_STATUS),
  remotes: () => gql(Q.REMOTES).then((r) => r.remotes),
  remoteDefinition: (name) => gql(Q.REMOTE_DEFINITION, { name }).then((r) => r.remoteDefinition),
  addRemote: (definition) => gql(Q.ADD_REMOTE, { definition }).then((r) => r.addRemote),
  updateRemote: (name, definition) => gql(Q.UPDATE_REMOTE, { name, definition }).then((r) => r.updateRemote),
  removeRemote: (name) => gql(Q.REMOVE_REMOTE, { name }).then((r) => r.removeRemote),
  pauseSync: (remote) => gql(Q.PAUSE_SYNC, { remote: remote ?? null }).then((r) => r.pauseSync),
  resumeSync: (remote) => gql(Q.RESUME_SYNC, { remote: remote ?? null }).then((r) => r.resumeSync),
  updateSyncSettings: (settings) => gql(Q.UPDATE_SYNC_SETTINGS, settings).then((r) => r.updateSyncSettings),
  retryDeadLetters: (orderIds, remote) =>
    gql(Q.RETRY_DEAD_LETTERS, { orderIds: orderIds ?? null, remote: remote ?? null }).then((r) => r.retryDeadLetters),
  discardDeadLetters: (orderIds, remote) =>
    gql(Q.DISCARD_DEAD_LETTERS, { orderIds: orderIds ?? null, remote: remote ?? null }).then((r) => r.discardDeadLetters),
  resolveCollision: ({ orderId, take, fields, remote }) =>
    gql(Q.RESOLVE_COLLISION, { orderId, take, fields: take === 'MERGE' ? (fields ?? {}) : null, remote: remote ?? null }).then((r) => r.resolveCollision),
};

/**
 * react-admin's useDataProvider answers a call refused with 401 by logging out and resolving with
 * an empty list ({ data: [], total: 0 }) instead of the method's own result. The custom methods'
 * callers check the shape with this, so that such an answer is an error, never a page that reads
 * fields that are not there.
 */
export function expectResult<T extends object>(value: unknown, key: keyof T): T {
  if (value && typeof value === 'object' && key in value) return value as T;
  throw new Error('Your session has ended: log in again');
}
