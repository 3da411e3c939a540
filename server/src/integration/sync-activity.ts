import { and, count, countDistinct, eq, gte, max, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { orderVersionTimes } from '../orders/order.activity.js';
import { HOUR_MS, lastHours } from '../shared/hour-buckets.js';
import { syncLog } from './sync.tables.js';
import { ST } from './sync-state.js';

/**
 * The sync's last hours, from its log: messages sent and received, failed and paused attempts,
 * orders that went into collision, and the delivery lag (from a change here to the peer's
 * acknowledgement of it), per hour.
 */
export interface SyncActivityHour {
  hour: Date;
  /** Messages the peer took (outcome delivered). */
  sent: number;
  /** Messages received from the peer and taken in (any inbound outcome but rejected). */
  received: number;
  /** Attempts that failed (peer down, refused, parked). */
  failed: number;
  /** Attempts held back because a side paused the sync (a deliberate pause, not a failure). */
  paused: number;
  /** Orders that went into collision in this hour. */
  collisions: number;
  /** Average and longest time from a change to its delivery, in seconds; null without deliveries. */
  lagAvgSeconds: number | null;
  lagMaxSeconds: number | null;
}

export type OutcomeCategory = 'sent' | 'received' | 'failed' | 'paused' | 'other';

/** Which chart series a log entry counts in (pure; an outcome this code does not know is "other"). */
export function outcomeCategory(direction: string, outcome: string): OutcomeCategory {
  if (outcome === 'paused') return 'paused';
  if (direction === 'out') {
    if (outcome === 'delivered') return 'sent';
    if (outcome === 'failed' || outcome === 'dead') return 'failed';
    return 'other';
  }
  if (direction === 'in') return outcome === 'rejected' ? 'failed' : 'received';
  return 'other';
}

interface OutcomeRow {
  bucket: number;
  direction: string;
  outcome: string;
  n: number;
}

interface LagRow {
  bucket: number;
  avg: number | null;
  max: number | null;
}

/** Puts the grouped rows into hours, zero where nothing happened (pure). */
export function activityHours(buckets: number[], outcomes: OutcomeRow[], collisions: { bucket: number; n: number }[], lags: LagRow[]): SyncActivityHour[] {
  const hours = new Map<number, SyncActivityHour>(
    buckets.map((b) => [b, { hour: new Date(b * HOUR_MS), sent: 0, received: 0, failed: 0, paused: 0, collisions: 0, lagAvgSeconds: null, lagMaxSeconds: null }]),
  );
  for (const row of outcomes) {
    const hour = hours.get(Number(row.bucket));
    const category = outcomeCategory(row.direction, row.outcome);
    if (hour && category !== 'other') hour[category] += Number(row.n);
  }
  for (const row of collisions) {
    const hour = hours.get(Number(row.bucket));
    if (hour) hour.collisions = Number(row.n);
  }
  for (const row of lags) {
    const hour = hours.get(Number(row.bucket));
    if (!hour) continue;
    hour.lagAvgSeconds = row.avg === null ? null : Math.round(Number(row.avg) * 10) / 10;
    hour.lagMaxSeconds = row.max === null ? null : Math.round(Number(row.max) * 10) / 10;
  }
  return [...hours.values()];
}

const bucket = sql<number>`floor(extract(epoch from ${syncLog.at}) / 3600)::bigint`.mapWith(Number);

/**
 * The outcome, with the attempts that the peer refused because its sync was paused counted as a
 * pause (senders that predate the `paused` outcome log them as `failed`, with the peer's 503
 * answer in the detail): a deliberate pause is not a failure.
 */
const outcome = sql<string>`case when ${syncLog.outcome} = 'failed' and ${syncLog.detail} like '%503%paused%' then 'paused' else ${syncLog.outcome} end`;

export async function syncActivity(db: Db, now: Date, hours: number): Promise<SyncActivityHour[]> {
  const buckets = lastHours(now, hours);
  const from = new Date(buckets[0]! * HOUR_MS);
  const recent = gte(syncLog.at, from);
  const outcomes = await db
    .select({ bucket, direction: syncLog.direction, outcome, n: count() })
    .from(syncLog)
    .where(recent)
    .groupBy(bucket, syncLog.direction, outcome);
  // An order counts once per hour in which it went into collision (not for the repeats after).
  const collisions = await db
    .select({ bucket, n: countDistinct(syncLog.orderId) })
    .from(syncLog)
    .where(and(recent, eq(syncLog.outcome, 'collision'), ne(syncLog.stateBefore, ST.COLLISION)))
    .groupBy(bucket);
  // Lag: a delivery of the order's current version, against the time that version was made.
  // Earlier versions' times are not kept, so only changes still current are measured.
  const times = orderVersionTimes(db);
  const lagSeconds = sql<number>`extract(epoch from (${syncLog.at} - ${times.updatedAt}))`;
  const lags = await db
    .select({ bucket, avg: sql<number | null>`avg(${lagSeconds})`.mapWith(Number), max: max(lagSeconds).mapWith(Number) })
    .from(syncLog)
    .innerJoin(times, and(eq(times.id, syncLog.orderId), eq(times.version, syncLog.version)))
    .where(and(recent, eq(syncLog.direction, 'out'), eq(syncLog.outcome, 'delivered'), gte(syncLog.at, times.updatedAt)))
    .groupBy(bucket);
  return activityHours(buckets, outcomes, collisions, lags);
}
