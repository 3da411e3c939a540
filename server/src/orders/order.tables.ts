import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** Numbers the human-readable codes (`A-000042`); gaps are fine, reuse is not. */
export const orderCodeSeq = pgSequence('order_code_seq', { startWith: 1 });

/**
 * Orders the change feed inside one transaction. Across transactions the feed orders by the
 * writing transaction's id (`change_txid`), see order.feed.ts for why.
 */
export const orderChangeSeq = pgSequence('order_change_seq', { startWith: 1 });

/** The trigram indexes' storage: a pending list of at most 1 MB (gin_pending_list_limit is in kB). */
const TRIGRAM_INDEX_OPTIONS = { fastupdate: true, gin_pending_list_limit: 1024 };

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    status: text('status').notNull(),
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email').notNull(),
    customerPhone: text('customer_phone'),
    shipFullName: text('ship_full_name').notNull(),
    shipLine1: text('ship_line1').notNull(),
    shipLine2: text('ship_line2'),
    shipCity: text('ship_city').notNull(),
    shipPostalCode: text('ship_postal_code').notNull(),
    shipCountryCode: text('ship_country_code').notNull(),
    currency: text('currency').notNull(),
    shippingCost: bigint('shipping_cost', { mode: 'number' }).notNull(),
    subtotal: bigint('subtotal', { mode: 'number' }).notNull(),
    total: bigint('total', { mode: 'number' }).notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
    version: integer('version').notNull(),
    deleted: boolean('deleted').notNull().default(false),
    /** sha-256 of the create request, so a repeated create is recognised (idempotent POST). */
    createHash: text('create_hash'),
    /** The writing transaction's id (xid8 as bigint): the change feed's primary order. */
    changeTxid: bigint('change_txid', { mode: 'bigint' }).notNull(),
    changeSeq: bigint('change_seq', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    index('orders_change_idx').on(t.changeTxid, t.changeSeq),
    index('orders_created_idx').on(t.createdAt),
    index('orders_updated_idx').on(t.updatedAt),
    index('orders_status_idx').on(t.status),
    // The list's text search is "contains" (ILIKE '%text%') on these three columns: trigram
    // indexes answer it without reading every order (100,000 orders: about 130 ms -> 3 ms).
    // New entries go to a pending list first, which is merged into the index in bulk once it
    // exceeds 1 MB (by the write that overflows it, so also on PGlite, which has no autovacuum), or
    // earlier by autovacuum. Written one by one (fastupdate off) the three indexes cost a create
    // ~1 ms of database time and a 500-order batch ~220 ms; with the list ~0.16 ms a create (the
    // write that merges pays up to ~90 ms) and ~40 ms a batch. A search reads the list too (at most
    // 1 MB): 1.5-3.3 ms (psql, 100,000 orders and more, 2026-12-01; docs/benchmarks.md, fifth round).
    index('orders_code_trgm_idx').using('gin', t.code.op('gin_trgm_ops')).with(TRIGRAM_INDEX_OPTIONS),
    index('orders_customer_name_trgm_idx').using('gin', t.customerName.op('gin_trgm_ops')).with(TRIGRAM_INDEX_OPTIONS),
    index('orders_customer_email_trgm_idx').using('gin', t.customerEmail.op('gin_trgm_ops')).with(TRIGRAM_INDEX_OPTIONS),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] })],
);

/** SQL that stamps a row with the current transaction for the change feed. */
export const changeStamp = {
  changeTxid: sql`pg_current_xact_id()::text::bigint`,
  changeSeq: sql`nextval('order_change_seq')`,
};

/** One row: the identity of this database's change feed. A new database means a new feed, so a reader's old cursor is void. */
export const orderFeedMeta = pgTable('order_feed_meta', {
  id: integer('id').primaryKey().default(1),
  feedId: uuid('feed_id').notNull().defaultRandom(),
});

/** Wakes long-polling feed readers when a write commits (NOTIFY is delivered on commit only); every order write sends it (order.repository.ts). */
export const ORDERS_CHANGED_CHANNEL = 'orders_changed';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
