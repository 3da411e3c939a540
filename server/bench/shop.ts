import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startJsonServer, type JsonServer } from '../test/support/json-server.js';

/**
 * The REST shop of rest_catchup_orders_per_s: the tests' json-server (its own process, its own data
 * file, the clock middleware stamping `updated_at`), with the benchmark's request counter
 * (json-server-counter.cjs) in front of its routes. Every shop is closed at the end of the run,
 * also after a failure or Ctrl-C.
 */

const COUNTER = fileURLToPath(new URL('./json-server-counter.cjs', import.meta.url));
/** Marks the benchmark's own reads, so the counter leaves them out. */
const BENCH_HEADER = { 'x-bench': 'count' };

const live = new Set<JsonServer>();

export interface Shop {
  server: JsonServer;
  /** Orders the shop holds (its X-Total-Count: one cheap request, not counted). */
  count(): Promise<number>;
  /** Requests the shop received since it started, by kind (the benchmark's own left out). */
  requests(): Promise<Record<string, number>>;
  /** Size of its data file in MB (json-server rewrites the whole file on every write; null in memory). */
  fileMb(): number | null;
  close(): Promise<void>;
}

/** `memory`: json-server without its data file (see JsonServerOptions.inMemory). */
export async function startShop(storage: 'file' | 'memory' = 'file'): Promise<Shop> {
  const server = await startJsonServer({ orders: [] }, { middlewares: [COUNTER], inMemory: storage === 'memory' });
  live.add(server);
  return {
    server,
    async count() {
      const res = await fetch(`${server.url}/orders?_limit=1`, { headers: BENCH_HEADER });
      const total = Number(res.headers.get('x-total-count'));
      await res.arrayBuffer();
      if (!res.ok || !Number.isFinite(total)) throw new Error(`the shop answered its count with ${res.status}`);
      return total;
    },
    async requests() {
      return (await (await fetch(`${server.url}/__bench/requests`)).json()) as Record<string, number>;
    },
    fileMb: () => (storage === 'memory' ? null : Number((statSync(server.file).size / 2 ** 20).toFixed(1))),
    async close() {
      live.delete(server);
      await server.close();
    },
  };
}

/** Stops every shop still running and removes its files (the end of the run, or a failure). */
export async function closeAllShops(): Promise<void> {
  for (const server of [...live]) {
    live.delete(server);
    await server.close().catch((err: unknown) => console.error(`could not close a json-server shop: ${(err as Error).message}`));
  }
}
