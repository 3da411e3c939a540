import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import { FEED_START } from '../orders/order.feed.js';
import { syncPullState, syncSettings } from './sync.tables.js';

export interface SyncSettings {
  remoteUrl: string | null;
  remoteToken: string | null;
  paused: boolean;
}

export interface EnvRemote {
  remoteUrl: string | null;
  remoteToken: string | null;
}

/**
 * Settings stored through GraphQL win over the environment's; a null column means "as the environment
 * says". A token, stored or from the environment, counts only for the URL it was given for: the peer
 * token is never sent anywhere else.
 */
export async function loadSettings(db: Db, fromEnv: EnvRemote): Promise<SyncSettings> {
  const [row] = await db.select().from(syncSettings).where(eq(syncSettings.id, 1));
  const remoteUrl = row?.remoteUrl ?? fromEnv.remoteUrl;
  const storedFor = row?.remoteToken ? (row.remoteTokenUrl ?? fromEnv.remoteUrl) : null;
  const remoteToken =
    row?.remoteToken && storedFor === remoteUrl ? row.remoteToken : !row?.remoteToken && fromEnv.remoteUrl === remoteUrl ? fromEnv.remoteToken : null;
  return { remoteUrl, remoteToken, paused: row?.paused ?? false };
}

export interface SettingsChange {
  paused?: boolean;
  /** A new URL; its token goes with it (`remoteToken`), or the sync has none until one is given. */
  remoteUrl?: string | null;
  remoteToken?: string | null;
}

/** Stores a change; returns the settings before it, for the log. */
export async function saveSettings(db: Db, change: SettingsChange, fromEnv: EnvRemote, now: Date): Promise<SyncSettings> {
  const before = await loadSettings(db, fromEnv);
  const url = change.remoteUrl !== undefined ? change.remoteUrl : before.remoteUrl;
  const values: Partial<typeof syncSettings.$inferInsert> & { updatedAt: Date } = { updatedAt: now };
  if (change.paused !== undefined) values.paused = change.paused;
  if (change.remoteUrl !== undefined) values.remoteUrl = change.remoteUrl;
  if (change.remoteToken !== undefined || (change.remoteUrl !== undefined && change.remoteUrl !== before.remoteUrl)) {
    // A token is stored together with the URL it is for. A new URL without a token stores an empty
    // one: the environment's token belongs to the environment's URL and must not follow.
    values.remoteToken = change.remoteToken ?? '';
    values.remoteTokenUrl = url;
  }
  await db.insert(syncSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: syncSettings.id, set: values });
  // Other processes on the same database reload their settings when this commits.
  await db.execute(sql`select pg_notify(${SETTINGS_CHANNEL}, '')`);
  return before;
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
