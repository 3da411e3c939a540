import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { syncRecords } from './sync.tables.js';
import type { MergeContent } from './merge.js';
import type { WireMerge } from './message.js';
import { ST, type SyncState } from './sync-state.js';

/** The last automatic merge of an order, as the admin shows it (made here, or by the peer and adopted). */
export type MergeInfo = WireMerge;

export interface SyncRecord {
  orderId: string;
  state: SyncState;
  base: number;
  baseContent: MergeContent | null;
  ownVersions: Record<string, MergeContent> | null;
  merge: MergeInfo | null;
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
    rows.map((r) => [
      r.orderId,
      {
        ...r,
        state: r.state as SyncState,
        theirs: (r.theirs as Record<string, unknown> | null) ?? null,
        baseContent: (r.baseContent as MergeContent | null) ?? null,
        ownVersions: (r.ownVersions as Record<string, MergeContent> | null) ?? null,
        merge: (r.merge as MergeInfo | null) ?? null,
      },
    ]),
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
        baseContent: sql`excluded.base_content`,
        ownVersions: sql`excluded.own_versions`,
        merge: sql`excluded.merge`,
        resolution: sql`excluded.resolution`,
        theirs: sql`excluded.theirs`,
        theirsVersion: sql`excluded.theirs_version`,
        reason: sql`excluded.reason`,
        updatedAt: sql`excluded.updated_at`,
        syncedAt: sql`excluded.synced_at`,
      },
    });
}

/** A record for an order the sync has not seen yet. */
export function newRecord(orderId: string, now: Date): SyncRecord {
  return {
    orderId,
    state: ST.NEW,
    base: 0,
    baseContent: null,
    ownVersions: null,
    merge: null,
    resolution: false,
    theirs: null,
    theirsVersion: null,
    reason: null,
    updatedAt: now,
    syncedAt: null,
  };
}

/** Own versions above `base` only (the rest can no longer be an ancestor). */
export function ownVersionsAbove(own: Record<string, MergeContent> | null, base: number): Record<string, MergeContent> | null {
  if (!own) return null;
  const kept = Object.entries(own).filter(([v]) => Number(v) > base);
  return kept.length ? Object.fromEntries(kept) : null;
}
