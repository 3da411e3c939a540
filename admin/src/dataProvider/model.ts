import {
  OrderStatus,
  SyncState,
  type OrderFieldsFragment,
  type OrderInput,
  type OrderLineInput,
  type OrderSortField,
  type ResolutionFields,
  type ResolutionSide,
  type ResolutionTake,
  type SyncedOrderFieldsFragment,
  type SyncLogFieldsFragment,
  type SyncStatusFieldsFragment,
  type OrderQuery,
} from '../gql/graphql';

// The admin's names for the generated GraphQL types (src/gql, from server/schema.graphql), and the
// lists it derives from the schema's enums. Nothing here is written by hand from the server's code.

export type Order = OrderFieldsFragment;
export type SyncedOrder = SyncedOrderFieldsFragment;
/** The automatic merge that made an order's current version (only the order page asks for it). */
export type OrderMerge = NonNullable<OrderQuery['order']['sync']['merge']>;
export type OrderLine = Order['lines'][number];
export type SyncLogEntry = SyncLogFieldsFragment;
export type SyncStatus = SyncStatusFieldsFragment;
export type SyncStateName = SyncState;
export type SyncRunState = SyncStatus['state'];
export type MergeField = keyof ResolutionFields;
export type { OrderInput, OrderLineInput, OrderSortField, OrderStatus, ResolutionFields, ResolutionSide, ResolutionTake };

/** An order's content as the API takes it (money in minor units). */
export type OrderContent = Omit<OrderInput, 'id'>;

export const ORDER_STATUSES: readonly OrderStatus[] = Object.values(OrderStatus);

/** The states an order can be stored in (SYNC, "being applied", is never stored). */
export const SYNC_STATES: readonly SyncStateName[] = Object.values(SyncState).filter((s) => s !== SyncState.Sync);

/** The states an admin has to resolve. */
export const NEEDS_RESOLUTION: readonly SyncStateName[] = [SyncState.Collision, SyncState.Error, SyncState.ErrorSynced];

export const needsResolution = (state: SyncStateName | null | undefined): boolean => !!state && NEEDS_RESOLUTION.includes(state);

export { SyncState };
