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
    sync { remote remoteLabel state stateCode ackedVersion resolutionPending reason updatedAt syncedAt }
  }
`);

graphql(`
  fragment SyncLogFields on SyncLogEntry {
    id at remote direction orderId messageState version base stateBefore stateAfter outcome detail
  }
`);

graphql(`
  fragment SyncStatusFields on SyncStatus {
    name kind label state remoteUrl remoteTokenSet lastPushAt lastPullAt lastError outboxDepth deadLetters oldestPendingAt
    sendRatePerSecond etaSeconds
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
      syncs { remote remoteLabel remoteKey state stateCode ackedVersion resolutionPending reason updatedAt syncedAt }
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
  query SyncLog($orderId: ID, $direction: String, $outcome: String, $remote: String, $page: Int!, $perPage: Int!) {
    syncLog(orderId: $orderId, direction: $direction, outcome: $outcome, remote: $remote, page: $page, perPage: $perPage) {
      total
      items { ...SyncLogFields }
    }
  }
`);

export const DEAD_LETTERS = graphql(`
  query DeadLetters($remote: String, $page: Int!, $perPage: Int!) {
    deadLetters(remote: $remote, page: $page, perPage: $perPage) { remote orderId attempts lastError enqueuedAt }
    remotes { name deadLetters }
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

export const PAUSE_SYNC = graphql(`mutation PauseSync($remote: String) { pauseSync(remote: $remote) { ...SyncStatusFields } }`);

export const RESUME_SYNC = graphql(`mutation ResumeSync($remote: String) { resumeSync(remote: $remote) { ...SyncStatusFields } }`);

export const REMOTES = graphql(`query Remotes { remotes { ...SyncStatusFields } }`);

export const REMOTE_DEFINITION = graphql(`
  query RemoteDefinition($name: String!) {
    remoteDefinition(name: $name) { name kind url label paused source credentialsSet settings }
  }
`);

export const ADD_REMOTE = graphql(`
  mutation AddRemote($definition: JSONObject!) { addRemote(definition: $definition) { ...SyncStatusFields } }
`);

export const UPDATE_REMOTE = graphql(`
  mutation UpdateRemote($name: String!, $definition: JSONObject!) { updateRemote(name: $name, definition: $definition) { ...SyncStatusFields } }
`);

export const REMOVE_REMOTE = graphql(`mutation RemoveRemote($name: String!) { removeRemote(name: $name) }`);

export const UPDATE_SYNC_SETTINGS = graphql(`
  mutation UpdateSyncSettings($remoteUrl: String, $remoteToken: String) {
    updateSyncSettings(remoteUrl: $remoteUrl, remoteToken: $remoteToken) { ...SyncStatusFields }
  }
`);

export const RETRY_DEAD_LETTERS = graphql(`
  mutation RetryDeadLetters($orderIds: [ID!], $remote: String) { retryDeadLetters(orderIds: $orderIds, remote: $remote) }
`);

export const DISCARD_DEAD_LETTERS = graphql(`
  mutation DiscardDeadLetters($orderIds: [ID!], $remote: String) { discardDeadLetters(orderIds: $orderIds, remote: $remote) }
`);

export const RESOLVE_COLLISION = graphql(`
  mutation ResolveCollision($orderId: ID!, $take: ResolutionTake!, $fields: ResolutionFields, $remote: String) {
    resolveCollision(orderId: $orderId, take: $take, fields: $fields, remote: $remote) { ...SyncedOrderFields }
  }
`);
