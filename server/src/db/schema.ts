// Every table of the service, for drizzle-kit (`npm run db:generate -w server`) and the migration
// tests. Application code imports the tables of its own module instead: the Orders domain must not
// see the sync's tables (see db/types.ts and the import boundaries in eslint.config.js).
export * from '../orders/order.tables.js';
export * from '../auth/auth.tables.js';
export * from '../integration/sync.tables.js';
