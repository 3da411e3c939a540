import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, serial, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The sync's own tables. They reference orders by id only (no foreign key into the Orders module's
 * tables): the Integration reads and writes orders through OrderService alone.
 */

/**
 * The systems this instance syncs with: other copies of this service (`peer`), plain REST APIs
 * (`rest`), Vendure shops (`vendure`). Everything per remote below is keyed by its id.
 */
export const syncRemotes = pgTable('sync_remotes', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind').notNull(),
  /** Null: a peer that only pushes to us (we accept, we send nothing), or a remote waiting for its URL. */
  url: text('url'),
  label: text('label'),
  /** Tokens, user names, passwords; only ever sent to `url` (changing it clears them unless given again). */
  credentials: jsonb('credentials'),
  /** The kind's own settings (a REST mapping, a shop's payment method). */
  settings: jsonb('settings'),
  paused: boolean('paused').notNull().default(false),
  /** Where the definition comes from: `env` (PEER_URL...), `file` (REMOTES_FILE) or `api` (GraphQL, the admin). */
  source: text('source').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
});

/** Where the pull loop is in each remote's changes (a peer's feed cursor, a REST API's changed-since mark). */
export const syncCursors = pgTable('sync_cursors', {
  remoteId: integer('remote_id').primaryKey(),
  /** The remote's feed identity: a different one means its database was replaced. */
  feedId: text('feed_id'),
  cursor: text('cursor').notNull(),
  /**
   * The puller is still on its first read of the remote's feed, from the start (a new remote, a
   * reset cursor, the remote's database replaced): it asks for every order, including those the
   * remote believes we hold, until it reaches the feed's end (see OrderService.feed, `full`).
   */
  fullRead: boolean('full_read').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
});

/** One row per order and remote: its seed sync state with that remote and what the protocol needs to remember. */
export const syncRecords = pgTable(
  'sync_records',
  {
    remoteId: integer('remote_id').notNull().default(1),
    orderId: uuid('order_id').notNull(),
    /** The remote's own id for the order (a shop's numeric id); null for peers, which share our ids. */
    remoteKey: text('remote_key'),
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
    /**
     * Which of `ownVersions` a write to a remote without versions (rest, vendure) may have carried:
     * the write request went out (its answer may have been lost). Only these can come back from the
     * remote as our own write; any other own version the remote shows is a change its staff made
     * that happens to equal ours (inbound.ts, ownVersionHeld). Null on records from before this
     * column: every own version counts.
     */
    writtenVersions: jsonb('written_versions'),
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
  (t) => [
    primaryKey({ columns: [t.remoteId, t.orderId] }),
    index('sync_records_state_idx').on(t.state),
    index('sync_records_order_idx').on(t.orderId),
    uniqueIndex('sync_records_remote_key_idx').on(t.remoteId, t.remoteKey).where(sql`remote_key is not null`),
  ],
);

/**
 * The transactional outbox: "order X must be sent". Written in the same transaction as the change,
 * so a crash can lose neither. It holds no payload: the sender sends the order's state at send time,
 * so ten quick edits travel as one message with the latest content.
 */
export const syncOutbox = pgTable(
  'sync_outbox',
  {
    remoteId: integer('remote_id').notNull().default(1),
    orderId: uuid('order_id').notNull(),
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
  (t) => [primaryKey({ columns: [t.remoteId, t.orderId] }), index('sync_outbox_due_idx').on(t.remoteId, t.dead, t.nextAttemptAt)],
);

/** Every message sent and received, for the admin; pruned by age. */
export const syncLog = pgTable(
  'sync_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    /** The remote the message went to or came from; null for local acts that concern every remote. */
    remoteId: integer('remote_id'),
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
