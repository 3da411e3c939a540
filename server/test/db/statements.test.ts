import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { anyOf, arrayLiteral, insertRows, rowFromJson, rowsOf, typedArray } from '../../src/db/statements.js';
import { syncLog, syncOutbox, syncRecords } from '../../src/integration/sync.tables.js';
import { databaseForBlock, DRIVERS } from '../support/databases.js';

/**
 * The hand-built statements of db/statements.ts carry a whole batch in one parameter (a JSON
 * document, an array literal). What goes in must come out exactly: quotes, backslashes, commas,
 * braces, non-ASCII text, nulls, JSON values and times.
 */
const AWKWARD = ['plain', 'with "quotes"', 'back\\slash', 'comma, {brace}', 'NULL', '', ' spaces ', 'Chloé 漢字 🚚', "it's"];

describe('arrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(arrayLiteral(['a', 'b"c', 'd\\e', 7])).toBe('{"a","b\\"c","d\\\\e","7"}');
    expect(arrayLiteral([])).toBe('{}');
  });
});

describe.each(DRIVERS)('batch statements on $driver', ({ driver, skip }) => {
  const database = databaseForBlock(driver, skip);

  it.skipIf(skip)('typedArray gives every value back as it was', async () => {
    const rows = await rowsOf<{ v: string }>(database.db().execute(sql`select unnest(${typedArray(AWKWARD, 'text')}) as v`));
    expect(rows.map((r) => r.v)).toEqual(AWKWARD);
    const numbers = await rowsOf<{ v: string | number }>(database.db().execute(sql`select unnest(${typedArray([1, -2, 9_007_199_254_740_991], 'bigint')}) as v`));
    expect(numbers.map((r) => String(r.v))).toEqual(['1', '-2', '9007199254740991']);
  });

  it.skipIf(skip)('insertRows writes each row exactly, JSON null as SQL null, and leaves unnamed columns to their defaults', async () => {
    const at = new Date('2026-12-01T04:05:06.789Z');
    const ids = AWKWARD.map((_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
    const content = (i: number) => ({ note: AWKWARD[i], nested: { list: [1, 'two', null], flag: i % 2 === 0 } });
    await database.db().execute(
      insertRows(
        syncRecords,
        ids.map((orderId, i) => ({
          remoteId: 1,
          orderId,
          remoteKey: i === 0 ? null : AWKWARD[i],
          state: 1,
          base: i,
          baseContent: i % 2 ? content(i) : null,
          ownVersions: { [String(i + 1)]: content(i) },
          merge: null,
          resolution: i % 3 === 0,
          theirs: null,
          theirsVersion: i % 2 ? i : null,
          reason: AWKWARD[i],
          updatedAt: at,
          syncedAt: i % 2 ? at : null,
        })),
      ),
    );
    const rows = await database.db().select().from(syncRecords).orderBy(syncRecords.orderId);
    expect(rows).toHaveLength(AWKWARD.length);
    rows.forEach((row, i) => {
      expect(row.orderId).toBe(ids[i]);
      expect(row.remoteKey).toBe(i === 0 ? null : AWKWARD[i]);
      expect(row.reason).toBe(AWKWARD[i]);
      expect(row.base).toBe(i);
      expect(row.resolution).toBe(i % 3 === 0);
      expect(row.baseContent).toEqual(i % 2 ? content(i) : null);
      expect(row.ownVersions).toEqual({ [String(i + 1)]: content(i) });
      expect(row.theirsVersion).toBe(i % 2 ? i : null);
      expect(row.updatedAt.toISOString()).toBe(at.toISOString());
      expect(row.syncedAt?.toISOString() ?? null).toBe(i % 2 ? at.toISOString() : null);
    });
    // JSON null must be SQL NULL, not a JSON null value (`where merge is null` must find it).
    const nulls = await rowsOf<{ n: string | number }>(database.db().execute(sql`select count(*) as n from sync_records where merge is null and theirs is null`));
    expect(Number(nulls[0]!.n)).toBe(AWKWARD.length);

    // The outbox's attempts, lease and dead flag are named by no row: their defaults apply.
    await database.db().execute(insertRows(syncOutbox, [{ remoteId: 1, orderId: ids[0]!, seq: 1, enqueuedAt: at, nextAttemptAt: at }]));
    const [entry] = await database.db().select().from(syncOutbox).where(eq(syncOutbox.orderId, ids[0]!));
    expect(entry).toMatchObject({ attempts: 0, dead: false, leasedUntil: null, lastError: null, seq: 1 });
  });

  it.skipIf(skip)('insertRows takes rows that leave out different optional columns (null where left out) and a serial key from its sequence', async () => {
    const at = new Date();
    const orderId = '00000000-0000-4000-8000-0000000000ff';
    await database.db().execute(
      insertRows(syncLog, [
        { at, remoteId: 1, direction: 'in', orderId, outcome: 'applied', version: 3, detail: 'first' },
        { at, remoteId: null, direction: 'out', orderId, outcome: 'resolved', messageState: 2 },
      ]),
    );
    const rows = await database.db().select().from(syncLog).where(eq(syncLog.orderId, orderId)).orderBy(syncLog.id);
    expect(rows.map((r) => [r.direction, r.version, r.detail, r.messageState, r.remoteId])).toEqual([
      ['in', 3, 'first', null, 1],
      ['out', null, null, 2, null],
    ]);
    expect(rows[1]!.id).toBeGreaterThan(rows[0]!.id);
  });

  it.skipIf(skip)('rowFromJson reads a row from row_to_json exactly as drizzle reads it', async () => {
    const viaDrizzle = await database.db().select().from(syncRecords).orderBy(syncRecords.orderId);
    const texts = await rowsOf<{ json: string }>(database.db().execute(sql`select row_to_json(r)::text as json from sync_records r order by r.order_id`));
    expect(viaDrizzle.length).toBeGreaterThan(0);
    expect(texts.map((t) => rowFromJson(syncRecords, JSON.parse(t.json) as Record<string, unknown>))).toEqual(viaDrizzle);
  });

  it.skipIf(skip)('anyOf finds rows by a list of ids, duplicates and all', async () => {
    const found = await database
      .db()
      .select({ orderId: syncRecords.orderId })
      .from(syncRecords)
      .where(anyOf(syncRecords.remoteKey, [AWKWARD[1]!, AWKWARD[1]!, AWKWARD[3]!, 'absent'], 'text'));
    expect(found).toHaveLength(2);
  });

  it.skipIf(skip)('insertRows of no rows is a valid statement that writes nothing, whatever follows it', async () => {
    const before = await database.db().select().from(syncOutbox);
    await database.db().execute(sql`${insertRows(syncOutbox, [])} where true on conflict (remote_id, order_id) do nothing`);
    expect(await database.db().select().from(syncOutbox)).toEqual(before);
  });

  it('insertRows refuses a key the table has no column for', () => {
    expect(() => insertRows(syncOutbox, [{ remoteId: 1, orderId: 'x', sequence: 1 }])).toThrow(/sync_outbox has no column for "sequence"/);
  });
});
