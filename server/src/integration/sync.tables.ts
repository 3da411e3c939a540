import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The sync's own tables. They reference orders by id only (no foreign key into the Orders module's
 * tables): the Integration reads and writes orders through OrderService alone.
 */

/** One row per order: its seed sync state and what the protocol needs to remember about it. */
export const syncRecords = pgTable(
  'sync_records',
  {
    orderId: uuid('order_id').primaryKey(),
    state: smallint('state').notNull(),
    /** The last version both sides agreed on; 0 until the first acknowledgement. */
    base: integer('base').notNull().default(0),
    /**
     * The content both sides agreed on at `base` (order content and `deleted`): the common ancestor
     * of a three-way merge. Null when unknown (before the first agreement, after a resolution).
     */
    baseContent: jsonb('base_content'),
    /**
     * This side's own versions above `base` (local edits, merges), by version: the ancestor when the
     * peer builds on one of them before its acknowledgement arrives. Pruned as `base` moves up.
     */
    ownVersions: jsonb('own_versions'),
    /** The last automatic merge of this order (who changed what), for the admin; cleared by the next edit. */
    merge: jsonb('merge'),
    /** The last change here was an admin's resolution, not yet acknowledged by the peer. */
    resolution: boolean('resolution').notNull().default(false),
    /** In a collision: the peer's copy (REST order JSON), kept beside ours until resolved. */
    theirs: jsonb('theirs'),
    theirsVersion: integer('theirs_version'),
    /** Which rule put the order in collision or error, for the admin. */
    reason: text('reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
    /** When the peer last confirmed or sent this order. */
    syncedAt: timestamp('synced_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('sync_records_state_idx').on(t.state)],
);

/**
 * The transactional outbox: "order X must be sent". Written in the same transaction as the change,
 * so a crash can lose neither. It holds no payload: the sender sends the order's state at send time,
 * so ten quick edits travel as one message with the latest content.
 */
export const syncOutbox = pgTable(
  'sync_outbox',
  {
    orderId: uuid('order_id').primaryKey(),
    /** Bumped by every enqueue; a row is removed only if it was not re-enqueued while in flight. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true, precision: 3 }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }).notNull(),
    /** A sender process holds the row until then (several processes share one database). */
    leasedUntil: timestamp('leased_until', { withTimezone: true, precision: 3 }),
    lastError: text('last_error'),
    /** A permanent failure: kept for an admin to retry or discard; never blocks other orders. */
    dead: boolean('dead').notNull().default(false),
  },
  (t) => [index('sync_outbox_due_idx').on(t.dead, t.nextAttemptAt)],
);

/** Every message sent and received, for the admin; pruned by age. */
export const syncLog = pgTable(
  'sync_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    direction: text('direction').notNull(),
    orderId: uuid('order_id').notNull(),
    messageState: smallint('message_state'),
    version: integer('version'),
    base: integer('base'),
    stateBefore: smallint('state_before'),
    stateAfter: smallint('state_after'),
    outcome: text('outcome').notNull(),
    detail: text('detail'),
  },
  (t) => [index('sync_log_order_idx').on(t.orderId, t.id), index('sync_log_at_idx').on(t.at)],
);

/** Settings changed at runtime through GraphQL; they win over the environment once set. */
export const syncSettings = pgTable('sync_settings', {
  id: integer('id').primaryKey().default(1),
  remoteUrl: text('remote_url'),
  remoteToken: text('remote_token'),
  /**
   * The URL the stored token was given for. A token is only ever sent to the URL it was given for:
   * re-pointing the sync at another URL without a new token leaves it without one.
   */
  remoteTokenUrl: text('remote_token_url'),
  paused: boolean('paused').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
});

/** Where the pull loop is in the peer's change feed. */
export const syncPullState = pgTable('sync_pull_state', {
  id: integer('id').primaryKey().default(1),
  remoteUrl: text('remote_url').notNull(),
  /** The peer's feed identity: a different one means the peer's database was replaced. */
  feedId: text('feed_id'),
  cursor: text('cursor').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
});
