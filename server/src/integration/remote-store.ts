import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/types.js';
import type { RemoteKind } from './remote-adapter.js';
import type { RemoteDefinition } from './remote-definition.js';
import { resetCursor } from './cursors.js';
import { syncOutbox, syncRecords, syncRemotes } from './sync.tables.js';

export type RemoteSource = 'env' | 'file' | 'api';

export interface StoredRemote {
  id: number;
  name: string;
  kind: RemoteKind;
  url: string | null;
  label: string | null;
  credentials: RemoteDefinition['credentials'] | null;
  settings: Record<string, unknown> | null;
  paused: boolean;
  source: RemoteSource;
}

/** Another process on the same database added, changed, paused or removed a remote. */
export const REMOTES_CHANNEL = 'sync_remotes';

const toStored = (r: typeof syncRemotes.$inferSelect): StoredRemote => ({
  id: r.id,
  name: r.name,
  kind: r.kind as RemoteKind,
  url: r.url,
  label: r.label,
  credentials: (r.credentials as StoredRemote['credentials']) ?? null,
  settings: (r.settings as Record<string, unknown> | null) ?? null,
  paused: r.paused,
  source: r.source as RemoteSource,
});

export async function loadRemotes(db: Db): Promise<StoredRemote[]> {
  return (await db.select().from(syncRemotes).orderBy(asc(syncRemotes.id))).map(toStored);
}

export const definitionOf = (r: StoredRemote): RemoteDefinition => ({
  name: r.name,
  kind: r.kind,
  ...(r.url ? { url: r.url } : {}),
  ...(r.credentials ? { credentials: r.credentials } : {}),
  ...(r.label ? { label: r.label } : {}),
  paused: r.paused,
  ...(r.settings ? { settings: r.settings } : {}),
});

/** Advisory key (space 0) under which remotes are declared: see lockRemoteDeclarations. */
const DECLARE_REMOTES_KEY = 7_340_030;

/**
 * Serialises declaring remotes until the transaction ends. Processes that start at once on one
 * database declare the same remotes (PEER_URL, REMOTES_FILE): without it both read "no remote
 * `peer`", both insert it, and the second fails to start on the unique name.
 */
export async function lockRemoteDeclarations(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(0, ${DECLARE_REMOTES_KEY})`);
}

/**
 * Creates or replaces a remote by name. A new URL restarts the reading of its changes from the start
 * (it may be another system); the records stay (the orders it was in sync with are still ours).
 */
export async function saveRemote(db: Db, definition: RemoteDefinition, source: RemoteSource, now: Date): Promise<StoredRemote> {
  const [before] = await db.select().from(syncRemotes).where(eq(syncRemotes.name, definition.name));
  const values = {
    kind: definition.kind,
    url: definition.url ?? null,
    label: definition.label ?? null,
    credentials: definition.credentials ?? null,
    settings: definition.settings ?? null,
    paused: definition.paused ?? before?.paused ?? false,
    source,
    updatedAt: now,
  };
  const [row] = before
    ? await db.update(syncRemotes).set(values).where(eq(syncRemotes.id, before.id)).returning()
    : await db.insert(syncRemotes).values({ name: definition.name, createdAt: now, ...values }).returning();
  if (before && (before.url !== values.url || before.kind !== values.kind)) await resetCursor(db, before.id);
  await notifyRemotes(db);
  return toStored(row!);
}

export async function setRemotePaused(db: Db, id: number, paused: boolean, now: Date): Promise<void> {
  await db.update(syncRemotes).set({ paused, updatedAt: now }).where(eq(syncRemotes.id, id));
  await notifyRemotes(db);
}

/** Forgets a remote: its records, its queue and its cursor. The orders stay. */
export async function deleteRemote(db: Db, id: number): Promise<void> {
  await db.delete(syncOutbox).where(eq(syncOutbox.remoteId, id));
  await db.delete(syncRecords).where(eq(syncRecords.remoteId, id));
  await resetCursor(db, id);
  await db.delete(syncRemotes).where(eq(syncRemotes.id, id));
  await notifyRemotes(db);
}

async function notifyRemotes(db: Db): Promise<void> {
  await db.execute(sql`select pg_notify(${REMOTES_CHANNEL}, '')`);
}
