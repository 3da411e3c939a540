import { and, count, desc, eq, lt, type SQL } from 'drizzle-orm';
import { insertRows } from '../db/statements.js';
import type { Db } from '../db/types.js';
import { syncLog } from './sync.tables.js';

export type LogEntry = typeof syncLog.$inferInsert;

export async function writeLog(db: Db, entries: LogEntry[]): Promise<void> {
  if (entries.length) await db.execute(writeLogQuery(entries));
}

/** The insert of writeLog as a statement not yet run (to be part of a larger one). */
export function writeLogQuery(entries: LogEntry[]): SQL {
  return insertRows(syncLog, entries);
}

export interface LogQuery {
  remoteId?: number | null;
  orderId?: string | null;
  direction?: 'in' | 'out' | null;
  outcome?: string | null;
  page: number;
  perPage: number;
}

export async function readLog(db: Db, q: LogQuery) {
  const parts: SQL[] = [];
  if (q.remoteId != null) parts.push(eq(syncLog.remoteId, q.remoteId));
  if (q.orderId) parts.push(eq(syncLog.orderId, q.orderId));
  if (q.direction) parts.push(eq(syncLog.direction, q.direction));
  if (q.outcome) parts.push(eq(syncLog.outcome, q.outcome));
  const where = parts.length ? and(...parts) : undefined;
  const items = await db
    .select()
    .from(syncLog)
    .where(where)
    .orderBy(desc(syncLog.id))
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(syncLog).where(where);
  return { items, total };
}

export async function pruneLog(db: Db, olderThan: Date): Promise<number> {
  const rows = await db.delete(syncLog).where(lt(syncLog.at, olderThan)).returning({ id: syncLog.id });
  return rows.length;
}
