// The shapes the admin reads from and writes to the GraphQL API (server/src/**/*.graphql-types.ts).

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The seed sync states an order can be in (SYNC, code 9, is never stored). */
export const SYNC_STATES = ['OK', 'NEW', 'UPD', 'DEL', 'DEL_SYNCED', 'COLLISION', 'ERROR', 'ERROR_SYNCED'] as const;
export type SyncStateName = (typeof SYNC_STATES)[number] | 'SYNC';

/** The states an admin has to resolve. */
export const NEEDS_RESOLUTION: readonly SyncStateName[] = ['COLLISION', 'ERROR', 'ERROR_SYNCED'];

export type SyncRunState = 'running' | 'paused' | 'backing_off' | 'not_configured';

export interface Customer {
  name: string;
  email: string;
  phone: string | null;
}

export interface ShippingAddress {
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  countryCode: string;
}

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  /** Minor units of the order's currency. */
  unitPrice: number;
  lineTotal?: number;
}

/** An order's content, as the server keeps it (money in minor units). */
export interface OrderContent {
  status: OrderStatus;
  customer: Customer;
  shippingAddress: ShippingAddress;
  currency: string;
  lines: OrderLine[];
  shippingCost: number;
  note: string | null;
}

export interface Order extends OrderContent {
  id: string;
  code: string;
  subtotal: number;
  total: number;
  createdAt: string;
  updatedAt: string;
  version: number;
  deleted: boolean;
}

export interface OrderSync {
  state: SyncStateName;
  stateCode: number;
  ackedVersion: number;
  resolutionPending: boolean;
  reason: string | null;
  updatedAt: string;
  syncedAt: string | null;
  theirs?: Order | null;
  theirsVersion?: number | null;
}

export interface SyncedOrder extends Order {
  sync: OrderSync;
}

export interface StatusCount {
  status: OrderStatus;
  count: number;
}

export interface OrderCounts {
  total: number;
  deleted: number;
  byStatus: StatusCount[];
}

export interface SyncStateCount {
  state: SyncStateName;
  code: number;
  count: number;
}

export interface SyncStatus {
  state: SyncRunState;
  remoteUrl: string | null;
  remoteTokenSet: boolean;
  lastPushAt: string | null;
  lastPullAt: string | null;
  lastError: string | null;
  outboxDepth: number;
  deadLetters: number;
  oldestPendingAt: string | null;
  ordersByState: SyncStateCount[];
}

export type SyncDirection = 'in' | 'out' | 'local';

export interface SyncLogEntry {
  id: string;
  at: string;
  direction: SyncDirection;
  orderId: string;
  messageState: SyncStateName | null;
  version: number | null;
  base: number | null;
  stateBefore: SyncStateName | null;
  stateAfter: SyncStateName | null;
  outcome: string;
  detail: string | null;
}

export interface DeadLetter {
  /** The order id (react-admin needs an `id`). */
  id: string;
  orderId: string;
  attempts: number;
  lastError: string | null;
  enqueuedAt: string;
}

export const MERGE_FIELDS = ['status', 'customer', 'shippingAddress', 'currency', 'lines', 'shippingCost', 'note', 'deleted'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type ResolutionSide = 'OURS' | 'THEIRS';
export type ResolutionTake = 'OURS' | 'THEIRS' | 'MERGE';

export interface Session {
  token: string;
  expiresAt: string;
  username: string;
}

export interface DashboardData {
  orderCounts: OrderCounts;
  syncStatus: SyncStatus;
  syncLog: { items: SyncLogEntry[]; total: number };
}

/** The order sort fields the server knows (OrderSortField). */
export const ORDER_SORT_FIELDS = ['code', 'status', 'customerName', 'total', 'createdAt', 'updatedAt'] as const;
export type OrderSortField = (typeof ORDER_SORT_FIELDS)[number];
