import { describe, expect, it } from 'vitest';
import { listChanges, type Changed, type FetchPage } from '../../../src/integration/vendure/vendure-change-listing.js';

/**
 * A list that behaves like Vendure's `orders` query: strict `after` on updatedAt at millisecond
 * precision, sorted by updatedAt then id, offset paging. `onFetch` lets a test change items
 * between pages, as the shop does while the sync pages through it.
 */
function store(items: Changed[], onFetch?: (call: number, items: Changed[]) => void): FetchPage<Changed> & { calls: number } {
  const fetch = async (after: string | null, skip: number, take: number) => {
    onFetch?.(fetch.calls, items);
    fetch.calls++;
    return items
      .filter((i) => after === null || Date.parse(i.updatedAt) > Date.parse(after))
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || Number(a.id) - Number(b.id))
      .slice(skip, skip + take)
      .map((i) => ({ ...i }));
  };
  fetch.calls = 0;
  return fetch;
}

const at = (ms: number): string => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
const items = (n: number, msEach = 10): Changed[] => Array.from({ length: n }, (_, i) => ({ id: String(i + 1), updatedAt: at(i * msEach) }));
const ids = (list: Changed[]) => list.map((i) => i.id);
const options = { pageSize: 3, overlapMs: 50 };

describe('listing changes since a cursor', () => {
  it('lists everything from the start, across pages, oldest first', async () => {
    const { items: listed, cursor } = await listChanges(store(items(8)), null, options);
    expect(ids(listed)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(cursor.after).toBe(at(70));
  });

  it('lists nothing again, then only what changed (the overlap re-read is de-duplicated)', async () => {
    const data = items(8);
    const fetch = store(data);
    const first = await listChanges(fetch, null, options);
    expect((await listChanges(fetch, first.cursor, options)).items).toEqual([]);
    data[2]!.updatedAt = at(100);
    data[7]!.updatedAt = at(101);
    const next = await listChanges(fetch, first.cursor, options);
    expect(ids(next.items)).toEqual(['3', '8']);
    expect(next.cursor.after).toBe(at(101));
  });

  it('catches a change committed late with a time inside the overlap window', async () => {
    const data = items(5);
    const fetch = store(data);
    const first = await listChanges(fetch, null, options);
    // Written at 35 ms by a transaction that committed after the listing read up to 40 ms.
    data.push({ id: '9', updatedAt: at(35) });
    expect(ids((await listChanges(fetch, first.cursor, options)).items)).toEqual(['9']);
  });

  it('pages through more items changed within one millisecond than a page holds', async () => {
    const data = [...items(2), ...Array.from({ length: 7 }, (_, i) => ({ id: String(10 + i), updatedAt: at(500) })), { id: '30', updatedAt: at(900) }];
    const { items: listed } = await listChanges(store(data), null, options);
    expect(ids(listed)).toEqual(['1', '2', '10', '11', '12', '13', '14', '15', '16', '30']);
  });

  it('skips nothing when an item listed earlier changes while paging (offset paging would)', async () => {
    const data = items(9);
    // Before the second page is read, item 1 changes and moves to the end.
    const fetch = store(data, (call, list) => {
      if (call === 1) list[0]!.updatedAt = at(1000);
    });
    const { items: listed, cursor } = await listChanges(fetch, null, options);
    expect(new Set(ids(listed))).toEqual(new Set(ids(data)));
    // Listed once, in its newest version.
    expect(listed.filter((i) => i.id === '1')).toEqual([{ id: '1', updatedAt: at(1000) }]);
    expect(cursor.after).toBe(at(1000));
  });

  it('keeps in the cursor only what the next overlap can meet again', async () => {
    const { cursor } = await listChanges(store(items(8)), null, options);
    // From 70 - 50 = 20 ms on: the next listing asks for "after 20 ms", which in the database (µs)
    // also holds an item shown as 20 ms but written at 20.4 ms.
    expect(cursor.seen.sort()).toEqual(['3@' + at(20), '4@' + at(30), '5@' + at(40), '6@' + at(50), '7@' + at(60), '8@' + at(70)].sort());
    expect(JSON.parse(JSON.stringify(cursor))).toEqual(cursor);
  });
});
