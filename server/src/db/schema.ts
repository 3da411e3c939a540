// Every table of the service, for drizzle's typed queries and for drizzle-kit.
export * from '../orders/order.tables.js';
export * from '../auth/auth.tables.js';
export * from '../integration/sync.tables.js';
