import { and, eq, getTableColumns, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { anyOf, insertRows, rowFromJson, rowsOf, typedArray } from '../db/statements.js';
import type { Db } from '../db/types.js';
import type { OrderService } from '../orders/order.service.js';
import { syncRecords } from './sync.tables.js';
import type { MergeContent } from './merge.js';
import type { WireMerge } from './message.js';
import { ST, type SyncState } from './sync-state.js';

/** The last automatic merge of an order, as the admin shows it (made here, or by the peer and adopted). */
export type MergeInfo = WireMerge;

export interface SyncRecord {
  remoteId: number;
  orderId: string;
  /** The remote's own id for the order (rest, vendure); null for peers, which share our ids. */
  remoteKey: string | null;
  state: SyncState;
  base: number;
  baseContent: MergeContent | null;
  ownVersions: Record<string, MergeContent> | null;
  /** The own versions a write to the remote may have carried (see sync.tables.ts); null: not known, any. */
  writtenVersions: number[] | null;
  merge: MergeInfo | null;
  resolution: boolean;
  theirs: Record<string, unknown> | null;
  theirsVersion: number | null;
  reason: string | null;
  updatedAt: Date;
  syncedAt: Date | null;
}

type Row = typeof syncRecords.$inferSelect;

const toRecord = (r: Row): SyncRecord => ({
  ...r,
  state: r.state as SyncState,
  theirs: (r.theirs as Record<string, unknown> | null) ?? null,
  baseContent: (r.baseContent as MergeContent | null) ?? null,
  ownVersions: (r.ownVersions as Record<string, MergeContent> | null) ?? null,
  writtenVersions: (r.writtenVersions as number[] | null) ?? null,
  merge: (r.merge as MergeInfo | null) ?? null,
});

/** The records of these orders with one remote, by order id. */
export async function loadRecords(db: Db, remoteId: number, ids: string[]): Promise<Map<string, SyncRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(syncRecords)
    .where(and(eq(syncRecords.remoteId, remoteId), anyOf(syncRecords.orderId, ids, 'uuid')));
  return new Map(rows.map((r) => [r.orderId, toRecord(r)]));
}

/** What the feed decides on (local-changes.ts, feedExtras): a record's state, without its copies of content. */
export type RecordState = Pick<SyncRecord, 'state' | 'base' | 'resolution' | 'reason' | 'syncedAt'>;

/** The states of these orders' records with one remote, by order id (a held page reads them after every delivery). */
export async function loadRecordStates(db: Db, remoteId: number, ids: string[]): Promise<Map<string, RecordState>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ orderId: syncRecords.orderId, state: syncRecords.state, base: syncRecords.base, resolution: syncRecords.resolution, reason: syncRecords.reason, syncedAt: syncRecords.syncedAt })
    .from(syncRecords)
    .where(and(eq(syncRecords.remoteId, remoteId), anyOf(syncRecords.orderId, ids, 'uuid')));
  return new Map(rows.map(({ orderId, ...r }) => [orderId, { ...r, state: r.state as SyncState }]));
}

/**
 * This remote's record of the order whose id is `orderId` (a column of the enclosing statement), as
 * one JSON text, null when there is none: read alongside the order in one statement (OrderService.getManyWith).
 */
export function recordJsonOf(remoteId: number, orderId: SQLWrapper): SQL<string | null> {
  return sql<string | null>`(select row_to_json(r)::text from ${syncRecords} r where r.remote_id = ${remoteId} and r.order_id = ${orderId})`;
}

/** A record from recordJsonOf's text. */
export function recordFromJson(text: string): SyncRecord {
  return toRecord(rowFromJson(syncRecords, JSON.parse(text) as Record<string, unknown>));
}

/**
 * What a message needs of its order's record: not the copies of content kept for merges (our
 * unacknowledged versions, the remote's colliding copy), the larger part of a record. The agreed
 * content (`baseContent`) only for a remote without versions, whose adapter compares against it.
 */
export type SendingRecord = Pick<SyncRecord, 'remoteKey' | 'state' | 'base' | 'resolution' | 'merge' | 'reason' | 'baseContent'>;

const SENDING_COLUMNS = ['remoteKey', 'state', 'base', 'resolution', 'merge', 'reason'] as const;

const columnList = (keys: readonly (keyof typeof syncRecords.$inferSelect)[]) => {
  const columns = getTableColumns(syncRecords);
  return sql.raw(keys.map((k) => `r."${columns[k].name}"`).join(', '));
};
const SENDING = { withBase: columnList([...SENDING_COLUMNS, 'baseContent']), withoutBase: columnList(SENDING_COLUMNS) };

/** recordJsonOf for a message (see SendingRecord). */
export function sendingRecordJsonOf(remoteId: number, orderId: SQLWrapper, withBaseContent: boolean): SQL<string | null> {
  const columns = withBaseContent ? SENDING.withBase : SENDING.withoutBase;
  return sql<string | null>`(select row_to_json(s)::text from (select ${columns} from ${syncRecords} r where r.remote_id = ${remoteId} and r.order_id = ${orderId}) s)`;
}

/** A SendingRecord from sendingRecordJsonOf's text. */
export function sendingRecordFromJson(text: string): SendingRecord {
  const { remoteKey, state, base, resolution, merge, reason, baseContent } = recordFromJson(text);
  return { remoteKey, state, base, resolution, merge, reason, baseContent };
}

/** The records of these orders with several remotes at once, by remote, then by order id. */
export async function loadRecordsOfRemotes(db: Db, remoteIds: number[], ids: string[]): Promise<Map<number, Map<string, SyncRecord>>> {
  const out = new Map<number, Map<string, SyncRecord>>(remoteIds.map((id) => [id, new Map()]));
  if (ids.length === 0 || remoteIds.length === 0) return out;
  if (remoteIds.length === 1) return new Map([[remoteIds[0]!, await loadRecords(db, remoteIds[0]!, ids)]]);
  const rows = await db
    .select()
    .from(syncRecords)
    .where(and(inArray(syncRecords.remoteId, remoteIds), anyOf(syncRecords.orderId, ids, 'uuid')));
  for (const r of rows) out.get(r.remoteId)?.set(r.orderId, toRecord(r));
  return out;
}

export async function loadRecord(db: Db, remoteId: number, id: string): Promise<SyncRecord | null> {
  return (await loadRecords(db, remoteId, [id])).get(id) ?? null;
}

/** Every remote's record of these orders, by order id (the admin shows an order's state with each remote). */
export async function loadAllRecords(db: Db, ids: string[]): Promise<Map<string, SyncRecord[]>> {
  const out = new Map<string, SyncRecord[]>();
  if (ids.length === 0) return out;
  const rows = await db.select().from(syncRecords).where(anyOf(syncRecords.orderId, ids, 'uuid')).orderBy(syncRecords.remoteId);
  for (const r of rows) out.set(r.orderId, [...(out.get(r.orderId) ?? []), toRecord(r)]);
  return out;
}

/** The records of orders a remote knows by its own ids, by remote key. */
export async function loadRecordsByRemoteKey(db: Db, remoteId: number, keys: string[]): Promise<Map<string, SyncRecord>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select()
    .from(syncRecords)
    .where(and(eq(syncRecords.remoteId, remoteId), anyOf(syncRecords.remoteKey, keys, 'text')));
  return new Map(rows.map((r) => [r.remoteKey!, toRecord(r)]));
}

/** Writes records whole, in one statement. */
export async function saveRecords(db: Db, records: SyncRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.execute(saveRecordsQuery(records));
}

/**
 * The upsert of saveRecords as a statement not yet run (to be part of a larger one, see relay.ts);
 * with `onlyIf`, it writes only where that condition holds.
 */
export function saveRecordsQuery(records: SyncRecord[], onlyIf?: SQL): SQL {
  return sql`${insertRows(syncRecords, records as unknown as Record<string, unknown>[])} ${onlyIf ? sql`where ${onlyIf}` : sql``}
    on conflict (remote_id, order_id) do update set ${sql.raw(UPDATED_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', '))}`;
}

/** Every column but the key: a record is written whole. */
const UPDATED_COLUMNS = Object.values(getTableColumns(syncRecords))
  .map((c) => c.name)
  .filter((name) => name !== 'remote_id' && name !== 'order_id');

/** A record for an order the sync has not seen yet. */
export function newRecord(remoteId: number, orderId: string, now: Date): SyncRecord {
  return {
    remoteId,
    orderId,
    remoteKey: null,
    state: ST.NEW,
    base: 0,
    baseContent: null,
    ownVersions: null,
    writtenVersions: [],
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

/**
 * The written versions still above `base` (the rest are agreed or superseded). A record from before
 * the column (null) becomes known once no own version is left above the base: nothing can be in doubt.
 */
export function writtenAbove(written: number[] | null, base: number, ownAbove: Record<string, MergeContent> | null): number[] | null {
  if (written === null) return ownAbove === null ? [] : null;
  return written.filter((v) => v > base);
}

/** One version of one order, as the notes of writes name them. */
export interface VersionOf {
  orderId: string;
  version: number;
}

const versionsTable = (items: VersionOf[]) =>
  sql`(select unnest(${typedArray(items.map((i) => i.orderId), 'uuid')}) as order_id, unnest(${typedArray(items.map((i) => i.version), 'integer')}) as version)`;

/**
 * Notes, before a push to a remote without versions, that its writes may carry these versions
 * (sync.tables.ts, writtenVersions); a write whose answer never comes is still known after a
 * restart. Under the orders' sync lock, in one transaction for the batch: the inbound side writes
 * records whole, and a note made between its read and its write would be lost. Returns the notes
 * it added (a version already noted by an earlier attempt stays noted whatever this push does).
 */
export async function noteWrittenVersions(orders: OrderService, remoteId: number, items: VersionOf[]): Promise<VersionOf[]> {
  if (items.length === 0) return [];
  return orders.transaction(async (tx) => {
    await orders.holdForSync(tx, items.map((i) => i.orderId));
    const rows = await rowsOf<{ order_id: string; version: number }>(
      tx.execute(sql`
      update ${syncRecords} r set written_versions = r.written_versions || jsonb_build_array(v.version)
      from ${versionsTable(items)} v
      where r.remote_id = ${remoteId} and r.order_id = v.order_id and r.written_versions is not null and not r.written_versions @> jsonb_build_array(v.version)
      returning r.order_id, v.version`),
    );
    return rows.map((r) => ({ orderId: r.order_id, version: Number(r.version) }));
  });
}

/**
 * Takes back notes of noteWrittenVersions whose write never went out (the push failed before it,
 * or the remote's copy made it unnecessary). Not under the lock: a record written whole meanwhile
 * keeps the note, which only makes that version count as possibly written, as before the notes.
 */
export function unnoteWrittenVersionsQuery(remoteId: number, items: VersionOf[]): SQL {
  return sql`update ${syncRecords} r set written_versions = (select coalesce(jsonb_agg(e), '[]'::jsonb) from jsonb_array_elements(r.written_versions) e where e <> to_jsonb(v.version))
    from ${versionsTable(items)} v
    where r.remote_id = ${remoteId} and r.order_id = v.order_id and r.written_versions is not null`;
}
