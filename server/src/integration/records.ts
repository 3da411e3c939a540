import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { syncRecords } from './sync.tables.js';
import type { SyncState } from './sync-state.js';

export interface SyncRecord {
  orderId: string;
  state: SyncState;
  base: number;
  resolution: boolean;
  theirs: Record<string, unknown> | null;
  theirsVersion: number | null;
  reason: string | null;
  updatedAt: Date;
  syncedAt: Date | null;
}

export async function loadRecords(db: Db, ids: string[]): Promise<Map<string, SyncRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(syncRecords).where(inArray(syncRecords.orderId, ids));
  return new Map(
    rows.map((r) => [r.orderId, { ...r, state: r.state as SyncState, theirs: (r.theirs as Record<string, unknown> | null) ?? null }]),
  );
}

export async function loadRecord(db: Db, id: string): Promise<SyncRecord | null> {
  return (await loadRecords(db, [id])).get(id) ?? null;
}

/** Writes records whole, in one statement. */
export async function saveRecords(db: Db, records: SyncRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db
    .insert(syncRecords)
    .values(records)
    .onConflictDoUpdate({
      target: syncRecords.orderId,
      set: {
        state: sql`excluded.state`,
        base: sql`excluded.base`,
        resolution: sql`excluded.resolution`,
        theirs: sql`excluded.theirs`,
        theirsVersion: sql`excluded.theirs_version`,
        reason: sql`excluded.reason`,
        updatedAt: sql`excluded.updated_at`,
        syncedAt: sql`excluded.synced_at`,
      },
    });
}
