import type { AccessRule } from '../auth/access.js';

/** Who may use the Orders APIs (the rules are applied by src/graphql/access-plugin.ts and src/http/access-guard.ts). */

/** Reading and writing orders: the admin (a person) and API clients (an e-shop, a script). */
export const ORDER_USERS: AccessRule = ['admin', 'client'];

/** The REST change feed: also the peer's sync, which follows it to catch up (and nothing else of this module). */
export const FEED_READERS: AccessRule = ['admin', 'client', 'peer'];

/** Views for the admin's dashboard: nothing an API client needs. */
export const ORDER_ADMIN: AccessRule = ['admin'];
