import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { FEED_START } from '../orders/order.feed.js';
import { syncPullState, syncSettings } from './sync.tables.js';

export interface SyncSettings {
  remoteUrl: string | null;
  remoteToken: string | null;
  paused: boolean;
}

/** Settings stored through GraphQL win over the environment's; a null column means "as the environment says". */
export async function loadSettings(db: Db, fromEnv: { remoteUrl: string | null; remoteToken: string | null }): Promise<SyncSettings> {
  const [row] = await db.select().from(syncSettings).where(eq(syncSettings.id, 1));
  return {
    remoteUrl: row?.remoteUrl ?? fromEnv.remoteUrl,
    remoteToken: row?.remoteToken ?? fromEnv.remoteToken,
    paused: row?.paused ?? false,
  };
}

export async function saveSettings(db: Db, change: Partial<SyncSettings>, now: Date): Promise<void> {
  const values = {
    ...(change.remoteUrl !== undefined ? { remoteUrl: change.remoteUrl } : {}),
    ...(change.remoteToken !== undefined ? { remoteToken: change.remoteToken } : {}),
    ...(change.paused !== undefined ? { paused: change.paused } : {}),
    updatedAt: now,
  };
  await db.insert(syncSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: syncSettings.id, set: values });
  // Other processes on the same database reload their settings when this commits.
  await db.execute(sql`select pg_notify(${SETTINGS_CHANNEL}, '')`);
}

export const SETTINGS_CHANNEL = 'sync_settings';

export interface PullPosition {
  cursor: string;
  feedId: string | null;
}

/** Where to continue in the peer's feed; from the start when the remote URL changed. */
export async function loadPullPosition(db: Db, remoteUrl: string): Promise<PullPosition> {
  const [row] = await db.select().from(syncPullState).where(eq(syncPullState.id, 1));
  if (!row || row.remoteUrl !== remoteUrl) return { cursor: FEED_START, feedId: null };
  return { cursor: row.cursor, feedId: row.feedId };
}

export async function savePullPosition(db: Db, remoteUrl: string, position: PullPosition, now: Date): Promise<void> {
  const values = { remoteUrl, cursor: position.cursor, feedId: position.feedId, updatedAt: now };
  await db.insert(syncPullState).values({ id: 1, ...values }).onConflictDoUpdate({ target: syncPullState.id, set: values });
}
