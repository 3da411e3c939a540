import { graphql } from '../gql';

// Every GraphQL document the admin sends. Their types (results and variables) are generated
// into src/gql by GraphQL Code Generator from server/schema.graphql: `npm run codegen`.

graphql(`
  fragment OrderFields on Order {
    id
    code
    status
    customer { name email phone }
    shippingAddress { fullName line1 line2 city postalCode countryCode }
    currency
    lines { sku name quantity unitPrice lineTotal }
    shippingCost
    subtotal
    total
    note
    createdAt
    updatedAt
    version
    deleted
  }
`);

graphql(`
  fragment SyncedOrderFields on Order {
    ...OrderFields
    sync { state stateCode ackedVersion resolutionPending reason updatedAt syncedAt }
  }
`);

graphql(`
  fragment SyncLogFields on SyncLogEntry {
    id at direction orderId messageState version base stateBefore stateAfter outcome detail
  }
`);

graphql(`
  fragment SyncStatusFields on SyncStatus {
    state remoteUrl remoteTokenSet lastPushAt lastPullAt lastError outboxDepth deadLetters oldestPendingAt
    ordersByState { state code count }
  }
`);

export const LOGIN = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) { token expiresAt username }
  }
`);

export const LOGOUT = graphql(`mutation Logout { logout }`);

export const SYNCED_ORDERS = graphql(`
  query SyncedOrders($filter: OrderFilter, $syncStates: [SyncState!], $sort: OrderSort, $page: Int!, $perPage: Int!) {
    syncedOrders(filter: $filter, syncStates: $syncStates, sort: $sort, page: $page, perPage: $perPage) {
      total
      items { ...SyncedOrderFields }
    }
  }
`);

export const ORDER = graphql(`
  query Order($id: ID!) {
    order(id: $id) {
      ...SyncedOrderFields
      sync { merge { at version mergedBy from { name version } fields { field from } } }
    }
  }
`);

export const ORDER_WITH_THEIRS = graphql(`
  query OrderWithTheirs($id: ID!) {
    order(id: $id) {
      ...SyncedOrderFields
      sync { theirs { ...OrderFields } theirsVersion }
    }
    syncPeer { name url }
  }
`);

export const ORDERS_BY_SYNC_STATE = graphql(`
  query OrdersBySyncState($states: [SyncState!]!, $page: Int!, $perPage: Int!) {
    ordersBySyncState(states: $states, page: $page, perPage: $perPage) {
      total
      items { ...SyncedOrderFields }
    }
  }
`);

export const CREATE_ORDER = graphql(`
  mutation CreateOrder($input: OrderInput!) {
    createOrder(input: $input) { ...SyncedOrderFields }
  }
`);

export const UPDATE_ORDER = graphql(`
  mutation UpdateOrder($id: ID!, $input: OrderPatchInput!, $expectedVersion: Int!) {
    updateOrder(id: $id, input: $input, expectedVersion: $expectedVersion) { ...SyncedOrderFields }
  }
`);

export const DELETE_ORDER = graphql(`
  mutation DeleteOrder($id: ID!, $expectedVersion: Int) {
    deleteOrder(id: $id, expectedVersion: $expectedVersion) { ...SyncedOrderFields }
  }
`);

export const SYNC_LOG = graphql(`
  query SyncLog($orderId: ID, $direction: String, $outcome: String, $page: Int!, $perPage: Int!) {
    syncLog(orderId: $orderId, direction: $direction, outcome: $outcome, page: $page, perPage: $perPage) {
      total
      items { ...SyncLogFields }
    }
  }
`);

export const DEAD_LETTERS = graphql(`
  query DeadLetters($page: Int!, $perPage: Int!) {
    deadLetters(page: $page, perPage: $perPage) { orderId attempts lastError enqueuedAt }
    syncStatus { deadLetters }
  }
`);

export const DASHBOARD = graphql(`
  query Dashboard($hours: Int!) {
    orderCounts { total deleted byStatus { status count } }
    syncStatus { ...SyncStatusFields }
    syncLog(page: 1, perPage: 10) { total items { ...SyncLogFields } }
    orderActivity(hours: $hours) { hour created changed }
    syncActivity(hours: $hours) { hour sent received failed paused collisions lagAvgSeconds lagMaxSeconds }
  }
`);

export const SYNC_STATUS = graphql(`query SyncStatus { syncStatus { ...SyncStatusFields } syncPeer { name url } }`);

export const PAUSE_SYNC = graphql(`mutation PauseSync { pauseSync { ...SyncStatusFields } }`);

export const RESUME_SYNC = graphql(`mutation ResumeSync { resumeSync { ...SyncStatusFields } }`);

export const UPDATE_SYNC_SETTINGS = graphql(`
  mutation UpdateSyncSettings($remoteUrl: String, $remoteToken: String) {
    updateSyncSettings(remoteUrl: $remoteUrl, remoteToken: $remoteToken) { ...SyncStatusFields }
  }
`);

export const RETRY_DEAD_LETTERS = graphql(`
  mutation RetryDeadLetters($orderIds: [ID!]) { retryDeadLetters(orderIds: $orderIds) }
`);

export const DISCARD_DEAD_LETTERS = graphql(`
  mutation DiscardDeadLetters($orderIds: [ID!]) { discardDeadLetters(orderIds: $orderIds) }
`);

export const RESOLVE_COLLISION = graphql(`
  mutation ResolveCollision($orderId: ID!, $take: ResolutionTake!, $fields: ResolutionFields) {
    resolveCollision(orderId: $orderId, take: $take, fields: $fields) { ...SyncedOrderFields }
  }
`);
