/**
 * Hourly buckets for activity charts. A bucket is the number of whole hours since the Unix epoch
 * (UTC), so the database and the code agree whatever the session's time zone.
 */
export const HOUR_MS = 3_600_000;

export const hourBucket = (at: Date): number => Math.floor(at.getTime() / HOUR_MS);

/** The `hours` buckets that end with the one holding `now`, oldest first. */
export function lastHours(now: Date, hours: number): number[] {
  const last = hourBucket(now);
  return Array.from({ length: hours }, (_, i) => last - hours + 1 + i);
}

