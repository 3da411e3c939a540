import type { AuthContext } from '../auth/auth.resolver.js';
import type { IntegrationContext } from '../integration/sync.resolver.js';
import type { OrdersContext } from '../orders/order.context.js';

/** The GraphQL context: each module states the part it needs, the app provides them all. */
export type AppContext = AuthContext & OrdersContext & IntegrationContext;

/** What is made anew for each request (per-request caches). */
export type PerRequest = Pick<AppContext, 'syncRecords'>;
