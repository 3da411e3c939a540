import { and, count, gt, gte, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { HOUR_MS, lastHours } from '../shared/hour-buckets.js';
import { orders } from './order.tables.js';

/**
 * Orders created and changed per hour, for the dashboard's 24-hour chart. Built from what the
 * orders table keeps: `created_at`, and `updated_at` of orders past their first version. An order
 * keeps only its latest change time, so an order changed in several hours counts in the last one.
 */
export interface OrderActivityHour {
  hour: Date;
  created: number;
  changed: number;
}

const bucketOf = (column: typeof orders.createdAt | typeof orders.updatedAt) =>
  sql<string>`floor(extract(epoch from ${column}) / 3600)::bigint`.mapWith(Number);

/** Counts per bucket as a map; buckets without rows are absent. */
export const countsByBucket = (rows: { bucket: number; n: number }[]): Map<number, number> =>
  new Map(rows.map((r) => [Number(r.bucket), Number(r.n)]));

/** The hours in order, zero where nothing happened (pure). */
export function activityHours(buckets: number[], created: Map<number, number>, changed: Map<number, number>): OrderActivityHour[] {
  return buckets.map((b) => ({ hour: new Date(b * HOUR_MS), created: created.get(b) ?? 0, changed: changed.get(b) ?? 0 }));
}

export async function orderActivity(db: Db, now: Date, hours: number): Promise<OrderActivityHour[]> {
  const buckets = lastHours(now, hours);
  const from = new Date(buckets[0]! * HOUR_MS);
  const createdBucket = bucketOf(orders.createdAt);
  const updatedBucket = bucketOf(orders.updatedAt);
  // Both use the created/updated indexes (range scans over the last hours only).
  const created = await db.select({ bucket: createdBucket, n: count() }).from(orders).where(gte(orders.createdAt, from)).groupBy(createdBucket);
  const changed = await db
    .select({ bucket: updatedBucket, n: count() })
    .from(orders)
    .where(and(gte(orders.updatedAt, from), gt(orders.version, 1)))
    .groupBy(updatedBucket);
  return activityHours(buckets, countsByBucket(created), countsByBucket(changed));
}

/**
 * Each order's current version and when it was made, as a subquery another module can join (the
 * sync measures its delivery lag against it) without knowing the orders table.
 */
export const orderVersionTimes = (db: Db) =>
  db.select({ id: orders.id, version: orders.version, updatedAt: orders.updatedAt }).from(orders).as('order_version_times');
