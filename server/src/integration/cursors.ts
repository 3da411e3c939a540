import { eq } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { syncCursors } from './sync.tables.js';

/** Where the puller is in one remote's changes. `cursor` is the adapter's own (a feed cursor, a changed-since mark). */
export interface PullPosition {
  /** Undefined: from the beginning. */
  cursor: string | undefined;
  feedId: string | null;
  /**
   * On the first read of the remote's feed, from its start, until a page says nothing more is
   * ready: the remote's records of what we hold may describe a database we no longer have (ours
   * was replaced), so every page of this read asks for everything. After it, reads are
   * incremental and the remote leaves out what it knows we hold (no duplicates in a catch-up).
   */
  full: boolean;
}

export const START: PullPosition = { cursor: undefined, feedId: null, full: true };

export async function loadCursor(db: Db, remoteId: number): Promise<PullPosition> {
  const [row] = await db.select().from(syncCursors).where(eq(syncCursors.remoteId, remoteId));
  // An empty cursor is the start (a position saved before full_read existed included).
  return row ? { cursor: row.cursor === '' ? undefined : row.cursor, feedId: row.feedId, full: row.fullRead || row.cursor === '' } : START;
}

export async function saveCursor(db: Db, remoteId: number, position: PullPosition, now: Date): Promise<void> {
  const values = { cursor: position.cursor ?? '', feedId: position.feedId, fullRead: position.full, updatedAt: now };
  await db.insert(syncCursors).values({ remoteId, ...values }).onConflictDoUpdate({ target: syncCursors.remoteId, set: values });
}

/** A remote re-pointed at another URL or replaced: its changes are read again from the start. */
export async function resetCursor(db: Db, remoteId: number): Promise<void> {
  await db.delete(syncCursors).where(eq(syncCursors.remoteId, remoteId));
}
