/**
 * Listing what changed since a cursor from a list that can only be filtered by `updatedAt > after`
 * (strict, millisecond precision) and sorted by updatedAt: Vendure's `orders` query. Separate from
 * the HTTP so the paging is tested without a shop (test/integration/vendure/change-listing.test.ts).
 */

export interface Changed {
  id: string;
  /** ISO 8601 with milliseconds, as Vendure sends it. */
  updatedAt: string;
}

/** Where a change listing stopped; JSON-serialisable, kept by the engine between polls. */
export interface ChangeCursor {
  /** The newest `updatedAt` listed so far. */
  after: string | null;
  /** `id@updatedAt` of what was listed within the overlap window: not listed again. */
  seen: string[];
}

/** One page, sorted by updatedAt then id, of the items with updatedAt strictly after `after`. */
export type FetchPage<T extends Changed> = (after: string | null, skip: number, take: number) => Promise<T[]>;

export interface ListingOptions {
  pageSize: number;
  /**
   * How far each listing reaches back before the cursor, in ms. An item's updatedAt is written
   * inside the writer's transaction and becomes visible when it commits, possibly after a listing
   * that already read past that time; reading the last few seconds again catches it.
   */
  overlapMs: number;
}

const keyOf = (item: Changed): string => `${item.id}@${item.updatedAt}`;
const msBefore = (iso: string, ms: number): string => new Date(Date.parse(iso) - ms).toISOString();

/**
 * Everything changed since the cursor, oldest first, each item once (the newest version of an
 * item that changed again while being listed).
 *
 * Each page starts 1 ms before the last `updatedAt` of the previous one (the filter is strict and
 * the database keeps µs), and what was listed already is dropped by `id@updatedAt`. Plain offset
 * paging would skip an item whenever one listed earlier changes during the listing and moves to
 * the end; the offset is used only to step through more than a page of items changed within one
 * millisecond.
 */
export async function listChanges<T extends Changed>(
  fetchPage: FetchPage<T>,
  cursor: ChangeCursor | null,
  { pageSize, overlapMs }: ListingOptions,
): Promise<{ items: T[]; cursor: ChangeCursor }> {
  const seen = new Set(cursor?.seen ?? []);
  const items: T[] = [];
  let after = cursor?.after ? msBefore(cursor.after, overlapMs) : null;
  let skip = 0;
  for (;;) {
    const page = await fetchPage(after, skip, pageSize);
    let fresh = 0;
    for (const item of page) {
      const key = keyOf(item);
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(item);
      fresh++;
    }
    if (page.length < pageSize) break;
    const nextAfter = msBefore(page[page.length - 1]!.updatedAt, 1);
    if (fresh === 0 || nextAfter === after) {
      skip += page.length;
    } else {
      after = nextAfter;
      skip = 0;
    }
  }
  // An item that changed again during the listing was met twice: keep its last (newest) version.
  const lastIndex = new Map(items.map((item, i) => [item.id, i]));
  const unique = items.filter((item, i) => lastIndex.get(item.id) === i);
  const newest = unique.reduce<string | null>(
    (max, item) => (max === null || Date.parse(item.updatedAt) > Date.parse(max) ? item.updatedAt : max),
    cursor?.after ?? null,
  );
  // Kept: what the next listing's overlap can meet again. Its filter is "after newest - overlap",
  // and an item shown at exactly that millisecond may have been written a few µs after it.
  const keepFrom = newest ? Date.parse(newest) - overlapMs : 0;
  return {
    items: unique,
    cursor: { after: newest, seen: [...seen].filter((key) => Date.parse(key.slice(key.lastIndexOf('@') + 1)) >= keepFrom) },
  };
}
