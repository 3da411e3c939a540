import type { FeedRead } from '../orders/order.hooks.js';

/** The latest time a Date can hold: no agreement is later. */
const END_OF_TIME = new Date(8.64e15);

/**
 * The first reads of our feed by each peer (FeedRead.full), and when each began. Our records say
 * which orders the peer agreed on, but on a first read the peer's database may be a new one (it
 * was replaced) that holds none of what the old one agreed on: only an agreement made after the
 * read began (a push of ours it acknowledged, a change it sent: sync_records.synced_at, by the same
 * clock) is one with the database reading now. So a first read that meets a catch-up (a new peer
 * reading while our pushes deliver the backlog) still leaves out what the pushes delivered.
 *
 * In memory, per process: a first read whose start this process did not see (a restart, another
 * process on the database) leaves nothing out, which costs duplicates, never an order.
 */
export class FirstReads {
  private readonly began = new Map<number, Date>();
  private readonly seen = new WeakSet<FeedRead>();

  constructor(private readonly now: () => Date) {}

  /**
   * For a read by `peerId`: null when it is an incremental read (our records hold for it), else
   * the time its first read began (agreements after it hold), or the end of time when this process
   * did not see it begin (none hold).
   */
  heldSince(peerId: number, read: FeedRead): Date | null {
    if (!read.full) return null;
    // A request from the start begins a first read (a held page is the same request, read again).
    if (read.fromStart && !this.seen.has(read)) {
      this.seen.add(read);
      this.began.set(peerId, this.now());
    }
    return this.began.get(peerId) ?? END_OF_TIME;
  }
}

