/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment OrderFields on Order {\n    id\n    code\n    status\n    customer { name email phone }\n    shippingAddress { fullName line1 line2 city postalCode countryCode }\n    currency\n    lines { sku name quantity unitPrice lineTotal }\n    shippingCost\n    subtotal\n    total\n    note\n    createdAt\n    updatedAt\n    version\n    deleted\n  }\n": typeof types.OrderFieldsFragmentDoc,
    "\n  fragment SyncedOrderFields on Order {\n    ...OrderFields\n    sync { remote remoteLabel state stateCode ackedVersion resolutionPending reason updatedAt syncedAt }\n  }\n": typeof types.SyncedOrderFieldsFragmentDoc,
    "\n  fragment SyncLogFields on SyncLogEntry {\n    id at remote direction orderId messageState version base stateBefore stateAfter outcome detail\n  }\n": typeof types.SyncLogFieldsFragmentDoc,
    "\n  fragment SyncStatusFields on SyncStatus {\n    name kind label state remoteUrl remoteTokenSet lastPushAt lastPullAt lastError outboxDepth deadLetters oldestPendingAt\n    sendRatePerSecond etaSeconds\n    ordersByState { state code count }\n  }\n": typeof types.SyncStatusFieldsFragmentDoc,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { token expiresAt username }\n  }\n": typeof types.LoginDocument,
    "mutation Logout { logout }": typeof types.LogoutDocument,
    "\n  query SyncedOrders($filter: OrderFilter, $syncStates: [SyncState!], $sort: OrderSort, $page: Int!, $perPage: Int!) {\n    syncedOrders(filter: $filter, syncStates: $syncStates, sort: $sort, page: $page, perPage: $perPage) {\n      total\n      items { ...SyncedOrderFields }\n    }\n  }\n": typeof types.SyncedOrdersDocument,
    "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...SyncedOrderFields\n      sync { merge { at version mergedBy from { name version } fields { field from } } }\n      syncs { remote remoteLabel remoteKey state stateCode ackedVersion resolutionPending reason updatedAt syncedAt }\n    }\n  }\n": typeof types.OrderDocument,
    "\n  query OrderWithTheirs($id: ID!) {\n    order(id: $id) {\n      ...SyncedOrderFields\n      sync { theirs { ...OrderFields } theirsVersion }\n    }\n    syncPeer { name url }\n  }\n": typeof types.OrderWithTheirsDocument,
    "\n  query OrdersBySyncState($states: [SyncState!]!, $page: Int!, $perPage: Int!) {\n    ordersBySyncState(states: $states, page: $page, perPage: $perPage) {\n      total\n      items { ...SyncedOrderFields }\n    }\n  }\n": typeof types.OrdersBySyncStateDocument,
    "\n  mutation CreateOrder($input: OrderInput!) {\n    createOrder(input: $input) { ...SyncedOrderFields }\n  }\n": typeof types.CreateOrderDocument,
    "\n  mutation UpdateOrder($id: ID!, $input: OrderPatchInput!, $expectedVersion: Int!) {\n    updateOrder(id: $id, input: $input, expectedVersion: $expectedVersion) { ...SyncedOrderFields }\n  }\n": typeof types.UpdateOrderDocument,
    "\n  mutation DeleteOrder($id: ID!, $expectedVersion: Int) {\n    deleteOrder(id: $id, expectedVersion: $expectedVersion) { ...SyncedOrderFields }\n  }\n": typeof types.DeleteOrderDocument,
    "\n  query SyncLog($orderId: ID, $direction: String, $outcome: String, $remote: String, $page: Int!, $perPage: Int!) {\n    syncLog(orderId: $orderId, direction: $direction, outcome: $outcome, remote: $remote, page: $page, perPage: $perPage) {\n      total\n      items { ...SyncLogFields }\n    }\n  }\n": typeof types.SyncLogDocument,
    "\n  query DeadLetters($remote: String, $page: Int!, $perPage: Int!) {\n    deadLetters(remote: $remote, page: $page, perPage: $perPage) { remote orderId attempts lastError enqueuedAt }\n    remotes { name deadLetters }\n  }\n": typeof types.DeadLettersDocument,
    "\n  query Dashboard($hours: Int!) {\n    orderCounts { total deleted byStatus { status count } }\n    syncStatus { ...SyncStatusFields }\n    syncLog(page: 1, perPage: 10) { total items { ...SyncLogFields } }\n    orderActivity(hours: $hours) { hour created changed }\n    syncActivity(hours: $hours) { hour sent received failed paused collisions lagAvgSeconds lagMaxSeconds }\n  }\n": typeof types.DashboardDocument,
    "query SyncStatus { syncStatus { ...SyncStatusFields } syncPeer { name url } }": typeof types.SyncStatusDocument,
    "mutation PauseSync($remote: String) { pauseSync(remote: $remote) { ...SyncStatusFields } }": typeof types.PauseSyncDocument,
    "mutation ResumeSync($remote: String) { resumeSync(remote: $remote) { ...SyncStatusFields } }": typeof types.ResumeSyncDocument,
    "query Remotes { remotes { ...SyncStatusFields } }": typeof types.RemotesDocument,
    "\n  query RemoteDefinition($name: String!) {\n    remoteDefinition(name: $name) { name kind url label paused source credentialsSet settings }\n  }\n": typeof types.RemoteDefinitionDocument,
    "\n  mutation AddRemote($definition: JSONObject!) { addRemote(definition: $definition) { ...SyncStatusFields } }\n": typeof types.AddRemoteDocument,
    "\n  mutation UpdateRemote($name: String!, $definition: JSONObject!) { updateRemote(name: $name, definition: $definition) { ...SyncStatusFields } }\n": typeof types.UpdateRemoteDocument,
    "mutation RemoveRemote($name: String!) { removeRemote(name: $name) }": typeof types.RemoveRemoteDocument,
    "\n  mutation UpdateSyncSettings($remoteUrl: String, $remoteToken: String) {\n    updateSyncSettings(remoteUrl: $remoteUrl, remoteToken: $remoteToken) { ...SyncStatusFields }\n  }\n": typeof types.UpdateSyncSettingsDocument,
    "\n  mutation RetryDeadLetters($orderIds: [ID!], $remote: String) { retryDeadLetters(orderIds: $orderIds, remote: $remote) }\n": typeof types.RetryDeadLettersDocument,
    "\n  mutation DiscardDeadLetters($orderIds: [ID!], $remote: String) { discardDeadLetters(orderIds: $orderIds, remote: $remote) }\n": typeof types.DiscardDeadLettersDocument,
    "\n  mutation ResolveCollision($orderId: ID!, $take: ResolutionTake!, $fields: ResolutionFields, $remote: String) {\n    resolveCollision(orderId: $orderId, take: $take, fields: $fields, remote: $remote) { ...SyncedOrderFields }\n  }\n": typeof types.ResolveCollisionDocument,
};
const documents: Documents = {
    "\n  fragment OrderFields on Order {\n    id\n    code\n    status\n    customer { name email phone }\n    shippingAddress { fullName line1 line2 city postalCode countryCode }\n    currency\n    lines { sku name quantity unitPrice lineTotal }\n    shippingCost\n    subtotal\n    total\n    note\n    createdAt\n    updatedAt\n    version\n    deleted\n  }\n": types.OrderFieldsFragmentDoc,
    "\n  fragment SyncedOrderFields on Order {\n    ...OrderFields\n    sync { remote remoteLabel state stateCode ackedVersion resolutionPending reason updatedAt syncedAt }\n  }\n": types.SyncedOrderFieldsFragmentDoc,
    "\n  fragment SyncLogFields on SyncLogEntry {\n    id at remote direction orderId messageState version base stateBefore stateAfter outcome detail\n  }\n": types.SyncLogFieldsFragmentDoc,
    "\n  fragment SyncStatusFields on SyncStatus {\n    name kind label state remoteUrl remoteTokenSet lastPushAt lastPullAt lastError outboxDepth deadLetters oldestPendingAt\n    sendRatePerSecond etaSeconds\n    ordersByState { state code count }\n  }\n": types.SyncStatusFieldsFragmentDoc,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { token expiresAt username }\n  }\n": types.LoginDocument,
    "mutation Logout { logout }": types.LogoutDocument,
    "\n  query SyncedOrders($filter: OrderFilter, $syncStates: [SyncState!], $sort: OrderSort, $page: Int!, $perPage: Int!) {\n    syncedOrders(filter: $filter, syncStates: $syncStates, sort: $sort, page: $page, perPage: $perPage) {\n      total\n      items { ...SyncedOrderFields }\n    }\n  }\n": types.SyncedOrdersDocument,
    "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...SyncedOrderFields\n      sync { merge { at version mergedBy from { name version } fields { field from } } }\n      syncs { remote remoteLabel remoteKey state stateCode ackedVersion resolutionPending reason updatedAt syncedAt }\n    }\n  }\n": types.OrderDocument,
    "\n  query OrderWithTheirs($id: ID!) {\n    order(id: $id) {\n      ...SyncedOrderFields\n      sync { theirs { ...OrderFields } theirsVersion }\n    }\n    syncPeer { name url }\n  }\n": types.OrderWithTheirsDocument,
    "\n  query OrdersBySyncState($states: [SyncState!]!, $page: Int!, $perPage: Int!) {\n    ordersBySyncState(states: $states, page: $page, perPage: $perPage) {\n      total\n      items { ...SyncedOrderFields }\n    }\n  }\n": types.OrdersBySyncStateDocument,
    "\n  mutation CreateOrder($input: OrderInput!) {\n    createOrder(input: $input) { ...SyncedOrderFields }\n  }\n": types.CreateOrderDocument,
    "\n  mutation UpdateOrder($id: ID!, $input: OrderPatchInput!, $expectedVersion: Int!) {\n    updateOrder(id: $id, input: $input, expectedVersion: $expectedVersion) { ...SyncedOrderFields }\n  }\n": types.UpdateOrderDocument,
    "\n  mutation DeleteOrder($id: ID!, $expectedVersion: Int) {\n    deleteOrder(id: $id, expectedVersion: $expectedVersion) { ...SyncedOrderFields }\n  }\n": types.DeleteOrderDocument,
    "\n  query SyncLog($orderId: ID, $direction: String, $outcome: String, $remote: String, $page: Int!, $perPage: Int!) {\n    syncLog(orderId: $orderId, direction: $direction, outcome: $outcome, remote: $remote, page: $page, perPage: $perPage) {\n      total\n      items { ...SyncLogFields }\n    }\n  }\n": types.SyncLogDocument,
    "\n  query DeadLetters($remote: String, $page: Int!, $perPage: Int!) {\n    deadLetters(remote: $remote, page: $page, perPage: $perPage) { remote orderId attempts lastError enqueuedAt }\n    remotes { name deadLetters }\n  }\n": types.DeadLettersDocument,
    "\n  query Dashboard($hours: Int!) {\n    orderCounts { total deleted byStatus { status count } }\n    syncStatus { ...SyncStatusFields }\n    syncLog(page: 1, perPage: 10) { total items { ...SyncLogFields } }\n    orderActivity(hours: $hours) { hour created changed }\n    syncActivity(hours: $hours) { hour sent received failed paused collisions lagAvgSeconds lagMaxSeconds }\n  }\n": types.DashboardDocument,
    "query SyncStatus { syncStatus { ...SyncStatusFields } syncPeer { name url } }": types.SyncStatusDocument,
    "mutation PauseSync($remote: String) { pauseSync(remote: $remote) { ...SyncStatusFields } }": types.PauseSyncDocument,
    "mutation ResumeSync($remote: String) { resumeSync(remote: $remote) { ...SyncStatusFields } }": types.ResumeSyncDocument,
    "query Remotes { remotes { ...SyncStatusFields } }": types.RemotesDocument,
    "\n  query RemoteDefinition($name: String!) {\n    remoteDefinition(name: $name) { name kind url label paused source credentialsSet settings }\n  }\n": types.RemoteDefinitionDocument,
    "\n  mutation AddRemote($definition: JSONObject!) { addRemote(definition: $definition) { ...SyncStatusFields } }\n": types.AddRemoteDocument,
    "\n  mutation UpdateRemote($name: String!, $definition: JSONObject!) { updateRemote(name: $name, definition: $definition) { ...SyncStatusFields } }\n": types.UpdateRemoteDocument,
    "mutation RemoveRemote($name: String!) { removeRemote(name: $name) }": types.RemoveRemoteDocument,
    "\n  mutation UpdateSyncSettings($remoteUrl: String, $remoteToken: String) {\n    updateSyncSettings(remoteUrl: $remoteUrl, remoteToken: $remoteToken) { ...SyncStatusFields }\n  }\n": types.UpdateSyncSettingsDocument,
    "\n  mutation RetryDeadLetters($orderIds: [ID!], $remote: String) { retryDeadLetters(orderIds: $orderIds, remote: $remote) }\n": types.RetryDeadLettersDocument,
    "\n  mutation DiscardDeadLetters($orderIds: [ID!], $remote: String) { discardDeadLetters(orderIds: $orderIds, remote: $remote) }\n": types.DiscardDeadLettersDocument,
    "\n  mutation ResolveCollision($orderId: ID!, $take: ResolutionTake!, $fields: ResolutionFields, $remote: String) {\n    resolveCollision(orderId: $orderId, take: $take, fields: $fields, remote: $remote) { ...SyncedOrderFields }\n  }\n": types.ResolveCollisionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderFields on Order {\n    id\n    code\n    status\n    customer { name email phone }\n    shippingAddress { fullName line1 line2 city postalCode countryCode }\n    currency\n    lines { sku name quantity unitPrice lineTotal }\n    shippingCost\n    subtotal\n    total\n    note\n    createdAt\n    updatedAt\n    version\n    deleted\n  }\n"): typeof import('./graphql').OrderFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SyncedOrderFields on Order {\n    ...OrderFields\n    sync { remote remoteLabel state stateCode ackedVersion resolutionPending reason updatedAt syncedAt }\n  }\n"): typeof import('./graphql').SyncedOrderFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SyncLogFields on SyncLogEntry {\n    id at remote direction orderId messageState version base stateBefore stateAfter outcome detail\n  }\n"): typeof import('./graphql').SyncLogFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SyncStatusFields on SyncStatus {\n    name kind label state remoteUrl remoteTokenSet lastPushAt lastPullAt lastError outboxDepth deadLetters oldestPendingAt\n    sendRatePerSecond etaSeconds\n    ordersByState { state code count }\n  }\n"): typeof import('./graphql').SyncStatusFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { token expiresAt username }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Logout { logout }"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncedOrders($filter: OrderFilter, $syncStates: [SyncState!], $sort: OrderSort, $page: Int!, $perPage: Int!) {\n    syncedOrders(filter: $filter, syncStates: $syncStates, sort: $sort, page: $page, perPage: $perPage) {\n      total\n      items { ...SyncedOrderFields }\n    }\n  }\n"): typeof import('./graphql').SyncedOrdersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...SyncedOrderFields\n      sync { merge { at version mergedBy from { name version } fields { field from } } }\n      syncs { remote remoteLabel remoteKey state stateCode ackedVersion resolutionPending reason updatedAt syncedAt }\n    }\n  }\n"): typeof import('./graphql').OrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrderWithTheirs($id: ID!) {\n    order(id: $id) {\n      ...SyncedOrderFields\n      sync { theirs { ...OrderFields } theirsVersion }\n    }\n    syncPeer { name url }\n  }\n"): typeof import('./graphql').OrderWithTheirsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrdersBySyncState($states: [SyncState!]!, $page: Int!, $perPage: Int!) {\n    ordersBySyncState(states: $states, page: $page, perPage: $perPage) {\n      total\n      items { ...SyncedOrderFields }\n    }\n  }\n"): typeof import('./graphql').OrdersBySyncStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrder($input: OrderInput!) {\n    createOrder(input: $input) { ...SyncedOrderFields }\n  }\n"): typeof import('./graphql').CreateOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrder($id: ID!, $input: OrderPatchInput!, $expectedVersion: Int!) {\n    updateOrder(id: $id, input: $input, expectedVersion: $expectedVersion) { ...SyncedOrderFields }\n  }\n"): typeof import('./graphql').UpdateOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteOrder($id: ID!, $expectedVersion: Int) {\n    deleteOrder(id: $id, expectedVersion: $expectedVersion) { ...SyncedOrderFields }\n  }\n"): typeof import('./graphql').DeleteOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncLog($orderId: ID, $direction: String, $outcome: String, $remote: String, $page: Int!, $perPage: Int!) {\n    syncLog(orderId: $orderId, direction: $direction, outcome: $outcome, remote: $remote, page: $page, perPage: $perPage) {\n      total\n      items { ...SyncLogFields }\n    }\n  }\n"): typeof import('./graphql').SyncLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeadLetters($remote: String, $page: Int!, $perPage: Int!) {\n    deadLetters(remote: $remote, page: $page, perPage: $perPage) { remote orderId attempts lastError enqueuedAt }\n    remotes { name deadLetters }\n  }\n"): typeof import('./graphql').DeadLettersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($hours: Int!) {\n    orderCounts { total deleted byStatus { status count } }\n    syncStatus { ...SyncStatusFields }\n    syncLog(page: 1, perPage: 10) { total items { ...SyncLogFields } }\n    orderActivity(hours: $hours) { hour created changed }\n    syncActivity(hours: $hours) { hour sent received failed paused collisions lagAvgSeconds lagMaxSeconds }\n  }\n"): typeof import('./graphql').DashboardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SyncStatus { syncStatus { ...SyncStatusFields } syncPeer { name url } }"): typeof import('./graphql').SyncStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PauseSync($remote: String) { pauseSync(remote: $remote) { ...SyncStatusFields } }"): typeof import('./graphql').PauseSyncDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResumeSync($remote: String) { resumeSync(remote: $remote) { ...SyncStatusFields } }"): typeof import('./graphql').ResumeSyncDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Remotes { remotes { ...SyncStatusFields } }"): typeof import('./graphql').RemotesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RemoteDefinition($name: String!) {\n    remoteDefinition(name: $name) { name kind url label paused source credentialsSet settings }\n  }\n"): typeof import('./graphql').RemoteDefinitionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddRemote($definition: JSONObject!) { addRemote(definition: $definition) { ...SyncStatusFields } }\n"): typeof import('./graphql').AddRemoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRemote($name: String!, $definition: JSONObject!) { updateRemote(name: $name, definition: $definition) { ...SyncStatusFields } }\n"): typeof import('./graphql').UpdateRemoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemoveRemote($name: String!) { removeRemote(name: $name) }"): typeof import('./graphql').RemoveRemoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSyncSettings($remoteUrl: String, $remoteToken: String) {\n    updateSyncSettings(remoteUrl: $remoteUrl, remoteToken: $remoteToken) { ...SyncStatusFields }\n  }\n"): typeof import('./graphql').UpdateSyncSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryDeadLetters($orderIds: [ID!], $remote: String) { retryDeadLetters(orderIds: $orderIds, remote: $remote) }\n"): typeof import('./graphql').RetryDeadLettersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DiscardDeadLetters($orderIds: [ID!], $remote: String) { discardDeadLetters(orderIds: $orderIds, remote: $remote) }\n"): typeof import('./graphql').DiscardDeadLettersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveCollision($orderId: ID!, $take: ResolutionTake!, $fields: ResolutionFields, $remote: String) {\n    resolveCollision(orderId: $orderId, take: $take, fields: $fields, remote: $remote) { ...SyncedOrderFields }\n  }\n"): typeof import('./graphql').ResolveCollisionDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
