import { eq } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { syncCursors } from './sync.tables.js';

/** Where the puller is in one remote's changes. `cursor` is the adapter's own (a feed cursor, a changed-since mark). */
export interface PullPosition {
  /** Undefined: from the beginning. */
  cursor: string | undefined;
  feedId: string | null;
}

export const START: PullPosition = { cursor: undefined, feedId: null };

export async function loadCursor(db: Db, remoteId: number): Promise<PullPosition> {
  const [row] = await db.select().from(syncCursors).where(eq(syncCursors.remoteId, remoteId));
  return row ? { cursor: row.cursor === '' ? undefined : row.cursor, feedId: row.feedId } : START;
}

export async function saveCursor(db: Db, remoteId: number, position: PullPosition, now: Date): Promise<void> {
  const values = { cursor: position.cursor ?? '', feedId: position.feedId, updatedAt: now };
  await db.insert(syncCursors).values({ remoteId, ...values }).onConflictDoUpdate({ target: syncCursors.remoteId, set: values });
}

/** A remote re-pointed at another URL or replaced: its changes are read again from the start. */
export async function resetCursor(db: Db, remoteId: number): Promise<void> {
  await db.delete(syncCursors).where(eq(syncCursors.remoteId, remoteId));
}
