import postgres from 'postgres';
import { PROCESS_API_TOKEN, type ServerProcess } from '../test/support/server-process.js';

/**
 * When does a change show up on the other side? Two observers, both in the benchmark process:
 *
 * - FeedFollower reads the server's REST change feed as a client would follow it
 *   (GET /api/orders?since=<cursor>&wait=25, the client token), and notes when each order version
 *   first appears in an answer. This is the figure the issue asks for.
 * - CommitWatcher (PostgreSQL only) LISTENs on the server's database for the product's
 *   `orders_changed` notification and reads the order's version straight from the table: when the
 *   change was committed there, before anything of the feed's own delay.
 */

export interface ArrivalWatcher {
  /** performance.now() when `id` was seen at `version` or later; null after the timeout. */
  arrival(id: string, version: number, timeoutMs: number): Promise<number | null>;
  stop(): Promise<void>;
}

interface Waiter {
  id: string;
  version: number;
  resolve(time: number | null): void;
}

function waitOn(waiters: Set<Waiter>, id: string, version: number, timeoutMs: number, check: () => void): Promise<number | null> {
  return new Promise((resolve) => {
    const waiter: Waiter = {
      id,
      version,
      resolve: (time) => {
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(time);
      },
    };
    const timer = setTimeout(() => waiter.resolve(null), timeoutMs);
    waiters.add(waiter);
    check();
  });
}

export class FeedFollower implements ArrivalWatcher {
  /** The newest version seen of each order, and when it was first seen. */
  private readonly seen = new Map<string, { version: number; at: number }>();
  private readonly waiters = new Set<Waiter>();
  private readonly abort = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  /** Feed requests made while following (for the report). */
  requests = 0;

  private constructor(
    private readonly server: ServerProcess,
    private cursor: string,
  ) {}

  /** Starts following from the current end of the feed. */
  static async start(server: ServerProcess): Promise<FeedFollower> {
    let cursor: string | undefined;
    for (;;) {
      const page = await server.apiJson<{ cursor: string; hasMore: boolean }>(`/api/orders?limit=1000${cursor ? `&since=${cursor}` : ''}`);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const follower = new FeedFollower(server, cursor);
    follower.loop = follower.follow();
    return follower;
  }

  private async follow(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const res = await fetch(`${this.server.url}/api/orders?since=${this.cursor}&limit=1000&wait=25`, {
          headers: { authorization: `Bearer ${PROCESS_API_TOKEN}` },
          signal: this.abort.signal,
        });
        const page = (await res.json()) as { orders: { id: string; version: number }[]; cursor: string };
        const at = performance.now();
        this.requests++;
        if (res.status !== 200) throw new Error(`${this.server.name} feed answered ${res.status}: ${JSON.stringify(page)}`);
        for (const order of page.orders) {
          const known = this.seen.get(order.id);
          if (!known || order.version > known.version) this.seen.set(order.id, { version: order.version, at });
        }
        this.cursor = page.cursor;
        this.check();
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.failure = err as Error;
        for (const waiter of [...this.waiters]) waiter.resolve(null);
        return;
      }
    }
  }

  private check(): void {
    for (const waiter of [...this.waiters]) {
      const known = this.seen.get(waiter.id);
      if (known && known.version >= waiter.version) waiter.resolve(known.at);
    }
  }

  arrival(id: string, version: number, timeoutMs: number): Promise<number | null> {
    if (this.failure) throw new Error(`following the feed failed: ${this.failure.message}`);
    return waitOn(this.waiters, id, version, timeoutMs, () => this.check());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    if (this.failure) throw new Error(`following the feed failed: ${this.failure.message}`);
  }
}

export class CommitWatcher implements ArrivalWatcher {
  private readonly waiters = new Set<Waiter>();
  private checking = false;
  private again = false;

  private constructor(private readonly sql: postgres.Sql) {}

  static async start(databaseUrl: string): Promise<CommitWatcher> {
    const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    const watcher = new CommitWatcher(sql);
    await sql.listen('orders_changed', () => void watcher.check().catch(() => {}));
    return watcher;
  }

  /** Reads the versions of the awaited orders; a notification during a read reads again after it. */
  private async check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return;
    }
    this.checking = true;
    try {
      do {
        this.again = false;
        const pending = [...this.waiters];
        if (pending.length === 0) break;
        const rows = await this.sql<{ id: string; version: number }[]>`select id, version from orders where id = any(${pending.map((w) => w.id)}::uuid[])`;
        const at = performance.now();
        const versions = new Map(rows.map((r) => [r.id, r.version]));
        for (const waiter of pending) if ((versions.get(waiter.id) ?? 0) >= waiter.version) waiter.resolve(at);
      } while (this.again);
    } finally {
      this.checking = false;
    }
  }

  arrival(id: string, version: number, timeoutMs: number): Promise<number | null> {
    return waitOn(this.waiters, id, version, timeoutMs, () => void this.check().catch(() => {}));
  }

  async stop(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}
