import { and, asc, count, eq, gt, inArray, isNotNull, lte, min, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { anyOf, insertRows, moreParts, rowsOf, together, typedArray as array } from '../db/statements.js';
import type { Db } from '../db/types.js';
import { backoffDelay } from './backoff.js';
import { syncOutbox } from './sync.tables.js';

export const OUTBOX_CHANNEL = 'sync_outbox';

export interface ClaimedEntry {
  orderId: string;
  seq: number;
  attempts: number;
}

/** Marks orders to be sent; in the caller's transaction, and wakes the sender when it commits. */
export async function enqueue(db: Db, remoteIds: number | number[], orderIds: string[], now: Date): Promise<void> {
  const remotes = typeof remoteIds === 'number' ? [remoteIds] : remoteIds;
  const ids = [...new Set(orderIds)];
  await enqueueEntries(db, remotes.flatMap((remoteId) => ids.map((orderId) => ({ remoteId, orderId }))), now);
}

/**
 * Queues (remote, order) pairs in one statement with the wake-up of the sender, and with `before`,
 * statements that must run with it (the sync records of the same change, its log): one round trip
 * for what a write adds to its transaction.
 */
export async function enqueueEntries(db: Db, entries: { remoteId: number; orderId: string }[], now: Date, before: SQLWrapper[] = []): Promise<void> {
  if (entries.length === 0) {
    if (before.length) await db.execute(together(before));
    return;
  }
  // `before` writes other tables (or other rows of the outbox: see together()).
  await db.execute(together([...before, enqueueQuery(entries, now)], sql`select pg_notify(${OUTBOX_CHANNEL}, '')`));
}

/**
 * The upsert of enqueueEntries as a statement not yet run, without the wake-up (the caller's
 * statement notifies OUTBOX_CHANNEL); with `onlyIf`, it writes only where that condition holds.
 */
export function enqueueQuery(entries: { remoteId: number; orderId: string }[], now: Date, onlyIf?: SQL): SQL {
  // One row per pair: an upsert may not touch the same row twice.
  const pairs = [...new Map(entries.map(({ remoteId, orderId }) => [`${remoteId}/${orderId}`, { remoteId, orderId }])).values()];
  return sql`${insertRows(
    syncOutbox,
    pairs.map(({ remoteId, orderId }) => ({ remoteId, orderId, seq: 1, enqueuedAt: now, nextAttemptAt: now })),
  )} ${onlyIf ? sql`where ${onlyIf}` : sql``}
    on conflict (remote_id, order_id) do update set
      seq = ${syncOutbox.seq} + 1, attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = null, dead = false,
      -- A dead letter re-enqueued by a new change starts its wait again from now.
      enqueued_at = case when ${syncOutbox.dead} then excluded.enqueued_at else ${syncOutbox.enqueuedAt} end`;
}

/**
 * Leases due entries to this process. SKIP LOCKED plus the lease keep two processes on one
 * database from sending the same entry at once; a crashed process's lease simply runs out.
 * One statement, committed without waiting for the WAL flush (see RELAXED).
 */
export async function claim(db: Db, remoteId: number, limit: number, leaseMs: number, now: Date): Promise<ClaimedEntry[]> {
  const rows = await rowsOf<{ order_id: string; seq: string | number; attempts: number }>(
    db.execute(sql`
      with ${RELAXED},
      due as (
        select order_id from sync_outbox
        where remote_id = ${remoteId} and not dead and next_attempt_at <= ${now.toISOString()}::timestamptz
          and (leased_until is null or leased_until < ${now.toISOString()}::timestamptz)
        order by next_attempt_at, order_id
        limit ${limit}
        for update skip locked)
      update sync_outbox o set leased_until = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz
      from due where o.remote_id = ${remoteId} and o.order_id = due.order_id and ${RELAXED_APPLIED}
      returning o.order_id, o.seq, o.attempts`),
  );
  return rows.map((r) => ({ orderId: r.order_id, seq: Number(r.seq), attempts: r.attempts }));
}

/**
 * Leases and completions are bookkeeping that a crash may lose without harm: a lost lease is
 * taken again, a lost completion means one re-send that the remote recognises as a repeat. Their
 * commits need not wait for the WAL flush (the orders, the records and what we apply from a remote
 * still do). `set_config(…, true)` holds for the statement's own transaction; the CTE is evaluated
 * because the statement refers to it (RELAXED_APPLIED).
 */
const RELAXED = sql`relaxed as (select set_config('synchronous_commit', 'off', true) as v)`;
const RELAXED_APPLIED = sql`exists (select 1 from relaxed)`;


/**
 * Lifts every lease: for a process that knows it is the only one on the database (a restart after a
 * crash or SIGKILL), whose leases of its previous life would otherwise hold their entries a minute.
 */
export async function releaseAllLeases(db: Db): Promise<number> {
  const rows = await db.update(syncOutbox).set({ leasedUntil: null }).where(isNotNull(syncOutbox.leasedUntil)).returning({ orderId: syncOutbox.orderId });
  return rows.length;
}

/** Removes entries whatever their sequence: the remote is known to hold what they would send (see inbound.ts). */
export async function dropQueued(db: Db, remoteId: number, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await db.execute(dropQueuedQuery(remoteId, orderIds));
}

/** The delete of dropQueued as a statement not yet run (to be part of a larger one). */
export function dropQueuedQuery(remoteId: number, orderIds: string[]): SQL {
  return sql`delete from ${syncOutbox} where ${syncOutbox.remoteId} = ${remoteId} and ${anyOf(syncOutbox.orderId, orderIds, 'uuid')}`;
}

/**
 * Removes delivered entries, unless they were enqueued again while in flight (those only lose their
 * lease), with `alongside`: writes to other tables sent in the same statement (the log of the
 * delivery), committed with it, like it without waiting for the WAL flush.
 *
 * One statement when every entry is removed (the usual case); a second one lifts the lease of an
 * entry enqueued again meanwhile. Not one statement for both: an enqueue committing while the
 * delete waits for its row lock makes the delete skip the row (its seq moved on), while an update
 * in the same statement judges the row by the snapshot taken before that commit (its old seq) and
 * skips it too: the entry kept a lease of a minute that nobody lifted, its new change waiting
 * that long (seen in CI: a collision settled on both sides and an outbox entry still waiting).
 */
export async function complete(db: Db, remoteId: number, entries: ClaimedEntry[], alongside: SQLWrapper[] = []): Promise<void> {
  if (entries.length === 0) return;
  const v = sql`v as (select unnest(${array(entries.map((e) => e.orderId), 'uuid')}) as order_id, unnest(${array(entries.map((e) => e.seq), 'bigint')}) as seq)`;
  const [row] = await rowsOf<{ removed: number }>(
    db.execute(sql`
      with ${RELAXED}, ${v},
      done as (delete from sync_outbox o using v where o.remote_id = ${remoteId} and o.order_id = v.order_id and o.seq = v.seq and ${RELAXED_APPLIED} returning 1)
      ${moreParts(alongside, 'a')}
      select count(*)::int as removed from done`),
  );
  if (Number(row?.removed ?? 0) === entries.length) return;
  // A new statement, a new snapshot: it sees the enqueue the delete waited for.
  await db.execute(sql`
    with ${RELAXED}, ${v}
    update sync_outbox o set leased_until = null from v where o.remote_id = ${remoteId} and o.order_id = v.order_id and o.seq <> v.seq and ${RELAXED_APPLIED}`);
}

/**
 * A failed delivery: retry later with backoff, or, for a permanent failure, park it as a dead letter.
 * An entry enqueued again while in flight only loses its lease (its new change was never tried).
 * One statement per batch, however many entries.
 */
export async function fail(db: Db, remoteId: number, entries: ClaimedEntry[], error: string, permanent: boolean, now: Date, random: () => number): Promise<void> {
  if (entries.length === 0) return;
  const next = entries.map((e) => new Date(now.getTime() + backoffDelay(e.attempts, random)).toISOString());
  await db.execute(sql`
    update sync_outbox o set
      attempts = case when o.seq = v.seq then v.attempts else o.attempts end,
      next_attempt_at = case when o.seq = v.seq then v.next_at else o.next_attempt_at end,
      last_error = case when o.seq = v.seq then ${error.slice(0, 500)}::text else o.last_error end,
      dead = case when o.seq = v.seq then ${permanent}::boolean else o.dead end,
      leased_until = null
    from (
      select unnest(${array(entries.map((e) => e.orderId), 'uuid')}) as order_id, unnest(${array(entries.map((e) => e.seq), 'bigint')}) as seq,
        unnest(${array(entries.map((e) => e.attempts + 1), 'integer')}) as attempts, unnest(${array(next, 'timestamptz')}) as next_at
    ) v
    where o.remote_id = ${remoteId} and o.order_id = v.order_id`);
}


/**
 * Of these orders, those queued for this remote whose push is on its way: due now (the sender
 * takes them at once, or has them in flight). Orders waiting out a backoff after failed pushes are
 * not: the pull is what delivers them meanwhile.
 */
export async function beingPushed(db: Db, remoteId: number, orderIds: string[], now: Date): Promise<Set<string>> {
  return new Set((await pushStates(db, remoteId, orderIds, now)).keys());
}

/** beingPushed, telling apart the entries a sender holds a lease on right now (`in flight`). */
export async function pushStates(db: Db, remoteId: number, orderIds: string[], now: Date): Promise<Map<string, 'due' | 'in flight'>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .select({ orderId: syncOutbox.orderId, leasedUntil: syncOutbox.leasedUntil })
    .from(syncOutbox)
    .where(
      and(
        eq(syncOutbox.remoteId, remoteId),
        anyOf(syncOutbox.orderId, orderIds, 'uuid'),
        eq(syncOutbox.dead, false),
        lte(syncOutbox.nextAttemptAt, now),
      ),
    );
  return new Map(rows.map((r) => [r.orderId, r.leasedUntil && r.leasedUntil > now ? 'in flight' : 'due']));
}

/**
 * The peer is back: everything waiting out a backoff is due now, in the order it was queued (the
 * order of our change feed, which the peer's pull then trails instead of reading the same orders).
 */
export async function retryNow(db: Db, remoteId: number, now: Date): Promise<number> {
  const rows = await db
    .update(syncOutbox)
    .set({ nextAttemptAt: sql`least(${syncOutbox.enqueuedAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(syncOutbox.remoteId, remoteId), eq(syncOutbox.dead, false), gt(syncOutbox.nextAttemptAt, now)))
    .returning({ orderId: syncOutbox.orderId });
  return rows.length;
}

/** The outbox of one remote, or of all of them (null). */
export async function outboxStats(db: Db, remoteId: number | null): Promise<{ depth: number; dead: number; oldest: Date | null; nextDue: Date | null }> {
  const rows = await db
    .select({
      dead: syncOutbox.dead,
      n: count(),
      oldest: min(syncOutbox.enqueuedAt),
      // An entry leased by another process is not due for us before its lease runs out.
      nextDue: sql<string | null>`min(greatest(${syncOutbox.nextAttemptAt}, coalesce(${syncOutbox.leasedUntil}, ${syncOutbox.nextAttemptAt})))`,
    })
    .from(syncOutbox)
    .where(remoteId === null ? undefined : eq(syncOutbox.remoteId, remoteId))
    .groupBy(syncOutbox.dead);
  const live = rows.find((r) => !r.dead);
  const dead = rows.find((r) => r.dead);
  return {
    depth: Number(live?.n ?? 0),
    dead: Number(dead?.n ?? 0),
    oldest: live?.oldest ? new Date(live.oldest) : null,
    nextDue: live?.nextDue ? new Date(live.nextDue) : null,
  };
}

const ofRemote = (remoteId: number | null) => (remoteId === null ? undefined : eq(syncOutbox.remoteId, remoteId));

export async function listDeadLetters(db: Db, remoteId: number | null, limit: number, offset: number) {
  return db.select().from(syncOutbox).where(and(eq(syncOutbox.dead, true), ofRemote(remoteId))).orderBy(asc(syncOutbox.enqueuedAt)).limit(limit).offset(offset);
}

export async function retryDeadLetters(db: Db, remoteId: number | null, orderIds: string[] | null, now: Date): Promise<number> {
  const rows = await db
    .update(syncOutbox)
    .set({ dead: false, attempts: 0, nextAttemptAt: now, leasedUntil: null })
    .where(and(eq(syncOutbox.dead, true), ofRemote(remoteId), orderIds ? inArray(syncOutbox.orderId, orderIds) : undefined))
    .returning({ orderId: syncOutbox.orderId });
  if (rows.length) await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return rows.length;
}

export async function discardDeadLetters(db: Db, remoteId: number | null, orderIds: string[] | null): Promise<number> {
  const rows = await db
    .delete(syncOutbox)
    .where(and(eq(syncOutbox.dead, true), ofRemote(remoteId), orderIds ? inArray(syncOutbox.orderId, orderIds) : undefined))
    .returning({ orderId: syncOutbox.orderId });
  return rows.length;
}
