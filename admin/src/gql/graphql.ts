/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export const OrderStatus = {
  Pending: 'pending',
  Paid: 'paid',
  Shipped: 'shipped',
  Delivered: 'delivered',
  Cancelled: 'cancelled'
} as const;

export type OrderStatus = typeof OrderStatus[keyof typeof OrderStatus];
/** The seed sync states (ST_NEW = 1 ... ST_SYNC = 9) */
export const SyncState = {
  New: 'NEW',
  Upd: 'UPD',
  Ok: 'OK',
  Del: 'DEL',
  DelSynced: 'DEL_SYNCED',
  Collision: 'COLLISION',
  Error: 'ERROR',
  ErrorSynced: 'ERROR_SYNCED',
  Sync: 'SYNC'
} as const;

export type SyncState = typeof SyncState[keyof typeof SyncState];
export type OrderSort = {
  field: OrderSortField;
  order?: SortOrder;
};

export const OrderSortField = {
  Code: 'code',
  Status: 'status',
  CustomerName: 'customerName',
  Total: 'total',
  CreatedAt: 'createdAt',
  UpdatedAt: 'updatedAt'
} as const;

export type OrderSortField = typeof OrderSortField[keyof typeof OrderSortField];
export const SortOrder = {
  Asc: 'ASC',
  Desc: 'DESC'
} as const;

export type SortOrder = typeof SortOrder[keyof typeof SortOrder];
export type OrderFilter = {
  /** Code, customer name or email contains */
  q?: string | null | undefined;
  status?: Array<OrderStatus> | null | undefined;
  ids?: Array<string | number> | null | undefined;
  createdFrom?: string | null | undefined;
  createdTo?: string | null | undefined;
  /** Also list deleted orders */
  includeDeleted?: boolean | null | undefined;
  /** true: only deleted; false: only live */
  deleted?: boolean | null | undefined;
};

export const SyncRunState = {
  Running: 'running',
  Paused: 'paused',
  BackingOff: 'backing_off',
  PeerPaused: 'peer_paused',
  NotConfigured: 'not_configured'
} as const;

export type SyncRunState = typeof SyncRunState[keyof typeof SyncRunState];
/** A new order. `id` may be supplied (UUID) to make the create idempotent. */
export type OrderInput = {
  id?: string | number | null | undefined;
  status?: OrderStatus | null | undefined;
  customer: CustomerInput;
  shippingAddress: ShippingAddressInput;
  currency: string;
  lines: Array<OrderLineInput>;
  shippingCost?: number | null | undefined;
  note?: string | null | undefined;
};

export type CustomerInput = {
  name: string;
  email: string;
  phone?: string | null | undefined;
};

export type ShippingAddressInput = {
  fullName: string;
  line1: string;
  line2?: string | null | undefined;
  city: string;
  postalCode: string;
  countryCode: string;
};

export type OrderLineInput = {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
};

/** Fields to change; nested objects and lines are replaced whole. */
export type OrderPatchInput = {
  status?: OrderStatus | null | undefined;
  customer?: CustomerInput | null | undefined;
  shippingAddress?: ShippingAddressInput | null | undefined;
  currency?: string | null | undefined;
  lines?: Array<OrderLineInput> | null | undefined;
  shippingCost?: number | null | undefined;
  note?: string | null | undefined;
};

/** For MERGE: the side each field comes from (ours where not named) */
export type ResolutionFields = {
  status?: ResolutionSide | null | undefined;
  customer?: ResolutionSide | null | undefined;
  shippingAddress?: ResolutionSide | null | undefined;
  currency?: ResolutionSide | null | undefined;
  lines?: ResolutionSide | null | undefined;
  shippingCost?: ResolutionSide | null | undefined;
  note?: ResolutionSide | null | undefined;
  deleted?: ResolutionSide | null | undefined;
};

export const ResolutionSide = {
  Ours: 'OURS',
  Theirs: 'THEIRS'
} as const;

export type ResolutionSide = typeof ResolutionSide[keyof typeof ResolutionSide];
export const ResolutionTake = {
  Ours: 'OURS',
  Theirs: 'THEIRS',
  Merge: 'MERGE'
} as const;

export type ResolutionTake = typeof ResolutionTake[keyof typeof ResolutionTake];
export type OrderFieldsFragment = { id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> };

export type SyncedOrderFieldsFragment = { id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, sync: { remote: string, remoteLabel: string, state: SyncState, stateCode: number, ackedVersion: number, resolutionPending: boolean, reason: string | null, updatedAt: string, syncedAt: string | null }, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> };

export type SyncLogFieldsFragment = { id: string, at: string, remote: string | null, direction: string, orderId: string, messageState: SyncState | null, version: number | null, base: number | null, stateBefore: SyncState | null, stateAfter: SyncState | null, outcome: string, detail: string | null };

export type SyncStatusFieldsFragment = { name: string, kind: string, label: string, state: SyncRunState, remoteUrl: string | null, remoteTokenSet: boolean, lastPushAt: string | null, lastPullAt: string | null, lastError: string | null, outboxDepth: number, deadLetters: number, oldestPendingAt: string | null, sendRatePerSecond: number, etaSeconds: number | null, ordersByState: Array<{ state: SyncState, code: number, count: number }> };

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string, expiresAt: string, username: string } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type SyncedOrdersQueryVariables = Exact<{
  filter?: OrderFilter | null | undefined;
  syncStates?: Array<SyncState> | SyncState | null | undefined;
  sort?: OrderSort | null | undefined;
  page: number;
  perPage: number;
}>;


export type SyncedOrdersQuery = { syncedOrders: { total: number, items: Array<{ id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, sync: { remote: string, remoteLabel: string, state: SyncState, stateCode: number, ackedVersion: number, resolutionPending: boolean, reason: string | null, updatedAt: string, syncedAt: string | null }, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> }> } };

export type OrderQueryVariables = Exact<{
  id: string | number;
}>;


export type OrderQuery = { order: { id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, sync: { remote: string, remoteLabel: string, state: SyncState, stateCode: number, ackedVersion: number, resolutionPending: boolean, reason: string | null, updatedAt: string, syncedAt: string | null, merge: { at: string, version: number, mergedBy: string, from: Array<{ name: string, version: number }>, fields: Array<{ field: string, from: string }> } | null }, syncs: Array<{ remote: string, remoteLabel: string, remoteKey: string | null, state: SyncState, stateCode: number, ackedVersion: number, resolutionPending: boolean, reason: string | null, updatedAt: string, syncedAt: string | null }>, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> } };

export type OrderWithTheirsQueryVariables = Exact<{
  id: string | number;
}>;


export type OrderWithTheirsQuery = { order: { id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, sync: { theirsVersion: number | null, remote: string, remoteLabel: string, state: SyncState, stateCode: number, ackedVersion: number, resolutionPending: boolean, reason: string | null, updatedAt: string, syncedAt: string | null, theirs: { id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> } | null }, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> }, syncPeer: { name: string | null, url: string | null } };

export type OrdersBySyncStateQueryVariables = Exact<{
  states: Array<SyncState> | SyncState;
  page: number;
  perPage: number;
}>;


export type OrdersBySyncStateQuery = { ordersBySyncState: { total: number, items: Array<{ id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, sync: { remote: string, remoteLabel: string, state: SyncState, stateCode: number, ackedVersion: number, resolutionPending: boolean, reason: string | null, updatedAt: string, syncedAt: string | null }, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> }> } };

export type CreateOrderMutationVariables = Exact<{
  input: OrderInput;
}>;


export type CreateOrderMutation = { createOrder: { id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, sync: { remote: string, remoteLabel: string, state: SyncState, stateCode: number, ackedVersion: number, resolutionPending: boolean, reason: string | null, updatedAt: string, syncedAt: string | null }, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> } };

export type UpdateOrderMutationVariables = Exact<{
  id: string | number;
  input: OrderPatchInput;
  expectedVersion: number;
}>;


export type UpdateOrderMutation = { updateOrder: { id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, sync: { remote: string, remoteLabel: string, state: SyncState, stateCode: number, ackedVersion: number, resolutionPending: boolean, reason: string | null, updatedAt: string, syncedAt: string | null }, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> } };

export type DeleteOrderMutationVariables = Exact<{
  id: string | number;
  expectedVersion?: number | null | undefined;
}>;


export type DeleteOrderMutation = { deleteOrder: { id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, sync: { remote: string, remoteLabel: string, state: SyncState, stateCode: number, ackedVersion: number, resolutionPending: boolean, reason: string | null, updatedAt: string, syncedAt: string | null }, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> } };

export type SyncLogQueryVariables = Exact<{
  orderId?: string | number | null | undefined;
  direction?: string | null | undefined;
  outcome?: string | null | undefined;
  remote?: string | null | undefined;
  page: number;
  perPage: number;
}>;


export type SyncLogQuery = { syncLog: { total: number, items: Array<{ id: string, at: string, remote: string | null, direction: string, orderId: string, messageState: SyncState | null, version: number | null, base: number | null, stateBefore: SyncState | null, stateAfter: SyncState | null, outcome: string, detail: string | null }> } };

export type DeadLettersQueryVariables = Exact<{
  remote?: string | null | undefined;
  page: number;
  perPage: number;
}>;


export type DeadLettersQuery = { deadLetters: Array<{ remote: string, orderId: string, attempts: number, lastError: string | null, enqueuedAt: string }>, remotes: Array<{ name: string, deadLetters: number }> };

export type DashboardQueryVariables = Exact<{
  hours: number;
}>;


export type DashboardQuery = { orderCounts: { total: number, deleted: number, byStatus: Array<{ status: OrderStatus, count: number }> }, syncStatus: { name: string, kind: string, label: string, state: SyncRunState, remoteUrl: string | null, remoteTokenSet: boolean, lastPushAt: string | null, lastPullAt: string | null, lastError: string | null, outboxDepth: number, deadLetters: number, oldestPendingAt: string | null, sendRatePerSecond: number, etaSeconds: number | null, ordersByState: Array<{ state: SyncState, code: number, count: number }> }, syncLog: { total: number, items: Array<{ id: string, at: string, remote: string | null, direction: string, orderId: string, messageState: SyncState | null, version: number | null, base: number | null, stateBefore: SyncState | null, stateAfter: SyncState | null, outcome: string, detail: string | null }> }, orderActivity: Array<{ hour: string, created: number, changed: number }>, syncActivity: Array<{ hour: string, sent: number, received: number, failed: number, paused: number, collisions: number, lagAvgSeconds: number | null, lagMaxSeconds: number | null }> };

export type SyncStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type SyncStatusQuery = { syncStatus: { name: string, kind: string, label: string, state: SyncRunState, remoteUrl: string | null, remoteTokenSet: boolean, lastPushAt: string | null, lastPullAt: string | null, lastError: string | null, outboxDepth: number, deadLetters: number, oldestPendingAt: string | null, sendRatePerSecond: number, etaSeconds: number | null, ordersByState: Array<{ state: SyncState, code: number, count: number }> }, syncPeer: { name: string | null, url: string | null } };

export type PauseSyncMutationVariables = Exact<{
  remote?: string | null | undefined;
}>;


export type PauseSyncMutation = { pauseSync: { name: string, kind: string, label: string, state: SyncRunState, remoteUrl: string | null, remoteTokenSet: boolean, lastPushAt: string | null, lastPullAt: string | null, lastError: string | null, outboxDepth: number, deadLetters: number, oldestPendingAt: string | null, sendRatePerSecond: number, etaSeconds: number | null, ordersByState: Array<{ state: SyncState, code: number, count: number }> } };

export type ResumeSyncMutationVariables = Exact<{
  remote?: string | null | undefined;
}>;


export type ResumeSyncMutation = { resumeSync: { name: string, kind: string, label: string, state: SyncRunState, remoteUrl: string | null, remoteTokenSet: boolean, lastPushAt: string | null, lastPullAt: string | null, lastError: string | null, outboxDepth: number, deadLetters: number, oldestPendingAt: string | null, sendRatePerSecond: number, etaSeconds: number | null, ordersByState: Array<{ state: SyncState, code: number, count: number }> } };

export type RemotesQueryVariables = Exact<{ [key: string]: never; }>;


export type RemotesQuery = { remotes: Array<{ name: string, kind: string, label: string, state: SyncRunState, remoteUrl: string | null, remoteTokenSet: boolean, lastPushAt: string | null, lastPullAt: string | null, lastError: string | null, outboxDepth: number, deadLetters: number, oldestPendingAt: string | null, sendRatePerSecond: number, etaSeconds: number | null, ordersByState: Array<{ state: SyncState, code: number, count: number }> }> };

export type RemoteDefinitionQueryVariables = Exact<{
  name: string;
}>;


export type RemoteDefinitionQuery = { remoteDefinition: { name: string, kind: string, url: string | null, label: string | null, paused: boolean, source: string, credentialsSet: Array<string>, settings: Record<string, unknown> | null } };

export type AddRemoteMutationVariables = Exact<{
  definition: Record<string, unknown>;
}>;


export type AddRemoteMutation = { addRemote: { name: string, kind: string, label: string, state: SyncRunState, remoteUrl: string | null, remoteTokenSet: boolean, lastPushAt: string | null, lastPullAt: string | null, lastError: string | null, outboxDepth: number, deadLetters: number, oldestPendingAt: string | null, sendRatePerSecond: number, etaSeconds: number | null, ordersByState: Array<{ state: SyncState, code: number, count: number }> } };

export type UpdateRemoteMutationVariables = Exact<{
  name: string;
  definition: Record<string, unknown>;
}>;


export type UpdateRemoteMutation = { updateRemote: { name: string, kind: string, label: string, state: SyncRunState, remoteUrl: string | null, remoteTokenSet: boolean, lastPushAt: string | null, lastPullAt: string | null, lastError: string | null, outboxDepth: number, deadLetters: number, oldestPendingAt: string | null, sendRatePerSecond: number, etaSeconds: number | null, ordersByState: Array<{ state: SyncState, code: number, count: number }> } };

export type RemoveRemoteMutationVariables = Exact<{
  name: string;
}>;


export type RemoveRemoteMutation = { removeRemote: boolean };

export type UpdateSyncSettingsMutationVariables = Exact<{
  remoteUrl?: string | null | undefined;
  remoteToken?: string | null | undefined;
}>;


export type UpdateSyncSettingsMutation = { updateSyncSettings: { name: string, kind: string, label: string, state: SyncRunState, remoteUrl: string | null, remoteTokenSet: boolean, lastPushAt: string | null, lastPullAt: string | null, lastError: string | null, outboxDepth: number, deadLetters: number, oldestPendingAt: string | null, sendRatePerSecond: number, etaSeconds: number | null, ordersByState: Array<{ state: SyncState, code: number, count: number }> } };

export type RetryDeadLettersMutationVariables = Exact<{
  orderIds?: Array<string | number> | string | number | null | undefined;
  remote?: string | null | undefined;
}>;


export type RetryDeadLettersMutation = { retryDeadLetters: number };

export type DiscardDeadLettersMutationVariables = Exact<{
  orderIds?: Array<string | number> | string | number | null | undefined;
  remote?: string | null | undefined;
}>;


export type DiscardDeadLettersMutation = { discardDeadLetters: number };

export type ResolveCollisionMutationVariables = Exact<{
  orderId: string | number;
  take: ResolutionTake;
  fields?: ResolutionFields | null | undefined;
  remote?: string | null | undefined;
}>;


export type ResolveCollisionMutation = { resolveCollision: { id: string, code: string, status: OrderStatus, currency: string, shippingCost: number, subtotal: number, total: number, note: string | null, createdAt: string, updatedAt: string, version: number, deleted: boolean, sync: { remote: string, remoteLabel: string, state: SyncState, stateCode: number, ackedVersion: number, resolutionPending: boolean, reason: string | null, updatedAt: string, syncedAt: string | null }, customer: { name: string, email: string, phone: string | null }, shippingAddress: { fullName: string, line1: string, line2: string | null, city: string, postalCode: string, countryCode: string }, lines: Array<{ sku: string, name: string, quantity: number, unitPrice: number, lineTotal: number }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const OrderFieldsFragmentDoc = new TypedDocumentString(`
    fragment OrderFields on Order {
  id
  code
  status
  customer {
    name
    email
    phone
  }
  shippingAddress {
    fullName
    line1
    line2
    city
    postalCode
    countryCode
  }
  currency
  lines {
    sku
    name
    quantity
    unitPrice
    lineTotal
  }
  shippingCost
  subtotal
  total
  note
  createdAt
  updatedAt
  version
  deleted
}
    `, {"fragmentName":"OrderFields"}) as unknown as TypedDocumentString<OrderFieldsFragment, unknown>;
export const SyncedOrderFieldsFragmentDoc = new TypedDocumentString(`
    fragment SyncedOrderFields on Order {
  ...OrderFields
  sync {
    remote
    remoteLabel
    state
    stateCode
    ackedVersion
    resolutionPending
    reason
    updatedAt
    syncedAt
  }
}
    fragment OrderFields on Order {
  id
  code
  status
  customer {
    name
    email
    phone
  }
  shippingAddress {
    fullName
    line1
    line2
    city
    postalCode
    countryCode
  }
  currency
  lines {
    sku
    name
    quantity
    unitPrice
    lineTotal
  }
  shippingCost
  subtotal
  total
  note
  createdAt
  updatedAt
  version
  deleted
}`, {"fragmentName":"SyncedOrderFields"}) as unknown as TypedDocumentString<SyncedOrderFieldsFragment, unknown>;
export const SyncLogFieldsFragmentDoc = new TypedDocumentString(`
    fragment SyncLogFields on SyncLogEntry {
  id
  at
  remote
  direction
  orderId
  messageState
  version
  base
  stateBefore
  stateAfter
  outcome
  detail
}
    `, {"fragmentName":"SyncLogFields"}) as unknown as TypedDocumentString<SyncLogFieldsFragment, unknown>;
export const SyncStatusFieldsFragmentDoc = new TypedDocumentString(`
    fragment SyncStatusFields on SyncStatus {
  name
  kind
  label
  state
  remoteUrl
  remoteTokenSet
  lastPushAt
  lastPullAt
  lastError
  outboxDepth
  deadLetters
  oldestPendingAt
  sendRatePerSecond
  etaSeconds
  ordersByState {
    state
    code
    count
  }
}
    `, {"fragmentName":"SyncStatusFields"}) as unknown as TypedDocumentString<SyncStatusFieldsFragment, unknown>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    token
    expiresAt
    username
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const SyncedOrdersDocument = new TypedDocumentString(`
    query SyncedOrders($filter: OrderFilter, $syncStates: [SyncState!], $sort: OrderSort, $page: Int!, $perPage: Int!) {
  syncedOrders(
    filter: $filter
    syncStates: $syncStates
    sort: $sort
    page: $page
    perPage: $perPage
  ) {
    total
    items {
      ...SyncedOrderFields
    }
  }
}
    fragment OrderFields on Order {
  id
  code
  status
  customer {
    name
    email
    phone
  }
  shippingAddress {
    fullName
    line1
    line2
    city
    postalCode
    countryCode
  }
  currency
  lines {
    sku
    name
    quantity
    unitPrice
    lineTotal
  }
  shippingCost
  subtotal
  total
  note
  createdAt
  updatedAt
  version
  deleted
}
fragment SyncedOrderFields on Order {
  ...OrderFields
  sync {
    remote
    remoteLabel
    state
    stateCode
    ackedVersion
    resolutionPending
    reason
    updatedAt
    syncedAt
  }
}`) as unknown as TypedDocumentString<SyncedOrdersQuery, SyncedOrdersQueryVariables>;
export const OrderDocument = new TypedDocumentString(`
    query Order($id: ID!) {
  order(id: $id) {
    ...SyncedOrderFields
    sync {
      merge {
        at
        version
        mergedBy
        from {
          name
          version
        }
        fields {
          field
          from
        }
      }
    }
    syncs {
      remote
      remoteLabel
      remoteKey
      state
      stateCode
      ackedVersion
      resolutionPending
      reason
      updatedAt
      syncedAt
    }
  }
}
    fragment OrderFields on Order {
  id
  code
  status
  customer {
    name
    email
    phone
  }
  shippingAddress {
    fullName
    line1
    line2
    city
    postalCode
    countryCode
  }
  currency
  lines {
    sku
    name
    quantity
    unitPrice
    lineTotal
  }
  shippingCost
  subtotal
  total
  note
  createdAt
  updatedAt
  version
  deleted
}
fragment SyncedOrderFields on Order {
  ...OrderFields
  sync {
    remote
    remoteLabel
    state
    stateCode
    ackedVersion
    resolutionPending
    reason
    updatedAt
    syncedAt
  }
}`) as unknown as TypedDocumentString<OrderQuery, OrderQueryVariables>;
export const OrderWithTheirsDocument = new TypedDocumentString(`
    query OrderWithTheirs($id: ID!) {
  order(id: $id) {
    ...SyncedOrderFields
    sync {
      theirs {
        ...OrderFields
      }
      theirsVersion
    }
  }
  syncPeer {
    name
    url
  }
}
    fragment OrderFields on Order {
  id
  code
  status
  customer {
    name
    email
    phone
  }
  shippingAddress {
    fullName
    line1
    line2
    city
    postalCode
    countryCode
  }
  currency
  lines {
    sku
    name
    quantity
    unitPrice
    lineTotal
  }
  shippingCost
  subtotal
  total
  note
  createdAt
  updatedAt
  version
  deleted
}
fragment SyncedOrderFields on Order {
  ...OrderFields
  sync {
    remote
    remoteLabel
    state
    stateCode
    ackedVersion
    resolutionPending
    reason
    updatedAt
    syncedAt
  }
}`) as unknown as TypedDocumentString<OrderWithTheirsQuery, OrderWithTheirsQueryVariables>;
export const OrdersBySyncStateDocument = new TypedDocumentString(`
    query OrdersBySyncState($states: [SyncState!]!, $page: Int!, $perPage: Int!) {
  ordersBySyncState(states: $states, page: $page, perPage: $perPage) {
    total
    items {
      ...SyncedOrderFields
    }
  }
}
    fragment OrderFields on Order {
  id
  code
  status
  customer {
    name
    email
    phone
  }
  shippingAddress {
    fullName
    line1
    line2
    city
    postalCode
    countryCode
  }
  currency
  lines {
    sku
    name
    quantity
    unitPrice
    lineTotal
  }
  shippingCost
  subtotal
  total
  note
  createdAt
  updatedAt
  version
  deleted
}
fragment SyncedOrderFields on Order {
  ...OrderFields
  sync {
    remote
    remoteLabel
    state
    stateCode
    ackedVersion
    resolutionPending
    reason
    updatedAt
    syncedAt
  }
}`) as unknown as TypedDocumentString<OrdersBySyncStateQuery, OrdersBySyncStateQueryVariables>;
export const CreateOrderDocument = new TypedDocumentString(`
    mutation CreateOrder($input: OrderInput!) {
  createOrder(input: $input) {
    ...SyncedOrderFields
  }
}
    fragment OrderFields on Order {
  id
  code
  status
  customer {
    name
    email
    phone
  }
  shippingAddress {
    fullName
    line1
    line2
    city
    postalCode
    countryCode
  }
  currency
  lines {
    sku
    name
    quantity
    unitPrice
    lineTotal
  }
  shippingCost
  subtotal
  total
  note
  createdAt
  updatedAt
  version
  deleted
}
fragment SyncedOrderFields on Order {
  ...OrderFields
  sync {
    remote
    remoteLabel
    state
    stateCode
    ackedVersion
    resolutionPending
    reason
    updatedAt
    syncedAt
  }
}`) as unknown as TypedDocumentString<CreateOrderMutation, CreateOrderMutationVariables>;
export const UpdateOrderDocument = new TypedDocumentString(`
    mutation UpdateOrder($id: ID!, $input: OrderPatchInput!, $expectedVersion: Int!) {
  updateOrder(id: $id, input: $input, expectedVersion: $expectedVersion) {
    ...SyncedOrderFields
  }
}
    fragment OrderFields on Order {
  id
  code
  status
  customer {
    name
    email
    phone
  }
  shippingAddress {
    fullName
    line1
    line2
    city
    postalCode
    countryCode
  }
  currency
  lines {
    sku
    name
    quantity
    unitPrice
    lineTotal
  }
  shippingCost
  subtotal
  total
  note
  createdAt
  updatedAt
  version
  deleted
}
fragment SyncedOrderFields on Order {
  ...OrderFields
  sync {
    remote
    remoteLabel
    state
    stateCode
    ackedVersion
    resolutionPending
    reason
    updatedAt
    syncedAt
  }
}`) as unknown as TypedDocumentString<UpdateOrderMutation, UpdateOrderMutationVariables>;
export const DeleteOrderDocument = new TypedDocumentString(`
    mutation DeleteOrder($id: ID!, $expectedVersion: Int) {
  deleteOrder(id: $id, expectedVersion: $expectedVersion) {
    ...SyncedOrderFields
  }
}
    fragment OrderFields on Order {
  id
  code
  status
  customer {
    name
    email
    phone
  }
  shippingAddress {
    fullName
    line1
    line2
    city
    postalCode
    countryCode
  }
  currency
  lines {
    sku
    name
    quantity
    unitPrice
    lineTotal
  }
  shippingCost
  subtotal
  total
  note
  createdAt
  updatedAt
  version
  deleted
}
fragment SyncedOrderFields on Order {
  ...OrderFields
  sync {
    remote
    remoteLabel
    state
    stateCode
    ackedVersion
    resolutionPending
    reason
    updatedAt
    syncedAt
  }
}`) as unknown as TypedDocumentString<DeleteOrderMutation, DeleteOrderMutationVariables>;
export const SyncLogDocument = new TypedDocumentString(`
    query SyncLog($orderId: ID, $direction: String, $outcome: String, $remote: String, $page: Int!, $perPage: Int!) {
  syncLog(
    orderId: $orderId
    direction: $direction
    outcome: $outcome
    remote: $remote
    page: $page
    perPage: $perPage
  ) {
    total
    items {
      ...SyncLogFields
    }
  }
}
    fragment SyncLogFields on SyncLogEntry {
  id
  at
  remote
  direction
  orderId
  messageState
  version
  base
  stateBefore
  stateAfter
  outcome
  detail
}`) as unknown as TypedDocumentString<SyncLogQuery, SyncLogQueryVariables>;
export const DeadLettersDocument = new TypedDocumentString(`
    query DeadLetters($remote: String, $page: Int!, $perPage: Int!) {
  deadLetters(remote: $remote, page: $page, perPage: $perPage) {
    remote
    orderId
    attempts
    lastError
    enqueuedAt
  }
  remotes {
    name
    deadLetters
  }
}
    `) as unknown as TypedDocumentString<DeadLettersQuery, DeadLettersQueryVariables>;
export const DashboardDocument = new TypedDocumentString(`
    query Dashboard($hours: Int!) {
  orderCounts {
    total
    deleted
    byStatus {
      status
      count
    }
  }
  syncStatus {
    ...SyncStatusFields
  }
  syncLog(page: 1, perPage: 10) {
    total
    items {
      ...SyncLogFields
    }
  }
  orderActivity(hours: $hours) {
    hour
    created
    changed
  }
  syncActivity(hours: $hours) {
    hour
    sent
    received
    failed
    paused
    collisions
    lagAvgSeconds
    lagMaxSeconds
  }
}
    fragment SyncLogFields on SyncLogEntry {
  id
  at
  remote
  direction
  orderId
  messageState
  version
  base
  stateBefore
  stateAfter
  outcome
  detail
}
fragment SyncStatusFields on SyncStatus {
  name
  kind
  label
  state
  remoteUrl
  remoteTokenSet
  lastPushAt
  lastPullAt
  lastError
  outboxDepth
  deadLetters
  oldestPendingAt
  sendRatePerSecond
  etaSeconds
  ordersByState {
    state
    code
    count
  }
}`) as unknown as TypedDocumentString<DashboardQuery, DashboardQueryVariables>;
export const SyncStatusDocument = new TypedDocumentString(`
    query SyncStatus {
  syncStatus {
    ...SyncStatusFields
  }
  syncPeer {
    name
    url
  }
}
    fragment SyncStatusFields on SyncStatus {
  name
  kind
  label
  state
  remoteUrl
  remoteTokenSet
  lastPushAt
  lastPullAt
  lastError
  outboxDepth
  deadLetters
  oldestPendingAt
  sendRatePerSecond
  etaSeconds
  ordersByState {
    state
    code
    count
  }
}`) as unknown as TypedDocumentString<SyncStatusQuery, SyncStatusQueryVariables>;
export const PauseSyncDocument = new TypedDocumentString(`
    mutation PauseSync($remote: String) {
  pauseSync(remote: $remote) {
    ...SyncStatusFields
  }
}
    fragment SyncStatusFields on SyncStatus {
  name
  kind
  label
  state
  remoteUrl
  remoteTokenSet
  lastPushAt
  lastPullAt
  lastError
  outboxDepth
  deadLetters
  oldestPendingAt
  sendRatePerSecond
  etaSeconds
  ordersByState {
    state
    code
    count
  }
}`) as unknown as TypedDocumentString<PauseSyncMutation, PauseSyncMutationVariables>;
export const ResumeSyncDocument = new TypedDocumentString(`
    mutation ResumeSync($remote: String) {
  resumeSync(remote: $remote) {
    ...SyncStatusFields
  }
}
    fragment SyncStatusFields on SyncStatus {
  name
  kind
  label
  state
  remoteUrl
  remoteTokenSet
  lastPushAt
  lastPullAt
  lastError
  outboxDepth
  deadLetters
  oldestPendingAt
  sendRatePerSecond
  etaSeconds
  ordersByState {
    state
    code
    count
  }
}`) as unknown as TypedDocumentString<ResumeSyncMutation, ResumeSyncMutationVariables>;
export const RemotesDocument = new TypedDocumentString(`
    query Remotes {
  remotes {
    ...SyncStatusFields
  }
}
    fragment SyncStatusFields on SyncStatus {
  name
  kind
  label
  state
  remoteUrl
  remoteTokenSet
  lastPushAt
  lastPullAt
  lastError
  outboxDepth
  deadLetters
  oldestPendingAt
  sendRatePerSecond
  etaSeconds
  ordersByState {
    state
    code
    count
  }
}`) as unknown as TypedDocumentString<RemotesQuery, RemotesQueryVariables>;
export const RemoteDefinitionDocument = new TypedDocumentString(`
    query RemoteDefinition($name: String!) {
  remoteDefinition(name: $name) {
    name
    kind
    url
    label
    paused
    source
    credentialsSet
    settings
  }
}
    `) as unknown as TypedDocumentString<RemoteDefinitionQuery, RemoteDefinitionQueryVariables>;
export const AddRemoteDocument = new TypedDocumentString(`
    mutation AddRemote($definition: JSONObject!) {
  addRemote(definition: $definition) {
    ...SyncStatusFields
  }
}
    fragment SyncStatusFields on SyncStatus {
  name
  kind
  label
  state
  remoteUrl
  remoteTokenSet
  lastPushAt
  lastPullAt
  lastError
  outboxDepth
  deadLetters
  oldestPendingAt
  sendRatePerSecond
  etaSeconds
  ordersByState {
    state
    code
    count
  }
}`) as unknown as TypedDocumentString<AddRemoteMutation, AddRemoteMutationVariables>;
export const UpdateRemoteDocument = new TypedDocumentString(`
    mutation UpdateRemote($name: String!, $definition: JSONObject!) {
  updateRemote(name: $name, definition: $definition) {
    ...SyncStatusFields
  }
}
    fragment SyncStatusFields on SyncStatus {
  name
  kind
  label
  state
  remoteUrl
  remoteTokenSet
  lastPushAt
  lastPullAt
  lastError
  outboxDepth
  deadLetters
  oldestPendingAt
  sendRatePerSecond
  etaSeconds
  ordersByState {
    state
    code
    count
  }
}`) as unknown as TypedDocumentString<UpdateRemoteMutation, UpdateRemoteMutationVariables>;
export const RemoveRemoteDocument = new TypedDocumentString(`
    mutation RemoveRemote($name: String!) {
  removeRemote(name: $name)
}
    `) as unknown as TypedDocumentString<RemoveRemoteMutation, RemoveRemoteMutationVariables>;
export const UpdateSyncSettingsDocument = new TypedDocumentString(`
    mutation UpdateSyncSettings($remoteUrl: String, $remoteToken: String) {
  updateSyncSettings(remoteUrl: $remoteUrl, remoteToken: $remoteToken) {
    ...SyncStatusFields
  }
}
    fragment SyncStatusFields on SyncStatus {
  name
  kind
  label
  state
  remoteUrl
  remoteTokenSet
  lastPushAt
  lastPullAt
  lastError
  outboxDepth
  deadLetters
  oldestPendingAt
  sendRatePerSecond
  etaSeconds
  ordersByState {
    state
    code
    count
  }
}`) as unknown as TypedDocumentString<UpdateSyncSettingsMutation, UpdateSyncSettingsMutationVariables>;
export const RetryDeadLettersDocument = new TypedDocumentString(`
    mutation RetryDeadLetters($orderIds: [ID!], $remote: String) {
  retryDeadLetters(orderIds: $orderIds, remote: $remote)
}
    `) as unknown as TypedDocumentString<RetryDeadLettersMutation, RetryDeadLettersMutationVariables>;
export const DiscardDeadLettersDocument = new TypedDocumentString(`
    mutation DiscardDeadLetters($orderIds: [ID!], $remote: String) {
  discardDeadLetters(orderIds: $orderIds, remote: $remote)
}
    `) as unknown as TypedDocumentString<DiscardDeadLettersMutation, DiscardDeadLettersMutationVariables>;
export const ResolveCollisionDocument = new TypedDocumentString(`
    mutation ResolveCollision($orderId: ID!, $take: ResolutionTake!, $fields: ResolutionFields, $remote: String) {
  resolveCollision(
    orderId: $orderId
    take: $take
    fields: $fields
    remote: $remote
  ) {
    ...SyncedOrderFields
  }
}
    fragment OrderFields on Order {
  id
  code
  status
  customer {
    name
    email
    phone
  }
  shippingAddress {
    fullName
    line1
    line2
    city
    postalCode
    countryCode
  }
  currency
  lines {
    sku
    name
    quantity
    unitPrice
    lineTotal
  }
  shippingCost
  subtotal
  total
  note
  createdAt
  updatedAt
  version
  deleted
}
fragment SyncedOrderFields on Order {
  ...OrderFields
  sync {
    remote
    remoteLabel
    state
    stateCode
    ackedVersion
    resolutionPending
    reason
    updatedAt
    syncedAt
  }
}`) as unknown as TypedDocumentString<ResolveCollisionMutation, ResolveCollisionMutationVariables>;