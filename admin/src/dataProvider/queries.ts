// The GraphQL documents the admin sends (the schema: server/src/**/*.graphql-types.ts).

export const ORDER_FIELDS = /* GraphQL */ `
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
`;

const SYNC_FIELDS = /* GraphQL */ `
  sync { state stateCode ackedVersion resolutionPending reason updatedAt syncedAt }
`;

const SYNC_FIELDS_WITH_THEIRS = /* GraphQL */ `
  sync {
    state stateCode ackedVersion resolutionPending reason updatedAt syncedAt
    theirs { ${ORDER_FIELDS} }
    theirsVersion
  }
`;

const SYNC_LOG_FIELDS = /* GraphQL */ `id at direction orderId messageState version base stateBefore stateAfter outcome detail`;

export const SYNC_STATUS_FIELDS = /* GraphQL */ `
  state remoteUrl remoteTokenSet lastPushAt lastPullAt lastError outboxDepth deadLetters oldestPendingAt
  ordersByState { state code count }
`;

export const LOGIN = /* GraphQL */ `
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) { token expiresAt username }
  }
`;

export const LOGOUT = /* GraphQL */ `mutation Logout { logout }`;

export const VIEWER = /* GraphQL */ `query Viewer { viewer { name kind } }`;

export const SYNCED_ORDERS = /* GraphQL */ `
  query SyncedOrders($filter: OrderFilter, $syncStates: [SyncState!], $sort: OrderSort, $page: Int!, $perPage: Int!) {
    syncedOrders(filter: $filter, syncStates: $syncStates, sort: $sort, page: $page, perPage: $perPage) {
      total
      items { ${ORDER_FIELDS} ${SYNC_FIELDS} }
    }
  }
`;

export const ORDER = /* GraphQL */ `
  query Order($id: ID!) {
    order(id: $id) { ${ORDER_FIELDS} ${SYNC_FIELDS} }
  }
`;

export const ORDER_WITH_THEIRS = /* GraphQL */ `
  query OrderWithTheirs($id: ID!) {
    order(id: $id) { ${ORDER_FIELDS} ${SYNC_FIELDS_WITH_THEIRS} }
  }
`;

export const ORDERS_BY_SYNC_STATE = /* GraphQL */ `
  query OrdersBySyncState($states: [SyncState!]!, $page: Int!, $perPage: Int!) {
    ordersBySyncState(states: $states, page: $page, perPage: $perPage) {
      total
      items { ${ORDER_FIELDS} ${SYNC_FIELDS} }
    }
  }
`;

export const CREATE_ORDER = /* GraphQL */ `
  mutation CreateOrder($input: OrderInput!) {
    createOrder(input: $input) { ${ORDER_FIELDS} ${SYNC_FIELDS} }
  }
`;

export const UPDATE_ORDER = /* GraphQL */ `
  mutation UpdateOrder($id: ID!, $input: OrderPatchInput!, $expectedVersion: Int!) {
    updateOrder(id: $id, input: $input, expectedVersion: $expectedVersion) { ${ORDER_FIELDS} ${SYNC_FIELDS} }
  }
`;

export const DELETE_ORDER = /* GraphQL */ `
  mutation DeleteOrder($id: ID!, $expectedVersion: Int) {
    deleteOrder(id: $id, expectedVersion: $expectedVersion) { ${ORDER_FIELDS} ${SYNC_FIELDS} }
  }
`;

export const SYNC_LOG = /* GraphQL */ `
  query SyncLog($orderId: ID, $direction: String, $outcome: String, $page: Int!, $perPage: Int!) {
    syncLog(orderId: $orderId, direction: $direction, outcome: $outcome, page: $page, perPage: $perPage) {
      total
      items { ${SYNC_LOG_FIELDS} }
    }
  }
`;

export const DEAD_LETTERS = /* GraphQL */ `
  query DeadLetters($page: Int!, $perPage: Int!) {
    deadLetters(page: $page, perPage: $perPage) { orderId attempts lastError enqueuedAt }
    syncStatus { deadLetters }
  }
`;

export const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    orderCounts { total deleted byStatus { status count } }
    syncStatus { ${SYNC_STATUS_FIELDS} }
    syncLog(page: 1, perPage: 10) { total items { ${SYNC_LOG_FIELDS} } }
  }
`;

export const SYNC_STATUS = /* GraphQL */ `query SyncStatus { syncStatus { ${SYNC_STATUS_FIELDS} } }`;

export const PAUSE_SYNC = /* GraphQL */ `mutation PauseSync { pauseSync { ${SYNC_STATUS_FIELDS} } }`;

export const RESUME_SYNC = /* GraphQL */ `mutation ResumeSync { resumeSync { ${SYNC_STATUS_FIELDS} } }`;

export const UPDATE_SYNC_SETTINGS = /* GraphQL */ `
  mutation UpdateSyncSettings($remoteUrl: String, $remoteToken: String) {
    updateSyncSettings(remoteUrl: $remoteUrl, remoteToken: $remoteToken) { ${SYNC_STATUS_FIELDS} }
  }
`;

export const RETRY_DEAD_LETTERS = /* GraphQL */ `
  mutation RetryDeadLetters($orderIds: [ID!]) { retryDeadLetters(orderIds: $orderIds) }
`;

export const DISCARD_DEAD_LETTERS = /* GraphQL */ `
  mutation DiscardDeadLetters($orderIds: [ID!]) { discardDeadLetters(orderIds: $orderIds) }
`;

export const RESOLVE_COLLISION = /* GraphQL */ `
  mutation ResolveCollision($orderId: ID!, $take: ResolutionTake!, $fields: ResolutionFields) {
    resolveCollision(orderId: $orderId, take: $take, fields: $fields) { ${ORDER_FIELDS} ${SYNC_FIELDS} }
  }
`;
